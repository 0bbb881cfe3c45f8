"""A meeting's document as PDF: the meeting page's header and document in their own template, laid out by WeasyPrint.

The layout is the site's print stylesheet (site.css, `@media print`: no
navigation or tools, paragraph numbers, each paragraph's permanent address)
with pdf.css for the pages: A4, a running head, the permanent link and the
page number at the foot. WeasyPrint shapes Arabic (HarfBuzz, through Pango)
and lays it out right to left from the `dir` the templates give each text,
and embeds the subset of each Noto font the document uses.
"""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

STYLESHEETS = ("site.css", "pdf.css")


def refuse_fetching(url: str, *args, **kwargs):
    """The document needs nothing from outside (no images, no web fonts): WeasyPrint fetches nothing."""
    raise ValueError(f"Not fetched: {url}")


def pdf_bytes(request, context: dict) -> bytes:
    # WeasyPrint loads Pango through cffi when imported: only a download pays for it, never a page.
    from weasyprint import CSS, HTML

    html = render_to_string("conclusions/meeting_pdf.html", context, request=request)
    stylesheets = [CSS(filename=finders.find(name)) for name in STYLESHEETS]
    document = HTML(string=html, base_url=request.build_absolute_uri("/"), url_fetcher=refuse_fetching)
    return document.write_pdf(stylesheets=stylesheets)
