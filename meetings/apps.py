from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Tiếp công dân và đối thoại với nhân dân"
