"""Load the demo: Quảng Nam's units and departments, demo logins, and each app's demo data.

Idempotent: running it twice leaves the same data. Each app contributes through a
``demo.py`` module with a ``seed(out)`` function, called in INSTALLED_APPS order
(lower apps first), so this command imports no app above accounts.
"""

import importlib
import time

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Load (or refresh) the demo data. Never run against production unless asked explicitly."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production", action="store_true", help="Seed even outside the embedded/DEBUG mode"
        )

    def handle(self, *args, **opts):
        if not (settings.EMBEDDED or settings.DEBUG or opts["allow_production"]):
            raise CommandError(
                "Refusing to create demo logins in production; pass --allow-production to insist."
            )
        started = time.monotonic()
        for config in apps.get_app_configs():
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name == f"{config.name}.demo":
                    continue
                raise
            t0 = time.monotonic()
            with transaction.atomic():
                summary = module.seed(self.stdout)
            self.stdout.write(f"  {config.label}: {summary or 'ok'} ({time.monotonic() - t0:.1f}s)")
        self.stdout.write(self.style.SUCCESS(f"Demo data ready in {time.monotonic() - started:.1f}s."))
        self.stdout.write(
            "Demo logins (password demo12345): Quảng Nam's records (2022–2025): demo_province (Sở NN&PTNT), "
            "demo_department, demo_council, admin; the merged Thành phố Đà Nẵng (since 01/07/2025): demo_city "
            "(Sở NN&MT), Phòng Kinh tế xã: demo_district (Xã Nam Phước, formerly huyện Duy Xuyên), demo_district2 "
            "(Xã Đại Lộc, formerly huyện Đại Lộc), demo_commune_economic (Xã Duy Xuyên); UBND xã: demo_commune "
            "(Xã Nam Phước), demo_ward (Xã Duy Xuyên); demo_producer (HTX Trà thảo mộc Thu Bồn)"
        )
