"""Sales points (/sales-points/) and fairs (/fairs/): public pages and staff management."""

from django.urls import path

from .views import public, staff

app_name = "tradefairs"

urlpatterns = [
    path("sales-points/", public.salespoint_list, name="salespoint_list"),
    path("sales-points/manage/", staff.SalesPointManageView.as_view(), name="salespoint_manage"),
    path("sales-points/new/", staff.SalesPointCreateView.as_view(), name="salespoint_create"),
    path("sales-points/<int:pk>/", public.salespoint_detail, name="salespoint_detail"),
    path("sales-points/<int:pk>/edit/", staff.SalesPointUpdateView.as_view(), name="salespoint_edit"),
    path("sales-points/<int:pk>/status/", staff.salespoint_status, name="salespoint_status"),
    path("fairs/", public.fair_list, name="fair_list"),
    path("fairs/manage/", staff.FairManageView.as_view(), name="fair_manage"),
    path("fairs/new/", staff.FairCreateView.as_view(), name="fair_create"),
    path("fairs/<int:pk>/", public.fair_detail, name="fair_detail"),
    path("fairs/<int:pk>/edit/", staff.FairUpdateView.as_view(), name="fair_edit"),
    path("fairs/<int:pk>/register/", staff.ParticipationCreateView.as_view(), name="participation_create"),
    path(
        "fairs/<int:pk>/participations/<int:participation_pk>/withdraw/",
        staff.participation_withdraw,
        name="participation_withdraw",
    ),
    path("fairs/<int:pk>/results/", staff.FairResultsView.as_view(), name="fair_results"),
]
