"""Each action's input is declared once: the page's form, the API schema and the CLI ask for the same
fields and refuse bad input with the same message and field (R-5.3-1, R-7.2-2, R-7.4-1)."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from govstd.accounts.roles import Role
from govstd.accounts.services import api_token_create
from govstd.lifecycle.inputs import ACTION_INPUTS
from govstd.lifecycle.states import Action, Stage
from govstd.workflow.inputs import input_form

from .lifecycle_factories import advance, new_project

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()

# (action, payload as the API sends it, field named, words of the message)
BAD_INPUTS = [
    (Action.REJECT_PROPOSAL, {"reason": ""}, "reason", "请填写原因。"),
    (Action.REJECT_PROPOSAL, {"reason": "重复\x07立项"}, "reason", "原因含有不可见的控制字符"),
    (Action.REJECT_PROPOSAL, {"reason": "长" * 2001}, "reason", "原因不能超过 2000 个字符"),
    (Action.APPROVE_PROPOSAL, {"decision_date": "2026-02-30"}, "decision_date", "不是有效的日期"),
    (Action.APPROVE_PROPOSAL, {"decision_date": str(TODAY), "plan_year": "1999"}, "plan_year",
     "应在 2000 至 2100 之间"),
    (Action.APPROVE_PROPOSAL, {"decision_date": str(TODAY + dt.timedelta(days=3))}, "decision_date", "不能晚于今天"),
]


@pytest.fixture
def submitted(users, demo_catalog):
    return advance(new_project(users), Stage.SUBMITTED, users)


def test_the_form_and_the_api_schema_come_from_one_declaration(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    body = schema["paths"]["/api/v1/projects/{project_id}/actions/{action}"]["post"]["requestBody"]
    bodies = {b["title"]: b for b in body["content"]["application/json"]["schema"]["oneOf"]}
    assert set(bodies) == {a.value for a in Action}
    for action, model in ((a, m) for a, m in ACTION_INPUTS.items() if a in Action.values):
        form = input_form(model)
        assert set(form.fields) | {"expected_version"} == set(bodies[action]["properties"]), action
        required = {name for name, field in form.fields.items() if field.required}
        assert required == set(bodies[action].get("required", [])), action
    assert bodies["approve_proposal"]["properties"]["plan_year"]["anyOf"][0]["minimum"] == 2000
    create = schema["paths"]["/api/v1/projects"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    proposal_form = input_form(ACTION_INPUTS["create"])
    assert set(proposal_form.fields) | {"drafters"} == set(create["properties"])  # drafters: rows of the table
    assert create["properties"]["drafters"]["items"]["properties"]["name"]["maxLength"] == 60
    channels = bodies["open_comment"]["properties"]["channels"]["items"]["enum"]
    assert channels == [value for value, _label in input_form(ACTION_INPUTS[Action.OPEN_COMMENT])
                        .fields["channels"].choices] and "import" not in channels
    assert "$ref" not in str(body)


@pytest.mark.parametrize(("action", "payload", "field", "words"), BAD_INPUTS)
def test_every_door_refuses_bad_input_with_the_same_message(client, users, submitted, action, payload, field,
                                                            words):
    office = users[Role.STANDARDIZATION_ADMIN]
    token = api_token_create(user=office, name="test")
    api = client.post(f"/api/v1/projects/{submitted.pk}/actions/{action.value}", payload,
                      content_type="application/json", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 400 and api.json()["field"] == field, api.json()
    assert words in api.json()["message"]

    client.force_login(office)
    web = client.post(f"/projects/{submitted.pk}/actions/{action.value}/",
                      {f"{action.value}-{k}": v for k, v in payload.items()},
                      HTTP_REFERER=submitted.get_absolute_url(), follow=True)
    assert api.json()["message"] in web.content.decode()

    with pytest.raises(CommandError) as cli:
        call_command("project-action", submitted.code, action.value, "--as", office.username,
                     *[arg for k, v in payload.items() for arg in ("--set", f"{k}={v}")], stdout=io.StringIO())
    assert str(cli.value) == api.json()["message"]
    submitted.refresh_from_db()
    assert submitted.stage == Stage.SUBMITTED


def test_the_page_greys_out_a_step_that_cannot_be_taken_yet_and_says_why(client, users, demo_catalog):
    """R-7.2-1: an incomplete proposal shows its submit button disabled, with what is missing."""
    project = new_project(users, scope="")
    client.force_login(users[Role.DRAFTER])
    page = client.get(project.get_absolute_url()).content.decode()
    assert "立项建议书尚未填写完整：范围和主要技术内容" in page
    assert 'disabled aria-describedby="why-submit_proposal"' in page
    detail = client.get(f"/api/v1/projects/{project.pk}").json()
    assert detail["actions"][0]["refused_because"].startswith("立项建议书尚未填写完整")
    assert {w["kind"] for w in detail["work"]} == {"edit_proposal", "manage_team"}


def test_work_inputs_are_refused_alike_on_the_page_and_by_the_api(client, users, demo_catalog):
    """R-7.3-1, R-7.4-2, R-7.5-1: recording a comment, adding a group member and arranging a review
    refuse the same input with the same message through the page and the API."""
    office, drafter = users[Role.STANDARDIZATION_ADMIN], users[Role.DRAFTER]
    commenting = advance(new_project(users), Stage.COMMENTING, users, comments=0)
    at_review = advance(new_project(users, title="机关食堂服务规范"), Stage.REVIEW, users)
    review_round = at_review.review_rounds.get()
    team_before = commenting.team.count()  # the B.1 drafters joined the group at approval
    cases = [
        (drafter, f"/projects/{commenting.pk}/comments/", f"/projects/{commenting.pk}/comments",
         {"content": "建议\x1b修改", "submitter": "某单位"}, "content", "控制字符"),
        (drafter, f"/projects/{commenting.pk}/comments/", f"/projects/{commenting.pk}/comments",
         {"content": "建议修改", "submitter": "某单位", "channel": "import"}, "channel", "应为以下之一"),
        (drafter, f"/projects/{commenting.pk}/team/", f"/projects/{commenting.pk}/team",
         {"unit": "某单位"}, "name", "请选择账号或填写姓名"),
        (office, f"/projects/{at_review.pk}/reviews/{review_round.pk}/arrange/", f"/reviews/{review_round.pk}/arrange",
         {"form": "letter", "reviewer_ids": [drafter.pk]}, "reviewer_ids", "不能在此选择"),
    ]
    for user, page_url, api_url, payload, field, words in cases:
        token = api_token_create(user=user, name="test")
        api = client.post(f"/api/v1{api_url}", payload, content_type="application/json",
                          headers={"Authorization": f"Bearer {token}"})
        assert api.status_code == 400 and api.json()["field"] == field and words in api.json()["message"], api.json()
        client.force_login(user)
        page = client.post(page_url, payload, HTTP_REFERER=f"/projects/{commenting.pk}/", follow=True)
        assert api.json()["message"] in page.content.decode(), api_url
    assert commenting.comments.count() == 0 and commenting.team.count() == team_before
    assert not review_round.opinions.exists()


def test_the_proposal_is_refused_alike_on_its_page_and_by_the_api(client, users, demo_catalog):
    """R-7.2-1: Table B.1's input is declared once; the page (with its table of drafters) and the API refuse
    the same mistakes with the same words, and nothing is saved."""
    from .lifecycle_factories import category

    drafter = users[Role.DRAFTER]
    token = api_token_create(user=drafter, name="test")
    base = {"kind": "develop", "title": "机关食堂服务规范", "level": "local", "category_id": category().pk}
    cases = [
        ({"leader_email": "not-an-address"}, {"leader_email": "not-an-address"}, "leader_email", "电子邮件地址"),
        ({"drafters": [{"name": "李婷"}, {"unit": "智慧运营中心"}]},
         {"drafters-0-name": "李婷", "drafters-1-unit": "智慧运营中心"}, "drafters", "第 2 行：请填写姓名"),
        ({"drafters": [{"name": f"起草人{n}"} for n in range(6)]}, None, "drafters", "最多填写 5 行"),
        ({"category_id": 999999}, {"category_id": "999999"}, "category_id", "不能在此选择"),
    ]
    client.force_login(drafter)
    for api_extra, page_extra, field, words in cases:
        api = client.post("/api/v1/projects", {**base, **api_extra}, content_type="application/json",
                          headers={"Authorization": f"Bearer {token}"})
        assert api.status_code == 400 and api.json()["field"] == field and words in api.json()["message"], api.json()
        if page_extra is not None:
            page = client.post("/projects/new/", {**base, **page_extra})
            assert page.status_code == 200 and api.json()["message"] in page.content.decode(), field
    from govstd.lifecycle.models import Project

    assert not Project.objects.exists()


def test_periodic_review_dates_must_make_sense_through_every_door(client, users, demo_catalog):
    """R-7.7-1, R-7.7-2: a review is due within five years and concluded between the cycle's start and
    today — the page and the API refuse the same way, and the five-year cycle is untouched."""
    import datetime as dt

    from govstd.catalog.models import Standard
    from govstd.lifecycle.services.periodic_review import periodic_review_open

    office = users[Role.STANDARDIZATION_ADMIN]
    token = api_token_create(user=office, name="test")
    standard = Standard.objects.filter(status="current", level="local").exclude(issue_date=None).first() or \
        Standard.objects.filter(status="current").exclude(implementation_date=None).first()
    far = str(TODAY.replace(year=TODAY.year + 15))
    api = client.post(f"/api/v1/standards/{standard.pk}/periodic-reviews",
                      {"trigger": "law_or_policy", "reason": "条例修订", "due_date": far},
                      content_type="application/json", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 400 and api.json()["field"] == "due_date"
    client.force_login(office)
    page = client.post(f"/periodic-reviews/standards/{standard.pk}/open/",
                       {"trigger": "law_or_policy", "reason": "条例修订", "due_date": far},
                       HTTP_REFERER="/periodic-reviews/", follow=True)
    assert api.json()["message"] in page.content.decode()
    review = periodic_review_open(standard=standard, acting_user=office, trigger="law_or_policy", reason="条例修订")
    for concluded_on in (TODAY + dt.timedelta(days=1), dt.date(1990, 1, 1)):
        refused = client.post(f"/api/v1/periodic-reviews/{review.pk}/conclusion",
                              {"conclusion": "continue", "reason": "仍适用", "concluded_on": str(concluded_on)},
                              content_type="application/json", headers={"Authorization": f"Bearer {token}"})
        assert refused.status_code == 400 and refused.json()["field"] == "concluded_on", concluded_on
    standard.refresh_from_db()
    assert standard.last_reviewed_on is None


def test_a_required_choice_starts_empty_and_required_fields_are_marked():
    """Issue 9: the proposal form defaulted 标准级别 to 国际标准 and did not mark required fields."""
    from govstd.lifecycle.inputs import ProposalInput
    from govstd.workflow.inputs import input_form

    form = input_form(ProposalInput)
    level = form["level"]
    assert next(iter(level.field.choices))[0] == ""
    assert 'class="required"' in level.label_tag()
    assert 'class="required"' not in form["participating_units"].label_tag()
