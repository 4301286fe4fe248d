from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.models import AnnualPlan
from plans.pdf import plan_pdf


class Command(BaseCommand):
    help = "Render the annual OCOP plan of YEAR (with its product appendix) to a PDF file."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("-o", "--output", type=Path, required=True)
        parser.add_argument(
            "--province", default=None, help="Province code (default: the only/first plan of the year)"
        )

    def handle(self, *args, **opts):
        plans = AnnualPlan.objects.filter(year=opts["year"])
        if opts["province"]:
            plans = plans.filter(province__code=opts["province"])
        plan = plans.first()
        if plan is None:
            raise CommandError(f"No plan for {opts['year']}")
        opts["output"].write_bytes(plan_pdf(plan))
        self.stdout.write(f"Wrote {opts['output']}")
