"""JSON responses of the API: UTF-8 without \\u escapes, open to any origin, errors as {"error": "..."}.

Error messages are English: their readers are programs and the programmers
who write them, not the site's readers.
"""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

READ_METHODS = ("GET", "HEAD")
ALLOWED_METHODS = "GET, HEAD, OPTIONS"


class ApiError(Exception):
    """A request the API cannot answer: its status (400, 404) and a message saying what to change."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def json_response(data, *, status: int = 200) -> JsonResponse:
    # Chinese, Arabic and Russian texts go out as their characters, as a
    # person reading the raw JSON expects, and at half the size of \u escapes.
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def error_response(status: int, message: str) -> JsonResponse:
    return json_response({"error": message}, status=status)


def allow_any_origin(response: HttpResponse) -> HttpResponse:
    # Open data, read-only, and answered the same to everyone (no cookie or
    # login is ever read): a web page on any site may use it.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def api_view(view: Callable) -> Callable:
    """GET and HEAD run the view; an ApiError becomes its JSON error; OPTIONS answers a browser's CORS preflight.

    Any other method gets a JSON 405. Exempt from the CSRF check, which would
    answer an HTML 403 to a POST: nothing here changes anything.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            if requested := request.headers.get("Access-Control-Request-Headers"):
                response["Access-Control-Allow-Headers"] = requested
            response["Access-Control-Max-Age"] = "86400"
        elif request.method not in READ_METHODS:
            response = error_response(405, f"The API is read-only: use GET, not {request.method[:20]}.")
        else:
            try:
                response = view(request, *args, **kwargs)
            except ApiError as error:
                response = error_response(error.status, error.message)
        if response.status_code in (204, 405):
            response["Allow"] = ALLOWED_METHODS
        return allow_any_origin(response)

    return csrf_exempt(wrapper)
