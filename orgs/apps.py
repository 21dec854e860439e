from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "orgs"
    verbose_name = "Tổ chức và người dùng"

    def ready(self):
        from orgs import receivers, signals  # noqa: F401 - audit of sign-ins; organisations follow reorganisations
