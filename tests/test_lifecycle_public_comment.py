"""Public comment (services/public_comment.py): what moderation may touch, and the rate limit under
parallel posts (R-7.4-2, R-7.4-3, R-7.4-4)."""

import threading

import pytest
from django.conf import settings
from django.db import connections

from govstd.accounts.roles import Role
from govstd.errors import ApplicationError, Conflict, RateLimited
from govstd.lifecycle.choices import Disposition, Moderation, Source
from govstd.lifecycle.models import Comment
from govstd.lifecycle.selectors.comments import comment_summary
from govstd.lifecycle.services import public_comment
from govstd.lifecycle.states import Stage

from .lifecycle_factories import advance, new_project

pytestmark = pytest.mark.django_db


def test_moderation_cannot_drop_a_units_comment_and_skip_its_disposition(users, demo_catalog):
    """R-7.4-3: moderation is for comments from the public page; a unit's comment gets a disposition (or
    is withdrawn, with a reason) — setting it aside as spam is refused and it still blocks the review."""
    project = advance(new_project(users), Stage.HANDLING, users, comments=1)
    unit = project.comments.get()
    assert unit.source == Source.UNITS and not unit.disposition
    with pytest.raises(Conflict, match="只有公众在网页上提交的意见需要审核"):
        public_comment.comment_moderate(comment=unit, acting_user=users[Role.DRAFTER], accept=False)
    unit.refresh_from_db()
    assert unit.moderation == Moderation.ACCEPTED and unit in comment_summary(project=project).unit_comments


def test_a_public_comment_is_moderated_only_before_it_is_handled(users, demo_catalog):
    """R-7.4-2, R-7.4-3: a public comment is accepted or set aside before its disposition; once disposed
    of, moderation cannot take it out of Table D.1."""
    project = advance(new_project(users), Stage.COMMENTING, users, comments=0)
    drafter = users[Role.DRAFTER]
    citizen = public_comment.public_comment_submit(period=project.comment_periods.get(), content="建议增加示例。",
                                                   submitter="市民李四", client_address="198.51.100.4")
    public_comment.comment_moderate(comment=citizen, acting_user=drafter, accept=True)
    public_comment.comment_dispose(comment=citizen, acting_user=drafter, disposition=Disposition.ADOPTED)
    with pytest.raises(Conflict, match="已有处理意见"):
        public_comment.comment_moderate(comment=citizen, acting_user=drafter, accept=False)
    citizen.refresh_from_db()
    assert citizen.moderation == Moderation.ACCEPTED


def test_nothing_changes_table_d1_of_a_published_project(users, demo_catalog):
    """R-7.4-4, R-7-H: after publication the comments, their moderation and dispositions stay as they
    were sent to review — every comment service refuses."""
    project = advance(new_project(users), Stage.COMMENTING, users, comments=1)
    drafter = users[Role.DRAFTER]
    citizen = public_comment.public_comment_submit(period=project.comment_periods.get(), content="建议删去5.3。",
                                                   submitter="市民王五", client_address="198.51.100.5")
    public_comment.comment_moderate(comment=citizen, acting_user=drafter, accept=True)
    project = advance(project, Stage.PUBLISHED, users)
    before = list(Comment.objects.filter(project=project).values_list("id", "moderation", "disposition", "reason"))
    attempts = (
        lambda: public_comment.comment_moderate(comment=citizen, acting_user=drafter, accept=False),
        lambda: public_comment.comment_dispose(comment=citizen, acting_user=drafter,
                                               disposition=Disposition.NOT_ADOPTED, reason="改判"),
        lambda: public_comment.comment_withdraw(comment=project.comments.exclude(pk=citizen.pk).first(),
                                                acting_user=drafter, reason="误录"),
        lambda: public_comment.comment_add(project=project, acting_user=drafter, content="迟到的意见", submitter="某单位"),
    )
    for attempt in attempts:
        with pytest.raises(Conflict, match="其记录不能再更改"):
            attempt()
    after = list(Comment.objects.filter(project=project).values_list("id", "moderation", "disposition", "reason"))
    assert after == before


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # threads need committed rows
def test_the_public_comment_rate_limit_holds_under_30_parallel_posts(users, demo_catalog):
    """R-7.4-2: 30 posts from one address at the same moment (real threads; on PostgreSQL real
    concurrency) — exactly the limit (10 an hour) gets through, every other post is refused with 429."""
    limit = settings.GOVSTD_PUBLIC_COMMENTS_PER_HOUR
    assert limit == 10
    project = advance(new_project(users), Stage.COMMENTING, users, comments=0)
    period = project.comment_periods.get()
    start = threading.Barrier(30)
    results: list = []

    def post(n: int):
        try:
            start.wait()
            public_comment.public_comment_submit(period=period, content=f"第{n}条意见", submitter="同一位市民",
                                                 client_address="203.0.113.7")
            results.append("ok")
        except ApplicationError as error:
            results.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(n,)) for n in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count("ok") == limit, results
    assert all(isinstance(r, RateLimited) and r.http_status == 429 for r in results if r != "ok"), results
    assert project.comments.filter(source=Source.PUBLIC).count() == limit


def test_moderation_input_is_declared_and_refused_with_400_naming_the_field(client, users, demo_catalog):
    """R-7.4-2: the moderation's input is declared once; by the API a missing decision, a decision that
    is not yes or no, or a reason with a NUL byte is a 400 naming the field, and nothing changes."""
    from govstd.accounts.services import api_token_create

    project = advance(new_project(users), Stage.COMMENTING, users, comments=0)
    citizen = public_comment.public_comment_submit(period=project.comment_periods.get(), content="建议。",
                                                   submitter="市民", client_address="198.51.100.9")
    auth = {"Authorization": f"Bearer {api_token_create(user=users[Role.DRAFTER], name='test')}"}
    for body, field in (({}, "accept"), ({"accept": "maybe"}, "accept"), ({"accept": False, "reason": "垃圾\x00"}, "reason")):
        response = client.post(f"/api/v1/comments/{citizen.pk}/moderation", body, content_type="application/json",
                               headers=auth)
        assert response.status_code == 400 and response.json()["field"] == field, (body, response.content)
    citizen.refresh_from_db()
    assert citizen.moderation == Moderation.PENDING
    accepted = client.post(f"/api/v1/comments/{citizen.pk}/moderation", {"accept": True},
                           content_type="application/json", headers=auth)
    assert accepted.status_code == 200 and accepted.json()["moderation"] == Moderation.ACCEPTED
