"""Authorization-matrix rows of the portal-wide public pages: robots.txt and the open-data page."""

ROWS = {
    "robots_txt": {"url": "/robots.txt", "default": 200},
    "catalog:open_data": {"url": "/open-data/", "default": 200},
}
