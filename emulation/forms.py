"""Edge of the emulation module: input forms, the scoped reads and the two missing write paths.

``emulation.services`` has no way to create a contest or add an entry, and this change may not
touch it; ``contest_create`` and ``entry_add`` below are written in the services' style
(keyword-only, atomic, audited, ``ServiceError`` in Vietnamese) so that they can move there
verbatim. The web pages and the API both call them, so there is still one write path.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from api.errors import ServiceError
from audit.models import Action as AuditAction
from audit.services import record
from emulation.models import Assessment, Contest, ContestStatus, Entry, EntryKind, Round
from orgs.models import WRITE_ROLES, Organization, User
from orgs.scope import scope_for
from practices.models import CriteriaSet, Criterion, Practice

DEFAULT_TITLES = "Giải Nhất, Giải Nhì, Giải Ba"


class DateInput(forms.DateInput):
    input_type = "date"


# --- Reads -------------------------------------------------------------------------------


def contests_visible_to(user) -> QuerySet[Contest]:
    """Contests whose organiser lies in the user's read scope, plus those the user judges.

    A judge is often invited from outside the organiser's unit; they must still reach the
    contest they score.
    """
    scope = scope_for(user)
    if scope.national:
        # Not folded into the Q below: an empty Q() OR'd with anything is dropped, not "all".
        return Contest.objects.all()
    judging = Contest.judges.through.objects.filter(contest_id=OuterRef("pk"), user_id=user.pk)
    return Contest.objects.filter(scope.unit_q("organizer__unit") | Q(Exists(judging)))


def contest_list(user, *, year: int | None = None) -> QuerySet[Contest]:
    qs = contests_visible_to(user).select_related("organizer").annotate(entry_count=Count("entries"))
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "-created_at", "-id")


def get_contest_for_user(user, pk: int, *, write: bool = False) -> Contest:
    """One contest the user may see (404 otherwise); with ``write``, one they may run (403)."""
    contest = contests_visible_to(user).select_related("organizer__unit").filter(pk=pk).first()
    if contest is None:
        raise Http404("Không tìm thấy hội thi.")
    if write and not can_run(user, contest):
        raise PermissionDenied("Bạn không có quyền điều hành hội thi này.")
    return contest


def can_run(user, contest: Contest) -> bool:
    return scope_for(user, write=True).covers(contest.organizer.unit)


def assessments_visible_to(user) -> QuerySet[Assessment]:
    return scope_for(user).filter(Assessment.objects.all(), "organization__unit")


def assessment_list(user, *, year: int | None = None, organization_id: int | None = None) -> QuerySet[Assessment]:
    qs = assessments_visible_to(user).select_related("organization", "criteria_set")
    if year:
        qs = qs.filter(year=year)
    if organization_id:
        qs = qs.filter(organization_id=organization_id)
    return qs.order_by("-year", "organization__sort_key", "id")


def member_orgs(user) -> QuerySet[Organization]:
    """Organisations the user belongs to with a role that may change data: possible organisers."""
    return (
        Organization.objects.filter(
            memberships__user=user, memberships__is_active=True, memberships__role__in=WRITE_ROLES, is_active=True
        )
        .distinct()
        .order_by("sort_key", "id")
    )


def writable_orgs(user) -> QuerySet[Organization]:
    """Organisations in the user's write scope: those the user may assess."""
    return scope_for(user, write=True).filter(Organization.objects.filter(is_active=True)).order_by("sort_key", "id")


def visible_orgs(user) -> QuerySet[Organization]:
    return Organization.objects.visible_to(user).filter(is_active=True).order_by("sort_key", "id")


def judge_candidates(user) -> QuerySet[User]:
    """People the user may invite as judges: active members of organisations in their read scope."""
    orgs = scope_for(user).filter(Organization.objects.filter(is_active=True))
    return (
        User.objects.filter(is_active=True, memberships__is_active=True, memberships__organization__in=orgs)
        .distinct()
        .order_by("full_name", "username")
    )


def active_criteria_sets() -> QuerySet[CriteriaSet]:
    return CriteriaSet.objects.filter(is_active=True).select_related("owner").order_by("name", "id")


# --- Write paths missing from emulation.services ------------------------------------------


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


