from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "govstd.api"
    label = "api"
    verbose_name = "API"
