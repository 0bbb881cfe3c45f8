"""The WSGI application (gunicorn pve_site.wsgi), also used by runserver."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pve_site.settings")

from pve_site.serving import require_secret_key  # noqa: E402 (needs the settings module named above)

require_secret_key()
application = get_wsgi_application()
