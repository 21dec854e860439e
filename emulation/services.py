"""Write paths for contests and yearly assessments; each atomic and audited."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db import transaction

from audit.models import Action as AuditAction
from audit.services import record
from audit.transitions import Workflow, transition
from emulation.models import (
    CONTEST_TRANSITIONS,
    Assessment,
    AssessmentScore,
    Award,
    Contest,
    ContestAction,
    ContestStatus,
    Entry,
    EntryKind,
    EntryScore,
    Grade,
    Round,
)
from lib.errors import ServiceError
from orgs.models import Organization
from orgs.scope import scope_for
from practices.models import CriteriaSet, Practice

CONTEST_WORKFLOW = Workflow(
    model=Contest,
    moves=CONTEST_TRANSITIONS,
    noun="hội thi",
    status_labels=dict(ContestStatus.choices),
    action_labels=dict(ContestAction.choices),
    stamp=None,
)


def _fmt(value: Decimal) -> str:
    """A score as Vietnamese write it: 60 and 50,5 (not 60.00 and 50.50)."""
    return f"{Decimal(value).normalize():f}".replace(".", ",")


def _check_scores(criteria_set: CriteriaSet, scores: dict[int, Decimal]) -> dict:
    criteria = {c.pk: c for c in criteria_set.criteria.all()}
    errors = {}
    for criterion_id, value in scores.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            errors[str(criterion_id)] = "Tiêu chí không thuộc bộ tiêu chí."
        elif value < 0:
            errors[str(criterion_id)] = "Điểm phải là số không âm."
        elif value > criterion.max_score:
            errors[str(criterion_id)] = f"Điểm {_fmt(value)} vượt quá điểm tối đa {_fmt(criterion.max_score)}."
    missing = set(criteria) - set(scores)
    if errors:
        raise ServiceError("Điểm chấm không hợp lệ: " + " ".join(errors.values()), extra={"scores": errors})
    return {"missing": sorted(missing)}


def open_judging_blocker(*, entries: int, judges: int) -> str:
    """Why judging cannot start yet ("" when it can): the page says it instead of showing the button."""
    if not entries:
        return "Chưa thể bắt đầu chấm: hội thi chưa có bài dự thi nào."
    if not judges:
        return "Chưa thể bắt đầu chấm: hội thi chưa có ban giám khảo."
    return ""


def close_blocker(ranking: list) -> str:
    """Why the results cannot be published yet ("" when they can): nobody has scored."""
    return "" if ranking else "Chưa thể công bố kết quả: ban giám khảo chưa chấm bài dự thi nào."


@transaction.atomic
def contest_open_judging(*, contest: Contest, by) -> Contest:
    if not scope_for(by, write=True).covers(contest.organizer.unit):
        raise ServiceError("Bạn không có quyền điều hành hội thi này.", status_code=403)
    if contest.status == ContestStatus.OPEN and (
        blocker := open_judging_blocker(entries=contest.entries.count(), judges=contest.judges.count())
    ):
        raise ServiceError(blocker)
    transition(CONTEST_WORKFLOW, contest, action=ContestAction.OPEN_JUDGING, by=by)
    return contest


@transaction.atomic
def contest_score(*, entry: Entry, round: Round, judge, scores: dict[int, Decimal]) -> None:
    contest = entry.contest
    if round.contest_id != contest.pk:
        raise ServiceError("Vòng thi không thuộc hội thi của bài dự thi.")
    if contest.status != ContestStatus.JUDGING:
        raise ServiceError("Chỉ chấm điểm được khi hội thi đang trong giai đoạn chấm.")
    if not contest.judges.filter(pk=judge.pk).exists():
        raise ServiceError("Bạn không thuộc ban giám khảo của hội thi.", status_code=403)
    check = _check_scores(round.criteria_set, scores)
    if check["missing"]:
        raise ServiceError("Phải chấm đủ mọi tiêu chí của vòng thi.", extra=check)
    for criterion_id, value in scores.items():
        EntryScore.objects.update_or_create(
            entry=entry, round=round, criterion_id=criterion_id, judge=judge, defaults={"score": value}
        )
    record(
        actor=judge,
        action=AuditAction.UPDATE,
        obj=entry,
        reason=f"Chấm điểm {round.name}",
        changes={"scores": {str(k): str(v) for k, v in scores.items()}},
    )


def contest_ranking(contest: Contest, round: Round | None = None) -> list[tuple[Entry, Decimal]]:
    """Entries by score: each judge's total, averaged over judges; over all rounds unless one is named."""
    scores = EntryScore.objects.filter(entry__contest=contest)
    if round is not None:
        scores = scores.filter(round=round)
    per_judge: dict[int, dict[tuple[int, int], Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for entry_id, round_id, judge_id, value in scores.values_list("entry_id", "round_id", "judge_id", "score"):
        per_judge[entry_id][(round_id, judge_id)] += value
    totals: dict[int, Decimal] = {}
    for entry_id, by_round_judge in per_judge.items():
        by_round: dict[int, list[Decimal]] = defaultdict(list)
        for (round_id, _judge), total in by_round_judge.items():
            by_round[round_id].append(total)
        totals[entry_id] = sum((sum(v, Decimal(0)) / len(v) for v in by_round.values()), Decimal(0)).quantize(
            Decimal("0.01")
        )
    entries = {e.pk: e for e in Entry.objects.filter(contest=contest)}
    ranked = sorted(((entries[pk], total) for pk, total in totals.items()), key=lambda x: (-x[1], x[0].name))
    return ranked


@transaction.atomic
def contest_close(*, contest: Contest, by, titles: list[str]) -> list[Award]:
    """Publish the result: the top entries receive ``titles`` in rank order."""
    if not scope_for(by, write=True).covers(contest.organizer.unit):
        raise ServiceError("Bạn không có quyền điều hành hội thi này.", status_code=403)
    if CONTEST_WORKFLOW.target(contest.status, ContestAction.CLOSE) is None:
        raise CONTEST_WORKFLOW.refusal(contest.status, ContestAction.CLOSE)
    ranking = contest_ranking(contest)
    if blocker := close_blocker(ranking):
        raise ServiceError(blocker)
    awards = [
        Award(contest=contest, entry=entry, title=title, rank=rank)
        for rank, (title, (entry, _total)) in enumerate(zip(titles, ranking, strict=False), start=1)
    ]
    # The move first: when two organisers publish at once, the loser's awards are never written.
    reason = "; ".join(f"{a.title}: {a.entry}" for a in awards)
    transition(CONTEST_WORKFLOW, contest, action=ContestAction.CLOSE, by=by, reason=reason)
    Award.objects.bulk_create(awards)
    return awards


def grade_for(total: Decimal, criteria_set: CriteriaSet) -> str:
    maximum = criteria_set.max_total
    percent = (total * 100 / maximum) if maximum else Decimal(0)
    thresholds = criteria_set.grade_thresholds or {}
    for grade in (Grade.EXCELLENT, Grade.GOOD, Grade.FAIR, Grade.AVERAGE):
        if grade.value in thresholds and percent >= Decimal(str(thresholds[grade.value])):
            return grade
    return Grade.WEAK


@transaction.atomic
def assessment_record(
    *, organization, year: int, criteria_set: CriteriaSet, by, scores: dict[int, Decimal], note: str = ""
) -> Assessment:
    """Score an organisation's year; scoring it again replaces the scores (both audited)."""
    if not scope_for(by, write=True).covers(organization.unit):
        raise ServiceError("Bạn không có quyền đánh giá tổ chức này.", status_code=403)
    check = _check_scores(criteria_set, scores)
    if check["missing"]:
        raise ServiceError("Phải chấm đủ mọi tiêu chí của bộ tiêu chí.", extra=check)
    total = sum(scores.values(), Decimal(0))
    grade = grade_for(total, criteria_set)
    previous = Assessment.objects.filter(organization=organization, year=year).first()
    before = {"total": str(previous.total), "grade": previous.grade} if previous else {}
    assessment, _ = Assessment.objects.update_or_create(
        organization=organization,
        year=year,
        defaults={"criteria_set": criteria_set, "assessor": by, "total": total, "grade": grade, "note": note},
    )
    assessment.scores.all().delete()
    AssessmentScore.objects.bulk_create(
        AssessmentScore(assessment=assessment, criterion_id=cid, score=value) for cid, value in scores.items()
    )
    record(
        actor=by,
        action=AuditAction.UPDATE if previous else AuditAction.CREATE,
        obj=assessment,
        changes={"total": [before.get("total"), str(total)], "grade": [before.get("grade"), grade]},
    )
    return assessment


@transaction.atomic
def contest_create(
    *,
    by,
    name: str,
    organizer: Organization,
    year: int,
    judges: list,
    rounds: list[tuple[str, CriteriaSet, dt.date | None]],
) -> Contest:
    """Open a contest for registration with its judges and its rounds (in the given order)."""
    if not scope_for(by, write=True).covers(organizer.unit):
        raise ServiceError("Bạn không có quyền tổ chức hội thi cho đơn vị này.", status_code=403)
    if not rounds:
        raise ServiceError("Hội thi phải có ít nhất một vòng thi.")
    contest = Contest.objects.create(name=name, organizer=organizer, year=year, status=ContestStatus.OPEN)
    contest.judges.set(judges)
    Round.objects.bulk_create(
        Round(contest=contest, order=order, name=round_name, criteria_set=criteria_set, held_on=held_on)
        for order, (round_name, criteria_set, held_on) in enumerate(rounds, start=1)
    )
    record(
        actor=by,
        action=AuditAction.CREATE,
        obj=contest,
        changes={
            "name": [None, name],
            "organizer": [None, organizer.pk],
            "year": [None, year],
            "judges": [None, sorted(j.pk for j in judges)],
            "rounds": [None, [[r[0], r[1].pk] for r in rounds]],
        },
    )
    return contest


@transaction.atomic
def entry_add(
    *, contest: Contest, by, kind: str, name: str, organization: Organization, practice: Practice | None = None
) -> Entry:
    """Register an entry while the contest is open; the entrant must lie in the user's scope."""
    if not scope_for(by, write=True).covers(contest.organizer.unit):
        raise ServiceError("Bạn không có quyền điều hành hội thi này.", status_code=403)
    # Lock the contest row: judging must not start between this check and the insert.
    status = Contest.objects.select_for_update().filter(pk=contest.pk).values_list("status", flat=True).first()
    if status != ContestStatus.OPEN:
        raise ServiceError("Chỉ thêm bài dự thi được khi hội thi đang nhận đăng ký.")
    if not scope_for(by).covers(organization.unit):
        raise ServiceError("Đơn vị dự thi nằm ngoài phạm vi của bạn.", extra={"organization": organization.pk})
    if kind == EntryKind.PRACTICE and practice is None:
        raise ServiceError("Bài dự thi loại mô hình phải gắn với một mô hình.", extra={"practice": None})
    if Entry.objects.filter(contest=contest, name=name, organization=organization).exists():
        raise ServiceError(f"Đơn vị này đã có bài dự thi “{name}”.", extra={"name": name})
    entry = Entry.objects.create(contest=contest, kind=kind, name=name, organization=organization, practice=practice)
    record(
        actor=by,
        action=AuditAction.CREATE,
        obj=entry,
        changes={
            "contest": [None, contest.pk],
            "kind": [None, kind],
            "name": [None, name],
            "organization": [None, organization.pk],
            "practice": [None, practice.pk if practice else None],
        },
    )
    return entry


# --- Forms -------------------------------------------------------------------------------
