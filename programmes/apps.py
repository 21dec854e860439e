from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = "Chương trình phối hợp, kiểm tra liên ngành, đóng góp của các lực lượng"

    def ready(self):
        # Imported here, not at the top: they import models, which the app registry loads after this module.
        from programmes import digest, figures

        digest.register()
        figures.register()
