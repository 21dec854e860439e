"""Erase the sender's personal data of cases finished longer ago than CASES_RETENTION_DAYS."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from audit.context import acting
from cases import retention


class Command(BaseCommand):
    help = "Xóa thông tin cá nhân người gửi của vụ việc đã kết thúc quá thời hạn lưu trữ (giữ lại số liệu)."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Ngày xét (YYYY-MM-DD); mặc định hôm nay")

    def handle(self, *args, today=None, **options):
        try:
            day = dt.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as e:
            raise CommandError("--today phải có dạng YYYY-MM-DD") from e
        with acting(via="anonymise_cases"):
            done = retention.anonymise_expired(today=day)
        self.stdout.write(f"Đã xóa thông tin cá nhân của {done} vụ việc.")
