from django.urls import path, register_converter
from django.views.decorators.http import require_safe

from conclusions.public import downloads, side_by_side, views
from conclusions.public.feeds import MeetingsFeed


class ParagraphNumberConverter:
    """A paragraph number: 1 to 999999999, so no URL can overflow a database integer."""

    regex = "[1-9][0-9]{0,8}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(ParagraphNumberConverter, "paragraph")

app_name = "conclusions"

urlpatterns = [
    path("", views.home, name="home"),
    path("meetings/<slug:slug>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<slug:slug>/side-by-side/", side_by_side.meeting_side_by_side, name="meeting-side-by-side"),
    path("meetings/<slug:slug>/<paragraph:number>/", views.conclusion_detail, name="conclusion-detail"),
    path(
        "meetings/<slug:slug>/<paragraph:number>/languages/",
        side_by_side.conclusion_all_languages,
        name="conclusion-all-languages",
    ),
    path(
        "meetings/<slug:slug>/akoma-ntoso/<slug:language>.xml",
        views.meeting_akoma_ntoso,
        name="meeting-akoma-ntoso",
    ),
    path(
        "meetings/<slug:slug>/download.<str:export_format>",
        downloads.meeting_download,
        name="meeting-download",
    ),
    path("themes/", views.theme_list, name="theme-list"),
    path("themes/<slug:slug>/", views.theme_detail, name="theme-detail"),
    path("feed.atom", require_safe(MeetingsFeed()), name="feed"),
    path("search/", views.search, name="search"),
]
