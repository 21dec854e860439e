from django.urls import path

from emulation import api

urlpatterns = [
    path("contests/", api.ContestListView.as_view(), name="api-contests"),
    path("contests/<int:pk>/", api.ContestDetailView.as_view(), name="api-contest"),
    path("contests/<int:pk>/entries/", api.ContestEntriesView.as_view(), name="api-contest-entries"),
    path("contests/<int:pk>/open-judging/", api.ContestOpenJudgingView.as_view(), name="api-contest-open-judging"),
    path("contests/<int:pk>/scores/", api.ContestScoreView.as_view(), name="api-contest-scores"),
    path("contests/<int:pk>/ranking/", api.ContestRankingView.as_view(), name="api-contest-ranking"),
    path("contests/<int:pk>/close/", api.ContestCloseView.as_view(), name="api-contest-close"),
    path("assessments/", api.AssessmentListView.as_view(), name="api-assessments"),
    path("assessments/<int:pk>/", api.AssessmentDetailView.as_view(), name="api-assessment"),
]
