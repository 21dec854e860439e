"""Configuration pages: report forms (versions, indicators, rules) and indicators, run by the bodies that own them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lib.actions import dispatch
from lib.errors import ServiceError
from lib.paging import CappedPaginator
from orgs.permissions import is_national
from reports import config
from reports.config_forms import (
    AddIndicatorForm,
    IndicatorForm,
    ReportFormForm,
    RuleForm,
    sections_text,
)
from reports.models import FormIndicator, Indicator, ReportForm, ValidationRule


def _get_form(user, pk: int) -> ReportForm:
    form = config.forms_visible_to(user).filter(pk=pk).first()
    if form is None:
        raise Http404("Không tìm thấy mẫu báo cáo hoặc bạn không có quyền xem.")
    return form


def _get_indicator(user, pk: int) -> Indicator:
    indicator = config.indicators_visible_to(user).filter(pk=pk).first()
    if indicator is None:
        raise Http404("Không tìm thấy chỉ tiêu hoặc bạn không có quyền xem.")
    return indicator


@login_required
def config_home(request):
    forms = config.forms_visible_to(request.user).order_by("owner_id", "code", "-version")
    page = CappedPaginator(forms, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "may_create": bool(config.owner_choices(request.user)),
        "may_standard": is_national(request.user) and not ReportForm.objects.filter(code="so-ket-6-thang").exists(),
    }
    return render(request, "reports/config/home.html", context)


@login_required
@require_POST
def standard_form_view(request):
    try:
        form = config.standard_form_create(by=request.user)
    except ServiceError as e:
        messages.error(request, e.message)
        return redirect("reports:config")
    messages.success(request, f"Đã tạo mẫu “{form.name}” với {form.items.count()} chỉ tiêu.")
    return redirect("reports:config_form", pk=form.pk)


def _form_values(data: dict) -> dict:
    return {
        "name": data["name"],
        "period_type": data["period_type"],
        "topic": data.get("topic") or "",
        "cutoff_day": data.get("cutoff_day"),
        "due_days": data["due_days"],
        "tiers": list(data["tiers"]),
        "sections": data["sections"] or None,
    }


@login_required
def form_create_view(request):
    if not config.owner_choices(request.user):
        raise Http404("Bạn không có quyền tạo mẫu báo cáo.")
    form = ReportFormForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = config.form_create(
                    by=request.user,
                    owner=data["owner"],
                    code=data["code"],
                    org_types=list(data["org_types"]),
                    **_form_values(data),
                )
            except ServiceError as e:
                form.add_error(None, e.message)
                status = e.status_code
            else:
                messages.success(request, f"Đã tạo mẫu báo cáo “{created.name}”.")
                return redirect("reports:config_form", pk=created.pk)
    return render(request, "reports/config/form_new.html", {"form": form}, status=status)


@login_required
def form_detail(request, pk: int):
    report_form = _get_form(request.user, pk)
    may_edit = report_form.is_active and config.may_edit(request.user, report_form.owner)
    edit = ReportFormForm(
        user=request.user,
        editing=True,
        initial={
            "name": report_form.name,
            "period_type": report_form.period_type,
            "topic": report_form.topic,
            "cutoff_day": report_form.cutoff_day,
            "due_days": report_form.due_days,
            "tiers": report_form.tiers,
            "org_types": list(report_form.org_types.all()),
            "sections": sections_text(report_form.sections),
        },
    )
    versions = ReportForm.objects.filter(code=report_form.code).order_by("-version")
    context = {
        "rf": report_form,
        "may_edit": may_edit,
        "edit": edit,
        "items": FormIndicator.objects.filter(form=report_form).select_related("indicator").order_by("ordering"),
        "rules": ValidationRule.objects.filter(form=report_form).select_related("left", "right").order_by("id"),
        "add_indicator": AddIndicatorForm(report_form=report_form, user=request.user),
        "add_rule": RuleForm(report_form=report_form),
        "versions": versions,
        "periods": report_form.periods.order_by("-start")[:20],
    }
    return render(request, "reports/config/form_detail.html", context)


def _invalid(form) -> ServiceError:
    errors = [e for field_errors in form.errors.values() for e in field_errors]
    return ServiceError(" ".join(errors) or "Dữ liệu không hợp lệ.")


def _update(request, report_form):
    form = ReportFormForm(request.POST, user=request.user, editing=True)
    if not form.is_valid():
        raise _invalid(form)
    data = form.cleaned_data
    new = config.form_update(form=report_form, by=request.user, org_types=list(data["org_types"]), **_form_values(data))
    return _done(request, new, report_form, "Đã lưu mẫu báo cáo.")


def _done(request, new: ReportForm, old: ReportForm, message: str):
    """The message, and the page of the version the change went into (a form in use gets a new version)."""
    if new.pk != old.pk:
        message += f" Mẫu đã dùng cho kỳ báo cáo nên đã tạo phiên bản {new.version}, áp dụng từ kỳ sau."
    messages.success(request, message)
    return redirect("reports:config_form", pk=new.pk)


def _add_indicator(request, report_form):
    form = AddIndicatorForm(request.POST, report_form=report_form, user=request.user)
    if not form.is_valid():
        raise _invalid(form)
    indicator = form.cleaned_data["indicator"]
    new = config.form_add_indicator(
        form=report_form, by=request.user, indicator=indicator, is_key=form.cleaned_data["is_key"]
    )
    return _done(request, new, report_form, f"Đã thêm chỉ tiêu “{indicator.name}”.")


def _remove_indicator(request, report_form):
    raw = request.POST.get("indicator", "")
    indicator = Indicator.objects.filter(pk=int(raw) if raw.isdigit() else 0).first()
    if indicator is None:
        raise ServiceError("Chỉ tiêu không hợp lệ.")
    new = config.form_remove_indicator(form=report_form, by=request.user, indicator=indicator)
    return _done(request, new, report_form, f"Đã bỏ chỉ tiêu “{indicator.name}” khỏi mẫu.")


def _add_rule(request, report_form):
    form = RuleForm(request.POST, report_form=report_form)
    if not form.is_valid():
        raise _invalid(form)
    new, _rule = config.rule_add(form=report_form, by=request.user, **form.cleaned_data)
    return _done(request, new, report_form, "Đã thêm quy tắc kiểm tra.")


def _remove_rule(request, report_form):
    raw = request.POST.get("rule", "")
    new = config.rule_remove(form=report_form, by=request.user, rule_id=int(raw) if raw.isdigit() else 0)
    return _done(request, new, report_form, "Đã bỏ quy tắc kiểm tra.")


def _retire(request, report_form):
    config.form_retire(form=report_form, by=request.user)
    return "Đã ngừng sử dụng mẫu báo cáo; các kỳ đã mở giữ nguyên."


FORM_ACTIONS = {
    "update": _update,
    "add_indicator": _add_indicator,
    "remove_indicator": _remove_indicator,
    "add_rule": _add_rule,
    "remove_rule": _remove_rule,
    "retire": _retire,
}


@login_required
@require_POST
def form_act(request, pk: int, action: str):
    report_form = _get_form(request.user, pk)
    return dispatch(request, report_form, action, FORM_ACTIONS, done=redirect("reports:config_form", pk=pk))


# ----------------------------------------------------------------------------------------------- indicators


@login_required
def indicator_list(request):
    qs = config.indicators_visible_to(request.user).order_by("owner_id", "ordering", "code")
    page = CappedPaginator(qs, 100).get_page(request.GET.get("page"))
    may_create = bool(config.owner_choices(request.user))
    form = IndicatorForm(request.POST or None, user=request.user) if may_create else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise Http404("Bạn không có quyền tạo chỉ tiêu.")
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            owner, code = data.pop("owner"), data.pop("code")
            try:
                indicator = config.indicator_create(by=request.user, owner=owner, code=code, **data)
            except ServiceError as e:
                form.add_error(None, e.message)
                status = e.status_code
            else:
                messages.success(request, f"Đã tạo chỉ tiêu “{indicator.name}”.")
                return redirect("reports:config_indicators")
    return render(request, "reports/config/indicators.html", {"page": page, "form": form}, status=status)


@login_required
def indicator_detail(request, pk: int):
    indicator = _get_indicator(request.user, pk)
    may_edit = config.may_edit(request.user, indicator.owner)
    initial = {
        "name": indicator.name,
        "unit": indicator.unit,
        "value_type": indicator.value_type,
        "decimals": indicator.decimals,
        "aggregation": indicator.aggregation,
        "weight": indicator.weight_id,
        "numerator": indicator.numerator_id,
        "denominator": indicator.denominator_id,
        "source": indicator.source,
        "group": indicator.group,
    }
    form = IndicatorForm(request.POST or None, user=request.user, editing=True, initial=initial)
    status = 200
    if request.method == "POST":
        if not may_edit:
            status = 403
            form.add_error(None, "Bạn không có quyền sửa chỉ tiêu này.")
        elif "retire" in request.POST or "restore" in request.POST:
            try:
                config.indicator_update(indicator=indicator, by=request.user, is_active="restore" in request.POST)
            except ServiceError as e:
                messages.error(request, e.message)
            return redirect("reports:config_indicator", pk=pk)
        elif form.is_valid():
            try:
                config.indicator_update(indicator=indicator, by=request.user, **form.cleaned_data)
            except ServiceError as e:
                form.add_error(None, e.message)
                status = e.status_code
            else:
                messages.success(request, "Đã lưu chỉ tiêu.")
                return redirect("reports:config_indicator", pk=pk)
        else:
            status = 400
    context = {"indicator": indicator, "form": form, "may_edit": may_edit}
    return render(request, "reports/config/indicator_detail.html", context, status=status)
