from django.core.management.base import BaseCommand

from plans.services import spawn_due_occurrences


class Command(BaseCommand):
    help = "Create the next occurrence of recurring tasks that are done or past due (idempotent)."

    def handle(self, *args, **options):
        created = spawn_due_occurrences()
        for task in created:
            self.stdout.write(
                f"  {task.plan.year} · {task.lead_name}: {task.title} → {task.due_date:%d/%m/%Y}"
            )
        self.stdout.write(self.style.SUCCESS(f"{len(created)} occurrences created."))
