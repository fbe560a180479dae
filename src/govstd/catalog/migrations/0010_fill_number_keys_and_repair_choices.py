"""Give every stored number its key, and put a valid level and status on rows that lack one.

Before this release the API stored any text as a level or status; such a row is given the level
its number shows (or 内部标准) and the status its number implies (现行 with a number, 待制定
without), and its notes say what was there, so the office can check it. Two rows whose numbers
differ only in zero padding keep their numbers; the later one gets no key (so the new uniqueness
does not block the upgrade) until someone edits it, when the catalog asks for a distinct number.
"""

from django.db import migrations

LEVELS = ("international", "national", "industry", "local", "group", "internal")
STATUSES = ("current", "upcoming", "superseded", "to_develop", "to_revise", "developing", "revising", "withdrawn")


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
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
