"""/api/v1/programmes/… (api/urls.py gives the prefix)."""

from django.urls import path

from programmes import api, api_field

urlpatterns = [
    path("", api.ProgrammeListView.as_view()),
    path("<int:pk>/", api.ProgrammeDetailView.as_view()),
    path("<int:pk>/plans/", api.PlanCreateView.as_view()),
    path("<int:pk>/parties/", api.PartyAddView.as_view()),
    path("<int:pk>/documents/", api.DocumentsSetView.as_view()),
    path("<int:pk>/checklist/", api.ChecklistAddView.as_view()),
    path("<int:pk>/review/<int:year>/", api.ReviewView.as_view()),
    path("plans/<int:pk>/tasks/", api.TaskCreateView.as_view()),
    path("tasks/", api.TaskQueueView.as_view()),
    path("tasks/<int:pk>/", api.TaskDetailView.as_view()),
    path("tasks/<int:pk>/subtasks/", api.SubtaskCreateView.as_view()),
    path("tasks/<int:pk>/notes/", api.TaskNoteView.as_view()),
    path("tasks/<int:pk>/start/", api.TaskStartView.as_view()),
    path("tasks/<int:pk>/complete/", api.TaskCompleteView.as_view()),
    path("tasks/<int:pk>/cancel/", api.TaskCancelView.as_view()),
    path("tasks/<int:pk>/reopen/", api.TaskReopenView.as_view()),
    path("rates/", api.RatesView.as_view()),
    path("inspections/", api_field.InspectionListView.as_view()),
    path("inspections/<int:pk>/", api_field.InspectionDetailView.as_view()),
    path("inspections/<int:pk>/results/", api_field.InspectionResultView.as_view()),
    path("inspections/<int:pk>/findings/", api_field.InspectionFindingView.as_view()),
    path("inspections/<int:pk>/followups/", api_field.InspectionFollowupView.as_view()),
    path("inspections/<int:pk>/start/", api_field.InspectionStartView.as_view()),
    path("inspections/<int:pk>/conclude/", api_field.InspectionConcludeView.as_view()),
    path("inspections/<int:pk>/cancel/", api_field.InspectionCancelView.as_view()),
    path("inspections/<int:pk>/conclusion.docx", api_field.InspectionDocumentView.as_view()),
    path("contributions/", api_field.ContributionListView.as_view()),
    path("contributions/kinds/", api_field.KindListView.as_view()),
    path("contributions/rollup/", api_field.ContributionRollupView.as_view()),
]
