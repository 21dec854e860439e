"""/api/v1/ endpoints of the reports module."""

from django.urls import path

from reports import api, config_api

urlpatterns = [
    path("reports/", api.ReportListView.as_view(), name="api-reports"),
    path("reports/forms/", api.FormListView.as_view(), name="api-report-forms"),
    path("reports/periods/", api.PeriodListView.as_view(), name="api-report-periods"),
    path("reports/rollup/", api.RollupView.as_view(), name="api-report-rollup"),
    path("reports/register/", api.RegisterView.as_view(), name="api-report-register"),
    path("reports/config/forms/", config_api.ConfigFormListView.as_view(), name="api-report-config-forms"),
    path("reports/config/forms/<int:pk>/", config_api.ConfigFormDetailView.as_view(), name="api-report-config-form"),
    path("reports/config/forms/<int:pk>/indicators/", config_api.FormAddIndicatorView.as_view()),
    path("reports/config/forms/<int:pk>/indicators/remove/", config_api.FormRemoveIndicatorView.as_view()),
    path("reports/config/forms/<int:pk>/rules/", config_api.FormAddRuleView.as_view()),
    path("reports/config/forms/<int:pk>/rules/remove/", config_api.FormRemoveRuleView.as_view()),
    path("reports/config/forms/<int:pk>/retire/", config_api.FormRetireView.as_view()),
    path("reports/config/standard-form/", config_api.StandardFormView.as_view(), name="api-report-standard-form"),
    path("reports/config/indicators/", config_api.ConfigIndicatorListView.as_view(), name="api-report-indicators"),
    path("reports/config/indicators/<int:pk>/", config_api.ConfigIndicatorDetailView.as_view()),
    path("reports/<int:pk>/", api.ReportDetailView.as_view(), name="api-report"),
    path("reports/<int:pk>/submit/", api.SubmitView.as_view()),
    path("reports/<int:pk>/return/", api.ReturnView.as_view()),
    path("reports/<int:pk>/approve/", api.ApproveView.as_view()),
    path("reports/<int:pk>/unapprove/", api.UnapproveView.as_view()),
    path("reports/<int:pk>/missing/", api.MissingView.as_view()),
]
