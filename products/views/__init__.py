"""Views of the products app, by audience: ``staff`` (the registry), ``catalog`` (public catalogue and
product pages), ``opendata`` (open data, sitemap); ``public`` holds what the public pages share."""
