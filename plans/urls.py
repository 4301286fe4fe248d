from django.urls import include, path

urlpatterns = [
    # Annual plans, cycle board, targets, tasks, training, funding, reports: /plans/..., namespace "plans"
    path("plans/", include(("plans.urls_staff", "plans"))),
]
