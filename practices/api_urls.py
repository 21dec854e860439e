from django.urls import path

from practices import api, config_api

urlpatterns = [
    path("practices/", api.PracticeListView.as_view(), name="api-practices"),
    path("practices/statistics/", api.StatisticsView.as_view(), name="api-practices-statistics"),
    path("practices/rubrics/", config_api.RubricListView.as_view(), name="api-practice-rubrics"),
    path("practices/rubrics/<int:pk>/", config_api.RubricDetailView.as_view(), name="api-practice-rubric"),
    path("practices/rubrics/<int:pk>/revise/", config_api.RubricReviseView.as_view()),
    path("practices/rubrics/<int:pk>/retire/", config_api.RubricRetireView.as_view()),
    path("practices/labels/", config_api.LabelListView.as_view(), name="api-practice-labels"),
    path("practices/labels/<int:pk>/active/", config_api.LabelActiveView.as_view()),
    path("practices/<int:pk>/labels/", config_api.PracticeLabelsView.as_view()),
    path("practices/<int:pk>/", api.PracticeDetailView.as_view(), name="api-practice"),
    path("practices/<int:pk>/submit/", api.SubmitView.as_view()),
    path("practices/<int:pk>/return/", api.ReturnView.as_view()),
    path("practices/<int:pk>/start-appraisal/", api.StartAppraisalView.as_view()),
    path("practices/<int:pk>/scores/", api.ScoreView.as_view()),
    path("practices/<int:pk>/recognise/", api.RecogniseView.as_view()),
    path("practices/<int:pk>/reject/", api.RejectView.as_view()),
    path("practices/<int:pk>/commend/", api.CommendView.as_view()),
    path("practices/<int:pk>/adopt/", api.AdoptView.as_view()),
    path("practices/<int:pk>/evidence/", api.EvidenceView.as_view()),
]
