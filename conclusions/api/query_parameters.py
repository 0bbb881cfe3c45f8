"""The query parameters of the API, read strictly: a mistyped or out-of-range parameter is a 400, never ignored.

A client that writes `?language=fr` (for `languages`) or `?page=0` is told
so at once instead of silently getting all six languages or the first page.
"""

import re
from dataclasses import dataclass

from django.http import HttpRequest

from conclusions.api.responses import ApiError
from conclusions.languages import LANGUAGE_CODES
from conclusions.models import BlockKind

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 500
# Plain ASCII digits, no sign, no leading zero, at most 9 digits: int() would
# also take " 7", "+7", "1_000" and "٧" (an Arabic-Indic seven).
WHOLE_NUMBER = re.compile(r"[1-9][0-9]{0,8}")


@dataclass(frozen=True)
class Query:
    languages: list[str]
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    kinds: list[str] | None = None  # the kinds of block asked for; None: every kind
    part: int | None = None  # the part of the document asked for; None: every part


def read_query(request: HttpRequest, *, accepted: tuple[str, ...]) -> Query:
    """The parameters of `accepted` (among "languages", "page", "page_size", "kind", "part"), checked; anything else
    is a 400."""
    for name in request.GET:
        if name not in accepted:
            takes = f"takes {', '.join(accepted)}" if accepted else "takes no query parameter"
            raise ApiError(400, f"Unknown query parameter “{name[:40]}”: this address {takes}.")
        if len(values := request.GET.getlist(name)) > 1:
            raise ApiError(400, f"The query parameter “{name}” is given {len(values)} times: give it once.")
    values = {name: request.GET[name] for name in accepted if name in request.GET}
    return Query(
        languages=parse_languages(values["languages"]) if "languages" in values else list(LANGUAGE_CODES),
        page=parse_whole_number("page", values["page"], maximum=None) if "page" in values else 1,
        page_size=(
            parse_whole_number("page_size", values["page_size"], maximum=MAX_PAGE_SIZE)
            if "page_size" in values
            else DEFAULT_PAGE_SIZE
        ),
        kinds=parse_kinds(values["kind"]) if "kind" in values else None,
        part=parse_whole_number("part", values["part"], maximum=None) if "part" in values else None,
    )


def parse_languages(value: str) -> list[str]:
    """Comma-separated language codes, kept in the order given: "fr,zh-hans" -> ["fr", "zh-hans"]."""
    codes = [code.strip() for code in value.split(",")]
    known = ", ".join(LANGUAGE_CODES)
    if codes == [""]:
        raise ApiError(400, f"“languages” is empty: give one or more of {known}, separated by commas.")
    unknown = [code for code in codes if code not in LANGUAGE_CODES]
    if unknown:
        shown = ", ".join(f"“{code[:20]}”" for code in unknown[:6])
        codes = "code" if len(unknown) == 1 else "codes"
        raise ApiError(400, f"Unknown language {codes} {shown} in “languages”: the codes are {known}.")
    repeated = sorted({code for code in codes if codes.count(code) > 1}, key=LANGUAGE_CODES.index)
    if repeated:
        raise ApiError(400, f"“languages” names {', '.join(repeated)} more than once.")
    return codes


def parse_kinds(value: str) -> list[str]:
    """Comma-separated kinds of block: "section,paragraph" -> ["section", "paragraph"]."""
    kinds = [kind.strip() for kind in value.split(",")]
    known = ", ".join(BlockKind.values)
    if kinds == [""]:
        raise ApiError(400, f"“kind” is empty: give one or more of {known}, separated by commas.")
    unknown = [kind for kind in kinds if kind not in BlockKind.values]
    if unknown:
        shown = ", ".join(f"“{kind[:20]}”" for kind in unknown[:6])
        named = "kind" if len(unknown) == 1 else "kinds"
        raise ApiError(400, f"Unknown {named} {shown} in “kind”: the kinds of block are {known}.")
    return kinds


def parse_whole_number(name: str, value: str, *, maximum: int | None) -> int:
    number = int(value) if WHOLE_NUMBER.fullmatch(value) else None
    if number is None or (maximum is not None and number > maximum):
        limit = f"from 1 to {maximum}" if maximum is not None else "from 1"
        raise ApiError(400, f"“{name}” must be a whole number {limit}: got “{value[:40]}”.")
    return number
