"""Dossiers, calls and commune reports, under /dossiers/ (namespace "dossiers")."""

from django.urls import path

from .views import calls, commune, documents, dossiers, producer

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
    # The producer's own work (issue 18)
    path("producer/work/", producer.ProducerWorkView.as_view(), name="producer_work"),
    path("producer/ideas/new/", producer.IdeaCreateView.as_view(), name="producer_idea"),
    path("producer/products/<int:pk>/plan/", producer.PlanSubmitView.as_view(), name="producer_plan_form"),
    path("producer/plans/<int:pk>/", producer.PlanDetailView.as_view(), name="producer_plan"),
    path("producer/plans/<int:pk>/file/", producer.PlanFileView.as_view(), name="producer_plan_file"),
    path("producer/dossiers/<int:pk>/", producer.ProducerDossierView.as_view(), name="producer_dossier"),
    path("producer/dossiers/<int:pk>/upload/", producer.ProducerUploadView.as_view(), name="producer_upload"),
    path("producer/dossiers/<int:pk>/ready/", producer.ProducerReadyView.as_view(), name="producer_ready"),
    path("producer/dossiers/<int:pk>/reply/", producer.ProducerReplyView.as_view(), name="producer_reply"),
    path(
        "producer/documents/<int:pk>/delete/",
        producer.ProducerDocumentDeleteView.as_view(),
        name="producer_document_delete",
    ),
]
