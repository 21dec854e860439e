from django.apps import AppConfig


class FrontConfig(AppConfig):
    name = "front"
    verbose_name = "Giao diện"

    def ready(self):
        from front import checks  # noqa: F401 - registers the deploy checks
