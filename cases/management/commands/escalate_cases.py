"""Daily chore: escalate cases overdue by the margin, close answered cases whose window has passed.

Run it once a day (cron / systemd timer). ``--today`` replays a chosen day (tests, catch-up).
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from audit.context import acting
from cases import conf, handling
from cases.models import Case, Status
from lib.errors import ServiceError


class Command(BaseCommand):
    help = "Chuyển cấp trên các vụ việc quá hạn và kết thúc vụ việc đã hết thời hạn phản hồi."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Ngày xét (YYYY-MM-DD); mặc định hôm nay")

    def handle(self, *args, today=None, **options):
        try:
            day = dt.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as e:
            raise CommandError("--today phải có dạng YYYY-MM-DD") from e
        with acting(via="escalate_cases"):
            escalated = handling.escalate_overdue(today=day)
            closed = 0
            cutoff = day - dt.timedelta(days=conf.reopen_window_days())
            for case in Case.objects.filter(status=Status.ANSWERED, answered_at__date__lt=cutoff).order_by("id"):
                try:
                    handling.case_close_unanswered_window(case=case, today=day)
                    closed += 1
                except ServiceError:
                    continue
        self.stdout.write(f"Đã chuyển cấp trên {len(escalated)} vụ việc; kết thúc {closed} vụ việc.")
