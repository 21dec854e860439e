import hashlib
import hmac

from django.conf import settings

from audit.context import acting


def client_ip(request) -> str | None:
    # Behind a reverse proxy, configure it to set REMOTE_ADDR (e.g. gunicorn's
    # --forwarded-allow-ips); X-Forwarded-For is not trusted here because clients forge it.
    return request.META.get("REMOTE_ADDR") or None


def client_hash(ip: str | None, purpose: str = "") -> str:
    """A keyed hash of a client address: enough to rate-limit, useless to identify anyone. ``purpose`` keeps the hashes
    kept for one limit from matching those kept for another (the same address in two tables cannot be linked)."""
    message = f"{purpose}:{ip or 'unknown'}" if purpose else (ip or "unknown")
    return hmac.new(settings.SECRET_KEY.encode(), message.encode(), hashlib.sha256).hexdigest()


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting(ip=client_ip(request), via="web"):
            return self.get_response(request)
