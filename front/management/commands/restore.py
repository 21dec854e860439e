from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from front.backup import BackupError, restore


class Command(BaseCommand):
    help = "Khôi phục cơ sở dữ liệu từ một bản sao lưu của `danvan backup` (thay toàn bộ dữ liệu hiện có)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="Tệp sao lưu (tệp .json mô tả phải nằm cạnh nó)")
        parser.add_argument("--yes", action="store_true", help="Xác nhận thay toàn bộ dữ liệu hiện có")

    def handle(self, *args, path, yes=False, **options):
        if not yes:
            raise CommandError("Khôi phục sẽ thay toàn bộ dữ liệu hiện có. Chạy lại với --yes để xác nhận.")
        try:
            result = restore(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        tables = result.manifest["tables"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã khôi phục {result.path.name}: {len(tables)} bảng khớp số dòng và mã kiểm tra với tệp mô tả."
            )
        )
