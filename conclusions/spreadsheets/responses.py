"""Exported spreadsheets as HTTP responses, for the admin's exports and the public downloads alike.

CSV and JSON are streamed as they are written, so the first bytes leave at
once and memory stays flat; XLSX is a zip that is only readable once
complete, so it is written whole to a temporary file first.
"""

import tempfile
from collections.abc import Iterable, Sequence

from django.http import FileResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase

from conclusions.spreadsheets.export import STREAMED_FORMATS, write_xlsx

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
# Past this size the XLSX being written spills from memory to disk.
XLSX_MEMORY_BYTES = 8 * 1024 * 1024


def spreadsheet_response(
    export_format: str, filename: str, header: Sequence[str], rows: Iterable[Sequence]
) -> HttpResponseBase:
    """An attachment named `filename` holding `header` and `rows` in `export_format` (csv, xlsx or json)."""
    if export_format in STREAMED_FORMATS:
        response = StreamingHttpResponse(
            STREAMED_FORMATS[export_format](header, rows), content_type=CONTENT_TYPES[export_format]
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    stream = tempfile.SpooledTemporaryFile(max_size=XLSX_MEMORY_BYTES)  # noqa: SIM115 (FileResponse closes it)
    write_xlsx(header, rows, stream)
    stream.seek(0)
    return FileResponse(stream, as_attachment=True, filename=filename, content_type=CONTENT_TYPES[export_format])
