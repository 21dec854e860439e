from django import forms

from documents.models import Document, Kind, Status

YEARS = range(1930, 2101)


class DateInput(forms.DateInput):
    input_type = "date"


class DocumentForm(forms.ModelForm):
    file = forms.FileField(label="Tệp văn bản (PDF hoặc DOCX)", required=False)

    class Meta:
        model = Document
        fields = ["code", "kind", "title", "issuer", "issued_on", "summary", "visibility"]
        widgets = {
            "issued_on": DateInput(format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 5}),
            "title": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        if owners is not None:
            self.fields["owner"] = forms.ModelChoiceField(
                label="Đơn vị cập nhật", queryset=owners, required=False, empty_label="Thư viện chung (Trung ương)"
            )


class FilterForm(forms.Form):
    q = forms.CharField(
        label="Tìm", required=False, max_length=200, widget=forms.TextInput(attrs={"placeholder": "23-QĐ/TW, nq25…"})
    )
    kind = forms.ChoiceField(label="Loại", required=False, choices=[("", "Tất cả"), *Kind.choices])
    issuer = forms.CharField(label="Cơ quan ban hành", required=False, max_length=100)
    year = forms.IntegerField(label="Năm", required=False, min_value=YEARS.start, max_value=YEARS.stop - 1)
    status = forms.ChoiceField(label="Hiệu lực", required=False, choices=[("", "Tất cả"), *Status.choices])


class ReplaceForm(forms.Form):
    successor = forms.CharField(label="Số, ký hiệu văn bản thay thế", max_length=60)
    reason = forms.CharField(label="Ghi chú", required=False, max_length=500)


class CiteForm(forms.Form):
    code = forms.CharField(label="Số, ký hiệu văn bản", max_length=60)
    note = forms.CharField(label="Ghi chú", required=False, max_length=300)
