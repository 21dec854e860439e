from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = "Bảng điều hành"

    def ready(self):
        # The built-in panels register the same way a later module's panels do (dashboards/panels.py).
        from dashboards import builtin

        builtin.register()
