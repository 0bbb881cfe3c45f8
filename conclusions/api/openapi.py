"""The OpenAPI 3.1 description of the API, served at /api/v1/openapi.json.

Kept by hand beside the views, as a Python dict so that shared pieces (the
language-keyed texts, the page envelope) are written once. The tests check
that it is a valid OpenAPI document and that every response of every
endpoint, normal or error, validates against it: a field added to a
response without being described here fails them (objects allow no
undescribed property).
"""

from conclusions.api.query_parameters import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from conclusions.languages import LANGUAGE_CODES
from conclusions.models import BlockKind
from conclusions.spreadsheets.export import EXPORT_FORMATS
from conclusions.translations.status import CURRENT, MISSING, OUTDATED, SOURCE


def ref(kind: str, name: str) -> dict:
    return {"$ref": f"#/components/{kind}/{name}"}


def closed_object(properties: dict, description: str = "") -> dict:
    """An object with exactly these properties, every one of them always present."""
    schema = {"type": "object", "required": list(properties), "properties": properties, "additionalProperties": False}
    return {"description": description, **schema} if description else schema


def by_language(values: dict, description: str) -> dict:
    """An object keyed by language code: the languages asked for with `languages`, all six by default."""
    return {
        "type": "object",
        "description": description,
        "propertyNames": ref("schemas", "LanguageCode"),
        "additionalProperties": values,
    }


def page_of(item: str, description: str) -> dict:
    return closed_object(
        {
            "count": {"type": "integer", "minimum": 0, "description": "The number of items on all pages."},
            "next": {
                "type": ["string", "null"],
                "format": "uri",
                "description": "The next page, with the same parameters; null on the last page.",
            },
            "previous": {
                "type": ["string", "null"],
                "format": "uri",
                "description": "The previous page, with the same parameters; null on the first page.",
            },
            "results": {"type": "array", "items": ref("schemas", item)},
        },
        description,
    )


URL = {"type": "string", "format": "uri"}
LANGUAGE_LIST = "({codes})(,({codes}))*".format(codes="|".join(LANGUAGE_CODES))
KIND_LIST = "({kinds})(,({kinds}))*".format(kinds="|".join(BlockKind.values))
TEXTS = by_language({"type": "string"}, 'The text in each language, exactly as stored; "" where there is none.')
PAGE_URLS = by_language(URL, "The public page in each language.")

MEETING_PROPERTIES = {
    "slug": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$", "examples": ["geneva-2016"]},
    "start_date": {"type": "string", "format": "date"},
    "end_date": {"type": "string", "format": "date"},
    "source_language": {
        **ref("schemas", "LanguageCode"),
        "description": "The language of the authoritative text (the original).",
    },
    "official_languages": {
        "type": "array",
        "items": ref("schemas", "LanguageCode"),
        "description": "Every official language version, the source language included, in UN order.",
    },
    "published_at": {"type": ["string", "null"], "format": "date-time"},
    "conclusion_count": {"type": "integer", "minimum": 0, "description": "The number of numbered paragraphs."},
    "part_count": {
        "type": "integer",
        "minimum": 0,
        "description": "The number of parts of the document: where the numbering restarts (a resolution's annex).",
    },
    "block_counts": closed_object(
        dict.fromkeys(BlockKind.values, {"type": "integer", "minimum": 0}),
        "How many blocks of each kind the document has.",
    ),
    "title": TEXTS,
    "document_title": TEXTS,
    "links": closed_object(
        {
            "self": URL,
            "conclusions": URL,
            "pages": PAGE_URLS,
            "downloads": closed_object(
                dict.fromkeys(EXPORT_FORMATS, URL),
                "Every paragraph in all six languages, with the columns of the spreadsheet import.",
            ),
        }
    ),
}
MEETING_DETAIL_PROPERTIES = {
    **MEETING_PROPERTIES,
    "organizers": TEXTS,
    "venue": TEXTS,
    "preamble": {
        **TEXTS,
        "description": (
            "The preamble paragraphs of the first part (blocks of kind `preamble`), those that exist in the "
            "language, separated by a blank line."
        ),
    },
    "outline": {
        "type": "array",
        "items": ref("schemas", "Conclusion"),
        "description": "The document's part titles and section headings, in order: its table of contents.",
    },
}

ERROR_EXAMPLE = {"error": f"Unknown language code “de” in “languages”: the codes are {', '.join(LANGUAGE_CODES)}."}
CORS_HEADERS = {"Access-Control-Allow-Origin": ref("headers", "AccessControlAllowOrigin")}


def json_content(schema: dict, example=None) -> dict:
    media = {"schema": schema}
    if example is not None:
        media["example"] = example
    return {"application/json": media}


def ok(schema: str, description: str) -> dict:
    return {"description": description, "headers": CORS_HEADERS, "content": json_content(ref("schemas", schema))}


