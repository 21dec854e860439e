from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Ý kiến, kiến nghị, khiếu nại, tố cáo của nhân dân"

    def ready(self):
        # Imported here, not at the top: they import models, which the app registry loads after this module.
        from cases import digest, receivers, todo  # noqa: F401 - receivers connects the reorganisation receiver

        digest.register()
        todo.register()
