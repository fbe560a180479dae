"""Make the parser server (``bounded``'s forkserver) a set-up Django process, imported as one of its preloads.

A parser refuses a file with a message in the reader's language, and Django's translations need the
app registry. Setting Django up once in the server gives every child it forks a ready registry and
the loaded catalogues, at no cost per child.
"""

import contextlib

import django
from django.apps import apps
from django.utils import translation

if not apps.ready:
    with contextlib.suppress(Exception):  # no settings here: a child's messages stay untranslated
        django.setup()
if apps.ready:
    from django.conf import settings

    for code, _name in settings.LANGUAGES:  # load each catalogue once, before the children are forked
        with translation.override(code):
            translation.gettext("Not found")