def operation(operation_id: str, summary: str, parameters: list[str], responses: dict) -> dict:
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "parameters": [ref("parameters", name) for name in parameters],
            "responses": responses,
        }
    }


BAD_REQUEST = {"400": ref("responses", "BadRequest")}
NOT_FOUND = {"404": ref("responses", "NotFound")}

OPENAPI_DOCUMENT = {
    "openapi": "3.1.0",
    "info": {
        "title": "Outcome documents of intergovernmental meetings",
        "version": "1.0.0",
        "description": (
            "Read-only open data: published meetings, their outcome documents block by block (heading lines, "
            "preamble and numbered paragraphs, section headings, sub-items, footnotes…, in the order printed) "
            "and the themes they address, in the six official languages of the United Nations. Every text is "
            "keyed by its language code and given exactly as stored, with no fallback to another language "
            "(only a block's `label` is given as the pages show it, with its language); "
            "`languages=fr,zh-hans` narrows the languages. Lists are paginated with `page` and `page_size`. "
            'Answers are UTF-8 JSON, open to any origin (CORS). Errors are `{"error": "…"}` in English, '
            "with status 400 for a bad parameter (an unknown parameter included) and 404 for an unknown meeting "
            "or address."
        ),
    },
    "servers": [{"url": "/api/v1"}],
    "paths": {
        "/": operation(
            "root",
            "The language codes and the addresses of the lists",
            [],
            {**{"200": ok("Root", "The entry point.")}, **BAD_REQUEST},
        ),
        "/meetings/": operation(
            "listMeetings",
            "Published meetings, the latest first",
            ["Languages", "Page", "PageSize"],
            {"200": ok("MeetingPage", "One page of meetings."), **BAD_REQUEST},
        ),
        "/meetings/{slug}/": operation(
            "getMeeting",
            "A published meeting, with its organizers, venue, preamble and outline",
            ["MeetingSlug", "Languages"],
            {"200": ok("MeetingDetail", "The meeting."), **BAD_REQUEST, **NOT_FOUND},
        ),
        "/meetings/{slug}/conclusions/": operation(
            "listConclusions",
            "The blocks of a published meeting's document, in the order printed; `kind=paragraph` for its "
            "numbered paragraphs",
            ["MeetingSlug", "Languages", "Kind", "Part", "Page", "PageSize"],
            {"200": ok("ConclusionPage", "One page of blocks."), **BAD_REQUEST, **NOT_FOUND},
        ),
        "/themes/": operation(
            "listThemes",
            "Themes, in their order, with how many published paragraphs and meetings address each",
            ["Languages", "Page", "PageSize"],
            {"200": ok("ThemePage", "One page of themes."), **BAD_REQUEST},
        ),
        "/openapi.json": operation(
            "getOpenApiDocument",
            "This description",
            [],
            {
                "200": {
                    "description": "The OpenAPI document.",
                    "headers": CORS_HEADERS,
                    "content": json_content({"type": "object"}),
                },
                **BAD_REQUEST,
            },
        ),
    },
    "components": {
        "parameters": {
            "MeetingSlug": {
                "name": "slug",
                "in": "path",
                "required": True,
                "description": "The meeting's slug, as in its page's address.",
                "schema": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
                "example": "geneva-2016",
            },
            "Languages": {
                "name": "languages",
                "in": "query",
                "required": False,
                "description": (
                    "Comma-separated language codes, each at most once; the texts come in this order. "
                    "Default: all six, " + ", ".join(LANGUAGE_CODES) + "."
                ),
                "schema": {"type": "string", "pattern": f"^{LANGUAGE_LIST}$"},
                "example": "fr,zh-hans",
            },
            "Kind": {
                "name": "kind",
                "in": "query",
                "required": False,
                "description": "Comma-separated kinds of block: only blocks of these kinds. Default: every kind.",
                "schema": {"type": "string", "pattern": f"^{KIND_LIST}$"},
                "example": "section,paragraph",
            },
            "Part": {
                "name": "part",
                "in": "query",
                "required": False,
                "description": "Only the blocks of this part of the document (1: the main text; 2: its annex...).",
                "schema": {"type": "integer", "minimum": 1, "maximum": 999_999_999},
            },
            "Page": {
                "name": "page",
                "in": "query",
                "required": False,
                "description": "The page, from 1; a page past the last is a 400.",
                "schema": {"type": "integer", "minimum": 1, "maximum": 999_999_999, "default": 1},
            },
            "PageSize": {
                "name": "page_size",
                "in": "query",
                "required": False,
                "description": f"Items per page, from 1 to {MAX_PAGE_SIZE}.",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": DEFAULT_PAGE_SIZE},
            },
        },
        "headers": {
            "AccessControlAllowOrigin": {
                "description": "Any web page may read the answer: the API is read-only open data and reads no cookie.",
                "required": True,
                "schema": {"type": "string", "const": "*"},
            }
        },
        "responses": {
            "BadRequest": {
                "description": "A bad query parameter: unknown, repeated, not a whole number, out of range.",
                "headers": CORS_HEADERS,
                "content": json_content(ref("schemas", "Error"), ERROR_EXAMPLE),
            },
            "NotFound": {
                "description": "No published meeting has this slug.",
                "headers": CORS_HEADERS,
                "content": json_content(ref("schemas", "Error"), {"error": "No published meeting has the slug “x”."}),
            },
        },
        "schemas": {
            "LanguageCode": {"type": "string", "enum": LANGUAGE_CODES},
            "TranslationStatus": {
                "type": "string",
                "enum": [SOURCE, CURRENT, OUTDATED, MISSING],
                "description": (
                    f"`{SOURCE}`: the original; `{CURRENT}`: translated from the original as it is now; "
                    f"`{OUTDATED}`: the original changed after it was translated; `{MISSING}`: no translation."
                ),
            },
            "Error": closed_object({"error": {"type": "string", "description": "What to change, in English."}}),
            "Root": closed_object(
                {
                    "languages": {"type": "array", "items": ref("schemas", "LanguageCode")},
                    "links": closed_object({"meeting-list": URL, "theme-list": URL, "openapi": URL}),
                }
            ),
            "Meeting": closed_object(MEETING_PROPERTIES, "A meeting as listed."),
            "MeetingDetail": closed_object(MEETING_DETAIL_PROPERTIES, "A meeting with all its texts."),
            "BlockKind": {
                "type": "string",
                "enum": BlockKind.values,
                "description": "; ".join(f"`{kind.value}`: {kind.label}" for kind in BlockKind) + ".",
            },
            "Conclusion": closed_object(
                {
                    "meeting": {"type": "string", "description": "The meeting's slug."},
                    "kind": ref("schemas", "BlockKind"),
                    "part": {
                        "type": "integer",
                        "minimum": 1,
                        "description": "The part of the document: 1, then one more where the numbering restarts.",
                    },
                    "number": {
                        "type": "integer",
                        "minimum": 1,
                        "maximum": 999_999_999,
                        "description": (
                            "A numbered paragraph's number as printed; for another block, its rank among the "
                            "blocks of its kind in its part."
                        ),
                    },
                    "number_suffix": {
                        "type": "string",
                        "maxLength": 12,
                        "description": (
                            'What follows the number of a paragraph inserted between two: "bis" for paragraph '
                            '17 bis; "" for every other block. With kind, part and number, it identifies the block.'
                        ),
                    },
                    "position": {
                        "type": "integer",
                        "minimum": 1,
                        "description": "The block's place in the document, in ascending order (not contiguous).",
                    },
                    "label": by_language(
                        closed_object(
                            {
                                "text": {"type": "string"},
                                "language": {
                                    **ref("schemas", "LanguageCode"),
                                    "description": "The language the label is in: the original's where there is "
                                    "none in the language asked for.",
                                },
                            }
                        ),
                        'The marker as printed ("6.", "(a)", "I."), as the pages show it in each language: its '
                        'label in that language, else in the original, else a numbered paragraph\'s number; "" '
                        "for a block without one.",
                    ),
                    "texts": TEXTS,
                    "translation_status": by_language(
                        ref("schemas", "TranslationStatus"), "The state of the text in each language."
                    ),
                    "themes": {
                        "type": "array",
                        "items": {"type": "string"},
                        "description": "Theme slugs, in theme order.",
                    },
                    "url": {
                        **URL,
                        "description": (
                            "The block on the site, without a language (the site answers in the reader's): its "
                            "own page for a preamble, numbered or unnumbered paragraph, else the meeting's page "
                            "at the block's anchor."
                        ),
                    },
                    "links": closed_object(
                        {"pages": {**PAGE_URLS, "description": "The same address in each language."}}
                    ),
                },
                "One block of a meeting's outcome document.",
            ),
            "Theme": closed_object(
                {
                    "slug": {"type": "string"},
                    "position": {"type": "integer", "minimum": 0},
                    "name": TEXTS,
                    "description": TEXTS,
                    "conclusion_count": {
                        "type": "integer",
                        "minimum": 0,
                        "description": "Paragraphs of published meetings that address the theme.",
                    },
                    "meeting_count": {
                        "type": "integer",
                        "minimum": 0,
                        "description": "Published meetings with at least one such paragraph.",
                    },
                    "links": closed_object({"pages": PAGE_URLS}),
                }
            ),
            "MeetingPage": page_of("Meeting", "A page of meetings."),
            "ConclusionPage": page_of("Conclusion", "A page of blocks."),
            "ThemePage": page_of("Theme", "A page of themes."),
        },
    },
}
