"""Give every stored number its key, put a valid level and status on rows that lack one, and take
control characters out of stored text (the .xlsx and .docx exports cannot hold them).

Before this release the API stored any text as a level or status; such a row is given the level
its number shows (or 内部标准) and the status its number implies (现行 with a number, 待制定
without), and its notes say what was there, so the office can check it. Two rows whose numbers
differ only in zero padding keep their numbers; the later one gets no key (so the new uniqueness
does not block the upgrade) until someone edits it, when the catalog asks for a distinct number.
"""

import re

from django.db import migrations

# govstd.text_rules.CONTROL as it was when this migration was written; line breaks become spaces in one-line text.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
ONE_LINE = {"catalog.Standard": ("number", "title", "title_en", "responsible_unit", "ics", "ccs", "source_url"),
            "catalog.SystemNode": ("name", "name_en")}
MULTILINE = {"catalog.Standard": ("notes",), "catalog.SystemNode": ("description",),
             "catalog.SystemExplanation": ("purpose", "structure", "suggestions", "relations")}
LEVELS = ("international", "national", "industry", "local", "group", "internal")
STATUSES = ("current", "upcoming", "superseded", "to_develop", "to_revise", "developing", "revising", "withdrawn")


def _clean(value: str, *, one_line: bool) -> str:
    value = CONTROL.sub("", value)
    return " ".join(value.split()) if one_line else value


def clean_text(apps, schema_editor):
    for label in ("catalog.Standard", "catalog.SystemNode", "catalog.SystemExplanation"):
        model = apps.get_model(label)
        one_line, multiline = ONE_LINE.get(label, ()), MULTILINE.get(label, ())
        changed = []
        for row in model.objects.order_by("pk").iterator(chunk_size=2000):
            dirty = False
            for name in (*one_line, *multiline):
                value = getattr(row, name)
                cleaned = _clean(value, one_line=name in one_line)
                if CONTROL.search(value) and cleaned != value:
                    setattr(row, name, cleaned)
                    dirty = True
            if dirty:
                changed.append(row)
        model.objects.bulk_update(changed, [*one_line, *multiline], batch_size=1000)


def fill(apps, schema_editor):
    from govstd.catalog.standard_numbers import StandardNumberError, number_key, parse

    Standard = apps.get_model("catalog", "Standard")
    taken = set()
    changed = []
    for standard in Standard.objects.order_by("id").iterator(chunk_size=2000):
        key = number_key(standard.number) if standard.number else ""
        standard.number_key = "" if key in taken else key
        taken.add(key)
        repaired = []
        if standard.level not in LEVELS:
            try:
                level = str(parse(standard.number).level.value)
            except StandardNumberError:
                level = "internal"
            repaired.append(f"级别“{standard.level}”→{level}")
            standard.level = level
        if standard.status not in STATUSES:
            status = "current" if standard.number else "to_develop"
            repaired.append(f"状态“{standard.status}”→{status}")
            standard.status = status
        if repaired:
            standard.notes = f"{standard.notes}\n（升级时更正：{'；'.join(repaired)}）".strip()
        changed.append(standard)
        if len(changed) >= 2000:
            Standard.objects.bulk_update(changed, ["number_key", "level", "status", "notes"])
            changed = []
    Standard.objects.bulk_update(changed, ["number_key", "level", "status", "notes"])


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0009_add_standard_number_key'),
    ]

    operations = [
        migrations.RunPython(clean_text, migrations.RunPython.noop),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
