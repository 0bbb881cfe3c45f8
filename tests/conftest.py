"""Shared fixtures: small meetings made to measure, and the checked-in Geneva document."""

import datetime

import pytest
from django.core.management import call_command

from tests.browser import browser, editor_account, page, site, translator_account  # noqa: F401  (fixtures for browser tests in any folder)
from tests.redis_server import redis_url  # noqa: F401  (a Redis of the test run's own)


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a request leaves the language it chose active in this thread."""
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts with no cached page: the database, and so the content version, is rolled back."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def geneva(db):
    """The Geneva 2016 conclusions and the themes, loaded from fixtures/ as `make run` does."""
    from conclusions.models import Meeting

    call_command("load_original_documents", verbosity=0)
    return Meeting.objects.get(slug="geneva-2016")


@pytest.fixture
def make_meeting(db):
    """A meeting and its paragraphs, written as every writer of the site writes them (`content_save`)."""
    from conclusions.content import content_save
    from conclusions.models import Conclusion, Meeting

    def make(*, slug="test-meeting", conclusions=3, status=Meeting.Status.PUBLISHED, themes=(), **fields):
        meeting = Meeting(
            slug=slug,
            title_en=fields.pop("title_en", f"Meeting {slug}"),
            source_language=fields.pop("source_language", "en"),
            start_date=fields.pop("start_date", datetime.date(2020, 1, 1)),
            end_date=fields.pop("end_date", datetime.date(2020, 1, 2)),
            status=status,
            **fields,
        )
        paragraphs = [
            Conclusion(meeting=meeting, number=number, text_en=f"Paragraph {number} text.")
            for number in range(1, conclusions + 1)
        ]
        content_save([meeting, *paragraphs])
        for paragraph in paragraphs:
            paragraph.themes.set(themes)
        return meeting

    return make


@pytest.fixture
def make_theme(db):
    from conclusions.content import content_save
    from conclusions.models import Theme

    def make(slug="theme", position=0, **fields):
        theme = Theme(slug=slug, position=position, name_en=fields.pop("name_en", slug.title()), **fields)
        content_save([theme])
        return theme

    return make


@pytest.fixture
def editor(db, django_user_model):
    """A member of the Editors group, as created by the migration: staff, not a superuser."""
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("editor", password="editor-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def second_editor(db, django_user_model):
    """Another editor, Bruno ("bruno", "bruno-password"), to work on the same records as `editor`."""
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("bruno", password="bruno-password", is_staff=True, first_name="Bruno")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def alice(editor):
    """The editor's own browser session, as a test client (Alice is "editor")."""
    from tests.two_at_once import logged_in

    return logged_in(editor)


@pytest.fixture
def bruno(second_editor):
    """The second editor's own session, beside Alice's."""
    from tests.two_at_once import logged_in

    return logged_in(second_editor)


@pytest.fixture
def make_translator(db, django_user_model):
    """A staff member of "Translators (<language>)", as created by the migration."""
    from django.contrib.auth.models import Group

    def make(language_name: str = "French", username: str = "traductrice"):
        user = django_user_model.objects.create_user(username, password="translator-password", is_staff=True)
        user.groups.add(Group.objects.get(name=f"Translators ({language_name})"))
        return user

    return make


@pytest.fixture
def french_translator_client(client, make_translator):
    make_translator("French")
    assert client.login(username="traductrice", password="translator-password")
    return client
