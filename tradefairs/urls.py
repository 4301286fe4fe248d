"""Sales points (/sales-points/) and fairs (/fairs/): public pages and staff management."""

from django.urls import path

from . import views

app_name = "tradefairs"

urlpatterns = [
    path("sales-points/", views.salespoint_list, name="salespoint_list"),
    path("sales-points/manage/", views.SalesPointManageView.as_view(), name="salespoint_manage"),
    path("sales-points/new/", views.SalesPointCreateView.as_view(), name="salespoint_create"),
    path("sales-points/<int:pk>/", views.salespoint_detail, name="salespoint_detail"),
    path("sales-points/<int:pk>/edit/", views.SalesPointUpdateView.as_view(), name="salespoint_edit"),
    path("sales-points/<int:pk>/status/", views.salespoint_status, name="salespoint_status"),
    path("fairs/", views.fair_list, name="fair_list"),
    path("fairs/manage/", views.FairManageView.as_view(), name="fair_manage"),
    path("fairs/new/", views.FairCreateView.as_view(), name="fair_create"),
    path("fairs/<int:pk>/", views.fair_detail, name="fair_detail"),
    path("fairs/<int:pk>/edit/", views.FairUpdateView.as_view(), name="fair_edit"),
    path("fairs/<int:pk>/register/", views.ParticipationCreateView.as_view(), name="participation_create"),
    path(
        "fairs/<int:pk>/participations/<int:participation_pk>/withdraw/",
        views.participation_withdraw,
        name="participation_withdraw",
    ),
    path("fairs/<int:pk>/results/", views.FairResultsView.as_view(), name="fair_results"),
]
