"""Shared steps of the democracy tests."""

import datetime as dt

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from democracy import disclosures
from democracy.models import Channel, DisclosureCategory

TZ = dt.timezone(dt.timedelta(hours=7))
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def at(day: dt.date | dt.datetime):
    if isinstance(day, dt.date) and not isinstance(day, dt.datetime):
        day = dt.datetime.combine(day, dt.time(10, 0), TZ)
    return time_machine.travel(day, tick=False)


def category(code: str) -> DisclosureCategory:
    return DisclosureCategory.objects.get(code=code)


def pdf(name: str = "bao-cao-quy-3.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def quarterly_disclosure(p, *, posted: dt.date, days: int = 3, by=None, period_start=None, publish: bool = True):
    """A quarterly budget execution disclosure on the notice board and the loudspeaker."""
    by = by or p.commune_officer
    d = disclosures.disclosure_create(
        by=by,
        organization=p.commune_org,
        category=category("thuc-hien-ngan-sach-quy"),
        title="Tình hình thực hiện dự toán ngân sách quý III/2026",
        period_start=period_start,
        document_number="125/BC-UBND",
        document_date=posted,
        document_issuer="UBND phường Xuân Hương - Đà Lạt",
    )
    disclosures.disclosure_channel_set(disclosure=d, by=by, channel=Channel.NOTICE_BOARD, posted_on=posted)
    disclosures.disclosure_channel_set(
        disclosure=d, by=by, channel=Channel.LOUDSPEAKER, posted_on=posted, broadcast_days=days
    )
    if publish:
        disclosures.disclosure_publish(disclosure=d, by=by)
    return d
