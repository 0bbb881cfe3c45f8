"""The API's endpoints: published meetings, the blocks of their documents (conclusions), themes, the OpenAPI document.

Drafts do not exist here, whoever asks: the API reads no login. Each
endpoint runs a fixed number of queries whatever the page size or the size
of the document (see the tests): counts are annotated, themes prefetched,
translation statuses read in one query for the whole page.
"""

from django.db.models import Count, Max, Prefetch, Q
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve, reverse

from conclusions.api import representations
from conclusions.api.openapi import OPENAPI_DOCUMENT
from conclusions.api.pagination import page_of
from conclusions.api.query_parameters import read_query
from conclusions.api.responses import ApiError, api_view, json_response
from conclusions.languages import LANGUAGE_CODES
from conclusions.models import BlockKind, Meeting, Theme

LIST_PARAMETERS = ("languages", "page", "page_size")
BLOCK_LIST_PARAMETERS = (*LIST_PARAMETERS, "kind", "part")
# What the meeting itself shows of its document's structure: the preamble, and the part titles and section headings.
OUTLINE_KINDS = (BlockKind.PART, BlockKind.SECTION)
# Only what the "themes" list of a conclusion shows, in the order the pages show them.
THEME_SLUGS_IN_ORDER = Prefetch("themes", queryset=Theme.objects.order_by("position", "slug").only("slug"))


def published_meetings():
    """Published meetings, each with how many parts its document has and how many blocks of each kind: one query."""
    counts = {f"blocks_{kind}": Count("conclusions", filter=Q(conclusions__kind=kind)) for kind in BlockKind.values}
    return Meeting.objects.published().annotate(highest_part=Max("conclusions__part"), **counts)


def published_meeting(slug: str) -> Meeting:
    meeting = published_meetings().filter(slug=slug).first()
    if meeting is None:
        raise ApiError(404, f"No published meeting has the slug “{slug}”.")
    return meeting


@api_view
def root(request: HttpRequest) -> HttpResponse:
    read_query(request, accepted=())
    return json_response(
        {
            "languages": LANGUAGE_CODES,
            "links": {
                name: request.build_absolute_uri(reverse(f"api:{name}"))
                for name in ("meeting-list", "theme-list", "openapi")
            },
        }
    )


@api_view
def meeting_list(request: HttpRequest) -> HttpResponse:
    query = read_query(request, accepted=LIST_PARAMETERS)
    meetings, page = page_of(request, published_meetings().order_by("-start_date", "slug"), query)
    page["results"] = [representations.meeting_summary(request, meeting, query.languages) for meeting in meetings]
    return json_response(page)


@api_view
def meeting_detail(request: HttpRequest, slug: str) -> HttpResponse:
    query = read_query(request, accepted=("languages",))
    meeting = published_meeting(slug)
    shown = meeting.conclusions.filter(Q(kind__in=OUTLINE_KINDS) | Q(kind=BlockKind.PREAMBLE, part=1))
    shown = list(shown.prefetch_related(THEME_SLUGS_IN_ORDER).order_by("position"))
    outline = [block for block in shown if block.kind in OUTLINE_KINDS]
    return json_response(
        representations.meeting_detail(
            request,
            meeting,
            query.languages,
            preamble=[block for block in shown if block.kind == BlockKind.PREAMBLE],
            outline=representations.blocks(request, outline, query.languages),
        )
    )


@api_view
def conclusion_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The blocks of a meeting's document in order, all of them or those of the kinds and part asked for."""
    query = read_query(request, accepted=BLOCK_LIST_PARAMETERS)
    meeting = published_meeting(slug)
    blocks = meeting.conclusions.prefetch_related(THEME_SLUGS_IN_ORDER).order_by("position")
    if query.kinds is not None:
        blocks = blocks.filter(kind__in=query.kinds)
    if query.part is not None:
        blocks = blocks.filter(part=query.part)
    blocks, page = page_of(request, blocks, query)
    page["results"] = representations.blocks(request, blocks, query.languages)
    return json_response(page)


@api_view
def theme_list(request: HttpRequest) -> HttpResponse:
    query = read_query(request, accepted=LIST_PARAMETERS)
    published = Q(conclusions__meeting__status=Meeting.Status.PUBLISHED)
    themes = Theme.objects.annotate(
        conclusion_count=Count("conclusions", filter=published),
        meeting_count=Count("conclusions__meeting", filter=published, distinct=True),
    ).order_by("position", "slug")
    themes, page = page_of(request, themes, query)
    page["results"] = [representations.theme(request, theme, query.languages) for theme in themes]
    return json_response(page)


@api_view
def openapi(request: HttpRequest) -> HttpResponse:
    read_query(request, accepted=())
    return json_response(OPENAPI_DOCUMENT)


def resolves_to_an_endpoint(path: str) -> bool:
    try:
        return resolve(path).func is not not_found
    except Resolver404:
        return False


@api_view
def not_found(request: HttpRequest, rest: str) -> HttpResponse:
    """Any other address under /api/v1/: a JSON 404, or the address with its missing final slash."""
    if not request.path_info.endswith("/") and resolves_to_an_endpoint(f"{request.path_info}/"):
        query_string = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{request.path}/" + (f"?{query_string}" if query_string else ""))
    raise ApiError(
        404, f"No such address in the API: {request.path[:200]}. The addresses are in {reverse('api:openapi')}."
    )
