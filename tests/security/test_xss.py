"""XSS: hostile text in every free-text field comes back escaped, or inert, everywhere it is shown.

The fields are enumerated from the models: every CharField/TextField without choices of the apps
people write into. Each is either in NOT_FREE_TEXT (with the reason: a code, a hash, a derived
column) or gets a payload carrying its own number, ``xss(N)``; a crawl of the officer pages, the public
pages, the API and the XLSX/DOCX exports then proves that

- no page carries the payload as live markup (a raw ``<script>``/``<img onerror>``/``<svg onload>``
  tag, a ``</textarea>`` break-out, a ``javascript:`` link, an evaluated template tag),
- no XLSX cell carries it as a formula, every DOCX still opens,
- and every payload field not in NOT_SHOWN_YET was seen on at least one page (a test that never
  rendered a field would prove nothing). Fields in NOT_SHOWN_YET still get their payload, so the
  day a page starts showing one, it is checked for escaping.

A second test sends the payloads through the real public forms (the citizen's case form and the
dialogue question form) and the practice registration form, and reads them back.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import tempfile
import zipfile
from decimal import Decimal

from django.apps import apps
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import models, transaction
from django.test import Client, TestCase, override_settings

from geo.loader import load_units
from orgs.models import User

APPS = ("orgs", "geo", "practices", "emulation", "cases", "reports", "audit", "notifications")

# Fields that are not free text a person types; each says why.
NOT_FREE_TEXT = {
    "practices.PracticeCount.status": "a practice's status code, written only by the database's count triggers",
    "audit.AuditEvent.object_id": "an object's id, written by audit.record",
    "audit.AuditEvent.actor_label": "the actor's user name at the time, written by audit.record",
    "geo.AdminUnit.code": "official unit code, validated digits",
    "geo.AdminUnit.search_text": "derived: folded name for search",
    "geo.AdminUnit.sort_key": "derived: Vietnamese sort key",
    "geo.AdminUnit.source": "the name of the import (file or package), not shown",
    "geo.UnitLink.source": "the name of the import, not shown",
    "orgs.User.password": "a hash",
    "orgs.User.username": "validated identifier (letters, digits, @.+-_)",
    "orgs.User.first_name": "unused (DanVan keeps full_name)",
    "orgs.User.last_name": "unused (DanVan keeps full_name)",
    "orgs.OrganizationType.code": "slug, data",
    "orgs.Organization.name_folded": "derived: folded name for search",
    "orgs.Organization.sort_key": "derived: Vietnamese sort key",
    "practices.Practice.import_key": "derived: hash of an imported row",
    "practices.Practice.search_text": "derived: folded text for search",
    "practices.Practice.sort_key": "derived: Vietnamese sort key",
    "practices.Evidence.kind": "sniffed from the content (lib.uploads)",
    "practices.Evidence.token": "random hex",
    "cases.Topic.code": "slug, data",
    "cases.Case.code": "generated tracking code",
    "cases.Case.token_hash": "a hash",
    "cases.Case.search_text": "derived: folded text for search",
    "cases.Case.import_key": "derived: hash of an imported row",
    "cases.Attachment.kind": "sniffed from the content (lib.uploads)",
    "cases.Attachment.token": "random hex",
    "cases.Submission.client_hash": "a hash of the sender's address",
    "cases.RateLimitLock.key": "a purpose and a hash of the sender's address",
    "cases.LookupCount.client_hash": "a hash of the address a status lookup came from",
    "orgs.LoginFailure.client_hash": "a hash of the address a sign-in failed from",
    "reports.Indicator.code": "catalogue code, data",
    "reports.Indicator.source": "catalogue: where an automatic figure comes from",
    "reports.ReportForm.code": "catalogue code, data",
    "practices.Label.code": "slug, data",
    "reports.Value.breakdown": "catalogue key of a breakdown (e.g. gender), not typed",
    "reports.RollupValue.unit_level": "derived from the unit",
    "reports.RollupValue.breakdown": "derived from Value.breakdown",
    "reports.Report.doc_number": "the register's number, written by reports.services when the report is sent",
    "reports.OutgoingCounter.symbol": "derived: the issuing body's symbol (reports.issuer)",
    "reports.OutgoingDocument.subject": "generated from the period's label when the report is sent, not typed",
    "notifications.Notification.url": "a link built by the system (reverse()), never typed",
    "notifications.Notification.dedupe_key": "system key",
    "notifications.Notification.last_error": "mail server error, not shown to users",
    "notifications.Notification.claim": "worker lease token",
    "notifications.Notification.address": "a citizen's address for messages: never shown, erased once delivered",
    "notifications.Notification.unsubscribe_url": "a link built by the system (reverse()), never typed",
    "cases.Subscription.address": "a citizen's address for messages: shown to nobody (cases.citizen_updates)",
    "cases.Subscription.confirm_hash": "a hash",
}

# Free text that no page or API answer shows today (Django's admin aside, which escapes): written with
# a payload anyway, so showing one later is checked, but not required to be seen.
NOT_SHOWN_YET = {
    "orgs.OrganizationType.short_name": "admin only",
    "orgs.OrganizationType.head_title": "only in the messages naming the competent head (“Chủ tịch UBND …”)",
    "orgs.User.email": "admin only (used to send notifications)",
    "orgs.User.phone": "admin only",
    "orgs.User.job_title": "admin only",
    "practices.Appraisal.summary": "stored with the recognition, no page shows it yet",
    "practices.PracticePartner.duty": "no page shows partners' duties yet",
    "emulation.AssessmentScore.comment": "no page shows per-criterion comments yet",
    # Shown only to its author, in an <input value>, while the appraisal is open: the demo data has no
    # open appraisal of a crawled user, so the crawl cannot reach it (tests/practices covers the form).
    "practices.Score.comment": "only in its author's form during an open appraisal",
    # The demo's forms hold no text indicator; tests/reports/test_config_flow.py reads one back.
    "reports.Value.text": "shown only for text indicators, which the demo forms do not have",
}


def free_text_fields() -> list[tuple[type[models.Model], str]]:
    found = []
    for model in apps.get_models():
        if model._meta.app_label not in APPS:
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.CharField | models.TextField) and not field.choices and field.concrete:
                found.append((model, field.name))
    return sorted(found, key=lambda mf: (mf[0]._meta.label, mf[1]))


def label(model, name: str) -> str:
    return f"{model._meta.label}.{name}"


def payload(n: int, max_length: int | None) -> str:
    """The most hostile text that fits the column (PostgreSQL enforces max_length)."""
    long = (
        f"=cmd|'/c calc'!A0\"><img src=x onerror=xss({n})><script>xss({n})</script></textarea>"
        f'javascript:xss({n}) {{{{ "tpl"|add:"ev{n}" }}}}{{% filter upper %}}tplup{n}{{% endfilter %}}'
    )
    for text in (long, f'="><svg onload=xss({n})>', f"<svg/onload=xss({n})>"):
        if max_length is None or len(text) + 8 <= max_length:
            return text
    return f"<svg/onload=xss({n})>"[:max_length]


# Live markup: a payload tag that was not escaped, an evaluated template, a javascript: link.
LIVE = [
    re.compile(r"<(?:script|img|svg)\b[^<]{0,40}xss\(\d+\)", re.IGNORECASE),
    re.compile(r"</textarea>javascript:xss", re.IGNORECASE),
    re.compile(r"tplev\d+|TPLUP\d+"),
    re.compile(r"""(?:href|src|action|hx-\w+)\s*=\s*["']?\s*javascript:""", re.IGNORECASE),
]
MARK = re.compile(r"xss\((\d+)\)")


