from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("", views.document_list, name="list"),
    path("them/", views.document_create, name="create"),
    path("can-cu/<slug:action>/", views.cite, name="cite"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/tep/", views.document_file, name="file"),
    path("<int:pk>/sua/", views.document_edit, name="edit"),
    path("<int:pk>/<slug:action>/", views.document_act, name="act"),
]
