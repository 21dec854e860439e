"""Citizens' pages (no account) under /dan-chu-co-so/."""

from django.urls import path

from democracy import public_views

app_name = "democracy_public"

urlpatterns = [
    path("xa/<str:code>/", public_views.commune_page, name="commune"),
    path("tep/<str:token>/", public_views.file_download, name="file"),
    path("bieu-quyet/<int:pk>/", public_views.vote, name="vote"),
    path("bieu-quyet/<int:pk>/da-ghi-nhan/", public_views.voted, name="voted"),
]
