"""Forms of the cases pages: they turn input into typed values with Vietnamese messages;
business rules (identity for denunciations, routing, limits) stay in the services."""

from django import forms

from cases.models import Channel, Kind, Topic
from geo.nearest import LAT_RANGE, LNG_RANGE, nearest_commune
from geo.selectors import today, unit_on


class DateInput(forms.DateInput):
    input_type = "date"


class CaseForm(forms.Form):
    kind = forms.ChoiceField(label="Loại ý kiến", choices=Kind.choices)
    topic = forms.ModelChoiceField(
        label="Lĩnh vực",
        queryset=Topic.objects.filter(is_active=True),
        empty_label="— Chọn lĩnh vực —",
        error_messages={"invalid_choice": "Lĩnh vực không hợp lệ."},
    )
    unit = forms.CharField(
        label="Địa bàn (xã, phường, đặc khu)",
        max_length=10,
        error_messages={"required": "Hãy chọn xã, phường hoặc đặc khu nơi xảy ra sự việc."},
    )
    title = forms.CharField(label="Tiêu đề", max_length=300)
    content = forms.CharField(label="Nội dung", widget=forms.Textarea(attrs={"rows": 6}), max_length=20000)
    people_count = forms.IntegerField(label="Số người cùng gửi", min_value=1, max_value=100000, initial=1)
    full_name = forms.CharField(label="Họ và tên", max_length=200, required=False)
    id_number = forms.CharField(label="Số CCCD/định danh cá nhân", max_length=20, required=False)
    phone = forms.CharField(label="Điện thoại", max_length=30, required=False)
    email = forms.EmailField(label="Thư điện tử", required=False)
    address = forms.CharField(label="Địa chỉ liên hệ", max_length=300, required=False)

    def clean_unit(self):
        unit = unit_on(self.cleaned_data["unit"], exclude_districts=True)
        if unit is None:
            raise forms.ValidationError("Đơn vị hành chính không có trong danh mục hiện hành; hãy chọn trong gợi ý.")
        return unit

    def contact(self) -> dict:
        return {f: self.cleaned_data.get(f, "") for f in ("full_name", "id_number", "phone", "email", "address")}


PIN_OUTSIDE = "Vị trí ghim trên bản đồ không hợp lệ hoặc nằm ngoài lãnh thổ Việt Nam; hãy ghim lại hoặc bỏ ghim."
UNIT_REQUIRED = "Hãy chọn xã, phường hoặc đặc khu nơi xảy ra sự việc (hoặc ghim vị trí trên bản đồ)."


class SubmitForm(CaseForm):
    """The public form: the case, and optionally where to tell the sender when it moves (confirmed by a link)."""

    notify_email = forms.EmailField(
        label="Nhận thông báo khi ý kiến được xử lý (thư điện tử, không bắt buộc)",
        required=False,
        help_text="Chỉ dùng để báo cho bạn khi ý kiến được thụ lý, chuyển, gia hạn, trả lời hoặc kết thúc; "
        "cán bộ xử lý không nhìn thấy địa chỉ này. Bạn sẽ nhận một thư để xác nhận.",
    )
    # The optional map pin (static/js/map-pin.js fills them); out-of-frame values are refused with a message.
    latitude = forms.FloatField(
        required=False,
        widget=forms.HiddenInput,
        min_value=LAT_RANGE[0],
        max_value=LAT_RANGE[1],
        error_messages={"min_value": PIN_OUTSIDE, "max_value": PIN_OUTSIDE, "invalid": PIN_OUTSIDE},
    )
    longitude = forms.FloatField(
        required=False,
        widget=forms.HiddenInput,
        min_value=LNG_RANGE[0],
        max_value=LNG_RANGE[1],
        error_messages={"min_value": PIN_OUTSIDE, "max_value": PIN_OUTSIDE, "invalid": PIN_OUTSIDE},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # With a pin, the commune may be left empty: the nearest commune to the pin is taken (geo.nearest).
        self.fields["unit"].required = False

    def clean_unit(self):
        if not self.cleaned_data.get("unit"):
            return None
        return super().clean_unit()

    def clean(self):
        data = super().clean()
        lat, lng = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lng is None):
            self.add_error(None, PIN_OUTSIDE)
            return data
        if data.get("unit") is None and "unit" not in self.errors:
            unit = nearest_commune(lat, lng, today()) if lat is not None else None
            if unit is None:
                self.add_error("unit", UNIT_REQUIRED)
            else:
                data["unit"] = unit
        return data


class RecordForm(CaseForm):
    """An officer records a case received in person, by phone or by letter."""

    channel = forms.ChoiceField(
        label="Hình thức tiếp nhận", choices=[c for c in Channel.choices if c[0] not in (Channel.WEB, Channel.IMPORT)]
    )
    received_on = forms.DateField(label="Ngày nhận", widget=DateInput(format="%Y-%m-%d"))
    is_remote_area = forms.BooleanField(label="Vùng sâu, vùng xa đi lại khó khăn", required=False)
    is_complex = forms.BooleanField(label="Vụ việc phức tạp", required=False)

    field_order = ["channel", "received_on", "kind", "topic", "unit", "title", "content"]


class TrackForm(forms.Form):
    ma = forms.CharField(label="Mã tra cứu", max_length=20)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Lý do", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class AnswerForm(forms.Form):
    text = forms.CharField(label="Nội dung trả lời", widget=forms.Textarea(attrs={"rows": 6}), max_length=20000)


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Tệp Excel theo mẫu", error_messages={"required": "Hãy chọn tệp Excel (XLSX) theo mẫu."}
    )
    dry_run = forms.BooleanField(label="Chỉ kiểm tra, chưa nhập", required=False)


class UnlinkForm(forms.Form):
    reason = forms.CharField(label="Lý do tách", widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)
