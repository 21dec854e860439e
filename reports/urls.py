"""Officers' pages of the reports module."""

from django.urls import path

from reports import config_views, entry_views, views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("mo-ky/", views.period_open_view, name="period_open"),
    path("lap-bao-cao/", views.report_open_view, name="open"),
    path("cau-hinh/", config_views.config_home, name="config"),
    path("cau-hinh/mau-chuan/", config_views.standard_form_view, name="config_standard"),
    path("cau-hinh/mau/moi/", config_views.form_create_view, name="config_form_new"),
    path("cau-hinh/mau/<int:pk>/", config_views.form_detail, name="config_form"),
    path("cau-hinh/mau/<int:pk>/<slug:action>/", config_views.form_act, name="config_form_act"),
    path("cau-hinh/chi-tieu/", config_views.indicator_list, name="config_indicators"),
    path("cau-hinh/chi-tieu/<int:pk>/", config_views.indicator_detail, name="config_indicator"),
    path("tong-hop/<int:period_id>/", views.rollup_view, name="rollup"),
    path("hoi-nghi/<int:period_id>/", views.board_view, name="board"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/nhap/", entry_views.report_entry, name="entry"),
    path("<int:pk>/word/", views.report_docx, name="docx"),
    path("<int:pk>/pdf/", views.report_pdf, name="pdf"),
    path("<int:pk>/<slug:action>/", views.report_act, name="act"),
]
