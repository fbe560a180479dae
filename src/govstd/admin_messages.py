"""Messages of Django's admin that its Simplified Chinese catalogue lacks (Django 5.2).

Listed here so that ``makemessages`` puts them in our catalogue, which Django reads before its
own (LOCALE_PATHS first): the system administrator's pages then read in Chinese throughout.
"""

from django.utils.translation import gettext_noop

ADMIN_MESSAGES = (
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
)
