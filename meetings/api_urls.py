"""Reception days, dialogues and commitments under /api/v1/cases/ (api/urls.py gives the prefix):
the paths API clients knew when they lived in the cases app."""

from django.urls import path

from meetings import api

urlpatterns = [
    path("reception/schedules/", api.ScheduleListView.as_view()),
    path("reception/sessions/", api.SessionListView.as_view()),
    path("reception/sessions/<int:pk>/", api.SessionDetailView.as_view()),
    path("reception/sessions/<int:pk>/hold/", api.SessionHoldView.as_view()),
    path("reception/sessions/<int:pk>/cancel/", api.SessionCancelView.as_view()),
    path("reception/public/", api.PublicScheduleView.as_view()),
    path("dialogues/", api.DialogueListView.as_view()),
    path("dialogues/public/", api.PublicDialogueListView.as_view()),
    path("dialogues/<int:pk>/", api.DialogueDetailView.as_view()),
    path("dialogues/<int:pk>/public-question/", api.PublicQuestionView.as_view()),
    path("dialogues/<int:pk>/questions/", api.DialogueQuestionView.as_view()),
    path("dialogues/<int:pk>/hold/", api.DialogueHoldView.as_view()),
    path("dialogues/<int:pk>/answers/", api.DialogueAnswerView.as_view()),
    path("dialogues/<int:pk>/commitments/", api.DialogueCommitmentView.as_view()),
    path("dialogues/<int:pk>/publish/", api.DialoguePublishView.as_view()),
    path("dialogues/<int:pk>/cancel/", api.DialogueCancelView.as_view()),
    path("commitments/", api.CommitmentListView.as_view()),
    path("commitments/<int:pk>/complete/", api.CommitmentCompleteView.as_view()),
]
