"""django-import-export widgets that carry the project's rules for a cell, where the stock ones are too lenient.

- `ParagraphNumberWidget`, `PartWidget`, `PositionWidget`: a block's number,
  part and position, whole numbers from 1 up, never through float() (so
  "1e1000000" or "inf" cannot slip through).
- `BlockKindWidget`: one of the kinds of block (`Conclusion.Kind`), as
  exports write them ("paragraph", "preamble", "item", ...).
- `NumberSuffixWidget`: the "bis" of paragraph "17 bis", letters only, in
  lower case as addresses write it; empty for most blocks.
- `MeetingSlugWidget`: an unknown meeting is an error naming the slug (the
  stock ForeignKeyWidget raises DoesNotExist, with a message for programmers).
- `ThemeSlugsWidget`: an unknown theme slug is an error (the stock
  ManyToManyWidget drops it silently); slugs may be separated by commas,
  semicolons or spaces, as people type them.
- `StoredTextWidget`: a cell as the text stored, line ends normalised.

Meetings and themes are looked up in a table loaded once per import
(`reset()` before each), not with a query per row.
"""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import widgets

from conclusions.models import NUMBER_SUFFIX_VALIDATOR, BlockKind, Conclusion, Meeting, Theme

MAX_PARAGRAPH_NUMBER = 999_999_999
MAX_PART = 999
MAX_POSITION = 999_999_999
MAX_NUMBER_SUFFIX = Conclusion._meta.get_field("number_suffix").max_length
BLOCK_KINDS = frozenset(BlockKind.values)  # TextChoices.values builds a new list at each call
THEME_SEPARATORS = re.compile(r"[,;\s]+")
EXPORT_THEME_SEPARATOR = ", "


def cell_text(value) -> str:
    """A cell as text: empty for None, 7 for the float 7.0 a spreadsheet may give, line ends as \\n."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


def parse_whole_number(value, maximum: int) -> int | None:
    """A whole number from 1 to `maximum` from a cell: 7, 7.0 (spreadsheets) or "7"; None if it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            return None
        number = int(value)
    else:
        text = str(value or "").strip()
        # Digits only: never float(), so "1e1000000" or "inf" cannot slip through.
        if not re.fullmatch(r"[0-9]{1,9}(\.0+)?", text):
            return None
        number = int(text.split(".")[0])
    return number if 1 <= number <= maximum else None


class WholeNumberWidget(widgets.IntegerWidget):
    """A whole number from 1 to `maximum`; `refusal` says what else the cell should hold."""

    maximum = MAX_PARAGRAPH_NUMBER
    refusal = gettext_lazy("“%(value)s” is not a paragraph number: use a whole number from 1 to %(max)s.")

    def clean(self, value, row=None, **kwargs) -> int:
        number = parse_whole_number(value, self.maximum)
        if number is None:
            raise ValueError(self.refusal % {"value": cell_text(value)[:40], "max": self.maximum})
        return number

    def render(self, value, obj=None, **kwargs) -> str | int:
        return "" if value is None else value


class ParagraphNumberWidget(WholeNumberWidget):
    """A paragraph's number (or another block's rank): the base's range and refusal."""


class PartWidget(WholeNumberWidget):
    maximum = MAX_PART
    refusal = gettext_lazy("“%(value)s” is not a part: use a whole number from 1 to %(max)s.")


class PositionWidget(WholeNumberWidget):
    maximum = MAX_POSITION
    refusal = gettext_lazy("“%(value)s” is not a position: use a whole number from 1 to %(max)s.")


class BlockKindWidget(widgets.CharWidget):
    """A kind of block by its name in files ("paragraph", "item", ...), whatever its case."""

    def clean(self, value, row=None, **kwargs) -> str:
        kind = cell_text(value).strip().lower()
        if kind not in BLOCK_KINDS:
            raise ValueError(
                _("“%(value)s” is not a kind of block: use one of %(kinds)s.")
                % {"value": cell_text(value)[:40], "kinds": ", ".join(BlockKind.values)}
            )
        return kind

    def render(self, value, obj=None, **kwargs) -> str:
        return value or ""


class NumberSuffixWidget(widgets.CharWidget):
    """A paragraph's number suffix ("bis" of "17 bis"): "" for an empty cell, else letters, read in lower case.

    The model's own rule (`NUMBER_SUFFIX_VALIDATOR`, and its length), so that
    whatever a file brings in could have been typed in the admin; in lower
    case as the model saves it, so that "Bis" finds paragraph 17 bis.
    """

    def clean(self, value, row=None, **kwargs) -> str:
        suffix = cell_text(value).strip().lower()
        if suffix and (len(suffix) > MAX_NUMBER_SUFFIX or not NUMBER_SUFFIX_VALIDATOR.regex.search(suffix)):
            raise ValueError(
                _("“%(value)s” is not a number suffix: use up to %(max)s letters, such as “bis” or “a”.")
                % {"value": cell_text(value)[:40], "max": MAX_NUMBER_SUFFIX}
            )
        return suffix

    def render(self, value, obj=None, **kwargs) -> str:
        return value or ""


class StoredTextWidget(widgets.CharWidget):
    """A translated text: exported as stored ("" when empty), read back with line ends normalised."""

    def clean(self, value, row=None, **kwargs) -> str:
        return cell_text(value)

    def render(self, value, obj=None, **kwargs) -> str:
        return value or ""


class SlugLookup:
    """Records of a model by slug, read in one query on first use and kept until `reset()`."""

    def __init__(self, model):
        self.model = model
        self._by_slug = None

    def reset(self) -> None:
        self._by_slug = None

    @property
    def by_slug(self) -> dict:
        if self._by_slug is None:
            self._by_slug = {record.slug: record for record in self.model.objects.all()}
        return self._by_slug


class MeetingSlugWidget(widgets.ForeignKeyWidget):
    def __init__(self, **kwargs):
        super().__init__(Meeting, field="slug", **kwargs)
        self.lookup = SlugLookup(Meeting)

    def clean(self, value, row=None, **kwargs) -> Meeting:
        slug = cell_text(value).strip()
        if not slug:
            raise ValueError(_("The meeting is missing."))
        try:
            return self.lookup.by_slug[slug]
        except KeyError:
            raise ValueError(_("There is no meeting “%(slug)s”.") % {"slug": slug[:100]}) from None


class ThemeSlugsWidget(widgets.ManyToManyWidget):
    def __init__(self, **kwargs):
        super().__init__(Theme, separator=EXPORT_THEME_SEPARATOR, field="slug", **kwargs)
        self.lookup = SlugLookup(Theme)

    def slugs(self, value) -> list[str]:
        return [slug for slug in THEME_SEPARATORS.split(cell_text(value)) if slug]

    def clean(self, value, row=None, **kwargs) -> list[Theme]:
        """The themes named in the cell; an empty list for an empty cell; an error naming unknown slugs."""
        slugs = self.slugs(value)
        unknown = [slug for slug in slugs if slug not in self.lookup.by_slug]
        if unknown:
            raise ValueError(_("Unknown themes: %(slugs)s.") % {"slugs": ", ".join(unknown)})
        return [self.lookup.by_slug[slug] for slug in dict.fromkeys(slugs)]

    def render(self, value, obj=None, **kwargs) -> str:
        if value is None:
            return ""
        # A list of slugs (the fast export) or a related manager (an instance).
        slugs = value if isinstance(value, list | tuple) else [theme.slug for theme in value.all()]
        return self.separator.join(slugs)
