"""Text normalisation for searching: lower case, no accents, single spaces."""

from __future__ import annotations

import unicodedata


def normalize_search(text: str) -> str:
    """'  João  da SILVA ' -> 'joao da silva' (what contains-search compares)."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())
