"""Citizens' pages (no account): sending a case and following it with its tracking code."""

from django.urls import path

from cases import public_views as views

app_name = "cases_public"

urlpatterns = [
    path("", views.submit, name="submit"),
    path("don-vi/", views.unit_picker, name="picker"),
    path("xa-gan-nhat/", views.nearest_unit, name="nearest"),
    path("da-gui/<str:code>/", views.sent, name="sent"),
    path("tra-cuu/", views.track, name="track"),
    path("theo-doi/<str:code>/<str:token>/", views.private, name="private"),
    path("theo-doi/<str:code>/<str:token>/tep/<int:file_id>/", views.private_file, name="private_file"),
    path("xac-nhan/<int:subscription_id>/<str:token>/", views.confirm_address, name="confirm_address"),
    path("ngung-nhan/<str:token>/", views.stop, name="stop"),
]
