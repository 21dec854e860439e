from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Báo cáo định kỳ"

    def ready(self):
        # Imported here, not at the top: it imports models, which the app registry loads after this module.
        from reports import digest, todo

        digest.register()
        todo.register()
