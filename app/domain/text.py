"""Text normalisation for searching: lower case, no accents, single spaces."""

from __future__ import annotations

import unicodedata


def normalize_search(text: str) -> str:
    """'  João  da SILVA ' -> 'joao da silva' (what contains-search compares); control
    characters (a pasted NUL or escape) are dropped."""
    decomposed = unicodedata.normalize("NFKD", without_controls(text))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def without_controls(text: str, keep: str = "") -> str:
    """``text`` without its control characters (Unicode category Cc: NUL, escape,
    bell...) except those in ``keep`` (e.g. line breaks): invisible on screen, refused
    by PostgreSQL (NUL) or harmful in a terminal."""
    return "".join(ch for ch in text if ch in keep or unicodedata.category(ch) != "Cc")
