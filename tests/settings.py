"""Settings for the test suite: production settings (DEBUG off), plus what tests need."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")

from pve_site.settings import *  # noqa: E402, F403
from pve_site.settings import STORAGES  # noqa: E402

# The manifest storage needs `collectstatic`; tests read the source files.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

# Fast hashing: tests create users, they do not measure password security.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The live server of the browser tests speaks plain http, where a browser
# would not send secure cookies back, and which must not redirect to https.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False

# No collectstatic before tests: WhiteNoise finds files as they are requested.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Uploads waiting between preview and confirm go to a throwaway folder.
# (The servers of the two-server test are given one, as production's servers share theirs.)
MEDIA_ROOT = Path(os.environ.get("TEST_MEDIA_ROOT") or tempfile.mkdtemp(prefix="pve-test-media-"))

# Tests of login throttling log in and out faster than any person types: the pause after a wrong password
# (pve_site/login_throttling.py) is tested on its own, with the setting turned back on.
LOGIN_FAILURE_PAUSE_SECONDS = 0
