"""The job row: who asked for what, how far it got, and what came out of it."""

import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def input_upload_path(instance: "Job", filename: str) -> str:
    # A random folder per job keeps the uploader's file name (the import reads it) without collisions.
    return f"jobs/inputs/{uuid.uuid4().hex}/{filename}"


def result_upload_path(instance: "Job", filename: str) -> str:
    # The stored name is random; the name the user downloads is kept in ``result_name``.
    suffix = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"jobs/results/{uuid.uuid4().hex}.{suffix}"


class Job(models.Model):
    """One run of a registered job kind (an import, an export …) on behalf of one user."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=80)
    label = models.CharField(_("description"), max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs",
                                   verbose_name=_("requested by"))
    params = models.JSONField(_("parameters"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    input_file = models.FileField(_("uploaded file"), upload_to=input_upload_path, max_length=300, blank=True)
    input_name = models.CharField(_("uploaded file name"), max_length=255, blank=True)
    remote_addr = models.GenericIPAddressField(_("address"), null=True, blank=True)

    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.QUEUED)
    progress_done = models.PositiveBigIntegerField(_("done"), default=0)
    progress_total = models.PositiveBigIntegerField(_("total"), null=True, blank=True)
    phase = models.CharField(_("phase"), max_length=100, blank=True)

    result = models.JSONField(_("result"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    result_file = models.FileField(_("result file"), upload_to=result_upload_path, max_length=300, blank=True)
    result_name = models.CharField(_("download name"), max_length=255, blank=True)
    result_content_type = models.CharField(_("content type"), max_length=120, blank=True)
    result_expires_at = models.DateTimeField(_("result kept until"), null=True, blank=True)
    result_expired = models.BooleanField(_("result deleted"), default=False)
    error = models.JSONField(_("error"), null=True, blank=True,
                             help_text='{"code", "message", "field"}, as the API reports errors')

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["created_by", "-created_at"], name="job_owner_recent_idx"),
            models.Index(fields=["result_expires_at"], name="job_result_expiry_idx",
                         condition=models.Q(result_expired=False) & ~models.Q(result_file="")),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind} {self.label}"

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.state in (self.State.SUCCEEDED, self.State.FAILED)

    @property
    def percent(self) -> int | None:
        """Whole percent done, or None while the total is unknown."""
        if self.state == self.State.SUCCEEDED:
            return 100
        if not self.progress_total:
            return None
        return min(100, self.progress_done * 100 // self.progress_total)

    def result_available(self, *, now) -> bool:
        return bool(self.result_file) and not self.result_expired and (
            self.result_expires_at is None or self.result_expires_at > now)


class WorkerHeartbeat(models.Model):
    """A running job worker says it is alive, so ``/healthz`` can tell a stopped worker from an idle one."""

    worker_id = models.CharField(_("worker"), max_length=64, primary_key=True)
    hostname = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process"))
    started_at = models.DateTimeField(_("started"))
    seen_at = models.DateTimeField(_("last seen"), db_index=True)

    class Meta:
        verbose_name = _("job worker")
        verbose_name_plural = _("job workers")

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid}"
