"""An IDOR test generated from the URL list (issue 18, general defence).

Every URL pattern with a parameter (pages, API, files, exports, htmx partials) is found by walking
``django.urls.get_resolver()``. Each must match an entry of ``FACTORIES`` — a factory that makes the object it names
in another province (Quảng Ngãi) and returns the URL's keyword arguments, every id real (the practice *and* its
evidence, the contest *and* its entry and round) — or of ``EXEMPT``, with the reason it is public or names no object
of an area. Then officers of Lâm Đồng (commune and province) ask for each URL with GET and POST: the answer must be
404 (or 405 for a method the view does not take, which does not depend on the object), never a page, a redirect or
a 403 that would confirm the object exists, and nothing is written.

A new URL pattern with an id that matches no entry fails ``test_every_url_with_an_id_has_a_factory_or_an_exemption``
and names the route to add. Models are found by class name (``_model``), so moving a model between apps does not
break the table.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Callable
from decimal import Decimal

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase, override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from audit.models import AuditEvent
from orgs.models import Role
from tests.factories import Personas, make_user

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 40

# Route prefixes (regular expressions on the full route) that need no factory, each with its reason.
EXEMPT: dict[str, str] = {
    r"^du-lieu-mo/<slug:key>.<str:fmt>": "open data: a dataset name and format, public national aggregates",
    r"^quan-tri/": "Django's admin: staff only, its own permission system, national by design",
    r"^gui-y-kien/da-gui/<str:code>/": "the citizen's receipt page, addressed by the case code only (shows no data)",
    r"^gui-y-kien/theo-doi/<str:code>/<str:token>/": "the citizen's private link: a code and a secret token",
    r"^gui-y-kien/xac-nhan/<int:subscription_id>/<str:token>/": "a citizen's confirmation link: an id and a secret "
    "token (a wrong token is a 404 whatever the id)",
    r"^gui-y-kien/ngung-nhan/<str:token>/": "a citizen's one-click stop link: a value signed with the server's key",
    r"^gui-y-kien/doi-thoai/<int:pk>/": "a published dialogue is a public announcement",
    r"^api/v1/cases/dialogues/<int:pk>/public-question/": "citizens send questions to a published dialogue",
    r"^mo-hinh-tieu-bieu/": "the public showcase: recognised practices, nothing private",
    r"^(api/v1/units|don-vi)/<str:code>/": "administrative units are public data",
    r"^tai-khoan/dat-lai/<uidb64>/<token>/": "password reset: a signed token",
    r"^bao-cao/(tong-hop|hoi-nghi)/<int:period_id>/": "a report period is national; the page shows the user's own area",
    r"^(api/v1/documents|van-ban)/<int:pk>/": "the documents library is national: public documents for everyone, "
    "internal ones for every member; changing one is checked by documents.services.can_edit (tests/documents)",
    r"^api/v1/citations/<int:pk>/": "DELETE only (GET and POST are 405), scoped by the citing object: another area's "
    "officer gets 404 (tests/documents/test_api.py)",
    r"^van-ban/can-cu/<slug:action>/": "names no object in its path; the object in the body is checked by can_cite",
    r"^dan-chu-co-so/": "a commune's public disclosures, published consultation results and the household vote",
    r"^api/v1/democracy/public/": "the public reads of disclosures and results, and the household vote (a code)",
    r"^static/": "static files",
    r"^api/v1/practices/labels/<int:pk>/": "titles and programmes are national data; a change needs a national role",
    r"^media/": "media files are served only through the views above",
}


def _model(name: str):
    """A model by class name, wherever its app lives (reception and dialogues may move to their own app)."""
    found = [m for m in apps.get_models() if m.__name__ == name]
    assert len(found) == 1, f"model {name}: {found}"
    return found[0]


class World:
    """Personas, an officer of Quảng Ngãi who owns the objects, and a cache of what the factories made."""

    def __init__(self):
        self.p = Personas.create()
        self.owner = make_user("canbo-quangngai", self.p.far_org, Role.OFFICER)
        self.made: dict[str, dict] = {}

    def get(self, name: str) -> dict:
        if name not in self.made:
            self.made[name] = MAKERS[name](self)
        return self.made[name]


# ------------------------------------------------------------------ the objects, each in another province


def make_practice(w: World) -> dict:
    from practices import services
    from practices.models import Field, Kind
    from tests.practices.test_lifecycle import COMPLETE

    practice = services.practice_register(
        by=w.owner,
        organization=w.p.far_org,
        unit=w.p.far_commune,
        name="Bếp ăn tình thương",
        kind=Kind.MODEL,
        field=Field.SOCIETY,
        **COMPLETE,
    )
    evidence = services.evidence_add(
        practice=practice, by=w.owner, upload=SimpleUploadedFile("anh.png", PNG), caption="", is_public=True
    )
    return {"pk": practice.pk, "evidence_id": evidence.pk}


def make_case(w: World) -> dict:
    from tests.cases.helpers import pdf, submit

    case, _token = submit(w.p, unit=w.p.far_commune, files=[pdf()])
    assert case.organization_id == w.p.far_org.pk, "the case must be handled in Quảng Ngãi"
    return {"pk": case.pk, "file_id": case.attachments.get().pk}


def make_hotspot(w: World) -> dict:
    from cases import situations

    hotspot = situations.hotspot_confirm(by=w.owner, unit=w.p.far_commune, title="Tụ tập đông người ở Cẩm Thành")
    return {"pk": hotspot.pk}


def make_report(w: World) -> dict:
    from reports import services
    from reports.catalogue import standard_form

    Report = _model("Report")
    period = services.period_open(form=standard_form(), year=2026, number=1, by=w.p.central)
    return {"pk": Report.objects.get(organization=w.p.far_org, period=period).pk}


def make_contest(w: World) -> dict:
    CriteriaSet, Criterion = _model("CriteriaSet"), _model("Criterion")
    Contest, Round, Entry = _model("Contest"), _model("Round"), _model("Entry")
    rubric = CriteriaSet.objects.create(name="Bộ tiêu chí hội thi", owner=w.p.far_org, pass_mark=Decimal(5))
    Criterion.objects.create(criteria_set=rubric, description="Nội dung", max_score=Decimal(10))
    contest = Contest.objects.create(name="Hội thi Dân vận khéo Quảng Ngãi", organizer=w.p.far_org, year=2026)
    round_ = Round.objects.create(contest=contest, order=1, name="Vòng chung kết", criteria_set=rubric)
    entry = Entry.objects.create(contest=contest, kind="team", name="Đội phường Cẩm Thành", organization=w.p.far_org)
    return {"pk": contest.pk, "entry_id": entry.pk, "round_id": round_.pk}


def make_assessment(w: World) -> dict:
    CriteriaSet, Assessment = _model("CriteriaSet"), _model("Assessment")
    rubric = CriteriaSet.objects.create(name="Bộ tiêu chí dân vận chính quyền", owner=w.p.far_org, pass_mark=Decimal(5))
    assessment = Assessment.objects.create(
        organization=w.p.far_org, year=2026, criteria_set=rubric, assessor=w.owner, total=Decimal(80), grade="good"
    )
    return {"pk": assessment.pk}


HOURS = {"start_time": dt.time(8), "end_time": dt.time(11), "place": "Trụ sở", "leader_title": "Chủ tịch"}


def make_schedule(w: World) -> dict:
    schedule = _model("ReceptionSchedule").objects.create(
        organization=w.p.far_org, weekday=1, valid_from=dt.date(2026, 1, 1), created_by=w.owner, **HOURS
    )
    return {"pk": schedule.pk}


def make_session(w: World) -> dict:
    schedule = _model("ReceptionSchedule").objects.get(pk=w.get("schedule")["pk"])
    session = _model("ReceptionSession").objects.create(
        organization=w.p.far_org, schedule=schedule, date=dt.date(2026, 12, 1), created_by=w.owner, **HOURS
    )
    return {"pk": session.pk}


def make_dialogue(w: World) -> dict:
    dialogue = _model("Dialogue").objects.create(
        organization=w.p.far_org,
        unit=w.p.far_commune,
        title="Đối thoại về giải phóng mặt bằng",
        starts_at=dt.datetime(2026, 12, 20, 8, tzinfo=dt.UTC),
        place="Hội trường",
        announced_on=dt.date(2026, 11, 1),
        created_by=w.owner,
    )
    return {"pk": dialogue.pk}


def make_commitment(w: World) -> dict:
    dialogue = _model("Dialogue").objects.get(pk=w.get("dialogue")["pk"])
    commitment = _model("Commitment").objects.create(
        dialogue=dialogue, text="Sửa đường", owner=w.p.far_org, deadline=dt.date(2027, 1, 31), created_by=w.owner
    )
    return {"pk": commitment.pk}


def make_organization(w: World) -> dict:
    return {"pk": w.p.far_org.pk}


def make_report_form(w: World) -> dict:
    from reports import config

    form = config.form_create(
        by=w.owner, owner=w.p.far_org, code="quang-ngai-nhanh", name="Báo cáo nhanh Quảng Ngãi",
        period_type="month", tiers=["commune"], org_types=[w.p.far_org.org_type],
    )  # fmt: skip
    return {"pk": form.pk}


def make_indicator(w: World) -> dict:
    from reports import config

    indicator = config.indicator_create(
        by=w.owner, owner=w.p.far_org, code="quang-ngai-rieng", name="Riêng", unit="cái"
    )
    return {"pk": indicator.pk}


def make_rubric(w: World) -> dict:
    from practices import rubrics

    rubric = rubrics.rubric_create(
        by=w.owner, owner=w.p.far_org, name="Bộ tiêu chí Quảng Ngãi", pass_mark=Decimal(5),
        criteria=[("Hiệu quả", Decimal(10))],
    )  # fmt: skip
    return {"pk": rubric.pk}


def make_notification(w: World) -> dict:
    notification = _model("Notification").objects.create(
        recipient=w.owner, kind="case", subject="Vụ việc mới", body="…", url="/y-kien/", dedupe_key="idor:1"
    )
    return {"pk": notification.pk}


def make_programme(w: World) -> dict:
    from programmes import inspections, services

    programme = services.programme_create(
        by=w.owner, organization=w.p.far_org, title="Chương trình phối hợp", start_year=2026, end_year=2027
    )
    plan = services.plan_create(programme=programme, by=w.owner, year=2026)
    task = services.task_create(
        plan=plan, by=w.owner, title="Nhiệm vụ", owner=w.p.far_org, deadline=dt.date(2026, 12, 1)
    )
    inspections.checklist_item_add(by=w.owner, programme=programme, text="Nội dung kiểm tra")
    inspection = inspections.inspection_create(
        by=w.owner, organization=w.p.far_org, programme=programme, title="Kiểm tra", date_from=dt.date(2026, 4, 1),
        date_to=dt.date(2026, 4, 2), members=[("Thành viên", "", w.p.far_org)], visits=[(w.p.far_commune, None, None)],
    )  # fmt: skip
    return {"pk": programme.pk, "plan": plan.pk, "task": task.pk, "inspection": inspection.pk}


def make_plan(w: World) -> dict:
    return {"pk": w.get("programme")["plan"]}


def make_task(w: World) -> dict:
    return {"pk": w.get("programme")["task"]}


def make_inspection(w: World) -> dict:
    return {"pk": w.get("programme")["inspection"]}


def make_democracy(w: World) -> dict:
    """One of each democracy object in Quảng Ngãi's commune: a disclosure, a consultation with an opinion group,
    a village rule version, a board with a session and a recommendation."""
    from democracy import models as d

    when = dt.datetime(2026, 12, 20, 8, tzinfo=dt.UTC)
    unit, org = w.p.far_commune, w.p.far_org
    category = d.DisclosureCategory.objects.get(code="du-toan-ngan-sach")
    disclosure = d.Disclosure.objects.create(unit=unit, organization=org, category=category, title="Dự toán",
                                             created_by=w.owner)  # fmt: skip
    consultation = d.Consultation.objects.create(
        unit=unit, organization=org, subject="Làm đường", scope="commune", kind="opinion", form="meeting",
        opens_at=when, closes_at=when + dt.timedelta(days=3), created_by=w.owner,
    )  # fmt: skip
    group = d.OpinionGroup.objects.create(consultation=consultation, summary="Ý kiến", count=2)
    rule = d.VillageRule.objects.create(unit=unit, organization=org, kind="huong_uoc", village="Thôn 1", title="HƯ")
    version = d.VillageRuleVersion.objects.create(rule=rule, number=1, text="Điều 1")
    board = d.Board.objects.create(unit=unit, organization=org, kind="inspection", name="Ban TTND",
                                   term_start=dt.date(2026, 1, 1), created_by=w.owner)  # fmt: skip
    session = d.SupervisionSession.objects.create(board=board, unit=unit, held_on=dt.date(2026, 3, 1),
                                                  subject="Quỹ đường", created_by=w.owner)  # fmt: skip
    rec = d.Recommendation.objects.create(session=session, unit=unit, text="Công khai", addressee=org,
                                          answer_due=dt.date(2026, 3, 20), created_by=w.owner)  # fmt: skip
    return {"disclosure": disclosure.pk, "consultation": consultation.pk, "opinion": group.pk, "rule": rule.pk,
            "version": version.pk, "board": board.pk, "session": session.pk, "recommendation": rec.pk}  # fmt: skip


def _democracy(key: str) -> Callable[[World], dict]:
    return lambda w: {"pk": w.get("democracy")[key]}


MAKERS: dict[str, Callable[[World], dict]] = {
    "programme": make_programme,
    "plan": make_plan,
    "task": make_task,
    "inspection": make_inspection,
    "democracy": make_democracy,
    **{
        f"democracy.{key}": _democracy(key)
        for key in ("disclosure", "consultation", "opinion", "rule", "version", "board", "session", "recommendation")
    },  # fmt: skip
    "practice": make_practice,
    "case": make_case,
    "hotspot": make_hotspot,
    "report": make_report,
    "contest": make_contest,
    "assessment": make_assessment,
    "schedule": make_schedule,
    "session": make_session,
    "dialogue": make_dialogue,
    "commitment": make_commitment,
    "organization": make_organization,
    "notification": make_notification,
    "report_form": make_report_form,
    "indicator": make_indicator,
    "rubric": make_rubric,
}

# Route (regular expression on the full route) → (the object it names, fixed keyword arguments such as an action).
# The first matching entry wins: list the specific routes before the general ones.
FACTORIES: dict[str, tuple[str, dict]] = {
    r"^dan-van-kheo/<int:pk>/minh-chung/<int:evidence_id>/$": ("practice", {}),
    r"^dan-van-kheo/<int:pk>/<slug:action>/$": ("practice", {"action": "submit"}),
    r"^(api/v1/practices|dan-van-kheo)/<int:pk>/": ("practice", {}),
    r"^(api/v1/contests|thi-dua/hoi-thi)/<int:pk>/": ("contest", {}),
    r"^(api/v1/assessments|thi-dua/danh-gia)/<int:pk>/": ("assessment", {}),
    r"^y-kien/tiep-dan/lich/<int:pk>/": ("schedule", {}),
    r"^y-kien/tiep-dan/<int:pk>/<slug:action>/$": ("session", {"action": "hold"}),
    r"^(api/v1/cases/reception/sessions|y-kien/tiep-dan)/<int:pk>/": ("session", {}),
    r"^y-kien/doi-thoai/<int:pk>/<slug:action>/$": ("dialogue", {"action": "publish"}),
    r"^(api/v1/cases/dialogues|y-kien/doi-thoai)/<int:pk>/": ("dialogue", {}),
    r"^api/v1/cases/commitments/<int:pk>/": ("commitment", {}),
    r"^y-kien/diem-nong/<int:pk>/<slug:action>/$": ("hotspot", {"action": "handle"}),
    r"^(api/v1/cases/hotspots|y-kien/diem-nong)/<int:pk>/": ("hotspot", {}),
    r"^y-kien/<int:pk>/<slug:action>/$": ("case", {"action": "accept"}),
    r"^(api/v1/cases|y-kien)/<int:pk>/": ("case", {}),
    r"^bao-cao/<int:pk>/<slug:action>/$": ("report", {"action": "approve"}),
    r"^(api/v1/reports|bao-cao)/<int:pk>/": ("report", {}),
    r"^api/v1/organizations/<int:pk>/": ("organization", {}),
    r"^thong-bao/<int:pk>/": ("notification", {}),
    r"^bao-cao/cau-hinh/mau/<int:pk>/<slug:action>/$": ("report_form", {"action": "retire"}),
    r"^(api/v1/reports/config/forms|bao-cao/cau-hinh/mau)/<int:pk>/": ("report_form", {}),
    r"^(api/v1/reports/config/indicators|bao-cao/cau-hinh/chi-tieu)/<int:pk>/": ("indicator", {}),
    r"^(api/v1/practices/rubrics|dan-van-kheo/bo-tieu-chi)/<int:pk>/": ("rubric", {}),
    r"^(chuong-trinh/<int:pk>/tong-ket|api/v1/programmes/<int:pk>/review)/<int:year>/$": ("programme", {"year": 2026}),
    r"^chuong-trinh/<int:pk>/<slug:action>/$": ("programme", {"action": "ke-hoach"}),
    r"^(api/v1/programmes|chuong-trinh)/<int:pk>/": ("programme", {}),
    r"^api/v1/programmes/plans/<int:pk>/": ("plan", {}),
    r"^chuong-trinh/nhiem-vu/<int:pk>/<slug:action>/$": ("task", {"action": "hoan-thanh"}),
    r"^(api/v1/programmes/tasks|chuong-trinh/nhiem-vu)/<int:pk>/": ("task", {}),
    r"^chuong-trinh/kiem-tra/<int:pk>/<slug:action>/$": ("inspection", {"action": "ket-luan"}),
    r"^(api/v1/programmes/inspections|chuong-trinh/kiem-tra)/<int:pk>/": ("inspection", {}),
    r"^dan-chu/cong-khai/<int:pk>/<slug:action>/$": ("democracy.disclosure", {"action": "cong-khai"}),
    r"^(api/v1/democracy/disclosures|dan-chu/cong-khai)/<int:pk>/": ("democracy.disclosure", {}),
    r"^dan-chu/lay-y-kien/<int:pk>/<slug:action>/$": ("democracy.consultation", {"action": "mo"}),
    r"^(api/v1/democracy/consultations|dan-chu/lay-y-kien)/<int:pk>/": ("democracy.consultation", {}),
    r"^api/v1/democracy/opinions/<int:pk>/": ("democracy.opinion", {}),
    r"^dan-chu/huong-uoc/phien-ban/<int:pk>/<slug:action>/$": ("democracy.version", {"action": "niem-yet"}),
    r"^dan-chu/huong-uoc/<int:pk>/<slug:action>/$": ("democracy.rule", {"action": "sua-doi"}),
    r"^(api/v1/democracy/village-rules|dan-chu/huong-uoc)/<int:pk>/": ("democracy.rule", {}),
    r"^api/v1/democracy/village-rule-versions/<int:pk>/": ("democracy.version", {}),
    r"^dan-chu/ban-giam-sat/<int:pk>/<slug:action>/$": ("democracy.board", {"action": "thanh-vien"}),
    r"^(api/v1/democracy/boards|dan-chu/ban-giam-sat)/<int:pk>/": ("democracy.board", {}),
    r"^api/v1/democracy/sessions/<int:pk>/": ("democracy.session", {}),
    r"^dan-chu/kien-nghi/<int:pk>/<slug:action>/$": ("democracy.recommendation", {"action": "tra-loi"}),
    r"^api/v1/democracy/recommendations/<int:pk>/": ("democracy.recommendation", {}),
}


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def routes_with_ids() -> list[str]:
    """Every route that takes a parameter (an id, a code, a token), by its full pattern."""
    found = set()
    for route, pattern in _walk(get_resolver().url_patterns):
        if isinstance(pattern.pattern, RoutePattern) and not pattern.pattern.converters and "<" not in route:
            continue
        if "<" in route or "(?P" in route:
            found.add(route)
    return sorted(found)


def entry_for(route: str) -> tuple[str, dict] | None:
    return next((entry for pattern, entry in FACTORIES.items() if re.match(pattern, route)), None)


def is_exempt(route: str) -> bool:
    return any(re.match(pattern, route) for pattern in EXEMPT)


def fill(route: str, kwargs: dict) -> str:
    def value(match):
        name = match.group(1)
        if name not in kwargs:
            raise KeyError(name)
        return str(kwargs[name])

    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", value, route)


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="danvan-idor-"))
class GeneratedIdorTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = World()
        cls.strangers = [cls.world.p.commune_officer, cls.world.p.province_officer]  # Lâm Đồng
        cls.checked = {}
        for route in routes_with_ids():
            entry = entry_for(route)
            if entry is not None and not is_exempt(route):
                name, fixed = entry
                cls.checked[route] = (name, {**cls.world.get(name), **fixed})

    def test_every_url_with_an_id_has_a_factory_or_an_exemption(self):
        missing = [r for r in routes_with_ids() if not is_exempt(r) and entry_for(r) is None]
        self.assertEqual(
            missing,
            [],
            "These URL patterns take an id but tests/security/test_idor_generated.py has no factory for them: add an "
            "entry to FACTORIES (a factory that makes the object in another province and returns the URL's keyword "
            "arguments), or to EXEMPT with the reason the URL is public or names no object of an area.",
        )

    def test_each_factory_fills_every_parameter_of_its_routes(self):
        unfilled = []
        for route, (name, kwargs) in self.checked.items():
            try:
                fill(route, kwargs)
            except KeyError as e:
                unfilled.append(f"{route}: the factory “{name}” gives no {e}")
        self.assertEqual(unfilled, [], "extend the factory so it makes every object the route names")

    def test_the_generator_sees_every_module(self):
        for prefix in ("dan-van-kheo/", "api/v1/practices/", "y-kien/", "api/v1/cases/", "bao-cao/", "thi-dua/"):
            self.assertTrue(any(r.startswith(prefix) for r in self.checked), prefix)
        self.assertIn("dan-van-kheo/<int:pk>/minh-chung/<int:evidence_id>/", self.checked)
        self.assertIn("y-kien/<int:pk>/tep/<int:file_id>/", self.checked)

    def test_an_officer_of_another_province_gets_404_everywhere_and_changes_nothing(self):
        failures = []
        self.seen = []
        for stranger in self.strangers:
            client = Client(raise_request_exception=False)
            client.force_login(stranger)
            for route, (name, kwargs) in self.checked.items():
                path = fill(route, kwargs)
                before = AuditEvent.objects.count()
                codes = {}
                for method in ("get", "post"):
                    r = getattr(client, method)(path, {"reason": "thử", "text": "thử"})
                    codes[method] = r.status_code
                self.seen.append((path, codes))
                if any(code not in (404, 405) for code in codes.values()) or 404 not in codes.values():
                    failures.append(f"{stranger.username}: {path} ({name}) → {codes}")
                if AuditEvent.objects.count() != before:
                    failures.append(f"{stranger.username} wrote something through {path}")
        self.assertEqual(failures, [], "an officer outside the object's scope must get 404 (never 403, 200 or 302)")

    def test_the_owner_does_reach_the_objects(self):
        """The ids are real: their owner gets no 404 on the detail pages (else the test would prove nothing)."""
        client = Client()
        client.force_login(self.world.owner)
        for route in ("dan-van-kheo/<int:pk>/", "y-kien/<int:pk>/", "bao-cao/<int:pk>/", "thi-dua/hoi-thi/<int:pk>/"):
            name, kwargs = self.checked[route]
            self.assertEqual(client.get(fill(route, kwargs)).status_code, 200, route)
        name, kwargs = self.checked["dan-van-kheo/<int:pk>/minh-chung/<int:evidence_id>/"]
        self.assertEqual(
            client.get(fill("dan-van-kheo/<int:pk>/minh-chung/<int:evidence_id>/", kwargs)).status_code, 200
        )
