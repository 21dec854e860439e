"""Edge validation of the officers' pages: bad input becomes a Vietnamese message on the form."""

from __future__ import annotations

from django import forms

from reports.models import PeriodType, ReportForm

# How many periods of each kind a year holds (ad hoc reports are numbered freely).
PERIODS_PER_YEAR = {PeriodType.MONTH: 12, PeriodType.QUARTER: 4, PeriodType.HALF: 2, PeriodType.YEAR: 1}


class PeriodOpenForm(forms.Form):
    form = forms.ModelChoiceField(
        label="Mẫu báo cáo",
        queryset=ReportForm.objects.filter(is_active=True).order_by("name"),
        error_messages={"required": "Hãy chọn mẫu báo cáo.", "invalid_choice": "Mẫu báo cáo không tồn tại."},
    )
    year = forms.IntegerField(
        label="Năm",
        min_value=2000,
        max_value=2100,
        error_messages={"required": "Hãy nhập năm.", "invalid": "Năm phải là số nguyên."},
    )
    number = forms.IntegerField(
        label="Kỳ số",
        min_value=1,
        initial=1,
        help_text="Tháng 1–12, quý 1–4, 6 tháng: 1 (đầu năm) hoặc 2 (cuối năm), năm: 1",
        error_messages={"required": "Hãy nhập kỳ số.", "invalid": "Kỳ số phải là số nguyên."},
    )
    start = forms.DateField(
        label="Từ ngày",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Để trống: tính theo ngày chốt số liệu của mẫu",
    )
    end = forms.DateField(label="Đến ngày", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    due_date = forms.DateField(
        label="Hạn nộp",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Để trống: số ngày sau kỳ theo mẫu",
    )

    def __init__(self, *args, forms=None, **kwargs):
        super().__init__(*args, **kwargs)
        if forms is not None:
            # Only the forms the user may open periods for (national forms: the central level; a body's own forms).
            self.fields["form"].queryset = ReportForm.objects.filter(pk__in=[f.pk for f in forms]).order_by("name")

    def clean(self):
        data = super().clean()
        form, number = data.get("form"), data.get("number")
        if form is not None and number is not None:
            most = PERIODS_PER_YEAR.get(form.period_type)
            if most is not None and number > most:
                self.add_error("number", f"Kỳ {form.get_period_type_display().lower()} chỉ có kỳ số từ 1 đến {most}.")
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "Ngày kết thúc phải sau ngày bắt đầu.")
        if data.get("due_date") and end and data["due_date"] < end:
            self.add_error("due_date", "Hạn nộp không được trước ngày kết thúc kỳ.")
        return data
