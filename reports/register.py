"""The register of outgoing documents: the next number of a body for a year and a symbol, given once.

The number is taken by ``UPDATE … SET last = last + 1`` on the counter row, inside the issuing transaction: on
PostgreSQL a second issuer's UPDATE waits for the first to commit and then adds to the committed value, on SQLite
transactions already run one at a time, so two issuers never read the same number; the unique constraint on the
register is the last guard. A rolled-back issue gives its number back with it (nothing was issued); a committed one
keeps it for ever.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F

from audit.models import Action as AuditAction
from audit.services import record
from lib.errors import ServiceError
from orgs.models import Organization
from reports.models import OutgoingCounter, OutgoingDocument, Report


@transaction.atomic
def document_register(
    *, organization: Organization, symbol: str, subject: str, issued_on: dt.date, by, report: Report | None = None
) -> OutgoingDocument:
    """Give the next number of ``organization``'s register for ``issued_on``'s year and ``symbol``, and audit it."""
    symbol = symbol.strip()
    if not symbol:
        raise ServiceError("Văn bản phải có ký hiệu để vào sổ văn bản đi.")
    year = issued_on.year
    counter = OutgoingCounter.objects.filter(organization=organization, year=year, symbol=symbol)
    if not counter.exists():
        try:
            with transaction.atomic():  # a savepoint: a concurrent first issue of the year may create it first
                OutgoingCounter.objects.create(organization=organization, year=year, symbol=symbol)
        except IntegrityError:
            pass
    counter.update(last=F("last") + 1)
    number = counter.values_list("last", flat=True).get()
    entry = OutgoingDocument.objects.create(
        organization=organization,
        year=year,
        symbol=symbol,
        number=number,
        issued_on=issued_on,
        subject=subject[:300],
        report=report,
        created_by=by,
    )
    record(
        actor=by,
        action=AuditAction.CREATE,
        obj=entry,
        changes={"number": [None, number], "symbol": [None, symbol], "year": [None, year]},
    )
    return entry


def register_entries(organization: Organization, year: int):
    """A body's register for a year, in number order (per symbol)."""
    return OutgoingDocument.objects.filter(organization=organization, year=year).order_by("symbol", "number")
