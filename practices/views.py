"""Server-rendered pages for practices: list, detail with actions, registration, Excel."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms.models import model_to_dict
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from geo.selectors import unit_on
from lib.actions import dispatch
from lib.errors import ServiceError
from lib.paging import CappedPaginator
from lib.params import page_int
from orgs.models import WRITE_ROLES, Organization, User
from orgs.scope import scope_for
from practices import excel, selectors, services
from practices.forms import CommendForm, EvidenceForm, FilterForm, ImportForm, PracticeForm, ReasonForm
from practices.models import RECOGNISED_STATES, CriteriaSet, Label, Practice, RecognitionLevel, Status
from practices.rubrics import rubrics_for_practice

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _writable_orgs(user):
    return (
        Organization.objects.filter(
            memberships__user=user, memberships__is_active=True, memberships__role__in=WRITE_ROLES
        )
        .select_related("unit")
        .distinct()
    )


def _filters_from(form: FilterForm) -> selectors.PracticeFilters:
    data = form.cleaned_data if form.is_valid() else {}
    unit = None
    if data.get("unit"):
        unit = unit_on(data["unit"])
    return selectors.PracticeFilters(
        unit=unit,
        field=data.get("field", ""),
        kind=data.get("kind", ""),
        status=data.get("status", ""),
        level=data.get("level", ""),
        year=data.get("year"),
        q=data.get("q", ""),
        order=data.get("order") or "-created_at",
        todo=todo if (todo := form.data.get("viec", "")) in selectors.TODO_TITLES else "",
        label=data.get("label", ""),
        # The practices a body registered (an organisation's dashboard): narrows the user's scoped list.
        organization_id=page_int(form.data, "to_chuc", minimum=1),
    )


@login_required
def practice_list(request):
    form = FilterForm(request.GET or None)
    filters = _filters_from(form)
    if request.GET.get("format") == "xlsx":
        qs = selectors.practice_list(request.user, filters)
        response = HttpResponse(excel.export_workbook(qs[:50000]), content_type=XLSX_TYPE)
        response["Content-Disposition"] = 'attachment; filename="mo-hinh-dan-van-kheo.xlsx"'
        return response
    # The same reads as benchmarks/practices_bench.py times: light rows (values + names), a capped count.
    page = CappedPaginator.for_search(selectors.practice_page(request.user, filters), 50, filters.q).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "practices/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_register": _writable_orgs(request.user).exists(),
            "todo_title": selectors.TODO_TITLES.get(filters.todo, ""),
        },
    )


def _save_practice(request, form: PracticeForm, practice: Practice | None):
    unit = unit_on(form.cleaned_data["unit_code"])
    if unit is None:
        form.add_error("unit_code", "Hãy chọn địa bàn trong danh sách gợi ý (gõ tên xã, phường hoặc tỉnh).")
        return None
    values = {k: v for k, v in form.cleaned_data.items() if k != "unit_code"}
    try:
        if practice is None:
            org = _writable_orgs(request.user).filter(pk=request.POST.get("organization")).first()
            if org is None:
                form.add_error(None, "Hãy chọn tổ chức đăng ký mà bạn là thành viên.")
                return None
            return services.practice_register(by=request.user, organization=org, unit=unit, **values)
        return services.practice_update(practice=practice, by=request.user, unit=unit, **values)
    except ServiceError as e:
        form.add_error(None, e.message)
    return None


@login_required
def practice_create(request):
    orgs = list(_writable_orgs(request.user))
    if not orgs:
        messages.error(request, "Bạn chưa thuộc tổ chức nào có quyền đăng ký mô hình.")
        return redirect("practices:list")
    form = PracticeForm(request.POST or None, initial={"unit_code": orgs[0].unit.code if orgs[0].unit else ""})
    if request.method == "POST" and form.is_valid():
        practice = _save_practice(request, form, None)
        if practice is not None:
            messages.success(request, "Đã lưu bản nháp. Bổ sung minh chứng rồi bấm “Đăng ký”.")
            return redirect("practices:detail", pk=practice.pk)
    return render(request, "practices/form.html", {"form": form, "orgs": orgs, "practice": None})


@login_required
def practice_edit(request, pk: int):
    practice = selectors.get_practice_for_user(request.user, pk, write=True)
    # Not bound to the instance: the service must see the old values to audit the difference.
    initial = model_to_dict(practice, fields=PracticeForm.Meta.fields) | {"unit_code": practice.unit.code}
    form = PracticeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and _save_practice(request, form, practice) is not None:
        messages.success(request, "Đã lưu thay đổi.")
        return redirect("practices:detail", pk=pk)
    return render(request, "practices/form.html", {"form": form, "practice": practice})


@login_required
def practice_detail(request, pk: int):
    practice = selectors.get_practice_for_user(request.user, pk)
    can_write = scope_for(request.user, write=True).covers(practice.unit)
    # Outside its scope an officer sees a recognised practice as the public showcase shows it (issue 18).
    private = selectors.sees_private_details(request.user, practice)
    appraisal = services.current_appraisal(practice) if private else None
    criteria = list(appraisal.criteria_set.criteria.all()) if appraisal else []
    is_member = bool(appraisal and appraisal.members.filter(pk=request.user.pk).exists())
    my_scores = {}
    if is_member:
        my_scores = {s.criterion_id: s for s in appraisal.scores.filter(appraiser=request.user)}
    total = services.appraisal_total(appraisal) if appraisal else None
    criteria_sets = list(rubrics_for_practice(practice).select_related("owner"))
    appraisers = list(User.objects.filter(memberships__role="appraiser", memberships__is_active=True).distinct())
    return render(
        request,
        "practices/detail.html",
        {
            "practice": practice,
            "can_write": can_write,
            "private": private,
            "person": practice.person_name if private or practice.person_public else "",
            "events": practice.events.select_related("by") if private else [],
            "evidence": practice.evidence.all() if private else selectors.public_evidence(practice),
            "commendations": [
                (c, private or selectors.recipient_is_public(practice, c)) for c in practice.commendations.all()
            ],
            "descendants": practice.descendants.select_related("unit", "organization"),
            "appraisal": appraisal,
            "appraisal_total": total,
            "criteria": [(c, my_scores.get(c.pk)) for c in criteria],
            "is_member": is_member,
            "criteria_sets": criteria_sets,
            "appraisers": appraisers,
            # What is not possible yet, and why (the page says it instead of showing a button that would fail).
            "submit_missing": services.missing_for_submit(practice) if practice.status == Status.DRAFT else [],
            "appraisal_blocker": _appraisal_blocker(criteria_sets, appraisers),
            "recognise_blocker": services.recognise_blocker(appraisal, total) if appraisal else "",
            "levels": RecognitionLevel.choices,
            "reason_form": ReasonForm(),
            "commend_form": CommendForm(),
            "evidence_form": EvidenceForm(),
            "adopt_orgs": _writable_orgs(request.user).exclude(pk=practice.organization_id),
            "Status": Status,
            "is_recognised": practice.status in RECOGNISED_STATES,
            "labels": practice.labels.all(),
            # The choices are read only by those who may change the tags.
            "all_labels": Label.objects.filter(is_active=True) if can_write else [],
        },
    )


def _appraisal_blocker(criteria_sets: list, appraisers: list) -> str:
    if not criteria_sets:
        return "Chưa thể đưa vào thẩm định: chưa có bộ tiêu chí nào đang áp dụng."
    if not appraisers:
        return "Chưa thể đưa vào thẩm định: chưa có tài khoản thành viên hội đồng thẩm định nào."
    return ""


def _submit(request, practice: Practice) -> str:
    services.practice_submit(practice=practice, by=request.user)
    return "Đã đăng ký mô hình."


def _return(request, practice: Practice) -> str:
    services.practice_return(practice=practice, by=request.user, reason=request.POST.get("reason", ""))
    return "Đã trả lại để chỉnh sửa."


def _reject(request, practice: Practice) -> str:
    services.practice_reject(practice=practice, by=request.user, reason=request.POST.get("reason", ""))
    return "Đã ghi nhận không công nhận."


def _start_appraisal(request, practice: Practice) -> str:
    post = request.POST
    criteria_set = get_object_or_404(CriteriaSet, pk=post.get("criteria_set") or 0, is_active=True)
    members = list(User.objects.filter(pk__in=post.getlist("members"), is_active=True))
    services.practice_start_appraisal(practice=practice, by=request.user, criteria_set=criteria_set, members=members)
    return "Đã đưa mô hình vào thẩm định."


def _score(request, practice: Practice) -> str:
    post = request.POST
    appraisal = services.current_appraisal(practice)
    if appraisal is None:
        raise ServiceError("Mô hình chưa được đưa vào thẩm định.")
    scores = {}
    for criterion in appraisal.criteria_set.criteria.all():
        raw = post.get(f"score_{criterion.pk}", "").replace(",", ".").strip()
        try:
            scores[criterion.pk] = (Decimal(raw), post.get(f"comment_{criterion.pk}", "")[:2000])
        except InvalidOperation as e:
            raise ServiceError(f"Điểm tiêu chí {criterion.order} phải là một số.") from e
    services.appraisal_score(appraisal=appraisal, by=request.user, scores=scores)
    return "Đã lưu điểm chấm."


def _posted_date(raw: str) -> dt.date | None:
    """A date field of a form (the browser sends yyyy-mm-dd; people type dd/mm/yyyy), or None when empty."""
    raw = (raw or "").strip()
    if not raw:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(raw, fmt).date()  # noqa: DTZ007 - a calendar date, no time of day
        except ValueError:
            continue
    raise ServiceError("Ngày quyết định không hợp lệ (nhập theo dạng dd/mm/yyyy).")


def _recognise(request, practice: Practice) -> str:
    post = request.POST
    services.practice_recognise(
        practice=practice,
        by=request.user,
        level=post.get("level", ""),
        summary=post.get("summary", ""),
        on=_posted_date(post.get("on", "")),
    )
    return "Đã công nhận mô hình."


def _commend(request, practice: Practice) -> str:
    form = CommendForm(request.POST)
    if not form.is_valid():
        raise ServiceError(
            "Thông tin khen thưởng chưa đủ hoặc chưa đúng: "
            + "; ".join(f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items())
        )
    services.practice_commend(practice=practice, by=request.user, **form.cleaned_data)
    return "Đã ghi nhận khen thưởng."


def _adopt(request, practice: Practice):
    org = _writable_orgs(request.user).filter(pk=request.POST.get("organization") or 0).first()
    if org is None or org.unit is None:
        raise ServiceError("Hãy chọn tổ chức nhân rộng mà bạn là thành viên.")
    adopted = services.practice_adopt(source=practice, by=request.user, organization=org, unit=org.unit)
    messages.success(request, "Đã tạo bản đăng ký nhân rộng; hãy bổ sung và đăng ký.")
    return redirect("practices:detail", pk=adopted.pk)


def _evidence(request, practice: Practice) -> str:
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        raise ServiceError("Chưa chọn tệp minh chứng.")
    services.evidence_add(
        practice=practice,
        by=request.user,
        upload=form.cleaned_data["file"],
        caption=form.cleaned_data["caption"],
        is_public=form.cleaned_data["is_public"],
    )
    return "Đã thêm minh chứng."


ACTIONS = {
    "submit": _submit,
    "return": _return,
    "reject": _reject,
    "start_appraisal": _start_appraisal,
    "score": _score,
    "recognise": _recognise,
    "commend": _commend,
    "adopt": _adopt,
    "evidence": _evidence,
}
# Appraisal members score and any organisation may adopt a recognised practice: these two only need to see it.
READ_ACTIONS = ("score", "adopt")


@login_required
@require_POST
def practice_act(request, pk: int, action: str):
    """Every button on the detail page posts here; the service decides what is legal."""
    practice = selectors.get_practice_for_user(request.user, pk, write=action not in READ_ACTIONS)
    return dispatch(request, practice, action, ACTIONS, done=redirect("practices:detail", pk=pk))


@login_required
def evidence_download(request, pk: int, evidence_id: int):
    practice = selectors.get_practice_for_user(request.user, pk)
    evidence = get_object_or_404(practice.evidence, pk=evidence_id)
    if not selectors.sees_private_details(request.user, practice) and evidence not in selectors.public_evidence(
        practice
    ):
        raise Http404("Không tìm thấy minh chứng.")
    response = HttpResponse(evidence.file.open("rb").read(), content_type="application/octet-stream")
    # Always a download, never rendered inline: a file is evidence, not a page.
    response["Content-Disposition"] = f'attachment; filename="minh-chung-{evidence.pk}.{evidence.kind}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def import_template(request):
    response = HttpResponse(excel.template_workbook(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="mau-dang-ky-dan-van-kheo.xlsx"'
    return response


@login_required
def practice_import(request):
    orgs = list(_writable_orgs(request.user))
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        org = next((o for o in orgs if str(o.pk) == request.POST.get("organization")), None)
        if org is None:
            messages.error(request, "Hãy chọn tổ chức đăng ký.")
        else:
            try:
                result = excel.practices_import(upload=form.cleaned_data["file"], by=request.user, organization=org)
            except ServiceError as e:
                messages.error(request, e.message)
            else:
                if result.errors:
                    messages.error(request, f"Tệp có {len(result.errors)} lỗi, chưa nhập dòng nào.")
                else:
                    messages.success(
                        request, f"Đã nhập {len(result.created)} mô hình; bỏ qua {result.skipped} mô hình đã có."
                    )
    return render(request, "practices/import.html", {"form": form, "orgs": orgs, "result": result})
