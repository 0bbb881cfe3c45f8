"""A translator's "My work" and their side by side form with "Save and next", through the admin's pages."""

import re

import pytest
from django.contrib.messages import get_messages
from django.utils.html import escape

from conclusions.admin import my_work
from conclusions.content import content_save
from conclusions.models import Conclusion, Theme
from conclusions.translations.status import translation_statuses
from tests.real_documents import AWAZA, import_real_document

MY_WORK = "/admin/conclusions/conclusion/my-work/"
CHANGE = "/admin/conclusions/conclusion/{pk}/change/"


def rows(page: str) -> list[str]:
    """The names of the records listed, in the order listed."""
    return re.findall(r'<tr class="my-work-item[^"]*">\s*<th scope="row"><a href="[^"]*">([^<]*)</a>', page)


def listed_urls(page: str) -> list[str]:
    return re.findall(r'<tr class="my-work-item[^"]*">\s*<th scope="row"><a href="([^"]*)">', page)


def blocks(meeting, **filters) -> list[Conclusion]:
    return list(meeting.conclusions.filter(**filters).order_by("position"))


def text_status(block: Conclusion, language: str) -> str:
    block.refresh_from_db()
    return translation_statuses([block], "text")[(block.pk, language)]


def test_french_work_lists_the_blocks_without_french_in_document_order_with_counts(french_translator_client, geneva):
    page = french_translator_client.get(MY_WORK).content.decode()
    without_french = [block for block in blocks(geneva) if not block.text_fr.strip()]
    listed = rows(page)
    assert listed[: len(without_french)] == [
        f"{block.get_kind_display()} {block.number}".capitalize()
        if block.kind != "paragraph"
        else f"Paragraph {block.number}"
        for block in without_french
    ]
    assert listed_urls(page)[0] == CHANGE.format(pk=without_french[0].pk)
    assert f"{len(without_french)} missing, 0 outdated" in page
    assert escape(geneva.title_en) in page or geneva.title_en in page, "the meeting heads its group"
    assert f'lang="zh-hans" dir="ltr">{without_french[0].text_zh_hans[:20]}' in page, "the original's first words"


def test_an_original_changed_since_the_french_was_made_is_listed_as_outdated(french_translator_client, geneva):
    paragraph_6 = geneva.conclusions.get(kind="paragraph", number=6)
    paragraph_6.text_fr = "Des expériences ont été partagées."
    content_save([paragraph_6])
    page = french_translator_client.get(MY_WORK).content.decode()
    assert "Paragraph 6" not in rows(page), "translated and current: not work"

    paragraph_6.text_zh_hans += "（修订）"
    content_save([paragraph_6])
    page = french_translator_client.get(MY_WORK).content.decode()
    assert "Paragraph 6" in rows(page)
    row = re.search(r'<tr class="my-work-item my-work-item--outdated">.*?</tr>', page, re.S).group(0)
    assert "Paragraph 6" in row and "Text: outdated" in row
    assert ", 1 outdated" in page


def test_a_label_changed_in_the_original_is_work_a_label_left_empty_is_not(french_translator_client, geneva):
    paragraph_6 = geneva.conclusions.get(kind="paragraph", number=6)
    paragraph_6.text_fr, paragraph_6.label_fr = "Des expériences ont été partagées.", "6."
    content_save([paragraph_6])
    paragraph_7 = geneva.conclusions.get(kind="paragraph", number=7)
    paragraph_7.text_fr = "Texte."  # its label left empty: readers see the original's "7."
    content_save([paragraph_7])
    page = french_translator_client.get(MY_WORK).content.decode()
    assert {"Paragraph 6", "Paragraph 7"}.isdisjoint(rows(page))

    paragraph_6.label_zh_hans = "六、"
    content_save([paragraph_6])
    page = french_translator_client.get(MY_WORK).content.decode()
    assert "Paragraph 6" in rows(page) and "Paragraph 7" not in rows(page)
    assert "Label: outdated" in page


def test_meeting_fields_and_themes_missing_in_russian_are_listed(client, make_translator, geneva):
    make_translator("Russian", username="perevodchik")
    client.login(username="perevodchik", password="translator-password")
    geneva.venue_ru = ""
    content_save([geneva])
    theme = Theme.objects.order_by("position").first()
    theme.description_ru = ""
    content_save([theme])
    page = client.get(MY_WORK).content.decode()
    listed = rows(page)
    assert listed[0] == "Meeting details", "a meeting's own texts come before its blocks"
    assert "Venue: missing" in page
    assert listed[-1] == theme.name_en, "the themes come last"
    assert "Description: missing" in page
    assert f"/admin/conclusions/meeting/{geneva.pk}/change/" in listed_urls(page)
    assert f"/admin/conclusions/theme/{theme.pk}/change/" in listed_urls(page)


