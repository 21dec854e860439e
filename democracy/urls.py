"""Officers' pages under /dan-chu/."""

from django.urls import path

from democracy import views

app_name = "democracy"

urlpatterns = [
    path("", views.disclosure_list, name="disclosures"),
    path("cong-khai/moi/", views.disclosure_new, name="disclosure_new"),
    path("cong-khai/<int:pk>/", views.disclosure_detail, name="disclosure"),
    path("cong-khai/<int:pk>/<slug:action>/", views.disclosure_act, name="disclosure_act"),
    path("nghia-vu/", views.obligation_list, name="obligations"),
    path("tuan-thu/", views.compliance_page, name="compliance"),
    path("kien-nghi/", views.recommendation_list, name="recommendations"),
    path("kien-nghi/<int:pk>/<slug:action>/", views.recommendation_act, name="recommendation_act"),
    path("lay-y-kien/", views.consultation_list, name="consultations"),
    path("lay-y-kien/<int:pk>/", views.consultation_detail, name="consultation"),
]
