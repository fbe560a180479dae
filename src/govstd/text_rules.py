"""What text the platform stores may hold, one rule for every door (web, API, CLI, imports).

Control characters, lone surrogates and the two Unicode non-characters cannot be written to an
Office document (the .xlsx and .docx exports are XML) and NUL cannot be stored by PostgreSQL, so
text holding them is refused where it comes in rather than breaking a page or an export later.
A single-line value (a title, a number, a name) holds no line breaks or tabs either.
"""

import re

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
LINE_BREAKS = re.compile(r"[\n\r\t]")


def has_control_characters(value: str, *, multiline: bool = False) -> bool:
    """Say whether ``value`` holds a character no stored text may hold (line breaks only in ``multiline`` text)."""
    return bool(CONTROL.search(value) or (not multiline and LINE_BREAKS.search(value)))
