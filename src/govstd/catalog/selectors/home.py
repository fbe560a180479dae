"""The home page's facts: the cards and the tree counts, cached until the catalog changes (R-6.5-1).

The cache key holds the catalog revision, read from the database on every request (one
primary-key lookup), and today's date (the due-for-review figures move with the calendar). A
change made in any process bumps the revision after it commits, so no process serves the old
figures; a warm page costs the same few queries at 100 standards and at 200,000.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone

from ..models import CatalogRevision
from .explanation import ExplanationFacts, explanation_facts
from .tree import TreeNode, system_tree

CACHE_SECONDS = 26 * 3600


@dataclass
class HomeFacts:
    facts: ExplanationFacts
    tree: TreeNode


def catalog_revision() -> int:
    return CatalogRevision.objects.filter(pk=CatalogRevision.SINGLETON_PK).values_list("number", flat=True).first() or 0


def home_facts(*, today: dt.date | None = None) -> HomeFacts:
    """Return the counts and tree the home page shows, computed once per catalog revision and day."""
    today = today or timezone.localdate()
    key = f"govstd:home-facts:{catalog_revision()}:{today.isoformat()}"
    found = cache.get(key)
    if found is None:
        facts = explanation_facts(today=today, review_limit=0)
        found = HomeFacts(facts=facts, tree=system_tree(counts=facts.table.by_category))
        cache.set(key, found, timeout=CACHE_SECONDS)
    return found
