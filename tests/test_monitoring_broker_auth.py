"""The broker's password and ACL files (R-M-2, R-A-2): owner-only from the moment they exist, and every issued
password audited, the ingester's as the sources'."""

import os
import stat

import pytest

from govstd.accounts.models import AuditEntry
from govstd.monitoring.broker_auth import broker_auth_write

from .monitoring_support import monitoring_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def test_password_file_is_created_owner_only_and_every_issue_audited(monitoring, admin, tmp_path, monkeypatch):
    """R-M-2, R-A-2 (review finding 21): with a permissive umask and no chmod afterwards the files are still
    0600 (created so, never readable by others in between); issuing the ingester's password is audited."""
    monkeypatch.setattr(os, "chmod", lambda *args, **kwargs: None)  # the file must not depend on a later chmod
    old_umask = os.umask(0)
    try:
        issued = broker_auth_write(passwords=tmp_path / "passwords", acl=tmp_path / "acl", prefix="govstd",
                                   ingester_user="ingest", issue=["ingest", "office-temp-a301"], acting_user=admin)
    finally:
        os.umask(old_umask)
    for name in ("passwords", "acl"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600, name
    assert set(issued) == {"ingest", "office-temp-a301"}
    assert AuditEntry.objects.filter(changes__mqtt_user=[None, "ingest"]).count() == 1
    assert AuditEntry.objects.filter(object_id=str(monitoring["sources"]["office-temp-a301"].pk),
                                     message__contains="MQTT").count() == 1
