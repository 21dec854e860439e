"""Reads of the democracy module: scoped lists, permission-checked getters, public reads, report figures."""

from __future__ import annotations

import datetime as dt

from django.db.models import Aggregate, Count, Min, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from democracy.models import (
    Board,
    Consultation,
    ConsultationStatus,
    Disclosure,
    DisclosureStatus,
    Obligation,
    ObligationState,
    OpinionGroup,
    Option,
    Recommendation,
    RecommendationStatus,
    SupervisionSession,
    VillageRule,
    VillageRuleStatus,
    VillageRuleVersion,
)
from democracy.models.disclosures import state_expression, state_q
from geo.models import AdminUnit, Level
from geo.selectors import subtree_q, unit_on
from orgs.scope import scope_for

UPCOMING_DAYS = 30  # the home page's horizon for obligations coming up
OBLIGATION_STATES = {**dict(ObligationState.choices), "upcoming": f"Đến hạn trong {UPCOMING_DAYS} ngày tới"}
PUBLIC_CONSULTATION_STATES = (ConsultationStatus.PUBLISHED, ConsultationStatus.APPROVED)


def _one(queryset: QuerySet, pk: int, noun: str):
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404(f"Không tìm thấy {noun} hoặc bạn không có quyền xem.")
    return obj


# ---------------------------------------------------------------- disclosures and obligations


def disclosures_visible_to(user) -> QuerySet[Disclosure]:
    return scope_for(user).filter(Disclosure.objects.all(), "unit")


def disclosure_list(user, *, status: str = "", category: str = "") -> QuerySet[Disclosure]:
    qs = disclosures_visible_to(user).select_related("unit", "category")
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category__code=category)
    return qs.order_by("-id")


def get_disclosure_for_user(user, pk: int) -> Disclosure:
    qs = disclosures_visible_to(user).select_related("unit", "category", "organization__parent")
    return _one(qs.prefetch_related("channels", "files"), pk, "nội dung công khai")


def obligation_list(user, *, state: str = "", today: dt.date | None = None, year: int | None = None) -> QuerySet:
    """Obligations in the user's scope with their ``state`` on ``today`` (computed in SQL); the home page's counts
    use the same filter, so a count equals what this list shows."""
    today = today or timezone.localdate()
    qs = scope_for(user).filter(Obligation.objects.all(), "unit")
    if state == "upcoming":
        qs = qs.filter(upcoming_q(today, UPCOMING_DAYS))
    elif state:
        qs = qs.filter(state_q(state, today))
    if year:
        qs = qs.filter(period_start__year=year)
    return qs.select_related("unit", "category").annotate(state=state_expression(today)).order_by("due_on", "id")


def upcoming_q(today: dt.date, days: int) -> Q:
    return state_q(ObligationState.DUE, today) & Q(due_on__lte=today + dt.timedelta(days=days))


def obligation_state_counts(user, states: list[str], today: dt.date) -> dict[str, tuple[int, dt.date | None]]:
    """For each of ``states`` (as ``obligation_list`` takes them), how many obligations it lists and the earliest due
    date: one aggregate over the rows in any of them, each count under its list's own condition."""
    conditions = {
        state: upcoming_q(today, UPCOMING_DAYS) if state == "upcoming" else state_q(state, today) for state in states
    }
    any_state = Q(pk__in=[])
    for condition in conditions.values():
        any_state |= condition
    aggregates: dict[str, Aggregate] = {}
    for i, condition in enumerate(conditions.values()):
        aggregates[f"n{i}"] = Count("id", filter=condition)
        aggregates[f"first{i}"] = Min("due_on", filter=condition)
    found = scope_for(user).filter(Obligation.objects.filter(any_state), "unit").aggregate(**aggregates)
    return {state: (found[f"n{i}"], found[f"first{i}"]) for i, state in enumerate(conditions)}


# ---------------------------------------------------------------- consultations


def consultations_visible_to(user) -> QuerySet[Consultation]:
    return scope_for(user).filter(Consultation.objects.all(), "unit")


def consultation_list(user) -> QuerySet[Consultation]:
    return consultations_visible_to(user).select_related("unit", "rule").order_by("-id")


def get_consultation_for_user(user, pk: int) -> Consultation:
    qs = consultations_visible_to(user).select_related("unit", "rule", "organization__parent")
    return _one(qs.prefetch_related("options", "opinion_groups"), pk, "cuộc lấy ý kiến")


def opinion_groups_visible_to(user) -> QuerySet[OpinionGroup]:
    return scope_for(user).filter(OpinionGroup.objects.all(), "consultation__unit")


def get_opinion_group_for_user(user, pk: int) -> OpinionGroup:
    qs = opinion_groups_visible_to(user).select_related("consultation__organization__parent")
    return _one(qs, pk, "nhóm ý kiến")


def village_rules_visible_to(user) -> QuerySet[VillageRule]:
    return scope_for(user).filter(VillageRule.objects.all(), "unit").prefetch_related("versions")


def village_rule_versions_visible_to(user) -> QuerySet[VillageRuleVersion]:
    return scope_for(user).filter(VillageRuleVersion.objects.all(), "rule__unit")


def get_village_rule_version_for_user(user, pk: int) -> VillageRuleVersion:
    qs = village_rule_versions_visible_to(user).select_related("rule__organization__parent")
    return _one(qs, pk, "dự thảo hương ước, quy ước")


def get_village_rule_for_user(user, pk: int) -> VillageRule:
    return _one(village_rules_visible_to(user).select_related("organization__parent"), pk, "hương ước, quy ước")


