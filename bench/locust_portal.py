"""Locust users for ``bench_load.py`` (not a benchmark on its own: run_all.py only runs bench_*.py).

Two kinds of visitor, each from its own loopback address (127.0.0.10, .11, ...: the portal, through
nginx's X-Forwarded-For, sees 50 different clients, as in production — one shared address would trip the
per-address verify rate limit):

* ``PublicVisitor`` (weight 3): home page, catalogue (with a search and a district filter), product pages,
  a product photo, a certificate verification, sales points, fairs, open data JSON.
* ``StaffMember`` (weight 2): signs in as one of the demo logins, then dashboard, product list and
  detail, dossier list and detail, a dossier document download (X-Accel-Redirect behind nginx), the plan
  dashboard, notifications.

Every request is named by its page group (``public: catalogue`` ...) so the figures come per group.
The sample ids come from the JSON file named by ``OCOP_LOAD_SAMPLES`` (written by bench_load.py); every
response time is written to ``OCOP_LOAD_TIMINGS`` when locust quits (exact percentiles: locust's own
are rounded to 2 significant digits).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, events, task
from requests.adapters import HTTPAdapter

SAMPLES = json.loads(open(os.environ["OCOP_LOAD_SAMPLES"]).read())  # noqa: SIM115
PASSWORD = "demo12345"
_addresses = itertools.count(10)
TIMINGS: list[tuple[str, float, bool]] = []


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception=None, **kwargs):
    TIMINGS.append(
        (f"{name}" if request_type == "GET" else f"{name} ({request_type})", response_time, bool(exception))
    )


@events.quitting.add_listener
def _dump(environment, **kwargs):
    if os.environ.get("OCOP_LOAD_TIMINGS"):
        with open(os.environ["OCOP_LOAD_TIMINGS"], "w") as fh:
            json.dump(TIMINGS, fh)


class SourceAddressAdapter(HTTPAdapter):
    """Connections from one chosen loopback address."""

    def __init__(self, address: str, **kwargs):
        self.address = address
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        return super().init_poolmanager(*args, **kwargs)


class PortalUser(HttpUser):
    abstract = True
    wait_time = between(1, 3)

    def on_start(self):
        n = next(_addresses)
        self.client.mount("http://", SourceAddressAdapter(f"127.0.{n // 250}.{n % 250 + 1}"))

    def page(self, group: str, url: str, **kwargs):
        with self.client.get(url, name=group, catch_response=True, **kwargs) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code} for {url}")
            else:
                response.success()


class PublicVisitor(PortalUser):
    weight = 3

    @task(3)
    def home(self):
        self.page("public: home", "/")

    @task(5)
    def catalogue(self):
        self.page(
            "public: catalogue", random.choice(["/catalog/", "/catalog/?page=2", SAMPLES["catalog_filter"]])
        )

    @task(2)
    def search(self):
        self.page("public: catalogue search", "/catalog/?q=" + random.choice(SAMPLES["queries"]))

    @task(5)
    def product(self):
        self.page("public: product page", random.choice(SAMPLES["public_products"]))

    @task(2)
    def photo(self):
        if SAMPLES["public_images"]:
            self.page("public: product photo", random.choice(SAMPLES["public_images"]))

    @task(1)
    def verify(self):
        self.page("public: verify", random.choice(SAMPLES["verify"]))

    @task(1)
    def trade(self):
        self.page("public: sales points, fairs", random.choice(["/sales-points/", "/fairs/"]))

    @task(1)
    def opendata(self):
        self.page("public: open data", "/api/products.json")


class StaffMember(PortalUser):
    weight = 2

    def on_start(self):
        super().on_start()
        self.username = random.choice(list(SAMPLES["staff"]))
        self.mine = SAMPLES["staff"][self.username]
        form = self.client.get("/accounts/login/", name="staff: sign in")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
        with self.client.post(
            "/accounts/login/",
            data={
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="staff: sign in",
            catch_response=True,
        ) as response:
            if "/accounts/login/" in response.url:
                response.failure(f"{self.username} could not sign in")

    @task(4)
    def dashboard(self):
        self.page("staff: dashboard", "/dashboard/")

    @task(4)
    def products(self):
        self.page("staff: product list", random.choice(["/products/", "/products/?page=2"]))

    @task(3)
    def product(self):
        if self.mine["products"]:
            self.page("staff: product detail", random.choice(self.mine["products"]))

    @task(3)
    def dossiers(self):
        self.page("staff: dossier list", "/dossiers/")

    @task(3)
    def dossier(self):
        if self.mine["dossiers"]:
            self.page("staff: dossier detail", random.choice(self.mine["dossiers"]))

    @task(2)
    def document(self):
        if self.mine["documents"]:
            self.page("staff: document download", random.choice(self.mine["documents"]))

    @task(1)
    def plan(self):
        self.page("staff: plan", "/plans/current/")

    @task(1)
    def notifications(self):
        self.page("staff: notifications", "/notifications/")
