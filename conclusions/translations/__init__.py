"""Translations: whether each is missing, current or outdated, what translators may change, their kit."""
