"""Certificates, inspections, PDFs and batch jobs (namespace "certificates", under /evaluation/ where
they were before the app split, so that no link changes), and the public verification page
(no namespace: ``reverse("verify", args=[code])``, printed in every certificate's QR code)."""

from django.urls import include, path

from .views import paper, pdf, producer, public, staff

staff_patterns = [
    path("decisions/<int:pk>/approve/", staff.DecisionApproveView.as_view(), name="decision_approve"),
    path("certificates/", staff.CertificateListView.as_view(), name="certificate_list"),
    path("certificates/<int:pk>/", staff.CertificateDetailView.as_view(), name="certificate_detail"),
    path("certificates/paper/new/", paper.PaperCertificateCreateView.as_view(), name="paper_create"),
    path("certificates/proposals/", paper.ProposalListView.as_view(), name="proposal_list"),
    path(
        "certificates/proposals/<int:pk>/<slug:action>/",
        paper.ProposalActionView.as_view(),
        name="proposal_action",
    ),
    path("inspections/", staff.InspectionListView.as_view(), name="inspection_list"),
    path("inspections/new/", staff.InspectionCreateView.as_view(), name="inspection_create"),
    path("inspections/<int:pk>/", staff.InspectionDetailView.as_view(), name="inspection_detail"),
    path(
        "inspections/<int:pk>/<slug:action>/", staff.InspectionActionView.as_view(), name="inspection_action"
    ),
    path("evidence/<int:pk>/", staff.InspectionEvidenceView.as_view(), name="inspection_evidence"),
    path("certificates/<int:pk>/pdf/", pdf.CertificatePdfView.as_view(), name="certificate_pdf"),
    path("decisions/<int:pk>/pdf/", pdf.DecisionPdfView.as_view(), name="decision_pdf"),
    path("decisions/<int:pk>/certificates.zip", pdf.BatchStartView.as_view(), name="decision_batch"),
    path("rerating-requests/", producer.ReratingRequestListView.as_view(), name="rerating_requests"),
    path("pdf-jobs/<int:pk>/", pdf.JobView.as_view(), name="pdf_job"),
    path("pdf-jobs/<int:pk>/download/", pdf.JobDownloadView.as_view(), name="pdf_job_download"),
]

# The producer's own pages ("Sản phẩm của tôi").
mine_patterns = [
    path("", producer.HomeView.as_view(), name="home"),
    path("products/<int:pk>/", producer.ProductView.as_view(), name="product"),
    path("certificates/<int:pk>/rerating/", producer.ReratingRequestView.as_view(), name="rerating"),
]

urlpatterns = [
    path("evaluation/", include((staff_patterns, "certificates"))),
    path("my/", include((mine_patterns, "mine"))),
    path("verify/", public.verify_lookup, name="verify_lookup"),
    path("verify/<str:code>/", public.verify, name="verify"),
]
