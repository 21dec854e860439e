"""Send queued notifications by e-mail. Run under cron (without --loop) or systemd (with --loop).

Several workers may run at once: each claims its own batch. Stopping a worker (SIGTERM, Ctrl-C)
lets it finish the message in hand; killing it (-9) loses nothing — its claimed rows are sent
again once their lease ends (NOTIFICATIONS_LEASE_SECONDS, or --lease).
"""

from __future__ import annotations

import signal
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from notifications import delivery


class Command(BaseCommand):
    help = "Gửi thư các thông báo đang chờ (mỗi lần một lô); --loop để chạy liên tục."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Chạy liên tục, chờ thông báo mới")
        parser.add_argument("--batch", type=int, default=50, help="Số thông báo mỗi lô (mặc định 50)")
        parser.add_argument("--interval", type=float, default=5.0, help="Số giây chờ khi không có gì để gửi")
        parser.add_argument("--lease", type=int, default=None, help="Số giây giữ một lô (mặc định theo cấu hình)")

    def handle(self, *args, loop=False, batch=50, interval=5.0, lease=None, **options):
        if batch < 1:
            raise CommandError("--batch phải lớn hơn 0.")
        if lease is not None and lease < 1:
            raise CommandError("--lease phải lớn hơn 0.")
        self._stop = False
        if loop:
            signal.signal(signal.SIGTERM, self._request_stop)
            signal.signal(signal.SIGINT, self._request_stop)
        totals = delivery.BatchResult()
        while not self._stop:
            if loop:
                close_old_connections()  # a long-running worker outlives database restarts
            result = delivery.send_batch(size=batch, lease=lease, should_stop=lambda: self._stop)
            for name in ("claimed", "sent", "failed", "no_address", "lost_claim"):
                setattr(totals, name, getattr(totals, name) + getattr(result, name))
            if result.claimed:
                self.stdout.write(
                    f"Lô {result.claimed} thông báo: đã gửi {result.sent}, lỗi {result.failed}, "
                    f"không có địa chỉ {result.no_address}."
                )
                continue
            if not loop:
                break
            self._sleep(interval)
        self.stdout.write(
            f"Tổng cộng: đã gửi {totals.sent}, lỗi (sẽ thử lại) {totals.failed}, không có địa chỉ {totals.no_address}."
        )

    def _request_stop(self, signum, frame):
        self._stop = True

    def _sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self._stop and time.monotonic() < deadline:
            time.sleep(min(0.2, seconds))
