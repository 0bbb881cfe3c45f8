"""The API's addresses, under /api/v1/ (see pve_site/urls.py), outside the language prefixes."""

from django.urls import path, re_path

from conclusions.api import views

app_name = "api"

urlpatterns = [
    path("", views.root, name="root"),
    path("meetings/", views.meeting_list, name="meeting-list"),
    path("meetings/<slug:slug>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<slug:slug>/conclusions/", views.conclusion_list, name="conclusion-list"),
    path("themes/", views.theme_list, name="theme-list"),
    path("openapi.json", views.openapi, name="openapi"),
    # Last: every other address under /api/v1/ answers in JSON too.
    re_path(r"^(?P<rest>.*)$", views.not_found),
]