# ---------------------------------------------------------------- supervision


def boards_visible_to(user) -> QuerySet[Board]:
    return scope_for(user).filter(Board.objects.all(), "unit")


def get_board_for_user(user, pk: int) -> Board:
    qs = boards_visible_to(user).select_related("unit", "organization__parent").prefetch_related("members")
    return _one(qs, pk, "ban giám sát")


def sessions_visible_to(user) -> QuerySet[SupervisionSession]:
    return scope_for(user).filter(SupervisionSession.objects.all(), "unit")


def get_session_for_user(user, pk: int) -> SupervisionSession:
    return _one(sessions_visible_to(user).select_related("board__organization__parent"), pk, "cuộc giám sát")


def recommendation_list(user, *, state: str = "", today: dt.date | None = None) -> QuerySet[Recommendation]:
    """``state``: open / answered / closed / overdue (open past its answer date on ``today``)."""
    today = today or timezone.localdate()
    qs = scope_for(user).filter(Recommendation.objects.all(), "unit")
    if state == "overdue":
        qs = qs.filter(status=RecommendationStatus.OPEN, answer_due__lt=today)
    elif state:
        qs = qs.filter(status=state)
    return qs.select_related("addressee", "session__board").order_by("answer_due", "id")


def get_recommendation_for_user(user, pk: int) -> Recommendation:
    """Visible in the board's commune, and to the body it is addressed to (which may sit above it)."""
    qs = Recommendation.objects.select_related("addressee__parent", "session__board__organization__parent")
    rec = scope_for(user).filter(qs, "unit").filter(pk=pk).first()
    if rec is None:
        raise Http404("Không tìm thấy kiến nghị hoặc bạn không có quyền xem.")
    return rec


# ---------------------------------------------------------------- public reads (no account)


def public_commune(code: str) -> AdminUnit:
    unit = unit_on(code, level=Level.COMMUNE)
    if unit is None:
        raise Http404("Không tìm thấy xã, phường, đặc khu.")
    return unit


def public_disclosures(unit: AdminUnit, *, limit: int = 50, before: int | None = None) -> list[Disclosure]:
    """Published disclosures of a commune, newest first (keyset by id), with forms and files: three queries."""
    qs = Disclosure.objects.filter(unit=unit, status=DisclosureStatus.PUBLISHED)
    if before is not None:
        qs = qs.filter(pk__lt=before)
    return list(qs.select_related("category").prefetch_related("channels", "files").order_by("-id")[:limit])


def public_consultations(unit: AdminUnit | None = None, *, limit: int = 50) -> list[Consultation]:
    qs = Consultation.objects.filter(status__in=PUBLIC_CONSULTATION_STATES)
    if unit is not None:
        qs = qs.filter(unit=unit)
    options = Prefetch("options", queryset=Option.objects.order_by("ordering", "id"))
    return list(qs.select_related("unit", "rule").prefetch_related(options, "opinion_groups").order_by("-id")[:limit])


def public_open_consultations(unit: AdminUnit, *, limit: int = 20) -> list[Consultation]:
    """Consultations of a commune under way (residents may still take part): subject and dates only."""
    qs = Consultation.objects.filter(unit=unit, status=ConsultationStatus.OPEN).order_by("closes_at", "id")
    return list(qs.only("id", "subject", "kind", "form", "scope", "village", "opens_at", "closes_at")[:limit])


def public_village_rules(unit: AdminUnit, *, limit: int = 100) -> list[VillageRuleVersion]:
    """The hương ước / quy ước in force in a commune: the latest approved version of each rule (one query)."""
    qs = (
        VillageRuleVersion.objects.filter(rule__unit=unit, status=VillageRuleStatus.APPROVED)
        .select_related("rule")
        .order_by("rule__village", "rule_id", "-number")
    )
    seen: set[int] = set()
    in_force = []
    for version in qs[: limit * 5]:
        if version.rule_id not in seen:
            seen.add(version.rule_id)
            in_force.append(version)
    return in_force[:limit]


def get_public_consultation(pk: int) -> Consultation:
    qs = Consultation.objects.exclude(status__in=(ConsultationStatus.DRAFT, ConsultationStatus.CANCELLED))
    consultation = qs.select_related("unit", "rule").prefetch_related("options").filter(pk=pk).first()
    if consultation is None:
        raise Http404("Không tìm thấy cuộc lấy ý kiến.")
    return consultation


# ---------------------------------------------------------------- report figures (reports.autofill)


def democracy_statistics(unit: AdminUnit | None, date_from: dt.date | None, date_to: dt.date | None) -> dict:
    """Disclosures published and supervision sessions held in a subtree and a period: two queries."""
    disclosures = Disclosure.objects.filter(status=DisclosureStatus.PUBLISHED)
    sessions = SupervisionSession.objects.all()
    if date_from is not None:
        disclosures, sessions = disclosures.filter(published_on__gte=date_from), sessions.filter(held_on__gte=date_from)
    if date_to is not None:
        disclosures, sessions = disclosures.filter(published_on__lte=date_to), sessions.filter(held_on__lte=date_to)
    if unit is not None:
        disclosures, sessions = disclosures.filter(subtree_q(unit, "unit")), sessions.filter(subtree_q(unit, "unit"))
    return {
        "disclosures": disclosures.aggregate(n=Count("id"))["n"],
        "supervisions": sessions.aggregate(n=Count("id"))["n"],
    }
