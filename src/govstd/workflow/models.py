"""What every workflow records: one event row per step or piece of work, never changed afterwards."""

from django.conf import settings
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


class WorkflowEvent(models.Model):
    """One step in an object's history: who did what, when, why, and from which state to which.

    A concrete event model adds the foreign key to its object (named by ``Workflow.event_subject``)
    and ``from_<state>`` / ``to_<state>`` fields named after the workflow's state field, and gives
    ``action`` the workflow's event types as choices, so every row has a declared type.
    Rows are append-only, like the audit log.
    """

    action = models.CharField(_("action"), max_length=40)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("account"))
    actor_name = models.CharField(_("by"), max_length=150)
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Workflow history is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Workflow history is append-only.")

    @property
    def action_label(self) -> str:
        return capfirst(self.get_action_display())
