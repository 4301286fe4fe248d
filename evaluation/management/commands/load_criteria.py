from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evaluation import criteria


class Command(BaseCommand):
    help = "Load score sheets (criteria sets) from a JSON file, or the sample sheets with --samples."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", type=Path)
        parser.add_argument("--samples", action="store_true", help="Load the labelled sample sheets")

    def handle(self, *args, **opts):
        if opts["samples"]:
            self.stdout.write(f"{criteria.load_samples()} sample sheets created.")
            return
        if not opts["file"]:
            raise CommandError("Give a JSON file or --samples.")
        try:
            sets = criteria.load_file(opts["file"])
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        for cs in sets:
            self.stdout.write(f"Loaded {cs.code}: {cs.name}")
