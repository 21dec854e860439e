"""Drives Debian's Chromium through a provincial coordination programme: the 2027 plan with a task for each party,
sub-tasks for three communes, a joint inspection of three agencies whose follow-ups enter each agency's queue, roll
up by agency, and an overdue one reaching the daily digest."""

import datetime as dt

import pytest
from django.utils import timezone

from documents.seed import load_documents
from notifications.digest import collect
from programmes.models import Finding, Inspection, Programme, Task
from tests.browser.test_login_and_picker import login, logout
from tests.factories import Personas
from tests.programmes.helpers import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def p():
    p = Personas.create()
    build_world(p)
    load_documents()
    return p


def submit(page, form: str, button: str) -> None:
    page.click(f"{form} button:has-text('{button}')")
    page.wait_for_load_state()


def test_a_coordination_programme_and_a_joint_inspection_in_the_browser(page, live_server, p):
    page.set_viewport_size({"width": 1280, "height": 900})
    today = timezone.localdate()
    year = today.year
    login(page, live_server, "canbotinh")
    page.focus("nav >> text=Công việc")  # on a wide screen a group opens its entries under the pointer or focus
    page.click("nav >> text=Chương trình phối hợp")
    page.select_option("#id_organization", str(p.province_org.pk))
    page.fill("#id_title", "Chương trình phối hợp công tác dân vận giữa Ban TG&DV, Công an tỉnh và Bộ CHQS tỉnh")
    page.fill("#id_number", "05-CTr/BTGDVTU")
    page.fill("#id_start_year", str(year))
    page.fill("#id_end_year", str(year + 4))
    page.fill("#id_document_refs", "23-QĐ/TW; 25-NQ/TW; 12-KH/UBND")
    page.select_option("#id_leads", [str(p.police.pk)])
    page.select_option("#id_members", [str(p.military.pk)])
    submit(page, "#programme-form", "Lập chương trình")
    assert "Đã lập chương trình." in page.text_content(".messages")
    assert "Công an tỉnh Lâm Đồng — Chủ trì" in page.text_content("#parties")
    # The library holds the two directives (links to their pages); the provincial plan stays as written, with a note.
    assert page.locator("#document-refs a[href^='/van-ban/']").count() == 2
    assert "Quyết định 23-QĐ/TW" in page.text_content("#document-refs")
    assert "12-KH/UBND (Chưa có trong thư viện văn bản" in page.text_content("#document-refs li.unresolved")
    programme = Programme.objects.get()

    page.fill("#id_kh-year", str(year + 1))
    submit(page, "#plan-form", "Lập kế hoạch")
    assert f"Đã lập kế hoạch năm {year + 1}." in page.text_content(".messages")
    for org in (p.province_org, p.police, p.military):
        page.fill("#id_nv-title", f"Nhiệm vụ năm {year + 1} của {org.name}")
        page.select_option("#id_nv-owner", str(org.pk))
        page.fill("#id_nv-deadline", f"{year + 1}-09-30")
        submit(page, ".task-form", "Giao nhiệm vụ")
        assert "Đã giao nhiệm vụ." in page.text_content(".messages")
    assert page.locator(f"#plan-{year + 1} tr[data-task]").count() == 3
    page.fill("#checklist-text", "Triển khai kế hoạch phối hợp năm")
    submit(page, "#checklist-form", "Thêm")
    assert "Đã thêm nội dung kiểm tra." in page.text_content(".messages")
    logout(page)

    login(page, live_server, "canboconganh")
    police_task = Task.objects.get(owner=p.police)
    page.goto(f"{live_server.url}/chuong-trinh/nhiem-vu/{police_task.pk}/")
    for commune, post in zip(p.communes, p.posts, strict=True):
        page.fill("#id_title", f"Triển khai tại {commune.name}")
        page.select_option("#id_owner", str(post.pk))
        page.fill("#id_deadline", f"{year + 1}-08-31")
        submit(page, "#subtask-form", "Giao cho cấp dưới")
        assert "Đã giao nhiệm vụ cho cấp dưới." in page.text_content(".messages")
    assert page.locator("#subtasks tbody tr").count() == 3
    logout(page)

    login(page, live_server, "canbotinh")
    page.goto(f"{live_server.url}/chuong-trinh/kiem-tra/")
    page.select_option("#id_organization", str(p.province_org.pk))
    page.select_option("#id_programme", str(programme.pk))
    page.fill("#id_title", "Kiểm tra liên ngành thực hiện chương trình phối hợp")
    page.fill("#id_date_from", (today - dt.timedelta(days=10)).isoformat())
    page.fill("#id_date_to", (today - dt.timedelta(days=5)).isoformat())
    page.fill("#id_units", ", ".join(c.code for c in p.communes))
    for n, (name, org) in enumerate(
        (("Nguyễn Văn An", p.province_org), ("Trần Văn Bình", p.police), ("Lê Văn Cường", p.military)), start=1
    ):
        page.fill(f"#id_member_{n}_name", name)
        page.select_option(f"#id_member_{n}_agency", str(org.pk))
    submit(page, "#inspection-form", "Lập kế hoạch kiểm tra")
    assert "Đã lập kế hoạch kiểm tra." in page.text_content(".messages")
    assert page.locator("#members li").count() == 3
    submit(page, ".actions", "Bắt đầu kiểm tra")
    first = page.locator(f"#visit-{p.communes[0].code} .result-form").first
    first.locator("select").select_option("not_met")
    first.locator("input[name=note]").fill("Chưa triển khai")
    first.locator("button").click()
    page.wait_for_load_state()
    assert page.text_content(f"#visit-{p.communes[0].code} td.rating") == "Chưa đạt"
    page.fill("#id_text", "Chưa xây dựng kế hoạch phối hợp ở cơ sở")
    submit(page, "#finding-form", "Ghi phát hiện")
    finding = Finding.objects.get()
    for org, days in ((p.province_org, 20), (p.police, -2), (p.military, 30)):
        page.fill(f"#id_f{finding.pk}-title", f"Khắc phục — {org.name}")
        page.select_option(f"#id_f{finding.pk}-owner", str(org.pk))
        page.fill(f"#id_f{finding.pk}-deadline", (today + dt.timedelta(days=days)).isoformat())
        submit(page, ".followup-form", "Giao việc khắc phục")
        assert "Đã giao việc khắc phục." in page.text_content(".messages")
    assert Task.objects.filter(finding=finding).count() == 3
    page.goto(f"{live_server.url}/chuong-trinh/ty-le/?group=party&inspection={Inspection.objects.get().pk}")
    assert page.text_content(f"#rates tr[data-key='{p.police.pk}'] td.overdue-count") == "1"
    assert page.text_content(f"#rates tr[data-key='{p.military.pk}'] td.overdue-count") == "0"
    logout(page)

    for username, overdue in (("canboconganh", True), ("canboquansu", False)):
        login(page, live_server, username)
        page.focus("nav >> text=Công việc")
        page.click("nav >> text=Chương trình phối hợp")
        page.click("text=Nhiệm vụ của cơ quan")
        row = page.locator("#queue tbody tr", has_text="Khắc phục")
        assert row.count() == 1
        assert ("Quá hạn" in row.text_content()) is overdue
        logout(page)

    officers = {o.user_id: o for o in collect(today)}
    police = [line for q in officers[p.police_officer.pk].orgs for line in q.text()]
    assert any("1 nhiệm vụ chương trình phối hợp quá hạn" in line for line in police), police
