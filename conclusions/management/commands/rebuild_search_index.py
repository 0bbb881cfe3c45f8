"""Rewrite the folded search texts of every conclusion from the stored texts.

    python manage.py rebuild_search_index

Saves, imports and undo keep the search texts in step by themselves. Run
this after changing texts behind the application's back (SQL, a restored
table) or after a change to the folding or stemming rules in conclusions/search/folding.py and
words.py (or to the stemmer's version: a new snowballstemmer may stem some words differently).
"""

from django.core.management.base import BaseCommand

from conclusions.content import search_index_rebuild


class Command(BaseCommand):
    help = "Rewrite every conclusion's search texts (what reader search looks in) from the stored texts."

    def handle(self, *args, **options):
        count = search_index_rebuild()
        self.stdout.write(self.style.SUCCESS(f"Search texts rewritten for {count:,} paragraphs."))
