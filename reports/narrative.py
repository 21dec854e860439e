"""A first draft of the narrative, in Vietnamese, from the numbers and the comparisons. The officer edits it."""

from __future__ import annotations

from decimal import Decimal

from geo.models import Level, UnitType
from reports.formatting import fmt_number
from reports.models import PeriodType

ROMAN = ["I", "II", "III", "IV"]


def period_phrase(period) -> str:
    kind = period.form.period_type
    if kind == PeriodType.HALF:
        return f"Sáu tháng {'đầu' if period.number == 1 else 'cuối'} năm {period.year}"
    if kind == PeriodType.YEAR:
        return f"Năm {period.year}"
    if kind == PeriodType.QUARTER:
        return f"Quý {ROMAN[period.number - 1]} năm {period.year}"
    if kind == PeriodType.MONTH:
        return f"Tháng {period.number}/{period.year}"
    return f"Từ ngày {period.start:%d/%m/%Y} đến ngày {period.end:%d/%m/%Y}"


def place_phrase(unit) -> str:
    if unit is None:
        return "toàn quốc"
    if unit.level == Level.PROVINCE:
        return "toàn thành phố" if unit.unit_type == UnitType.CITY else "toàn tỉnh"
    if unit.level == Level.DISTRICT:
        return "toàn " + {UnitType.URBAN_DISTRICT: "quận", UnitType.TOWN: "thị xã"}.get(
            unit.unit_type, "thành phố" if unit.unit_type == UnitType.PROVINCIAL_CITY else "huyện"
        )
    return "toàn " + {UnitType.WARD: "phường", UnitType.TOWNSHIP: "thị trấn", UnitType.SPECIAL_ZONE: "đặc khu"}.get(
        unit.unit_type, "xã"
    )


def money(value) -> str:
    """Large sums in tỷ đồng as reports write them ("1,25 tỷ đồng"), smaller ones in đồng."""
    if value is None:
        return ""
    if abs(value) >= 1_000_000_000:
        return f"{fmt_number(Decimal(value) / 1_000_000_000, 2)} tỷ đồng"
    return f"{fmt_number(value)} đồng"


def change_phrase(comparison, *, against: str = "last_year") -> str:
    pct = comparison.last_year_pct if against == "last_year" else comparison.previous_pct
    label = "cùng kỳ năm trước" if against == "last_year" else "kỳ trước"
    if pct is None:
        return ""
    if pct == 0:
        return f"bằng {label}"
    return f"{'tăng' if pct > 0 else 'giảm'} {fmt_number(abs(pct), 1)}% so với {label}"


def _v(figs, code, breakdown=""):
    c = figs.value(code, breakdown)
    return (c.figure.value if c else None), c


def draft(figs, period, unit) -> str:
    """Paragraphs (one per line) built only from figures that exist; nothing is said about a missing figure."""
    opening = f"{period_phrase(period)}, {place_phrase(unit)}"
    paragraphs = []

    registered, reg_c = _v(figs, "dvk_registered")
    if registered:
        parts = [f"{opening} có {fmt_number(registered)} mô hình, điển hình “Dân vận khéo” được đăng ký"]
        collective, _ = _v(figs, "dvk_registered", "collective")
        individual, _ = _v(figs, "dvk_registered", "individual")
        if collective is not None and individual is not None:
            parts[0] += f" ({fmt_number(collective)} tập thể, {fmt_number(individual)} cá nhân)"
        change = change_phrase(reg_c)
        if change:
            parts[0] += f", {change}"
        recognised, _ = _v(figs, "dvk_recognised")
        if recognised:
            rate, _ = _v(figs, "dvk_recognition_rate")
            tail = f" (đạt {fmt_number(rate, 1)}%)" if rate is not None else ""
            parts.append(f"{fmt_number(recognised)} mô hình, điển hình được công nhận{tail}")
        commended, _ = _v(figs, "dvk_commended")
        if commended:
            parts.append(f"{fmt_number(commended)} mô hình, điển hình được khen thưởng")
        paragraphs.append("; ".join(parts) + ".")

    resources = []
    value, c = _v(figs, "resources_vnd")
    if value:
        change = change_phrase(c)
        resources.append(f"huy động nguồn lực trị giá {money(value)}" + (f" ({change})" if change else ""))
    for code, template in (
        ("workdays", "{} ngày công lao động"),
        ("land_m2", "{} m² đất do nhân dân hiến"),
        ("road_km", "làm mới, sửa chữa, nâng cấp {} km đường giao thông nông thôn"),
        ("canal_km", "nạo vét, kiên cố hóa {} km kênh mương"),
        ("houses", "xây mới, sửa chữa {} căn nhà đại đoàn kết, nhà tình nghĩa"),
        ("schools", "xây mới, sửa chữa {} trường học"),
        ("medical_people", "khám chữa bệnh, cấp thuốc cho {} lượt người"),
    ):
        value, _ = _v(figs, code)
        if value:
            resources.append(template.format(fmt_number(value)))
    if resources:
        start = f"{period_phrase(period)}, {place_phrase(unit)}" if not paragraphs else "Các cấp, các ngành"
        paragraphs.append(f"{start} đã vận động nhân dân " + "; ".join(resources) + ".")

    people = []
    sessions, _ = _v(figs, "reception_sessions")
    visitors, _ = _v(figs, "reception_people")
    if sessions:
        people.append(
            f"người đứng đầu cấp ủy, chính quyền tổ chức {fmt_number(sessions)} buổi tiếp công dân"
            + (f" với {fmt_number(visitors)} lượt người" if visitors else "")
        )
    dialogues, _ = _v(figs, "dialogues")
    if dialogues:
        people.append(f"tổ chức {fmt_number(dialogues)} hội nghị đối thoại với nhân dân")
    received, _ = _v(figs, "petitions_received")
    if received:
        resolved, _ = _v(figs, "petitions_resolved")
        rate, _ = _v(figs, "petitions_resolved_rate")
        text = f"tiếp nhận {fmt_number(received)} đơn thư, kiến nghị"
        if resolved is not None:
            text += f", đã giải quyết {fmt_number(resolved)} đơn" + (
                f" (đạt {fmt_number(rate, 1)}%)" if rate is not None else ""
            )
        people.append(text)
    if people:
        sentence = "; ".join(people)
        paragraphs.append(sentence[0].upper() + sentence[1:] + ".")
    hotspots, c = _v(figs, "hotspots")
    if hotspots is not None and c is not None and c.figure.reports:
        change = change_phrase(c)
        paragraphs.append(
            f"Toàn địa bàn có {fmt_number(hotspots)} vụ việc phức tạp, điểm nóng"
            + (f", {change}" if change else "")
            + "."
        )
    if not paragraphs:
        return f"{period_phrase(period)}, chưa có số liệu được tổng hợp."
    return "\n".join(paragraphs)
