"""Dossiers and commune reports: mounted at /dossiers/ with namespace "dossiers"."""

from django.urls import path

from . import views_dossiers as views

urlpatterns = [
    path("", views.DossierListView.as_view(), name="list"),
    path("new/", views.DossierCreateView.as_view(), name="create"),
    path("<int:pk>/", views.DossierDetailView.as_view(), name="detail"),
    path("<int:pk>/review/", views.DossierReviewView.as_view(), name="review"),
    path("<int:pk>/upload/", views.DocumentUploadView.as_view(), name="upload"),
    path("<int:pk>/onsite-check/", views.OnsiteCheckView.as_view(), name="onsite_check"),
    path("<int:pk>/do/<slug:action>/", views.DossierActionView.as_view(), name="action"),
    path("<int:pk>/return/", views.DossierReturnView.as_view(), name="return"),
    path("<int:pk>/download.zip", views.DossierZipView.as_view(), name="zip"),
    path("documents/<int:pk>/", views.DocumentFileView.as_view(), name="document_file"),
    path("documents/<int:pk>/delete/", views.DocumentDeleteView.as_view(), name="document_delete"),
    path("calls/", views.CallListView.as_view(), name="calls"),
    path("calls/<int:pk>/", views.CallDetailView.as_view(), name="call_detail"),
    path("commune-reports/", views.CommuneReportListView.as_view(), name="commune_reports"),
    path("commune-reports/new/", views.CommuneReportCreateView.as_view(), name="commune_report_create"),
    path("commune-reports/<int:pk>/", views.CommuneReportDetailView.as_view(), name="commune_report_detail"),
    path("commune-reports/<int:pk>/edit/", views.CommuneReportEditView.as_view(), name="commune_report_edit"),
    path(
        "commune-reports/<int:pk>/submit/",
        views.CommuneReportSubmitView.as_view(),
        name="commune_report_submit",
    ),
]
