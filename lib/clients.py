"""Who is asking, as far as rate limits need to know: the client's address and a keyed hash of it."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings


def client_ip(request) -> str | None:
    # Behind a reverse proxy, configure it to set REMOTE_ADDR (e.g. gunicorn's
    # --forwarded-allow-ips); X-Forwarded-For is not trusted here because clients forge it.
    return request.META.get("REMOTE_ADDR") or None


def client_hash(ip: str | None, purpose: str = "") -> str:
    """A keyed hash of a client address: enough to rate-limit, useless to identify anyone. ``purpose`` keeps the hashes
    kept for one limit from matching those kept for another (the same address in two tables cannot be linked)."""
    message = f"{purpose}:{ip or 'unknown'}" if purpose else (ip or "unknown")
    return hmac.new(settings.SECRET_KEY.encode(), message.encode(), hashlib.sha256).hexdigest()
