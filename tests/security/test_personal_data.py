"""Personal data: a petitioner's name, ID number, phone, e-mail and address never appear in public
pages (tracking by code, public schedule, showcase, dialogues), in pages, API answers or exports
for officers of other units, in log records (every logger, during the flows and during a forced
server error), in the audit trail, or in error messages. An exemplar's name stays off the public
showcase unless the owner made it public.

`check --deploy` with production settings is covered by tests/test_settings.py.
"""

import datetime as dt
import io
import logging
import re
import shutil
import tempfile
import zipfile
from unittest import mock

from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from audit.models import AuditEvent
from cases import handling as case_handling
from cases.models import Case
from meetings import dialogues
from meetings.models import Dialogue
from practices.models import Practice
from tests.base import BaseTestCase
from tests.cases.helpers import pdf, topic
from tests.security.crawl import crawl, seeds
from tests.security.test_every_url import PUBLIC_PREFIXES

SENDER = {
    "full_name": "Phạm Thị Bímật",
    "id_number": "079190004321",
    "phone": "0987654321",
    "email": "bimat.pham@example.vn",
    "address": "99 Ngõ Kínđáo, Phường Xuân Hương",
}
EXEMPLAR = "Lò Văn Riêngtư"
SECRETS = [*SENDER.values(), "Bímật", "Kínđáo", "bimat.pham", "0987654321"]


def leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


def body_text(response) -> str:
    """The readable text of an answer: HTML/JSON as is, XLSX cells, DOCX paragraphs."""
    ctype = response.get("Content-Type", "")
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in ctype:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data), read_only=True)
        return "\n".join(str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v)
    if "wordprocessingml" in ctype:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return re.sub(r"<[^>]+>", "", zf.read("word/document.xml").decode())
    return data.decode("utf-8", "replace")


_PLAIN_RECORD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__)


class Capture(logging.Handler):
    """Every record of every logger, formatted as a log file would hold it (with tracebacks)."""

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record):
        text = self.format(record)
        extras = {
            k: v for k, v in record.__dict__.items() if k not in logging.LogRecord("", 0, "", 0, "", (), None).__dict__
        }
        self.lines.append(f"{text} {extras!r}")


