"""/api/v1/cases/ endpoints of the cases module (api/urls.py gives the prefix)."""

from django.urls import path

from cases import api

urlpatterns = [
    path("", api.CaseListView.as_view(), name="api-cases"),
    path("intake/", api.IntakeView.as_view(), name="api-cases-intake"),
    path("track/", api.TrackView.as_view(), name="api-cases-track"),
    path("confirm/", api.ConfirmView.as_view(), name="api-cases-confirm"),
    path("reopen/", api.ReopenView.as_view(), name="api-cases-reopen"),
    path("statistics/", api.StatisticsView.as_view(), name="api-cases-statistics"),
    path("hotspots/", api.HotspotsView.as_view()),
    path("import/", api.ImportView.as_view(), name="api-cases-import"),
    path("routing/", api.RoutingView.as_view(), name="api-cases-routing"),
    path("<int:pk>/", api.CaseDetailView.as_view(), name="api-case"),
    path("<int:pk>/petitioner/", api.PetitionerView.as_view()),
    path("<int:pk>/accept/", api.AcceptView.as_view()),
    path("<int:pk>/release/", api.ReleaseView.as_view()),
    path("<int:pk>/dismiss/", api.DismissView.as_view()),
    path("<int:pk>/transfer/", api.TransferView.as_view()),
    path("<int:pk>/answer/", api.AnswerView.as_view()),
    path("<int:pk>/extend/", api.ExtendView.as_view()),
    path("<int:pk>/escalate/", api.EscalateView.as_view()),
    path("<int:pk>/duplicate/", api.DuplicateView.as_view()),
    path("<int:pk>/unlink/", api.UnlinkView.as_view()),
]
