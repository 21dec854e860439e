import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from datagen.base import Context
from datagen.cases import generate_cases
from datagen.democracy import generate_democracy
from datagen.documents import generate_documents
from datagen.emulation import generate_emulation
from datagen.orgs import generate_orgs
from datagen.practices import generate_practices
from datagen.programmes import generate_programmes
from datagen.reports import generate_reports
from geo.loader import load_units
from geo.models import AdminUnit

PARTS = ("practices", "reports", "cases", "emulation", "documents", "democracy", "programmes")


class Command(BaseCommand):
    help = "Sinh bộ dữ liệu toàn quốc xác định (cùng --seed cho cùng dữ liệu) để đo hiệu năng."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1.0 = toàn quốc; 0.01 cho kiểm thử")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--only",
            default="",
            help="Chỉ sinh các phần này, cách nhau bởi dấu phẩy: practices, reports, cases, emulation, documents, "
            "democracy, programmes (tổ chức và cán bộ luôn được sinh)",
        )

    def handle(self, *args, scale, seed, only="", **options):
        if not 0 < scale <= 2:
            raise CommandError("--scale phải lớn hơn 0 và không quá 2.")
        parts = {p.strip() for p in only.split(",") if p.strip()} or set(PARTS)
        if parts - set(PARTS):
            raise CommandError(f"--only chỉ nhận: {', '.join(PARTS)}.")
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
        if "practices" in parts:
            log("Sinh mô hình Dân vận khéo…")
            generate_practices(ctx, world)
        if "reports" in parts:
            log("Sinh báo cáo định kỳ (mười kỳ 6 tháng)…")
            generate_reports(ctx)
        if "cases" in parts:
            log("Sinh ý kiến, đơn thư, lịch tiếp công dân và đối thoại…")
            generate_cases(ctx, world)
        if "documents" in parts:
            log("Sinh thư viện văn bản chỉ đạo, hướng dẫn…")
            generate_documents(ctx)
        if "democracy" in parts:
            log("Sinh dữ liệu dân chủ ở cơ sở (công khai, nghĩa vụ, lấy ý kiến, giám sát)…")
            generate_democracy(ctx)
        if "programmes" in parts:
            log("Sinh chương trình phối hợp, nhiệm vụ, kiểm tra liên ngành, kết quả đóng góp…")
            generate_programmes(ctx)
        if "emulation" in parts:
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
