from django.urls import path

from practices import config_views, views

app_name = "practices"

urlpatterns = [
    path("", views.practice_list, name="list"),
    path("dang-ky/", views.practice_create, name="create"),
    path("nhap-excel/", views.practice_import, name="import"),
    path("nhap-excel/mau.xlsx", views.import_template, name="import_template"),
    path("bo-tieu-chi/", config_views.rubric_list, name="rubrics"),
    path("bo-tieu-chi/<int:pk>/", config_views.rubric_detail, name="rubric"),
    path("bo-tieu-chi/<int:pk>/ngung/", config_views.rubric_retire, name="rubric_retire"),
    path("danh-hieu-chuong-trinh/", config_views.label_list, name="labels"),
    path("<int:pk>/", views.practice_detail, name="detail"),
    path("<int:pk>/danh-hieu/", config_views.practice_labels, name="labels_set"),
    path("<int:pk>/sua/", views.practice_edit, name="edit"),
    path("<int:pk>/minh-chung/<int:evidence_id>/", views.evidence_download, name="evidence"),
    path("<int:pk>/<slug:action>/", views.practice_act, name="act"),
]
