from django.core.management.base import BaseCommand

from plans.duties import load_templates


class Command(BaseCommand):
    help = "Create or update the library of standard duties from the seeds' “Tổ chức thực hiện” (idempotent)."

    def handle(self, *args, **options):
        created, updated = load_templates()
        self.stdout.write(self.style.SUCCESS(f"Duty templates: {created} created, {updated} updated."))
