"""/api/v1/cases/ endpoints of the cases module (api/urls.py gives the prefix)."""

from django.urls import path

from cases import api, api_hotspots, api_officers

urlpatterns = [
    path("", api_officers.CaseListView.as_view(), name="api-cases"),
    path("intake/", api.IntakeView.as_view(), name="api-cases-intake"),
    path("track/", api.TrackView.as_view(), name="api-cases-track"),
    path("confirm/", api.ConfirmView.as_view(), name="api-cases-confirm"),
    path("reopen/", api.ReopenView.as_view(), name="api-cases-reopen"),
    path("second-round/", api.SecondRoundView.as_view(), name="api-cases-second-round"),
    path("statistics/", api_officers.StatisticsView.as_view(), name="api-cases-statistics"),
    path("rises/", api_officers.RisesView.as_view()),
    path("hotspots/", api_hotspots.HotspotListView.as_view()),
    path("hotspots/<int:pk>/", api_hotspots.HotspotDetailView.as_view()),
    path("hotspots/<int:pk>/handle/", api_hotspots.HotspotHandleView.as_view()),
    path("hotspots/<int:pk>/close/", api_hotspots.HotspotCloseView.as_view()),
    path("import/", api_officers.ImportView.as_view(), name="api-cases-import"),
    path("routing/", api_officers.RoutingView.as_view(), name="api-cases-routing"),
    path("<int:pk>/", api_officers.CaseDetailView.as_view(), name="api-case"),
    path("<int:pk>/petitioner/", api_officers.PetitionerView.as_view()),
    path("<int:pk>/accept/", api_officers.AcceptView.as_view()),
    path("<int:pk>/release/", api_officers.ReleaseView.as_view()),
    path("<int:pk>/dismiss/", api_officers.DismissView.as_view()),
    path("<int:pk>/transfer/", api_officers.TransferView.as_view()),
    path("<int:pk>/answer/", api_officers.AnswerView.as_view()),
    path("<int:pk>/extend/", api_officers.ExtendView.as_view()),
    path("<int:pk>/request-info/", api_officers.RequestInfoView.as_view()),
    path("<int:pk>/forward/", api_officers.ForwardView.as_view()),
    path("<int:pk>/verify-identity/", api_officers.VerifyIdentityView.as_view()),
    path("<int:pk>/second-round/", api_officers.SecondRoundView.as_view()),
    path("<int:pk>/escalate/", api_officers.EscalateView.as_view()),
    path("<int:pk>/duplicate/", api_officers.DuplicateView.as_view()),
    path("<int:pk>/unlink/", api_officers.UnlinkView.as_view()),
]
