from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from govstd.api.urls import api

urlpatterns = [
    path("", include("govstd.catalog.urls")),
    path("", include("govstd.lifecycle.urls")),
    path("", include("govstd.jobs.urls")),
    path("", include("govstd.notifications.urls")),
    path("accounts/", include("govstd.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
