"""Officers' pages of consultations under /dan-chu/lay-y-kien/: create one, issue and print the households' vote
codes, open and close it, record the counts of a meeting or a paper ballot, publish the tally, record the approval,
gather and answer opinions. Every write is a service call; a button shows only when its service would accept it.

Vote codes are secrets: the service returns them once and keeps only their keyed hashes, so the printable slips are
the answer to the POST that issued them and nothing else. A one-time form token in the session keeps a reload of
that answer (the browser resubmitting the POST) from issuing a second batch for the same households.
"""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from democracy import consultations, selectors
from democracy.consultations import WORKFLOW
from democracy.forms import ConsultationCreateForm
from democracy.models import ConsultationForm, ConsultationKind, ConsultationStatus, OpinionGroup, Outcome
from democracy.models.consultations import ConsultationAction
from democracy.views import PER_PAGE, commune_bodies
from lib.actions import dispatch
from lib.errors import ServiceError
from lib.paging import CappedPaginator
from orgs.permissions import acts_for

TOKEN_KEY = "democracy_codes_token"  # noqa: S105 (a session key, not a secret): {consultation id: token of the form shown last}


@login_required
def consultation_list(request):
    page = CappedPaginator(selectors.consultation_list(request.user), PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "consultations": page.object_list, "can_write": bool(commune_bodies(request.user))}
    return render(request, "democracy/consultation_list.html", context)


