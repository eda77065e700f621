from django_tasks import task


@task()
def apply_retention() -> dict:
    """The scheduler's retention run (docs/security.md "Retention")."""
    from sellerdesk.privacy import retention

    result = retention.run()
    return {"erased": len(result.erased), "rejected_deleted": result.rejected_deleted}


@task()
def handle_privacy_request(request_id: int) -> str:
    from sellerdesk.privacy import requests

    return requests.handle(request_id)
