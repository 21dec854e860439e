"""kill -9 of the web server (master and workers) in the middle of an XLSX import and of a report approval: after a
restart the database is consistent — nothing half-imported, the approval wholly absent, the roll-up store equal to
its recomputation (``danvan reports verify``) — and the interrupted action done again completes once.

Each kill lands inside the open transaction: either at a fault point (``tests.reliability.faults`` pauses the worker
after the N-th row / after the roll-up was written, before the commit) or, for the big practices file, at a random
moment while the import request is in flight and holds written rows.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import threading
import time

import requests
from openpyxl import load_workbook

from tests.reliability.live import Fault

BIG_IMPORT_ROWS = int(os.environ.get("RELIABILITY_IMPORT_ROWS", "300"))
SMALL_IMPORT_ROWS = 30


def filled(template: bytes, rows: list[dict[str, object]]) -> bytes:
    """The downloaded import template with ``rows`` written under its headers (keys: start of a header)."""
    wb = load_workbook(io.BytesIO(template))
    ws = wb.worksheets[0]
    headers = [str(c.value or "") for c in ws[1]]
    for r, row in enumerate(rows, start=2):
        for key, value in row.items():
            col = next(i for i, h in enumerate(headers, start=1) if h.startswith(key))
            ws.cell(row=r, column=col, value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def practice_rows(code: str, n: int) -> list[dict]:
    return [
        {
            "Tên mô hình": f"Mô hình thắp sáng đường quê số {i}",
            "Loại": "Mô hình",
            "Lĩnh vực": "Kinh tế",
            "Mã đơn vị": code,
            "Thực trạng": "Đường thôn chưa có đèn chiếu sáng.",
            "Mục tiêu": "Lắp 50 bóng đèn năng lượng mặt trời.",
            "Nội dung": "Vận động hộ dân góp kinh phí, ngày công.",
            "Đối tượng": "Hộ dân trong thôn",
            "Sản phẩm": "50 bóng đèn",
            "Khả năng": "Tổ tự quản duy trì",
            "Kinh phí": 15_000_000,
            "Ngày công": 120,
            "Ngày bắt đầu": "01/03/2026",
            "Năm đăng ký": 2026,
        }
        for i in range(n)
    ]


def case_rows(code: str, n: int) -> list[dict]:
    return [
        {
            "Ngày nhận": "02/11/2026",
            "Loại ý kiến": "Kiến nghị",
            "Lĩnh vực": "giao-thong",
            "Mã đơn vị": code,
            "Tiêu đề": f"Kiến nghị sửa cầu tạm số {i}",
            "Nội dung": f"Cầu tạm thôn {i} xuống cấp, đề nghị sửa chữa trước mùa mưa.",
        }
        for i in range(n)
    ]


def in_background(call) -> threading.Thread:
    """Send a request that the kill will cut: its connection error is the expected outcome."""

    def run():
        with contextlib.suppress(requests.RequestException):
            call()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def assert_intact(site, *, verify: bool = False) -> None:
    if site.db.vendor == "sqlite":
        assert site.sql("PRAGMA integrity_check") == [("ok",)]
    if verify:
        assert "khớp" in site.manage("reports", "verify").stdout


class PracticesImport:
    def __init__(self, site):
        self.site = site
        self.commune = site.seed["communes"][2]
        self.page = site.client(f"xa.{self.commune['code']}", html=True)

    def upload(self, n: int):
        template = self.page.get("/dan-van-kheo/nhap-excel/mau.xlsx")
        assert template.status_code == 200
        data = filled(template.content, practice_rows(self.commune["code"], n))
        return self.page.form_post(
            "/dan-van-kheo/nhap-excel/",
            {"organization": str(self.commune["party_org"])},
            files={"file": ("dang-ky.xlsx", data)},
        )

    def stored(self) -> int:
        rows = self.site.sql(
            "SELECT count(*) FROM practices_practice WHERE organization_id = %s", [self.commune["party_org"]]
        )
        return rows[0][0]

    def events(self) -> int:
        rows = self.site.sql(
            "SELECT count(*) FROM practices_practiceevent e JOIN practices_practice p ON p.id = e.practice_id "
            "WHERE p.organization_id = %s",
            [self.commune["party_org"]],
        )
        return rows[0][0]


def rerun_completes_once(importer, n: int) -> None:
    first = importer.upload(n)
    assert first.status_code == 200, first.text[-2000:]
    assert f"Đã nhập {n} mô hình" in first.text, first.text[-3000:]
    assert importer.stored() == n and importer.events() == n
    again = importer.upload(n)
    assert f"bỏ qua {n} mô hình đã có" in again.text
    assert importer.stored() == n and importer.events() == n


def test_kill9_at_a_row_of_a_practices_import_keeps_nothing_and_the_rerun_imports_once(site):
    importer = PracticesImport(site)
    site.server.start(fault=Fault("practices.services:practice_submit", after=SMALL_IMPORT_ROWS // 2))
    sending = in_background(lambda: importer.upload(SMALL_IMPORT_ROWS))
    site.server.wait_for_fault()
    assert site.db.writer_active()  # half the rows are written, uncommitted
    site.server.kill9()
    sending.join(60)

    site.server.start()
    assert importer.stored() == 0 and importer.events() == 0
    assert_intact(site)
    rerun_completes_once(importer, SMALL_IMPORT_ROWS)


def test_kill9_while_a_big_practices_import_is_in_flight_keeps_nothing(site):
    importer = PracticesImport(site)
    site.server.start()
    sending = in_background(lambda: importer.upload(BIG_IMPORT_ROWS))
    deadline = time.monotonic() + 300
    while not site.db.writer_active():  # the import's transaction has begun writing rows
        assert sending.is_alive() and time.monotonic() < deadline, "the import never started writing"
        time.sleep(0.02)
    time.sleep(random.uniform(0.1, 0.5))  # noqa: S311 - anywhere inside the transaction
    assert site.db.writer_active(), "the import finished before the kill; raise RELIABILITY_IMPORT_ROWS"
    site.server.kill9()
    sending.join(60)

    site.server.start()
    assert importer.stored() == 0 and importer.events() == 0
    assert_intact(site)
    rerun_completes_once(importer, BIG_IMPORT_ROWS)


def test_kill9_at_a_row_of_a_cases_import_keeps_nothing_and_the_rerun_imports_once(site):
    commune = site.seed["communes"][3]
    officer = site.client(f"ubnd.{commune['code']}.a")

    def upload(n):
        template = site.client(f"ubnd.{commune['code']}.a", html=True).get("/y-kien/nhap-excel/mau/")
        assert template.status_code == 200
        data = filled(template.content, case_rows(commune["code"], n))
        return officer.post("/api/v1/cases/import/", files={"file": ("y-kien.xlsx", data)})

    def stored():
        return site.sql("SELECT count(*) FROM cases_case WHERE unit_id = %s", [commune["id"]])[0][0]

    site.server.start(fault=Fault("cases.intake:case_record", after=SMALL_IMPORT_ROWS // 2))
    sending = in_background(lambda: upload(SMALL_IMPORT_ROWS))
    site.server.wait_for_fault()
    assert site.db.writer_active()
    site.server.kill9()
    sending.join(60)

    site.server.start()
    assert stored() == 0
    assert site.sql("SELECT count(*) FROM cases_caseevent") == [(0,)]
    assert_intact(site)
    done = upload(SMALL_IMPORT_ROWS)
    assert done.status_code == 201, done.text[:2000]
    assert stored() == SMALL_IMPORT_ROWS
    again = upload(SMALL_IMPORT_ROWS)
    assert again.status_code == 200, again.text[:2000]
    assert again.json()["skipped"] == SMALL_IMPORT_ROWS
    assert stored() == SMALL_IMPORT_ROWS


def test_kill9_in_a_report_approval_leaves_it_unapproved_and_the_roll_up_exact(site):
    seed = site.seed
    period, commune = seed["period"], seed["communes"][4]
    author, province = site.client(f"xa.{commune['code']}"), site.client("tinh.a")
    (pk,) = site.sql(
        "SELECT id FROM reports_report WHERE period_id = %s AND organization_id = %s", [period, commune["party_org"]]
    )[0]

    site.server.start(fault=Fault("reports.store:apply_report"))
    saved = author.patch(f"/api/v1/reports/{pk}/", json={"values": [{"indicator": "houses", "value": 7}]})
    assert saved.status_code == 200, saved.text
    assert author.post(f"/api/v1/reports/{pk}/submit/").status_code == 200
    sending = in_background(lambda: province.post(f"/api/v1/reports/{pk}/approve/"))
    site.server.wait_for_fault()  # the status is changed and the roll-up written, not yet committed
    assert site.db.writer_active()
    site.server.kill9()
    sending.join(60)

    site.server.start()
    assert site.sql("SELECT status FROM reports_report WHERE id = %s", [pk]) == [("submitted",)]
    assert site.sql("SELECT count(*) FROM reports_rollupvalue WHERE period_id = %s", [period]) == [(0,)]
    assert site.sql("SELECT count(*) FROM reports_reportevent WHERE report_id = %s AND action = 'approve'", [pk]) == [
        (0,)
    ]
    assert_intact(site, verify=True)

    approved = province.post(f"/api/v1/reports/{pk}/approve/")
    assert approved.status_code == 200, approved.text
    rows = site.sql(
        "SELECT r.total, r.reports FROM reports_rollupvalue r JOIN reports_indicator i ON i.id = r.indicator_id "
        "WHERE r.period_id = %s AND r.unit_id = %s AND i.code = 'houses' AND r.breakdown = ''",
        [period, seed["province"]["id"]],
    )
    assert [(int(t), n) for t, n in rows] == [(7, 1)]
    assert_intact(site, verify=True)
