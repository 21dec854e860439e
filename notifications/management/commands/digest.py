"""Daily chore: queue each officer's digest of their work queue (run once a day by cron/systemd, then
``send_notifications`` delivers it). Re-running on the same day only adds the digests still missing."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications.digest import digest_run


class Command(BaseCommand):
    help = "Tạo thư tóm tắt công việc hằng ngày cho cán bộ (chạy lại trong ngày không tạo bản trùng)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Ngày tóm tắt (YYYY-MM-DD); mặc định hôm nay")

    def handle(self, *args, date=None, **options):
        try:
            day = dt.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as e:
            raise CommandError("--date phải có dạng YYYY-MM-DD") from e
        count = digest_run(day=day)
        self.stdout.write(f"Đã xếp hàng thư tóm tắt ngày {day:%d/%m/%Y} cho {count} cán bộ.")
