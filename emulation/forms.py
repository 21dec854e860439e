"""Input forms of the emulation pages."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone

from emulation.models import EntryKind
from emulation.selectors import active_criteria_sets, judge_candidates, member_orgs, visible_orgs, writable_orgs
from orgs.models import Organization, User
from practices.models import CriteriaSet, Criterion, Practice

DEFAULT_TITLES = "Giải Nhất, Giải Nhì, Giải Ba"


class DateInput(forms.DateInput):
    input_type = "date"


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
