from django.urls import include, path

urlpatterns = [
    # Staff registry of producers: /producers/..., namespace "producers"
    path("producers/", include(("producers.urls_staff", "producers"))),
]
