from .roles import CAPABILITY_ROLES, has_capability


def roles(request) -> dict:
    """Expose ``can.<capability>`` to templates so menus show only what the user may open."""
    user = getattr(request, "user", None)
    return {"can": {cap.value: has_capability(user, cap) for cap in CAPABILITY_ROLES} if user else {}}
