"""Record logins, failed logins, lockouts and logouts (等保 AU-a/IA-b) from the authentication signals.

Also keeps ``User.locked_until`` in step with axes: set when axes locks an account at the login
page, cleared when a login succeeds (axes let it through, so the lock is over).
"""

from axes.helpers import get_cool_off
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import audit_record, remote_addr_var
from .middleware import client_address
from .models import AuditEntry, User


def _remember_addr(request) -> None:
    if request is not None:
        remote_addr_var.set(client_address(request))


@receiver(user_logged_in, dispatch_uid="govstd_audit_login")
def _logged_in(sender, request, user, **kwargs):
    _remember_addr(request)
    if user.locked_until is not None:
        User.objects.filter(pk=user.pk).update(locked_until=None)
        user.locked_until = None
    audit_record(actor=user, action=AuditEntry.Action.LOGIN)


@receiver(user_logged_out, dispatch_uid="govstd_audit_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        _remember_addr(request)
        # A session ended by the platform (middleware.AccountStateMiddleware) says why.
        audit_record(actor=user, action=AuditEntry.Action.LOGOUT,
                     message=getattr(request, "govstd_logout_reason", ""))


@receiver(user_login_failed, dispatch_uid="govstd_audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    _remember_addr(request)
    audit_record(
        actor=None,
        actor_name=str(credentials.get("username", ""))[:150],
        action=AuditEntry.Action.LOGIN_FAILED,
        success=False,
    )


@receiver(user_locked_out, dispatch_uid="govstd_account_locked")
def _locked_out(sender, request, username, **kwargs):
    """Lock the account at every door, not only the login page, and record it (once per lock)."""
    _remember_addr(request)
    until = timezone.now() + get_cool_off(request)
    user = User.objects.filter(username=username).first()
    if user is None:
        return
    newly = not (user.locked_until and user.locked_until > timezone.now())
    User.objects.filter(pk=user.pk).update(locked_until=until)
    if newly:
        audit_record(actor=None, actor_name="system", action=AuditEntry.Action.UPDATE, instance=user,
                     changes={"login_lock": [_("not locked"), _("locked")]},
                     message=_("Account locked after repeated failed logins; its sessions and API tokens stop "
                               "working until %(until)s") % {"until": f"{timezone.localtime(until):%Y-%m-%d %H:%M}"})
