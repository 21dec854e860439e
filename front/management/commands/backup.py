from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from front.backup import BackupError, backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu khi hệ thống đang chạy (SQLite: sao lưu trực tuyến; PostgreSQL: pg_dump)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", type=Path, help="Tệp đích (mặc định var/backups/danvan-<thời điểm>)")

    def handle(self, *args, output=None, **options):
        try:
            result = backup(output)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        tables = result.manifest["tables"]
        rows = sum(t["rows"] for t in tables.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã sao lưu {len(tables)} bảng, {rows:,} dòng vào {result.path}".replace(",", ".")
                + f" (kèm tệp mô tả {result.path.name}.json)."
            )
        )
