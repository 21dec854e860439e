"""The hostile-file corpus (tests/security/hostile_files.py) against every endpoint that takes a file (issue 18, the
general defences): each hostile file, posted by a user allowed to upload there, is refused — never a 5xx, a 4xx or a
page with a Vietnamese error — and leaves no row and no stored file behind.

The endpoints are found, not listed by hand: API operations whose OpenAPI request body has a binary property, and
pages whose view reads ``request.FILES`` (directly or to bind a form). An endpoint found without an entry in
ENDPOINTS below fails the suite, so a new upload cannot ship without meeting the corpus."""

from __future__ import annotations

import inspect
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from cases import handling as case_services
from cases.models import Answer, Attachment, Case
from dashboards.models import CommuneBoundary
from democracy.models import Disclosure, DisclosureCategory, DisclosureFile
from documents import services as document_services
from documents.models import Document
from geo.models import AdminUnit
from practices.models import Evidence, Practice
from tests.base import BaseTestCase
from tests.cases.helpers import submit, topic
from tests.practices.test_views import FORM as PRACTICE_FORM
from tests.security import hostile_files as hf

# What a refusal says (lib/uploads.py, lib/sheets.py, the import pages).
REFUSAL = re.compile(
    r"Tệp “|Ảnh “|Không đọc được tệp|không đúng mẫu|không đúng định dạng|vượt giới hạn|không được phép|rỗng|"
    r"Chưa chọn tệp|Hãy chọn tệp|tệp hỏng|không phải CSV hay Excel|không phải GeoJSON|Thiếu cột"
)


def _evidence_corpus(extension: str) -> list[tuple[str, bytes]]:
    """Stored files (evidence, attachments): executables, polyglots, absurd images, broken and bomb-like ZIPs.
    A workbook that only declares a huge sheet is not here: a stored file is never parsed, so it is rightly kept."""
    return [
        (f"tep.{extension}", b""),
        (f"tep.{extension}", hf.ELF),
        (f"tep.{extension}", hf.MZ),
        ("tep.docx", hf.truncated_zip()),
        ("tep.pdf", hf.polyglot(hf.PDF_HEAD)),
        ("anh.jpg", hf.polyglot(hf.JPEG_HEAD)),
        ("anh.png", hf.huge_png()),
        ("bang.xlsx", hf.padded_workbook()),
        ("bang.xlsx", hf.shared_strings_bomb()),
        ("bang.xlsx", hf.many_entries_workbook()),
    ]


def _import_corpus() -> list[tuple[str, bytes]]:
    """Spreadsheet imports: everything above named .xlsx, and the workbooks that are bombs only once parsed."""
    return [
        ("nhap.xlsx", b""),
        ("nhap.xlsx", hf.ELF),
        ("nhap.xlsx", hf.MZ),
        ("nhap.xlsx", hf.truncated_zip()),
        ("nhap.xlsx", hf.polyglot(hf.PDF_HEAD)),
        ("nhap.xlsx", hf.huge_png()),
        ("nhap.xlsx", hf.padded_workbook()),
        ("nhap.xlsx", hf.shared_strings_bomb()),
        ("nhap.xlsx", hf.shared_strings_bomb(8 * hf.MIB, compressible=False)),
        ("nhap.xlsx", hf.declared_dimension_bomb()),
        ("nhap.xlsx", hf.far_row_workbook()),
        ("nhap.xlsx", hf.many_entries_workbook()),
        ("nhap.xlsx", hf.many_rows_workbook(120_000)),
    ]


@dataclass
class Endpoint:
    """How to post a file to one endpoint: ``post(test, client_or_api, name, data)`` returns the response;
    ``rows`` counts what a wrongly accepted file would have created."""

    corpus: str  # "evidence" or "import"
    post: Callable
    rows: Callable[[], tuple]
    api: bool = False
    admin: bool = False  # posted by an administrator (the units import, the documents library)


def _case_rows():
    return Case.objects.count(), Attachment.objects.count(), Answer.objects.count()


def _practice_rows():
    return Practice.objects.count(), Evidence.objects.count()


def _document_rows():
    return (Document.objects.count(), *Document.objects.order_by("pk").values_list("file", flat=True))


def _document_form():
    return {"code": "40-KH/TU", "kind": "plan", "title": "Kế hoạch", "issuer": "Tỉnh ủy", "visibility": "public"}


def _programme_rows():
    from programmes.models import Result, ResultPhoto, TaskEvidence, TaskNote

    return TaskNote.objects.count(), TaskEvidence.objects.count(), Result.objects.count(), ResultPhoto.objects.count()


PROGRAMME_IDS: dict[str, int] = {}


