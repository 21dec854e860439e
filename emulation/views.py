"""Server-rendered pages for contests ("Dân vận khéo" hội thi) and yearly assessments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from emulation import services, todo
from emulation.forms import (
    AssessmentFilterForm,
    AssessmentForm,
    CloseForm,
    ContestForm,
    CriteriaSetChoiceForm,
    EntryForm,
    RoundFormSet,
    ScoreForm,
)
from emulation.models import ContestStatus, EntryScore
from emulation.selectors import (
    active_criteria_sets,
    assessment_list,
    assessments_visible_to,
    can_run,
    contest_list,
    get_contest_for_user,
    member_orgs,
)
from lib.errors import ServiceError
from lib.paging import CappedPaginator
from orgs.permissions import get_object_for_user


def _form_errors(form) -> str:
    parts = [" ".join(form.non_field_errors())]
    parts += [
        f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items() if name != "__all__"
    ]
    return "; ".join(p for p in parts if p)


# --- Contests ------------------------------------------------------------------------------


@login_required
def contests(request):
    if request.GET.get("viec") == todo.KEY:
        # The home page's to-do item: exactly the (entry, round) pairs its count counted, each one tap from scoring.
        context = {"pending": todo.pending_scores(request.user), "title": todo.TITLE}
        return render(request, "emulation/todo_scores.html", context)
    filters = AssessmentFilterForm(request.GET or None)
    year = filters.cleaned_data.get("year") if filters.is_valid() else None
    page = CappedPaginator(contest_list(request.user, year=year), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "emulation/contest_list.html",
        {"page": page, "filters": filters, "year": year, "can_create": member_orgs(request.user).exists()},
    )


@login_required
def contest_new(request):
    form = ContestForm(request.POST or None, user=request.user)
    rounds = RoundFormSet(request.POST or None, prefix="rounds")
    if not form.fields["organizer"].queryset.exists():
        messages.error(request, "Bạn chưa thuộc tổ chức nào có quyền tổ chức hội thi.")
        return redirect("emulation:contests")
    if request.method == "POST" and form.is_valid() and rounds.is_valid():
        data = form.cleaned_data
        try:
            contest = services.contest_create(
                by=request.user,
                name=data["name"],
                organizer=data["organizer"],
                year=data["year"],
                judges=list(data["judges"]),
                rounds=[(r["name"], r["criteria_set"], r.get("held_on")) for r in rounds.cleaned_data if r],
            )
        except ServiceError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, "Đã tạo hội thi; hãy thêm các bài dự thi.")
            return redirect("emulation:contest", pk=contest.pk)
    return render(request, "emulation/contest_form.html", {"form": form, "rounds": rounds})


@login_required
def contest_detail(request, pk: int):
    contest = get_contest_for_user(request.user, pk)
    return _render_detail(request, contest)


def _render_detail(request, contest, *, entry_form=None, close_form=None):
    user = request.user
    runs = can_run(user, contest)
    takes_entries = runs and contest.status == ContestStatus.OPEN
    is_judge = contest.judges.filter(pk=user.pk).exists()
    rounds = list(contest.rounds.select_related("criteria_set"))
    entries = list(contest.entries.select_related("organization").order_by("name", "id"))
    scored = set()
    if is_judge:
        scored = set(
            EntryScore.objects.filter(entry__contest=contest, judge=user).values_list("entry_id", "round_id").distinct()
        )
    ranking, awards = [], []
    if contest.status == ContestStatus.CLOSED:
        awards = list(contest.awards.select_related("entry__organization"))
    if contest.status != ContestStatus.OPEN:
        loaded = {e.pk: e for e in entries}  # with their organisation: no query per ranked row
        ranking = [
            {"rank": i, "entry": loaded.get(entry.pk, entry), "total": total}
            for i, (entry, total) in enumerate(services.contest_ranking(contest), start=1)
        ]
    judges = list(contest.judges.order_by("full_name", "username"))
    return render(
        request,
        "emulation/contest_detail.html",
        {
            "contest": contest,
            "Status": ContestStatus,
            "can_run": runs,
            "is_judge": is_judge,
            "judges": judges,
            "open_blocker": services.open_judging_blocker(entries=len(entries), judges=len(judges)),
            "close_blocker": services.close_blocker(ranking),
            "rounds": rounds,
            "entries": [{"entry": e, "rounds": [(r, (e.pk, r.pk) in scored) for r in rounds]} for e in entries],
            "ranking": ranking,
            "awards": awards,
            "entry_form": (entry_form if entry_form is not None else EntryForm(user=user)) if takes_entries else None,
            "close_form": close_form if close_form is not None else CloseForm(),
        },
    )


@login_required
@require_POST
def entry_new(request, pk: int):
    contest = get_contest_for_user(request.user, pk, write=True)
    form = EntryForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, "Bài dự thi chưa đúng: " + _form_errors(form))
        return _render_detail(request, contest, entry_form=form)
    try:
        entry = services.entry_add(contest=contest, by=request.user, **form.cleaned_data)
    except ServiceError as e:
        messages.error(request, e.message)
        return _render_detail(request, contest, entry_form=form)
    messages.success(request, f"Đã thêm bài dự thi “{entry.name}”.")
    return redirect("emulation:contest", pk=pk)


@login_required
@require_POST
def open_judging(request, pk: int):
    contest = get_contest_for_user(request.user, pk)
    try:
        services.contest_open_judging(contest=contest, by=request.user)
    except ServiceError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, "Hội thi đã chuyển sang giai đoạn chấm.")
    return redirect("emulation:contest", pk=pk)


@login_required
def score(request, pk: int, entry_id: int, round_id: int):
    contest = get_contest_for_user(request.user, pk)
    entry = get_object_or_404(contest.entries.select_related("organization"), pk=entry_id)
    round_ = get_object_or_404(contest.rounds.select_related("criteria_set"), pk=round_id)
    criteria = list(round_.criteria_set.criteria.all())
    mine = {s.criterion_id: s.score for s in EntryScore.objects.filter(entry=entry, round=round_, judge=request.user)}
    form = ScoreForm(
        request.POST or None, criteria=criteria, initial={f"score_{cid}": value for cid, value in mine.items()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.contest_score(entry=entry, round=round_, judge=request.user, scores=form.scores())
        except ServiceError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, f"Đã lưu điểm chấm “{entry.name}” – {round_.name}.")
            return redirect("emulation:contest", pk=pk)
    return render(
        request,
        "emulation/score_form.html",
        {
            "contest": contest,
            "entry": entry,
            "round": round_,
            "form": form,
            "is_judge": contest.judges.filter(pk=request.user.pk).exists(),
            "is_judging": contest.status == ContestStatus.JUDGING,
        },
    )


@login_required
@require_POST
def close(request, pk: int):
    contest = get_contest_for_user(request.user, pk)
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _render_detail(request, contest, close_form=form)
    try:
        awards = services.contest_close(contest=contest, by=request.user, titles=form.cleaned_data["titles"])
    except ServiceError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, f"Đã công bố kết quả: {len(awards)} giải.")
    return redirect("emulation:contest", pk=pk)


# --- Assessments ---------------------------------------------------------------------------


@login_required
def assessments(request):
    filters = AssessmentFilterForm(request.GET or None)
    year = filters.cleaned_data.get("year") if filters.is_valid() else None
    page = CappedPaginator(assessment_list(request.user, year=year), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "emulation/assessment_list.html",
        {
            "page": page,
            "filters": filters,
            "year": year,
            # Any write-role membership can assess something (at least its own organisation);
            # cheaper than computing the write scope on every list page.
            "can_assess": member_orgs(request.user).exists(),
        },
    )


@login_required
def assessment_new(request):
    criteria_set = None
    raw = request.POST.get("criteria_set") or request.GET.get("criteria_set")
    if raw and raw.isdigit():
        criteria_set = active_criteria_sets().filter(pk=raw).first()
    if criteria_set is None:
        # Step one: the rubric decides which scores the form asks for.
        return render(request, "emulation/assessment_form.html", {"choose": CriteriaSetChoiceForm(request.GET or None)})
    form = AssessmentForm(request.POST or None, user=request.user, criteria_set=criteria_set)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment = services.assessment_record(
                organization=data["organization"],
                year=data["year"],
                criteria_set=criteria_set,
                by=request.user,
                scores=form.scores(),
                note=data["note"],
            )
        except ServiceError as e:
            messages.error(request, e.message)
        else:
            messages.success(
                request,
                f"Đã ghi nhận đánh giá năm {assessment.year} của {assessment.organization}: "
                f"xếp loại {assessment.get_grade_display()}.",
            )
            return redirect("emulation:assessment", pk=assessment.pk)
    return render(request, "emulation/assessment_form.html", {"form": form, "criteria_set": criteria_set})


@login_required
def assessment_detail(request, pk: int):
    assessment = get_object_for_user(
        assessments_visible_to(request.user).select_related("organization__unit", "criteria_set", "assessor"),
        request.user,
        unit_field="organization__unit",
        pk=pk,
    )
    return render(
        request,
        "emulation/assessment_detail.html",
        {
            "assessment": assessment,
            "scores": assessment.scores.select_related("criterion").order_by("criterion__order", "criterion_id"),
        },
    )
