"""``django.contrib.admin`` with the platform's site (``admin_site.GovstdAdminSite``), for ``INSTALLED_APPS``.

Kept apart from ``apps.py`` (one application configuration per module) and light to import,
since settings load it before the models exist.
"""

from django.contrib.admin.apps import AdminConfig


class GovstdAdminConfig(AdminConfig):
    default_site = "govstd.accounts.admin_site.GovstdAdminSite"

    def ready(self) -> None:
        super().ready()
        from django.contrib.auth.models import Group

        if self.module.site.is_registered(Group):
            self.module.site.unregister(Group)  # Django's groups grant nothing here (roles.py decides)
