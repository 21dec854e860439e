"""Load the official administrative units from the PyPI package ``vietnamadminunits``.

The package's bundled data is read directly (``data/dataset.db`` and
``data/converter_2025.json``) without importing the package, whose ``__init__`` pulls in
its geocoding path (shapely, geopy and an internet geocoder) that DanVan never uses.

Two hierarchies are loaded: the one valid until 30/06/2025 (63 provinces → districts →
communes) and the one valid from 01/07/2025 (34 provinces → 3,321 communes), with links
from each old unit to its successors (an old commune split across several new ones links
to each, the default one marked).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction
from django.db.models import Max

from geo.models import BEGINNING, FOREVER, REFORM_2025, AdminUnit, Level, LinkKind, UnitLink, UnitType, search_text_for
from lib.vntext import sort_key

SOURCE = "vietnamadminunits-1.0.4"
LEGACY_END = REFORM_2025 - dt.timedelta(days=1)

_DISTRICT_TYPES = {
    "Quận": UnitType.URBAN_DISTRICT,
    "Huyện": UnitType.RURAL_DISTRICT,
    "Thị xã": UnitType.TOWN,
    "Thành phố": UnitType.PROVINCIAL_CITY,
}
_COMMUNE_TYPES = {
    "Xã": UnitType.COMMUNE,
    "Phường": UnitType.WARD,
    "Thị trấn": UnitType.TOWNSHIP,
    "Đặc khu": UnitType.SPECIAL_ZONE,
}


def package_data_dir() -> Path:
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("Chưa cài gói vietnamadminunits (pip install vietnamadminunits==1.0.4).")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _aliases(raw: str | None) -> list[str]:
    if not raw:
        return []
    try:
        value = json.loads(raw)
    except ValueError:
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


def _commune_type(name: str, ward_type: str | None) -> str:
    if ward_type in _COMMUNE_TYPES:
        return _COMMUNE_TYPES[ward_type]
    # Five legacy rows carry no type; their names say it.
    for prefix, unit_type in _COMMUNE_TYPES.items():
        if name.startswith(prefix + " "):
            return unit_type
    return UnitType.COMMUNE


def _province_type(name: str) -> str:
    return UnitType.CITY if name.startswith("Thành phố") else UnitType.PROVINCE


@dataclass
class LoadResult:
    created_units: int = 0
    created_links: int = 0
    existing_units: int = 0

    def message(self) -> str:
        if self.created_units == 0 and self.created_links == 0:
            return f"Không có gì mới: {self.existing_units:,} đơn vị hành chính đã có.".replace(",", ".")
        return (f"Đã tạo {self.created_units:,} đơn vị hành chính và {self.created_links:,} liên kết kế thừa.").replace(
            ",", "."
        )


class _Builder:
    """Collects rows with pre-allocated ids so that parents, provinces and districts can be
    set before the single bulk insert (no second pass of updates)."""

    def __init__(self, next_id: int, existing: set[tuple[str, str, dt.date]]):
        self.next_id = next_id
        self.existing = existing
        self.units: list[AdminUnit] = []
        self.skipped = 0

    def add(
        self, *, code, name, short_name, unit_type, level, parent, valid_from, valid_to, lat, lon, area=None, aliases=()
    ) -> AdminUnit:
        unit = AdminUnit(
            id=self.next_id,
            code=code,
            name=name,
            short_name=short_name,
            unit_type=unit_type,
            level=level,
            parent_id=parent.id if parent else None,
            valid_from=valid_from,
            valid_to=valid_to,
            latitude=lat,
            longitude=lon,
            area_km2=area,
            source=SOURCE,
            search_text=search_text_for(name, short_name, aliases),
            sort_key=sort_key(short_name),
        )
        self.next_id += 1
        if level == Level.PROVINCE:
            unit.province_id = unit.id
        else:
            unit.province_id = parent.province_id
            unit.district_id = parent.id if parent.level == Level.DISTRICT else parent.district_id
        if (code, level, valid_from) in self.existing:
            self.skipped += 1
            unit._skip = True  # noqa: SLF001 - marker for this loader only
        self.units.append(unit)
        return unit


def load_units(*, stdout=None) -> LoadResult:
    data_dir = package_data_dir()
    db = sqlite3.connect(f"file:{data_dir / 'dataset.db'}?mode=ro", uri=True)
    db.row_factory = sqlite3.Row
    converter = json.loads((data_dir / "converter_2025.json").read_text(encoding="utf-8"))

    with transaction.atomic():
        existing_rows = {
            (code, level, valid_from): pk
            for pk, code, level, valid_from in AdminUnit.objects.filter(source=SOURCE).values_list(
                "pk", "code", "level", "valid_from"
            )
        }
        next_id = (AdminUnit.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        builder = _Builder(next_id, set(existing_rows))

        # --- the hierarchy valid until 30/06/2025 ---
        old_provinces: dict[str, AdminUnit] = {}
        old_districts: dict[str, AdminUnit] = {}
        old_by_key: dict[str, AdminUnit] = {}  # "provkey_distkey_wardkey" → commune (or island district)
        old_province_by_key: dict[str, AdminUnit] = {}
        rows = db.execute("SELECT * FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode")
        for r in rows:
            province = old_provinces.get(r["provinceCode"])
            if province is None:
                province = builder.add(
                    code=r["provinceCode"],
                    name=r["province"],
                    short_name=r["provinceShort"],
                    unit_type=_province_type(r["province"]),
                    level=Level.PROVINCE,
                    parent=None,
                    valid_from=BEGINNING,
                    valid_to=LEGACY_END,
                    lat=r["provinceLat"],
                    lon=r["provinceLon"],
                    aliases=_aliases(r["provinceAlias"]),
                )
                old_provinces[r["provinceCode"]] = province
                old_province_by_key[r["provinceKey"]] = province
            district = old_districts.get(r["districtCode"])
            if district is None:
                district = builder.add(
                    code=r["districtCode"],
                    name=r["district"],
                    short_name=r["districtShort"],
                    unit_type=_DISTRICT_TYPES.get(r["districtType"], UnitType.RURAL_DISTRICT),
                    level=Level.DISTRICT,
                    parent=province,
                    valid_from=BEGINNING,
                    valid_to=LEGACY_END,
                    lat=r["districtLat"],
                    lon=r["districtLon"],
                    aliases=_aliases(r["districtAlias"]),
                )
                old_districts[r["districtCode"]] = district
            key = f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey'] or ''}"
            if r["wardCode"]:
                old_by_key[key] = builder.add(
                    code=r["wardCode"],
                    name=r["ward"],
                    short_name=r["wardShort"],
                    unit_type=_commune_type(r["ward"], r["wardType"]),
                    level=Level.COMMUNE,
                    parent=district,
                    valid_from=BEGINNING,
                    valid_to=LEGACY_END,
                    lat=r["wardLat"],
                    lon=r["wardLon"],
                    aliases=_aliases(r["wardAlias"]),
                )
            else:
                # Island districts (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Côn Đảo…) had no communes; the
                # converter maps the district itself to its successor đặc khu.
                old_by_key[key] = district

        # --- the hierarchy valid from 01/07/2025 ---
        new_provinces: dict[str, AdminUnit] = {}
        new_by_key: dict[tuple[str, str], AdminUnit] = {}
        new_province_by_key: dict[str, AdminUnit] = {}
        for r in db.execute("SELECT * FROM admin_units ORDER BY provinceCode, wardCode"):
            province = new_provinces.get(r["provinceCode"])
            if province is None:
                province = builder.add(
                    code=r["provinceCode"],
                    name=r["province"],
                    short_name=r["provinceShort"],
                    unit_type=_province_type(r["province"]),
                    level=Level.PROVINCE,
                    parent=None,
                    valid_from=REFORM_2025,
                    valid_to=FOREVER,
                    lat=r["provinceLat"],
                    lon=r["provinceLon"],
                    aliases=_aliases(r["provinceAlias"]),
                )
                new_provinces[r["provinceCode"]] = province
                new_province_by_key[r["provinceKey"]] = province
            new_by_key[(r["provinceKey"], r["wardKey"])] = builder.add(
                code=r["wardCode"],
                name=r["ward"],
                short_name=r["wardShort"],
                unit_type=_commune_type(r["ward"], r["wardType"]),
                level=Level.COMMUNE,
                parent=province,
                valid_from=REFORM_2025,
                valid_to=FOREVER,
                lat=r["wardLat"],
                lon=r["wardLon"],
                area=r["wardAreaKm2"],
                aliases=_aliases(r["wardAlias"]),
            )
        db.close()

        # --- links old → new ---
        links: dict[tuple[int, int], UnitLink] = {}

        def link(old: AdminUnit, new: AdminUnit, *, kind: str, default: bool) -> None:
            pair = (old.id, new.id)
            if pair not in links:
                links[pair] = UnitLink(
                    predecessor_id=old.id,
                    successor_id=new.id,
                    kind=kind,
                    is_default=default,
                    effective_date=REFORM_2025,
                    source=SOURCE,
                )

        for new_province_key, old_keys in converter["DICT_PROVINCE"].items():
            new = new_province_by_key[new_province_key]
            for old_key in old_keys:
                old = old_province_by_key[old_key]
                # The new province keeps the code of the old one it continues.
                link(old, new, kind=LinkKind.MERGE, default=old.code == new.code or len(old_keys) == 1)
        # An old province split across two new ones (Tiền Giang → Đồng Tháp and Tây Ninh...) is
        # listed under each; keep exactly one default per old province.
        _ensure_one_default(links.values(), key=lambda lk: lk.predecessor_id)

        for new_province_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
            for new_ward_key, old_keys in wards.items():
                new = new_by_key[(new_province_key, new_ward_key)]
                for old_key in old_keys:
                    link(old_by_key[old_key], new, kind=LinkKind.MERGE, default=True)
        for new_province_key, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
            for old_key, targets in olds.items():
                for target in targets:
                    new = new_by_key[(new_province_key, target["newWardKey"])]
                    link(old_by_key[old_key], new, kind=LinkKind.SPLIT, default=bool(target["isDefaultNewWard"]))

        for district, zone in whole_district_zones(builder.units, links.values()):
            link(district, zone, kind=LinkKind.MERGE, default=True)

        # Skip what an earlier run created: map ids of skipped units to their stored ids.
        id_map = {}
        to_create = []
        for unit in builder.units:
            if getattr(unit, "_skip", False):
                id_map[unit.id] = existing_rows[(unit.code, unit.level, unit.valid_from)]
            else:
                to_create.append(unit)
        if id_map and to_create:
            raise RuntimeError("Dữ liệu đơn vị hành chính đã nạp dở dang; hãy khôi phục cơ sở dữ liệu rồi nạp lại.")
        result = LoadResult(existing_units=len(id_map))
        if to_create:
            AdminUnit.objects.bulk_create(to_create, batch_size=2000)
            result.created_units = len(to_create)
            _reset_sequence()
        existing_links = set(UnitLink.objects.filter(source=SOURCE).values_list("predecessor_id", "successor_id"))
        new_links = []
        for lk in links.values():
            lk.predecessor_id = id_map.get(lk.predecessor_id, lk.predecessor_id)
            lk.successor_id = id_map.get(lk.successor_id, lk.successor_id)
            if (lk.predecessor_id, lk.successor_id) not in existing_links:
                new_links.append(lk)
        if new_links:
            UnitLink.objects.bulk_create(new_links, batch_size=2000)
            result.created_links = len(new_links)
    if result.created_units:
        # Fresh statistics, or the planners pick the level/validity index and scan every
        # commune of the country to list one province's.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return result


def whole_district_zones(units, links) -> list[tuple[AdminUnit, AdminUnit]]:
    """(old district, đặc khu) for each island district whose communes all became one đặc khu made of nothing else.

    The converter links an island district without communes (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Côn Đảo) to its đặc khu
    itself, but a district with communes (Trường Sa: Thị trấn Trường Sa, Song Tử Tây, Sinh Tồn) only through them, so
    the district's own records (its organisations, its reports) had no successor. Such a district is its đặc khu's
    predecessor as a whole. Comparisons never count it twice with its communes (reports.selectors.comparable_units
    keeps the district and drops what it contains)."""
    by_id = {u.id: u for u in units}
    preds: dict[int, set[int]] = {}
    has_successor = set()
    for lk in links:
        preds.setdefault(lk.successor_id, set()).add(lk.predecessor_id)
        has_successor.add(lk.predecessor_id)
    communes_of: dict[int, set[int]] = {}
    for u in units:
        if u.level == Level.COMMUNE and u.valid_to == LEGACY_END and u.district_id:
            communes_of.setdefault(u.district_id, set()).add(u.id)
    out = []
    for u in units:
        if u.unit_type != UnitType.SPECIAL_ZONE or u.valid_from != REFORM_2025:
            continue
        olds = [by_id[i] for i in preds.get(u.id, ()) if i in by_id]
        districts = {o.district_id for o in olds}
        if not olds or any(o.level != Level.COMMUNE for o in olds) or len(districts) != 1:
            continue
        district_id = districts.pop()
        if district_id in has_successor or communes_of.get(district_id) != {o.id for o in olds}:
            continue
        out.append((by_id[district_id], u))
    return out


def _ensure_one_default(links, *, key) -> None:
    groups: dict[int, list[UnitLink]] = {}
    for lk in links:
        groups.setdefault(key(lk), []).append(lk)
    for group in groups.values():
        defaults = [lk for lk in group if lk.is_default]
        if not defaults:
            group[0].is_default = True
        for extra in defaults[1:]:
            extra.is_default = False


def _reset_sequence() -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('geo_adminunit', 'id'), "
            "COALESCE((SELECT MAX(id) FROM geo_adminunit), 1))"
        )
