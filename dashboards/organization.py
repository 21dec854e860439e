"""An organisation's dashboard: one body's figures for the chosen period — its reports, the citizens' cases it
handles and how it answered them, the "Dân vận khéo" practices it registered, its programme tasks.

The organisation is read through the permission gate (``orgs.permissions.get_organization_for_user``: outside the
viewer's scope it is a 404), and each figure through its module's scoped selector, opening the list behind it: the
organisation's reports (``reports:list?to_chuc=``), the case queue (``to_chuc``), the practices list (``to_chuc``)
and the body's task queue (``programmes:queue?org=``). A fixed number of queries, whatever the amount of data.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode

from cases import selectors as case_selectors
from cases.models import Kind
from dashboards.builtin import answers_panel, cases_panel, received_filters, received_query
from dashboards.panels import DashboardView, Panel, Tile
from dashboards.selectors import PanelTiles
from orgs.models import Membership, Organization
from orgs.scope import visible_organizations
from practices import selectors as practice_selectors
from practices.models import Status as PracticeStatus
from programmes import selectors as programme_selectors
from reports import selectors as report_selectors


def reports_tiles(view: DashboardView) -> list[Tile]:
    """The organisation's reports of the periods ending in the period's year: expected, sent, sent on time."""
    org, year = view.organization, view.period.end.year
    counts = report_selectors.organization_report_counts(org, year)
    base = reverse("reports:list") + "?" + urlencode({"to_chuc": org.pk, "nam": year})
    return [
        Tile("org_reports_expected", f"Báo cáo phải nộp năm {year}", counts["expected"], base),
        Tile("org_reports_submitted", "Đã gửi", counts["submitted"], base + "&trang_thai=submitted",
             attention=counts["submitted"] < counts["expected"]),
        Tile("org_reports_on_time", "Gửi đúng hạn", counts["on_time"], base + "&trang_thai=on_time"),
    ]  # fmt: skip


def practices_tiles(view: DashboardView) -> list[Tile]:
    """The practices the organisation registered in the period's year, as the practices list filters them."""
    org, year = view.organization, view.period.end.year
    filters = practice_selectors.PracticeFilters(organization_id=org.pk, year=year)
    counts = practice_selectors.practice_list(view.user, filters).aggregate(
        all=Count("pk"),
        recognised=Count("pk", filter=Q(status=PracticeStatus.RECOGNISED)),
        replicated=Count("pk", filter=Q(status=PracticeStatus.REPLICATED)),
    )
    tiles = []
    for key, label, status in (
        ("all", f"Mô hình đăng ký năm {year}", ""),
        ("recognised", "Đã công nhận", PracticeStatus.RECOGNISED),
        ("replicated", "Đã nhân rộng", PracticeStatus.REPLICATED),
    ):
        query = {"to_chuc": org.pk, "year": year, **({"status": status} if status else {})}
        url = reverse("practices:list") + "?" + urlencode(query)
        tiles.append(Tile(f"org_practices_{key}", label, counts[key], url))
    return tiles


def tasks_tiles(view: DashboardView) -> list[Tile]:
    """The tasks the organisation leads or cooperates on, open and overdue today: its own task queue's counts."""
    org = view.organization
    tiles = []
    for state, label in (("open", "Nhiệm vụ đang thực hiện"), ("overdue", "Nhiệm vụ quá hạn")):
        count = programme_selectors.task_queue(org, state=state, today=view.today).count()
        url = reverse("programmes:queue") + "?" + urlencode({"org": org.pk, "state": state})
        tiles.append(Tile(f"org_tasks_{state}", label, count, url, attention=state == "overdue" and count > 0))
    return tiles


PANELS = (
    Panel("org_reports", 10, "Báo cáo định kỳ", reports_tiles),
    Panel("org_cases", 20, "Ý kiến nhân dân cơ quan đang xử lý (hôm nay)", cases_panel),
    Panel("org_answers", 30, "Ý kiến nhận trong kỳ: trả lời đúng hạn, người gửi hài lòng", answers_panel),
    Panel("org_practices", 40, "“Dân vận khéo” do cơ quan đăng ký", practices_tiles),
    Panel("org_tasks", 50, "Nhiệm vụ chương trình phối hợp", tasks_tiles),
)


def panels(view: DashboardView) -> list[PanelTiles]:
    return [PanelTiles(panel, panel.collect(view)) for panel in PANELS]


def kinds_chart(view: DashboardView) -> dict | None:
    """The cases the organisation handles received in the period, one bar per kind, each opening the queue with
    the same filters (one query); None when there is none."""
    counts = case_selectors.kind_counts(view.user, received_filters(view), today=view.today)
    if not any(counts.values()):
        return None
    query = received_query(view)
    kinds = [k for k in Kind if counts.get(k.value)]
    return {
        "title": "Ý kiến nhận trong kỳ",
        "labels": [k.label for k in kinds],
        "data": [counts[k.value] for k in kinds],
        "urls": [reverse("cases:queue") + "?" + urlencode({**query, "loai": k.value}) for k in kinds],
    }


def choices(user, unit) -> list[Organization]:
    """The organisations a dashboard offers: the viewer's own bodies and the bodies of the unit shown (inside the
    viewer's scope), at most 100, one query."""
    own = Membership.objects.filter(user=user, is_active=True).values("organization_id")
    wanted = Q(pk__in=own) | (Q(unit=unit) if unit is not None else Q(pk__in=[]))
    qs = visible_organizations(user).filter(wanted, is_active=True) | Organization.objects.filter(pk__in=own)
    return list(qs.distinct().only("id", "name", "sort_key").order_by("sort_key", "id")[:100])
