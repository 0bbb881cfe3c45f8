"""Load the checked-in documents (themes, the Geneva conclusions) into an empty database.

Run by `make run`. A database that already holds meetings or themes is left
as it is, so editors' work is never overwritten by a restart.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from conclusions.models import Meeting, Theme
from conclusions.translations.status import initialize_translation_bases

FIXTURES = ["themes", "geneva-2016"]


class Command(BaseCommand):
    help = "Load the themes and the Geneva 2016 conclusions into an empty database."

    def handle(self, *args, **options):
        if Meeting.objects.exists() or Theme.objects.exists():
            if options["verbosity"] >= 1:
                self.stdout.write("The database already holds documents: nothing loaded.")
            return
        with transaction.atomic():
            call_command("loaddata", *FIXTURES, verbosity=0)
            # Raw fixture saves write no history; record the loaded state as
            # the first version, so every later edit can be compared and
            # reverted. (Conclusions already have theirs: setting their themes
            # records one.)
            call_command("populate_history", "conclusions.Theme", "conclusions.Meeting", verbosity=0)
            # The same goes for the translations' status: all current as loaded.
            initialize_translation_bases()
        if options["verbosity"] >= 1:
            self.stdout.write(
                self.style.SUCCESS(f"Loaded {Meeting.objects.count()} meeting(s) and {Theme.objects.count()} themes.")
            )
