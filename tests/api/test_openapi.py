"""The served OpenAPI description is valid, covers every address, and every real answer conforms to it.

Checked with openapi-spec-validator (the document) and openapi-core (each
request and response against the operation it names: status, headers,
media type and the JSON schema of the body, where no object may carry a
property that is not described).
"""

import json

import pytest
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from openapi_core.validation.request.exceptions import ParameterValidationError
from openapi_core.validation.response.exceptions import InvalidData
from openapi_spec_validator import validate

from conclusions.api import urls as api_urls
from conclusions.api.openapi import OPENAPI_DOCUMENT
from tests.real_documents import AWAZA, import_real_document

HOST = "http://testserver"
API_PREFIX = "/api/v1"


@pytest.fixture(scope="module")
def openapi() -> OpenAPI:
    return OpenAPI.from_dict(OPENAPI_DOCUMENT)


def mock_request(path: str, params: dict) -> MockRequest:
    return MockRequest(HOST, "get", path, args=params)


def checked_get(client, openapi: OpenAPI, path: str, params: dict, *, valid_request: bool = True):
    """GET the address and validate the answer against the description; return it."""
    response = client.get(path, params)
    request = mock_request(path, params)
    if valid_request:
        openapi.validate_request(request)
    openapi.validate_response(
        request,
        MockResponse(
            response.content,
            status_code=response.status_code,
            content_type=response["Content-Type"],
            headers=dict(response.headers),
        ),
    )
    return response


def test_openapi_document_served_is_valid(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    validate(document)
    assert document == json.loads(json.dumps(OPENAPI_DOCUMENT))
    assert document["openapi"].startswith("3.1")


def test_openapi_describes_every_api_address_and_no_other():
    routes = {
        f"/{pattern.pattern}".replace("<slug:slug>", "{slug}")
        for pattern in api_urls.urlpatterns
        if pattern.callback is not api_urls.views.not_found
    }
    assert set(OPENAPI_DOCUMENT["paths"]) == routes


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/api/v1/", {}, 200),
        ("/api/v1/openapi.json", {}, 200),
        ("/api/v1/meetings/", {}, 200),
        ("/api/v1/meetings/", {"languages": "ar"}, 200),
        ("/api/v1/meetings/", {"page": "1", "page_size": "1"}, 200),
        ("/api/v1/meetings/geneva-2016/", {}, 200),
        ("/api/v1/meetings/geneva-2016/", {"languages": "zh-hans,en"}, 200),
        ("/api/v1/meetings/geneva-2016/conclusions/", {}, 200),
        ("/api/v1/meetings/geneva-2016/conclusions/", {"languages": "fr,zh-hans"}, 200),
        ("/api/v1/meetings/geneva-2016/conclusions/", {"page": "2", "page_size": "5"}, 200),
        ("/api/v1/meetings/geneva-2016/conclusions/", {"page": "4", "page_size": "5", "languages": "ru"}, 200),
        ("/api/v1/meetings/geneva-2016/conclusions/", {"page_size": "500"}, 200),
        ("/api/v1/meetings/geneva-2016/conclusions/", {"kind": "paragraph", "languages": "en"}, 200),
        ("/api/v1/meetings/geneva-2016/conclusions/", {"kind": "heading,preamble", "part": "1"}, 200),
        ("/api/v1/meetings/geneva-2016/conclusions/", {"part": "2"}, 200),
        ("/api/v1/themes/", {}, 200),
        ("/api/v1/themes/", {"languages": "es,ar", "page": "2", "page_size": "4"}, 200),
        ("/api/v1/meetings/no-such-meeting/", {}, 404),
        ("/api/v1/meetings/no-such-meeting/conclusions/", {"languages": "fr"}, 404),
        ("/api/v1/meetings/geneva-2016/conclusions/", {"page": "99"}, 400),
        ("/api/v1/themes/", {"languages": "fr,fr"}, 400),
    ],
)
def test_openapi_real_answers_conform(client, geneva, openapi, path, params, status):
    assert checked_get(client, openapi, path, params).status_code == status


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/meetings/awaza/", {}),
        ("/api/v1/meetings/awaza/", {"languages": "fr"}),
        ("/api/v1/meetings/awaza/conclusions/", {"page_size": "500"}),
        ("/api/v1/meetings/awaza/conclusions/", {"kind": "item,footnote,furniture", "languages": "ar,en"}),
        ("/api/v1/meetings/", {}),
    ],
)
def test_openapi_answers_about_a_document_in_two_parts_conform(client, db, openapi, path, params):
    """Every kind of block, an annex, an outline, labels shown in the original: as described."""
    import_real_document(AWAZA, slug="awaza")
    assert checked_get(client, openapi, path, params).status_code == 200


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/meetings/geneva-2016/conclusions/", {"kind": "chapter"}),
        ("/api/v1/meetings/geneva-2016/conclusions/", {"kind": ""}),
        ("/api/v1/meetings/geneva-2016/conclusions/", {"part": "0"}),
        ("/api/v1/meetings/", {"languages": "de"}),
        ("/api/v1/meetings/geneva-2016/", {"languages": "fr,"}),
        ("/api/v1/meetings/geneva-2016/conclusions/", {"page": "0"}),
        ("/api/v1/meetings/geneva-2016/conclusions/", {"page": "abc"}),
        ("/api/v1/themes/", {"page_size": "501"}),
        ("/api/v1/themes/", {"page_size": "0"}),
    ],
)
def test_openapi_and_the_server_refuse_the_same_parameters(client, geneva, openapi, path, params):
    """What the description says is out of bounds, the server refuses with a 400 that conforms too."""
    with pytest.raises(ParameterValidationError) as refused:
        openapi.validate_request(mock_request(path, params))
    assert refused.value.name in params
    assert checked_get(client, openapi, path, params, valid_request=False).status_code == 400


@pytest.mark.parametrize(
    "change",
    [
        lambda body: body["results"][0].update(extra="undescribed"),
        lambda body: body["results"][0]["texts"].update(de="Deutsch"),
        lambda body: body["results"][0]["translation_status"].update(fr="unknown"),
        lambda body: body["results"][0].pop("themes"),
        lambda body: body.update(count="17"),
        lambda body: body["results"][0].update(kind="chapter"),
        lambda body: body["results"][0]["label"]["en"].update(shown="6."),
        lambda body: body["results"][0].pop("position"),
    ],
)
def test_openapi_check_catches_an_answer_that_strays(client, geneva, openapi, change):
    """The conformance check above is not a formality: an answer off the description fails it."""
    path = "/api/v1/meetings/geneva-2016/conclusions/"
    body = json.loads(client.get(path).content)
    change(body)
    strayed = MockResponse(json.dumps(body).encode(), headers={"Access-Control-Allow-Origin": "*"})
    with pytest.raises(InvalidData):
        openapi.validate_response(mock_request(path, {}), strayed)
