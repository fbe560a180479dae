"""What text the platform stores may hold, one rule for every door (web, API, CLI, imports).

Control characters, lone surrogates and the two Unicode non-characters cannot be written to an
Office document (the .xlsx and .docx exports are XML) and NUL cannot be stored by PostgreSQL, so
text holding them is refused where it comes in rather than breaking a page or an export later.
A single-line value (a title, a number, a name) holds no line breaks or tabs either.
"""

import re

_CONTROL_CHARACTERS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\ud800-\udfff\ufffe\uffff"
CONTROL = re.compile(f"[{_CONTROL_CHARACTERS}]")
# One search per value (an import checks several fields of up to 200,000 rows).
CONTROL_OR_LINE_BREAK = re.compile(f"[{_CONTROL_CHARACTERS}\\n\\r\\t]")


def has_control_characters(value: str, *, multiline: bool = False) -> bool:
    """Say whether ``value`` holds a character no stored text may hold (line breaks only in ``multiline`` text)."""
    return (CONTROL if multiline else CONTROL_OR_LINE_BREAK).search(value) is not None
