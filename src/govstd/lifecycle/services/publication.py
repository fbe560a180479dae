"""Approval and publication (标准批准发布, 7.6, R-7.6-1): the number and dates are given, and the
standard enters the standard system with no retyping — as 即将实施 until its implementation
date, then 现行. A revision's new edition replaces the old, which becomes 有更新版, and the
standards that cite the old edition are put up for an early periodic review (7.7)."""

import datetime as dt

from govstd.accounts.actors import lifecycle_actor
from govstd.catalog.levels import Status
from govstd.catalog.models import Standard
from govstd.catalog.services.standards import standard_publish_edition, standard_update

from ..choices import ReviewTrigger
from ..inputs import PublishInput
from ..models import Project
from ..states import Action, Kind
from .periodic_review import REVIEWABLE, periodic_review_open
from .transitions import effect_of, project_act


@effect_of(Action.PUBLISH)
def _standard_published(project: Project, *, actor, data: PublishInput, today) -> Standard:
    values = {"number": data.number, "title": project.title, "title_en": project.title_en, "level": project.level,
              "status": Status.CURRENT, "issue_date": data.issue_date,
              "implementation_date": data.implementation_date,
              "responsible_unit": project.competent_department or project.lead_unit.name}
    if project.kind == Kind.REVISE:
        old = project.revises
        standard = standard_publish_edition(replaces=old, acting_user=lifecycle_actor(actor), **values,
                                            notes=f"由标准制修订项目 {project.code} 发布")
        for citing in old.referenced_by.filter(status__in=REVIEWABLE):
            if not citing.periodic_reviews.filter(conclusion="").exists():
                periodic_review_open(standard=citing, trigger=ReviewTrigger.REFERENCE_CHANGED, acting_user=actor,
                                     reason=f"引用的 {old.number} 已被 {standard.number} 代替")
    else:
        standard = standard_update(standard=project.standard, acting_user=lifecycle_actor(actor), **values)
    project.standard = standard
    project.save(update_fields=["standard"])
    return standard


def standard_publish(*, project: Project, acting_user, expected_version: int | None = None,
                     today: dt.date | None = None, **publication) -> Standard:
    """Publish with the number, issue date and implementation date (R-7.6-1)."""
    return project_act(project=project, action=Action.PUBLISH, acting_user=acting_user,
                       expected_version=expected_version, today=today, **publication).value
