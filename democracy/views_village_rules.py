"""Officers' pages of hương ước / quy ước under /dan-chu/huong-uoc/: draft one, post the draft, record the
community's vote and the approval decision, draft an amendment. Each step is a ``democracy.village_rules`` service;
a button shows only when the version's status allows it."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from democracy import conf, selectors, village_rules
from democracy.forms import VillageRuleCreateForm
from democracy.models import ConsultationStatus, VillageRuleStatus
from democracy.views import PER_PAGE, commune_bodies
from lib.actions import dispatch
from lib.errors import ServiceError
from lib.paging import CappedPaginator
from orgs.permissions import acts_for

# A new version may be drafted once the last one was voted on (village_rules.village_rule_revise).
REVISABLE = (VillageRuleStatus.ADOPTED, VillageRuleStatus.APPROVED, VillageRuleStatus.REJECTED)
VOTED = (ConsultationStatus.CLOSED, ConsultationStatus.PUBLISHED, ConsultationStatus.APPROVED)


@login_required
def village_rule_list(request):
    qs = selectors.village_rules_visible_to(request.user).select_related("unit")  # versions prefetched there
    page = CappedPaginator(qs.order_by("-id"), PER_PAGE).get_page(request.GET.get("page"))
    rules = list(page.object_list)
    for rule in rules:
        rule.latest = max(rule.versions.all(), key=lambda v: v.number, default=None)
    context = {"page": page, "rules": rules, "can_write": bool(commune_bodies(request.user))}
    return render(request, "democracy/village_rule_list.html", context)


@login_required
def village_rule_new(request):
    bodies = commune_bodies(request.user)
    if not bodies:
        raise PermissionDenied("Chỉ cán bộ cơ quan cấp xã mới ghi nhận dự thảo hương ước, quy ước.")
    form = VillageRuleCreateForm(request.POST or None, organizations=bodies)
    if request.method == "POST" and form.is_valid():
        try:
            version = village_rules.village_rule_create(by=request.user, **form.cleaned_data)
        except ServiceError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, "Đã lưu dự thảo. Niêm yết dự thảo để lấy ý kiến Nhân dân.")
            return redirect("democracy:village_rule", pk=version.rule_id)
    return render(request, "democracy/village_rule_new.html", {"form": form})


@login_required
def village_rule_detail(request, pk: int):
    rule = selectors.get_village_rule_for_user(request.user, pk)
    versions = list(rule.versions.select_related("consultation").order_by("-number"))
    latest = versions[0] if versions else None
    can_manage = acts_for(request.user, rule.organization)
    context = {
        "rule": rule,
        "versions": versions,
        "latest": latest,
        "can_manage": can_manage,
        "can_revise": can_manage and latest is not None and latest.status in REVISABLE,
        "posting_days": conf.value("village_rule_posting_days"),
        "today": timezone.localdate(),
    }
    if can_manage and latest is not None and latest.status == VillageRuleStatus.POSTED:
        # The votes of this commune that have an outcome: the choices of "record the community's vote".
        context["votes"] = list(
            selectors.consultations_visible_to(request.user)
            .filter(unit_id=rule.unit_id, status__in=VOTED)
            .exclude(outcome="")
            .order_by("-id")
            .only("id", "subject", "outcome")[:100]
        )
        context["vote_from"] = (
            latest.posted_on + dt.timedelta(days=context["posting_days"]) if latest.posted_on else None
        )
    return render(request, "democracy/village_rule_detail.html", context)


def _date(value: str, label: str) -> dt.date:
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        raise ServiceError(f"Hãy nhập {label} hợp lệ.") from None


def _post(request, version):
    village_rules.village_rule_post(
        version=version, by=request.user, posted_on=_date(request.POST.get("posted_on", ""), "ngày niêm yết")
    )
    return "Đã ghi ngày niêm yết dự thảo."


def _adopt(request, version):
    raw = request.POST.get("consultation", "")
    if not raw.isdigit():
        raise ServiceError("Hãy chọn cuộc biểu quyết của cộng đồng.")
    consultation = selectors.get_consultation_for_user(request.user, int(raw))
    version = village_rules.village_rule_adopt(
        version=version, by=request.user, consultation=consultation, opinions=request.POST.get("opinions", "")
    )
    return f"Đã ghi kết quả biểu quyết: {version.get_status_display()}."


def _approve(request, version):
    village_rules.village_rule_approve(
        version=version, by=request.user, document=request.POST.get("document", ""),
        on=_date(request.POST.get("on", ""), "ngày công nhận"),
    )  # fmt: skip
    return "Đã ghi quyết định công nhận."


VERSION_ACTIONS = {"niem-yet": _post, "bieu-quyet": _adopt, "cong-nhan": _approve}


@login_required
@require_POST
def village_rule_version_act(request, pk: int, action: str):
    version = selectors.get_village_rule_version_for_user(request.user, pk)
    if not acts_for(request.user, version.rule.organization):
        raise PermissionDenied("Bạn không thuộc cơ quan quản lý hương ước, quy ước này.")
    done = redirect("democracy:village_rule", pk=version.rule_id)
    return dispatch(request, version, action, VERSION_ACTIONS, done=done)


def _revise(request, rule):
    text = request.POST.get("text", "")
    if not text.strip():
        raise ServiceError("Hãy nhập nội dung dự thảo sửa đổi.")
    version = village_rules.village_rule_revise(rule=rule, by=request.user, text=text)
    return f"Đã lưu dự thảo sửa đổi (lần {version.number})."


@login_required
@require_POST
def village_rule_act(request, pk: int, action: str):
    rule = selectors.get_village_rule_for_user(request.user, pk)
    if not acts_for(request.user, rule.organization):
        raise PermissionDenied("Bạn không thuộc cơ quan quản lý hương ước, quy ước này.")
    return dispatch(request, rule, action, {"sua-doi": _revise}, done=redirect("democracy:village_rule", pk=pk))
