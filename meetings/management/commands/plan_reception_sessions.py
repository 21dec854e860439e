"""Daily chore: extend every active reception rule's sessions up to the horizon
(CASES_RECEPTION_HORIZON_DAYS), so the public schedule always shows the coming weeks."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from meetings import reception


class Command(BaseCommand):
    help = "Lên lịch các buổi tiếp công dân sắp tới theo lịch định kỳ."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Ngày xét (YYYY-MM-DD); mặc định hôm nay")

    def handle(self, *args, today=None, **options):
        try:
            day = dt.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as e:
            raise CommandError("--today phải có dạng YYYY-MM-DD") from e
        created = reception.reception_sessions_plan(today=day)
        self.stdout.write(f"Đã lên lịch {created} buổi tiếp công dân.")
