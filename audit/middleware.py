from audit.context import acting
from lib.clients import client_ip


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting(ip=client_ip(request), via="web"):
            return self.get_response(request)
