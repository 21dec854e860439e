from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for `make demo`: above every other app, so it may import all of them (and none imports it)."""

    name = "demo"
    verbose_name = "Dữ liệu mẫu"
