from django.core.cache import cache
from django.utils import timezone

from .services.standards import standards_activate_due


class ActivateDueStandardsMiddleware:
    """Bring 即将实施 standards into force on their date without a scheduler: the first request
    of each day runs the (idempotent) service; ``govstd activate-due-standards`` does the same from cron."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        today = timezone.localdate()
        if cache.add(f"govstd:activated:{today.isoformat()}", True, timeout=26 * 3600):
            standards_activate_due(today=today)
        return self.get_response(request)
