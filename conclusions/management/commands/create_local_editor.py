"""Create a local editor login for trying the admin on a development machine.

Refused when DEBUG is off: production accounts are created by an
administrator (`createsuperuser`, then the "Editors" group in the admin).
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

USERNAME = "editor"
PASSWORD_FILE = settings.BASE_DIR / ".local-editor-password"


class Command(BaseCommand):
    help = "Create (once) a local 'editor' login in the Editors group and print its password. DEBUG only."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Give the editor a new password.")

    def handle(self, *args, reset: bool, **options):
        if not settings.DEBUG:
            raise CommandError("A local editor login is only for development (DEBUG=1), never in production.")
        User = get_user_model()
        user = User.objects.filter(username=USERNAME).first()
        if user is None or reset or not PASSWORD_FILE.exists():
            user = user or User(username=USERNAME, is_staff=True)
            password = secrets.token_urlsafe(12)
            user.set_password(password)
            user.save()
            user.groups.add(Group.objects.get(name="Editors"))
            PASSWORD_FILE.write_text(password + "\n")
        password = PASSWORD_FILE.read_text().strip()
        self.stdout.write(
            self.style.SUCCESS(f"Editor login for http://127.0.0.1:8000/admin/ : {USERNAME} / {password}")
        )
