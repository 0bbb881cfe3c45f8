"""sitemap.xml: every public page in every language, with hreflang alternates and x-default."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from conclusions.models import Conclusion, Meeting, Theme


class LocalizedSitemap(Sitemap):
    # One <url> per language, each listing the others as alternates.
    i18n = True
    alternates = True
    x_default = True


class IndexPagesSitemap(LocalizedSitemap):
    def items(self) -> list[str]:
        return ["conclusions:home", "conclusions:theme-list"]

    def location(self, item: str) -> str:
        return reverse(item)


class MeetingSitemap(LocalizedSitemap):
    def items(self):
        return Meeting.objects.published().order_by("slug")

    def lastmod(self, meeting: Meeting):
        return meeting.updated_at


class ConclusionSitemap(LocalizedSitemap):
    """Every block with a page of its own (preamble, numbered and unnumbered paragraphs), in document order."""

    def items(self):
        return (
            Conclusion.objects.filter(meeting__in=Meeting.objects.published(), kind__in=Conclusion.CITABLE_KINDS)
            .select_related("meeting")
            .order_by("meeting__slug", "position")
        )

    def lastmod(self, conclusion: Conclusion):
        return conclusion.meeting.updated_at


class ThemeSitemap(LocalizedSitemap):
    def items(self):
        return Theme.objects.order_by("position", "slug")


SITEMAPS = {
    "pages": IndexPagesSitemap,
    "meetings": MeetingSitemap,
    "paragraphs": ConclusionSitemap,
    "themes": ThemeSitemap,
}
