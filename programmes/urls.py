"""Officers' pages of programmes, tasks, joint inspections and contributions, under /chuong-trinh/."""

from django.urls import path

from programmes import views, views_field

app_name = "programmes"

urlpatterns = [
    path("", views.programme_list, name="list"),
    path("<int:pk>/", views.programme_detail, name="programme"),
    path("<int:pk>/tong-ket/<int:year>/", views.programme_review, name="review"),
    path("<int:pk>/<slug:action>/", views.programme_act, name="programme_act"),
    path("nhiem-vu/", views.queue, name="queue"),
    path("nhiem-vu/dia-ban/", views.area_queue, name="area_queue"),
    path("nhiem-vu/<int:pk>/", views.task_detail, name="task"),
    path("nhiem-vu/<int:pk>/<slug:action>/", views.task_act, name="task_act"),
    path("ty-le/", views.rates, name="rates"),
    path("kiem-tra/", views_field.inspection_list, name="inspections"),
    path("kiem-tra/<int:pk>/", views_field.inspection_detail, name="inspection"),
    path("kiem-tra/<int:pk>/ket-luan.docx", views_field.inspection_document, name="inspection_document"),
    path("kiem-tra/<int:pk>/<slug:action>/", views_field.inspection_act, name="inspection_act"),
    path("dong-gop/", views_field.contribution_list, name="contributions"),
]
