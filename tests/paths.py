"""Where the tests find the project's own files."""

from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
GENEVA_TEXT = PROJECT / "fixtures" / "documents" / "geneva-2016-pve-conclusions.zh-hans.txt"