def make_missing_rows() -> None:
    """One row of each model the demo data leaves empty, so every field has something to show."""
    from cases.models import Answer, Attachment, Case
    from emulation.models import Assessment, AssessmentScore, Award, Contest, Entry, Round
    from meetings.models import Dialogue, DialogueQuestion
    from notifications.models import Notification
    from practices.models import CriteriaSet, Evidence, Practice, PracticePartner
    from tests.security.test_cross_unit import CrossUnitTest

    owner = User.objects.get(username="xa.24781")
    CrossUnitTest.make_missing_objects(owner=owner)
    org = owner.memberships.get().organization
    rubric = CriteriaSet.objects.filter(criteria__isnull=False).first()
    contest = Contest.objects.filter(organizer=org).first()
    Round.objects.create(contest=contest, name="Vòng sơ khảo", criteria_set=rubric)
    practice = Practice.objects.filter(organization=org).first() or Practice.objects.first()
    entry = Entry.objects.create(contest=contest, kind="team", name="Đội xã", organization=org, practice=practice)
    Award.objects.create(contest=contest, entry=entry, title="Giải nhất", rank=1)
    assessment = Assessment.objects.filter(organization=org).first()
    assessment.criteria_set = rubric
    assessment.save(update_fields=["criteria_set"])
    AssessmentScore.objects.create(
        assessment=assessment, criterion=rubric.criteria.first(), score=Decimal(5), comment="Tốt"
    )
    other = practice.organization.children.first() or org.parent
    PracticePartner.objects.get_or_create(practice=practice, organization=other, defaults={"duty": "Phối hợp"})
    for target in Practice.objects.all():
        evidence = Evidence(
            practice=target, original_name="anh.png", kind="png", size=8, token=f"{target.pk:032x}",
            caption="Ảnh", is_public=True, uploaded_by=owner,
        )  # fmt: skip
        evidence.file.save(f"{evidence.token}.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=False)
        evidence.save()
    for case in Case.objects.all():
        attachment = Attachment(case=case, original_name="don.pdf", kind="pdf", size=9, token=f"{case.pk:031x}a")
        attachment.file.save(f"{attachment.token}.pdf", ContentFile(b"%PDF-1.7\n"), save=False)
        attachment.save()
        answer = Answer.objects.filter(case=case).first()
        if answer:
            answered = Attachment(
                case=case, answer=answer, original_name="tl.pdf", kind="pdf", size=9, token=f"{case.pk:031x}b"
            )
            answered.file.save(f"{answered.token}.pdf", ContentFile(b"%PDF-1.7\n"), save=False)
            answered.save()
    for dialogue in Dialogue.objects.all():
        DialogueQuestion.objects.create(
            dialogue=dialogue, source="public", text="Câu hỏi", answer="Trả lời", answered_by="Chủ tịch"
        )
    for user in User.objects.filter(username__in=("trunguong", "quantri", "xa.24781")):
        Notification.objects.create(
            recipient=user, kind="digest", subject="Tóm tắt", body="Nội dung", dedupe_key=f"xss-{user.pk}"
        )


def stamp(fields) -> dict[int, str]:
    """Write a numbered payload into every shown field of every row; return number → field label."""
    from audit.models import AuditEvent
    from audit.services import record
    from geo.models import AdminUnit
    from orgs.models import Organization

    numbered = {}
    units = set(Organization.objects.exclude(unit=None).values_list("unit", flat=True))
    units |= set(AdminUnit.objects.filter(pk__in=units).values_list("province_id", flat=True))
    for n, (model, name) in enumerate(fields, start=1):
        numbered[n] = label(model, name)
        field = model._meta.get_field(name)
        if model is AuditEvent:  # append-only: write a new event through audit.record
            with transaction.atomic():
                record(actor=None, action="update", **{name: payload(n, field.max_length)})
            continue
        rows = model.objects.filter(pk__in=units) if model is AdminUnit else model.objects.all()
        for pk in rows.values_list("pk", flat=True):
            text = payload(n, field.max_length)
            if field.max_length is None or len(text) + 8 <= field.max_length:
                text += f" #{pk}"  # unique constraints (a name per unit, per contest…)
            model.objects.filter(pk=pk).update(**{name: text})
    return numbered


class Findings:
    def __init__(self):
        self.live: list[str] = []
        self.seen: set[int] = set()

    def summary(self, examples: int = 3) -> list[str]:
        """One line per kind of finding and page (route), with a few examples: readable at a glance."""
        from django.urls import Resolver404, resolve

        groups: dict[str, list[str]] = {}
        for line in self.live:
            url = line.split(" GET ", 1)[-1].split(":", 1)[0].split(" ", 1)[0]
            try:
                route = resolve(url.split("?", 1)[0]).route
            except Resolver404:
                route = url
            kind = re.sub(r"\d+|'.*", "", line.split(": ", 1)[-1])[:60]
            groups.setdefault(f"{route} — {kind}", []).append(line)
        return [f"{key} ({len(v)}×), e.g. {v[:examples]}" for key, v in sorted(groups.items())]

    def check(self, who: str, url: str, response) -> None:
        ctype = response.get("Content-Type", "")
        where = f"{who} GET {url}"
        if response.status_code >= 500:
            self.live.append(f"{where} → {response.status_code}")
            return
        if response.status_code != 200:
            return
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if response.get("X-Content-Type-Options") != "nosniff":
            self.live.append(f"{where}: no X-Content-Type-Options: nosniff")
        if not ctype.startswith(("text/html", "application/json")):
            # A file: a download, unless it is a showcase photo (an <img>, locked down by its CSP).
            inline_image = (
                ctype.startswith("image/") and response.get("Content-Security-Policy") == "default-src 'none'"
            )
            if not inline_image and not response.get("Content-Disposition", "").startswith("attachment"):
                self.live.append(f"{where}: {ctype} served without Content-Disposition: attachment")
        if "spreadsheetml" in ctype:
            self._xlsx(where, body)
        elif "wordprocessingml" in ctype:
            self._docx(where, body)
        elif ctype.startswith("application/json"):
            self.seen |= {int(n) for n in MARK.findall(body.decode())}  # JSON is data, not markup
        elif ctype.startswith("text/html"):
            text = body.decode("utf-8", "replace")
            for pattern in LIVE:
                if m := pattern.search(text):
                    self.live.append(f"{where}: {text[max(0, m.start() - 60) : m.end() + 20]!r}")
            self.seen |= {int(n) for n in MARK.findall(text)}
        elif ctype.startswith("text/csv"):
            # Data, not markup: what matters is that no cell would run as a spreadsheet formula.
            import csv as _csv

            for row in _csv.reader(body.decode("utf-8").splitlines()):
                for cell in row:
                    if cell.startswith(("=", "+", "-", "@")) and "xss(" in cell:
                        self.live.append(f"{where}: a formula cell in CSV {cell[:40]!r}")
        elif b"xss(" in body:
            self.live.append(f"{where}: payload served as {ctype}")

    def _xlsx(self, where: str, body: bytes) -> None:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(body))  # formulas kept as written (data_only=False)
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and "xss(" in cell.value:
                        self.seen |= {int(n) for n in MARK.findall(cell.value)}
                        if cell.data_type == "f":
                            self.live.append(f"{where}: formula cell {sheet.title}!{cell.coordinate}")

    def _docx(self, where: str, body: bytes) -> None:
        from docx import Document

        try:
            doc = Document(io.BytesIO(body))
        except (zipfile.BadZipFile, ValueError, KeyError) as e:
            self.live.append(f"{where}: the document does not open ({e})")
            return
        texts = [p.text for p in doc.paragraphs]
        texts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
        self.seen |= {int(n) for n in MARK.findall("\n".join(texts))}


