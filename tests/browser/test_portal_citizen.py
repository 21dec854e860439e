"""A citizen on a 375 px phone starts from the portal, drops a pin to send feedback with an e-mail address, confirms
the address from the outbox message, tracks the case; an officer answers; the worker delivers the message to a real
SMTP server (aiosmtpd) with the code and the link; the citizen stops the messages in one click."""

from __future__ import annotations

import os
import re
import socket
import tempfile
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.test import override_settings

from cases.models import Case, Status, Subscription, Topic
from geo.models import AdminUnit, UnitType
from notifications import delivery
from notifications.models import Kind, Notification
from orgs.models import Role
from tests.browser.axe import serious_violations
from tests.browser.test_login_and_picker import login, logout
from tests.factories import make_org, make_unit, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADDRESS = "cong.dan@example.vn"


class Sink:
    def __init__(self):
        self.messages: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(envelope.content)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    sink, port = Sink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    yield sink, port
    controller.stop()


@pytest.fixture
def world():
    topic, _ = Topic.objects.get_or_create(code="moi-truong", defaults={"name": "Môi trường, vệ sinh"})
    province = make_unit("68", "Tỉnh Lâm Đồng", UnitType.PROVINCE)
    commune = make_unit("24781", "Phường Xuân Hương - Đà Lạt", UnitType.WARD, parent=province)
    other = make_unit("24848", "Xã Lạc Dương", UnitType.COMMUNE, parent=province)
    AdminUnit.objects.filter(pk=commune.pk).update(latitude=11.94, longitude=108.44)
    AdminUnit.objects.filter(pk=other.pk).update(latitude=12.05, longitude=108.42)
    ban = make_org("Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng", "ban-tgdv", province)
    org = make_org("Đảng ủy Phường Xuân Hương - Đà Lạt", "dang-uy-xa", commune, ban)
    make_org("Đảng ủy Xã Lạc Dương", "dang-uy-xa", other, ban)
    make_user("canboxa", org, Role.OFFICER, full_name="Trần Thị Xã")
    return {"topic": topic, "commune": commune, "org": org}


def citizen_messages():
    return Notification.objects.filter(kind=Kind.CITIZEN).order_by("id")


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="danvan-browser-portal-"))
def test_a_citizen_pins_sends_confirms_tracks_is_told_by_mail_and_stops(page, live_server, world, smtp):
    base = live_server.url
    page.set_viewport_size({"width": 375, "height": 740})
    sink, port = smtp

    # 1. The portal home, then the feedback form.
    page.goto(f"{base}/")
    assert "Cổng thông tin công tác dân vận" in page.inner_text("h1")
    assert serious_violations(page) == [], "/"
    if os.environ.get("DANVAN_SCREENSHOT") == "1":  # docs/screenshots/portal-home.png, the README's picture
        target = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "portal-home.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(target), full_page=True)
    page.click("main a:has-text('Gửi ý kiến, kiến nghị')")
    page.wait_for_url("**/gui-y-kien/")
    page.select_option("#id_kind", "feedback")
    page.select_option("#id_topic", str(world["topic"].pk))

    # 2. No commune chosen: a tap on the map near Xuân Hương drops the pin and fills the commune.
    page.wait_for_function("document.querySelector('.map-pin').pinMap !== undefined")
    page.evaluate("document.querySelector('.map-pin').pinMap.setView([11.94, 108.44], 11)")
    x, y = page.evaluate(
        "(() => { const p = document.querySelector('.map-pin').pinMap.latLngToContainerPoint([11.945, 108.445]);"
        " return [p.x, p.y]; })()"
    )
    page.locator("#pin-map").click(position={"x": x, "y": y})
    page.wait_for_selector(".picker-chosen:has-text('Phường Xuân Hương - Đà Lạt')")
    assert "Địa bàn gợi ý: Phường Xuân Hương - Đà Lạt" in page.inner_text(".pin-status")
    assert page.input_value("input[name=unit]") == "24781"
    assert abs(float(page.input_value("input[name=latitude]")) - 11.945) < 0.01
    page.fill("#id_title", "Rác thải tồn đọng ở đầu hẻm")
    page.fill("#id_content", "Rác thải tồn đọng ở đầu hẻm 12 đã một tuần chưa được thu gom.")
    page.fill("#id_notify_email", ADDRESS)
    page.click("button:has-text('Gửi ý kiến')")
    page.wait_for_url("**/gui-y-kien/da-gui/**")
    code = page.inner_text("#case-code").strip()
    case = Case.objects.get(code=code.replace("-", ""))
    assert case.unit_id == world["commune"].pk and case.organization == world["org"]
    assert abs(case.latitude - 11.945) < 0.01 and abs(case.longitude - 108.445) < 0.01

    # 3. The confirmation message is in the outbox: its link confirms the address (a button, not the GET alone).
    confirmation = citizen_messages().get()
    assert confirmation.address == ADDRESS
    page.goto(base + confirmation.url)
    assert Subscription.objects.get(case=case).confirmed_at is None
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert Subscription.objects.get(case=case).confirmed_at is not None

    # 4. The citizen tracks the case by its code.
    page.goto(f"{base}/gui-y-kien/tra-cuu/")
    page.fill("#id_ma", code)
    page.click("main button:has-text('Tra cứu')")
    page.wait_for_selector("#case-status")
    assert "Đã tiếp nhận" in page.inner_text("#case-status")
    assert serious_violations(page) == [], "tracking"

    # 5. The commune officer accepts and answers.
    login(page, live_server, "canboxa")
    page.goto(f"{base}/y-kien/")
    page.click(f"text={code}")
    page.click("#btn-accept")
    page.wait_for_selector("text=Đã thụ lý vụ việc.")
    page.fill("#id_text", "Đã bố trí xe thu gom; rác được dọn trong ngày.")
    page.click("button:has-text('Gửi trả lời')")
    page.wait_for_selector("text=Đã gửi trả lời")
    logout(page)
    assert Case.objects.get(pk=case.pk).status == Status.ANSWERED

    # 6. The worker delivers every queued message to a real SMTP server.
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_USE_TLS=False,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        DANVAN_BASE_URL=base,
    ):
        result = delivery.send_batch(size=20)
    assert result.sent >= 2, result.errors
    received = [message_from_bytes(raw, policy=default_policy) for raw in sink.messages]
    answered = [m for m in received if m["To"] == ADDRESS and "trả lời" in m["Subject"]]
    assert answered, [m["Subject"] for m in received]
    mail = answered[-1]
    body = mail.get_content()
    assert code in mail["Subject"]
    link = re.search(rf"{re.escape(base)}/gui-y-kien/theo-doi/{code}/[^/\s]+/", body)
    assert link, body
    page.goto(link.group(0))
    assert "Đã bố trí xe thu gom" in page.inner_text("main")

    # 7. One click stops the messages: the mail client POSTs to the List-Unsubscribe address (RFC 8058).
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    stop_url = mail["List-Unsubscribe"].strip().strip("<>")
    assert stop_url.startswith(f"{base}/gui-y-kien/ngung-nhan/")
    response = page.request.post(
        stop_url, data="List-Unsubscribe=One-Click", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.status == 200
    assert Subscription.objects.get(case=case).stopped_at is not None
