import time

from django.core.management.base import BaseCommand

from geo.loader import load_units


class Command(BaseCommand):
    help = "Nạp danh mục đơn vị hành chính chính thức (trước và sau 01/07/2025) từ gói vietnamadminunits."

    def handle(self, *args, **options):
        started = time.monotonic()
        result = load_units()
        self.stdout.write(f"{result.message()} ({time.monotonic() - started:.1f} giây)")
