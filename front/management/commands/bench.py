"""`danvan bench [--db sqlite|postgres] [--only geo,cases] [--summary-only]`: the benchmarks of `make bench`.

The benchmarks live in the source tree (`benchmarks/`), not in the installed package: this command runs them from a
checkout, in their own processes, so each measures a fresh interpreter and its own database connection.
"""

import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Chạy bộ đo hiệu năng (benchmarks/run.py) và ghi kết quả vào benchmarks/results/."

    def add_arguments(self, parser):
        parser.add_argument("--db", choices=["sqlite", "postgres", "all"], default="all")
        parser.add_argument("--only", default="")
        parser.add_argument("--summary-only", action="store_true")

    def handle(self, *args, **options):
        runner = Path(settings.BASE_DIR) / "benchmarks" / "run.py"
        if not runner.exists():
            raise CommandError("Không tìm thấy benchmarks/run.py: lệnh này chạy từ bản mã nguồn của DanVan.")
        argv = [sys.executable, str(runner), "--db", options["db"]]
        if options["only"]:
            argv += ["--only", options["only"]]
        if options["summary_only"]:
            argv.append("--summary-only")
        code = subprocess.run(argv, check=False).returncode  # noqa: S603 - our own script, fixed arguments
        if code:
            raise CommandError(f"Có benchmark không chạy được (mã thoát {code}); xem bảng ở trên.")