class PersonalDataTest(BaseTestCase):
    @classmethod
    def setUpClass(cls):
        cls.media = tempfile.mkdtemp(prefix="danvan-sec-media-")
        cls.media_override = override_settings(MEDIA_ROOT=cls.media, CASES_RATE_LIMIT=1000)
        cls.media_override.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.media_override.disable()
        shutil.rmtree(cls.media, ignore_errors=True)

    def setUp(self):
        cache.clear()
        self.capture = Capture()
        root = logging.getLogger()
        self.old_level = root.level
        root.addHandler(self.capture)
        root.setLevel(logging.DEBUG)
        # Loggers that stop propagation would hide their records from the root: listen to them too.
        self.extra_loggers = [
            logging.getLogger(name)
            for name in list(logging.root.manager.loggerDict)
            if isinstance(logging.getLogger(name), logging.Logger) and not logging.getLogger(name).propagate
        ]
        for logger in self.extra_loggers:
            logger.addHandler(self.capture)

    def tearDown(self):
        root = logging.getLogger()
        root.removeHandler(self.capture)
        root.setLevel(self.old_level)
        for logger in self.extra_loggers:
            logger.removeHandler(self.capture)

    def send_case(self) -> tuple[Case, str, Client]:
        """The citizen's own flow on the public form, ending on the private link."""
        citizen = Client()
        form = {
            # A petition: the personas' commune body (a Party committee) answers petitions, not complaints.
            "kind": "petition",
            "topic": topic().pk,
            "unit": self.p.commune.code,
            "title": "Chậm bồi thường đất làm đường",
            "content": "Gia đình tôi bàn giao đất từ tháng 3 nhưng chưa nhận tiền bồi thường.",
            "people_count": 1,
            **SENDER,
        }
        r = citizen.post("/gui-y-kien/", {**form, "files": [pdf()]}, REMOTE_ADDR="203.0.113.50")
        self.assertEqual(r.status_code, 302, r.content.decode()[:3000])
        sent = citizen.get(r["Location"])
        private = re.search(r"/gui-y-kien/theo-doi/[^\"'<\s]+", sent.content.decode()).group(0)
        case = Case.objects.get(petitioner__phone=SENDER["phone"])
        return case, private, citizen

    def officer_flow(self, case: Case) -> None:
        officer = Client()
        officer.force_login(self.p.commune_officer)
        r = officer.get(f"/y-kien/{case.pk}/?xem=nguoi-gui")
        self.assertContains(r, SENDER["full_name"])  # the handling body sees the sender: the test can fail
        case_handling.case_accept(case=case, by=self.p.commune_officer)
        officer.post(f"/y-kien/{case.pk}/answer/", {"text": "Đã chi trả tiền bồi thường."})
        case.refresh_from_db()
        self.assertEqual(case.status, "answered")

    def test_public_pages_never_show_the_sender(self):
        case, private, citizen = self.send_case()
        self.officer_flow(case)
        # The case goes onto a public dialogue's agenda; an exemplar is recognised, name not public.
        dialogue = Dialogue.objects.create(
            organization=self.p.commune_org,
            unit=self.p.commune,
            title="Đối thoại về bồi thường",
            starts_at=timezone.now() + dt.timedelta(days=20),
            place="Hội trường",
            announced_on=timezone.localdate(),
            created_by=self.p.commune_officer,
        )
        dialogues.dialogue_question_from_case(dialogue=dialogue, case=case, by=self.p.commune_officer)
        practice = Practice.objects.create(
            name="Dân vận khéo trong giải phóng mặt bằng",
            kind="exemplar",
            field="society",
            organization=self.p.commune_org,
            unit=self.p.commune,
            province=self.p.province,
            person_name=EXEMPLAR,
            person_public=False,
            status="recognised",
            recognition_level="commune",
            year=2026,
            start_date=dt.date(2026, 1, 1),
            created_by=self.p.commune_officer,
        )
        self.assertIn(practice, Practice.objects.public())
        SECRETS.append(EXEMPLAR)
        try:
            anonymous = Client()
            found = []
            start = seeds(None, public_only=True, public_prefixes=PUBLIC_PREFIXES)
            start += [f"/gui-y-kien/tra-cuu/?ma={case.code}", f"/gui-y-kien/doi-thoai/{dialogue.pk}/"]
            start += [f"/mo-hinh-tieu-bieu/{practice.pk}/", f"/api/v1/cases/track/?code={case.code}"]
            visited = 0
            for url, response in crawl(anonymous, start, allow=lambda p: p.startswith(PUBLIC_PREFIXES)):
                visited += 1
                if found_here := leaks(body_text(response)):
                    found.append(f"{url}: {found_here}")
            r = APIClient().post("/api/v1/cases/track/", {"code": case.code}, format="json")
            if found_here := leaks(r.content.decode()):
                found.append(f"POST /api/v1/cases/track/: {found_here}")
            self.assertGreater(visited, 10)
            self.assertEqual(found, [], "personal data on a public page")
            # Only the sender's private link shows their own case (not their identity either).
            self.assertContains(citizen.get(private), "Chậm bồi thường")
        finally:
            SECRETS.remove(EXEMPLAR)
        self.assertEqual(self.leaked_to_logs(), [])

    def test_officers_of_other_units_never_see_the_sender_in_pages_api_or_exports(self):
        case, _private, _citizen = self.send_case()
        self.officer_flow(case)
        # Another commune of the same province, another province, and a province body that sees the
        # case (its area) but is not above the handling body: the sender is need-to-know.
        for user in (self.p.other_commune_officer, self.make_far_officer(), self.make_sideways_officer()):
            client = Client(raise_request_exception=False)
            client.force_login(user)
            found, visited = [], 0
            start = seeds(user) + ["/y-kien/?format=xlsx", "/y-kien/xuat-excel/", f"/api/v1/cases/{case.pk}/"]
            for url, response in crawl(client, start):
                visited += 1
                if found_here := leaks(body_text(response)):
                    found.append(f"{url}: {found_here}")
            self.assertGreater(visited, 20)
            self.assertEqual(found, [], f"{user.username} saw the sender")
        self.assertEqual(self.leaked_to_logs(), [])

    def make_far_officer(self):
        from tests.factories import make_user

        return make_user("canbotinhkhac", self.p.far_org)

    def make_sideways_officer(self):
        from tests.factories import make_org, make_user

        user = make_user("canbomttq", make_org("Ủy ban MTTQ tỉnh Lâm Đồng", "mttq", self.p.province))
        client = Client()
        client.force_login(user)
        case = Case.objects.get(petitioner__phone=SENDER["phone"])
        self.assertEqual(client.get(f"/y-kien/{case.pk}/").status_code, 200, "the province body should see the case")
        return user

    def test_error_messages_and_the_server_error_page_carry_no_personal_data(self):
        form = {
            "kind": "complaint_first",  # needs a name and an address (an unsigned denunciation is kept as information)
            "topic": topic().pk,
            "unit": self.p.commune.code,
            "title": "Tố cáo",
            "content": "Nội dung tố cáo.",
            "people_count": 1,
            "phone": SENDER["phone"],
            "id_number": SENDER["id_number"],
            "email": "khong-hop-le",
        }
        api = APIClient()
        r = api.post("/api/v1/cases/intake/", {**form, "topic": topic().code}, format="json")
        self.assertEqual(r.status_code, 400)
        self.assertEqual(leaks(r.content.decode()), [], r.content.decode())
        r = api.post("/api/v1/cases/intake/", {**form, "topic": topic().code, "email": SENDER["email"]}, format="json")
        self.assertEqual(r.status_code, 400)
        self.assertIn("Luật Khiếu nại 2011, Điều 8", r.json()["message"])
        self.assertEqual(leaks(r.content.decode()), [], r.content.decode())
        # A server error in the middle of a submission carrying personal data.
        client = Client(raise_request_exception=False)
        with mock.patch("cases.intake._save_new_case", side_effect=RuntimeError("lỗi giả lập khi lưu ý kiến")):
            r = client.post("/gui-y-kien/", {**form, "kind": "feedback", **SENDER}, REMOTE_ADDR="203.0.113.51")
        self.assertEqual(r.status_code, 500)
        page = r.content.decode()
        self.assertEqual(leaks(page), [])
        self.assertIn("Đã có lỗi", page)  # a Vietnamese page, not Django's "Server Error (500)"
        self.assertNotIn("Traceback", page)
        self.assertTrue(any("lỗi giả lập" in line for line in self.capture.lines), "the error was not logged")
        self.assertEqual(self.leaked_to_logs(), [])

    def leaked_to_logs(self) -> list[str]:
        found = [f"log: {line[:300]}" for line in self.capture.lines if leaks(line)]
        for event in AuditEvent.objects.all():
            text = f"{event.object_repr} {event.reason} {event.changes!r} {event.actor_label}"
            if leaks(text):
                found.append(f"audit {event.action}: {text[:300]}")
        return found
