"""WSGI entry point for production servers."""

import os

from django.core.wsgi import get_wsgi_application
from django.db import connections
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govstd.settings")
application = get_wsgi_application()

# Import the URLconf, and with it every view and API router, now rather than on a worker's first
# request; gunicorn preloads this module in its master (deploy/gunicorn.conf.py), so workers fork warm.
get_resolver().url_patterns  # noqa: B018 - the attribute's loading is the point
connections.close_all()  # a connection opened while loading must not be shared by the forked workers
