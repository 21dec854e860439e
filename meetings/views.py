"""Pages of reception days and dialogues.

Reception days: officers manage rules and sessions; citizens read the schedule. Dialogues: officers
plan, record and track them; citizens read the announcements and results and send questions
beforehand (text only, no identity asked)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from cases import selectors
from cases.models import Case
from cases.selectors import LIST_COLUMNS
from geo.selectors import unit_on
from lib.actions import dispatch
from lib.clients import client_ip
from lib.errors import ServiceError
from lib.paging import CappedPaginator
from lib.params import COLUMN_INT_MAX, page_int
from meetings import conf, dialogues, reception, todo
from meetings.forms import DialogueForm, QuestionForm, ScheduleForm, SessionForm
from meetings.models import (
    COMMITMENT_STATES,
    Commitment,
    CommitmentStatus,
    DialogueQuestion,
    DialogueStatus,
    SessionStatus,
)
from orgs.models import Organization
from orgs.permissions import acts_for, user_org_ids

# ---------------------------------------------------------------- reception days


@login_required
def sessions(request):
    today = timezone.localdate()
    orgs = list(reception.managed_organizations(request.user))
    schedule_form = ScheduleForm(organizations=orgs, prefix="lich")
    session_form = SessionForm(organizations=orgs, prefix="buoi")
    if request.method == "POST":
        try:
            if request.POST.get("form") == "schedule":
                schedule_form = ScheduleForm(request.POST, organizations=orgs, prefix="lich")
                if schedule_form.is_valid():
                    data = schedule_form.cleaned_data
                    reception.reception_schedule_create(by=request.user, **data)
                    messages.success(request, "Đã thêm lịch tiếp công dân định kỳ và lên lịch các buổi sắp tới.")
                    return redirect("meetings:reception")
            elif request.POST.get("form") == "session":
                session_form = SessionForm(request.POST, organizations=orgs, prefix="buoi")
                if session_form.is_valid():
                    reception.reception_session_create(by=request.user, **session_form.cleaned_data)
                    messages.success(request, "Đã thêm buổi tiếp công dân.")
                    return redirect("meetings:reception")
        except ServiceError as e:
            messages.error(request, e.message)
    past = request.GET.get("khi") == PAST
    page = CappedPaginator(_session_rows(request.user, today, past=past), PER_PAGE).get_page(request.GET.get("page"))
    _count_cases(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "meetings/reception/list.html",
        {
            "page": page,
            "sessions": page.object_list,
            "past": past,
            "query": query.urlencode(),
            "schedules": reception.schedules_visible_to(request.user)
            .filter(is_active=True)
            .select_related("organization")
            .only(*SCHEDULE_COLUMNS)
            .order_by("organization__name", "id")[:100],
            "warnings": reception.coverage_warnings(orgs, today=today),
            "schedule_form": schedule_form,
            "session_form": session_form,
            "can_manage": bool(orgs),
            "today": today,
        },
    )


# A list page's rows (reception sessions, dialogues).
PER_PAGE = 50
# The reception list's second tab: the sessions of the last month, to record what was held.
PAST = "da-qua"
SESSION_COLUMNS = (
    "id",
    "date",
    "start_time",
    "end_time",
    "leader_title",
    "leader_name",
    "place",
    "status",
    "organization__name",
)
SCHEDULE_COLUMNS = (
    "id",
    "leader_title",
    "leader_name",
    "frequency",
    "weekday",
    "month_day",
    "start_time",
    "end_time",
    "place",
    "organization__name",
)


def _session_rows(user, today: dt.date, *, past: bool):
    """The sessions a tab lists: coming (today to the planning horizon) soonest first, or the last 30 days newest
    first. Cases are counted for the page's rows only (``_count_cases``): a count joined to every session in the
    window grouped them all before the page was cut."""
    visible = reception.sessions_visible_to(user).select_related("organization").only(*SESSION_COLUMNS)
    if past:
        listed = visible.filter(date__gte=today - dt.timedelta(days=30), date__lt=today)
        return listed.order_by("-date", "-start_time", "-id")
    listed = visible.filter(date__gte=today, date__lte=today + dt.timedelta(days=28))
    return listed.order_by("date", "start_time", "id")


def _count_cases(sessions) -> None:
    """Set ``case_count`` on each session of a page: one grouped query."""
    counts = dict(
        Case.objects.filter(reception_session_id__in=[s.pk for s in sessions])
        .order_by()
        .values_list("reception_session_id")
        .annotate(n=Count("id"))
    )
    for s in sessions:
        s.case_count = counts.get(s.pk, 0)


@login_required
def session_detail(request, pk: int):
    session = reception.get_session_for_user(request.user, pk)
    cases = (
        Case.objects.filter(reception_session=session)
        .select_related("organization", "unit", "topic", "escalated_to")
        .only(*LIST_COLUMNS)
        .order_by("id")
    )
    return render(
        request,
        "meetings/reception/detail.html",
        {
            "session": session,
            "cases": cases,
            "can_manage": acts_for(request.user, session.organization),
            "today": timezone.localdate(),
            "SessionStatus": SessionStatus,
        },
    )


def _session_hold(request, session) -> str:
    visitors = page_int(request.POST, "visitors", minimum=0, maximum=COLUMN_INT_MAX)
    if visitors is None and request.POST.get("visitors"):
        raise ServiceError("Số lượt công dân phải là số từ 0 trở lên.")
    reception.reception_session_hold(
        session=session, by=request.user, visitors=visitors or 0, note=request.POST.get("note", "")
    )
    return "Đã ghi nhận buổi tiếp công dân."


def _session_cancel(request, session) -> str:
    reception.reception_session_cancel(session=session, by=request.user, reason=request.POST.get("reason", ""))
    return "Đã tạm hoãn buổi tiếp; lịch công khai sẽ ghi rõ lý do."


SESSION_ACTIONS = {"hold": _session_hold, "cancel": _session_cancel}


@login_required
@require_POST
def session_act(request, pk: int, action: str):
    session = reception.get_session_for_user(request.user, pk)
    return dispatch(request, session, action, SESSION_ACTIONS, done=redirect("meetings:reception_session", pk=pk))


@login_required
@require_POST
def schedule_end(request, pk: int):
    schedule = reception.get_schedule_for_user(request.user, pk)
    try:
        last_day = dt.date.fromisoformat(request.POST.get("last_day") or timezone.localdate().isoformat())
        reception.reception_schedule_end(
            schedule=schedule, by=request.user, last_day=last_day, reason=request.POST.get("reason", "")
        )
        messages.success(request, "Đã ngừng lịch tiếp công dân định kỳ.")
    except ValueError:
        messages.error(request, "Ngày không hợp lệ.")
    except ServiceError as e:
        messages.error(request, e.message)
    return redirect("meetings:reception")


def public_schedule(request):
    """The published schedule: bodies, leaders, places and times — nothing about citizens."""
    code = request.GET.get("don-vi", "")[:10]
    unit = unit_on(code, exclude_districts=True) if code else None
    return render(
        request,
        "meetings/public/reception.html",
        {
            "sessions": reception.public_schedule(unit=unit),
            "unit": unit,
            "code": code,
            "SessionStatus": SessionStatus,
        },
    )


# ---------------------------------------------------------------- dialogues


@login_required
def dialogue_list(request):
    key = request.GET.get("viec", "")
    if key in todo.TITLES:
        return _todo_list(request, key)
    orgs = list(reception.managed_organizations(request.user))
    form = DialogueForm(request.POST or None, organizations=orgs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = None
        if data["unit"]:
            unit = unit_on(data["unit"], exclude_districts=True)
            if unit is None:
                form.add_error("unit", "Hãy chọn địa bàn trong danh sách gợi ý (gõ tên xã, phường hoặc tỉnh).")
        if not form.errors:
            try:
                dialogue = dialogues.dialogue_plan(
                    by=request.user,
                    organization=data["organization"],
                    title=data["title"],
                    description=data["description"],
                    topic=data["topic"],
                    unit=unit,
                    starts_at=data["starts_at"],
                    place=data["place"],
                )
            except ServiceError as e:
                form.add_error(None, e.message)
            else:
                messages.success(request, "Đã thông báo hội nghị đối thoại.")
                return redirect("meetings:dialogue", pk=dialogue.pk)
    today = timezone.localdate()
    page = CappedPaginator(_dialogue_rows(request.user), PER_PAGE).get_page(request.GET.get("page"))
    _count_questions_and_commitments(page.object_list)
    for d in page.object_list:
        d.late = dialogues.results_late(d, today)
    return render(
        request,
        "meetings/dialogues/list.html",
        {
            "page": page,
            "dialogues": page.object_list,
            "query": "",
            "form": form,
            "can_manage": bool(orgs),
            "overdue_commitments": dialogues.commitment_list(request.user, state="overdue", today=today).only(
                *COMMITMENT_COLUMNS
            )[:50],
            "notice_days": conf.dialogue_notice_days(),
        },
    )


def _todo_list(request, key: str):
    """One to-do item's dialogues or commitments (the home page's link): exactly what its count counted."""
    today = timezone.localdate()
    if key == todo.COMMITMENTS:
        rows = todo.commitments_for(request.user, today).only(*COMMITMENT_COLUMNS)
    else:
        rows = todo.dialogues_for(request.user, key, today).only(*DIALOGUE_COLUMNS)
    page = CappedPaginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "title": todo.TITLES[key], "key": key, "commitments": key == todo.COMMITMENTS}
    return render(request, "meetings/dialogues/todo_list.html", context)


DIALOGUE_COLUMNS = ("id", "starts_at", "title", "status", "held_on", "organization__name", "unit__name")
COMMITMENT_COLUMNS = ("id", "text", "deadline", "dialogue_id", "dialogue__title", "owner__name")


def _dialogue_rows(user):
    """The user's dialogues, the latest first; their counts are read for the page's rows only."""
    return (
        dialogues.dialogues_visible_to(user)
        .select_related("organization", "unit")
        .only(*DIALOGUE_COLUMNS)
        .order_by("-starts_at", "-id")
    )


def _count_questions_and_commitments(rows) -> None:
    """Set ``question_count`` and ``open_commitments`` on a page of dialogues: one grouped query each."""
    keys = [d.pk for d in rows]
    questions = dict(
        DialogueQuestion.objects.filter(dialogue_id__in=keys)
        .order_by()
        .values_list("dialogue_id")
        .annotate(n=Count("id"))
    )
    open_commitments = dict(
        Commitment.objects.filter(dialogue_id__in=keys, status=CommitmentStatus.OPEN)
        .order_by()
        .values_list("dialogue_id")
        .annotate(n=Count("id"))
    )
    for d in rows:
        d.question_count = questions.get(d.pk, 0)
        d.open_commitments = open_commitments.get(d.pk, 0)


@login_required
def dialogue_detail(request, pk: int):
    dialogue = dialogues.get_dialogue_for_user(request.user, pk)
    today = timezone.localdate()
    commitments = list(dialogue.commitments.select_related("owner", "question"))
    can_manage = acts_for(request.user, dialogue.organization)
    own = user_org_ids(request.user, write=True)
    for c in commitments:
        c.state = c.state_on(today)
        c.state_label = COMMITMENT_STATES[c.state]
        # The body that owes it records its completion, as does the organiser (meetings.dialogues.commitment_complete).
        c.can_complete = can_manage or c.owner_id in own
    return render(
        request,
        "meetings/dialogues/detail.html",
        {
            "dialogue": dialogue,
            "questions": dialogue.questions.select_related("case").order_by("id"),
            "commitments": commitments,
            "can_manage": can_manage,
            "hold_blocker": dialogues.hold_blocker(dialogue, today),
            "owners": Organization.objects.filter(is_active=True, unit__province_id=dialogue.unit.province_id).order_by(
                "tier", "name"
            )[:200],
            "late": dialogues.results_late(dialogue, today),
            "published_late": dialogues.published_late(dialogue),
            "results_due": dialogue.results_due(),
            "DialogueStatus": DialogueStatus,
            "today": today,
        },
    )


def _question(request, dialogue) -> str:
    post = request.POST
    case = selectors.find_public(post.get("code", ""))
    if case is None or not Case.objects.visible_to(request.user).filter(pk=case.pk).exists():
        raise ServiceError("Không tìm thấy vụ việc có mã này trong phạm vi của bạn.")
    dialogues.dialogue_question_from_case(dialogue=dialogue, case=case, by=request.user, text=post.get("text", ""))
    return f"Đã đưa vụ việc {case.display_code} vào danh sách câu hỏi."


def _dialogue_hold(request, dialogue) -> str:
    post = request.POST
    try:
        participants = int(post.get("participants") or 0)
    except ValueError as e:
        raise ServiceError("Số người dự phải là số.") from e
    dialogues.dialogue_hold(
        dialogue=dialogue, by=request.user, minutes=post.get("minutes", ""), participants=participants
    )
    return "Đã ghi biên bản hội nghị."


def _answer(request, dialogue) -> str:
    post = request.POST
    question = DialogueQuestion.objects.filter(pk=post.get("question") or 0, dialogue=dialogue).first()
    if question is None:
        raise ServiceError("Không tìm thấy câu hỏi.")
    question.dialogue = dialogue
    dialogues.dialogue_answer(
        question=question,
        by=request.user,
        answer=post.get("answer", ""),
        answered_by=post.get("answered_by", ""),
    )
    return "Đã ghi câu trả lời."


def _commitment(request, dialogue) -> str:
    post = request.POST
    owner = Organization.objects.filter(pk=post.get("owner") or 0, is_active=True).first()
    if owner is None:
        raise ServiceError("Hãy chọn cơ quan thực hiện.")
    try:
        deadline = dt.date.fromisoformat(post.get("deadline", ""))
    except ValueError as e:
        raise ServiceError("Thời hạn không hợp lệ.") from e
    question = None
    if post.get("question"):
        question = DialogueQuestion.objects.filter(pk=post["question"], dialogue=dialogue).first()
    dialogues.commitment_create(
        dialogue=dialogue,
        by=request.user,
        text=post.get("text", ""),
        owner=owner,
        deadline=deadline,
        question=question,
    )
    return "Đã ghi cam kết."


def _complete(request, dialogue) -> str:
    commitment = (
        dialogue.commitments.select_related("owner__parent").filter(pk=request.POST.get("commitment") or 0).first()
    )
    if commitment is None:
        raise ServiceError("Không tìm thấy cam kết.")
    commitment.dialogue = dialogue
    dialogues.commitment_complete(commitment=commitment, by=request.user, evidence=request.POST.get("evidence", ""))
    return "Đã ghi nhận hoàn thành cam kết."


def _publish(request, dialogue) -> str:
    dialogues.dialogue_publish(dialogue=dialogue, by=request.user, results=request.POST.get("results", ""))
    return "Đã công bố kết quả đối thoại."


def _dialogue_cancel(request, dialogue) -> str:
    dialogues.dialogue_cancel(dialogue=dialogue, by=request.user, reason=request.POST.get("reason", ""))
    return "Đã hủy hội nghị đối thoại."


DIALOGUE_ACTIONS = {
    "question": _question,
    "hold": _dialogue_hold,
    "answer": _answer,
    "commitment": _commitment,
    "complete": _complete,
    "publish": _publish,
    "cancel": _dialogue_cancel,
}


@login_required
@require_POST
def dialogue_act(request, pk: int, action: str):
    dialogue = dialogues.get_dialogue_for_user(request.user, pk)
    return dispatch(request, dialogue, action, DIALOGUE_ACTIONS, done=redirect("meetings:dialogue", pk=pk))


def public_list(request):
    upcoming, past = dialogues.public_dialogues()
    today = timezone.localdate()
    for d in past:
        d.late = dialogues.results_late(d, today)
    return render(request, "meetings/public/dialogues.html", {"upcoming": upcoming, "past": past})


@require_http_methods(["GET", "POST"])
def public_detail(request, pk: int):
    dialogue = dialogues.get_public_dialogue(pk)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dialogues.dialogue_question_submit(
                dialogue=dialogue, text=form.cleaned_data["text"], client_ip=client_ip(request)
            )
        except ServiceError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, "Đã gửi câu hỏi. Cảm ơn bạn; câu hỏi sẽ được trả lời tại hội nghị.")
            return redirect("meetings_public:dialogue", pk=pk)
    published = dialogue.status == DialogueStatus.PUBLISHED
    today = timezone.localdate()
    commitments = []
    if published:
        commitments = list(dialogue.commitments.select_related("owner"))
        for c in commitments:
            c.state_label = COMMITMENT_STATES[c.state_on(today)]
    return render(
        request,
        "meetings/public/dialogue.html",
        {
            "dialogue": dialogue,
            "form": form,
            "accepts_questions": dialogues.accepts_questions(dialogue),
            # Questions and answers become public with the results; never who asked.
            "questions": dialogue.questions.order_by("id") if published else [],
            "question_count": dialogue.questions.count(),
            "commitments": commitments,
            "late": dialogues.results_late(dialogue, today),
            "published_late": dialogues.published_late(dialogue),
            "results_due": dialogue.results_due(),
            "DialogueStatus": DialogueStatus,
        },
    )
