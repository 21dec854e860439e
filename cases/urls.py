"""Officers' pages of the cases module."""

from django.urls import path

from cases import dialogue_views, reception_views, views

app_name = "cases"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("ghi-nhan/", views.record, name="record"),
    path("nhap-excel/", views.import_cases, name="import"),
    path("nhap-excel/mau/", views.import_template, name="import_template"),
    path("xuat-excel/", views.export_cases, name="export"),
    path("diem-nong/", views.hotspots, name="hotspots"),
    path("tiep-dan/", reception_views.sessions, name="reception"),
    path("tiep-dan/<int:pk>/", reception_views.session_detail, name="reception_session"),
    path("tiep-dan/<int:pk>/<slug:action>/", reception_views.session_act, name="reception_session_act"),
    path("doi-thoai/", dialogue_views.dialogue_list, name="dialogues"),
    path("doi-thoai/<int:pk>/", dialogue_views.dialogue_detail, name="dialogue"),
    path("doi-thoai/<int:pk>/<slug:action>/", dialogue_views.dialogue_act, name="dialogue_act"),
    path("tiep-dan/lich/<int:pk>/ngung/", reception_views.schedule_end, name="reception_schedule_end"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/tep/<int:file_id>/", views.attachment, name="attachment"),
    path("<int:pk>/<slug:action>/", views.act, name="act"),
]
