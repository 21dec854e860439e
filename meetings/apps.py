from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Tiếp công dân và đối thoại với nhân dân"

    def ready(self):
        # Imported here, not at the top: they import models, which the app registry loads after this module.
        from cases import sessions
        from meetings import digest, reception, todo

        digest.register()
        todo.register()
        sessions.register(get_for_user=reception.get_session_for_user, check=reception.check_session_for_case)
