"""Two people on one record: each form saves what its person changed; a change made meanwhile is never undone unseen.

Each test opens the forms as the people do (a GET of the change page, as it
is rendered), then posts them in turn, the later one from its stale page.
What a browser shows is in test_concurrent_edits_browser.py; requests at
the very same moment on PostgreSQL are in test_concurrent_edits_race.py.
"""

import html
import re

import pytest

from conclusions.models import Conclusion, Meeting
from tests.admin_forms import opened_form
from tests.two_at_once import logged_in

pytestmark = pytest.mark.django_db

FRENCH_A = "Paragraphe en français, par Alice."
FRENCH_B = "Paragraphe en français, par Bruno."
SPANISH_B = "Párrafo en español, por Bruno."


def change_url(record) -> str:
    return f"/admin/conclusions/{record._meta.model_name}/{record.pk}/change/"


@pytest.fixture
def paragraph(geneva) -> Conclusion:
    return geneva.conclusions.get(kind="paragraph", part=1, number=5)


def stored(record, column: str):
    return getattr(type(record).objects.get(pk=record.pk), column)


def field_value(page: str, name: str) -> str:
    """A textarea's or an input's value as the browser shows it."""
    area = re.search(rf'<textarea name="{name}"[^>]*>\n?(.*?)</textarea>', page, re.S)
    if area:
        return html.unescape(area.group(1))
    return html.unescape(re.search(rf'<input [^>]*name="{name}"[^>]*value="([^"]*)"', page).group(1))


def theirs_shown(page: str) -> list[str]:
    return [html.unescape(text) for text in re.findall(r'<div class="edit-conflict-theirs"[^>]*>(.*?)</div>', page)]


def test_changes_to_different_languages_from_forms_opened_together_are_both_kept(alice, bruno, paragraph):
    url = change_url(paragraph)
    alices, brunos = opened_form(alice, url), opened_form(bruno, url)
    assert alice.post(url, {**alices, "text_fr": FRENCH_A}).status_code == 302
    assert bruno.post(url, {**brunos, "text_es": SPANISH_B}).status_code == 302
    assert stored(paragraph, "text_fr") == FRENCH_A
    assert stored(paragraph, "text_es") == SPANISH_B
    # The Chinese original, in neither change, is as loaded.
    assert stored(paragraph, "text_zh_hans") == paragraph.text_zh_hans


def test_the_same_field_changed_by_both_is_refused_with_both_versions_and_nothing_written(alice, bruno, paragraph):
    url = change_url(paragraph)
    alices, brunos = opened_form(alice, url), opened_form(bruno, url)
    alice.post(url, {**alices, "text_fr": FRENCH_A})
    versions = paragraph.history.count()
    response = bruno.post(url, {**brunos, "text_fr": FRENCH_B, "text_es": SPANISH_B})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was saved: editor changed text in French on " in html.unescape(page)
    assert theirs_shown(page) == [FRENCH_A]
    # His own French and his Spanish are still in the form; nothing of either is stored.
    assert field_value(page, "text_fr") == FRENCH_B
    assert field_value(page, "text_es") == SPANISH_B
    assert stored(paragraph, "text_fr") == FRENCH_A
    assert stored(paragraph, "text_es") in ("", None)
    assert paragraph.history.count() == versions


def test_saving_again_after_seeing_their_version_keeps_mine(alice, bruno, paragraph):
    url = change_url(paragraph)
    alices, brunos = opened_form(alice, url), opened_form(bruno, url)
    alice.post(url, {**alices, "text_fr": FRENCH_A})
    refused = bruno.post(url, {**brunos, "text_fr": FRENCH_B})
    again = {**brunos, "text_fr": FRENCH_B, "opened_state": field_value(refused.content.decode(), "opened_state")}
    assert bruno.post(url, again).status_code == 302
    assert stored(paragraph, "text_fr") == FRENCH_B


def test_a_refused_form_shows_what_others_changed_where_its_person_changed_nothing(alice, bruno, paragraph):
    url = change_url(paragraph)
    alices, brunos = opened_form(alice, url), opened_form(bruno, url)
    alice.post(url, {**alices, "text_fr": FRENCH_A, "text_en": "English, by Alice."})
    refused = bruno.post(url, {**brunos, "text_fr": FRENCH_B}).content.decode()
    # Not Bruno's stale English: saving the form again must not undo Alice's English.
    assert field_value(refused, "text_en") == "English, by Alice."
    again = {**brunos, "text_fr": FRENCH_B, "opened_state": field_value(refused, "opened_state")}
    again["text_en"] = field_value(refused, "text_en")
    bruno.post(url, again)
    assert stored(paragraph, "text_en") == "English, by Alice."


def test_the_same_change_made_by_both_is_no_conflict(alice, bruno, paragraph):
    url = change_url(paragraph)
    alices, brunos = opened_form(alice, url), opened_form(bruno, url)
    alice.post(url, {**alices, "text_fr": FRENCH_A})
    assert bruno.post(url, {**brunos, "text_fr": FRENCH_A, "text_es": SPANISH_B}).status_code == 302
    assert (stored(paragraph, "text_fr"), stored(paragraph, "text_es")) == (FRENCH_A, SPANISH_B)


