"""What must hold before the site answers requests, checked when the WSGI or ASGI application starts."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def require_secret_key() -> None:
    try:
        key = settings.SECRET_KEY
    except ImproperlyConfigured:  # Django's own, less helpful, "must not be empty"
        key = ""
    if not key:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. For local work, run with DEBUG=1 (make run does)."
        )
