"""How editors' pages and messages name a block of a document: "paragraph 3", "sub-item (b)", "part 2, footnote 4"."""

from django.utils.translation import gettext as _

from conclusions.models import BlockKind


def block_name(
    kind: str, *, number: int | str | None = None, label: str = "", part: int = 1, ranked: bool = False
) -> str:
    """A numbered paragraph by its number, a sub-item or footnote by its label as printed, any other block by its
    kind, and with `ranked` its rank among the blocks of its kind ("preamble paragraph 2"); the part when not 1."""
    kind = BlockKind(kind)
    if kind == BlockKind.PARAGRAPH and number is not None:
        name = _("paragraph %(number)s") % {"number": number}
    elif kind == BlockKind.ITEM and label:
        name = _("sub-item %(label)s") % {"label": label}
    elif kind == BlockKind.FOOTNOTE and label:
        name = _("footnote %(label)s") % {"label": label}
    elif ranked and number is not None:
        name = _("%(kind)s %(number)s") % {"kind": kind.label, "number": number}
    else:
        name = str(kind.label)
    if part != 1:
        name = _("part %(part)s, %(block)s") % {"part": part, "block": name}
    return name
