"""What the lifecycle commands share: who acts, and which project."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from govstd.accounts.models import User
from govstd.lifecycle.models import Project


def acting_user(username: str) -> User:
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(_("There is no active account %(username)s.") % {"username": username})
    return user


def project_named(key: str) -> Project:
    """Find a project by its code (XM2026-0001) or its number."""
    project = Project.objects.filter(code=key).first() or (
        Project.objects.filter(pk=int(key)).first() if key.isdigit() else None)
    if project is None:
        raise CommandError(_("There is no project %(key)s.") % {"key": key})
    return project
