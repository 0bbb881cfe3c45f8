from django.urls import path, register_converter
from django.views.decorators.http import require_safe

from conclusions.public import document_copies, downloads, side_by_side, views
from conclusions.public.feeds import MeetingsFeed


class ParagraphNumberConverter:
    """A paragraph number: 1 to 999999999, so no URL can overflow a database integer."""

    regex = "[1-9][0-9]{0,8}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


class PartConverter(ParagraphNumberConverter):
    """A part of a document (a resolution's annex is its part 2): 2 to 9999; part 1 has no part in its address."""

    regex = "[2-9]|[1-9][0-9]{1,3}"


class BlockKindConverter:
    """The kinds of block addressed by kind and rank ("preamble-2"); numbered paragraphs are addressed by number."""

    regex = "preamble|unnumbered"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return str(value)


class NumberSuffixConverter(BlockKindConverter):
    """What follows the number of a paragraph inserted between two: "bis" in /17-bis/ (Conclusion.number_suffix)."""

    regex = r"[^\W\d_]{1,12}"


register_converter(ParagraphNumberConverter, "paragraph")
register_converter(PartConverter, "part")
register_converter(BlockKindConverter, "block_kind")
register_converter(NumberSuffixConverter, "suffix")


def block_paths(suffix: str, view, name: str) -> list:
    """A block's page at its address, all its forms under one name: reverse() picks the form from the kwargs.

    Numbered paragraphs by number (/geneva-2016/6/, /geneva-2016/17-bis/),
    other blocks by kind and rank (/geneva-2016/preamble-2/), all under
    part-N/ beyond the first part.
    """
    return [
        path(f"meetings/<slug:slug>/{place}{suffix}", view, name=name)
        for place in (
            "<paragraph:number>/",
            "<paragraph:number>-<suffix:suffix>/",
            "part-<part:part>/<paragraph:number>/",
            "part-<part:part>/<paragraph:number>-<suffix:suffix>/",
            "<block_kind:kind>-<paragraph:number>/",
            "part-<part:part>/<block_kind:kind>-<paragraph:number>/",
        )
    ]


app_name = "conclusions"

urlpatterns = [
    path("", views.home, name="home"),
    path("meetings/<slug:slug>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<slug:slug>/side-by-side/", side_by_side.meeting_side_by_side, name="meeting-side-by-side"),
    *block_paths("", views.conclusion_detail, "conclusion-detail"),
    *block_paths("languages/", side_by_side.conclusion_all_languages, "conclusion-all-languages"),
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
    path(
        "meetings/<slug:slug>/document.<str:document_format>",
        document_copies.meeting_document,
        name="meeting-document",
    ),
    path("themes/", views.theme_list, name="theme-list"),
    path("themes/<slug:slug>/", views.theme_detail, name="theme-detail"),
    path("feed.atom", require_safe(MeetingsFeed()), name="feed"),
    path("search/", views.search, name="search"),
]
