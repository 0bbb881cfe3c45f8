"""The ASGI application, for ASGI servers."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pve_site.settings")

from pve_site.serving import require_secret_key  # noqa: E402 (needs the settings module named above)

require_secret_key()
application = get_asgi_application()
