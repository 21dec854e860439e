from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = "Bảng điều hành"

    def ready(self):
        # The built-in panels register the same way a later module's panels do (dashboards/panels.py).
        from dashboards import builtin
        from dashboards.panels import Panel, register_panel
        from democracy import dashboard as democracy_dashboard
        from programmes import dashboard as programmes_dashboard

        builtin.register()
        register_panel(Panel("democracy", 60, "Thực hiện dân chủ ở cơ sở", democracy_dashboard.collect))
        register_panel(Panel("programmes", 70, "Nhiệm vụ của các chương trình phối hợp", programmes_dashboard.collect))