def test_themes_added_by_one_survive_anothers_stale_form(alice, bruno, paragraph, make_theme):
    url = change_url(paragraph)
    added = make_theme("added-meanwhile", name_en="Added meanwhile")
    alices, brunos = opened_form(alice, url), opened_form(bruno, url)
    alice.post(url, {**alices, "themes": [*alices.get("themes", []), str(added.pk)]})
    bruno.post(url, {**brunos, "text_fr": FRENCH_B})
    assert added in paragraph.themes.all()
    assert stored(paragraph, "text_fr") == FRENCH_B


def test_a_translators_stale_form_is_refused_where_an_editor_changed_the_same_translation(
    alice, paragraph, make_translator
):
    translator = logged_in(make_translator("French"))
    url = change_url(paragraph)
    theirs, alices = opened_form(translator, url), opened_form(alice, url)
    alice.post(url, {**alices, "text_fr": FRENCH_A, "text_en": "English, by Alice."})
    response = translator.post(url, {**theirs, "text_fr": FRENCH_B})
    assert response.status_code == 200
    assert theirs_shown(response.content.decode()) == [FRENCH_A]
    assert stored(paragraph, "text_fr") == FRENCH_A


def test_a_translators_form_merges_with_an_editors_change_of_other_languages(alice, paragraph, make_translator):
    translator = logged_in(make_translator("French"))
    url = change_url(paragraph)
    theirs, alices = opened_form(translator, url), opened_form(alice, url)
    alice.post(url, {**alices, "text_en": "English, by Alice."})
    assert translator.post(url, {**theirs, "text_fr": FRENCH_B}).status_code == 302
    assert (stored(paragraph, "text_en"), stored(paragraph, "text_fr")) == ("English, by Alice.", FRENCH_B)


def test_meeting_forms_merge_fields_and_refuse_a_field_changed_by_both(alice, bruno, geneva):
    url = change_url(geneva)
    alices, brunos = opened_form(alice, url), opened_form(bruno, url)
    alice.post(url, {**alices, "venue_fr": "Genève", "end_date": "2016-04-09"})
    assert bruno.post(url, {**brunos, "title_es": "Conferencia de Ginebra"}).status_code == 302
    meeting = Meeting.objects.get(pk=geneva.pk)
    assert (meeting.venue_fr, meeting.title_es, str(meeting.end_date)) == (
        "Genève",
        "Conferencia de Ginebra",
        "2016-04-09",
    )
    charlie = opened_form(bruno, url)
    alice.post(url, {**opened_form(alice, url), "end_date": "2016-04-10"})
    response = bruno.post(url, {**charlie, "end_date": "2016-04-11"})
    assert response.status_code == 200
    assert theirs_shown(response.content.decode()) == ["2016-04-10"]
    assert str(Meeting.objects.get(pk=geneva.pk).end_date) == "2016-04-10"


def test_theme_forms_refuse_a_name_changed_by_both(alice, bruno, make_theme):
    theme = make_theme("youth", name_en="Youth")
    url = change_url(theme)
    alices, brunos = opened_form(alice, url), opened_form(bruno, url)
    alice.post(url, {**alices, "name_ar": "الشباب"})
    response = bruno.post(url, {**brunos, "name_ar": "شباب"})
    page = response.content.decode()
    assert theirs_shown(page) == ["الشباب"]
    # Their Arabic is marked as Arabic, right to left.
    assert '<div class="edit-conflict-theirs" lang="ar" dir="rtl">' in page


def test_a_revert_confirmed_after_someone_saved_is_shown_again_with_what_it_would_change_now(alice, bruno, paragraph):
    url = change_url(paragraph)
    alice.post(url, {**opened_form(alice, url), "text_fr": FRENCH_A})
    first = paragraph.history.order_by("history_date", "history_id").first()
    revert_page = alice.get(f"/admin/conclusions/conclusion/{paragraph.pk}/history/{first.history_id}/revert/")
    seen = re.search(r'name="seen_version" value="(\d+)"', revert_page.content.decode()).group(1)
    bruno.post(url, {**opened_form(bruno, url), "text_es": SPANISH_B})
    version_url = f"/admin/conclusions/conclusion/{paragraph.pk}/history/{first.history_id}/"
    response = alice.post(version_url, {"seen_version": seen})
    assert response.status_code == 200
    assert "Nothing was reverted: Bruno changed the record" in html.unescape(response.content.decode())
    assert stored(paragraph, "text_es") == SPANISH_B
    # Confirmed again from the page shown, the revert goes through.
    seen = re.search(r'name="seen_version" value="(\d+)"', response.content.decode()).group(1)
    assert alice.post(version_url, {"seen_version": seen}).status_code == 302
    assert stored(paragraph, "text_es") in ("", None)


def test_themes_changed_by_both_are_refused_with_their_themes_named(alice, bruno, paragraph, make_theme):
    url = change_url(paragraph)
    first, second = make_theme("first-added", name_en="First added"), make_theme("second-added", name_en="Second")
    alices, brunos = opened_form(alice, url), opened_form(bruno, url)
    alice.post(url, {**alices, "themes": [*alices.get("themes", []), str(first.pk)]})
    response = bruno.post(url, {**brunos, "themes": [*brunos.get("themes", []), str(second.pk)]})
    assert "First added" in theirs_shown(response.content.decode())[0]
    assert first in paragraph.themes.all() and second not in paragraph.themes.all()