def _result_form():
    return {"visit": PROGRAMME_IDS["visit"], "item": PROGRAMME_IDS["item"], "rating": "met"}


def _programme_objects(p) -> dict:
    """A task of the commune's Party committee and an inspection in progress with the committee on its team."""
    import datetime as dt

    from programmes import inspections, services

    programme = services.programme_create(
        by=p.central, organization=p.province_org, title="Chương trình phối hợp", start_year=2026, end_year=2027,
        parties=[(p.commune_org, "member")],
    )  # fmt: skip
    plan = services.plan_create(programme=programme, by=p.central, year=2026)
    task = services.task_create(plan=plan, by=p.central, title="Nhiệm vụ", owner=p.commune_org,
                                deadline=dt.date(2026, 12, 31))  # fmt: skip
    item = inspections.checklist_item_add(by=p.central, programme=programme, text="Nội dung kiểm tra")
    inspection = inspections.inspection_create(
        by=p.central, organization=p.province_org, programme=programme, title="Kiểm tra",
        date_from=dt.date(2026, 4, 1), date_to=dt.date(2026, 4, 2), members=[("Thành viên", "", p.commune_org)],
        visits=[(p.commune, None, None)],
    )  # fmt: skip
    inspections.inspection_start(inspection=inspection, by=p.central)
    PROGRAMME_IDS.update(visit=inspection.visits.get().pk, item=item.pk)
    return {"task": task.pk, "inspection": inspection.pk}


def _disclosure_rows():
    return Disclosure.objects.count(), DisclosureFile.objects.count()


def _disclosure_form():
    return {"organization": "{org}", "category": "{category}", "title": "Dự toán ngân sách 2026",
            "board_posted_on": "2026-01-20"}  # fmt: skip


def _public_form():
    return {
        "kind": "feedback",
        "topic": topic().pk,
        "unit": "24820",
        "title": "Đường hỏng",
        "content": "Đường liên thôn hỏng nặng.",
        "people_count": 1,
    }


def _record_form():
    return {**_public_form(), "channel": "in_person", "received_on": "2026-08-26"}


def _api_form(form: Callable[[], dict]) -> Callable[[], dict]:
    return lambda: {**form(), "topic": "dat-dai"}  # the API names a topic by its code


def _page(url: str, extra: Callable[[], dict] = dict, field: str = "files"):
    def post(test, client, name, data):
        body = {k: v.format(**test.ids) if isinstance(v, str) else v for k, v in extra().items()}
        return client.post(url.format(**test.ids), {**body, field: SimpleUploadedFile(name, data)}, follow=True)

    return post


def _api(url: str, extra: Callable[[], dict] = dict, field: str = "files"):
    def post(test, api, name, data):
        return api.post(url.format(**test.ids), {**extra(), field: SimpleUploadedFile(name, data)}, format="multipart")

    return post


