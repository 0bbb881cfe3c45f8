"""A published meeting's whole document as open data files: CSV (UTF-8 with BOM), XLSX, ODS and JSON.

The files are the admin's conclusion export of that one meeting, byte for
byte: the same library resource (`ConclusionResource`), columns (meeting,
part, kind, number, position, label_* and text_* in all six languages,
themes) and writers, every block from the heading to the footnotes in
document order, so a download re-imports cleanly and texts go out exactly
as stored. They hold every language whatever the page's language: the
language prefix of the address only chooses the language of a 404 page.
"""

from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from conclusions.models import Meeting
from conclusions.spreadsheets.export import EXPORT_FORMATS
from conclusions.spreadsheets.resources import ConclusionResource
from conclusions.spreadsheets.responses import spreadsheet_response


@require_safe
def meeting_download(request: HttpRequest, slug: str, export_format: str) -> HttpResponseBase:
    if export_format not in EXPORT_FORMATS:
        raise Http404
    # Drafts are never downloadable, not even by editors: the admin exports those.
    meeting = get_object_or_404(Meeting.objects.published(), slug=slug)
    resource = ConclusionResource()
    columns = resource.columns_for(None)
    rows = resource.export_rows(meeting.conclusions.all(), columns)
    response = spreadsheet_response(export_format, f"{meeting.slug}.{export_format}", columns, rows)
    # Open data: a page or notebook on any site may fetch the file. Nothing here depends on cookies.
    response["Access-Control-Allow-Origin"] = "*"
    return response
