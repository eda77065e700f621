"""/me: who the credentials belong to."""

from __future__ import annotations

from ninja import Router

from sellerdesk.api.schemas import Error, MeOut

router = Router(tags=["me"])


@router.get("", response={200: MeOut, 401: Error}, summary="The calling user")
def me(request):
    u = request.user
    profile = getattr(u, "agent", None)
    token = getattr(request, "api_token", None)
    team = profile.team if profile else None
    return {
        "id": u.pk,
        "username": u.get_username(),
        "name": profile.name if profile else u.get_username(),
        "email": u.email,
        "role": profile.role if profile else None,
        "languages": profile.languages if profile else [],
        "ui_language": profile.ui_language if profile else None,
        "timezone": profile.timezone if profile else None,
        "team": {"id": team.pk, "name": team.name} if team else None,
        "token_name": token.name if token else None,
    }
