from django.urls import path

from . import views_pdf
from . import views_rounds as v

urlpatterns = [
    path("rounds/", v.RoundListView.as_view(), name="round_list"),
    path("rounds/new/", v.RoundCreateView.as_view(), name="round_create"),
    path("rounds/<int:pk>/", v.RoundDetailView.as_view(), name="round_detail"),
    path("rounds/<int:pk>/action/<slug:name>/", v.RoundTransitionView.as_view(), name="round_transition"),
    path("rounds/<int:pk>/members/add/", v.MemberAddView.as_view(), name="member_add"),
    path(
        "rounds/<int:pk>/members/<int:member_pk>/remove/", v.MemberRemoveView.as_view(), name="member_remove"
    ),
    path("rounds/<int:pk>/products/add/", v.AssignView.as_view(), name="assign"),
    path("rounds/<int:pk>/products/<int:entry_pk>/remove/", v.EntryRemoveView.as_view(), name="entry_remove"),
    path("rounds/<int:pk>/forward/", v.ForwardView.as_view(), name="forward"),
    path("rounds/<int:pk>/results.xlsx", v.RoundExportView.as_view(), name="round_export"),
    path("rounds/<int:pk>/decision/new/", v.DecisionCreateView.as_view(), name="decision_create"),
    path("my-sheets/", v.MySheetsView.as_view(), name="my_sheets"),
    path("entries/<int:entry_pk>/", v.EntryDetailView.as_view(), name="entry_detail"),
    path("entries/<int:entry_pk>/score/", v.ScoreSheetView.as_view(), name="score"),
    path("entries/<int:entry_pk>/conflict/", v.ConflictView.as_view(), name="conflict"),
    path("decisions/", v.DecisionListView.as_view(), name="decision_list"),
    path("decisions/<int:pk>/", v.DecisionDetailView.as_view(), name="decision_detail"),
    path("decisions/<int:pk>/approve/", v.DecisionApproveView.as_view(), name="decision_approve"),
    path("certificates/", v.CertificateListView.as_view(), name="certificate_list"),
    path("certificates/<int:pk>/", v.CertificateDetailView.as_view(), name="certificate_detail"),
    path("inspections/", v.InspectionListView.as_view(), name="inspection_list"),
    path("inspections/new/", v.InspectionCreateView.as_view(), name="inspection_create"),
    path("inspections/<int:pk>/", v.InspectionDetailView.as_view(), name="inspection_detail"),
    path("inspections/<int:pk>/<slug:action>/", v.InspectionActionView.as_view(), name="inspection_action"),
    path("evidence/<int:pk>/", v.InspectionEvidenceView.as_view(), name="inspection_evidence"),
    path("criteria/", v.CriteriaListView.as_view(), name="criteria_list"),
    path("criteria/<int:pk>/", v.CriteriaDetailView.as_view(), name="criteria_detail"),
    path("certificates/<int:pk>/pdf/", views_pdf.CertificatePdfView.as_view(), name="certificate_pdf"),
    path("decisions/<int:pk>/pdf/", views_pdf.DecisionPdfView.as_view(), name="decision_pdf"),
    path("decisions/<int:pk>/certificates.zip", views_pdf.BatchStartView.as_view(), name="decision_batch"),
    path("pdf-jobs/<int:pk>/", views_pdf.JobView.as_view(), name="pdf_job"),
    path("pdf-jobs/<int:pk>/download/", views_pdf.JobDownloadView.as_view(), name="pdf_job_download"),
]
