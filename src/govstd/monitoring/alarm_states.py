"""An alarm's life, declared once as a workflow on the shared engine (after ThingsBoard's model).

An alarm has two flags, acknowledged and cleared, so four states: raised it is *active and
unacknowledged*; a person acknowledges it (it stays active while the value still breaches) and
it is cleared either by the rule (the value came back inside the target by the rule's margin,
for the rule's clear duration) or by a person. ``CLEARED_ACK`` is final. The rule's own steps
(raise, record a new breaching value, change the severity, clear automatically) have no role: no
person takes them; :mod:`.alarms` takes them through :func:`system_step`, which still consults this
table, so the rule and the people move an alarm along the same transitions.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from govstd.accounts.roles import CAPABILITY_ROLES, Capability
from govstd.workflow.inputs import Input, text
from govstd.workflow.table import Transition, Work


class Severity(models.TextChoices):
    CRITICAL = "CRITICAL", _("Critical")  # 紧急
    MAJOR = "MAJOR", _("Major")  # 重要
    MINOR = "MINOR", _("Minor")  # 次要
    WARNING = "WARNING", _("Warning")  # 提示


# Most severe first: lists sort by this, and the home page and reminders show the first two.
SEVERITY_RANK = {Severity.CRITICAL: 0, Severity.MAJOR: 1, Severity.MINOR: 2, Severity.WARNING: 3}
URGENT_SEVERITIES = frozenset({Severity.CRITICAL, Severity.MAJOR})


class AlarmStatus(models.TextChoices):
    ACTIVE_UNACK = "active_unack", _("Active, not acknowledged")
    ACTIVE_ACK = "active_ack", _("Active, acknowledged")
    CLEARED_UNACK = "cleared_unack", _("Cleared, not acknowledged")
    CLEARED_ACK = "cleared_ack", _("Cleared and acknowledged")


OPEN_STATUSES = frozenset({AlarmStatus.ACTIVE_UNACK, AlarmStatus.ACTIVE_ACK})
ACKNOWLEDGED_STATUSES = frozenset({AlarmStatus.ACTIVE_ACK, AlarmStatus.CLEARED_ACK})
FINAL_STATUSES = frozenset({AlarmStatus.CLEARED_ACK})


class AlarmEntry(models.TextChoices):
    RAISE = "raise", _("Alarm raised")


class AlarmAction(models.TextChoices):
    ACKNOWLEDGE = "acknowledge", _("Acknowledge")
    CLEAR = "clear", _("Clear")
    AUTO_CLEAR = "auto_clear", _("Cleared by the rule")


class AlarmWork(models.TextChoices):
    """The rule's work on an open alarm; the labels complete "cannot … now"."""

    UPDATE = "update", _("record new breaching values")
    ESCALATE = "escalate", _("change the severity")


AlarmEventType = models.TextChoices(
    "AlarmEventType", [(m.name, (m.value, m.label)) for m in (*AlarmEntry, *AlarmAction, *AlarmWork)])

HANDLERS = CAPABILITY_ROLES[Capability.HANDLE_ALARMS]  # the office and the inspectors
RULE = frozenset()  # no person: only the alarm rule takes these steps (through alarms.system_step)

S = AlarmStatus
TRANSITIONS: tuple[Transition, ...] = (
    Transition(None, AlarmEntry.RAISE, S.ACTIVE_UNACK, RULE),
    Transition(S.ACTIVE_UNACK, AlarmAction.ACKNOWLEDGE, S.ACTIVE_ACK, HANDLERS),
    Transition(S.CLEARED_UNACK, AlarmAction.ACKNOWLEDGE, S.CLEARED_ACK, HANDLERS),
    Transition(S.ACTIVE_UNACK, AlarmAction.CLEAR, S.CLEARED_UNACK, HANDLERS),
    Transition(S.ACTIVE_ACK, AlarmAction.CLEAR, S.CLEARED_ACK, HANDLERS),
    Transition(S.ACTIVE_UNACK, AlarmAction.AUTO_CLEAR, S.CLEARED_UNACK, RULE),
    Transition(S.ACTIVE_ACK, AlarmAction.AUTO_CLEAR, S.CLEARED_ACK, RULE),
)

WORK: tuple[Work, ...] = (
    Work(AlarmWork.UPDATE, OPEN_STATUSES, RULE),
    Work(AlarmWork.ESCALATE, OPEN_STATUSES, RULE),
)


class AlarmNoteInput(Input):
    reason: text(_("Note"), max_length=500, long=True) = ""


ACTION_INPUTS = {AlarmAction.ACKNOWLEDGE: AlarmNoteInput, AlarmAction.CLEAR: AlarmNoteInput}
