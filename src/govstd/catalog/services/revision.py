"""The catalog revision: every catalog write calls :func:`catalog_revision_bump` (R-6.5-1).

Cached facts are keyed on the revision read from the database, so a change made through one
process invalidates the caches of all of them.
"""

from django.db import transaction
from django.db.models import F

from ..models import CatalogRevision


def catalog_revision_bump() -> None:
    """Move the revision on once the current transaction commits.

    After the commit, not inside it: the row would otherwise stay locked for the whole of a
    long import and serialize every other catalog write behind it; and a rolled-back change
    leaves the caches alone.
    """
    transaction.on_commit(_bump)


def _bump() -> None:
    row = CatalogRevision.SINGLETON_PK
    if not CatalogRevision.objects.filter(pk=row).update(number=F("number") + 1):
        CatalogRevision.objects.bulk_create([CatalogRevision(pk=row, number=1)], ignore_conflicts=True)
