"""Root URLs: public pages under a language prefix (/en/, /zh-hans/, /ar/...), the admin outside."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", include("conclusions.urls")),
)
