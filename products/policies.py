from accounts import access

from .models import EcommerceListing, Product, ProductImage, ProductTransition


def register():
    access.register(Product, access.Policy(unit="commune", producer="producer"))
    for model in (ProductImage, EcommerceListing, ProductTransition):
        access.register(model, access.Policy(unit="product__commune", producer="product__producer"))
