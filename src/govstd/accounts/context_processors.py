from django.conf import settings

from .roles import CAPABILITY_ROLES, has_capability


def roles(request) -> dict:
    """Expose ``can.<capability>`` so menus show only what the user may open, and the organisation's name."""
    user = getattr(request, "user", None)
    return {
        "can": {cap.value: has_capability(user, cap) for cap in CAPABILITY_ROLES} if user else {},
        "organisation": settings.GOVSTD_ORGANISATION,
    }
