"""Signals other apps listen to when the administrative map changes."""

from django.dispatch import Signal

# Sent inside the import's transaction with ``successors`` ({closed unit id: the unit that continues it}) and ``by``
# (who imported). Apps that keep rows on units re-point them in that transaction; a receiver may return a dict of
# counts ({"organizations": n}) that the import reports.
units_reorganised = Signal()
