from django.apps import AppConfig


class DatagenConfig(AppConfig):
    name = "datagen"
    verbose_name = "Dữ liệu sinh cho kiểm thử tải"
