"""Officers' pages: my reports, data entry, review, roll-up, conference board, Word/PDF/Excel downloads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from geo.models import REFORM_2025, AdminUnit
from lib.actions import dispatch
from lib.errors import ServiceError
from lib.paging import CappedPaginator
from lib.params import page_int
from orgs.models import WRITE_ROLES, Membership, Organization
from orgs.permissions import get_organization_for_user
from orgs.scope import memberships_of, scope_for
from reports import autofill, board, document, excel, narrative, pdf_render, richtext, selectors, services, todo
from reports.docx_render import render_docx
from reports.figures import report_figures
from reports.formatting import NumberError, parse_number
from reports.forms import PeriodOpenForm
from reports.models import EDITABLE_STATES, FormIndicator, PeriodType, Report, ReportForm, Status, Value

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def report_list(request):
    key = request.GET.get("viec", "")
    if key in todo.TITLES:
        # One to-do item's reports (the home page's link): exactly the reports its count counted.
        reports = todo.reports_for(request.user, key, timezone.localdate())
        page = CappedPaginator(reports, 50).get_page(request.GET.get("page"))
        context = {"page": page, "title": todo.TITLES[key], "key": key}
        return render(request, "reports/todo_list.html", context)
    if request.GET.get("to_chuc"):
        return _organization_reports(request)
    page = CappedPaginator(selectors.my_reports(request.user), 50).get_page(request.GET.get("page"))
    review = list(selectors.reports_to_review(request.user)[:50])
    periods = list(selectors.period_list(request.user)[:20])
    context = {"page": page, "review": review, "periods": periods, "may_open": _may_open_periods(request.user)}
    return render(request, "reports/list.html", context)


def _organization_reports(request):
    """One organisation's reports of a year (an organisation's dashboard links here): 404 outside the user's scope."""
    org = get_organization_for_user(request.user, page_int(request.GET, "to_chuc", minimum=1) or 0)
    year = page_int(request.GET, "nam", minimum=2000, maximum=2100) or timezone.localdate().year
    state = request.GET.get("trang_thai", "")
    state = state if state in selectors.REPORT_STATES else ""
    reports = selectors.organization_reports(org, year, state).select_related(*selectors.LIST_RELATED)
    page = CappedPaginator(reports.order_by("-period__start", "id"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    labels = {"": "", "submitted": "đã gửi", "on_time": "gửi đúng hạn"}
    context = {"page": page, "organization": org, "year": year, "state": labels[state], "query": query.urlencode()}
    return render(request, "reports/organization_reports.html", context)


@login_required
def report_open_view(request):
    """Enter a report for a past period, on behalf of one of the unit's predecessors when the unit was formed in 2025:
    choose the organisation and the period, then the unit of that time (reports.services.report_open decides)."""
    orgs = list(
        Organization.objects.filter(
            memberships__user=request.user,
            memberships__is_active=True,
            memberships__role__in=WRITE_ROLES,
            unit__isnull=False,
            is_active=True,
        )
        .select_related("unit")
        .distinct()
        .order_by("sort_key")
    )
    periods = list(selectors.period_list(request.user)[:60])
    source = request.POST if request.method == "POST" else request.GET
    org = next((o for o in orgs if str(o.pk) == source.get("organization", "")), None)
    period = next((p for p in periods if str(p.pk) == source.get("period", "")), None)
    choices = selectors.predecessor_choices(org, period) if org and period else []
    status, error = 200, ""
    if request.method == "POST":
        unit = next((u for u in choices if str(u.pk) == request.POST.get("unit", "")), None)
        if org is None or period is None or (request.POST.get("unit") and unit is None):
            status, error = 400, "Hãy chọn tổ chức, kỳ báo cáo và đơn vị trong danh sách."
        else:
            try:
                report = services.report_open(organization=org, period=period, by=request.user, unit=unit)
            except ServiceError as e:
                status, error = (e.status_code if e.status_code in (403, 409) else 400), e.message
            else:
                return redirect("reports:detail", pk=report.pk)
    context = {"orgs": orgs, "periods": periods, "org": org, "period": period, "choices": choices, "error": error}
    return render(request, "reports/open.html", context, status=status)


def _rows(report, values_by_key, posted=None):
    """One row per indicator and breakdown for the entry table."""
    rows = []
    by_hand = autofill.typed_by_hand(report.period)
    items = (
        FormIndicator.objects.filter(form_id=report.period.form_id)
        .select_related("indicator")
        .order_by("ordering", "id")
    )
    group = None
    for item in items:
        ind = item.indicator
        keys = [("", ind.name)] + [(k, f"— {label}") for k, label in ind.breakdowns]
        for breakdown, label in keys:
            value = values_by_key.get((ind.pk, breakdown))
            name = f"{ind.pk}_{breakdown}"
            rows.append(
                {
                    "group": ind.group if ind.group != group else "",
                    "indicator": ind,
                    "breakdown": breakdown,
                    "label": label,
                    "name": name,
                    "value": value.value if value else None,
                    "text": value.text if value else "",
                    "is_text": ind.is_text,
                    "typed": (posted or {}).get(f"v_{name}"),
                    "comment": (posted or {}).get(f"c_{name}", value.comment if value else ""),
                    # Before DanVan's records an automatic figure is typed (and shown as entered by hand).
                    "is_auto": ind.is_auto and not by_hand,
                    "is_entered": bool(value and value.is_entered),
                    "is_ratio": ind.is_ratio,
                }
            )
            group = ind.group
    return rows


@login_required
def report_detail(request, pk: int):
    report = selectors.get_report_for_user(request.user, pk)
    can_edit = report.status in EDITABLE_STATES and services.is_author(request.user, report)
    can_review = scope_for(request.user, write=True).covers(report.unit) and services.is_level_above(
        request.user, report.unit
    )
    posted = None
    if request.method == "POST":
        if not can_edit:
            messages.error(request, f"Báo cáo đang ở trạng thái “{report.get_status_display()}”, không thể sửa.")
            return redirect("reports:detail", pk=pk)
        posted = request.POST
        try:
            _save_from_post(request, report)
        except ServiceError as e:
            messages.error(request, e.message)
        else:
            if "submit" in request.POST:
                try:
                    warnings = services.report_submit(report=report, by=request.user)
                except ServiceError as e:
                    messages.error(request, e.message)
                else:
                    messages.success(request, "Đã gửi báo cáo lên cấp trên.")
                    for w in warnings:
                        messages.warning(request, w.message)
                    return redirect("reports:detail", pk=pk)
            else:
                messages.success(request, "Đã lưu bản nháp.")
                for f in services.report_findings(report):
                    (messages.error if f.blocking else messages.warning)(request, f.message)
                return redirect("reports:detail", pk=pk)
        report.refresh_from_db()
    values = {(v.indicator_id, v.breakdown): v for v in Value.objects.filter(report=report).select_related("indicator")}
    figs = report_figures(report)
    ratios = {c.figure.indicator.pk: c.figure.value for c in figs.comparisons if c.figure.indicator.is_ratio}
    rows = _rows(report, values, posted)
    for row in rows:
        if row["is_ratio"]:
            row["value"] = ratios.get(row["indicator"].pk)
    sections = [
        {
            "key": key,
            "title": title,
            # The editor starts from sanitised HTML (or an older report's plain text); the page shows safe HTML.
            "source": richtext.to_editor(report.narrative.get(key, "")),
            "html": richtext.to_display_html(report.narrative.get(key, "")),
        }
        for key, title in report.period.form.sections
    ]
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "rows": rows,
            "sections": sections,
            "can_edit": can_edit,
            "can_review": can_review,
            "events": report.events.select_related("by"),
            "Status": Status,
            "pdf_available": pdf_render.pdf_available(),
            "children": services.open_children(report) if can_review else [],
        },
    )