class ContestForm(forms.Form):
    name = forms.CharField(label="Tên hội thi", max_length=300)
    organizer = forms.ModelChoiceField(label="Đơn vị tổ chức", queryset=Organization.objects.none())
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)
    judges = forms.ModelMultipleChoiceField(
        label="Ban giám khảo", queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("year", timezone.localdate().year)
        super().__init__(*args, **kwargs)
        self.fields["organizer"].queryset = member_orgs(user)
        self.fields["judges"].queryset = judge_candidates(user)


class RoundForm(forms.Form):
    name = forms.CharField(label="Tên vòng", max_length=200)
    criteria_set = forms.ModelChoiceField(label="Bộ tiêu chí chấm", queryset=active_criteria_sets())
    held_on = forms.DateField(label="Ngày thi", required=False, widget=DateInput(format="%Y-%m-%d"))


RoundFormSet = forms.formset_factory(RoundForm, extra=2, min_num=1, validate_min=True, max_num=10)


class EntryForm(forms.Form):
    kind = forms.ChoiceField(label="Loại", choices=EntryKind.choices)
    name = forms.CharField(label="Tên đội, thí sinh", max_length=300)
    organization = forms.ModelChoiceField(label="Đơn vị dự thi", queryset=Organization.objects.none())
    # Hundreds of thousands of practices cannot fill a drop-down: the officer types its number.
    practice = forms.IntegerField(
        label="Mã số mô hình (nếu dự thi bằng mô hình)",
        required=False,
        min_value=1,
        help_text="Số ở cuối địa chỉ trang mô hình, ví dụ …/dan-van-kheo/123/ là 123.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["organization"].queryset = visible_orgs(user)

    def clean_practice(self):
        pk = self.cleaned_data.get("practice")
        if not pk:
            return None
        practice = Practice.objects.visible_to(self.user).filter(pk=pk).first()
        if practice is None:
            raise forms.ValidationError("Không tìm thấy mô hình có mã số này trong phạm vi của bạn.")
        return practice


class CriterionScoresMixin:
    """One decimal input per criterion, named ``score_<id>``; ranges are the service's to check."""

    def add_criteria(self, criteria: list[Criterion]) -> None:
        self.criteria = criteria
        for c in criteria:
            self.fields[f"score_{c.pk}"] = forms.DecimalField(
                label=f"{c.order}. {c.description}",
                max_digits=6,
                decimal_places=2,
                localize=True,
            )

    def criterion_fields(self):
        return [(c, self[f"score_{c.pk}"]) for c in self.criteria]

    def scores(self) -> dict[int, Decimal]:
        return {c.pk: self.cleaned_data[f"score_{c.pk}"] for c in self.criteria}


class ScoreForm(CriterionScoresMixin, forms.Form):
    def __init__(self, *args, criteria: list[Criterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.add_criteria(criteria)


class CloseForm(forms.Form):
    titles = forms.CharField(
        label="Các giải, theo thứ hạng",
        max_length=1000,
        initial=DEFAULT_TITLES,
        help_text="Cách nhau bằng dấu phẩy; bài có điểm cao nhất nhận giải đầu tiên.",
    )

    def clean_titles(self) -> list[str]:
        titles = [t.strip() for t in self.cleaned_data["titles"].replace("\n", ",").split(",") if t.strip()]
        if not titles:
            raise forms.ValidationError("Hãy nhập ít nhất một giải.")
        if any(len(t) > 100 for t in titles):
            raise forms.ValidationError("Tên giải dài tối đa 100 ký tự.")
        return titles


class AssessmentFilterForm(forms.Form):
    year = forms.IntegerField(label="Năm", required=False, min_value=2000, max_value=2100)


class CriteriaSetChoiceForm(forms.Form):
    criteria_set = forms.ModelChoiceField(label="Bộ tiêu chí", queryset=active_criteria_sets())


class AssessmentForm(CriterionScoresMixin, forms.Form):
    organization = forms.ModelChoiceField(label="Đơn vị được đánh giá", queryset=Organization.objects.none())
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)
    criteria_set = forms.ModelChoiceField(
        label="Bộ tiêu chí", queryset=active_criteria_sets(), widget=forms.HiddenInput
    )
    note = forms.CharField(label="Nhận xét", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, criteria_set: CriteriaSet, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("year", timezone.localdate().year)
        initial["criteria_set"] = criteria_set.pk
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = writable_orgs(user)
        self.add_criteria(list(criteria_set.criteria.all()))
