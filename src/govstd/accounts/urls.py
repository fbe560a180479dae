from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.password_change, name="password"),
    path("audit/", views.audit_log, name="audit_log"),
    path("roles/", views.role_list, name="roles"),
    path("roles/<int:pk>/", views.role_edit, name="role_edit"),
    path("users/<int:pk>/", views.account, name="account"),
]
