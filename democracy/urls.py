"""Officers' pages under /dan-chu/."""

from django.urls import path

from democracy import views, views_consultations, views_supervision, views_village_rules

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
    path("lay-y-kien/", views_consultations.consultation_list, name="consultations"),
    path("lay-y-kien/moi/", views_consultations.consultation_new, name="consultation_new"),
    path("lay-y-kien/<int:pk>/", views_consultations.consultation_detail, name="consultation"),
    path("lay-y-kien/<int:pk>/ma-bieu-quyet/", views_consultations.consultation_codes, name="consultation_codes"),
    path("lay-y-kien/<int:pk>/<slug:action>/", views_consultations.consultation_act, name="consultation_act"),
    path("huong-uoc/", views_village_rules.village_rule_list, name="village_rules"),
    path("huong-uoc/moi/", views_village_rules.village_rule_new, name="village_rule_new"),
    path("huong-uoc/<int:pk>/", views_village_rules.village_rule_detail, name="village_rule"),
    path("huong-uoc/<int:pk>/<slug:action>/", views_village_rules.village_rule_act, name="village_rule_act"),
    path(
        "huong-uoc/phien-ban/<int:pk>/<slug:action>/",
        views_village_rules.village_rule_version_act,
        name="village_rule_version_act",
    ),
    path("ban-giam-sat/", views_supervision.board_list, name="boards"),
    path("ban-giam-sat/moi/", views_supervision.board_new, name="board_new"),
    path("ban-giam-sat/<int:pk>/", views_supervision.board_detail, name="board"),
    path("ban-giam-sat/<int:pk>/<slug:action>/", views_supervision.board_act, name="board_act"),
]