def test_the_original_language_has_no_work(client, make_translator, geneva):
    make_translator("Chinese", username="fanyi")
    client.login(username="fanyi", password="translator-password")
    page = client.get(MY_WORK).content.decode()
    assert not any(url.startswith("/admin/conclusions/conclusion/") for url in listed_urls(page))


def test_a_translator_of_two_languages_sees_both_and_switches(client, make_translator, geneva):
    translator = make_translator("French")
    translator.groups.add(*make_translator("Spanish", username="other").groups.all())
    client.login(username="traductrice", password="translator-password")
    page = client.get(MY_WORK).content.decode()
    switch = re.search(r'<nav class="my-work-languages".*?</nav>', page, re.S).group(0)
    assert "French" in switch and "Spanish" in switch and "Arabic" not in switch
    assert re.search(r'aria-current="page"><strong>French</strong> <span>\d+ missing, \d+ outdated', switch)

    paragraph_1 = geneva.conclusions.get(kind="paragraph", number=1)
    paragraph_1.text_es = ""
    content_save([paragraph_1])
    page = client.get(MY_WORK + "?language=es").content.decode()
    assert "<strong>Spanish:</strong>" in page
    assert "Paragraph 1" in rows(page)
    # "Save and next" follows the language last opened in My work.
    assert client.session[my_work.SESSION_LANGUAGE] == "es"


@pytest.fixture
def small_meeting(make_meeting):
    """An English meeting of two paragraphs, nothing in French yet: its details, then paragraphs 1 and 2."""
    return make_meeting(slug="small", conclusions=2)


def test_save_and_next_goes_through_my_work_in_its_order_and_ends_with_all_done(
    french_translator_client, small_meeting
):
    client = french_translator_client
    assert rows(client.get(MY_WORK).content.decode()) == ["Meeting details", "Paragraph 1", "Paragraph 2"]
    paragraph_1, paragraph_2 = blocks(small_meeting)

    response = client.post(CHANGE.format(pk=paragraph_1.pk), {"text_fr": "Paragraphe 1.", "_save_next": "1"})
    assert response.status_code == 302
    assert response["Location"] == CHANGE.format(pk=paragraph_2.pk)
    assert text_status(paragraph_1, "fr") == "current"

    response = client.post(CHANGE.format(pk=paragraph_2.pk), {"text_fr": "Paragraphe 2.", "_save_next": "1"})
    assert response["Location"].startswith(MY_WORK)
    page = client.get(response["Location"]).content.decode()
    assert "End of the list: 1 record still needs work in French." in page
    assert rows(page) == ["Meeting details"]

    meeting_form = f"/admin/conclusions/meeting/{small_meeting.pk}/change/"
    response = client.post(meeting_form, {"title_fr": "Petite réunion", "_save_next": "1"})
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert "All done: nothing is missing or outdated in French." in messages
    assert rows(client.get(MY_WORK).content.decode()) == []


def test_save_and_next_keeps_the_translators_limits(french_translator_client, small_meeting):
    paragraph_1 = blocks(small_meeting)[0]
    response = french_translator_client.post(
        CHANGE.format(pk=paragraph_1.pk), {"text_fr": "Paragraphe.", "text_en": "Tampered.", "_save_next": "1"}
    )
    assert response.status_code == 200
    assert "Nothing was saved: the form also sent text_en." in response.content.decode()
    paragraph_1.refresh_from_db()
    assert not paragraph_1.text_fr and paragraph_1.text_en == "Paragraph 1 text."


def test_the_form_shows_original_french_and_english_side_by_side_labelled_in_words(french_translator_client, geneva):
    paragraph_6 = geneva.conclusions.get(kind="paragraph", number=6)
    page = french_translator_client.get(CHANGE.format(pk=paragraph_6.pk)).content.decode()
    fieldsets = re.findall(r'<fieldset class="module aligned side-by-side".*?</fieldset>', page, re.S)
    fieldset = next(fieldset for fieldset in fieldsets if "field-text_original" in fieldset)
    labels = re.findall(r"<label[^>]*>([^<]*)</label>", fieldset)
    assert labels == ["Original (Chinese):", "French:", "English (reference):"]
    assert escape(paragraph_6.text_en) in fieldset
    assert paragraph_6.text_zh_hans in fieldset
    assert "[fr]" not in page and "[English]" not in page
    assert '<input type="submit" value="Save and next" class="default" name="_save_next">' in page


def test_the_reference_language_is_chosen_and_remembered(french_translator_client, geneva):
    paragraph_6, paragraph_7 = (geneva.conclusions.get(kind="paragraph", number=n) for n in (6, 7))
    page = french_translator_client.get(CHANGE.format(pk=paragraph_6.pk) + "?_reference=ru").content.decode()
    assert "Russian (reference):" in page and "English (reference):" not in page
    assert '<option value="ru" selected>Russian</option>' in page
    page = french_translator_client.get(CHANGE.format(pk=paragraph_7.pk)).content.decode()
    assert "Russian (reference):" in page, "remembered for the next form"
    assert escape(paragraph_7.text_en) in page, "English is still there to read, under Other languages"
    # Neither the original nor the translator's own language can be the reference.
    assert '<option value="zh-hans"' not in page and '<option value="fr"' not in page
    page = french_translator_client.get(CHANGE.format(pk=paragraph_7.pk) + "?_reference=zh-hans").content.decode()
    assert "Russian (reference):" in page


