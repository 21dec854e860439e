from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = "Dân vận khéo"

    def ready(self):
        from practices import receivers, todo  # noqa: F401 - receivers connects the reorganisation receiver

        todo.register()
