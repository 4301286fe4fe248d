from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from certificates.models import Certificate
from certificates.pdf import certificate_pdf


class Command(BaseCommand):
    help = "Render one certificate (by its number) to a PDF file."

    def add_arguments(self, parser):
        parser.add_argument("number")
        parser.add_argument("-o", "--output", type=Path, required=True)

    def handle(self, *args, **opts):
        try:
            cert = Certificate.objects.get(number=opts["number"])
        except Certificate.DoesNotExist:
            raise CommandError(f"No certificate numbered {opts['number']}") from None
        opts["output"].write_bytes(certificate_pdf(cert))
        self.stdout.write(f"Wrote {opts['output']}")
