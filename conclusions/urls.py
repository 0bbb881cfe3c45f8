from django.urls import path, register_converter

from . import views


class ParagraphNumberConverter:
    """A paragraph number: 1 to 999999999, so no URL can overflow a database integer."""

    regex = "[1-9][0-9]{0,8}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(ParagraphNumberConverter, "paragraph")

app_name = "conclusions"

urlpatterns = [
    path("", views.home, name="home"),
    path("meetings/<slug:slug>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<slug:slug>/<paragraph:number>/", views.conclusion_detail, name="conclusion-detail"),
    path("themes/", views.theme_list, name="theme-list"),
    path("themes/<slug:slug>/", views.theme_detail, name="theme-detail"),
    path("search/", views.search, name="search"),
]
