from django import forms


class BoundaryImportForm(forms.Form):
    hierarchy_date = forms.DateField(
        label="Danh mục đơn vị hành chính có hiệu lực ngày",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    file = forms.FileField(label="Tệp GeoJSON ranh giới xã (FeatureCollection, properties.code là mã xã)")
