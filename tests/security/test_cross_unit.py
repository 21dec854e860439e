"""An officer of another province, on every URL that names an object: the object outside their
scope is a 404 (or 403), for reading and for writing, and nothing changes. The URLs are
enumerated from the URL configuration; each object route must be listed in OBJECT_ROUTES, so a
new module cannot add one without being checked here."""

import io
import re

from django.core.management import call_command
from django.test import Client, TestCase

from audit.models import AuditEvent
from geo.loader import load_units
from orgs.models import User
from tests.security.test_every_url import _walk


def _visible(model_path: str, selector: str | None = None):
    """(model, function user → visible queryset), imported lazily; by default ``objects.visible_to``."""

    def resolve():
        from importlib import import_module

        mod, cls = model_path.rsplit(".", 1)
        model = getattr(import_module(mod), cls)
        if selector is None:
            return model, lambda user: model.objects.visible_to(user)
        smod, fn = selector.rsplit(".", 1)
        return model, getattr(import_module(smod), fn)

    return resolve


# Route (regular expression on the URL pattern) → the object its first <int:…> names.
OBJECT_ROUTES = {
    r"^(api/v1/practices|dan-van-kheo)/<int:pk>/": _visible("practices.models.Practice"),
    r"^(api/v1/contests|thi-dua/hoi-thi)/<int:pk>/": _visible(
        "emulation.models.Contest", "emulation.selectors.contests_visible_to"
    ),
    r"^(api/v1/assessments|thi-dua/danh-gia)/<int:pk>/": _visible(
        "emulation.models.Assessment", "emulation.selectors.assessments_visible_to"
    ),
    r"^(api/v1/cases|y-kien)/<int:pk>/": _visible("cases.models.Case"),
    r"^(api/v1/cases/hotspots|y-kien/diem-nong)/<int:pk>/": _visible("cases.models.Hotspot"),
    r"^(api/v1/cases/reception/sessions|y-kien/tiep-dan)/<int:pk>/": _visible(
        "meetings.models.ReceptionSession", "meetings.reception.sessions_visible_to"
    ),
    r"^y-kien/tiep-dan/lich/<int:pk>/": _visible(
        "meetings.models.ReceptionSchedule", "meetings.reception.schedules_visible_to"
    ),
    r"^(api/v1/reports|bao-cao)/<int:pk>/": _visible("reports.models.Report"),
    r"^api/v1/organizations/<int:pk>/": _visible("orgs.models.Organization", "orgs.scope.visible_organizations"),
    r"^(api/v1/cases/dialogues|y-kien/doi-thoai)/<int:pk>/": _visible(
        "meetings.models.Dialogue", "meetings.dialogues.dialogues_visible_to"
    ),
    r"^api/v1/cases/commitments/<int:pk>/": _visible(
        "meetings.models.Commitment", "meetings.dialogues.commitments_visible_to"
    ),
    r"^(api/v1/reports/config/forms|bao-cao/cau-hinh/mau)/<int:pk>/": _visible(
        "reports.models.ReportForm", "reports.config.forms_visible_to"
    ),
    r"^(api/v1/reports/config/indicators|bao-cao/cau-hinh/chi-tieu)/<int:pk>/": _visible(
        "reports.models.Indicator", "reports.config.indicators_visible_to"
    ),
    r"^(api/v1/practices/rubrics|dan-van-kheo/bo-tieu-chi)/<int:pk>/": _visible(
        "practices.models.CriteriaSet", "practices.rubrics.rubrics_visible_to"
    ),
    r"^(api/v1/programmes|chuong-trinh)/<int:pk>/": _visible(
        "programmes.models.Programme", "programmes.selectors.programmes_visible_to"
    ),
    r"^api/v1/programmes/plans/<int:pk>/": _visible(
        "programmes.models.YearPlan", "programmes.selectors.plans_visible_to"
    ),
    r"^(api/v1/programmes/tasks|chuong-trinh/nhiem-vu)/<int:pk>/": _visible(
        "programmes.models.Task", "programmes.selectors.tasks_visible_to"
    ),
    r"^(api/v1/programmes/inspections|chuong-trinh/kiem-tra)/<int:pk>/": _visible(
        "programmes.models.Inspection", "programmes.selectors.inspections_visible_to"
    ),
    r"^(api/v1/democracy/disclosures|dan-chu/cong-khai)/<int:pk>/": _visible(
        "democracy.models.Disclosure", "democracy.selectors.disclosures_visible_to"
    ),
    r"^(api/v1/democracy/consultations|dan-chu/lay-y-kien)/<int:pk>/": _visible(
        "democracy.models.Consultation", "democracy.selectors.consultations_visible_to"
    ),
    r"^api/v1/democracy/opinions/<int:pk>/": _visible(
        "democracy.models.OpinionGroup", "democracy.selectors.opinion_groups_visible_to"
    ),
    r"^(api/v1/democracy/village-rules|dan-chu/huong-uoc)/<int:pk>/": _visible(
        "democracy.models.VillageRule", "democracy.selectors.village_rules_visible_to"
    ),
    r"^(api/v1/democracy/village-rule-versions|dan-chu/huong-uoc/phien-ban)/<int:pk>/": _visible(
        "democracy.models.VillageRuleVersion", "democracy.selectors.village_rule_versions_visible_to"
    ),
    r"^(api/v1/democracy/boards|dan-chu/ban-giam-sat)/<int:pk>/": _visible(
        "democracy.models.Board", "democracy.selectors.boards_visible_to"
    ),
    r"^api/v1/democracy/sessions/<int:pk>/": _visible(
        "democracy.models.SupervisionSession", "democracy.selectors.sessions_visible_to"
    ),
    r"^(api/v1/democracy/recommendations|dan-chu/kien-nghi)/<int:pk>/": _visible(
        "democracy.models.Recommendation", "democracy.selectors.recommendation_list"
    ),
    r"^thong-bao/<int:pk>/": _visible(
        "notifications.models.Notification", "notifications.selectors.notifications_visible_to"
    ),
}


