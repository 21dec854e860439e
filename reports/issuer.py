"""Who a Word report is from: the header lines, number symbol and signature of the issuing body.

Party bodies write in Hướng dẫn 36-HD/VPTW ("ĐẢNG CỘNG SẢN VIỆT NAM", "Số 12-BC/BTGDVTU", "T/M ĐẢNG ỦY"), the others
in Nghị định 30/2020 (Quốc hiệu, "Số: 12/BC-UBND", "TM. ỦY BAN NHÂN DÂN"), each with its own forms (domain-notes §6):
"THÀNH ỦY" for the six centrally-run cities, the Front's "BAN THƯỜNG TRỰC" signing "TM. BAN THƯỜNG TRỰC", police and
military bodies signed by their commander with no "TM.". The body is the reporting organisation on its unit of today:
a report entered for a predecessor unit is issued now, by today's body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from geo.models import AdminUnit, Level, UnitType
from orgs.models import Organization

# Party number symbols of the usual bodies; other Party bodies use their short name.
PARTY_SYMBOLS = {"ban-tgdv": "BTGDVTU", "dang-uy-xa": "ĐU"}


@dataclass(frozen=True)
class Issuer:
    format: Literal["party", "state"]
    parent: str  # cấp trên / cơ quan chủ quản, "\n" between lines; "" when there is none
    name: str  # the issuing body, "\n" between lines
    symbol: str  # "BC/BTGDVTU" (Đảng), "BC-UBND" (Nhà nước)
    authority: str  # "T/M ĐẢNG ỦY", "TM. BAN THƯỜNG TRỰC", "TM. ỦY BAN NHÂN DÂN", "" (the head signs in person)
    position: str  # "BÍ THƯ", "CHỦ TỊCH", "GIÁM ĐỐC"
    place: str  # "Lâm Đồng", for "Lâm Đồng, ngày … tháng … năm …"


def _upper(text: str) -> str:
    return text.upper()


def _bare(name: str) -> str:
    """ "Tỉnh Lâm Đồng" → "LÂM ĐỒNG", "Thành phố Hà Nội" → "HÀ NỘI"."""
    for prefix in ("Thành phố ", "Tỉnh "):
        if name.startswith(prefix):
            return _upper(name[len(prefix) :])
    return _upper(name)


def _province(unit: AdminUnit) -> AdminUnit:
    return unit if unit.level == Level.PROVINCE or unit.province is None else unit.province


def _short(org_type) -> str:
    return re.sub(r"[^\wĐ]", "", (org_type.short_name or org_type.code).upper()) or "VP"


def _same_type_parent(org: Organization) -> str:
    parent = org.parent
    return _upper(parent.name) if parent is not None and parent.org_type_id == org.org_type_id else ""


def issuer_for(org: Organization, unit: AdminUnit | None = None) -> Issuer:
    """The header of ``org``'s documents (``unit``: its unit if the organisation has none of its own)."""
    unit = org.unit or unit
    if unit is None:
        raise ValueError("Cơ quan Trung ương không lập báo cáo gửi cấp trên.")
    org_type = org.org_type
    province = _province(unit)
    place = unit.short_name or unit.name
    code = org_type.code
    if org_type.is_party:
        if code == "ban-tgdv" or unit.level != Level.COMMUNE:
            # The Party committee above the board: Thành ủy in the six centrally-run cities, Tỉnh ủy elsewhere.
            if unit.level == Level.DISTRICT:
                committee = f"HUYỆN ỦY {_bare(unit.short_name or unit.name)}"
            else:
                committee = f"{'THÀNH ỦY' if province.unit_type == UnitType.CITY else 'TỈNH ỦY'} {_bare(province.name)}"
            name = _upper(org_type.name) if code == "ban-tgdv" else _upper(org.name)
            symbol = "BC/" + PARTY_SYMBOLS.get(code, _short(org_type))
            return Issuer("party", committee, name, symbol, "", "TRƯỞNG BAN", place)
        return Issuer(
            "party",
            f"ĐẢNG BỘ {_upper(province.name)}",
            _upper(org.name),
            "BC/" + PARTY_SYMBOLS.get(code, _short(org_type)),
            "T/M ĐẢNG ỦY",
            "BÍ THƯ",
            place,
        )
    if code == "mttq":
        # The Front's standing board issues and signs for the committee ("Số: 249/MTTQ-BTT").
        return Issuer(
            "state",
            f"ỦY BAN MTTQ VIỆT NAM\n{_upper(unit.name)}",
            "BAN THƯỜNG TRỰC",
            "BC-MTTQ-BTT",
            "TM. BAN THƯỜNG TRỰC",
            "CHỦ TỊCH",
            place,
        )
    if code == "ubnd":
        return Issuer(
            "state", "", f"ỦY BAN NHÂN DÂN\n{_upper(unit.name)}", "BC-UBND", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", place
        )
    commune = unit.level == Level.COMMUNE
    if code == "cong-an":
        parent = _same_type_parent(org) or (f"CÔNG AN {_upper(province.name)}" if commune else "BỘ CÔNG AN")
        return Issuer(
            "state",
            parent,
            _upper(org.name),
            "BC-CAX" if commune else "BC-CAT",
            "",
            "TRƯỞNG CÔNG AN" if commune else "GIÁM ĐỐC",
            place,
        )
    if code in ("quan-su", "bien-phong"):
        default = ""
        if commune:
            default = f"BỘ CHỈ HUY QUÂN SỰ {_upper(province.name)}"
        elif code == "bien-phong":
            default = "BỘ TƯ LỆNH BỘ ĐỘI BIÊN PHÒNG"
        # A province's military command answers to its military region, named by the parent organisation when the
        # data has it (no fixed table of regions here).
        return Issuer(
            "state", _same_type_parent(org) or default, _upper(org.name), "BC-BCH", "", "CHỈ HUY TRƯỞNG", place
        )
    if org_type.member_of_id is not None:
        # Member organisations of the Front (Hội LHPN, Hội Nông dân, Hội CCB, Đoàn TN, Công đoàn): their standing board.
        position = "BÍ THƯ" if code == "doan-tn" else "CHỦ TỊCH"
        return Issuer(
            "state",
            _same_type_parent(org),
            _upper(org.name),
            f"BC-{_short(org_type)}",
            "TM. BAN THƯỜNG VỤ",
            position,
            place,
        )
    return Issuer("state", _same_type_parent(org), _upper(org.name), f"BC-{_short(org_type)}", "", "THỦ TRƯỞNG", place)
