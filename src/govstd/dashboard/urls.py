from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("dashboard/screen/", views.screen, name="screen"),
    path("monitoring/indicators/", views.indicator_list, name="indicator_list"),
    path("monitoring/indicators/<slug:code>/", views.indicator_detail, name="indicator_detail"),
    path("monitoring/sources/", views.source_list, name="source_list"),
    path("monitoring/sources/<slug:code>/", views.source_detail, name="source_detail"),
]
