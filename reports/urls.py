"""Officers' pages of the reports module."""

app_name = "reports"

urlpatterns = []