# Keyed by the URL name (pages; "name action" for a view that acts by a slug) or "METHOD path" (API operations).
ENDPOINTS: dict[str, Endpoint] = {
    "cases_public:submit": Endpoint("evidence", _page("/gui-y-kien/", _public_form), _case_rows),
    "cases:record": Endpoint("evidence", _page("/y-kien/ghi-nhan/", _record_form), _case_rows),
    "cases:act answer": Endpoint("evidence", _page("/y-kien/{case}/answer/", lambda: {"text": "Trả lời"}), _case_rows),
    "cases:import": Endpoint("import", _page("/y-kien/nhap-excel/", field="file"), _case_rows),
    "practices:act evidence": Endpoint(
        "evidence", _page("/dan-van-kheo/{practice}/evidence/", field="file"), _practice_rows
    ),
    "practices:import": Endpoint(
        "import", _page("/dan-van-kheo/nhap-excel/", lambda: {"organization": "{org}"}, field="file"), _practice_rows
    ),
    "geo:import": Endpoint("import", _page("/don-vi/nhap/", field="file"), lambda: (AdminUnit.objects.count(),)),
    "dashboards:boundaries": Endpoint(
        "import",
        _page("/bang-dieu-hanh/ranh-gioi-xa/", lambda: {"hierarchy_date": "2026-01-01"}, field="file"),
        lambda: (CommuneBoundary.objects.count(),),
        admin=True,
    ),
    "POST /api/v1/cases/": Endpoint("evidence", _api("/api/v1/cases/", _api_form(_record_form)), _case_rows, api=True),
    "POST /api/v1/cases/intake/": Endpoint(
        "evidence", _api("/api/v1/cases/intake/", _api_form(_public_form)), _case_rows, api=True
    ),
    "POST /api/v1/cases/import/": Endpoint("import", _api("/api/v1/cases/import/", field="file"), _case_rows, api=True),
    "POST /api/v1/cases/{id}/answer/": Endpoint(
        "evidence", _api("/api/v1/cases/{case}/answer/", lambda: {"text": "Trả lời"}), _case_rows, api=True
    ),
    "programmes:task_act bao-cao": Endpoint(
        "evidence", _page("/chuong-trinh/nhiem-vu/{task}/bao-cao/", lambda: {"text": "Đã làm"}), _programme_rows
    ),
    "programmes:inspection_act ket-qua": Endpoint(
        "evidence",
        _page("/chuong-trinh/kiem-tra/{inspection}/ket-qua/", _result_form, field="photos"),
        _programme_rows,
    ),
    "POST /api/v1/programmes/tasks/{id}/notes/": Endpoint(
        "evidence",
        _api("/api/v1/programmes/tasks/{task}/notes/", lambda: {"text": "Đã làm"}),
        _programme_rows,
        api=True,
    ),
    "POST /api/v1/programmes/inspections/{id}/results/": Endpoint(
        "evidence",
        _api("/api/v1/programmes/inspections/{inspection}/results/", _result_form, field="photos"),
        _programme_rows,
        api=True,
    ),
    "POST /api/v1/practices/{id}/evidence/": Endpoint(
        "evidence", _api("/api/v1/practices/{practice}/evidence/", field="file"), _practice_rows, api=True
    ),
    "documents:create": Endpoint(
        "evidence", _page("/van-ban/them/", _document_form, field="file"), _document_rows, admin=True
    ),
    "documents:edit": Endpoint(
        "evidence", _page("/van-ban/{document}/sua/", _document_form, field="file"), _document_rows, admin=True
    ),
    "POST /api/v1/documents/": Endpoint(
        "evidence", _api("/api/v1/documents/", _document_form, field="file"), _document_rows, api=True, admin=True
    ),
    "POST /api/v1/documents/{id}/file/": Endpoint(
        "evidence", _api("/api/v1/documents/{document}/file/", field="file"), _document_rows, api=True, admin=True
    ),
    "democracy:disclosure_new": Endpoint(
        "evidence", _page("/dan-chu/cong-khai/moi/", _disclosure_form, field="file"), _disclosure_rows
    ),
    "POST /api/v1/democracy/disclosures/{id}/files/": Endpoint(
        "evidence", _api("/api/v1/democracy/disclosures/{disclosure}/files/", field="file"), _disclosure_rows, api=True
    ),
}


def _patterns(resolver=None, prefix="", namespace=None):
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(filter(None, (namespace, p.namespace))) or None
            yield from _patterns(p, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p.callback, f"{namespace}:{p.name}" if namespace else p.name


def file_pages() -> dict[str, str]:
    """URL name → route of every page (non-API, non-admin) view that reads an uploaded file: ``request.FILES``, used
    directly or to bind a form (a view that only renders an unbound upload form posts it to another view)."""
    found = {}
    for route, callback, name in _patterns():
        if route.startswith(("api/", "quan-tri/")) or hasattr(callback, "cls"):
            continue
        view = inspect.unwrap(callback)
        tables = _action_tables(view)
        if tables:  # a view acting by a slug (lib.actions.dispatch): each action's handler is looked at on its own
            for table in tables:
                for action, handler in table.items():
                    if "FILES" in inspect.getsource(handler):
                        found[f"{name} {action}"] = route
        elif "FILES" in inspect.getsource(view):
            found[name] = route
    return found


def _action_tables(view) -> list[dict]:
    """The ``{action: handler}`` tables a view hands to ``lib.actions.dispatch``, found by name in its module."""
    source = inspect.getsource(view)
    if "dispatch(" not in source:
        return []
    module = inspect.getmodule(view)
    return [
        value
        for key, value in vars(module).items()
        if isinstance(value, dict)
        and value
        and all(inspect.isfunction(v) for v in value.values())
        and re.search(rf"\b{re.escape(key)}\b", source)
    ]


def file_operations() -> set[str]:
    """ "METHOD path" of every API operation whose request body has a binary (file) property."""
    schema = SchemaGenerator().get_schema(request=None, public=True)

    def has_binary(node, depth=0):
        while "$ref" in node:
            node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
        if node.get("format") == "binary":
            return True
        children = [*node.get("properties", {}).values(), node.get("items", {})]
        return depth < 4 and any(has_binary(c, depth + 1) for c in children if c)

    found = set()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {}) if isinstance(operation, dict) else {}
            if any(has_binary(media.get("schema", {})) for media in content.values()):
                found.add(f"{method.upper()} {path}")
    return found


