"""Administrative units, versioned by date.

A row is one version of a unit: (code, name, type, parent) over [valid_from, valid_to],
both inclusive. A rename, a merge, a split or a move to another parent closes the old row
and opens a new one, linked by a UnitLink; history is never overwritten. Codes were reused
in 2025, so a code identifies a unit only together with a date.

Invariant kept by the services: a row's validity lies within its parent's, so a row's
parent chain is its ancestry for its whole life and ancestors need no date filter.
"""

import datetime as dt

from django.db import models
from django.db.models import Q

from lib.vntext import compact, fold, fold_words, sort_key

BEGINNING = dt.date(1900, 1, 1)  # "valid since before DanVan's records"
FOREVER = dt.date(9999, 12, 31)  # "still valid"
REFORM_2025 = dt.date(2025, 7, 1)  # two-level local government (Nghị quyết 60-NQ/TW)


class Level(models.TextChoices):
    PROVINCE = "province", "Cấp tỉnh"
    DISTRICT = "district", "Cấp huyện"
    COMMUNE = "commune", "Cấp xã"


class UnitType(models.TextChoices):
    CITY = "thanh_pho_tw", "Thành phố trực thuộc trung ương"
    PROVINCE = "tinh", "Tỉnh"
    URBAN_DISTRICT = "quan", "Quận"
    RURAL_DISTRICT = "huyen", "Huyện"
    TOWN = "thi_xa", "Thị xã"
    PROVINCIAL_CITY = "thanh_pho", "Thành phố thuộc tỉnh"
    COMMUNE = "xa", "Xã"
    WARD = "phuong", "Phường"
    TOWNSHIP = "thi_tran", "Thị trấn"
    SPECIAL_ZONE = "dac_khu", "Đặc khu"


TYPE_LEVEL = {
    UnitType.CITY: Level.PROVINCE,
    UnitType.PROVINCE: Level.PROVINCE,
    UnitType.URBAN_DISTRICT: Level.DISTRICT,
    UnitType.RURAL_DISTRICT: Level.DISTRICT,
    UnitType.TOWN: Level.DISTRICT,
    UnitType.PROVINCIAL_CITY: Level.DISTRICT,
    UnitType.COMMUNE: Level.COMMUNE,
    UnitType.WARD: Level.COMMUNE,
    UnitType.TOWNSHIP: Level.COMMUNE,
    UnitType.SPECIAL_ZONE: Level.COMMUNE,
}

# Which parent levels a level may hang under. Since 1/7/2025 communes hang directly under
# provinces; before, under districts (island districts had no communes at all).
PARENT_LEVELS = {
    Level.PROVINCE: (),
    Level.DISTRICT: (Level.PROVINCE,),
    Level.COMMUNE: (Level.DISTRICT, Level.PROVINCE),
}


def search_text_for(name: str, short_name: str, aliases: list[str] | tuple[str, ...] = ()) -> str:
    """What unit search matches against: folded names, their spaceless forms, aliases."""
    parts = [fold(name), compact(name), fold(short_name), compact(short_name)]
    parts += [fold(a) for a in aliases]
    seen: list[str] = []
    for p in parts:
        if p and p not in seen:
            seen.append(p)
    # A leading space lets search match word starts (" huong" must not hit "phuong").
    return " " + " | ".join(seen)


class AdminUnitQuerySet(models.QuerySet):
    def valid_on(self, on: dt.date):
        return self.filter(valid_from__lte=on, valid_to__gte=on)

    def of_level(self, level: str):
        return self.filter(level=level)

    def search(self, query: str):
        """Accent- and case-insensitive: every word of the query must occur."""
        words = fold_words(query)
        if not words:
            return self
        condition = Q()
        for word in words:
            condition &= Q(search_text__contains=" " + word)
        return self.filter(condition)

    def vietnamese_order(self):
        return self.order_by("sort_key", "code")


class AdminUnit(models.Model):
    code = models.CharField("mã", max_length=10)
    name = models.CharField("tên", max_length=200)
    short_name = models.CharField("tên ngắn", max_length=200)
    unit_type = models.CharField("loại đơn vị", max_length=20, choices=UnitType.choices)
    level = models.CharField("cấp", max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="đơn vị cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Denormalised ancestry: subtree and scope filters become one indexed equality.
    province = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    district = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    valid_from = models.DateField("hiệu lực từ", default=BEGINNING)
    valid_to = models.DateField("hiệu lực đến", default=FOREVER)
    latitude = models.FloatField("vĩ độ", null=True, blank=True)
    longitude = models.FloatField("kinh độ", null=True, blank=True)
    area_km2 = models.FloatField("diện tích (km²)", null=True, blank=True)
    search_text = models.TextField(editable=False, default="")
    sort_key = models.CharField(max_length=600, editable=False, default="")
    source = models.CharField("nguồn", max_length=120, blank=True, default="")

    objects = AdminUnitQuerySet.as_manager()

    class Meta:
        verbose_name = "đơn vị hành chính"
        verbose_name_plural = "đơn vị hành chính"
        constraints = [
            models.UniqueConstraint(fields=["code", "level", "valid_from"], name="geo_unit_code_level_from_uniq"),
            models.CheckConstraint(condition=Q(valid_to__gte=models.F("valid_from")), name="geo_unit_valid_range"),
        ]
        indexes = [
            models.Index(fields=["level", "valid_from", "valid_to"], name="geo_unit_level_valid_idx"),
            models.Index(fields=["province", "level", "sort_key"], name="geo_unit_province_idx"),
            models.Index(fields=["district", "sort_key"], name="geo_unit_district_idx"),
            models.Index(fields=["code", "valid_from"], name="geo_unit_code_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # Derived columns only; no business rule lives here (see geo/services.py).
        self.search_text = search_text_for(self.name, self.short_name or self.name)
        self.sort_key = sort_key(self.short_name or self.name)
        super().save(*args, **kwargs)

    @property
    def is_current(self) -> bool:
        return self.valid_to == FOREVER

    def valid_on(self, on: dt.date) -> bool:
        return self.valid_from <= on <= self.valid_to

    @property
    def validity_label(self) -> str:
        start = "" if self.valid_from == BEGINNING else self.valid_from.strftime("%d/%m/%Y")
        end = "nay" if self.valid_to == FOREVER else self.valid_to.strftime("%d/%m/%Y")
        return f"{start or '…'} – {end}"


class LinkKind(models.TextChoices):
    CONTINUATION = "continuation", "Đổi tên, đổi loại hoặc cấp trên"
    MERGE = "merge", "Sáp nhập"
    SPLIT = "split", "Chia tách"


class UnitLink(models.Model):
    """Predecessor → successor across a reorganisation.

    An old commune split across several new ones links to each; ``is_default`` marks the
    one that took most of it (where data about the old unit goes when nobody says more).
    """

    predecessor = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="successor_links")
    successor = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="predecessor_links")
    kind = models.CharField(max_length=20, choices=LinkKind.choices, default=LinkKind.MERGE)
    is_default = models.BooleanField("kế thừa chính", default=True)
    effective_date = models.DateField("ngày hiệu lực")
    source = models.CharField(max_length=120, blank=True, default="")

    class Meta:
        verbose_name = "liên kết kế thừa"
        verbose_name_plural = "liên kết kế thừa"
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="geo_link_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"
