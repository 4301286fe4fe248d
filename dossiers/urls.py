"""Dossiers, calls and commune reports, under /dossiers/ (namespace "dossiers")."""

from django.urls import path

from .views import calls, commune, documents, dossiers

app_name = "dossiers"

urlpatterns = [
    path("dossiers/", dossiers.DossierListView.as_view(), name="list"),
    path("dossiers/new/", dossiers.DossierCreateView.as_view(), name="create"),
    path("dossiers/<int:pk>/", dossiers.DossierDetailView.as_view(), name="detail"),
    path("dossiers/<int:pk>/review/", dossiers.DossierReviewView.as_view(), name="review"),
    path("dossiers/<int:pk>/upload/", documents.DocumentUploadView.as_view(), name="upload"),
    path("dossiers/<int:pk>/onsite-check/", documents.OnsiteCheckView.as_view(), name="onsite_check"),
    path("dossiers/<int:pk>/do/<slug:action>/", documents.DossierActionView.as_view(), name="action"),
    path("dossiers/<int:pk>/return/", documents.DossierReturnView.as_view(), name="return"),
    path("dossiers/<int:pk>/download.zip", documents.DossierZipView.as_view(), name="zip"),
    path("dossiers/documents/<int:pk>/", documents.DocumentFileView.as_view(), name="document_file"),
    path(
        "dossiers/documents/<int:pk>/delete/", documents.DocumentDeleteView.as_view(), name="document_delete"
    ),
    path("dossiers/calls/", calls.CallListView.as_view(), name="calls"),
    path("dossiers/calls/<int:pk>/", calls.CallDetailView.as_view(), name="call_detail"),
    path("dossiers/commune-reports/", commune.CommuneReportListView.as_view(), name="commune_reports"),
    path(
        "dossiers/commune-reports/new/",
        commune.CommuneReportCreateView.as_view(),
        name="commune_report_create",
    ),
    path(
        "dossiers/commune-reports/<int:pk>/",
        commune.CommuneReportDetailView.as_view(),
        name="commune_report_detail",
    ),
    path(
        "dossiers/commune-reports/<int:pk>/edit/",
        commune.CommuneReportEditView.as_view(),
        name="commune_report_edit",
    ),
    path(
        "dossiers/commune-reports/<int:pk>/minutes/",
        commune.CommuneReportMinutesView.as_view(),
        name="commune_report_minutes",
    ),
    path(
        "dossiers/commune-reports/<int:pk>/submit/",
        commune.CommuneReportSubmitView.as_view(),
        name="commune_report_submit",
    ),
]
