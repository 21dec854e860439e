import os

from django.core.management.base import BaseCommand, CommandError

from demo.cases import load_demo_cases
from demo.meetings import load_demo_dialogues
from demo.orgs import DEFAULT_PASSWORD, UnitsMissing, load_demo
from demo.practices import load_demo_practices
from demo.programmes import load_demo_programmes
from demo.reports import load_demo_reports
from documents.seed import load_documents
from portal import opendata


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu mẫu: hai tỉnh Lâm Đồng, Quảng Ngãi với các tổ chức và tài khoản cán bộ (chạy lại không tạo trùng)."
    )

    def handle(self, *args, **options):
        try:
            logins = load_demo()
        except UnitsMissing as e:
            raise CommandError(str(e)) from e
        made = load_demo_practices()
        load_demo_reports()
        load_documents()
        if made:
            self.stdout.write(f"Đã tạo {made} mô hình “Dân vận khéo” mẫu (xem /mo-hinh-tieu-bieu/).")
        if cases_made := load_demo_cases():
            self.stdout.write(f"Đã tạo {cases_made} ý kiến, kiến nghị mẫu (xem /y-kien/).")
        if dialogues_made := load_demo_dialogues():
            self.stdout.write(f"Đã tạo {dialogues_made} hội nghị đối thoại mẫu (xem /y-kien/doi-thoai/).")
        if load_demo_programmes():
            self.stdout.write("Đã tạo chương trình phối hợp mẫu của tỉnh Lâm Đồng (xem /chuong-trinh/).")
        # The portal's open data and the pages built on it (answer rates, the public map) read the nightly release.
        opendata.generate()
        self.stdout.write("Dữ liệu mở: bản phát hành đã được cập nhật (xem /du-lieu-mo/; hằng đêm: danvan opendata).")
        password = os.environ.get("DANVAN_DEMO_PASSWORD") or DEFAULT_PASSWORD
        self.stdout.write(f"Tài khoản dùng thử (mật khẩu chung: {password}):")
        width = max(len(x.username) for x in logins)
        for x in logins:
            self.stdout.write(f"  {x.username.ljust(width)}  {x.role:<32}  {x.organization}")
