from audit.context import acting


def client_ip(request) -> str | None:
    # Behind a reverse proxy, configure it to set REMOTE_ADDR (e.g. gunicorn's
    # --forwarded-allow-ips); X-Forwarded-For is not trusted here because clients forge it.
    return request.META.get("REMOTE_ADDR") or None


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting(ip=client_ip(request), via="web"):
            return self.get_response(request)
