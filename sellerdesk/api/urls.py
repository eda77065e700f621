"""API v1: one NinjaAPI mounted at /api/v1/ by sellerdesk/urls.py (see docs/api.md)."""

from ninja import NinjaAPI, Router

from sellerdesk.api import audit, conversations, errors, me, privacy
from sellerdesk.api.auth import AUTH
from sellerdesk.faq import api as faq_api
from sellerdesk.automation import api as automation_api
from sellerdesk.replies import api as replies_api
from sellerdesk.routing import api as routing_api
from sellerdesk.sla import api as sla_api

api = NinjaAPI(
    title="SellerDesk API",
    version="1",
    description="Conversations, messages and agent actions. Authenticate with 'Authorization: Bearer <token>' "
    "(create one with `sellerdesk apitoken USERNAME --name NAME`).",
    urls_namespace="api",
    auth=AUTH,
)
errors.install(api)
api.add_router("/conversations", conversations.router)
api.add_router("/me", me.router)
api.add_router("/audit", audit.router)
api.add_router("/privacy", privacy.router)
api.add_router("/templates", replies_api.router)
api.add_router("/faq", faq_api.router)
api.add_router("/automations", automation_api.router)
api.add_router("/sla", sla_api.router)
api.add_router("", routing_api.router)  # /queue-health, /metrics/...

# Added last so it only catches what nothing above matched: clients get JSON, not an HTML page.
unknown = Router()


@unknown.api_operation(["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", include_in_schema=False, auth=None)
def no_such_endpoint(request, rest: str):
    raise errors.NotFound(f"No endpoint /api/v1/{rest}.")


api.add_router("", unknown)
