"""Load the checked-in documents (themes, the Geneva conclusions) into an empty database.

Run by `make run`. A database that already holds meetings or themes is left
as it is, so editors' work is never overwritten by a restart.
"""

from django.core.management.base import BaseCommand

from conclusions.content import fixtures_load
from conclusions.models import Meeting, Theme

FIXTURES = ["themes", "geneva-2016"]


class Command(BaseCommand):
    help = "Load the themes and the Geneva 2016 conclusions into an empty database."

    def handle(self, *args, **options):
        if Meeting.objects.exists() or Theme.objects.exists():
            if options["verbosity"] >= 1:
                self.stdout.write("The database already holds documents: nothing loaded.")
            return
        # History, translation status, search texts and the content version follow the loaded records.
        fixtures_load(FIXTURES)
        if options["verbosity"] >= 1:
            self.stdout.write(
                self.style.SUCCESS(f"Loaded {Meeting.objects.count()} meeting(s) and {Theme.objects.count()} themes.")
            )
