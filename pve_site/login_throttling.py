"""Login throttling with django-axes: a password guesser is locked out, and costs no password hash once locked.

Five failed logins in a row for one account, or from one address, lock that
account and that address out for fifteen minutes (settings LOGIN_FAILURE_LIMIT,
LOGIN_COOLOFF_MINUTES); a successful login resets the count. While locked,
a login is refused before any password is checked: axes' backend comes first
and refuses it, so Django never runs the (deliberately slow) password hasher
that a guesser would otherwise make every server spend its CPU on.
Superusers see and clear lockouts in the admin ("Access attempts").
"""

from math import ceil

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib import admin
from django.shortcuts import render


class LoginThrottlingBackend(AxesStandaloneBackend):
    """axes' check, for logins made through a web request.

    axes refuses every authentication without a request; one without a
    request (the test client's `login`, a script) is no web login to count,
    so it is left to the next backend.
    """

    def authenticate(self, request=None, *args, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def client_address(request) -> str:
    """The address a login comes from: behind a proxy, the one it puts in CLIENT_IP_HEADER (its last entry, the
    one the proxy itself added), else the connection's. Else every reader would share the proxy's address."""
    if settings.CLIENT_IP_HEADER and (forwarded := request.META.get(settings.CLIENT_IP_HEADER)):
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def locked_out(request, original_response=None, credentials=None):
    """The page a locked-out login gets (429), in the admin's look and the person's language."""
    minutes = ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    context = {**admin.site.each_context(request), "minutes": minutes}
    return render(request, "admin/locked_out.html", context, status=429)
