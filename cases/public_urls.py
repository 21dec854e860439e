"""Citizens' pages (no account): sending a case and following it with its tracking code."""

from django.urls import path

from cases import dialogue_views, reception_views
from cases import public_views as views

app_name = "cases_public"

urlpatterns = [
    path("", views.submit, name="submit"),
    path("don-vi/", views.unit_picker, name="picker"),
    path("da-gui/<str:code>/", views.sent, name="sent"),
    path("tra-cuu/", views.track, name="track"),
    path("lich-tiep-dan/", reception_views.public_schedule, name="reception"),
    path("doi-thoai/", dialogue_views.public_list, name="dialogues"),
    path("doi-thoai/<int:pk>/", dialogue_views.public_detail, name="dialogue"),
    path("theo-doi/<str:code>/<str:token>/", views.private, name="private"),
    path("theo-doi/<str:code>/<str:token>/tep/<int:file_id>/", views.private_file, name="private_file"),
]
