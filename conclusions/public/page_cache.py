"""Public pages cached per address (and so per language), dropped as soon as the content they show changes.

Each cached page is stored under the current `ContentVersion`; every change
to a meeting, paragraph, theme or translation status raises it, so that no
page shows stale content, whatever changed it: every writer of content (the
admin, a spreadsheet import or its undo, history revert, the document
importer, fixtures) goes through `conclusions.content`, which raises it once
per change.

The middleware sits right after WhiteNoise: a cached page is answered with
one small query, before sessions, CSRF and URL resolution run. Only what a
view marks with `@public_page` is stored, only for readers who are not
logged in (editors see drafts and previews: a request with the cookie of a
live, logged-in session never reads or fills the cache; a made-up or expired
one does not stop the cache), and never a response that sets a cookie.
"""

import hashlib
from functools import wraps
from importlib import import_module
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.http import HttpResponsePermanentRedirect

from conclusions.models import ContentVersion

PAGE_TIMEOUT = 24 * 60 * 60
LANGUAGE_PREFIXES = tuple(f"/{code}/" for code, _name in settings.LANGUAGES)


def current_content_version() -> int:
    # Read on every public request: a plain cursor costs a tenth of the ORM's query building.
    table = connection.ops.quote_name(ContentVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT version FROM {table} WHERE id = 1")  # noqa: S608 (a model's table name)
        row = cursor.fetchone()
    return row[0] if row else 0


def request_content_version(request) -> int:
    """The content version this request was answered under: read once, by the middleware when it ran."""
    if not hasattr(request, "content_version"):
        request.content_version = current_content_version()
    return request.content_version


def raise_content_version() -> None:
    if not ContentVersion.objects.filter(pk=1).update(version=F("version") + 1):
        ContentVersion.objects.get_or_create(pk=1, defaults={"version": 1})


def public_page(view=None, *, parameters: tuple[str, ...] = ()):
    """Mark a view's successful answers as the same for every reader who is not logged in.

    `parameters`: the query parameters the view reads. An address with any
    other (`?utm_source=…`, `?x=123`) is redirected to the same address
    without them, at once, so that nobody can have every page rendered anew
    by adding made-up parameters: the cache is keyed by address.
    """

    def decorate(view):
        @wraps(view)
        def marked(request, *args, **kwargs):
            if any(name not in parameters for name in request.GET):
                kept = [(name, values) for name, values in request.GET.lists() if name in parameters]
                query = urlencode(kept, doseq=True)
                return HttpResponsePermanentRedirect(f"{request.path}?{query}" if query else request.path)
            response = view(request, *args, **kwargs)
            response.is_public_page = True
            return response

        return marked

    return decorate(view) if view is not None else decorate


def is_logged_in(request) -> bool:
    """Whether the request's session cookie names a live session someone is logged in with.

    Read here, before the session middleware, with one query, and only when
    there is such a cookie: a made-up or expired one must not have a page
    rendered for it, or anyone could make the server render every page.
    """
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not key:
        return False
    session = import_module(settings.SESSION_ENGINE).SessionStore(key)
    if session.get(SESSION_KEY) is not None:
        return True
    # Dead: the page is the readers' page, and the session middleware need not answer it with a cookie
    # deleting this one (a response that sets a cookie is never stored).
    del request.COOKIES[settings.SESSION_COOKIE_NAME]
    return False


def may_use_cache(request) -> bool:
    return request.method == "GET" and request.path.startswith(LANGUAGE_PREFIXES) and not is_logged_in(request)


def may_store(response) -> bool:
    return (
        getattr(response, "is_public_page", False)
        and response.status_code == 200
        and not response.streaming
        # A page that sets a cookie (a CSRF token, a session) belongs to one reader.
        and not response.cookies
    )


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not may_use_cache(request):
            return self.get_response(request)
        # Pages hold absolute links (canonical, hreflang, permalinks): the host is part of the key,
        # hashed with the rest, as a search address can be longer than a cache key may be.
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        request.content_version = current_content_version()
        key = f"public-page:{request.content_version}:{hashlib.sha256(address.encode()).hexdigest()}"
        cached = cache.get(key)
        if cached is not None:
            return cached
        response = self.get_response(request)
        if may_store(response):
            cache.set(key, response, PAGE_TIMEOUT)
        return response
