"""Signals other apps listen to when the administrative map changes."""

from django.dispatch import Signal

# Sent inside the import's transaction with ``successors``: {closed unit id: the unit that
# continues it}. Apps that keep a denormalised "today's province" re-point their rows.
units_reorganised = Signal()
