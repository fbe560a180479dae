"""The lifecycle pages render at every stage for every role that may see them, and their forms
take the same steps as the services (R-7.*)."""

import datetime as dt

import pytest
from django.utils import timezone

from govstd.accounts.roles import Role
from govstd.lifecycle.models import Comment, Project
from govstd.lifecycle.states import Stage

from .lifecycle_factories import advance, new_project

pytestmark = pytest.mark.django_db

STAGES = [Stage.PROPOSAL, Stage.SUBMITTED, Stage.DRAFTING, Stage.COMMENTING, Stage.HANDLING, Stage.REVIEW,
          Stage.APPROVAL, Stage.PUBLISHED]


def test_project_page_renders_at_every_stage_for_every_role(client, users, demo_catalog):
    project = new_project(users)
    for stage in STAGES:
        advance(project, stage, users)
        for role in (Role.STANDARDIZATION_ADMIN, Role.DRAFTER, Role.REVIEWER, Role.LEADER):
            client.force_login(users[role])
            response = client.get(project.get_absolute_url())
            assert response.status_code == 200, (stage, role)
            assert project.title in response.content.decode()
    client.force_login(users[Role.STANDARDIZATION_ADMIN])
    for url in ("/projects/", "/plans/", f"/plans/{timezone.localdate().year}/", "/periodic-reviews/", "/",
                project.standard.get_absolute_url()):
        assert client.get(url).status_code == 200, url


def test_web_forms_move_the_project_and_refuse_with_the_reason(client, users, demo_catalog):
    """R-7.4-1 through the web: a 20-day period for a local standard is refused with the reason."""
    project = advance(new_project(users), Stage.DRAFTING, users)
    client.force_login(users[Role.DRAFTER])
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .lifecycle_factories import docx_bytes

    response = client.post(f"/projects/{project.pk}/drafts/", {
        "kind": "comment_draft", "note": "",
        "file": SimpleUploadedFile("征求意见稿.docx", docx_bytes())}, follow=True)
    assert response.status_code == 200
    assert project.versions.count() == 1
    client.force_login(users[Role.STANDARDIZATION_ADMIN])
    today = timezone.localdate()
    url = f"/projects/{project.pk}/actions/open_comment/"
    response = client.post(url, {"open_comment-expected_version": project.version,
                                 "open_comment-start_date": today, "open_comment-end_date": today + dt.timedelta(days=19),
                                 "open_comment-channels": ["web"], "open_comment-is_public": "on"},
                           HTTP_REFERER=project.get_absolute_url(), follow=True)
    assert "征求意见期限不少于 30 天，所填期限为 20 天" in response.content.decode()
    project.refresh_from_db()
    assert project.stage == Stage.DRAFTING
    response = client.post(url, {"open_comment-expected_version": project.version,
                                 "open_comment-start_date": today, "open_comment-end_date": today + dt.timedelta(days=29),
                                 "open_comment-channels": ["web"], "open_comment-is_public": "on"}, follow=True)
    project.refresh_from_db()
    assert project.stage == Stage.COMMENTING
    period = project.comment_periods.get()
    client.logout()
    response = client.get(f"/public/comments/{period.pk}/")
    assert "5.1" in response.content.decode()  # the clause selector lists the draft's clauses
    response = client.post(f"/public/comments/{period.pk}/", {"clause": "5.1", "content": "预约应支持取消。",
                                                             "submitter": "张三", "contact": "13800000000"})
    assert response.status_code == 302
    comment = Comment.objects.get(project=project)
    assert comment.moderation == "pending" and comment.source == "public"


