"""Public certificate verification (no namespace: ``reverse("verify", args=[code])``)."""

from django.urls import path

from . import views_public

urlpatterns = [
    path("verify/", views_public.verify_lookup, name="verify_lookup"),
    path("verify/<str:code>/", views_public.verify, name="verify"),
]
