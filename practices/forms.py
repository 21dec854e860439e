from django import forms

from geo.widgets import UnitPickerWidget
from practices.models import CommendationForm, Field, Kind, Practice, RecognitionLevel, Status


class DateInput(forms.DateInput):
    input_type = "date"


class PracticeForm(forms.ModelForm):
    unit_code = forms.CharField(label="Địa bàn", max_length=10, widget=UnitPickerWidget())

    class Meta:
        model = Practice
        fields = [
            "name",
            "kind",
            "field",
            "person_name",
            "person_public",
            "situation",
            "objectives",
            "content",
            "target_people",
            "outputs",
            "sustainability",
            "money_vnd",
            "socialised_vnd",
            "workdays",
            "land_m2",
            "materials",
            "start_date",
            "evaluation_date",
            "latitude",
            "longitude",
        ]
        widgets = {
            "start_date": DateInput(format="%Y-%m-%d"),
            "evaluation_date": DateInput(format="%Y-%m-%d"),
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in (
                    "situation",
                    "objectives",
                    "content",
                    "target_people",
                    "outputs",
                    "sustainability",
                    "materials",
                )
            },
        }

    # Resources default to zero: a draft may be saved before anyone has counted them.
    ZERO_DEFAULT = ("money_vnd", "socialised_vnd", "workdays", "land_m2")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.ZERO_DEFAULT:
            self.fields[name].required = False

    def clean(self):
        data = super().clean()
        for name in self.ZERO_DEFAULT:
            if data.get(name) in (None, ""):
                data[name] = 0
        return data


class FilterForm(forms.Form):
    q = forms.CharField(label="Tìm kiếm", required=False, max_length=200)
    unit = forms.CharField(label="Địa bàn", required=False, max_length=10, widget=UnitPickerWidget())
    field = forms.ChoiceField(label="Lĩnh vực", required=False, choices=[("", "Tất cả")] + Field.choices)
    kind = forms.ChoiceField(label="Loại", required=False, choices=[("", "Tất cả")] + Kind.choices)
    status = forms.ChoiceField(label="Trạng thái", required=False, choices=[("", "Tất cả")] + Status.choices)
    level = forms.ChoiceField(
        label="Cấp công nhận", required=False, choices=[("", "Tất cả")] + RecognitionLevel.choices
    )
    year = forms.IntegerField(label="Năm", required=False, min_value=2000, max_value=2100)
    # A code (the titles and programmes page links here with ?label=…); a code no practice carries lists nothing.
    label = forms.SlugField(label="Mã danh hiệu, chương trình", required=False, max_length=60)
    order = forms.ChoiceField(
        label="Sắp xếp",
        required=False,
        choices=[("-created_at", "Mới nhất"), ("name", "Theo tên (A–Z)"), ("-year", "Theo năm")],
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Lý do", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class CommendForm(forms.Form):
    form = forms.ChoiceField(label="Hình thức", choices=CommendationForm.choices)
    authority = forms.CharField(label="Cấp khen", max_length=300)
    decision_number = forms.CharField(label="Số quyết định", max_length=60)
    decision_date = forms.DateField(label="Ngày quyết định", widget=DateInput())
    recipient_kind = forms.ChoiceField(label="Đối tượng", choices=Kind.choices)
    recipient_name = forms.CharField(label="Tên tập thể, cá nhân", max_length=300)


class EvidenceForm(forms.Form):
    file = forms.FileField(label="Tệp minh chứng (ảnh, PDF, DOCX, XLSX; tối đa 20 MB)")
    caption = forms.CharField(label="Chú thích", required=False, max_length=300)
    is_public = forms.BooleanField(label="Công khai trên trang giới thiệu", required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label="Tệp Excel theo mẫu")


class ShowcaseFilterForm(forms.Form):
    q = forms.CharField(label="Tìm kiếm", required=False, max_length=200)
    province = forms.ChoiceField(label="Tỉnh, thành phố", required=False)
    field = forms.ChoiceField(label="Lĩnh vực", required=False, choices=[("", "Tất cả")] + Field.choices)
    kind = forms.ChoiceField(label="Loại", required=False, choices=[("", "Tất cả")] + Kind.choices)

    def __init__(self, *args, provinces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", "Cả nước")] + [(p.code, p.name) for p in provinces]
