"""Exported spreadsheets as HTTP responses, for the admin's exports and the public downloads alike.

CSV and JSON are streamed as they are written, so the first bytes leave at
once and memory stays flat; XLSX and ODS are zips that are only readable
once complete, so they are written whole to a temporary file first.
"""

import tempfile
from collections.abc import Iterable, Sequence

from django.http import FileResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase

from conclusions.spreadsheets.export import STREAMED_FORMATS, WRITERS

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "json": "application/json",
}
# Past this size the XLSX or ODS being written spills from memory to disk.
ZIP_MEMORY_BYTES = 8 * 1024 * 1024


def spreadsheet_response(
    export_format: str, filename: str, header: Sequence[str], rows: Iterable[Sequence]
) -> HttpResponseBase:
    """An attachment named `filename` holding `header` and `rows` in `export_format` (csv, xlsx, ods or json)."""
    if export_format in STREAMED_FORMATS:
        response = StreamingHttpResponse(
            STREAMED_FORMATS[export_format](header, rows), content_type=CONTENT_TYPES[export_format]
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    stream = tempfile.SpooledTemporaryFile(max_size=ZIP_MEMORY_BYTES)  # noqa: SIM115 (FileResponse closes it)
    WRITERS[export_format](header, rows, stream)
    stream.seek(0)
    return FileResponse(stream, as_attachment=True, filename=filename, content_type=CONTENT_TYPES[export_format])
