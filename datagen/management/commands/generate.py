import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from datagen.base import Context
from datagen.cases import generate_cases
from datagen.emulation import generate_emulation
from datagen.orgs import generate_orgs
from datagen.practices import generate_practices
from datagen.reports import generate_reports
from geo.loader import load_units
from geo.models import AdminUnit


class Command(BaseCommand):
    help = "Sinh bộ dữ liệu toàn quốc xác định (cùng --seed cho cùng dữ liệu) để đo hiệu năng."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1.0 = toàn quốc; 0.01 cho kiểm thử")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, scale, seed, **options):
        if not 0 < scale <= 2:
            raise CommandError("--scale phải lớn hơn 0 và không quá 2.")
        started = time.monotonic()

        def log(message: str) -> None:
            # Each line says how long the run has taken so far (m:ss): where the time goes, at a glance.
            minutes, seconds = divmod(int(time.monotonic() - started), 60)
            self.stdout.write(f"[{minutes}:{seconds:02d}] {message}")

        ctx = Context(scale=scale, seed=seed, log=log)
        if not AdminUnit.objects.exists():
            log("Nạp danh mục đơn vị hành chính…")
            load_units(stdout=self.stdout)
        log("Sinh tổ chức và cán bộ…")
        world = generate_orgs(ctx)
        log("Sinh mô hình Dân vận khéo…")
        generate_practices(ctx, world)
        log("Sinh báo cáo định kỳ (mười kỳ 6 tháng)…")
        generate_reports(ctx)
        log("Sinh ý kiến, đơn thư, lịch tiếp công dân và đối thoại…")
        generate_cases(ctx, world)
        log("Sinh hội thi, đánh giá năm và thông báo…")
        generate_emulation(ctx, world)
        # Fresh statistics for the planner; on PostgreSQL also the visibility map, without which
        # index-only scans (capped counts) still read the table. VACUUM cannot run in a transaction.
        log("Cập nhật thống kê cho bộ lập kế hoạch truy vấn…")
        with connection.cursor() as c:
            if connection.vendor == "postgresql" and not connection.in_atomic_block:
                c.execute("VACUUM ANALYZE")
            else:
                c.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"Xong sau {time.monotonic() - started:.0f} giây."))
