"""``danvan counts``: check the maintained counts (``lib.counts``) against their tables, or rebuild them.

    danvan counts             # check: exit 1 and list the keys where a count table differs from its source
    danvan counts --rebuild   # reinstall the triggers and rebuild every count table from its source

A rebuild is what to run after restoring a table by other means than Django's migrations (a SQLite table copied
without its triggers, rows loaded with triggers disabled).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from lib import counts


class Command(BaseCommand):
    help = "Kiểm tra hoặc dựng lại các bảng số đếm duy trì sẵn (ý kiến theo nửa tháng, mô hình theo năm)."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="cài lại trigger và dựng lại toàn bộ bảng đếm")

    def handle(self, *args, rebuild: bool = False, **options):
        wrong = 0
        for spec in counts.all_specs():
            if rebuild:
                with transaction.atomic():
                    counts.install_and_rebuild(spec, connection)
                self.stdout.write(f"Đã dựng lại {spec.target} từ {spec.source}.")
                continue
            differences = counts.differences(spec, connection)
            if differences:
                wrong += 1
                self.stdout.write(f"{spec.target}: {len(differences)} khóa lệch so với {spec.source}, ví dụ:")
                for row in differences[:5]:
                    self.stdout.write(f"  {row}")
            else:
                self.stdout.write(f"{spec.target}: khớp với {spec.source}.")
        if wrong:
            raise CommandError("Có bảng đếm lệch: chạy `danvan counts --rebuild`.")
