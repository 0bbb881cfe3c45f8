"""Production settings for `manage.py bench_pages`: the real site, plus a folder of static files to compare with.

BENCH_DIR holds what collectstatic writes (static/) and the copy of the
meeting page that WhiteNoise serves from the site root (root/); with
BENCH_PAGE_CACHE=0 the public page cache is taken out, to measure pages
built on every request.
"""

import os
from pathlib import Path

from pve_site.settings import *  # noqa: F403
from pve_site.settings import MIDDLEWARE

BENCH_DIR = Path(os.environ["BENCH_DIR"])
DEBUG = False
# The benchmarks talk to gunicorn in plain HTTP on the loopback.
SECURE_SSL_REDIRECT = False
STATIC_ROOT = BENCH_DIR / "static"
WHITENOISE_ROOT = BENCH_DIR / "root"
if os.environ.get("BENCH_PAGE_CACHE") == "0":
    MIDDLEWARE = [name for name in MIDDLEWARE if name != "conclusions.public.page_cache.PublicPageCacheMiddleware"]
