"""Officers' pages of reception days and dialogues, under /y-kien/ beside the cases' pages (the paths
are those they had when they lived in the cases app)."""

from django.urls import path

from meetings import record_views, views, views_lists

app_name = "meetings"

urlpatterns = [
    path("tiep-dan/", views.sessions, name="reception"),
    path("tiep-dan/da-tiep/", views_lists.held_sessions, name="sessions_held"),
    path("tiep-dan/<int:pk>/", views.session_detail, name="reception_session"),
    path("tiep-dan/<int:pk>/<slug:action>/", views.session_act, name="reception_session_act"),
    path("tiep-dan/lich/<int:pk>/ngung/", views.schedule_end, name="reception_schedule_end"),
    path("doi-thoai/", views.dialogue_list, name="dialogues"),
    path("doi-thoai/da-to-chuc/", views_lists.held_dialogues, name="dialogues_held"),
    path("doi-thoai/cam-ket/", views_lists.open_commitments, name="commitments_open"),
    path("doi-thoai/ghi-nhan/", record_views.dialogue_record, name="dialogue_record"),
    path("doi-thoai/<int:pk>/", views.dialogue_detail, name="dialogue"),
    path("doi-thoai/<int:pk>/<slug:action>/", views.dialogue_act, name="dialogue_act"),
]
