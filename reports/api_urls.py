"""/api/v1/ endpoints of the reports module."""

urlpatterns = []
