"""Drives Debian's Chromium through the narrative editor: bold text and a bulleted list typed with the toolbar
are saved as clean HTML and come out of the Word download as a bold run and list paragraphs."""

import io

import docx
import pytest

from geo.models import UnitType
from orgs.models import Role
from reports import services
from reports.catalogue import standard_form
from reports.models import Report
from tests.browser.test_login_and_picker import login
from tests.factories import make_org, make_unit, make_user
from tests.seeds import reseed_after_flush

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def report():
    reseed_after_flush()  # the migrations' rows, as on a fresh database (live-server tests flush them)
    province = make_unit("68", "Tỉnh Lâm Đồng", UnitType.PROVINCE)
    commune = make_unit("24781", "Phường Xuân Hương - Đà Lạt", UnitType.WARD, parent=province)
    central_org = make_org("Ban Tuyên giáo và Dân vận Trung ương", "ban-tgdv", None)
    ban = make_org("Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng", "ban-tgdv", province, central_org)
    org = make_org("Đảng ủy Phường Xuân Hương - Đà Lạt", "dang-uy-xa", commune, ban)
    central = make_user("trunguong", central_org, Role.CENTRAL, full_name="Nguyễn Văn Trung")
    make_user("canboxa", org, Role.OFFICER, full_name="Trần Thị Xã")
    period = services.period_open(form=standard_form(), year=2026, number=1, by=central)
    return Report.objects.get(organization=org, period=period)


def test_bold_and_a_list_typed_in_the_editor_reach_the_word_file(page, live_server, report):
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, "canboxa")
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/")

    editor = page.locator("#n_p1_situation")
    assert editor.get_attribute("contenteditable") == "true"  # the textarea became the editor
    toolbar = page.locator(".rte", has=editor).locator(".rte-toolbar")
    editor.click()
    page.keyboard.type("Nhân dân ")
    toolbar.get_by_role("button", name="In đậm (Ctrl+B)").click()
    page.keyboard.type("đồng thuận")
    toolbar.get_by_role("button", name="In đậm (Ctrl+B)").click()
    page.keyboard.type(" với chủ trương.")
    page.keyboard.press("Enter")
    toolbar.get_by_role("button", name="Danh sách gạch đầu dòng").click()
    page.keyboard.type("Làm 2 km đường")
    page.keyboard.press("Enter")
    page.keyboard.type("Xây 3 nhà đại đoàn kết")
    page.click("button:has-text('Lưu nháp')")
    assert "Đã lưu bản nháp." in page.text_content(".messages")

    stored = Report.objects.get(pk=report.pk).narrative["p1_situation"]
    assert "<b>đồng thuận</b>" in stored, stored
    assert "<ul><li>Làm 2 km đường</li><li>Xây 3 nhà đại đoàn kết</li></ul>" in stored, stored
    # The saved formatting is back in the editor after the reload.
    assert page.locator("#n_p1_situation b").text_content() == "đồng thuận"

    with page.expect_download() as caught:
        page.click("text=Tải Word")
    data = open(caught.value.path(), "rb").read()  # noqa: SIM115 - Playwright owns the temporary file
    paragraphs = [p for p in docx.Document(io.BytesIO(data)).paragraphs if p.text]
    first = next(p for p in paragraphs if p.text.startswith("Nhân dân"))
    assert first.text == "Nhân dân đồng thuận với chủ trương."
    assert [r.text for r in first.runs if r.bold] == ["đồng thuận"]
    styles = {p.text: p.style.name for p in paragraphs}
    assert styles["Làm 2 km đường"] == "List Bullet"
    assert styles["Xây 3 nhà đại đoàn kết"] == "List Bullet"


HOSTILE_NARRATIVES = [
    "< p>x <img src=x onerror=alert(1)  <>",
    "< P>y <IMG SRC=x OnError=alert(2)>",
    "<p>z<svg onload=alert(3)></svg><a href='javascript:alert(4)'>bấm</a></p>",
]


def test_the_editor_opened_on_a_hostile_stored_narrative_runs_nothing(page, live_server, report):
    """Issue 18: ``< p>`` was text to the server and HTML to the editor, whose innerHTML then ran the handler."""
    officer = report.organization.memberships.get().user
    services.report_save(
        report=report,
        by=officer,
        narrative=dict(zip(["p1_situation", "p2_tasks", "p2_proposals"], HOSTILE_NARRATIVES, strict=True)),
    )
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    login(page, live_server, "canboxa")
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/")
    editor = page.locator("#n_p1_situation")
    assert editor.get_attribute("contenteditable") == "true"
    page.wait_for_load_state("networkidle")  # a broken <img src=x> would have fired its onerror by now
    assert page.locator("[onerror], [onload], svg, img, a[href^='javascript']").count() == 0
    assert editor.text_content() == "< p>x <img src=x onerror=alert(1)  <>"  # kept as the words typed
    assert dialogs == []


@pytest.mark.parametrize("width", [375, 1280])
def test_the_editor_hides_the_raw_html_textarea(page, live_server, report, width):
    """Issue 21: the stylesheet's ``display:block`` on form textareas beat the ``hidden`` attribute the editor sets,
    so a second box with the raw HTML showed under every rich-text box."""
    services.report_save(
        report=report,
        by=report.organization.memberships.get().user,
        narrative={"p1_situation": "<p>Nhân dân <b>đồng thuận</b>.</p>"},
    )
    page.set_viewport_size({"width": width, "height": 900})
    login(page, live_server, "canboxa")
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/")

    editor = page.locator("#n_p1_situation")
    raw = page.locator("#n_p1_situation-html")
    assert editor.get_attribute("contenteditable") == "true"
    assert raw.get_attribute("hidden") is not None  # the editor did its part
    assert editor.is_visible()
    assert not raw.is_visible()
    assert page.locator("textarea[data-richtext]:visible").count() == 0
    assert "<p>" not in page.locator("main").inner_text()