@login_required
def consultation_new(request):
    bodies = commune_bodies(request.user)
    if not bodies:
        raise PermissionDenied("Chỉ cán bộ cơ quan cấp xã mới tổ chức lấy ý kiến Nhân dân.")
    form = ConsultationCreateForm(request.POST or None, organizations=bodies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            c = consultations.consultation_create(
                by=request.user,
                organization=data["organization"],
                subject=data["subject"],
                description=data["description"],
                kind=data["kind"],
                form=data["form"],
                scope=data["scope"],
                village=data["village"],
                rule=data["rule"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                eligible_households=data["eligible_households"] or 0,
                options=form.options(),
            )
        except ServiceError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, "Đã tạo cuộc lấy ý kiến. Kiểm tra lại rồi bấm “Bắt đầu lấy ý kiến”.")
            return redirect("democracy:consultation", pk=c.pk)
    return render(request, "democracy/consultation_new.html", {"form": form})


def available_actions(c, now) -> set[str]:
    """The buttons to show: the workflow's legal moves plus the services' own preconditions."""
    moves = {a for a in ConsultationAction.values if WORKFLOW.target(c.status, a)}
    online = c.form == ConsultationForm.ONLINE
    actions = set()
    if ConsultationAction.OPEN in moves and (not online or c.eligible_households > 0):
        actions.add("open")
    if ConsultationAction.CLOSE in moves and (not online or now >= c.closes_at):
        actions.add("close")
    if ConsultationAction.PUBLISH in moves:
        actions.add("publish")
    if ConsultationAction.CANCEL in moves:
        actions.add("cancel")
    if (
        ConsultationAction.APPROVE in moves
        and c.kind == ConsultationKind.DECIDE_APPROVE
        and c.outcome == Outcome.PASSED
    ):
        actions.add("approve")
    if online and c.status == ConsultationStatus.DRAFT:
        actions.add("codes")
    if not online and c.status in (ConsultationStatus.OPEN, ConsultationStatus.CLOSED):
        actions.add("results")
    if c.kind == ConsultationKind.OPINION and c.status in (ConsultationStatus.OPEN, ConsultationStatus.CLOSED):
        actions.add("opinion")
    if c.kind == ConsultationKind.OPINION and c.status != ConsultationStatus.CANCELLED:
        actions.add("answer")
    return actions


@login_required
def consultation_detail(request, pk: int):
    c = selectors.get_consultation_for_user(request.user, pk)
    now = timezone.now()
    can_manage = acts_for(request.user, c.organization)
    context = {
        "c": c,
        "public": c.status not in (ConsultationStatus.DRAFT, ConsultationStatus.CANCELLED),
        "can_manage": can_manage,
        "actions": available_actions(c, now) if can_manage else set(),
        "codes_issued": c.codes.count() if c.form == ConsultationForm.ONLINE else None,
        "has_unanswered": any(not g.answer for g in c.opinion_groups.all()),
        "waiting_for_deadline": c.form == ConsultationForm.ONLINE
        and c.status == ConsultationStatus.OPEN
        and now < c.closes_at,
    }
    return render(request, "democracy/consultation_detail.html", context)


def _count(value: str, label: str) -> int:
    try:
        n = int((value or "").strip())
    except ValueError:
        raise ServiceError(f"{label} phải là số nguyên không âm.") from None
    if n < 0:
        raise ServiceError(f"{label} phải là số nguyên không âm.")
    return n


def _open(request, c):
    consultations.consultation_open(consultation=c, by=request.user)
    return "Đã bắt đầu lấy ý kiến."


def _close(request, c):
    c = consultations.consultation_close(consultation=c, by=request.user)
    return f"Đã kết thúc lấy ý kiến. Kết quả: {c.get_outcome_display()}."


def _results(request, c):
    post = request.POST
    options = list(c.options.all())
    votes = {o.pk: _count(post.get(f"option-{o.pk}", "0") or "0", f"Số hộ chọn “{o.label}”") for o in options}
    eligible = _count(post["eligible"], "Số hộ thuộc phạm vi") if post.get("eligible", "").strip() else None
    participating = _count(post.get("participating", ""), "Số hộ tham gia")
    consultations.consultation_record_results(
        consultation=c, by=request.user, participating=participating, votes=votes, eligible=eligible
    )
    return "Đã ghi kết quả kiểm phiếu."


def _publish(request, c):
    consultations.consultation_publish(consultation=c, by=request.user, result_text=request.POST.get("result_text", ""))
    return "Đã công bố kết quả; kết quả hiện trên trang công khai của xã."


def _approve(request, c):
    consultations.consultation_approve(consultation=c, by=request.user, document=request.POST.get("document", ""))
    return "Đã ghi văn bản công nhận."


def _cancel(request, c):
    consultations.consultation_cancel(consultation=c, by=request.user, reason=request.POST.get("reason", ""))
    return "Đã hủy cuộc lấy ý kiến."


def _opinion(request, c):
    count = _count(request.POST.get("count", "1") or "1", "Số ý kiến")
    consultations.opinion_group_add(consultation=c, by=request.user, summary=request.POST.get("summary", ""),
                                    count=count)  # fmt: skip
    return "Đã ghi nhóm ý kiến."


def _answer(request, c):
    group = OpinionGroup.objects.filter(pk=_count(request.POST.get("group", ""), "Nhóm ý kiến"), consultation=c).first()
    if group is None:
        raise ServiceError("Không tìm thấy nhóm ý kiến.")
    group.consultation = c
    consultations.opinion_answer(group=group, by=request.user, answer=request.POST.get("answer", ""))
    return "Đã ghi nội dung giải trình, tiếp thu."


CONSULTATION_ACTIONS = {
    "mo": _open,
    "ket-thuc": _close,
    "ghi-ket-qua": _results,
    "cong-bo": _publish,
    "cong-nhan": _approve,
    "huy": _cancel,
    "y-kien": _opinion,
    "giai-trinh": _answer,
}


def _managed(request, pk: int):
    """The consultation (404 outside the scope) that the user acts for (403 if the user may only read it)."""
    c = selectors.get_consultation_for_user(request.user, pk)
    if not acts_for(request.user, c.organization):
        raise PermissionDenied("Bạn không thuộc cơ quan tổ chức cuộc lấy ý kiến này.")
    return c


@login_required
@require_POST
def consultation_act(request, pk: int, action: str):
    c = _managed(request, pk)
    return dispatch(request, c, action, CONSULTATION_ACTIONS, done=redirect("democracy:consultation", pk=pk))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def consultation_codes(request, pk: int):
    """Issue one-time codes to households and answer with the printable slips, once."""
    c = _managed(request, pk)
    tokens = request.session.get(TOKEN_KEY, {})
    error = ""
    households_text = ""
    if request.method == "POST":
        households_text = request.POST.get("households", "")
        sent, expected = request.POST.get("token", ""), tokens.pop(str(c.pk), None)
        request.session[TOKEN_KEY] = tokens
        if not expected or not secrets.compare_digest(sent, expected):
            messages.error(
                request,
                "Trang cấp mã đã được gửi trước đó hoặc đã cũ: mã biểu quyết chỉ hiển thị một lần. "
                "Không có mã nào được cấp thêm.",
            )
            return redirect("democracy:consultation_codes", pk=pk)
        try:
            slips = consultations.consultation_issue_codes(
                consultation=c, by=request.user, households=households_text.splitlines()
            )
        except ServiceError as e:
            error = e.message
        else:
            return render(request, "democracy/consultation_slips.html", {"c": c, "slips": slips})
    token = secrets.token_urlsafe(24)
    request.session[TOKEN_KEY] = {**tokens, str(c.pk): token}
    context = {
        "c": c,
        "token": token,
        "error": error,
        "households_text": households_text,
        "can_issue": c.form == ConsultationForm.ONLINE and c.status == ConsultationStatus.DRAFT,
        "issued": list(c.codes.order_by("id").values_list("household", flat=True)),
    }
    return render(request, "democracy/consultation_codes.html", context)
