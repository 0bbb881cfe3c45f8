"""Template context shared by every public page: the page in each language, its canonical address and locale."""

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info

from conclusions.languages import current_language

# Open Graph names locales by language and territory.
OPEN_GRAPH_LOCALES = {"ar": "ar_AR", "zh-hans": "zh_CN", "en": "en_GB", "fr": "fr_FR", "ru": "ru_RU", "es": "es_ES"}


def without_language_prefix(path: str) -> str:
    """The page's address without its language: the site then picks the reader's language (x-default)."""
    for code, _name in settings.LANGUAGES:
        if path.startswith(f"/{code}/"):
            return path[len(code) + 1 :]
    return path


def language_versions(request):
    """Links to this same page in each language: the switcher keeps the query, hreflang and canonical do not."""
    current = current_language()
    full_path, path = request.get_full_path(), request.path
    versions = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        versions.append(
            {
                "code": code,
                "name_local": info["name_local"],
                "url": translate_url(full_path, code),
                "absolute_url": request.build_absolute_uri(translate_url(path, code)),
                "is_current": code == current,
                "direction": "rtl" if info["bidi"] else "ltr",
            }
        )
    return {
        "language_versions": versions,
        "text_direction": "rtl" if get_language_info(current)["bidi"] else "ltr",
        "canonical_url": request.build_absolute_uri(path),
        "x_default_url": request.build_absolute_uri(without_language_prefix(path)),
        "open_graph_locale": OPEN_GRAPH_LOCALES[current],
        "open_graph_alternates": [OPEN_GRAPH_LOCALES[code] for code, _name in settings.LANGUAGES if code != current],
    }
