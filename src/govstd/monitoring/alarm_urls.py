from django.urls import path

from . import alarm_views

app_name = "alarms"
urlpatterns = [
    path("alarms/", alarm_views.alarm_list_page, name="alarm_list"),
    path("alarms/<int:pk>/", alarm_views.alarm_detail, name="alarm_detail"),
    path("alarms/<int:pk>/actions/<str:action>/", alarm_views.alarm_action, name="alarm_action"),
    path("compliance/", alarm_views.compliance_page, name="compliance"),
    path("compliance/<int:standard_id>/", alarm_views.compliance_standard_page, name="compliance_standard"),
]
