"""Staff registry at /products/ (namespace "products"); public catalogue, product photos, open data
and the sitemap at the site root (namespace "catalog")."""

from django.urls import include, path

from .views import catalog, imports, opendata, staff

staff_patterns = [
    path("", staff.ProductListView.as_view(), name="list"),
    path("new/", staff.ProductCreateView.as_view(), name="create"),
    path("import/", staff.ProductImportView.as_view(), name="import"),
    path("import/confirm/", staff.ProductImportConfirmView.as_view(), name="import_confirm"),
    path("import/jobs/<int:pk>/", imports.ImportJobView.as_view(), name="import_job"),
    path("import/jobs/<int:pk>/errors.xlsx", imports.ImportJobErrorsView.as_view(), name="import_job_errors"),
    path("import/template.xlsx", staff.ImportTemplateView.as_view(), name="import_template"),
    path("<int:pk>/", staff.ProductDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", staff.ProductUpdateView.as_view(), name="update"),
    path("<int:pk>/transition/", staff.ProductTransitionView.as_view(), name="transition"),
    path("<int:pk>/images/", staff.ProductImageUploadView.as_view(), name="image_upload"),
    path("images/<int:pk>/", staff.ProductImageView.as_view(), name="image"),
    path("images/<int:pk>/delete/", staff.ProductImageDeleteView.as_view(), name="image_delete"),
]

public_patterns = [
    path("catalog/", catalog.catalog_list, name="list"),
    path("catalog/<slug:slug>/", catalog.catalog_detail, name="detail"),
    path("catalog/images/<int:pk>/", catalog.product_image, name="image"),
    path("api/products.json", opendata.OpenDataJSON.as_view(dataset="products"), name="api_products_json"),
    path("api/products.csv", opendata.OpenDataCSV.as_view(dataset="products"), name="api_products_csv"),
    path(
        "api/sales-points.json",
        opendata.OpenDataJSON.as_view(dataset="sales-points"),
        name="api_sales_points_json",
    ),
    path(
        "api/sales-points.csv",
        opendata.OpenDataCSV.as_view(dataset="sales-points"),
        name="api_sales_points_csv",
    ),
    path("api/fairs.json", opendata.OpenDataJSON.as_view(dataset="fairs"), name="api_fairs_json"),
    path("api/fairs.csv", opendata.OpenDataCSV.as_view(dataset="fairs"), name="api_fairs_csv"),
    path("open-data/", opendata.open_data_page, name="open_data"),
    path("sitemap.xml", opendata.sitemap, name="sitemap"),
]

urlpatterns = [
    path("products/", include((staff_patterns, "products"))),
    path("", include((public_patterns, "catalog"))),
]
