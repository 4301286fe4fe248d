"""Staff registry of producers at /producers/ (namespace "producers"), the officer's handling of
producer logins, and the public sign-up at /signup/."""

from django.urls import include, path

from .views import logins, signup, staff

staff_patterns = [
    path("", staff.ProducerListView.as_view(), name="list"),
    path("new/", staff.ProducerCreateView.as_view(), name="create"),
    path("<int:pk>/", staff.ProducerDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", staff.ProducerUpdateView.as_view(), name="update"),
    path("<int:pk>/events/", staff.OrganisationEventCreateView.as_view(), name="event_create"),
    path(
        "<int:pk>/events/<int:event_pk>/delete/",
        staff.OrganisationEventDeleteView.as_view(),
        name="event_delete",
    ),
    path("<int:pk>/logins/new/", logins.ProducerLoginCreateView.as_view(), name="login_create"),
    path("requests/", logins.RequestListView.as_view(), name="request_list"),
    path("requests/<int:pk>/", logins.RequestDetailView.as_view(), name="request_detail"),
    path("requests/<int:pk>/<slug:action>/", logins.RequestDecideView.as_view(), name="request_decide"),
]

urlpatterns = [
    path("producers/", include((staff_patterns, "producers"))),
    path("signup/", signup.SignupView.as_view(), name="producer_signup"),
    path("signup/sent/", signup.SignupDoneView.as_view(), name="producer_signup_done"),
]
