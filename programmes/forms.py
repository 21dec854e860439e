"""Forms of the programmes pages (input → typed values; the rules stay in the services)."""

from __future__ import annotations

from django import forms

from orgs.models import Organization
from programmes.citations import REFS_MAX
from programmes.models import ContributionKind, PartyRole, ProgrammeKind, Rating


class DateInput(forms.DateInput):
    input_type = "date"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's recipe): the services check each one's content and size."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def org_choices(field, organizations) -> None:
    """Offer only ``organizations`` (a list already read): the choices render without a query."""
    organizations = list(organizations)
    field.queryset = Organization.objects.filter(pk__in=[o.pk for o in organizations])
    blank = [] if isinstance(field, forms.ModelMultipleChoiceField) else [("", "---------")]
    field.choices = blank + [(o.pk, o.name) for o in organizations]


def _org(label: str, required: bool = True) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=Organization.objects.none(),
        required=required,
        error_messages={"invalid_choice": "Cơ quan không hợp lệ.", "required": "Chưa chọn cơ quan."},
    )


def _orgs(label: str) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=Organization.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Cơ quan không hợp lệ."},
    )


class ProgrammeForm(forms.Form):
    organization = _org("Cơ quan thường trực")
    kind = forms.ChoiceField(label="Loại chương trình", choices=ProgrammeKind.choices)
    number = forms.CharField(label="Số, ký hiệu", max_length=60, required=False)
    title = forms.CharField(label="Tên chương trình", max_length=400)
    start_year = forms.IntegerField(label="Từ năm", min_value=2000, max_value=2100)
    end_year = forms.IntegerField(label="Đến năm", min_value=2000, max_value=2100)
    goals = forms.CharField(label="Mục tiêu", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    document_refs = forms.CharField(
        label="Văn bản thực hiện (số, ký hiệu, cách nhau bởi dấu ;)",
        max_length=REFS_MAX,
        required=False,
        help_text="Ví dụ: 23-QĐ/TW; 25-NQ/TW. Văn bản có trong thư viện được liên kết; văn bản chưa có được giữ như "
        "đã nhập.",
    )
    leads = _orgs("Cơ quan đồng chủ trì")
    members = _orgs("Cơ quan phối hợp")

    def __init__(self, *args, writable, parties, **kwargs):
        super().__init__(*args, **kwargs)
        org_choices(self.fields["organization"], writable)
        org_choices(self.fields["leads"], parties)
        org_choices(self.fields["members"], parties)

    def parties(self) -> list[tuple[Organization, str]]:
        data = self.cleaned_data
        return [(o, PartyRole.LEAD) for o in data["leads"]] + [(o, PartyRole.MEMBER) for o in data["members"]]


class DocumentsForm(forms.Form):
    document_refs = forms.CharField(
        label="Văn bản thực hiện (số, ký hiệu, cách nhau bởi dấu ;)",
        max_length=REFS_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PlanForm(forms.Form):
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)
    title = forms.CharField(label="Tên kế hoạch (để trống: tự đặt)", max_length=400, required=False)
    note = forms.CharField(label="Nội dung chủ yếu", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class TaskForm(forms.Form):
    title = forms.CharField(label="Nhiệm vụ", max_length=400)
    owner = _org("Cơ quan chủ trì")
    cooperating = _orgs("Cơ quan phối hợp")
    deadline = forms.DateField(label="Thời hạn", widget=DateInput())
    expected_output = forms.CharField(label="Sản phẩm dự kiến", max_length=400, required=False)
    description = forms.CharField(label="Nội dung", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        org_choices(self.fields["owner"], parties)
        org_choices(self.fields["cooperating"], parties)


class SubtaskForm(forms.Form):
    title = forms.CharField(label="Nhiệm vụ cấp dưới", max_length=400)
    owner = _org("Cơ quan thực hiện")
    deadline = forms.DateField(label="Thời hạn", widget=DateInput())
    expected_output = forms.CharField(label="Sản phẩm dự kiến", max_length=400, required=False)

    def __init__(self, *args, lower, **kwargs):
        super().__init__(*args, **kwargs)
        org_choices(self.fields["owner"], lower)


class NoteForm(forms.Form):
    text = forms.CharField(label="Kết quả thực hiện", widget=forms.Textarea(attrs={"rows": 3}))
    progress = forms.IntegerField(label="Tiến độ (%)", min_value=0, max_value=100, required=False)
    files = MultipleFileField(label="Minh chứng (ảnh, PDF, DOCX, XLSX; tối đa 20 MB mỗi tệp)")


class PartyForm(forms.Form):
    organization = _org("Cơ quan")
    role = forms.ChoiceField(label="Vai trò", choices=PartyRole.choices, initial=PartyRole.MEMBER)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        org_choices(self.fields["organization"], organizations)


class ChecklistItemForm(forms.Form):
    text = forms.CharField(label="Nội dung kiểm tra", max_length=400)
    ordering = forms.IntegerField(label="Thứ tự", min_value=0, max_value=1000, initial=100)


MEMBER_ROWS = 6


class InspectionForm(forms.Form):
    organization = _org("Cơ quan chủ trì")
    programme = forms.ModelChoiceField(label="Thuộc chương trình", queryset=None, required=False)
    title = forms.CharField(label="Tên đợt kiểm tra", max_length=400)
    date_from = forms.DateField(label="Từ ngày", widget=DateInput())
    date_to = forms.DateField(label="Đến ngày", widget=DateInput())
    units = forms.CharField(label="Địa bàn kiểm tra (mã đơn vị hành chính, cách nhau bởi dấu phẩy)", max_length=2000)
    purpose = forms.CharField(label="Mục đích, yêu cầu", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, writable, agencies, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        org_choices(self.fields["organization"], writable)
        self.fields["programme"].queryset = programmes
        for n in range(1, MEMBER_ROWS + 1):
            self.fields[f"member_{n}_name"] = forms.CharField(
                label=f"Thành viên {n}: họ và tên", max_length=200, required=n == 1
            )
            self.fields[f"member_{n}_position"] = forms.CharField(
                label="Chức vụ trong đoàn", max_length=200, required=False
            )
            field = _org("Cơ quan", required=False)
            org_choices(field, agencies)
            self.fields[f"member_{n}_agency"] = field

    def clean(self):
        data = super().clean()
        members = []
        for n in range(1, MEMBER_ROWS + 1):
            name, agency = data.get(f"member_{n}_name"), data.get(f"member_{n}_agency")
            if name and agency is None:
                self.add_error(f"member_{n}_agency", "Chưa chọn cơ quan của thành viên.")
            elif name:
                members.append((name, data.get(f"member_{n}_position", ""), agency))
        data["members"] = members
        codes = [c.strip() for c in data.get("units", "").replace(";", ",").split(",") if c.strip()]
        data["unit_codes"] = codes[:100]
        return data


class ResultForm(forms.Form):
    rating = forms.ChoiceField(label="Kết quả", choices=Rating.choices)
    note = forms.CharField(label="Ghi chú", max_length=2000, required=False)
    photos = MultipleFileField(label="Ảnh (JPEG, PNG, WebP)")


class FindingForm(forms.Form):
    text = forms.CharField(label="Phát hiện, tồn tại", widget=forms.Textarea(attrs={"rows": 2}))
    recommendation = forms.CharField(label="Kiến nghị", max_length=2000, required=False)
    visit = forms.ModelChoiceField(label="Tại địa bàn", queryset=None, required=False)

    def __init__(self, *args, visits, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visit"].queryset = visits


class FollowupForm(forms.Form):
    title = forms.CharField(label="Việc cần khắc phục", max_length=400)
    owner = _org("Cơ quan thực hiện")
    deadline = forms.DateField(label="Thời hạn", widget=DateInput())

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        org_choices(self.fields["owner"], agencies)


class ContributionForm(forms.Form):
    organization = _org("Lực lượng, đơn vị")
    kind = forms.ModelChoiceField(label="Chỉ tiêu", queryset=ContributionKind.objects.filter(is_active=True))
    place = forms.CharField(label="Địa bàn thực hiện (mã đơn vị hành chính)", max_length=10)
    date_from = forms.DateField(label="Từ ngày", widget=DateInput())
    date_to = forms.DateField(label="Đến ngày", widget=DateInput())
    quantity = forms.DecimalField(label="Số lượng", min_value=0, max_digits=16, decimal_places=2)
    value_vnd = forms.IntegerField(label="Giá trị (đồng)", min_value=0, max_value=10**15, required=False)
    note = forms.CharField(label="Ghi chú", max_length=500, required=False)

    def __init__(self, *args, writable, **kwargs):
        super().__init__(*args, **kwargs)
        org_choices(self.fields["organization"], writable)