class XssTest(TestCase):
    @classmethod
    def setUpClass(cls):
        cls.media = tempfile.mkdtemp()
        cls.media_override = override_settings(MEDIA_ROOT=cls.media)
        cls.media_override.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.media_override.disable()
        shutil.rmtree(cls.media, ignore_errors=True)

    @classmethod
    def setUpTestData(cls):
        load_units()
        call_command("load_demo", stdout=io.StringIO())
        make_missing_rows()

    def test_every_free_text_field_is_registered_or_checked(self):
        stale = (set(NOT_FREE_TEXT) | set(NOT_SHOWN_YET)) - {label(m, f) for m, f in free_text_fields()}
        self.assertEqual(stale, set(), "NOT_FREE_TEXT or NOT_SHOWN_YET name fields that no longer exist")
        self.assertGreater(len(self.shown_fields()), 60)

    @staticmethod
    def shown_fields():
        return [(m, f) for m, f in free_text_fields() if label(m, f) not in NOT_FREE_TEXT]

    def test_payloads_in_every_field_come_back_escaped_everywhere(self):
        from tests.security.crawl import crawl, seeds
        from tests.security.test_every_url import PUBLIC_PREFIXES

        self.maxDiff = None
        numbered = stamp(self.shown_fields())
        from portal import opendata

        opendata.generate()  # the public figures' release, made from the payloads (else its pages answer 503)
        findings = Findings()
        for username in ("trunguong", "quantri", "xa.24781", "thamdinh.lamdong"):
            user = User.objects.get(username=username)
            client = Client(raise_request_exception=False)
            client.force_login(user)
            for url, response in crawl(client, seeds(user)):
                findings.check(username, url, response)
        anonymous = Client(raise_request_exception=False)
        public = seeds(None, public_only=True, public_prefixes=PUBLIC_PREFIXES)
        for url, response in crawl(anonymous, public, allow=lambda p: p.startswith(PUBLIC_PREFIXES)):
            findings.check("anonymous", url, response)
        unseen = sorted(numbered[n] for n in set(numbered) - findings.seen if numbered[n] not in NOT_SHOWN_YET)
        # "live": hostile text came back as markup, a formula or a file served inline;
        # "unseen": fields shown nowhere — find the page that shows them, or register them in NOT_SHOWN_YET.
        self.assertEqual({"live": findings.summary(), "unseen": unseen}, {"live": [], "unseen": []})

    def test_payloads_sent_through_the_public_forms_are_stored_as_typed_and_shown_escaped(self):
        from cases.models import Case, Topic
        from geo.selectors import units_on
        from meetings.models import Dialogue

        cache.clear()
        hostile = payload(1, 300)
        commune = units_on(dt.date.today()).get(code="24781")
        client = Client()
        r = client.post(
            "/gui-y-kien/",
            {
                "kind": "feedback",
                "topic": Topic.objects.filter(is_active=True).first().pk,
                "unit": commune.code,
                "title": hostile,
                "content": hostile + "\n" + payload(2, None),
                "people_count": 1,
                "full_name": payload(3, 200),
                "address": payload(4, 300),
            },
            REMOTE_ADDR="10.9.9.9",
        )
        self.assertEqual(r.status_code, 302, r.content.decode()[:2000])
        sent = client.get(r["Location"])
        private = re.search(r"/gui-y-kien/theo-doi/[^\"'<\s]+", sent.content.decode()).group(0)
        case = Case.objects.get(title=hostile)
        self.assertEqual(case.petitioner.full_name, payload(3, 200))
        findings = Findings()
        for url in (r["Location"], private, f"/gui-y-kien/tra-cuu/?ma={case.code}"):
            findings.check("citizen", url, client.get(url))
        officer = Client()
        officer.force_login(User.objects.get(username="trunguong"))
        for url in (f"/y-kien/{case.pk}/?xem=nguoi-gui", "/y-kien/", f"/api/v1/cases/{case.pk}/"):
            findings.check("trunguong", url, officer.get(url))
        self.assertEqual(findings.live, [])
        self.assertTrue({1, 2, 3, 4} <= findings.seen, findings.seen)

        dialogue = Dialogue.objects.first()
        dialogue.starts_at = dt.datetime.now(dt.UTC) + dt.timedelta(days=20)
        dialogue.status = "announced"
        dialogue.save(update_fields=["starts_at", "status"])
        r = client.post(f"/gui-y-kien/doi-thoai/{dialogue.pk}/", {"text": payload(5, None)}, REMOTE_ADDR="10.9.9.8")
        self.assertLess(r.status_code, 400)
        self.assertTrue(dialogue.questions.filter(text=payload(5, None)).exists())
        findings.check(
            "trunguong", f"/y-kien/doi-thoai/{dialogue.pk}/", officer.get(f"/y-kien/doi-thoai/{dialogue.pk}/")
        )
        self.assertEqual(findings.live, [])
        self.assertIn(5, findings.seen)
