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
