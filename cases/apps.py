from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Ý kiến, kiến nghị, khiếu nại, tố cáo của nhân dân"
