"""Record logins, failed logins and logouts (等保 AU-a) from Django's own authentication signals."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .audit import audit_record, remote_addr_var
from .middleware import client_address
from .models import AuditEntry


def _remember_addr(request) -> None:
    if request is not None:
        remote_addr_var.set(client_address(request))


@receiver(user_logged_in, dispatch_uid="govstd_audit_login")
def _logged_in(sender, request, user, **kwargs):
    _remember_addr(request)
    audit_record(actor=user, action=AuditEntry.Action.LOGIN)


@receiver(user_logged_out, dispatch_uid="govstd_audit_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        _remember_addr(request)
        audit_record(actor=user, action=AuditEntry.Action.LOGOUT)


@receiver(user_login_failed, dispatch_uid="govstd_audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    _remember_addr(request)
    audit_record(
        actor=None,
        actor_name=str(credentials.get("username", ""))[:150],
        action=AuditEntry.Action.LOGIN_FAILED,
        success=False,
    )
