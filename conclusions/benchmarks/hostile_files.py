"""What each hostile or broken file costs the production server: response time and worker memory.

    python manage.py bench_hostile_files

Serves the site with gunicorn, one worker, production settings (DEBUG off,
as bench_pages does) on a copy of the SQLite database (or the PostgreSQL
database DATABASE_URL names), logs in as an editor made for the run, and
posts each file of crafted_files.HOSTILE_FILES to the admin import, as a
browser would (session cookie, CSRF token, multipart form). For each it
prints the response time, the worker's resident memory before the request
and its peak during it (VmHWM, reset before each request through
/proc/<pid>/clear_refs), and the message the page shows for the file (NOT
REFUSED when it shows none or offers to confirm). Targets: under 10 s and
under 300 MB above the idle worker.
"""

import html
import http.cookiejar
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from conclusions.benchmarks.crafted_files import HOSTILE_FILES, LARGEST_ACCEPTED_FILES
from conclusions.benchmarks.page_speed import Command as PageSpeed
from conclusions.benchmarks.page_speed import Server

IMPORT_PATH = "/admin/conclusions/conclusion/import/"
EDITOR = "bench-hostile-editor"
PASSWORD = "bench-hostile-password"  # noqa: S105 (a throwaway account on a copy of the database)


def memory_kb(pid: int, field: str) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(rf"^{field}:\s+(\d+) kB", status, re.M).group(1))


def worker_pid(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    if len(children) != 1:
        raise CommandError(f"Expected one gunicorn worker, found {len(children)}.")
    return int(children[0])


class Browser:
    """An editor's browser: a cookie jar, the CSRF token of the last form, multipart posts."""

    def __init__(self, port: int):
        self.base = f"http://127.0.0.1:{port}"
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=120) as response:
            return response.read().decode()

    def csrf_token(self, page: str) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def log_in(self) -> None:
        token = self.csrf_token(self.get("/admin/login/"))
        form = {"username": EDITOR, "password": PASSWORD, "csrfmiddlewaretoken": token, "next": "/admin/"}
        request = urllib.request.Request(
            self.base + "/admin/login/",
            data=urllib.parse.urlencode(form).encode(),
            headers={"Referer": self.base + "/admin/login/"},
        )
        with self.opener.open(request, timeout=60) as response:
            if "/admin/login/" in response.url:
                raise CommandError("The editor could not log in.")

    def upload(self, name: str, content: bytes) -> tuple[int, str]:
        token = self.csrf_token(self.get(IMPORT_PATH))
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{token}\r\n'
                f'--{boundary}\r\nContent-Disposition: form-data; name="import_file"; filename="{name}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n"
            ).encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        request = urllib.request.Request(
            self.base + IMPORT_PATH,
            data=body,
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Referer": self.base + IMPORT_PATH,
            },
        )
        with self.opener.open(request, timeout=120) as response:
            return response.status, response.read().decode()


def outcome(name: str, page: str) -> str:
    """What a file that was not refused with a message got: a preview for the largest accepted ones."""
    if name in LARGEST_ACCEPTED_FILES and 'name="import_file_name"' in page:
        return "(read: preview shown)"
    problem = re.search(r'<div class="import-problems" role="alert">.*?<li>(.*?)</li>', page, re.S)
    if name in LARGEST_ACCEPTED_FILES and problem:
        return f"(read: {html.unescape(problem.group(1))})"
    return "NOT REFUSED" if name in HOSTILE_FILES else "NO PREVIEW"


def refusal(status: int, page: str) -> str | None:
    """The message the import page gives for the file, if it refused it (no confirm form)."""
    found = re.search(r'<ul class="errorlist" id="id_import_file_error"><li>(.*?)</li>', page)
    if status != 200 or not found or 'name="import_file_name"' in page:
        return None
    return html.unescape(found.group(1))


class Command(BaseCommand):
    help = "Response time and worker memory of the admin import for each hostile file, through gunicorn."

    def handle(self, *args, **options):
        with tempfile.TemporaryDirectory(prefix="bench-hostile-") as folder:
            bench_dir = Path(folder)
            (bench_dir / "root").mkdir()
            os.environ["MEDIA_ROOT"] = str(bench_dir / "media")  # pending uploads, for the server started below
            # Plain HTTP on the loopback: cookies marked Secure (as behind TLS) would never be sent back.
            os.environ["SECURE_COOKIES"] = "0"
            if connection.vendor == "sqlite":
                copy = bench_dir / "db.sqlite3"
                if Path(settings.DATABASES["default"]["NAME"]).exists():
                    shutil.copyfile(settings.DATABASES["default"]["NAME"], copy)
                os.environ["DATABASE_URL"] = f"sqlite:///{copy}"
            self.manage(bench_dir, "migrate", "--noinput", "-v0")
            self.manage(bench_dir, "shell", "-c", PREPARE)
            PageSpeed().collect_static(bench_dir)
            try:
                self.measure(bench_dir)
            finally:
                self.manage(bench_dir, "shell", "-c", REMOVE_EDITOR)

    def manage(self, bench_dir: Path, *arguments: str) -> None:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "pve_site.bench_settings", "BENCH_DIR": str(bench_dir)}
        env.setdefault("SECRET_KEY", "benchmark-only-not-a-secret")
        subprocess.run([sys.executable, "manage.py", *arguments], env=env, cwd=settings.BASE_DIR, check=True)

    def measure(self, bench_dir: Path) -> None:
        server = Server(bench_dir, workers=1, page_cache=True)
        try:
            browser = Browser(server.port)
            browser.log_in()
            worker = worker_pid(server.process.pid)
            browser.get(IMPORT_PATH)  # the page once, so that its code and templates are loaded
            idle = memory_kb(worker, "VmRSS")
            self.stdout.write(f"gunicorn, 1 worker, {connection.vendor}; idle worker {idle / 1024:.0f} MB")
            self.stdout.write(
                f"{'file':18} {'size':>12} {'time':>8} {'RSS before':>11} {'peak':>8} {'above idle':>11}"
            )
            for name, build in {**HOSTILE_FILES, **LARGEST_ACCEPTED_FILES}.items():
                content = build()
                Path(f"/proc/{worker}/clear_refs").write_text("5")  # peak RSS starts again from now
                before = memory_kb(worker, "VmRSS")
                start = time.perf_counter()
                status, page = browser.upload(name, content)
                seconds = time.perf_counter() - start
                peak = memory_kb(worker, "VmHWM")
                message = refusal(status, page)
                self.stdout.write(
                    f"{name:18} {len(content):>12,} {seconds:>7.2f}s {before / 1024:>9.0f}MB {peak / 1024:>6.0f}MB "
                    f"{(peak - idle) / 1024:>9.0f}MB   {message or outcome(name, page)}"
                )
        finally:
            server.stop()


# The Geneva document (the server is ready when its page answers) and an editor to log in as.
PREPARE = f"""
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from conclusions.models import Meeting
if not Meeting.objects.exists():
    call_command("load_original_documents", verbosity=0)
user, _created = User.objects.get_or_create(username={EDITOR!r}, defaults={{"is_staff": True}})
user.set_password({PASSWORD!r})
user.save()
user.groups.add(Group.objects.get(name="Editors"))
"""
REMOVE_EDITOR = f"from django.contrib.auth.models import User; User.objects.filter(username={EDITOR!r}).delete()"
