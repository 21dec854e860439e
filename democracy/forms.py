"""Forms of the democracy pages (input → typed values; the rules stay in the services)."""

from __future__ import annotations

from django import forms

from democracy.models import (
    BoardKind,
    ConsultationKind,
    ConsultationScope,
    DisclosureCategory,
    PassingRule,
    VillageRuleKind,
)
from democracy.models import ConsultationForm as ConsultationFormChoice
from orgs.models import Organization


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _date(label: str, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=DateInput(),
        error_messages={"required": f"Hãy nhập {label.lower()}.", "invalid": "Ngày không hợp lệ."},
    )  # fmt: skip


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


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _datetime(label: str) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={"required": f"Hãy nhập {label.lower()}.", "invalid": "Thời điểm không hợp lệ."},
    )  # fmt: skip


def _bodies(form: forms.Form, organizations) -> None:
    """The organisation field lists only the commune bodies the user writes for."""
    organizations = list(organizations)
    field = form.fields["organization"]
    field.queryset = Organization.objects.filter(pk__in=[o.pk for o in organizations])
    field.choices = [(o.pk, o.name) for o in organizations]


def _organization(label: str) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label, queryset=Organization.objects.none(), empty_label=None,
        error_messages={"invalid_choice": "Cơ quan không hợp lệ.", "required": "Hãy chọn cơ quan."},
    )  # fmt: skip


class ConsultationCreateForm(forms.Form):
    """A consultation as the commune prepares it; the service checks the rule, the options and the dates."""

    organization = _organization("Cơ quan tổ chức lấy ý kiến")
    subject = forms.CharField(
        label="Nội dung lấy ý kiến", max_length=300, error_messages={"required": "Hãy nhập nội dung lấy ý kiến."}
    )
    description = forms.CharField(label="Thuyết minh", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.ChoiceField(label="Loại", choices=ConsultationKind.choices)
    form = forms.ChoiceField(label="Hình thức", choices=ConsultationFormChoice.choices)
    scope = forms.ChoiceField(label="Phạm vi", choices=ConsultationScope.choices)
    village = forms.CharField(label="Thôn, tổ dân phố (nếu phạm vi là thôn, tổ)", max_length=200, required=False)
    rule = forms.ModelChoiceField(
        label="Quy tắc thông qua (không cần với nội dung tham gia ý kiến)", queryset=PassingRule.objects.all(),
        required=False, empty_label="—", error_messages={"invalid_choice": "Quy tắc thông qua không hợp lệ."},
    )  # fmt: skip
    opens_at = _datetime("Thời điểm bắt đầu")
    closes_at = _datetime("Hạn cuối")
    eligible_households = forms.IntegerField(
        label="Số hộ gia đình thuộc phạm vi (biểu quyết trực tuyến: tính theo số mã đã cấp)", required=False,
        min_value=0, max_value=10_000_000,
        error_messages={"invalid": "Số hộ phải là số nguyên.", "min_value": "Số hộ không được âm."},
    )  # fmt: skip
    approving_option = forms.CharField(
        label="Phương án tán thành đề xuất", max_length=300, required=False, initial="Đồng ý"
    )
    other_options = forms.CharField(
        label="Các phương án khác (mỗi dòng một phương án)", required=False, initial="Không đồng ý",
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        _bodies(self, organizations)

    def options(self) -> list[tuple[str, bool]]:
        data = self.cleaned_data
        others = [(line.strip()[:300], False) for line in data["other_options"].splitlines() if line.strip()]
        approving = data["approving_option"].strip()
        return ([(approving, True)] if approving else []) + others


class VillageRuleCreateForm(forms.Form):
    organization = _organization("Cơ quan")
    kind = forms.ChoiceField(label="Loại", choices=VillageRuleKind.choices)
    village = forms.CharField(
        label="Thôn, tổ dân phố", max_length=200, error_messages={"required": "Hãy nhập tên thôn, tổ dân phố."}
    )
    title = forms.CharField(label="Tên", max_length=300, error_messages={"required": "Hãy nhập tên."})
    text = forms.CharField(
        label="Nội dung dự thảo", widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": "Hãy nhập nội dung dự thảo."},
    )  # fmt: skip

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        _bodies(self, organizations)


class BoardCreateForm(forms.Form):
    organization = _organization("Cơ quan quản lý (Ủy ban MTTQ xã)")
    kind = forms.ChoiceField(label="Loại ban", choices=BoardKind.choices)
    name = forms.CharField(label="Tên ban", max_length=300, error_messages={"required": "Hãy nhập tên ban."})
    project = forms.CharField(
        label="Dự án, công trình được giám sát (Ban Giám sát đầu tư)", max_length=300, required=False
    )
    term_start = _date("Nhiệm kỳ từ ngày", required=True)
    term_end = _date("Nhiệm kỳ đến ngày (Ban Thanh tra nhân dân: để trống để tính theo nhiệm kỳ Trưởng thôn)")

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        _bodies(self, organizations)
