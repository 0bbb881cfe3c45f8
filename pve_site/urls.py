"""Root URLs: public pages under a language prefix (/en/, /zh-hans/, /ar/...), the admin and the API outside.

The API is language-neutral: its answers hold the texts of every language,
keyed by language code, so one address serves all of them.
"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("conclusions.api.urls")),
]

urlpatterns += i18n_patterns(
    path("", include("conclusions.urls")),
)
