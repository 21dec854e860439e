"""The sign-in page: Django's LoginView with a per-address limit on failed attempts.

django-axes locks one account after repeated failures from one address; that does not stop one
address from trying a common password against every account (password spraying). So failed
sign-ins are also counted per address (``orgs.login_limit``, shared with the API's token
endpoint), and past the limit the form is refused for a while.
"""

from django.contrib.auth import views as auth_views

from orgs import login_limit


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if login_limit.blocked(request):
            form = self.get_form()
            return self.render_to_response(
                self.get_context_data(form=form, rate_limited=login_limit.MESSAGE), status=429
            )
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        login_limit.record_failure(self.request)
        return super().form_invalid(form)