def _save_from_post(request, report):
    post = request.POST
    by_hand = autofill.typed_by_hand(report.period)
    values, comments, errors = {}, {}, []
    for item in FormIndicator.objects.filter(form_id=report.period.form_id).select_related("indicator"):
        ind = item.indicator
        for breakdown in ["", *ind.breakdown_keys()]:
            name = f"{ind.pk}_{breakdown}"
            if f"v_{name}" in post and ind.is_text:
                values[(ind.pk, breakdown)] = post[f"v_{name}"]
            elif f"v_{name}" in post and (by_hand or not ind.is_auto) and not ind.is_ratio:
                try:
                    values[(ind.pk, breakdown)] = parse_number(post[f"v_{name}"])
                except NumberError as e:
                    errors.append(f"{ind.name}: {e}")
            if f"c_{name}" in post:
                comments[(ind.pk, breakdown)] = post[f"c_{name}"]
    if errors:
        raise ServiceError("Số liệu chưa hợp lệ: " + " ".join(errors))
    narrative_texts = {key: post[f"n_{key}"] for key, _t in report.period.form.sections if f"n_{key}" in post}
    revision = post.get("revision")
    services.report_save(
        report=report,
        by=request.user,
        values=values,
        comments=comments,
        narrative=narrative_texts,
        revision=int(revision) if revision and revision.isdigit() else None,
    )


