"""Benchmark: time to render one certificate PDF and a batch of 333 (Quảng Nam's 2023 total).

Run: make bench  (or: DATABASE_URL=... python bench/bench_certificates.py)
Prints figures; asserts nothing. Uses a throwaway database created by the Django test runner.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_portal.settings")

import django  # noqa: E402

django.setup()


def main(n_batch: int = 333):
    from _common import throwaway_database
    from django.core.management import call_command

    with throwaway_database():
        call_command("seed_demo", "--allow-production", stdout=open(os.devnull, "w"))
        from certificates.jobs import run_certificate_batch
        from certificates.models import Certificate, PdfJob
        from certificates.pdf import certificate_pdf
        from evaluation.models import RecognitionDecision

        certs = list(Certificate.objects.filter(status="valid").order_by("pk")[:n_batch])
        certificate_pdf(certs[0])  # warm up fonts and templates
        singles = []
        for cert in certs[:20]:
            t0 = time.perf_counter()
            certificate_pdf(cert)
            singles.append(time.perf_counter() - t0)
        print(
            f"single certificate: median {statistics.median(singles) * 1000:.0f} ms, max {max(singles) * 1000:.0f} ms (n=20)"
        )
        decision = RecognitionDecision.objects.first()
        Certificate.objects.filter(pk__in=[c.pk for c in certs]).update(decision=decision)
        job = PdfJob.objects.create(decision=decision, total=len(certs))
        t0 = time.perf_counter()
        run_certificate_batch(job.pk, progress_every=10)
        elapsed = time.perf_counter() - t0
        job.refresh_from_db()
        size = job.file.size
        print(
            f"batch of {len(certs)} certificates into one ZIP: {elapsed:.1f} s ({elapsed / len(certs) * 1000:.0f} ms each), ZIP {size / 1e6:.1f} MB"
        )


if __name__ == "__main__":
    main()