def test_a_theme_translated_from_english_gets_another_reference(french_translator_client, geneva):
    theme = Theme.objects.order_by("position").first()
    page = french_translator_client.get(f"/admin/conclusions/theme/{theme.pk}/change/").content.decode()
    assert "Original (English):" in page
    assert "Arabic (reference):" in page, "the first language with a text, English being the original"


@pytest.mark.parametrize("who", ["editor", "translator", "viewer"])
def test_my_work_and_the_home_page_answer_everyone(client, geneva, editor, make_translator, django_user_model, who):
    if who == "editor":
        client.login(username="editor", password="editor-password")
    elif who == "translator":
        make_translator("Arabic", username="mutarjim")
        client.login(username="mutarjim", password="translator-password")
    else:
        django_user_model.objects.create_user("viewer", password="viewer-password", is_staff=True)
        client.login(username="viewer", password="viewer-password")
    home = client.get("/admin/")
    assert home.status_code == 200
    response = client.get(MY_WORK)
    if who == "viewer":
        assert response.status_code == 403
        assert 'class="my-work-link"' not in home.content.decode()
        return
    assert response.status_code == 200
    assert f'<a class="my-work-link" href="{MY_WORK}">' in home.content.decode()
    if who == "editor":
        page = client.get(MY_WORK + "?language=fr").content.decode()
        assert "Paragraph 1" in rows(page)
        assert all(f"<strong>{name}</strong>" in page for name in ["Arabic", "Chinese", "English", "Russian"])


def test_anonymous_visitors_are_sent_to_log_in(client, geneva):
    assert client.get(MY_WORK)["Location"].startswith("/admin/login/")


def test_my_work_reads_in_a_fixed_number_of_queries(french_translator_client, geneva, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        small = french_translator_client.get(MY_WORK).content.decode()
    awaza = import_real_document(AWAZA)
    with django_assert_max_num_queries(20):
        large = french_translator_client.get(MY_WORK).content.decode()
    awaza_blocks = [block for block in blocks(awaza) if block.kind != "furniture"]
    assert len(awaza_blocks) > 70
    assert len(rows(large)) == len(rows(small)) + 1 + len(awaza_blocks), "its details and every block"
    assert "Page furniture" not in large, "not translated, as in the translator kit"


def test_a_long_group_is_cut_with_a_link_to_the_rest(french_translator_client, geneva, monkeypatch):
    monkeypatch.setattr(my_work, "ITEMS_SHOWN_PER_GROUP", 5)
    page = french_translator_client.get(MY_WORK).content.decode()
    without_french = [block for block in blocks(geneva) if not block.text_fr.strip()]
    assert len([url for url in listed_urls(page) if "/conclusion/" in url]) == 5
    assert f"{len(without_french) - 5} more: open the list" in page
    assert f'href="/admin/conclusions/conclusion/?meeting__id__exact={geneva.pk}"' in page


def test_save_and_next_after_a_record_outside_my_work(french_translator_client, small_meeting):
    """A record opened from the list, already current: "Save and next" goes to the next one after it."""
    paragraph_1, paragraph_2 = blocks(small_meeting)
    paragraph_1.text_fr = "Paragraphe 1."
    content_save([paragraph_1])
    response = french_translator_client.post(CHANGE.format(pk=paragraph_1.pk), {"_save_next": "1"})
    assert response["Location"] == CHANGE.format(pk=paragraph_2.pk)


def test_save_and_next_finds_the_next_in_a_fixed_number_of_queries(
    french_translator_client, geneva, django_assert_max_num_queries
):
    paragraph_1, paragraph_2, paragraph_3 = (geneva.conclusions.get(kind="paragraph", number=n) for n in (1, 2, 3))
    with django_assert_max_num_queries(50) as small:
        french_translator_client.post(CHANGE.format(pk=paragraph_1.pk), {"text_fr": "Un.", "_save_next": "1"})
    import_real_document(AWAZA)
    with django_assert_max_num_queries(50) as large:
        response = french_translator_client.post(
            CHANGE.format(pk=paragraph_2.pk), {"text_fr": "Deux.", "_save_next": "1"}
        )
    assert response["Location"] == CHANGE.format(pk=paragraph_3.pk)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_a_staff_reader_who_translates_nothing_is_told_so(client, geneva, django_user_model):
    from django.contrib.auth.models import Permission

    reader = django_user_model.objects.create_user("reader", password="reader-password", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_conclusion"))
    client.login(username="reader", password="reader-password")
    page = client.get(MY_WORK).content.decode()
    assert "You translate into no language yet" in page
    assert rows(page) == []
