"""Levels and statuses of standards (R-6.4-1), and the words people type for them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    INTERNATIONAL = "international", _("International standard")
    NATIONAL = "national", _("National standard")
    INDUSTRY = "industry", _("Industry standard")
    LOCAL = "local", _("Local standard")
    GROUP = "group", _("Group standard")
    INTERNAL = "internal", _("Internal standard")


class Status(models.TextChoices):
    CURRENT = "current", _("Current")
    UPCOMING = "upcoming", _("Coming into force")
    SUPERSEDED = "superseded", _("Newer edition exists")
    TO_DEVELOP = "to_develop", _("To be developed")
    TO_REVISE = "to_revise", _("To be revised")
    DEVELOPING = "developing", _("Being developed")
    REVISING = "revising", _("Being revised")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Table 2 counts the standards that make up the system; these two are listed apart.
OUTSIDE_SYSTEM = frozenset({Status.WITHDRAWN, Status.SUPERSEDED})
# A standard without a number yet.
PLANNED = frozenset({Status.TO_DEVELOP, Status.DEVELOPING})

# Filters of Table 1 that stand for several statuses: the figures of the home page link to them.
STATUS_GROUPS: dict[str, tuple[str, frozenset[Status]]] = {
    "in_system": (_("In the system (not withdrawn or superseded)"), frozenset(Status) - OUTSIDE_SYSTEM),
    "in_progress": (_("Being developed or revised"), frozenset({Status.DEVELOPING, Status.REVISING})),
}

LEVEL_ALIASES: dict[str, Level] = {
    **{level.value: level for level in Level},
    "国际标准": Level.INTERNATIONAL, "国际": Level.INTERNATIONAL,
    "国家标准": Level.NATIONAL, "国家": Level.NATIONAL, "国标": Level.NATIONAL,
    "行业标准": Level.INDUSTRY, "行业": Level.INDUSTRY, "行标": Level.INDUSTRY,
    "地方标准": Level.LOCAL, "地方": Level.LOCAL, "地标": Level.LOCAL,
    "团体标准": Level.GROUP, "团体": Level.GROUP, "团标": Level.GROUP,
    "内部标准": Level.INTERNAL, "内部": Level.INTERNAL, "企业标准": Level.INTERNAL,
}
STATUS_ALIASES: dict[str, Status] = {
    **{status.value: status for status in Status},
    "现行": Status.CURRENT, "现行有效": Status.CURRENT, "有效": Status.CURRENT,
    "即将实施": Status.UPCOMING,
    "有更新版": Status.SUPERSEDED, "被代替": Status.SUPERSEDED, "已被代替": Status.SUPERSEDED,
    "待制定": Status.TO_DEVELOP, "拟制定": Status.TO_DEVELOP,
    "待修订": Status.TO_REVISE, "拟修订": Status.TO_REVISE,
    "制定中": Status.DEVELOPING, "在制定": Status.DEVELOPING,
    "修订中": Status.REVISING, "在修订": Status.REVISING,
    "废止": Status.WITHDRAWN, "已废止": Status.WITHDRAWN,
}


def level_from_text(text: str) -> Level | None:
    return LEVEL_ALIASES.get(text.strip().lower() if text.isascii() else text.strip())


def status_from_text(text: str) -> Status | None:
    return STATUS_ALIASES.get(text.strip().lower() if text.isascii() else text.strip())
