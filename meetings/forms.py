"""Forms of the reception-day and dialogue pages (input → typed values; rules stay in the services)."""

from django import forms

from cases.forms import DateInput
from cases.models import Topic
from geo.widgets import UnitPickerWidget
from meetings.models import Frequency, Weekday
from orgs.models import Organization


class TimeInput(forms.TimeInput):
    input_type = "time"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"


def _org_field(queryset, label="Cơ quan"):
    return forms.ModelChoiceField(
        label=label,
        queryset=queryset,
        empty_label=None,
        error_messages={"invalid_choice": "Cơ quan không hợp lệ."},
    )


def _limit_organizations(form, organizations) -> None:
    """Offer only ``organizations`` (a list already read): its choices render without a query."""
    if organizations is None:
        return
    organizations = list(organizations)
    field = form.fields["organization"]
    field.queryset = Organization.objects.filter(pk__in=[o.pk for o in organizations])
    field.choices = [(o.pk, o.name) for o in organizations]


class ScheduleForm(forms.Form):
    organization = _org_field(Organization.objects.none())
    leader_title = forms.CharField(label="Chức vụ người tiếp", max_length=200, initial="Chủ tịch UBND")
    leader_name = forms.CharField(label="Họ tên người tiếp", max_length=200, required=False)
    frequency = forms.ChoiceField(label="Lặp lại", choices=Frequency.choices)
    weekday = forms.TypedChoiceField(
        label="Thứ (hằng tuần)", choices=[("", "—"), *Weekday.choices], coerce=int, required=False, empty_value=None
    )
    month_day = forms.IntegerField(label="Ngày (hằng tháng)", min_value=1, max_value=28, required=False)
    start_time = forms.TimeField(label="Từ giờ", widget=TimeInput(format="%H:%M"))
    end_time = forms.TimeField(label="Đến giờ", widget=TimeInput(format="%H:%M"))
    place = forms.CharField(label="Địa điểm", max_length=300, initial="Trụ sở tiếp công dân")
    valid_from = forms.DateField(label="Áp dụng từ ngày", widget=DateInput(format="%Y-%m-%d"), required=False)

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_organizations(self, organizations)


class SessionForm(forms.Form):
    organization = _org_field(Organization.objects.none())
    date = forms.DateField(label="Ngày tiếp", widget=DateInput(format="%Y-%m-%d"))
    start_time = forms.TimeField(label="Từ giờ", widget=TimeInput(format="%H:%M"))
    end_time = forms.TimeField(label="Đến giờ", widget=TimeInput(format="%H:%M"))
    leader_title = forms.CharField(label="Chức vụ người tiếp", max_length=200)
    leader_name = forms.CharField(label="Họ tên người tiếp", max_length=200, required=False)
    place = forms.CharField(label="Địa điểm", max_length=300)

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_organizations(self, organizations)


class DialogueForm(forms.Form):
    organization = _org_field(Organization.objects.none(), "Cơ quan tổ chức")
    title = forms.CharField(label="Chủ đề đối thoại", max_length=300)
    description = forms.CharField(
        label="Nội dung", widget=forms.Textarea(attrs={"rows": 4}), max_length=20000, required=False
    )
    topic = forms.ModelChoiceField(
        label="Lĩnh vực",
        queryset=Topic.objects.filter(is_active=True),
        required=False,
        empty_label="— Nhiều lĩnh vực —",
    )
    unit = forms.CharField(label="Địa bàn (xã, phường, tỉnh)", max_length=10, required=False, widget=UnitPickerWidget())
    starts_at = forms.DateTimeField(
        label="Thời gian", widget=DateTimeInput(format="%Y-%m-%dT%H:%M"), input_formats=["%Y-%m-%dT%H:%M"]
    )
    place = forms.CharField(label="Địa điểm", max_length=300)

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_organizations(self, organizations)


class QuestionForm(forms.Form):
    text = forms.CharField(
        label="Câu hỏi, kiến nghị của bạn",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text="Không ghi họ tên, số điện thoại hay địa chỉ: câu hỏi có thể được công khai cùng kết quả đối thoại.",
    )


class RecordForm(DialogueForm):
    """A dialogue that already took place (meetings.dialogue_records): the announcement's fields and its minutes."""

    minutes = forms.CharField(label="Biên bản hội nghị", widget=forms.Textarea(attrs={"rows": 6}), max_length=50000)
    participants = forms.IntegerField(label="Số người dự", min_value=0, max_value=1_000_000, initial=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].label = "Thời gian đã diễn ra"


class QuestionRowForm(forms.Form):
    text = forms.CharField(label="Câu hỏi, kiến nghị", widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)
    answer = forms.CharField(
        label="Trả lời tại hội nghị", widget=forms.Textarea(attrs={"rows": 2}), max_length=20000, required=False
    )
    answered_by = forms.CharField(label="Người trả lời", max_length=200, required=False)


class CommitmentRowForm(forms.Form):
    text = forms.CharField(label="Nội dung cam kết", widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)
    owner = _org_field(Organization.objects.none(), "Cơ quan thực hiện")
    deadline = forms.DateField(label="Thời hạn", widget=DateInput(format="%Y-%m-%d"))

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["owner"]
        owners = list(owners or [])
        field.queryset = Organization.objects.filter(pk__in=[o.pk for o in owners])
        field.choices = [("", "— Chọn cơ quan —"), *((o.pk, o.name) for o in owners)]


QuestionRows = forms.formset_factory(QuestionRowForm, extra=3, max_num=50, absolute_max=50)
CommitmentRows = forms.formset_factory(CommitmentRowForm, extra=3, max_num=50, absolute_max=50)
