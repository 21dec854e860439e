"""Edge validation of the configuration pages: bad input becomes a Vietnamese message on the form."""

from __future__ import annotations

import re

from django import forms
from django.db.models import Q

from orgs.models import OrganizationType
from reports import autofill
from reports.config import TIERS, indicators_visible_to, owner_choices
from reports.models import Aggregation, Indicator, PeriodType, RuleKind, Severity, ValueType

NATIONAL = "tw"
CODE_HELP = "Chữ thường không dấu, số và gạch ngang, ví dụ: bao-cao-nhanh-bao-so-3"
CODE_ERRORS = {
    "required": "Hãy nhập mã.",
    "invalid": "Mã chỉ gồm chữ thường không dấu, số, gạch ngang hoặc gạch dưới.",
}


def _owner_field(user) -> forms.ChoiceField:
    choices = [(NATIONAL if o is None else str(o.pk), "Trung ương (mẫu quốc gia)" if o is None else o.name) for o in
               owner_choices(user)]  # fmt: skip
    return forms.ChoiceField(
        label="Cơ quan ban hành",
        choices=choices,
        error_messages={"required": "Hãy chọn cơ quan ban hành.", "invalid_choice": "Cơ quan không hợp lệ."},
    )


def owner_from(user, raw: str):
    """The owner (None: the nation) a posted choice names, among those the user may use."""
    for owner in owner_choices(user):
        if (owner is None and raw == NATIONAL) or (owner is not None and raw == str(owner.pk)):
            return owner
    raise forms.ValidationError("Cơ quan không hợp lệ.")


def parse_sections(text: str) -> list[list[str]]:
    """One section title per line; keys are s1, s2, … in order."""
    titles = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return [[f"s{n}", title[:300]] for n, title in enumerate(titles, start=1)]


def sections_text(sections: list) -> str:
    return "\n".join(title for _key, title in sections)


