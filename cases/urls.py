"""Officers' pages of the cases module."""

app_name = "cases"

urlpatterns = []