def test_a_short_period_for_an_internal_standard_opens_with_a_warning(client, users, demo_catalog):
    """R-7.4-1: refused for national/industry/local, allowed with a warning for the others."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .lifecycle_factories import docx_bytes

    project = advance(new_project(users, level="internal"), Stage.DRAFTING, users)
    client.force_login(users[Role.DRAFTER])
    client.post(f"/projects/{project.pk}/drafts/", {"kind": "comment_draft",
                                                    "file": SimpleUploadedFile("稿.docx", docx_bytes())})
    client.force_login(users[Role.STANDARDIZATION_ADMIN])
    today = timezone.localdate()
    response = client.post(f"/projects/{project.pk}/actions/open_comment/", {
        "open_comment-expected_version": Project.objects.get(pk=project.pk).version,
        "open_comment-start_date": today, "open_comment-end_date": today + dt.timedelta(days=14),
        "open_comment-channels": ["web"]}, follow=True)
    assert "征求意见期限为 15 天，少于一般要求的 30 天" in response.content.decode()
    assert Project.objects.get(pk=project.pk).stage == Stage.COMMENTING


def _steps(html: str) -> list[tuple[str, bool, str]]:
    """The next-step panel as (step, open?, button class), in the order shown."""
    import re

    panel = html[html.index('class="card actions-panel"'):]
    panel = panel[:panel.index("</section>")]
    return [(re.search(r"/actions/(\w+)/", block).group(1), block.startswith(" open"),
             re.search(r'<button type="submit" class="([^"]*)"', block).group(1))
            for block in panel.split('<details class="action"')[1:]]


def test_the_step_that_moves_the_project_forward_is_offered_first(client, users, demo_catalog):
    """Issue 9 item 3: for a submitted proposal the primary step is 批准立项, not 退回修改; steps that send a
    project back or end it come last and look dangerous (R-7.2-2)."""
    project = advance(new_project(users), Stage.SUBMITTED, users)
    client.force_login(users[Role.STANDARDIZATION_ADMIN])
    steps = _steps(client.get(project.get_absolute_url()).content.decode())
    assert steps[0] == ("approve_proposal", True, "primary")
    assert [name for name, is_open, _ in steps if is_open] == ["approve_proposal"]
    assert {name: css for name, _, css in steps}["return_proposal"] == "danger"
    assert {name: css for name, _, css in steps}["reject_proposal"] == "danger"


def test_a_refusal_is_said_once_on_the_project_page(client, users, demo_catalog):
    """Issue 9 item 6: missing review materials are listed by the disabled step's reason, not twice."""
    project = advance(new_project(users), Stage.HANDLING, users)
    project.versions.filter(kind="review_draft").delete()
    client.force_login(users[Role.DRAFTER])
    import re

    html = re.sub(r'title="[^"]*"', "", client.get(project.get_absolute_url()).content.decode())  # tooltips aside
    assert html.count("送审材料不完整") == 1
    assert "尚缺的审查材料" not in html and "Review materials still missing" not in html


def test_missing_materials_are_listed_once_by_rule_not_by_wording(client, users, demo_catalog, settings):
    """Issue 9 review (a), R-7.4-5: the page knows the step is held back by the materials rule from the
    engine's reason code: in either language the drafter reads the list once (in the step's reason);
    a reader with no step to take (the leader) gets the list as a line of its own."""
    project = advance(new_project(users), Stage.HANDLING, users)
    project.versions.filter(kind="review_draft").delete()
    client.force_login(users[Role.DRAFTER])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(project.get_absolute_url()).content.decode()
    assert "Review materials still missing" not in html and html.count("Draft for review") >= 1  # 送审稿
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    client.force_login(users[Role.LEADER])
    html = client.get(project.get_absolute_url()).content.decode()
    assert html.count("送审材料尚缺") == 1


def test_the_expert_judges_the_five_points_before_writing_the_opinion(client, users, demo_catalog):
    """Issue 9 item 8 (R-7.5-1): the opinion form asks the points a)–e) first; the project page names them."""
    from govstd.lifecycle.services import review

    project = advance(new_project(users), Stage.REVIEW, users)
    current = project.review_rounds.latest("number")
    review.review_arrange(review=current, acting_user=users[Role.STANDARDIZATION_ADMIN], form="letter",
                          reviewer_ids=[users[Role.REVIEWER]], meeting_date=timezone.localdate())
    opinion = current.opinions.get(reviewer=users[Role.REVIEWER])
    client.force_login(users[Role.REVIEWER])
    html = client.get(f"/opinions/{opinion.pk}/").content.decode()
    assert html.index('name="focus_a"') < html.index('name="focus_e_note"') < html.index('name="opinion"')
    client.force_login(users[Role.STANDARDIZATION_ADMIN])
    assert "审查重点（7.5）：a）" in client.get(project.get_absolute_url()).content.decode()