def _return(request, report: Report) -> str:
    services.report_return(report=report, by=request.user, reason=request.POST.get("reason", ""))
    return "Đã trả lại báo cáo để đơn vị chỉnh sửa."


def _approve(request, report: Report) -> str:
    services.report_approve(report=report, by=request.user)
    return "Đã duyệt báo cáo; số liệu đã vào tổng hợp của các cấp."


def _unapprove(request, report: Report) -> str:
    services.report_unapprove(report=report, by=request.user, reason=request.POST.get("reason", ""))
    return "Đã hủy duyệt; số liệu đã được rút khỏi tổng hợp."


def _missing(request, report: Report) -> str:
    services.report_mark_missing(report=report, by=request.user, reason=request.POST.get("reason", ""))
    return "Đã ghi nhận đơn vị không nộp báo cáo."


def _draft(request, report: Report) -> str:
    if not (report.status in EDITABLE_STATES and services.is_author(request.user, report)):
        raise ServiceError("Chỉ đơn vị báo cáo tạo được bản thảo khi báo cáo đang nhập.")
    key = report.period.form.sections[0][0] if report.period.form.sections else None
    if key is None:
        raise ServiceError("Mẫu báo cáo không có phần nội dung nào.")
    # The draft's paragraphs join the section as editor HTML, after whatever the officer wrote.
    text = narrative.draft(report_figures(report), report.period, report.unit)
    existing = richtext.to_display_html(report.narrative.get(key, ""))
    services.report_save(report=report, by=request.user, narrative={key: existing + richtext.text_to_html(text)})
    return "Đã tạo bản thảo từ số liệu; hãy đọc lại và chỉnh sửa."


ACTIONS = {"return": _return, "approve": _approve, "unapprove": _unapprove, "missing": _missing, "draft": _draft}


@login_required
@require_POST
def report_act(request, pk: int, action: str):
    report = selectors.get_report_for_user(request.user, pk)
    return dispatch(request, report, action, ACTIONS, done=redirect("reports:detail", pk=pk))


