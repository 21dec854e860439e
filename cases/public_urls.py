"""Citizens' pages (no account): sending a case and following it with its tracking code."""

app_name = "cases_public"

urlpatterns = []
