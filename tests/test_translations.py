"""The interface is translated into all six languages, and no English leaks into another language's page."""

import ast
import html
import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale"
CATALOGS = {"ar": "ar", "zh-hans": "zh_Hans", "fr": "fr", "ru": "ru", "es": "es"}
PUBLIC_PAGES = [
    "/{lang}/",
    "/{lang}/meetings/geneva-2016/",
    "/{lang}/meetings/geneva-2016/6/",
    "/{lang}/themes/",
    "/{lang}/themes/youth/",
    "/{lang}/meetings/no-such-meeting/",
]


def read_catalog(language_directory: str) -> list[dict]:
    """The entries of a .po file: msgid, msgid_plural, msgstr (list), flags, references."""
    entries, entry, key = [], None, None
    lines = (LOCALE / language_directory / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8").splitlines()
    for line in [*lines, ""]:
        if not line.strip():
            if entry and entry["msgid"]:
                entries.append(entry)
            entry, key = None, None
            continue
        entry = entry or {"msgid": "", "msgid_plural": "", "msgstr": {}, "flags": "", "references": ""}
        if line.startswith("#,"):
            entry["flags"] += line
        elif line.startswith("#:"):
            entry["references"] += line
        elif line.startswith("#"):
            continue
        elif match := re.match(r'(msgid_plural|msgid|msgstr(?:\[(\d)\])?) (".*")$', line):
            key = match[1]
            value = ast.literal_eval(match[3])
            if key.startswith("msgstr"):
                entry["msgstr"][key] = value
            else:
                entry[key] = value
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if key.startswith("msgstr"):
                entry["msgstr"][key] += value
            else:
                entry[key] += value
    return entries


@pytest.mark.parametrize("language", CATALOGS)
def test_every_interface_string_is_translated(language):
    untranslated = [
        entry["msgid"]
        for entry in read_catalog(CATALOGS[language])
        if "fuzzy" in entry["flags"] or not all(value.strip() for value in entry["msgstr"].values())
    ]
    assert untranslated == []


@pytest.mark.parametrize("language", CATALOGS)
def test_translations_keep_their_placeholders(language):
    for entry in read_catalog(CATALOGS[language]):
        expected = set(re.findall(r"%\(\w+\)s", entry["msgid"] + entry["msgid_plural"]))
        for value in entry["msgstr"].values():
            assert set(re.findall(r"%\(\w+\)s", value)) <= expected, entry["msgid"]


def english_interface_strings() -> set[str]:
    """Visible strings of the public templates whose translations differ from the English."""
    french = {entry["msgid"]: entry["msgstr"] for entry in read_catalog("fr")}
    strings = set()
    for entry in read_catalog("en"):
        if "templates/" not in entry["references"] or "%(" in entry["msgid"]:
            continue
        if french.get(entry["msgid"], {}).get("msgstr") == entry["msgid"]:
            continue
        strings.add(entry["msgid"])
    return strings


@pytest.mark.parametrize("language", CATALOGS)
def test_no_english_interface_text_on_other_language_pages(client, geneva, language):
    english = english_interface_strings()
    assert "Skip to content" in english
    for path in PUBLIC_PAGES:
        page = html.unescape(client.get(path.format(lang=language)).content.decode())
        text = re.sub(r"<[^>]+>", "\n", page)
        leaked = {string for string in english if re.search(rf"(^|\n)\s*{re.escape(string)}\s*($|\n)", text)}
        assert leaked == set(), path
