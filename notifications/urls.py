from django.urls import include, path

from . import views

patterns = [
    path("", views.NotificationListView.as_view(), name="list"),
    path("<int:pk>/read/", views.MarkReadView.as_view(), name="read"),
    path("read-all/", views.MarkAllReadView.as_view(), name="read_all"),
]

urlpatterns = [path("notifications/", include((patterns, "notifications")))]
