"""Outcome documents read from text into a meeting's heading, preamble and paragraphs."""
