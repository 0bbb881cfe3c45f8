"""The Atom feed of meetings newly published or updated, in the reader's language.

An entry's "updated" date is the meeting's last change: its own record, its
publication, or any of its paragraphs (text, translation or themes, from the
paragraphs' history, deleted paragraphs included). A feed reader so sees a
meeting again when a translation of its paragraphs is added, not only when
its title changes. The whole feed is one query, whatever the number of
meetings or paragraphs.
"""

from django.contrib.syndication.views import Feed
from django.db.models import Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from conclusions.models import Conclusion, Meeting

# Enough for a reader who checks now and then; older meetings stay on the home page.
FEED_LENGTH = 50


def published_meetings_by_last_change() -> QuerySet[Meeting]:
    """Published meetings, the most recently changed first, each with its `last_change`."""
    paragraph_changes = (
        Conclusion.history.model.objects.filter(meeting_id=OuterRef("pk"))
        .order_by()
        .values("meeting_id")
        .annotate(latest=Max("history_date"))
        .values("latest")
    )
    return (
        Meeting.objects.published()
        .annotate(
            # Coalesce: a meeting without paragraphs (or publication date) still has a last change.
            last_change=Greatest(
                "updated_at",
                Coalesce("published_at", "updated_at"),
                Coalesce(Subquery(paragraph_changes), "updated_at"),
            )
        )
        .order_by("-last_change", "slug")
    )


class MeetingsFeed(Feed):
    feed_type = Atom1Feed
    title = _("Outcome documents of intergovernmental meetings")
    subtitle = _("Newly published and updated meetings")
    author_name = _("Secretariat")
    description_template = "conclusions/feed_entry_summary.html"

    def link(self) -> str:
        return reverse("conclusions:home")

    def feed_url(self) -> str:
        return reverse("conclusions:feed")

    def items(self) -> QuerySet[Meeting]:
        return published_meetings_by_last_change()[:FEED_LENGTH]

    def item_title(self, meeting: Meeting) -> str:
        # In the page's language, else in the original: never an empty title.
        return meeting.shown_title.text

    def item_pubdate(self, meeting: Meeting):
        return meeting.published_at

    def item_updateddate(self, meeting: Meeting):
        return meeting.last_change
