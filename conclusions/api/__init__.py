"""The read-only JSON API, version 1, at /api/v1/: meetings, their conclusions and themes, in any of the six languages.

It is language-neutral (outside the /en/, /fr/... prefixes): every text comes
keyed by its language code, and a client picks languages with `?languages=`.
The OpenAPI description in `openapi.py` is what tests check every response
against.
"""
