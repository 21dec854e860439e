"""Officers' pages of Ban Thanh tra nhân dân and Ban Giám sát đầu tư của cộng đồng under /dan-chu/ban-giam-sat/:
set up a board, add its members, record its supervision sessions and their recommendations (answered and closed on
the recommendations page). Every write is a ``democracy.supervision`` service."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from democracy import selectors, supervision
from democracy.forms import BoardCreateForm
from democracy.models import MemberRole, Recommendation, SupervisionSession
from democracy.views import PER_PAGE, commune_bodies
from lib.actions import dispatch
from lib.errors import ServiceError
from lib.paging import CappedPaginator
from orgs.models import Organization
from orgs.permissions import acts_for


@login_required
def board_list(request):
    qs = (
        selectors.boards_visible_to(request.user)
        .select_related("unit")
        .annotate(member_count=Count("members", filter=Q(members__until__isnull=True), distinct=True))
        .order_by("-id")
    )
    page = CappedPaginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "boards": page.object_list, "can_write": bool(commune_bodies(request.user))}
    return render(request, "democracy/board_list.html", context)


@login_required
def board_new(request):
    bodies = commune_bodies(request.user)
    if not bodies:
        raise PermissionDenied("Chỉ cán bộ cơ quan cấp xã mới ghi nhận ban giám sát của Nhân dân.")
    form = BoardCreateForm(request.POST or None, organizations=bodies)
    if request.method == "POST" and form.is_valid():
        try:
            board = supervision.board_create(by=request.user, **form.cleaned_data)
        except ServiceError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, "Đã ghi nhận ban. Thêm thành viên của ban.")
            return redirect("democracy:board", pk=board.pk)
    return render(request, "democracy/board_new.html", {"form": form})


def addressees(board) -> list[Organization]:
    """The bodies a recommendation may go to: those of the board's province, and the central ones."""
    return list(
        Organization.objects.filter(is_active=True)
        .filter(Q(unit__province_id=board.unit.province_id) | Q(unit__isnull=True))
        .order_by("tier", "name")
        .only("id", "name")[:200]
    )


@login_required
def board_detail(request, pk: int):
    board = selectors.get_board_for_user(request.user, pk)
    recommendations = Prefetch(
        "recommendations", queryset=Recommendation.objects.select_related("addressee").order_by("answer_due", "id")
    )
    sessions = list(SupervisionSession.objects.filter(board=board).prefetch_related(recommendations))
    can_manage = acts_for(request.user, board.organization)
    today = timezone.localdate()
    context = {
        "board": board,
        "members": [m for m in board.members.all() if m.until is None],
        "sessions": sessions,
        "can_manage": can_manage,
        "roles": MemberRole.choices,
        "addressees": addressees(board) if can_manage and sessions else [],
        "today": today,
        "in_term": board.term_start <= today and (board.term_end is None or today <= board.term_end),
    }
    return render(request, "democracy/board_detail.html", context)


def _date(value: str, label: str) -> dt.date:
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        raise ServiceError(f"Hãy nhập {label} hợp lệ.") from None


def _member(request, board):
    post = request.POST
    supervision.board_member_add(
        board=board, by=request.user, full_name=post.get("full_name", ""), role=post.get("role", ""),
        since=_date(post.get("since", ""), "ngày bắt đầu tham gia"),
    )  # fmt: skip
    return "Đã thêm thành viên."


def _session(request, board):
    post = request.POST
    supervision.session_record(
        board=board, by=request.user, held_on=_date(post.get("held_on", ""), "ngày giám sát"),
        subject=post.get("subject", ""), findings=post.get("findings", ""),
    )  # fmt: skip
    return "Đã ghi cuộc giám sát."


def _recommendation(request, board):
    post = request.POST
    session = SupervisionSession.objects.filter(board=board, pk=_int(post.get("session", ""))).first()
    if session is None:
        raise ServiceError("Không tìm thấy cuộc giám sát.")
    session.board = board
    addressee = next((o for o in addressees(board) if o.pk == _int(post.get("addressee", ""))), None)
    if addressee is None:
        raise ServiceError("Hãy chọn cơ quan có trách nhiệm trả lời.")
    due = _date(post["answer_due"], "hạn trả lời") if post.get("answer_due", "").strip() else None
    supervision.recommendation_add(
        session=session, by=request.user, text=post.get("text", ""), addressee=addressee, answer_due=due
    )
    return f"Đã ghi kiến nghị gửi {addressee.name}."


def _int(value: str) -> int:
    return int(value) if (value or "").strip().isdigit() else 0


BOARD_ACTIONS = {"thanh-vien": _member, "giam-sat": _session, "kien-nghi": _recommendation}


@login_required
@require_POST
def board_act(request, pk: int, action: str):
    board = selectors.get_board_for_user(request.user, pk)
    if not acts_for(request.user, board.organization):
        raise PermissionDenied("Bạn không thuộc cơ quan quản lý ban này.")
    return dispatch(request, board, action, BOARD_ACTIONS, done=redirect("democracy:board", pk=pk))
