"""R-3-1: every user-facing string has its Simplified Chinese translation, and the compiled catalogue is current."""

import ast
import gettext
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[1] / "src/govstd/locale/zh_Hans/LC_MESSAGES"


def _po_entries() -> dict[tuple[str | None, str], tuple[str, bool]]:
    """Read django.po: (context, msgid) → (msgstr, fuzzy). Enough of the format makemessages writes."""
    entries: dict[tuple[str | None, str], tuple[str, bool]] = {}
    msgid = msgstr = context = None
    fuzzy = False
    target = None
    for line in [*(LOCALE / "django.po").read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgctxt "):
            context = ast.literal_eval(line[8:])
        elif line.startswith("msgid "):
            msgid, target = ast.literal_eval(line[6:]), "id"
        elif line.startswith("msgstr "):
            msgstr, target = ast.literal_eval(line[7:]), "str"
        elif line.startswith('"'):
            if target == "id":
                msgid += ast.literal_eval(line)
            else:
                msgstr += ast.literal_eval(line)
        elif not line.strip() and msgid is not None:
            if msgid:
                entries[(context, msgid)] = (msgstr or "", fuzzy)
            msgid = msgstr = context = None
            fuzzy = False
    return entries


def test_every_message_is_translated_and_none_is_fuzzy():
    entries = _po_entries()
    assert len(entries) > 200
    assert [m for m, (s, fuzzy) in entries.items() if not s or fuzzy] == []


def test_compiled_catalogue_matches_the_po_file():
    with (LOCALE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for (context, msgid), (msgstr, _) in _po_entries().items():
        found = compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)
        assert found == msgstr, msgid


def test_no_template_comment_spans_lines():
    """R-3-1: Django's ``{# … #}`` ends on its own line; one spread over two lines is printed on the page as text."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "src" / "govstd"
    broken = [f"{path.relative_to(root)}:{n}" for path in root.rglob("*.html")
              for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
              if line.count("{#") > line.count("#}")]
    assert broken == []
