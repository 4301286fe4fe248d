from django.urls import include, path

urlpatterns = [
    # Staff registry: /products/..., namespace "products"
    path("products/", include(("products.urls_staff", "products"))),
    # Public catalogue and open data: /catalog/..., /api/products.json, namespace "catalog"
    path("", include(("products.urls_catalog", "catalog"))),
]
