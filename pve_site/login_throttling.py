"""Login throttling with django-axes: a password guesser is locked out, and costs no password hash once locked.

Five failed logins in a row for one account, or from one address, lock that
account and that address out for fifteen minutes (settings LOGIN_FAILURE_LIMIT,
LOGIN_COOLOFF_MINUTES); a successful login resets the count. While locked,
a login is refused before any password is checked: axes' backend comes first
and refuses it, so Django never runs the (deliberately slow) password hasher
that a guesser would otherwise make every server spend its CPU on.
Superusers see and clear lockouts in the admin ("Access attempts").

Until the lockout, one password is checked at a time per account and per
address: a login that arrives while another for the same account, or from
the same address, is being checked is refused at once (and counted as a
failure). Without this, eight guessers at once would all be hashed before
the first failure was counted, and every app server's workers would be
hashing while readers waited. After a wrong password the marks stay for
LOGIN_FAILURE_PAUSE_SECONDS (1 s): no person retypes a password faster, and
a guesser's next tries are refused unchecked, each counted, so the lockout
comes after one or two hashes, not five. The marks live in the cache, so
with REDIS_URL they hold across app servers.
"""

from math import ceil

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

# Longer than any password check; the mark is removed as soon as the check ends.
CHECK_SECONDS = 30


class LoginThrottlingBackend(AxesStandaloneBackend, ModelBackend):
    """axes' check, then the password, one at a time per account and address, for logins through a web request.

    A wrong password ends the login here (PermissionDenied): the next
    backend would otherwise check the same password again. axes refuses
    every authentication without a request; one without a request (the test
    client's `login`, a script) is no web login to count, so it is left to
    the next backend.
    """

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        # Raises (a 429 page) while the account or the address is locked out.
        AxesStandaloneBackend.authenticate(self, request, username=username, password=password, **kwargs)
        marks = [f"login-check:account:{username}", f"login-check:address:{client_address(request)}"]
        taken = [mark for mark in marks if cache.add(mark, True, CHECK_SECONDS)]
        user = None
        try:
            if len(taken) < len(marks):
                # Another login for this account or from this address is being checked, or failed a moment ago.
                raise PermissionDenied
            user = ModelBackend.authenticate(self, request, username=username, password=password, **kwargs)
            if user is None:
                raise PermissionDenied
            return user
        finally:
            pause = settings.LOGIN_FAILURE_PAUSE_SECONDS
            for mark in taken:
                if user is None and pause:
                    cache.touch(mark, pause)
                else:
                    cache.delete(mark)


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
