"""Regenerate the open-data files and their catalogue. Run it nightly (cron / systemd timer); the downloads refuse a
release older than a day, so a stopped timer shows as "being updated", never as silently old figures."""

from django.core.management.base import BaseCommand

from portal import opendata


class Command(BaseCommand):
    help = "Tạo lại các tệp dữ liệu mở (CSV, JSON) và danh mục dữ liệu."

    def handle(self, *args, **options):
        cat = opendata.generate()
        for entry in cat["dcat:dataset"]:
            self.stdout.write(f"{entry['dct:identifier']}: {entry['rows']} dòng")
        self.stdout.write(self.style.SUCCESS(f"Đã tạo dữ liệu mở lúc {cat['dct:modified']}"))
