"""The registry's pages, under the dashboard app's lists (/monitoring/indicators/, /monitoring/sources/).

Included before the dashboard's URLs, so ``new`` is the page for a new record (no code may be ``new``).
"""

from django.urls import path

from . import registry_views as views

app_name = "registry"
urlpatterns = [
    path("indicators/new/", views.indicator_create, name="indicator_create"),
    path("indicators/<slug:code>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicators/<slug:code>/status/", views.indicator_status, name="indicator_status"),
    path("indicators/<slug:code>/alarm-rules/", views.alarm_rule_list, name="alarm_rule_list"),
    path("indicators/<slug:code>/alarm-rules/new/", views.alarm_rule_create, name="alarm_rule_create"),
    path("indicators/<slug:code>/alarm-rules/<int:rule_id>/edit/", views.alarm_rule_edit, name="alarm_rule_edit"),
    path("indicators/<slug:code>/alarm-rules/<int:rule_id>/status/", views.alarm_rule_status,
         name="alarm_rule_status"),
    path("sources/new/", views.data_source_create, name="data_source_create"),
    path("sources/<slug:code>/edit/", views.data_source_edit, name="data_source_edit"),
    path("sources/<slug:code>/status/", views.data_source_status, name="data_source_status"),
    path("sources/<slug:code>/token/", views.data_source_token, name="data_source_token"),
]
