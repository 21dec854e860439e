"""/api/v1/ endpoints of the cases module."""

from django.urls import path

from cases import api, meeting_api

urlpatterns = [
    path("cases/", api.CaseListView.as_view(), name="api-cases"),
    path("cases/intake/", api.IntakeView.as_view(), name="api-cases-intake"),
    path("cases/track/", api.TrackView.as_view(), name="api-cases-track"),
    path("cases/confirm/", api.ConfirmView.as_view(), name="api-cases-confirm"),
    path("cases/reopen/", api.ReopenView.as_view(), name="api-cases-reopen"),
    path("cases/statistics/", api.StatisticsView.as_view(), name="api-cases-statistics"),
    path("cases/hotspots/", api.HotspotsView.as_view()),
    path("cases/reception/schedules/", meeting_api.ScheduleListView.as_view()),
    path("cases/reception/sessions/", meeting_api.SessionListView.as_view()),
    path("cases/reception/sessions/<int:pk>/", meeting_api.SessionDetailView.as_view()),
    path("cases/reception/sessions/<int:pk>/hold/", meeting_api.SessionHoldView.as_view()),
    path("cases/reception/sessions/<int:pk>/cancel/", meeting_api.SessionCancelView.as_view()),
    path("cases/reception/public/", meeting_api.PublicScheduleView.as_view()),
    path("cases/dialogues/", meeting_api.DialogueListView.as_view()),
    path("cases/dialogues/public/", meeting_api.PublicDialogueListView.as_view()),
    path("cases/dialogues/<int:pk>/", meeting_api.DialogueDetailView.as_view()),
    path("cases/dialogues/<int:pk>/public-question/", meeting_api.PublicQuestionView.as_view()),
    path("cases/dialogues/<int:pk>/questions/", meeting_api.DialogueQuestionView.as_view()),
    path("cases/dialogues/<int:pk>/hold/", meeting_api.DialogueHoldView.as_view()),
    path("cases/dialogues/<int:pk>/answers/", meeting_api.DialogueAnswerView.as_view()),
    path("cases/dialogues/<int:pk>/commitments/", meeting_api.DialogueCommitmentView.as_view()),
    path("cases/dialogues/<int:pk>/publish/", meeting_api.DialoguePublishView.as_view()),
    path("cases/dialogues/<int:pk>/cancel/", meeting_api.DialogueCancelView.as_view()),
    path("cases/commitments/", meeting_api.CommitmentListView.as_view()),
    path("cases/commitments/<int:pk>/complete/", meeting_api.CommitmentCompleteView.as_view()),
    path("cases/<int:pk>/", api.CaseDetailView.as_view(), name="api-case"),
    path("cases/<int:pk>/petitioner/", api.PetitionerView.as_view()),
    path("cases/<int:pk>/accept/", api.AcceptView.as_view()),
    path("cases/<int:pk>/release/", api.ReleaseView.as_view()),
    path("cases/<int:pk>/dismiss/", api.DismissView.as_view()),
    path("cases/<int:pk>/transfer/", api.TransferView.as_view()),
    path("cases/<int:pk>/answer/", api.AnswerView.as_view()),
    path("cases/<int:pk>/extend/", api.ExtendView.as_view()),
    path("cases/<int:pk>/escalate/", api.EscalateView.as_view()),
    path("cases/<int:pk>/duplicate/", api.DuplicateView.as_view()),
]
