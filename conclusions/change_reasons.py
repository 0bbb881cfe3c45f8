"""The change reasons written on history rows, so that the history can say what made each change, and by whom.

A person's save in the admin writes none. The others write "<kind>:<value>":
a spreadsheet import and its undo the import's id, a revert the history id
of the version restored, a document brought in its file name. The admin's
history (`conclusions.admin.history`) reads them back as words.
"""

IMPORT = "import"
UNDO = "undo"
REVERT = "revert"
DOCUMENT = "document"

# simple-history's `history_change_reason` column holds 100 characters.
REASON_LENGTH = 100


def change_reason(kind: str, value: object) -> str:
    """The reason "<kind>:<value>", cut to what the column holds (only a long file name ever is)."""
    return f"{kind}:{value}"[:REASON_LENGTH]


def read_reason(reason: str | None) -> tuple[str, str]:
    """A reason's kind and value: ("import", "3"); ("", "") for a person's save."""
    kind, _sep, value = (reason or "").partition(":")
    return kind, value


def person_name(user) -> str:
    """How the history names the person who made a change ("" for a command run on the server)."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