class EveryUploadEndpointIsCoveredTest(BaseTestCase):
    def test_every_endpoint_that_takes_a_file_has_a_corpus_entry(self):
        found = set(file_pages()) | file_operations()
        missing = found - set(ENDPOINTS)
        self.assertFalse(
            missing,
            f"New upload endpoints without a hostile-file corpus entry: {sorted(missing)}. Add each to ENDPOINTS in "
            "tests/security/test_hostile_corpus.py (which corpus, how to post, which rows it would create).",
        )
        gone = set(ENDPOINTS) - found
        self.assertFalse(gone, f"ENDPOINTS lists what is no longer an upload: {sorted(gone)}")

    def test_the_admin_has_no_file_field_to_bypass_the_checks(self):
        """The admin is left out of the discovery: none of its models has a file field."""
        from django.contrib import admin
        from django.db import models

        for model in admin.site._registry:
            with self.subTest(model=model.__name__):
                self.assertFalse([f for f in model._meta.get_fields() if isinstance(f, models.FileField)])


class HostileCorpusTest(BaseTestCase):
    @classmethod
    def setUpClass(cls):
        cls.media = tempfile.mkdtemp(prefix="danvan-corpus-media-")
        cls.media_override = override_settings(MEDIA_ROOT=cls.media, CASES_RATE_LIMIT=100_000)
        cls.media_override.enable()
        super().setUpClass()
        cls.corpora = {"evidence": _evidence_corpus("pdf"), "import": _import_corpus()}

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.media_override.disable()
        shutil.rmtree(cls.media, ignore_errors=True)

    def stored_files(self) -> list[str]:
        return sorted(os.path.join(d, f) for d, _, files in os.walk(self.media) for f in files)

    def setUp(self):
        cache.clear()
        case, _ = submit(self.p, ip="203.0.113.21")
        case_services.case_accept(case=case, by=self.p.commune_officer)
        self.login(self.p.commune_officer)
        r = self.client.post("/dan-van-kheo/dang-ky/", {**PRACTICE_FORM, "organization": self.p.commune_org.pk})
        self.assertEqual(r.status_code, 302)
        document = document_services.document_create(by=self.p.admin, kind="plan", title="Kế hoạch", issuer="Tỉnh ủy")
        self.ids = {
            "case": case.pk,
            "practice": Practice.objects.latest("pk").pk,
            "org": self.p.commune_org.pk,
            "document": document.pk,
        }
        self.ids.update(_programme_objects(self.p))
        category = DisclosureCategory.objects.get(code="du-toan-ngan-sach")
        disclosure = Disclosure.objects.create(
            unit=self.p.commune, organization=self.p.commune_org, category=category, title="Dự toán",
            created_by=self.p.commune_officer,
        )  # fmt: skip
        self.ids.update(category=category.pk, disclosure=disclosure.pk)

    def test_every_hostile_file_is_refused_everywhere_and_leaves_nothing(self):
        # The unit import is the administrator's; every other endpoint the commune officer's (or anyone's).
        self.login(self.p.commune_officer)
        api = APIClient()
        api.force_authenticate(self.p.commune_officer)
        admin = self.client_class()
        admin.force_login(self.p.admin)
        admin_api = APIClient()
        admin_api.force_authenticate(self.p.admin)
        for key, endpoint in ENDPOINTS.items():
            if endpoint.api:
                client = admin_api if endpoint.admin else api
            else:
                client = admin if key == "geo:import" or endpoint.admin else self.client
            for name, data in self.corpora[endpoint.corpus]:
                with self.subTest(endpoint=key, file=name, head=data[:8], size=len(data)):
                    rows, files = endpoint.rows(), self.stored_files()
                    r = endpoint.post(self, client, name, data)
                    self.assertLess(r.status_code, 500)
                    text = r.content.decode(errors="replace")
                    if r.status_code < 400:
                        self.assertFalse(endpoint.api, f"the API accepted it: {r.status_code} {text[:300]}")
                    main = re.sub(r"<[^>]+>|\s+", " ", text.split('<main id="main">')[-1])[:1500]
                    self.assertTrue(REFUSAL.search(text), f"{r.status_code}, no refusal said: {main}")
                    self.assertEqual(endpoint.rows(), rows, "a row was stored")
                    self.assertEqual(self.stored_files(), files, "a file was left in MEDIA_ROOT")

    def test_a_workbook_that_only_declares_a_huge_sheet_is_kept_as_evidence(self):
        """Stored evidence is never parsed: a declared dimension is not a danger there (the imports refuse it)."""
        n = Evidence.objects.count()
        r = self.client.post(
            f"/dan-van-kheo/{self.ids['practice']}/evidence/",
            {"file": SimpleUploadedFile("bang.xlsx", hf.declared_dimension_bomb())},
        )
        self.assertEqual(r.status_code, 302)
        self.assertEqual(Evidence.objects.count(), n + 1)
