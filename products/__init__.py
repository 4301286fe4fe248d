"""Products: OCOP products and product groups, their lifecycle, search, spreadsheet import/export, the
staff registry and the public catalogue (with open data and the sitemap)."""
