from django.apps import AppConfig


class DemocracyConfig(AppConfig):
    name = "democracy"
    verbose_name = "Thực hiện dân chủ ở cơ sở"

    def ready(self):
        # Imported here: they import models, which the app registry loads after this module.
        from democracy import digest, hooks

        digest.register()
        hooks.register()
