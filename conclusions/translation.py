"""Which fields are kept in all six languages, and the history kept of every change.

simple-history is registered here, after modeltranslation, so that the
history tables copy every language column (a HistoricalRecords() in the
model body would be created before those columns exist).
"""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from conclusions.models import Conclusion, Meeting, Theme


@register(Theme)
class ThemeTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Meeting)
class MeetingTranslationOptions(TranslationOptions):
    fields = ("title", "document_title", "organizers", "venue")


@register(Conclusion)
class ConclusionTranslationOptions(TranslationOptions):
    fields = ("label", "text")


simple_history.register(Theme, app=__package__)
simple_history.register(Meeting, app=__package__)
simple_history.register(Conclusion, app=__package__, m2m_fields=["themes"])
