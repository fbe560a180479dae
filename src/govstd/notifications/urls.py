from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("reminders/<int:reminder_id>/dismiss/", views.reminder_dismiss, name="reminder_dismiss"),
]
