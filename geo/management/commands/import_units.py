from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from audit.context import acting
from geo.imports import UnitImportError, import_units


class Command(BaseCommand):
    help = "Nhập thay đổi danh mục đơn vị hành chính từ tệp CSV/XLSX (toàn bộ hoặc không gì cả)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"Không tìm thấy tệp {file}.")
        try:
            with acting(via="command"):
                result = import_units(data=file.read_bytes(), filename=file.name, by=None)
        except UnitImportError as e:
            raise CommandError("Không nhập dòng nào:\n" + "\n".join(e.errors)) from e
        self.stdout.write(result.message())