class ReportFormForm(forms.Form):
    owner = forms.ChoiceField(label="Cơ quan ban hành")
    code = forms.SlugField(label="Mã mẫu", max_length=60, help_text=CODE_HELP, error_messages=CODE_ERRORS)
    name = forms.CharField(label="Tên mẫu báo cáo", max_length=300, error_messages={"required": "Hãy nhập tên mẫu."})
    period_type = forms.ChoiceField(
        label="Kỳ báo cáo", choices=PeriodType.choices, error_messages={"invalid_choice": "Kỳ báo cáo không hợp lệ."}
    )
    topic = forms.CharField(label="Chủ đề (báo cáo nhanh)", max_length=300, required=False)
    cutoff_day = forms.IntegerField(
        label="Ngày chốt số liệu",
        min_value=1,
        max_value=28,
        required=False,
        help_text="Để trống: ngày 15 (15/12–14/6) cho mẫu 6 tháng, năm quốc gia; ngày 1 (theo tháng dương lịch) "
        "cho các mẫu khác",
        error_messages={"min_value": "Ngày chốt từ 1 đến 28.", "max_value": "Ngày chốt từ 1 đến 28."},
    )
    due_days = forms.IntegerField(
        label="Hạn nộp (số ngày sau kỳ)",
        min_value=0,
        max_value=90,
        initial=5,
        error_messages={"min_value": "Hạn nộp từ 0 đến 90 ngày.", "max_value": "Hạn nộp từ 0 đến 90 ngày."},
    )
    tiers = forms.MultipleChoiceField(
        label="Các cấp phải báo cáo",
        choices=TIERS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Hãy chọn ít nhất một cấp."},
    )
    org_types = forms.ModelMultipleChoiceField(
        label="Loại tổ chức phải báo cáo",
        queryset=OrganizationType.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Hãy chọn ít nhất một loại tổ chức."},
    )
    sections = forms.CharField(
        label="Các phần nội dung (mỗi dòng một phần)", widget=forms.Textarea(attrs={"rows": 5}), required=False
    )

    def __init__(self, *args, user, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["owner"] = _owner_field(user)
        if editing:
            del self.fields["owner"]
            del self.fields["code"]

    def clean_owner(self):
        return owner_from(self.user, self.cleaned_data["owner"])

    def clean_sections(self):
        return parse_sections(self.cleaned_data.get("sections", ""))


class IndicatorForm(forms.Form):
    owner = forms.ChoiceField(label="Cơ quan quản lý")
    code = forms.SlugField(label="Mã chỉ tiêu", max_length=60, help_text=CODE_HELP, error_messages=CODE_ERRORS)
    name = forms.CharField(label="Tên chỉ tiêu", max_length=300, error_messages={"required": "Hãy nhập tên."})
    unit = forms.CharField(label="Đơn vị tính", max_length=40, required=False)
    value_type = forms.ChoiceField(label="Kiểu số liệu", choices=ValueType.choices)
    decimals = forms.IntegerField(
        label="Số chữ số thập phân",
        min_value=0,
        max_value=6,
        initial=0,
        required=False,
        error_messages={"max_value": "Tối đa 6 chữ số thập phân.", "min_value": "Không được âm."},
    )
    aggregation = forms.ChoiceField(label="Cách tổng hợp", choices=Aggregation.choices)
    weight = forms.ModelChoiceField(label="Trọng số (trung bình có trọng số)", queryset=None, required=False)
    numerator = forms.ModelChoiceField(label="Tử số (tỷ lệ)", queryset=None, required=False)
    denominator = forms.ModelChoiceField(label="Mẫu số (tỷ lệ)", queryset=None, required=False)
    source = forms.ChoiceField(label="Nguồn số liệu", required=False)
    group = forms.CharField(label="Nhóm", max_length=120, required=False)

    def __init__(self, *args, user, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["owner"] = _owner_field(user)
        numbers = indicators_visible_to(user).filter(is_active=True).exclude(aggregation__in=["ratio", "none"])
        for name in ("weight", "numerator", "denominator"):
            self.fields[name].queryset = numbers.order_by("ordering", "code")
            self.fields[name].error_messages["invalid_choice"] = "Chỉ tiêu không hợp lệ."
        self.fields["source"].choices = [("", "Nhập tay")] + [(k, k) for k in sorted(autofill.SOURCES)]
        if editing:
            del self.fields["owner"]
            del self.fields["code"]

    def clean_owner(self):
        return owner_from(self.user, self.cleaned_data["owner"])

    def clean_code(self):
        code = self.cleaned_data["code"]
        if not re.fullmatch(r"[a-z0-9_-]+", code):
            raise forms.ValidationError(CODE_ERRORS["invalid"])
        return code


class AddIndicatorForm(forms.Form):
    indicator = forms.ModelChoiceField(
        label="Chỉ tiêu",
        queryset=None,
        error_messages={"required": "Hãy chọn chỉ tiêu.", "invalid_choice": "Chỉ tiêu không hợp lệ."},
    )
    is_key = forms.BooleanField(label="Chỉ tiêu chính (bảng hội nghị)", required=False)

    def __init__(self, *args, report_form, user, **kwargs):
        super().__init__(*args, **kwargs)
        qs = indicators_visible_to(user).filter(is_active=True).exclude(forms=report_form)
        # A national form holds national indicators; a body's form also its own.
        own = Q(owner__isnull=True)
        if report_form.owner_id is not None:
            own |= Q(owner_id=report_form.owner_id)
        qs = qs.filter(own)
        self.fields["indicator"].queryset = qs.order_by("ordering", "code")


class RuleForm(forms.Form):
    kind = forms.ChoiceField(label="Loại quy tắc", choices=RuleKind.choices)
    severity = forms.ChoiceField(label="Mức độ", choices=Severity.choices, initial=Severity.BLOCKING)
    left = forms.ModelChoiceField(label="Chỉ tiêu", queryset=None, required=False)
    right = forms.ModelChoiceField(label="Không lớn hơn chỉ tiêu", queryset=None, required=False)
    threshold_pct = forms.IntegerField(
        label="Ngưỡng thay đổi (%)",
        min_value=1,
        max_value=100000,
        required=False,
        error_messages={"min_value": "Ngưỡng phải lớn hơn 0.", "max_value": "Ngưỡng quá lớn."},
    )

    def __init__(self, *args, report_form, **kwargs):
        super().__init__(*args, **kwargs)
        on_form = Indicator.objects.filter(pk__in=report_form.items.values("indicator_id")).order_by("ordering")
        for name in ("left", "right"):
            self.fields[name].queryset = on_form
            self.fields[name].error_messages["invalid_choice"] = "Chỉ tiêu không thuộc mẫu báo cáo."
