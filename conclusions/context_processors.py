"""Template context shared by every public page: the six language versions of the current page."""

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info

from .languages import current_language


def language_versions(request):
    """Links to this same page in each language, for the language switcher and hreflang."""
    current = current_language()
    path = request.get_full_path()
    versions = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        versions.append(
            {
                "code": code,
                "name_local": info["name_local"],
                "url": translate_url(path, code),
                "is_current": code == current,
                "direction": "rtl" if info["bidi"] else "ltr",
            }
        )
    return {"language_versions": versions, "text_direction": "rtl" if get_language_info(current)["bidi"] else "ltr"}
