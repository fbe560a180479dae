"""Reads for the audit log, API tokens and whether an account may act now."""

import datetime as dt
import hashlib

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ApiToken, AuditEntry


def audit_entries(
    *,
    actor: str = "",
    action: str = "",
    object_type: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    text: str = "",
) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.select_related("content_type", "actor")
    if actor:
        entries = entries.filter(actor_name__icontains=actor)
    if action:
        entries = entries.filter(action=action)
    if object_type:
        entries = entries.filter(content_type__model=object_type)
    if date_from:
        entries = entries.filter(at__date__gte=date_from)
    if date_to:
        entries = entries.filter(at__date__lte=date_to)
    if text:
        entries = entries.filter(object_repr__icontains=text)
    return entries


def audit_entries_for(*, instance) -> QuerySet[AuditEntry]:
    """Return the history of one object, newest first."""
    return AuditEntry.objects.select_related("actor").filter(
        content_type=ContentType.objects.get_for_model(instance), object_id=str(instance.pk)
    )


def user_for_api_key(*, key: str):
    """Return the user a valid (unrevoked) bearer token belongs to, or ``None``; note when it was last used.

    The token names its account; whether that account may act now is :func:`account_refusal`'s to say.
    """
    token = (ApiToken.objects.select_related("user")
             .filter(key_hash=hashlib.sha256(key.encode()).hexdigest(), revoked_at__isnull=True).first())
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def account_locked(*, user) -> bool:
    """Whether failed logins have locked the account now (等保 IA-b).

    ``User.locked_until`` is set when axes locks the account at the login page and cleared by a
    successful login or :func:`~govstd.accounts.services.user_unlock` (``login_audit``).
    """
    return user.locked_until is not None and user.locked_until > timezone.now()


def password_change_reason(*, user) -> str | None:
    """Why the person must choose a new password before doing anything else, or ``None`` (等保 IA-a, AC-b).

    A password someone else set — an account's first one, a reset by an administrator — is known
    to two people; one kept longer than ``GOVSTD_PASSWORD_MAX_AGE_DAYS`` (0: no limit) is due for
    its periodic change.
    """
    if user.password_chosen_at is None:
        return _("Your password was set by an administrator: choose your own before you continue.")
    days = settings.GOVSTD_PASSWORD_MAX_AGE_DAYS
    if days and user.password_chosen_at < timezone.now() - dt.timedelta(days=days):
        return _("Your password is more than %(days)d days old: choose a new one before you continue.") % {
            "days": days}
    return None


def account_refusal(*, user) -> str | None:
    """Why the account may not act now — deactivated, or locked by failed logins — or ``None``.

    The one check behind a session (``middleware.AccountStateMiddleware``) and a bearer token
    (``api.auth``): a locked or deactivated account is stopped at every door, not only at the login page.
    """
    if not user.is_active:
        return _("The account is deactivated.")
    if account_locked(user=user):
        return _("The account is locked after repeated failed logins; try again later or ask an administrator.")
    return None