@login_required
def report_docx(request, pk: int):
    report = selectors.get_report_for_user(request.user, pk)
    response = HttpResponse(render_docx(document.build(report)), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="bao-cao-{report.pk}.docx"'
    return response


@login_required
def report_pdf(request, pk: int):
    report = selectors.get_report_for_user(request.user, pk)
    try:
        data = pdf_render.render_pdf(document.build(report))
    except (pdf_render.PdfUnavailableError, pdf_render.PdfRenderError) as e:
        messages.error(request, str(e))
        return redirect("reports:detail", pk=pk)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="bao-cao-{report.pk}.pdf"'
    return response


def _unit_for(request, period) -> AdminUnit | None:
    """The unit asked for (by code, in the hierarchy of the period), or the user's own; None is the nation."""
    if code := request.GET.get("unit", "").strip():
        return selectors.unit_in_scope(request.user, period, code)
    if scope_for(request.user).national:
        return None
    units = [m.organization.unit for m in memberships_of(request.user) if m.organization.unit is not None]
    unit = min(units, key=lambda u: (u.level, u.pk), default=None)
    if unit is None:
        raise Http404("Bạn chưa thuộc đơn vị nào.")
    if not unit.valid_on(period.reference_date):
        older = selectors.comparable_units(unit, period.reference_date)
        if older:
            return older[0]
    return unit


@login_required
def rollup_view(request, period_id: int):
    period = get_object_or_404(selectors.period_list(request.user), pk=period_id)
    unit = _unit_for(request, period)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(excel.rollup_workbook(period, unit), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="tong-hop-{period.pk}.xlsx"'
        return response
    choices = list(selectors.comparable_periods(period)[:60])
    compare_to = None
    if (chosen := request.GET.get("so_sanh", "").strip()) and chosen.isdigit():
        compare_to = next((p for p in choices if p.pk == int(chosen)), None)
    if chosen and compare_to is None:
        raise Http404("Không có kỳ báo cáo cùng loại, trước kỳ này, để so sánh.")
    roll = selectors.rollup(period, unit, compare_to=compare_to)
    return render(
        request,
        "reports/rollup.html",
        {
            "period": period,
            "unit": unit,
            "roll": roll,
            "compare_choices": choices,
            "completeness": selectors.completeness(period, unit),
            "draft": narrative.draft(roll, period, unit),
            "children": selectors.child_units(period, unit),
        },
    )


@login_required
def board_view(request, period_id: int):
    period = get_object_or_404(selectors.period_list(request.user), pk=period_id)
    unit = _unit_for(request, period)
    keys = [
        item.indicator
        for item in FormIndicator.objects.filter(form=period.form, is_key=True)
        .select_related("indicator__numerator", "indicator__denominator")
        .order_by("ordering", "id")
    ]
    context = {
        "period": period,
        "unit": unit,
        "keys": keys,
        # Figures and rendered body, read afresh after any change to the period's reports (reports.board).
        "board": board.rendered(period, unit, keys),
        # The boundary file of the hierarchy valid at the end of the period (dashboards' completeness map).
        "boundary_year": "2025" if period.reference_date >= REFORM_2025 else "2008",
    }
    if request.htmx:
        return render(request, "reports/_board.html", context)
    return render(request, "reports/board.html", context)


def _openable_forms(user) -> list[ReportForm]:
    """The active forms whose periods the user may open: the national ones for the central level, a body's own forms
    for that body and the bodies above it."""
    forms = ReportForm.objects.filter(selectors.owner_visible_q(user), is_active=True).select_related("owner__unit")
    return [f for f in forms.order_by("name") if services.may_open_periods(user, f)]


def _may_open_periods(user) -> bool:
    """Whether to offer "open a period": the central level, or a body owning an active form (the page itself checks
    each form with the bodies above its owner too)."""
    if scope_for(user, write=True).national:
        return True
    mine = Membership.objects.filter(user_id=user.pk, is_active=True, role__in=WRITE_ROLES).values("organization_id")
    return ReportForm.objects.filter(is_active=True, owner_id__in=mine).exists()


@login_required
def period_open_view(request):
    """Open a report period: the form decides the period type and the cut-off; dates may be set by hand."""
    openable = _openable_forms(request.user)
    may_open = bool(openable)
    if not may_open:
        context = {
            **_open_context(PeriodOpenForm(forms=openable), may_open, openable),
            "refusal": "Chỉ cán bộ Trung ương mở được kỳ báo cáo.",
        }
        return render(request, "reports/period_open.html", context, status=403)
    if request.method == "POST":
        form = PeriodOpenForm(request.POST, forms=openable)
        if form.is_valid():
            data = form.cleaned_data
            try:
                period = services.period_open(
                    form=data["form"],
                    year=data["year"],
                    number=data["number"],
                    by=request.user,
                    start=data["start"],
                    end=data["end"],
                    due_date=data["due_date"],
                )
            except ServiceError as e:
                form.add_error(None, e.message)
                status = e.status_code if e.status_code == 403 else 400
            else:
                count = period.reports.count()
                messages.success(request, f"Đã mở kỳ báo cáo {period.label}; đã lập {count} báo cáo nháp.")
                return redirect("reports:list")
        else:
            status = 400
        return render(request, "reports/period_open.html", _open_context(form, may_open, openable), status=status)
    return render(
        request, "reports/period_open.html", _open_context(PeriodOpenForm(forms=openable), may_open, openable)
    )


def _open_context(form, may_open: bool, openable: list[ReportForm]) -> dict:
    """Each form the user may open with its period type and, for the year ahead, the dates its cut-off gives."""
    rows = []
    for report_form in openable:
        example = None
        if report_form.period_type != PeriodType.ADHOC:
            example = services.period_bounds(report_form, 2026, 1)
        rows.append({"form": report_form, "example": example})
    return {"form": form, "may_open": may_open, "forms": rows}
