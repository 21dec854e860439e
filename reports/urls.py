"""Officers' pages of the reports module."""

from django.urls import path

from reports import entry_views, views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("mo-ky/", views.period_open_view, name="period_open"),
    path("lap-bao-cao/", views.report_open_view, name="open"),
    path("tong-hop/<int:period_id>/", views.rollup_view, name="rollup"),
    path("hoi-nghi/<int:period_id>/", views.board_view, name="board"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/nhap/", entry_views.report_entry, name="entry"),
    path("<int:pk>/word/", views.report_docx, name="docx"),
    path("<int:pk>/pdf/", views.report_pdf, name="pdf"),
    path("<int:pk>/<slug:action>/", views.report_act, name="act"),
]
