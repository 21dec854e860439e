"""The sign-in page: Django's LoginView with a per-address limit on failed attempts.

django-axes locks one account after repeated failures from one address; that does not stop one
address from trying a common password against every account (password spraying). So failed
sign-ins are also counted per address, and past the limit the form is refused for a while
(the API token endpoint has the same kind of limit, ``orgs.api.LoginThrottle``).
"""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache

from audit.middleware import client_ip


def _key(request) -> str:
    return f"login-failures:{client_ip(request) or '-'}"


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if cache.get(_key(request), 0) >= settings.LOGIN_FAILURES_PER_ADDRESS:
            form = self.get_form()
            return self.render_to_response(self.get_context_data(form=form, rate_limited=True), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        key, window = _key(self.request), settings.LOGIN_FAILURES_WINDOW_MINUTES * 60
        # add() starts the window on the first failure; incr() keeps its expiry.
        if not cache.add(key, 1, timeout=window):
            try:
                cache.incr(key)
            except ValueError:  # expired between add() and incr()
                cache.add(key, 1, timeout=window)
        return super().form_invalid(form)
