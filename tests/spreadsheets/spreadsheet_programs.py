"""Real spreadsheet programs for the import tests: files written by LibreOffice (headless `soffice`)."""

import html
import re
import shutil
import subprocess
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

SOFFICE = shutil.which("soffice") or "soffice"
# LibreOffice's CSV filter options: separator, quote, encoding (76 UTF-8, 65535 UTF-16, 85 GB18030), first line.
CSV_FILTERS = {
    "utf8-comma.csv": "44,34,76,1",
    "utf16-tab.txt": "9,34,65535,1",
    "gb18030-semicolon.csv": "59,34,85,1",
}


def soffice_convert(source: Path, target_filter: str, out_dir: Path, profile: Path) -> Path:
    out_dir.mkdir(exist_ok=True)
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--infilter=CSV:44,34,76,1",
            "--convert-to",
            target_filter,
            str(source),
            "--outdir",
            str(out_dir),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return out_dir / (source.stem + "." + target_filter.split(":")[0])


def upload(client, name: str, content: bytes, model: str = "conclusion", **data):
    return client.post(
        f"/admin/conclusions/{model}/import/", {"import_file": SimpleUploadedFile(name, content), **data}
    )


CONFIRM_FORM = re.compile(r'<form action="([^"]+)" method="post">(.*?)</form>', re.S)
HIDDEN_INPUT = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


def confirm_preview(client, preview_page: str, **posted):
    """Send the preview page's "Confirm import" form as a browser would: its action, its hidden fields."""
    match = CONFIRM_FORM.search(preview_page)
    assert match and "Confirm import" in match.group(2), "the preview has no confirm form"
    fields = {name: html.unescape(value) for name, value in HIDDEN_INPUT.findall(match.group(2))}
    return client.post(html.unescape(match.group(1)), {**fields, **posted})
