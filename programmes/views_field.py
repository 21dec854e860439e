"""Pages of joint inspections (plan, field results, findings, follow-ups, conclusion) and of the forces'
contributions (entry and roll-ups by force and place)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from geo.selectors import unit_on
from lib.actions import dispatch
from lib.errors import ServiceError
from lib.paging import CappedPaginator
from lib.params import page_int, query_choice, query_date, query_int
from orgs.models import Organization
from orgs.permissions import acts_for
from programmes import contributions, inspections, review, selectors, services
from programmes.forms import ContributionForm, FindingForm, FollowupForm, InspectionForm, ResultForm
from programmes.models import ChecklistItem, ContributionKind, Force, InspectionVisit, Result
from programmes.views import PAGE_SIZE, _show_errors, party_candidates, writable_organizations


@login_required
def inspection_list(request):
    writable = writable_organizations(request.user)
    programmes = selectors.programmes_visible_to(request.user).order_by("-start_year", "-id")
    form_args = {"writable": writable, "agencies": party_candidates(request.user), "programmes": programmes}
    form = InspectionForm(**form_args)
    if request.method == "POST":
        form = InspectionForm(request.POST, **form_args)
        if form.is_valid():
            data = form.cleaned_data
            units = [unit_on(code, data["date_from"], exclude_districts=True) for code in data["unit_codes"]]
            if not units or None in units:
                form.add_error("units", "Có mã đơn vị hành chính không đúng hoặc chưa nhập địa bàn.")
            else:
                try:
                    inspection = inspections.inspection_create(
                        by=request.user,
                        organization=data["organization"],
                        programme=data["programme"],
                        title=data["title"],
                        date_from=data["date_from"],
                        date_to=data["date_to"],
                        purpose=data["purpose"],
                        members=data["members"],
                        visits=[(u, None, None) for u in units],
                    )
                except ServiceError as e:
                    form.add_error(None, e.message)
                else:
                    messages.success(request, "Đã lập kế hoạch kiểm tra.")
                    return redirect("programmes:inspection", inspection.pk)
    qs = selectors.inspections_visible_to(request.user).select_related("organization").order_by("-date_from", "-id")
    page = CappedPaginator(qs, PAGE_SIZE).get_page(page_int(request.GET, "page"))
    return render(request, "programmes/inspections.html", {"page": page, "form": form, "can_create": bool(writable)})


@login_required
def inspection_detail(request, pk: int):
    inspection = selectors.get_inspection_for_user(request.user, pk)
    items = list(inspection.items.order_by("ordering", "id"))
    visits = list(
        inspection.visits.select_related("unit", "organization").prefetch_related(
            Prefetch("results", queryset=Result.objects.prefetch_related("photos"))
        )
    )
    for visit in visits:
        by_item = {r.item_id: r for r in visit.results.all()}
        visit.rows = [(item, by_item.get(item.pk)) for item in items]
    members = list(inspection.members.select_related("organization"))
    agencies = list({m.organization.pk: m.organization for m in members}.values())
    findings = list(inspection.findings.select_related("visit__unit").prefetch_related("tasks__owner"))
    lead = acts_for(request.user, inspection.organization)
    owners = agencies + [v.organization for v in visits if v.organization]
    for finding in findings:
        finding.followup_form = FollowupForm(agencies=owners, prefix=f"f{finding.pk}")
    return render(
        request,
        "programmes/inspection.html",
        {
            "inspection": inspection,
            "items": items,
            "visits": visits,
            "members": members,
            "findings": findings,
            "lead": lead,
            "team": inspections.on_team(request.user, inspection),
            "today": timezone.localdate(),
            "result_form": ResultForm(),
            "finding_form": FindingForm(visits=inspection.visits.select_related("unit")),
        },
    )


def _result(request, inspection):
    visit = InspectionVisit.objects.filter(inspection=inspection, pk=query_int(request.POST, "visit") or 0).first()
    item = ChecklistItem.objects.filter(pk=query_int(request.POST, "item") or 0).first()
    if visit is None or item is None:
        raise ServiceError("Không tìm thấy địa bàn hoặc nội dung kiểm tra.")
    form = ResultForm(request.POST, request.FILES)
    if not form.is_valid():
        return _show_errors(request, form)
    data = form.cleaned_data
    inspections.result_record(
        visit=visit, item=item, by=request.user, rating=data["rating"], note=data["note"], photos=data["photos"]
    )
    return f"Đã ghi kết quả tại {visit.unit.name}."


def _finding(request, inspection):
    form = FindingForm(request.POST, visits=inspection.visits.all())
    if not form.is_valid():
        return _show_errors(request, form)
    inspections.finding_add(inspection=inspection, by=request.user, **form.cleaned_data)
    return "Đã ghi phát hiện."


def _followup(request, inspection):
    finding = inspection.findings.filter(pk=query_int(request.POST, "finding") or 0).first()
    if finding is None:
        raise ServiceError("Không tìm thấy phát hiện.")
    agencies = Organization.objects.filter(is_active=True).filter(
        pk__in=[*inspection.members.values_list("organization_id", flat=True),
                *inspection.visits.exclude(organization=None).values_list("organization_id", flat=True)]
    )  # fmt: skip
    form = FollowupForm(request.POST, agencies=agencies, prefix=f"f{finding.pk}")
    if not form.is_valid():
        return _show_errors(request, form)
    services.followup_create(finding=finding, by=request.user, **form.cleaned_data)
    return "Đã giao việc khắc phục."


INSPECTION_ACTIONS = {
    "ket-qua": _result,
    "phat-hien": _finding,
    "giao-viec": _followup,
    "bat-dau": lambda r, i: inspections.inspection_start(inspection=i, by=r.user) and "Đã bắt đầu kiểm tra.",
    "ket-luan": lambda r, i: (
        inspections.inspection_conclude(inspection=i, by=r.user, conclusion=r.POST.get("conclusion", ""))
        and "Đã kết luận đợt kiểm tra."
    ),
    "huy": lambda r, i: (
        inspections.inspection_cancel(inspection=i, by=r.user, reason=r.POST.get("reason", ""))
        and "Đã hủy đợt kiểm tra."
    ),
}


@login_required
@require_POST
def inspection_act(request, pk: int, action: str):
    inspection = selectors.get_inspection_for_user(request.user, pk)
    return dispatch(request, inspection, action, INSPECTION_ACTIONS, done=redirect("programmes:inspection", pk))


@login_required
def inspection_document(request, pk: int):
    inspection = selectors.get_inspection_for_user(request.user, pk)
    response = HttpResponse(
        review.inspection_conclusion_docx(inspection),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="ket-luan-kiem-tra-{inspection.pk}.docx"'
    return response


ROLLUP_LABELS = {"force": "Theo lực lượng", "province": "Theo tỉnh, thành phố", "place": "Theo địa bàn",
                 "organization": "Theo đơn vị"}  # fmt: skip


@login_required
def contribution_list(request):
    writable = writable_organizations(request.user)
    form = ContributionForm(writable=writable)
    if request.method == "POST":
        form = ContributionForm(request.POST, writable=writable)
        if form.is_valid():
            data = form.cleaned_data
            place = unit_on(data.pop("place"), data["date_to"], exclude_districts=True)
            if place is None:
                form.add_error("place", "Không tìm thấy đơn vị hành chính có mã này.")
            else:
                try:
                    data["value_vnd"] = data["value_vnd"] or 0
                    contributions.contribution_add(by=request.user, place=place, **data)
                except ServiceError as e:
                    form.add_error(None, e.message)
                else:
                    messages.success(request, "Đã nhập kết quả.")
                    return redirect("programmes:contributions")
    by = query_choice(request.GET, "by", tuple(ROLLUP_LABELS)) or "force"
    qs = selectors.contributions_visible_to(request.user)
    date_from, date_to = query_date(request.GET, "from"), query_date(request.GET, "to")
    if date_from:
        qs = qs.filter(date_to__gte=date_from)
    if date_to:
        qs = qs.filter(date_to__lte=date_to)
    kinds = {k.pk: k for k in ContributionKind.objects.all()}
    rollup = [(row, kinds[row.kind_id]) for row in selectors.contribution_rollup(qs, by=by)]
    entries = qs.select_related("kind", "organization", "place").order_by("-date_to", "-id")
    page = CappedPaginator(entries, PAGE_SIZE).get_page(page_int(request.GET, "page"))
    return render(
        request,
        "programmes/contributions.html",
        {
            "form": form,
            "can_enter": bool(writable),
            "rollup": rollup,
            "by": by,
            "rollups": ROLLUP_LABELS,
            "page": page,
            "forces": Force,
            "query": f"by={by}",
        },
    )
