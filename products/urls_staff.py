from django.urls import path

from . import views

urlpatterns = [
    path("", views.ProductListView.as_view(), name="list"),
    path("new/", views.ProductCreateView.as_view(), name="create"),
    path("import/", views.ProductImportView.as_view(), name="import"),
    path("import/template.xlsx", views.ImportTemplateView.as_view(), name="import_template"),
    path("<int:pk>/", views.ProductDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.ProductUpdateView.as_view(), name="update"),
    path("<int:pk>/transition/", views.ProductTransitionView.as_view(), name="transition"),
    path("<int:pk>/images/", views.ProductImageUploadView.as_view(), name="image_upload"),
    path("images/<int:pk>/", views.ProductImageView.as_view(), name="image"),
    path("images/<int:pk>/delete/", views.ProductImageDeleteView.as_view(), name="image_delete"),
]
