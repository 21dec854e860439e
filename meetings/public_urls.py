"""Citizens' pages (no account) of reception days and dialogues, under /gui-y-kien/ beside the
public case pages (the paths are those they had when they lived in the cases app)."""

from django.urls import path

from meetings import views

app_name = "meetings_public"

urlpatterns = [
    path("lich-tiep-dan/", views.public_schedule, name="reception"),
    path("doi-thoai/", views.public_list, name="dialogues"),
    path("doi-thoai/<int:pk>/", views.public_detail, name="dialogue"),
]
