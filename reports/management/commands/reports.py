"""`danvan reports verify [--period N]`: recompute every roll-up from the raw approved values and compare."""

import time

from django.core.management.base import BaseCommand, CommandError

from reports import store
from reports.models import Period


class Command(BaseCommand):
    help = "Báo cáo định kỳ: `verify` tính lại toàn bộ số liệu tổng hợp từ số liệu gốc đã duyệt và báo chênh lệch."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])
        parser.add_argument("--period", type=int, help="Chỉ kiểm tra một kỳ (mã kỳ)")

    def handle(self, *args, action, period=None, **options):
        periods = Period.objects.order_by("start")
        if period is not None:
            periods = periods.filter(pk=period)
            if not periods.exists():
                raise CommandError(f"Không có kỳ báo cáo mã {period}.")
        wrong = 0
        for p in periods:
            started = time.perf_counter()
            diffs = store.differences(p.pk)
            ms = (time.perf_counter() - started) * 1000
            if diffs:
                wrong += 1
                self.stdout.write(f"{p}: {len(diffs)} chênh lệch ({ms:.0f} ms)")
                for line in diffs[:50]:
                    self.stdout.write(f"  {line}")
            else:
                self.stdout.write(f"{p}: khớp ({ms:.0f} ms)")
        if wrong:
            raise CommandError(f"{wrong} kỳ báo cáo có số liệu tổng hợp không khớp với số liệu gốc.")