# Object routes that are public by design or name no object of an area.
NOT_SCOPED = (
    r"^du-lieu-mo/",  # open data: public, non-personal aggregates of the whole country (portal.opendata)
    r"^mo-hinh-tieu-bieu/",  # recognised practices, public
    r"^gui-y-kien/",  # the citizen's tracking link: code + secret token
    r"^api/v1/cases/dialogues/<int:pk>/public-question/",  # citizens send questions to a dialogue
    r"^tai-khoan/",
    r"^(api/v1/units|don-vi)/<str:code>/",  # administrative units are public data
    r"^bao-cao/(hoi-nghi|tong-hop)/<int:period_id>/",  # a period; the page shows the user's own area
    r"^api/v1/practices/labels/<int:pk>/",  # titles and programmes: national data, changed by national roles only
    r"^quan-tri/",
    r"^static/",
    # The documents library is national, not per area: public documents for everyone, internal ones for every member
    # of an organisation; editing is checked by documents.services.can_edit (tests/documents). A citation is scoped by
    # the object that cites (tests/documents/test_api.py: another area's officer gets 404).
    r"^(api/v1/documents|van-ban)/<int:pk>/",
    r"^api/v1/citations/<int:pk>/",
    r"^van-ban/can-cu/<slug:action>/",  # add/remove a citation: the object is named in the body (can_cite)
    r"^dan-chu-co-so/",  # a commune's disclosures, published results, the household vote: public
    r"^api/v1/democracy/public/",
)


def object_routes() -> list[str]:
    from django.urls import get_resolver

    return sorted({r for r in _walk(get_resolver().url_patterns) if "<" in r and not re.match("|".join(NOT_SCOPED), r)})


def concrete(route: str, pk: int) -> str:
    path = re.sub(r"<int:\w+>", str(pk), route, count=1)
    path = re.sub(r"<int:\w+>", "1", path)
    path = re.sub(r"<(?:str|slug):\w+>|<\w+>", "xem", path)
    return "/" + path


class CrossUnitTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_units()
        call_command("load_demo", stdout=io.StringIO())
        # A commune officer of Quảng Ngãi looks at Lâm Đồng's objects (and the other way round).
        cls.strangers = [User.objects.get(username="xa.21025"), User.objects.get(username="xa.24781")]
        cls.make_missing_objects(owner=User.objects.get(username="xa.24781"))

    @classmethod
    def make_missing_objects(cls, owner):
        """One object of each kind the demo data may not hold, in Lâm Đồng's first commune."""
        import datetime as dt
        from decimal import Decimal

        from emulation.models import Assessment, Contest
        from meetings.models import Commitment, Dialogue, ReceptionSchedule, ReceptionSession
        from practices.models import CriteriaSet
        from programmes.models import Inspection, Programme, Task, YearPlan

        org = owner.memberships.get().organization
        if not Contest.objects.filter(organizer=org).exists():
            Contest.objects.create(name="Hội thi Dân vận khéo", organizer=org, year=2026)
        if not Assessment.objects.filter(organization=org).exists():
            rubric = CriteriaSet.objects.create(name="Bộ tiêu chí dân vận chính quyền", owner=org, pass_mark=Decimal(5))
            Assessment.objects.create(
                organization=org, year=2026, criteria_set=rubric, assessor=owner, total=Decimal(80), grade="good"
            )
        hours = {"start_time": dt.time(8), "end_time": dt.time(11), "place": "Trụ sở", "leader_title": "Chủ tịch"}
        schedule = ReceptionSchedule.objects.filter(organization=org).first() or ReceptionSchedule.objects.create(
            organization=org, weekday=1, valid_from=dt.date(2026, 1, 1), created_by=owner, **hours
        )
        if not Dialogue.objects.filter(organization=org).exists():
            dialogue = Dialogue.objects.create(
                organization=org,
                unit=org.unit,
                title="Đối thoại về giải phóng mặt bằng",
                starts_at=dt.datetime(2026, 12, 20, 8, tzinfo=dt.UTC),
                place="Hội trường",
                announced_on=dt.date(2026, 11, 1),
                created_by=owner,
            )
            Commitment.objects.create(
                dialogue=dialogue, text="Sửa đường", owner=org, deadline=dt.date(2027, 1, 31), created_by=owner
            )
        # Configuration owned by the commune's body: a form, an indicator (reports) and a rubric (practices).
        from reports import config

        indicator = config.indicator_create(
            by=owner, owner=org, code="rieng-xa-24781", name="Chỉ tiêu riêng", unit="cái"
        )
        form = config.form_create(
            by=owner, owner=org, code="rieng-xa-24781", name="Báo cáo nhanh riêng", period_type="month",
            tiers=["commune"], org_types=[org.org_type],
        )  # fmt: skip
        config.form_add_indicator(form=form, by=owner, indicator=indicator)
        if not CriteriaSet.objects.filter(owner=org).exists():
            CriteriaSet.objects.create(name="Bộ tiêu chí riêng", owner=org, pass_mark=Decimal(5))
        if not Programme.objects.filter(organization=org).exists():
            programme = Programme.objects.create(
                title="Chương trình phối hợp", organization=org, unit=org.unit, start_year=2026, end_year=2030,
                created_by=owner,
            )  # fmt: skip
            plan = YearPlan.objects.create(programme=programme, year=2027, title="Kế hoạch năm 2027", created_by=owner)
            Task.objects.create(
                programme=programme, plan=plan, title="Nhiệm vụ", owner=org, unit=org.unit, level=org.tier,
                province_id=org.unit.province_id, deadline=dt.date(2027, 6, 30), created_by=owner,
            )  # fmt: skip
            Inspection.objects.create(
                programme=programme, title="Kiểm tra liên ngành", organization=org, unit=org.unit,
                date_from=dt.date(2027, 4, 1), date_to=dt.date(2027, 4, 5), created_by=owner,
            )  # fmt: skip
        cls.make_democracy_objects(org, owner)
        if not ReceptionSession.objects.filter(organization=org).exists():
            ReceptionSession.objects.create(
                organization=org, schedule=schedule, date=dt.date(2026, 12, 1), created_by=owner, **hours
            )

    @classmethod
    def make_democracy_objects(cls, org, owner):
        import datetime as dt

        from democracy import models as d

        category = d.DisclosureCategory.objects.first()
        d.Disclosure.objects.create(unit=org.unit, organization=org, category=category, title="Dự toán",
                                    created_by=owner)  # fmt: skip
        when = dt.datetime(2026, 12, 20, 8, tzinfo=dt.UTC)
        consultation = d.Consultation.objects.create(
            unit=org.unit, organization=org, subject="Làm đường", scope="commune", kind="opinion", form="meeting",
            opens_at=when, closes_at=when + dt.timedelta(days=3), created_by=owner,
        )  # fmt: skip
        d.OpinionGroup.objects.create(consultation=consultation, summary="Ý kiến", count=2)
        rule = d.VillageRule.objects.create(unit=org.unit, organization=org, kind="huong_uoc", village="Thôn 1",
                                            title="Hương ước thôn 1")  # fmt: skip
        d.VillageRuleVersion.objects.create(rule=rule, number=1, text="Điều 1")
        board = d.Board.objects.create(unit=org.unit, organization=org, kind="inspection", name="Ban TTND",
                                       term_start=dt.date(2026, 1, 1), created_by=owner)  # fmt: skip
        session = d.SupervisionSession.objects.create(board=board, unit=org.unit, held_on=dt.date(2026, 3, 1),
                                                      subject="Quỹ đường", created_by=owner)  # fmt: skip
        d.Recommendation.objects.create(session=session, unit=org.unit, text="Công khai", addressee=org,
                                        answer_due=dt.date(2026, 3, 20), created_by=owner)  # fmt: skip

    def test_every_object_route_is_checked(self):
        unknown = [r for r in object_routes() if not any(re.match(p, r) for p in OBJECT_ROUTES)]
        self.assertEqual(unknown, [], "add these routes to OBJECT_ROUTES (or NOT_SCOPED if public by design)")

    def test_an_officer_of_another_area_gets_404_and_changes_nothing(self):
        failures, unchecked = [], []
        for pattern, resolve in OBJECT_ROUTES.items():
            model, visible = resolve()
            routes = [r for r in object_routes() if re.match(pattern, r)]
            for stranger in self.strangers:
                hidden = model.objects.exclude(pk__in=visible(stranger).values("pk")).order_by("pk").first()
                if hidden is None:
                    continue
                client = Client()
                client.force_login(stranger)
                for route in routes:
                    path = concrete(route, hidden.pk)
                    before = AuditEvent.objects.count()
                    for method in ("get", "post"):
                        r = getattr(client, method)(path, {"reason": "thử", "text": "thử"})
                        if r.status_code not in (403, 404, 405):
                            failures.append(f"{stranger.username} {method.upper()} {path} → {r.status_code}")
                    if AuditEvent.objects.count() != before:
                        failures.append(f"{stranger.username} changed something through {path}")
                break
            else:
                unchecked.append(pattern)
        self.assertEqual(failures, [])
        self.assertEqual(unchecked, [], "the demo data has no object outside a stranger's scope for these")
