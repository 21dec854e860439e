"""Figures and dates written the Vietnamese way: 1.234.567,5 and dd/mm/yyyy."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from reports.docx_content import format_number


def fmt_number(value, decimals: int | None = None) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        value = Decimal(repr(value))
    if decimals is not None:
        text = format_number(value, decimals)
        # "12,0" reads better as "12" in running text.
        return text.rstrip("0").rstrip(",") if "," in text else text
    return format_number(value)


def fmt_amount(indicator, amount: int | None) -> str:
    return "—" if amount is None else fmt_number(indicator.to_value(amount))


def fmt_date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


_GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


class NumberError(ValueError):
    pass


def parse_number(text: str) -> Decimal | None:
    """What an officer types: "1.234.567", "3,5", "1.234,75" or "3.5"; empty means not entered."""
    raw = (text or "").strip().replace(" ", "").replace("\u00a0", "")
    if not raw:
        return None
    if "," in raw:
        raw = raw.replace(".", "").replace(",", ".")
    elif _GROUPED.match(raw):
        raw = raw.replace(".", "")
    try:
        number = Decimal(raw)
    except InvalidOperation as e:
        raise NumberError(f"“{text}” không phải là số.") from e
    if not number.is_finite():
        raise NumberError(f"“{text}” không phải là số.")
    return number


def to_amount(indicator, number: Decimal | int | None) -> int | None:
    """The stored whole amount; refuses more decimals than the indicator keeps."""
    if number is None:
        return None
    if isinstance(number, float):
        number = Decimal(repr(number))  # the figure written, not its binary neighbour (1.2 → 1.2, not 1.19999…)
    scaled = Decimal(number).scaleb(indicator.decimals)
    if scaled != scaled.to_integral_value():
        places = "số nguyên" if indicator.decimals == 0 else f"tối đa {indicator.decimals} chữ số thập phân"
        raise NumberError(f"Chỉ tiêu “{indicator.name}” chỉ nhận {places}.")
    if abs(scaled) >= 10**17:
        raise NumberError(f"Chỉ tiêu “{indicator.name}”: số quá lớn.")
    return int(scaled)
