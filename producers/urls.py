"""Staff registry of producers at /producers/ (namespace "producers")."""

from django.urls import include, path

from . import views

staff_patterns = [
    path("", views.ProducerListView.as_view(), name="list"),
    path("new/", views.ProducerCreateView.as_view(), name="create"),
    path("<int:pk>/", views.ProducerDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.ProducerUpdateView.as_view(), name="update"),
    path("<int:pk>/events/", views.OrganisationEventCreateView.as_view(), name="event_create"),
    path(
        "<int:pk>/events/<int:event_pk>/delete/",
        views.OrganisationEventDeleteView.as_view(),
        name="event_delete",
    ),
]

urlpatterns = [
    path("producers/", include((staff_patterns, "producers"))),
]
