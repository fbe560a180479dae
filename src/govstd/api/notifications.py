"""The signed-in person's reminders (R-X-3): today's digest lines, and the ✓ that dismisses one."""

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from pydantic import Field

from govstd.accounts.roles import Capability
from govstd.notifications.models import Reminder
from govstd.notifications.selectors import open_reminders
from govstd.notifications.services import reminder_dismiss

from .auth import authorized
from .schemas import ErrorOut

router = Router(tags=["reminders"], auth=authorized(Capability.VIEW_CATALOG))
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


class ReminderOut(Schema):
    id: int
    kind: str
    subject: str
    count: int
    url: str = Field(..., description="the page to act on, built when asked (a path on this site)")
    due_date: dt.date


@router.get("/reminders", response={200: list[ReminderOut], **ERRORS}, summary="My open reminders (R-X-3)")
def my_reminders(request):
    return list(open_reminders(user=request.user))


@router.post("/reminders/{reminder_id}/dismiss", response={204: None, **ERRORS}, summary="Mark a reminder done")
def dismiss_reminder(request, reminder_id: int):
    reminder_dismiss(reminder=get_object_or_404(Reminder, pk=reminder_id, recipient=request.user),
                     acting_user=request.user)
    return Status(204, None)
