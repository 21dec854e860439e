from django.urls import path

from emulation import views

app_name = "emulation"

urlpatterns = [
    path("hoi-thi/", views.contests, name="contests"),
    path("hoi-thi/tao-moi/", views.contest_new, name="contest_create"),
    path("hoi-thi/<int:pk>/", views.contest_detail, name="contest"),
    path("hoi-thi/<int:pk>/bai-du-thi/", views.entry_new, name="entry_create"),
    path("hoi-thi/<int:pk>/bat-dau-cham/", views.open_judging, name="open_judging"),
    path("hoi-thi/<int:pk>/cham/<int:entry_id>/<int:round_id>/", views.score, name="score"),
    path("hoi-thi/<int:pk>/cong-bo/", views.close, name="close"),
    path("danh-gia/", views.assessments, name="assessments"),
    path("danh-gia/ghi-nhan/", views.assessment_new, name="assessment_create"),
    path("danh-gia/<int:pk>/", views.assessment_detail, name="assessment"),
]
