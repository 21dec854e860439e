from django.urls import path

from documents import api

urlpatterns = [
    path("documents/", api.DocumentListView.as_view(), name="api-documents"),
    path("documents/<int:pk>/", api.DocumentDetailView.as_view(), name="api-document"),
    path("documents/<int:pk>/citers/", api.DocumentCitersView.as_view(), name="api-document-citers"),
    path("documents/<int:pk>/replace/", api.ReplaceView.as_view()),
    path("documents/<int:pk>/file/", api.FileView.as_view()),
    path("citations/", api.CitationListView.as_view(), name="api-citations"),
    path("citations/<int:pk>/", api.CitationDetailView.as_view(), name="api-citation"),
]
