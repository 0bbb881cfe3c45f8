"""/favicon.ico, which browsers and feed readers ask for whatever the page links: the site's icon."""

from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.http import require_safe


@require_safe
def favicon(request):
    return redirect(static("favicon.svg"), permanent=True)
