from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = "Dân vận khéo"

    def ready(self):
        from practices import receivers  # noqa: F401 - connects the reorganisation receiver
