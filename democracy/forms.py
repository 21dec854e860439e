"""Forms of the democracy pages (input → typed values; the rules stay in the services)."""

from __future__ import annotations

from django import forms

from democracy.models import DisclosureCategory
from orgs.models import Organization


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _date(label: str, required: bool = False) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput())


class DisclosureForm(forms.Form):
    """A disclosure with the forms most communes use at once: the notice board, the website, the loudspeaker."""

    organization = forms.ModelChoiceField(
        label="Cơ quan công khai", queryset=Organization.objects.none(), empty_label=None,
        error_messages={"invalid_choice": "Cơ quan không hợp lệ."},
    )  # fmt: skip
    category = forms.ModelChoiceField(
        label="Nội dung phải công khai", queryset=DisclosureCategory.objects.filter(is_active=True),
        error_messages={"invalid_choice": "Nội dung không hợp lệ.", "required": "Hãy chọn nội dung công khai."},
    )  # fmt: skip
    title = forms.CharField(label="Tiêu đề", max_length=300)
    content = forms.CharField(label="Tóm tắt nội dung", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    period_start = _date("Kỳ công khai (ngày đầu kỳ, nếu có)")
    document_number = forms.CharField(label="Số văn bản ban hành", max_length=100, required=False)
    document_date = _date("Ngày ban hành")
    document_issuer = forms.CharField(label="Cơ quan ban hành", max_length=200, required=False)
    board_posted_on = _date("Niêm yết tại trụ sở UBND xã từ ngày")
    website_url = forms.URLField(label="Đường dẫn trên trang thông tin điện tử", required=False, assume_scheme="https")
    website_posted_on = _date("Đăng trên trang thông tin điện tử ngày")
    speaker_posted_on = _date("Phát trên loa truyền thanh từ ngày")
    speaker_days = forms.IntegerField(label="Số ngày phát liên tục", required=False, min_value=1, max_value=366)
    file = forms.FileField(label="Tệp văn bản công khai (PDF, Word, Excel, ảnh)", required=False)

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        organizations = list(organizations)
        field = self.fields["organization"]
        field.queryset = Organization.objects.filter(pk__in=[o.pk for o in organizations])
        field.choices = [(o.pk, o.name) for o in organizations]

    def clean(self):
        data = super().clean()
        if data.get("speaker_posted_on") and not data.get("speaker_days"):
            self.add_error("speaker_days", "Hãy nhập số ngày phát liên tục trên loa.")
        if data.get("website_url") and not data.get("website_posted_on"):
            self.add_error("website_posted_on", "Hãy nhập ngày đăng.")
        return data


class AnswerForm(forms.Form):
    answer = forms.CharField(label="Nội dung trả lời", widget=forms.Textarea(attrs={"rows": 3}))


class VoteForm(forms.Form):
    code = forms.CharField(label="Mã biểu quyết in trên phiếu", max_length=40)
    option = forms.TypedChoiceField(label="Phương án", coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args, options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["option"].choices = [(o.pk, o.label) for o in options]
