"""The "Bring in a document" page as a browser posts it, for tests that use it through Django's test client."""

from django.core.files.uploadedfile import SimpleUploadedFile

URL = "/admin/conclusions/meeting/document/"


def preview(client, name: str, data: bytes, **fields):
    """Upload a file with the page's fields (language, slug or translation_of): the preview page."""
    return client.post(URL, {"document": SimpleUploadedFile(name, data), **fields})


def form_values(form) -> dict:
    """What a browser posts of a form as shown: each field's value as rendered."""
    values = {}
    for field in form:
        value = field.value()
        if value is None:
            continue
        values[field.name] = value if isinstance(value, list) else str(value)
    return values


def confirm(client, previewed, **changes):
    """Confirm a preview as shown (its hidden fields and the values it proposes), with the editor's `changes`."""
    context = previewed.context
    data = {**form_values(context["pending_form"]), **form_values(context["confirm_form"]), "confirm": "1"}
    data.update(changes)
    return client.post(URL, {name: value for name, value in data.items() if value is not None})
