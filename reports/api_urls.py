"""/api/v1/ endpoints of the reports module."""

from django.urls import path

from reports import api

urlpatterns = [
    path("reports/", api.ReportListView.as_view(), name="api-reports"),
    path("reports/forms/", api.FormListView.as_view(), name="api-report-forms"),
    path("reports/periods/", api.PeriodListView.as_view(), name="api-report-periods"),
    path("reports/rollup/", api.RollupView.as_view(), name="api-report-rollup"),
    path("reports/register/", api.RegisterView.as_view(), name="api-report-register"),
    path("reports/<int:pk>/", api.ReportDetailView.as_view(), name="api-report"),
    path("reports/<int:pk>/submit/", api.SubmitView.as_view()),
    path("reports/<int:pk>/return/", api.ReturnView.as_view()),
    path("reports/<int:pk>/approve/", api.ApproveView.as_view()),
    path("reports/<int:pk>/unapprove/", api.UnapproveView.as_view()),
    path("reports/<int:pk>/missing/", api.MissingView.as_view()),
]
