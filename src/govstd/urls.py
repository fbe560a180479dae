from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from govstd.accounts.decorators import public_page
from govstd.api.urls import api
from govstd.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages that name none (the admin's): answer, not 404.
    path("favicon.ico", public_page(RedirectView.as_view(url=f"/{settings.STATIC_URL.lstrip('/')}favicon.svg"))),
    path("", include("govstd.catalog.urls")),
    path("", include("govstd.lifecycle.urls")),
    path("", include("govstd.jobs.urls")),
    path("", include("govstd.notifications.urls")),
    path("monitoring/", include("govstd.monitoring.registry_urls")),  # before the dashboard's: …/new/ is a page
    path("", include("govstd.dashboard.urls")),
    path("monitoring/", include("govstd.monitoring.alarm_urls")),
    path("accounts/", include("govstd.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
if settings.GOVSTD_LOCAL:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
