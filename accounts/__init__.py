"""Accounts: users and their roles, the administrative units tree (province, district, commune, with
successions), departments, and the one access policy that scopes every queryset (``access``)."""
