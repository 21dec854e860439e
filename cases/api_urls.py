"""/api/v1/ endpoints of the cases module."""

urlpatterns = []
