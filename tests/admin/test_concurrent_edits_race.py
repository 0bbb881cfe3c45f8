"""Two saves of one paragraph at the very same moment, on PostgreSQL: both are kept, one after the other.

Each request runs in a thread of its own, with its own database connection;
both have read their forms and wait for each other just before the admin
locks the record's row. The row lock makes the second read the record as
the first wrote it, so its form saves what its person changed and nothing
else. A revert posted at the same moment as a save: whichever comes
second either merges (a save) or is shown again (a revert); nothing is lost
unseen and neither answers 500.
"""

import pytest

from conclusions.admin.concurrent_edits import RecordLockMixin
from conclusions.models import Meeting
from tests.admin_forms import opened_form
from tests.two_at_once import ON_A_DATABASE_SERVER, at_once

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    ON_A_DATABASE_SERVER,
]


@pytest.fixture
def two_editors(alice, bruno):
    return [alice, bruno]


def paragraph():
    return Meeting.objects.get(slug="geneva-2016").conclusions.get(kind="paragraph", part=1, number=5)


def test_two_saves_of_different_languages_at_the_same_moment_are_both_kept(geneva, two_editors, monkeypatch):
    url = f"/admin/conclusions/conclusion/{paragraph().pk}/change/"
    alice, bruno = two_editors
    alices, brunos = opened_form(alice, url), opened_form(bruno, url)
    responses = at_once(
        monkeypatch,
        RecordLockMixin,
        "lock_record",
        [
            lambda: alice.post(url, {**alices, "text_fr": "Français d'Alice."}),
            lambda: bruno.post(url, {**brunos, "text_ru": "Русский текст Бруно."}),
        ],
    )
    assert [response.status_code for response in responses] == [302, 302]
    assert (paragraph().text_fr, paragraph().text_ru) == ("Français d'Alice.", "Русский текст Бруно.")
    assert paragraph().history.count() == 3  # loaded, then each save


def test_a_revert_and_a_save_at_the_same_moment_lose_nothing_unseen(geneva, two_editors, monkeypatch):
    record = paragraph()
    url = f"/admin/conclusions/conclusion/{record.pk}/change/"
    alice, bruno = two_editors
    alice.post(url, {**opened_form(alice, url), "text_en": "English, by Alice."})
    first = record.history.order_by("history_date", "history_id").first()
    latest = record.history.order_by("-history_date", "-history_id").first()
    version_url = f"/admin/conclusions/conclusion/{record.pk}/history/{first.history_id}/"
    brunos = opened_form(bruno, url)
    revert, save = at_once(
        monkeypatch,
        RecordLockMixin,
        "lock_record",
        [
            lambda: alice.post(version_url, {"seen_version": latest.history_id}),
            lambda: bruno.post(url, {**brunos, "text_es": "Español de Bruno."}),
        ],
    )
    assert save.status_code == 302
    assert paragraph().text_es == "Español de Bruno."
    if revert.status_code == 200:  # the save came first: the revert is shown again, nothing reverted
        assert "Nothing was reverted" in revert.content.decode()
        assert paragraph().text_en == "English, by Alice."
    else:  # the revert came first: the save, opened before it, kept its English
        assert revert.status_code == 302
        assert paragraph().text_en == first.text_en
