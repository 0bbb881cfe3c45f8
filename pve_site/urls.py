"""Root URLs: public pages under a language prefix (/en/, /zh-hans/, /ar/...); the rest (admin, API, sitemap,
robots.txt, favicon, the health check) outside.

The API is language-neutral: its answers hold the texts of every language,
keyed by language code, so one address serves all of them.
"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from conclusions.public.sitemaps import SITEMAPS
from pve_site.favicon import favicon
from pve_site.health import health
from pve_site.robots import robots_txt

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots-txt"),
    path("favicon.ico", favicon, name="favicon"),
    path("health/", health, name="health"),
    path("api/v1/", include("conclusions.api.urls")),
]

urlpatterns += i18n_patterns(
    path("", include("conclusions.public.urls")),
)
