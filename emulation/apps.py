from django.apps import AppConfig


class EmulationConfig(AppConfig):
    name = "emulation"
    verbose_name = "Hội thi và đánh giá thi đua"

    def ready(self):
        # Imported here, not at the top: it imports models, which the app registry loads after this module.
        from emulation import todo

        todo.register()
