"""One page of a list: `count`, `next`, `previous` and `results`, with absolute links that keep the other parameters.

Two queries, whatever the page size: the count, and the page's rows.
"""

from django.db.models import QuerySet
from django.http import HttpRequest

from conclusions.api.query_parameters import Query
from conclusions.api.responses import ApiError


def page_of(request: HttpRequest, queryset: QuerySet, query: Query) -> tuple[list, dict]:
    """The page's records, and the envelope the view fills with their representations under "results"."""
    count = queryset.count()
    pages = max(1, -(-count // query.page_size))  # an empty list still has its (empty) first page
    if query.page > pages:
        raise ApiError(
            400,
            f"Page {query.page} does not exist: there {'is 1 page' if pages == 1 else f'are {pages} pages'} "
            f"of {query.page_size} (count {count}).",
        )
    start = (query.page - 1) * query.page_size
    records = list(queryset[start : start + query.page_size])
    envelope = {
        "count": count,
        "next": page_link(request, query.page + 1) if query.page < pages else None,
        "previous": page_link(request, query.page - 1) if query.page > 1 else None,
    }
    return records, envelope


def page_link(request: HttpRequest, page: int) -> str:
    parameters = request.GET.copy()
    if page == 1:
        parameters.pop("page", None)
    else:
        parameters["page"] = str(page)
    query_string = parameters.urlencode(safe=",")
    return request.build_absolute_uri(request.path + (f"?{query_string}" if query_string else ""))
