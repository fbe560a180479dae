"""The ✓ that dismisses a reminder line on the home page (R-X-3)."""

from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from govstd.accounts.decorators import capability_required
from govstd.accounts.roles import Capability

from .models import Reminder
from .services import reminder_dismiss as dismiss


@capability_required(Capability.VIEW_CATALOG)
@require_POST
def reminder_dismiss(request, reminder_id: int):
    dismiss(reminder=get_object_or_404(Reminder, pk=reminder_id, recipient=request.user), acting_user=request.user)
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("catalog:home")
