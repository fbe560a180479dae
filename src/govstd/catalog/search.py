"""Search over standard numbers and titles in Chinese (R-X-4 for the catalog).

Chinese needs no word splitting for this: a word matches where it occurs as a substring. Each
standard keeps one lower-case ``search_text`` (number in both dash forms, title, English title)
so a query is one ``LIKE`` per word on one column; on PostgreSQL a trigram index serves it.
"""

import unicodedata


def search_text_for(*, number: str, title: str, title_en: str) -> str:
    """Build the text a standard is found by."""
    return " ".join(part for part in (number, number.replace("—", "-"), title, title_en) if part).lower()


def query_words(q: str) -> list[str]:
    """Split a query into lower-case words, folding full-width characters and dash variants."""
    text = unicodedata.normalize("NFKC", q).lower()
    for dash in ("——", "–", "‐", "－"):
        text = text.replace(dash, "-")
    return text.split()
