from django import forms
from django.contrib import admin
from django.db import transaction

from audit.models import Action
from audit.services import diff, record, snapshot
from geo.models import AdminUnit, UnitLink


class AdminUnitForm(forms.ModelForm):
    class Meta:
        model = AdminUnit
        fields = [
            "code",
            "name",
            "short_name",
            "unit_type",
            "level",
            "parent",
            "valid_from",
            "valid_to",
            "latitude",
            "longitude",
            "area_km2",
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            raise forms.ValidationError("Ngày hết hiệu lực phải sau hoặc bằng ngày bắt đầu hiệu lực.")
        code, level = data.get("code"), data.get("level")
        if start and end and code and level:
            overlapping = AdminUnit.objects.filter(code=code, level=level, valid_from__lte=end, valid_to__gte=start)
            if self.instance.pk:
                overlapping = overlapping.exclude(pk=self.instance.pk)
            other = overlapping.first()
            if other is not None:
                raise forms.ValidationError(
                    f"Thời gian hiệu lực chồng lấn với phiên bản “{other.name}” ({other.validity_label}) "
                    f"cùng mã {code}."
                )
        parent = data.get("parent")
        if parent and start and end and not (parent.valid_from <= start and end <= parent.valid_to):
            raise forms.ValidationError(
                f"Thời gian hiệu lực phải nằm trong thời gian hiệu lực của đơn vị cấp trên ({parent.validity_label})."
            )
        return data


class LinkInline(admin.TabularInline):
    model = UnitLink
    fk_name = "predecessor"
    raw_id_fields = ["successor"]
    extra = 0
    verbose_name = "đơn vị kế thừa"
    verbose_name_plural = "đơn vị kế thừa"


@admin.register(AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin):
    form = AdminUnitForm
    list_display = ["code", "name", "unit_type", "level", "valid_from", "valid_to"]
    list_filter = ["level", "unit_type", "valid_to"]
    search_fields = ["code", "name", "search_text"]
    raw_id_fields = ["parent"]
    inlines = [LinkInline]
    list_per_page = 50

    def get_search_results(self, request, queryset, search_term):
        # Accent-insensitive, as everywhere else.
        return queryset.search(search_term) | queryset.filter(code=search_term.strip()), False

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        before = snapshot(AdminUnit.objects.get(pk=obj.pk)) if change else {}
        if obj.parent_id:
            obj.province_id = obj.parent.province_id
            obj.district_id = obj.parent_id if obj.parent.level == "district" else obj.parent.district_id
        super().save_model(request, obj, form, change)
        if not obj.parent_id and obj.province_id != obj.pk:
            AdminUnit.objects.filter(pk=obj.pk).update(province_id=obj.pk)
        record(
            actor=request.user,
            action=Action.UPDATE if change else Action.CREATE,
            obj=obj,
            changes=diff(before, snapshot(obj)),
        )

    def has_delete_permission(self, request, obj=None):
        return False  # history is closed with dates, never deleted
