from django.urls import path

from practices import views

app_name = "practices"

urlpatterns = [
    path("", views.practice_list, name="list"),
    path("dang-ky/", views.practice_create, name="create"),
    path("nhap-excel/", views.practice_import, name="import"),
    path("nhap-excel/mau.xlsx", views.import_template, name="import_template"),
    path("<int:pk>/", views.practice_detail, name="detail"),
    path("<int:pk>/sua/", views.practice_edit, name="edit"),
    path("<int:pk>/minh-chung/<int:evidence_id>/", views.evidence_download, name="evidence"),
    path("<int:pk>/<slug:action>/", views.practice_act, name="act"),
]
