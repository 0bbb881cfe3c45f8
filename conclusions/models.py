"""Meetings, the blocks of their outcome documents (conclusions), and the themes they address."""

from operator import attrgetter

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conclusions.change_reasons import IMPORT, change_reason
from conclusions.date_ranges import format_date_range
from conclusions.languages import LANGUAGE_CODES, ShownText, language_name, normalize_line_ends, translated_column


def require_source_language_text(instance, field: str, source_language: str) -> None:
    """The authoritative text must exist; translations may come later."""
    if source_language not in LANGUAGE_CODES:
        return  # reported by the source_language field itself
    column = translated_column(field, source_language)
    if not (getattr(instance, column, "") or "").strip():
        raise ValidationError(
            {
                column: _("Required in %(language)s, the source language of the meeting.")
                % {"language": language_name(source_language)}
            }
        )


class ThemeManager(models.Manager):
    def get_by_natural_key(self, slug: str) -> "Theme":
        return self.get(slug=slug)


class Theme(models.Model):
    """A subject that conclusions address, such as a priority area of a plan of action."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Themes are listed in ascending position.")
    )

    objects = ThemeManager()

    # Themes have no source language: English is the working language of the secretariat.
    shown_name = ShownText("name", fallback_language=lambda theme: "en")
    shown_description = ShownText("description", fallback_language=lambda theme: "en")

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        permissions = [
            ("import_theme", _("Can import themes from spreadsheets")),
            ("export_theme", _("Can export themes to spreadsheets")),
        ]

    def __str__(self) -> str:
        return self.shown_name.text

    def save(self, *args, **kwargs) -> None:
        normalize_line_ends(self, "description")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("conclusions:theme-detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if not (self.name_en or "").strip():
            # English is the language theme names fall back to.
            raise ValidationError({"name_en": _("A theme needs its name in English.")})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class MeetingQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Meeting.Status.PUBLISHED)

    def visible_to(self, user):
        """Published meetings, plus drafts for editors who may preview them."""
        if user.is_active and user.is_staff and user.has_perm("conclusions.view_meeting"):
            return self.all()
        return self.published()


class MeetingManager(models.Manager.from_queryset(MeetingQuerySet)):
    def get_by_natural_key(self, slug: str) -> "Meeting":
        return self.get(slug=slug)


def default_official_languages() -> list[str]:
    return []


class Meeting(models.Model):
    """An intergovernmental meeting and its outcome document."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("Identifies the meeting in addresses and files; do not change it once published."),
    )
    # Required in the source language (see clean()), which may be any of the six.
    title = models.CharField(_("title"), max_length=300, blank=True)
    document_title = models.CharField(
        _("document title"),
        max_length=300,
        blank=True,
        help_text=_("For example “Co-Chairs’ Joint Conclusions”."),
    )
    organizers = models.CharField(_("organizers"), max_length=300, blank=True)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    source_language = models.CharField(
        _("source language"),
        max_length=7,
        choices=settings.LANGUAGES,
        help_text=_("The language of the authoritative text."),
    )
    official_languages = models.JSONField(
        _("other official language versions"),
        default=default_official_languages,
        blank=True,
        help_text=_("Language versions that are official besides the source language."),
    )
    status = models.CharField(_("publication status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("publication date"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MeetingManager()

    shown_title = ShownText("title", fallback_language=attrgetter("source_language"))
    shown_document_title = ShownText("document_title", fallback_language=attrgetter("source_language"))
    shown_organizers = ShownText("organizers", fallback_language=attrgetter("source_language"))
    shown_venue = ShownText("venue", fallback_language=attrgetter("source_language"))

    class Meta:
        ordering = ["-start_date", "slug"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        permissions = [
            ("import_meeting", _("Can import meetings from spreadsheets")),
            ("export_meeting", _("Can export meetings to spreadsheets")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="meeting_ends_on_or_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(source_language__in=LANGUAGE_CODES),
                name="meeting_source_language_is_known",
            ),
        ]

    def __str__(self) -> str:
        return self.shown_title.text

    def save(self, *args, **kwargs) -> None:
        # Stored sorted in UN order, and the source language is implied.
        self.official_languages = [
            code for code in LANGUAGE_CODES if code in (self.official_languages or []) and code != self.source_language
        ]
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("conclusions:meeting-detail", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    def clean(self) -> None:
        unknown = [code for code in self.official_languages or [] if code not in LANGUAGE_CODES]
        if unknown:
            raise ValidationError(
                {"official_languages": _("Unknown language codes: %(codes)s") % {"codes": ", ".join(unknown)}}
            )
        require_source_language_text(self, "title", self.source_language)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def official_language_codes(self) -> list[str]:
        """Every official language version, the source language always among them."""
        official = {self.source_language, *(self.official_languages or [])}
        return [code for code in LANGUAGE_CODES if code in official]

    def is_official(self, language: str) -> bool:
        return language in self.official_language_codes

    @property
    def source_language_name(self) -> str:
        return language_name(self.source_language)

    @property
    def date_range(self) -> str:
        """The meeting's dates as the UN writes them in the active language ("7–8 April 2016")."""
        return format_date_range(self.start_date, self.end_date)


# What a printed label may have around its number: "6.", "(6)", "6)", "一、", "（六）", "6 -".
LABEL_PUNCTUATION = " .．)(（）、-–—"
# A paragraph inserted between two numbers: "17 bis", "17 ter", "17a". Lower-case letters, as in its address.
NUMBER_SUFFIX_VALIDATOR = RegexValidator(
    r"^[^\W\d_]+\Z",
    _("A number suffix is letters only, such as “bis” or “a”."),
    code="invalid_number_suffix",
)


def printed_number(number: int, suffix: str = "") -> str:
    """A paragraph number as a reader writes it: "6", "17 bis"."""
    return f"{number} {suffix}" if suffix else str(number)


class BlockKind(models.TextChoices):
    """What a block of an outcome document is (see Conclusion)."""

    HEADING = "heading", _("heading line")
    PREAMBLE = "preamble", _("preamble paragraph")
    PART = "part", _("part title")
    SECTION = "section", _("section heading")
    PARAGRAPH = "paragraph", _("numbered paragraph")
    UNNUMBERED = "unnumbered", _("unnumbered paragraph")
    ITEM = "item", _("sub-item")
    CLOSING = "closing", _("closing line")
    FOOTNOTE = "footnote", _("footnote")
    FURNITURE = "furniture", _("page furniture")


class ConclusionManager(models.Manager):
    def get_by_natural_key(self, meeting_slug: str, position: int) -> "Conclusion":
        return self.get(meeting__slug=meeting_slug, position=position)


class Conclusion(models.Model):
    """One block of a meeting's outcome document, in the order printed.

    A document is its blocks in `position` order: heading lines, preamble
    paragraphs, section headings, numbered paragraphs each followed by its
    sub-items, unnumbered paragraphs, closing lines, footnotes. Where the
    numbering starts again (a resolution and its annex), a new `part` begins.

    `number` identifies a block within its part and kind, and never changes
    with the order: a numbered paragraph's is its number as printed (the
    permalink `/…/geneva-2016/6/`), any other block's is its rank among the
    blocks of its kind in its part when it was brought in (`/…/preamble-2/`).
    `label` is the number or letter as printed in each language ("17 bis",
    "(a)", "I", "١"); without one, a numbered paragraph shows its number.
    """

    Kind = BlockKind

    # The kinds a reader cites and links to, each with a page of its own; the others are found by their anchor.
    CITABLE_KINDS = (Kind.PREAMBLE, Kind.PARAGRAPH, Kind.UNNUMBERED)
    # The blocks that hold the sub-items printed after them ("(a)", "——"): every page, format and count reads
    # a document with this one rule. Sub-items after any other block (a section heading) are a list of their own.
    ITEM_HOLDER_KINDS = CITABLE_KINDS
    # What may come among a paragraph's sub-items: more of them, and the foot of a printed page.
    AMONG_SUB_ITEMS = (Kind.ITEM, Kind.FOOTNOTE, Kind.FURNITURE)

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="conclusions", verbose_name=_("meeting")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.PARAGRAPH)
    part = models.PositiveSmallIntegerField(
        _("part"), default=1, help_text=_("Parts are counted from 1; a new one starts where the numbering restarts.")
    )
    number = models.PositiveIntegerField(
        _("number"),
        blank=True,
        help_text=_(
            "A numbered paragraph's number as printed; for any other block, its rank among the blocks of its kind "
            "in its part (left empty, the next one). It is the block's address: do not change it once published."
        ),
    )
    number_suffix = models.CharField(
        _("number suffix"),
        max_length=12,
        blank=True,
        default="",
        validators=[NUMBER_SUFFIX_VALIDATOR],
        help_text=_(
            "For a paragraph inserted between two numbers, the word or letter after its number: "
            "“bis” for paragraph 17 bis, “a” for 17a. Lower-case letters only; part of the address."
        ),
    )
    position = models.PositiveIntegerField(
        _("position"), blank=True, help_text=_("Blocks are shown in ascending position; left empty, at the end.")
    )
    label = models.CharField(
        _("label"),
        max_length=40,
        blank=True,
        help_text=_("The number or letter as printed, when it is not just the number: “17 bis”, “(a)”, “I”."),
    )
    text = models.TextField(_("text"), blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="conclusions", verbose_name=_("themes"))

    objects = ConclusionManager()

    shown_text = ShownText("text", fallback_language=attrgetter("meeting.source_language"))
    shown_label = ShownText("label", fallback_language=attrgetter("meeting.source_language"))

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = _("conclusion")
        verbose_name_plural = _("conclusions")
        permissions = [
            ("import_conclusion", _("Can import conclusions from spreadsheets")),
            ("export_conclusion", _("Can export conclusions to spreadsheets")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "part", "kind", "number", "number_suffix"],
                name="unique_conclusion_number_per_meeting",
                violation_error_message=_(
                    "This part of the meeting's document already has a block of this kind with this number."
                ),
            ),
            models.UniqueConstraint(
                fields=["meeting", "position"],
                name="unique_conclusion_position_per_meeting",
                violation_error_message=_("This meeting's document already has a block at this position."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="conclusion_number_positive",
                violation_error_message=_("Paragraph numbers start at 1."),
            ),
            models.CheckConstraint(condition=Q(part__gte=1), name="conclusion_part_positive"),
            models.CheckConstraint(
                condition=Q(number_suffix="") | Q(kind=BlockKind.PARAGRAPH),
                name="conclusion_suffix_on_paragraphs",
                violation_error_message=_("Only a numbered paragraph has a number suffix (“17 bis”)."),
            ),
            models.CheckConstraint(condition=Q(kind__in=BlockKind.values), name="conclusion_kind_is_known"),
        ]

    def __str__(self) -> str:
        return _("%(meeting)s, %(reference)s") % {"meeting": self.meeting.slug, "reference": self.reference}

    def save(self, *args, **kwargs) -> None:
        normalize_line_ends(self, "text")
        self.number_suffix = self.number_suffix.strip().lower()  # an address: "17-bis" whoever typed "Bis"
        # The meeting may have been saved after this block was made: its id is on the meeting, not yet here.
        meeting_id = self.meeting_id or self.meeting.pk
        if self.position is None:
            self.position = self.next_free("position", Conclusion.objects.filter(meeting_id=meeting_id))
        if self.number is None:
            same_kind = Conclusion.objects.filter(meeting_id=meeting_id, part=self.part, kind=self.kind)
            self.number = self.next_free("number", same_kind)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        if not self.is_citable:
            return f"{self.meeting.get_absolute_url()}#{self.anchor}"
        return reverse("conclusions:conclusion-detail", kwargs=self.url_kwargs)

    @property
    def is_citable(self) -> bool:
        return self.kind in self.CITABLE_KINDS

    @property
    def url_kwargs(self) -> dict:
        """A citable block's address (public/urls.py): its number, its kind unless a numbered paragraph, its part."""
        kwargs = {"slug": self.meeting.slug, "number": self.number}
        if self.number_suffix:
            kwargs["suffix"] = self.number_suffix
        if self.kind != self.Kind.PARAGRAPH:
            kwargs["kind"] = self.kind
        if self.part != 1:
            kwargs["part"] = self.part
        return kwargs

    @staticmethod
    def next_free(field: str, queryset) -> int:
        """One more than the highest `field` in `queryset`: where a block added without one goes."""
        return (queryset.aggregate(highest=models.Max(field))["highest"] or 0) + 1

    def natural_key(self) -> tuple[str, int]:
        return (self.meeting.slug, self.position)

    natural_key.dependencies = ["conclusions.meeting"]

    @property
    def anchor(self) -> str:
        """The block's id on the meeting page: "p6" (as before parts), "p17-bis", "part2-p6", "preamble2"."""
        name = f"p{self.address_number}" if self.kind == self.Kind.PARAGRAPH else f"{self.kind}{self.number}"
        return name if self.part == 1 else f"part{self.part}-{name}"

    @property
    def address_number(self) -> str:
        """The number as addresses write it: "6", or "17-bis" for paragraph 17 bis."""
        return f"{self.number}-{self.number_suffix}" if self.number_suffix else str(self.number)

    @property
    def printed_number(self) -> str:
        """The number as a reader writes it, without a label: "6", "17 bis"."""
        return printed_number(self.number, self.number_suffix)

    @property
    def reference(self) -> str:
        """How a citation names the block, in the active language: "paragraph 6", "part 2, preamble paragraph 1"."""
        if self.kind == self.Kind.PARAGRAPH:
            # The number as printed ("١", "１"), without the punctuation around it ("6.", "(6)", "一、").
            printed = self.shown_label.text.strip(LABEL_PUNCTUATION)
            named = _("paragraph %(number)s") % {"number": printed or self.printed_number}
        else:
            named = _("%(kind)s %(number)s") % {"kind": self.get_kind_display(), "number": self.number}
        if self.part == 1:
            return named
        return _("part %(part)s, %(block)s") % {"part": self.part, "block": named}

    def clean(self) -> None:
        meeting = getattr(self, "meeting", None)
        if meeting is not None:
            require_source_language_text(self, "text", meeting.source_language)


class SpreadsheetImport(models.Model):
    """One applied spreadsheet import: who, when, what file, what it changed, and its undo."""

    class Target(models.TextChoices):
        CONCLUSIONS = "conclusion", _("conclusions")
        MEETINGS = "meeting", _("meetings")
        THEMES = "theme", _("themes")

    target = models.CharField(_("imported"), max_length=20, choices=Target.choices, default=Target.CONCLUSIONS)
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    file_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("format"), max_length=10)
    encoding = models.CharField(_("encoding"), max_length=30, blank=True)
    delimiter = models.CharField(_("delimiter"), max_length=5, blank=True)
    clear_empty = models.BooleanField(_("empty cells cleared texts"), default=False)
    created_count = models.PositiveIntegerField(_("new"), default=0)
    changed_count = models.PositiveIntegerField(_("changed"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    # Translator kit rows left alone because their source changed after the kit was exported.
    refused_count = models.PositiveIntegerField(_("refused"), default=0)
    # What undo needs: ids of the records created, and for each changed one
    # the values it had before (only the columns the import changed).
    changes = models.JSONField(_("changes"), default=dict, blank=True, editable=False)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("undone by"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("spreadsheet import")
        verbose_name_plural = _("spreadsheet imports")

    def __str__(self) -> str:
        return _("Import #%(number)s of %(file)s") % {"number": self.pk, "file": self.file_name}

    @property
    def history_reason(self) -> str:
        """The change reason written on every history record this import made."""
        return change_reason(IMPORT, self.pk)

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None


class TranslationBasis(models.Model):
    """The version of the source text a translation was made from.

    One row per non-empty translation (object, field, language other than the
    source language). While `source_fingerprint` equals the fingerprint of the
    source text as it is now, the translation is current; once the source
    changes, it is outdated; an empty translation is missing and has no row.
    Written by `translations.status`, which `conclusions.content` calls for every writer.
    """

    # The unique constraint's index starts with content_type: a separate one would only
    # mislead the planner into reading every basis of a type to find a few objects'.
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, db_index=False)
    object_id = models.PositiveBigIntegerField()
    field = models.CharField(max_length=40)
    language = models.CharField(max_length=7, choices=settings.LANGUAGES)
    source_fingerprint = models.CharField(max_length=32)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("translation basis")
        verbose_name_plural = _("translation bases")
        # What makes a translator: change the translations into one language,
        # of every meeting, paragraph and theme, and nothing else.
        permissions = [
            ("translate_ar", _("Can translate into Arabic")),
            ("translate_zh_hans", _("Can translate into Chinese")),
            ("translate_en", _("Can translate into English")),
            ("translate_fr", _("Can translate into French")),
            ("translate_ru", _("Can translate into Russian")),
            ("translate_es", _("Can translate into Spanish")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"], name="one_basis_per_translation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} {self.field} [{self.language}]"


class SearchText(models.Model):
    """A conclusion's text in one language as search compares it: its words' stems (search/words.py); none for
    a text without words.

    With it, copied from the conclusion and its meeting, what search filters,
    orders and ranks by (meeting, publication, date, slug, position in the document, kind), so
    that a search reads this table alone. Kept in step by `search.index`,
    which `conclusions.content` calls for every writer of conclusions and
    meetings (admin, imports and undo, document import, fixtures, `manage.py
    rebuild_search_index`). On PostgreSQL, GIN indexes on `text` serve word and
    Chinese search (search/indexed_terms.py).
    """

    # The unique constraint's index starts with conclusion_id: no separate index needed.
    conclusion = models.ForeignKey(Conclusion, on_delete=models.CASCADE, related_name="+", db_index=False)
    language = models.CharField(max_length=7, choices=settings.LANGUAGES)
    text = models.TextField()
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    published = models.BooleanField()
    meeting_start_date = models.DateField()
    meeting_slug = models.SlugField(max_length=100, db_index=False)
    position = models.PositiveIntegerField()
    # The block's kind: ranking counts headings, and a search page reads no other table to rank.
    kind = models.CharField(max_length=12, choices=Conclusion.Kind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conclusion", "language"], name="one_search_text_per_language"),
        ]
        indexes = [
            # Results in reading order (newest meeting first, then in document order), found without sorting;
            # with the conclusion last, a paragraph found in several languages is listed once, as it is read.
            models.Index(
                fields=["-meeting_start_date", "meeting_slug", "position", "conclusion"],
                condition=Q(published=True),
                name="search_text_reading_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.conclusion_id} [{self.language}]"


class ContentVersion(models.Model):
    """A counter raised (by `conclusions.content`) on every change to what public pages show: the page cache key.

    One row. Kept in the database, not in the cache, so that every server
    process sees a change at once, whatever cache each one has.
    """

    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")

    def __str__(self) -> str:
        return str(self.version)
