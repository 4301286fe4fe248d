"""Public catalogue, product photos, open data and the sitemap (mounted at "" with namespace "catalog")."""

from django.urls import path

from . import views_catalog as views

urlpatterns = [
    path("catalog/", views.catalog_list, name="list"),
    path("catalog/<slug:slug>/", views.catalog_detail, name="detail"),
    path("catalog/images/<int:pk>/", views.product_image, name="image"),
    path("api/products.json", views.OpenDataJSON.as_view(dataset="products"), name="api_products_json"),
    path("api/products.csv", views.OpenDataCSV.as_view(dataset="products"), name="api_products_csv"),
    path(
        "api/sales-points.json",
        views.OpenDataJSON.as_view(dataset="sales-points"),
        name="api_sales_points_json",
    ),
    path(
        "api/sales-points.csv", views.OpenDataCSV.as_view(dataset="sales-points"), name="api_sales_points_csv"
    ),
    path("api/fairs.json", views.OpenDataJSON.as_view(dataset="fairs"), name="api_fairs_json"),
    path("api/fairs.csv", views.OpenDataCSV.as_view(dataset="fairs"), name="api_fairs_csv"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
]
