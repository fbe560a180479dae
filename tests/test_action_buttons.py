"""Every button a page offers is accepted, and every button it greys out says why (issue 9).

For every demo project — and projects at the stages the demo leaves out — and every role that can
open it, the test reads the project page as that person's browser would and presses each enabled
button: the next steps (``workflow.engine.available`` through ``available_actions``) and the work
of the stage (upload a draft, record, moderate, dispose of and withdraw comments, arrange the
review, edit the memo or the proposal, the drafting group). Each form is filled in the way a person
would: what the page pre-fills stays, and every required field left empty gets a value built from
the action's declared input (``lifecycle/inputs.py``, the declaration that makes the form), with
the few values that depend on the project (a comment period long enough for its level, a number
of its level) typed as a person would. The post must be accepted — no 400, 403 or 409, no error
message, the success message shown and, for a step, the stage moved as ``states.TRANSITIONS``
says. Each press is undone (a savepoint) before the next. A disabled button must carry its reason
in Chinese, next to it and in its title. The periodic-review page, the plan pages and the
reviewer's opinion page are pressed the same way.
"""

import datetime as dt
import io
import re
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from govstd.accounts.models import User
from govstd.accounts.roles import Capability, Role, has_capability
from govstd.catalog.levels import Level
from govstd.jobs.models import Job
from govstd.jobs.services import job_execute
from govstd.lifecycle.choices import DraftKind
from govstd.lifecycle.demo_data import demo_projects_create, draft_docx, project_walk, proposal_values
from govstd.lifecycle.inputs import (
    ACTION_INPUTS,
    CommentInput,
    CommentWithdrawalInput,
    DispositionInput,
    MemoInput,
    PeriodicReviewConclusionInput,
    PeriodicReviewInput,
    ProposalInput,
    ReviewArrangementInput,
    TeamMemberInput,
)
from govstd.lifecycle.models import Project
from govstd.lifecycle.services import abandonment as abandon
from govstd.lifecycle.services import drafting, proposal, review
from govstd.lifecycle.states import TRANSITION_INDEX, Stage
from govstd.workflow.inputs import Input, NoInput, ui

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")
STANDARD_NUMBER = re.compile(r"[A-Z]{1,6}(?:/[A-Z]{1,6})*\s?\d[\w.\-—–:]*")
# The level's number family, as a person types the number of a standard just issued.
NUMBER_OF_LEVEL = {Level.LOCAL: "DB4403/T 901—{year}", Level.GROUP: "T/SZAS 901—{year}",
                   Level.INTERNAL: "SZJG/NB 901—{year}"}


def _chinese(text: str) -> bool:
    """Text a person of the Chinese UI reads: some Chinese, no English word outside a standard number."""
    bare = STANDARD_NUMBER.sub(" ", text)
    return bool(CJK.search(text)) and not re.search(r"[A-Za-z]{3,}", bare)


# --- the scene ----------------------------------------------------------------------------------

@pytest.fixture
def scene(demo_catalog, users) -> dict:
    """The demo's projects, plus one at each stage the demo does not show (open ones with a blocked twin)."""
    demo_projects_create()
    office, drafter, expert = users[Role.STANDARDIZATION_ADMIN], users[Role.DRAFTER], users[Role.REVIEWER]
    walk = {"office": office, "drafter": drafter, "expert": expert}

    def new(title: str, category: str = "智慧会议标准", **values) -> Project:
        return proposal.project_create(acting_user=drafter, **proposal_values(title, category, **values))

    new("机关会议服务质量评价规范")  # a proposal in preparation
    incomplete = new("机关会议茶歇服务规范")  # blocked: the proposal is not complete
    incomplete.proposal.drafters.all().delete()
    project_walk(new("机关会议签到服务规范"), Stage.HANDLING, **walk)  # comments awaiting their dispositions
    handled = project_walk(new("机关会议材料印制规范"), Stage.HANDLING, **walk)
    for comment in handled.comments.all():  # everything but the review draft and the memo is done
        comment.disposition = "adopted"
        comment.save(update_fields=["disposition"])
    failed = project_walk(new("机关会议音视频保障规范"), Stage.REVIEW, **walk)
    current = failed.review_rounds.latest("number")
    review.review_arrange(review=current, acting_user=office, form="meeting", reviewer_ids=[expert],
                          meeting_date=timezone.localdate(), location="市民中心会议室")
    review.review_opinion_submit(opinion=current.opinions.get(reviewer=expert), acting_user=expert,
                                 focus={k: {"ok": k != "c", "note": "" if k != "c" else "指标不明确。"} for k in "abcde"},
                                 opinion_text="需修改。", recommendation="failed")
    review.review_conclude(project=failed, acting_user=office, passed=False, modification_opinions="补充指标。")
    resubmittable = project_walk(new("机关会议保密管理规范"), Stage.REVIEW, **walk)
    current = resubmittable.review_rounds.latest("number")
    review.review_arrange(review=current, acting_user=office, form="meeting", reviewer_ids=[expert],
                          meeting_date=timezone.localdate(), location="市民中心会议室")
    review.review_opinion_submit(opinion=current.opinions.get(reviewer=expert), acting_user=expert,
                                 focus={k: {"ok": True} for k in "abcde"}, opinion_text="需修改。",
                                 recommendation="failed")
    review.review_conclude(project=resubmittable, acting_user=office, passed=False, modification_opinions="补充。")
    drafting.draft_upload(project=resubmittable, acting_user=drafter, kind=DraftKind.REVIEW_DRAFT,
                          data=draft_docx(resubmittable.title), file_name="送审稿（修改后）.docx")
    project_walk(new("机关会议场地布置规范"), Stage.APPROVAL, **walk)  # blocked: no approval draft yet
    ready = project_walk(new("机关会议服务评价规范"), Stage.APPROVAL, **walk)
    drafting.draft_upload(project=ready, acting_user=drafter, kind=DraftKind.APPROVAL_DRAFT,
                          data=draft_docx(ready.title), file_name="报批稿.docx")
    local = project_walk(new("机关会议无障碍服务规范", level="local"), Stage.DRAFTING, **walk)
    assert local.stage == Stage.DRAFTING  # the office opens its (public, 30-day) comment period below
    drafting.draft_upload(project=local, acting_user=drafter, kind=DraftKind.COMMENT_DRAFT,
                          data=draft_docx(local.title), file_name="征求意见稿.docx")
    # Closed projects: nothing to press there at all.
    proposal.proposal_reject(project=project_walk(new("机关会议餐饮服务规范"), Stage.SUBMITTED, **walk),
                             acting_user=office, reason="与已有标准重复。")
    abandon.project_abandon(project=project_walk(new("机关会议车辆调度规范"), Stage.HANDLING, **walk),
                            acting_user=office, reason="并入其他项目。")
    stages = set(Project.objects.values_list("stage", flat=True))
    assert stages == set(Stage)
    return users


def _viewers(users: dict) -> list[User]:
    return [user for role, user in users.items() if has_capability(user, Capability.VIEW_PROJECTS)]


# --- a browser's form, filled in --------------------------------------------------------------------

POST_FORMS = "//main//form[@method='post']"


def _cls(name: str) -> str:
    """XPath: the element has the class ``name``."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def _action(form) -> str:
    """The path a form posts to: its action, or the page's own address when it has none."""
    return urlsplit(urljoin(form.base_url, form.get("action") or "")).path


def _links(page, ending: str) -> list:
    return [a for a in page.xpath("//main//a[@href]") if a.get("href").endswith(ending)]


def _page(client, url: str) -> lxml.html.HtmlElement:
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return lxml.html.fromstring(response.content.decode(), base_url="http://testserver" + url)


def _declared_field(model: type[Input] | None, name: str):
    return model.model_fields.get(name) if model is not None else None


def _typed(name: str, bare: str, element, model: type[Input] | None, typed: dict) -> str:
    """What a person types into a required field left empty: the project's own values first, then a
    value of the declared type (a date, one of the choices, a line of text)."""
    if name in typed:
        return typed[name]
    if isinstance(element, lxml.html.SelectElement):
        return next(o.get("value") for o in element.iter("option") if o.get("value"))
    if isinstance(element, lxml.html.RadioGroup | lxml.html.CheckboxGroup):
        return element[0].get("value")
    kind = element.get("type", "text") if element.tag == "input" else element.tag
    if kind == "date":
        return timezone.localdate().isoformat()
    if kind == "email":
        return "lianxi@example.gov.cn"
    if kind == "number":
        return str(element.get("min") or 1)
    info = _declared_field(model, bare)
    label = str(ui(model, bare).label) if info is not None else ""
    return f"（{label or '说明'}）经研究，同意。"


def _required(form, model: type[Input] | None, prefix: str | None) -> set[str]:
    """The fields the page marks required, and the ones the declaration requires."""
    names = {el.name for el in form.inputs if el.get("required") is not None and getattr(el, "name", None)}
    if model is not None:
        names |= {f"{prefix}-{n}" if prefix else n for n, info in model.model_fields.items()
                  if info.is_required() and (f"{prefix}-{n}" if prefix else n) in form.inputs}
    return names


def _fill(form, *, model: type[Input] | None = None, prefix: str | None = None, typed: dict | None = None,
          choose: dict | None = None) -> list[tuple[str, str]]:
    """The pairs a browser posts: what the page filled in, and a value for each required field it left empty.

    ``typed`` holds values a person types because they depend on the project (keyed without prefix);
    ``choose`` picks an option for a field (e.g. each conclusion of a periodic review in turn)."""
    typed = {f"{prefix}-{k}" if prefix else k: v for k, v in (typed or {}).items()}
    pairs = [(n, v) for n, v in form.form_values() if n not in (choose or {})]
    pairs += list((choose or {}).items())
    have = {n for n, v in pairs if str(v).strip()}
    for name in sorted(_required(form, model, prefix) - have):
        bare = name.removeprefix(f"{prefix}-") if prefix else name
        pairs = [(n, v) for n, v in pairs if n != name]
        pairs.append((name, _typed(name, bare, form.inputs[name], model, typed)))
    for name, value in typed.items():  # a project-dependent value replaces a pre-filled one too
        if name in form.inputs:
            pairs = [(n, v) for n, v in pairs if n != name] + [(name, value)]
    return pairs


def _post(client, form, pairs, *, files: dict | None = None):
    data: dict[str, list] = {}
    for name, value in pairs:
        data.setdefault(name, []).append(value)
    data.update(files or {})
    return client.post(_action(form), data)


def _messages(client, response) -> tuple[list[str], list[str]]:
    """Follow the redirect; return the success and the error messages the next page shows."""
    assert response.status_code == 302, response.status_code
    page = lxml.html.fromstring(client.get(response["Location"]).content.decode())
    texts = lambda kind: [m.text_content().strip() for m in page.xpath(f"//*[{_cls('message')} and {_cls(kind)}]")]  # noqa: E731
    return texts("success"), texts("error")


def _pressed(client, form, pairs, *, what: str, files: dict | None = None, success: bool = True):
    """Post, check it was accepted, and undo it; return the messages."""
    sid = transaction.savepoint()
    try:
        response = _post(client, form, pairs, files=files)
        assert response.status_code in (200, 302), (
            f"{what}: refused with {response.status_code}: {_refusal(response)}; sent {pairs}")
        if response.status_code == 200:  # a page shown again with the service's refusal on the form
            page = lxml.html.fromstring(response.content.decode())
            errors = [e.text_content().strip() for e in page.xpath(f"//main//*[{_cls('errorlist')} or {_cls('error')}]")]
            assert not errors, f"{what}: refused: {errors}; sent {pairs}"
            return [], []
        shown, errors = _messages(client, response)
        assert not errors, f"{what}: refused: {errors}; sent {pairs}"
        if success:
            assert shown, f"{what}: no success message"
        return shown, errors
    finally:
        transaction.savepoint_rollback(sid)


def _refusal(response) -> str:
    page = lxml.html.fromstring(response.content.decode() or "<main></main>")
    return " ".join(t.strip() for t in page.xpath("//main//text()") if t.strip())[:300]


# --- what depends on the project ---------------------------------------------------------------

def _typed_for(project: Project, action: str) -> dict:
    today = timezone.localdate()
    if action == "open_comment":  # 30 days: enough for every level
        return {"end_date": (today + dt.timedelta(days=29)).isoformat()}
    if action == "publish":
        return {"number": NUMBER_OF_LEVEL[project.level].format(year=today.year), "issue_date": today.isoformat(),
                "implementation_date": (today + dt.timedelta(days=30)).isoformat()}
    return {}


# --- the project page -------------------------------------------------------------------------

def _check_steps(client, project: Project, user: User, page) -> tuple[int, int]:
    """Press each enabled next step; check each disabled one says why. Return how many of each."""
    pressed = greyed = 0
    for details in page.xpath(f"//section[{_cls('actions-panel')}]//details[{_cls('action')}]"):
        form = details.xpath(".//form")[0]
        button = form.xpath(".//button[@type='submit']")[0]
        action = _action(form).rstrip("/").rsplit("/", 1)[-1]
        what = f"{project.code} {project.get_stage_display()} {user.username}: {button.text_content().strip()}"
        if button.get("disabled") is not None:
            why = details.xpath(f".//*[@id='{button.get('aria-describedby')}']")
            assert why, f"{what}: disabled without a reason next to it"
            reason = why[0].text_content().strip()
            assert _chinese(reason), f"{what}: reason not in Chinese: {reason!r}"
            assert _chinese(button.get("title") or ""), f"{what}: disabled button has no reason in its title"
            greyed += 1
            continue
        model = ACTION_INPUTS.get(action, NoInput)
        pairs = _fill(form, model=model, prefix=action, typed=_typed_for(project, action))
        version, target = project.version, TRANSITION_INDEX[(project.stage, action)].target
        sid = transaction.savepoint()
        try:
            response = _post(client, form, pairs)
            assert response.status_code == 302, f"{what}: refused with {response.status_code}: {_refusal(response)}"
            shown, errors = _messages(client, response)
            assert not errors, f"{what}: refused: {errors}"
            assert any(button.text_content().strip() in m for m in shown), f"{what}: no success message in {shown}"
            moved = Project.objects.get(pk=project.pk)
            assert (moved.stage, moved.version) == (target, version + 1), f"{what}: stage {moved.stage}"
        finally:
            transaction.savepoint_rollback(sid)
        pressed += 1
    return pressed, greyed


def _draft_file(kind: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{DraftKind(kind).label}.docx", draft_docx("测试稿"),
                              content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


def _comment_table() -> SimpleUploadedFile:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "章条编号", "意见内容", "提出单位"])
    sheet.append([1, "5.1", "建议细化服务流程的时限要求。", "盐田区机关事务管理中心"])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("意见.xlsx", buffer.getvalue(),
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


# The work forms of the project page by the last part of their address: their declared input, and
# what a person types where the declaration asks for one of two fields (an account or a name).
WORK_FORMS: dict[str, tuple[type[Input] | None, dict]] = {
    "team": (TeamMemberInput, {"name": "王磊", "unit": "深圳市标准技术研究院"}), "remove": (None, {}),
    "comments": (CommentInput, {}), "disposition": (DispositionInput, {}),
    "withdrawal": (CommentWithdrawalInput, {}), "arrange": (ReviewArrangementInput, {}),
}


def _check_work(client, project: Project, user: User, page) -> int:
    """Press each form of the stage's work the page shows (and the pages its work links open)."""
    pressed = 0
    for form in page.xpath(POST_FORMS):
        path = _action(form)
        if "/actions/" in path:
            continue
        last = path.rstrip("/").rsplit("/", 1)[-1]
        what = f"{project.code} {project.get_stage_display()} {user.username}: {path}"
        if last == "drafts":
            kinds = [o.get("value") for o in form.inputs["kind"].iter("option") if o.get("value")]
            assert kinds, f"{what}: an upload form with no kind of draft"
            for kind in kinds:
                _pressed(client, form, _fill(form, choose={"kind": kind}), what=f"{what} {kind}",
                         files={"file": _draft_file(kind)})
                pressed += 1
            continue
        if last == "moderation":
            for decision in ("accept", "reject"):
                _pressed(client, form, [*form.form_values(), ("decision", decision)], what=f"{what} {decision}",
                         success=False)
                pressed += 1
            continue
        assert last in WORK_FORMS, f"{what}: a form this test does not know"
        model, typed = WORK_FORMS[last]
        if model is DispositionInput:
            for value in ("adopted", "partly_adopted", "not_adopted"):
                _pressed(client, form, _fill(form, model=model, choose={"disposition": value},
                                             typed={"reason": "与现行规定不一致。"}),
                         what=f"{what} {value}", success=False)
                pressed += 1
            continue
        _pressed(client, form, _fill(form, model=model, typed=typed), what=what, success=last not in ("remove", "arrange"))
        pressed += 1
    for link, model in (("edit", ProposalInput), ("memo", MemoInput)):
        for anchor in _links(page, f"/{project.pk}/{link}/"):
            form = _page(client, anchor.get("href")).xpath(POST_FORMS)[0]
            _pressed(client, form, _fill(form, model=model), what=f"{project.code} {user.username}: {link}")
            pressed += 1
    for anchor in _links(page, f"/{project.pk}/comments/import/"):
        form = _page(client, anchor.get("href")).xpath(POST_FORMS)[0]
        sid = transaction.savepoint()
        try:
            response = _post(client, form, _fill(form), files={"file": _comment_table()})
            assert response.status_code == 202, f"{project.code}: comment import refused ({response.status_code})"
            job = Job.objects.latest("id")  # queued on commit, which a test's transaction never reaches: run it
            job_execute(job_id=job.pk)
            job.refresh_from_db()
            assert job.state == Job.State.SUCCEEDED, f"{project.code}: comment import failed: {job.error}"
            assert project.comments.filter(submitter="盐田区机关事务管理中心").exists()
        finally:
            transaction.savepoint_rollback(sid)
        pressed += 1
    return pressed


OUTSIDER = "drafter of another unit"


@pytest.mark.parametrize("role", [Role.STANDARDIZATION_ADMIN, Role.DRAFTER, OUTSIDER, Role.REVIEWER,
                                  Role.IMPLEMENTER, Role.INSPECTOR, Role.LEADER])
def test_every_enabled_button_of_the_project_pages_is_accepted_and_every_disabled_one_says_why(client, scene, role):
    """R-7.2-1…R-7.6-1, R-3-1: what the project page offers, the engine accepts; what it refuses, it explains."""
    if role == OUTSIDER:  # a drafting unit sees other units' projects and may do nothing on them
        from govstd.accounts.models import RoleGrant, Unit

        other = Unit.objects.exclude(pk=scene[Role.DRAFTER].unit_id).filter(kind="drafting_unit").first() \
            or Unit.objects.exclude(pk=scene[Role.DRAFTER].unit_id).first()
        user = User.objects.create(username="waidan", unit=other, password_chosen_at=timezone.now())
        RoleGrant.objects.create(user=user, role=Role.DRAFTER)
    else:
        user = scene[role]
    client.force_login(user)
    steps = work = blocked = 0
    for project in Project.objects.order_by("id"):
        page = _page(client, project.get_absolute_url())
        pressed, greyed = _check_steps(client, project, user, page)
        steps, blocked = steps + pressed, blocked + greyed
        work += _check_work(client, project, user, page)
        for form in page.xpath("//main//form"):  # every form's buttons carry a label
            for button in form.xpath(".//button"):
                assert button.text_content().strip() or button.get("title"), f"{project.code}: a button with no label"
    # The scene has something to press, and something greyed out, for both who carry projects forward.
    if role == Role.STANDARDIZATION_ADMIN:
        assert steps >= 15 and work >= 60 and blocked >= 3, (steps, work, blocked)
    elif role == Role.DRAFTER:
        assert steps >= 3 and work >= 60 and blocked >= 3, (steps, work, blocked)
    else:
        assert steps == work == 0, f"{role} was offered {steps} steps and {work} pieces of work"


# --- the other pages with buttons -------------------------------------------------------------

def test_every_button_of_the_periodic_review_page_is_accepted(client, scene):
    """R-7.7-1, R-7.7-2: starting a review and each of its three conclusions, as the page offers them."""
    client.force_login(scene[Role.STANDARDIZATION_ADMIN])
    page = _page(client, "/periodic-reviews/")
    starts = [f for f in page.xpath(POST_FORMS) if _action(f).endswith("/open/")]
    concludes = [f for f in page.xpath(POST_FORMS) if _action(f).endswith("/conclude/")]
    assert concludes  # the demo's early review; whether any standard is due depends on today
    for form in starts[:3]:
        _pressed(client, form, _fill(form, model=PeriodicReviewInput), what=f"start {_action(form)}")
    for form in concludes:
        for conclusion in ("continue", "revise", "withdraw"):
            _pressed(client, form, _fill(form, model=PeriodicReviewConclusionInput, choose={"conclusion": conclusion}),
                     what=f"conclude {conclusion}")
    early = _page(client, f"/periodic-reviews/?standard={Project.objects.filter(stage=Stage.PUBLISHED).first().standard_id}")
    form = next(f for f in early.xpath(POST_FORMS) if _action(f).endswith("/open/"))
    assert form.inputs["trigger"].get("required") is not None  # an early review's reason is chosen, never assumed
    _pressed(client, form, _fill(form, model=PeriodicReviewInput, choose={"trigger": "reference_changed"},
                                 typed={"reason": "引用标准已更新。"}), what="start an early review")


def test_every_button_of_the_plan_pages_is_accepted(client, scene):
    """R-7.1-1, R-7.2-3: carrying unfinished projects over, from the list and from a plan."""
    client.force_login(scene[Role.STANDARDIZATION_ADMIN])
    for url in ["/plans/", *(a.get("href") for a in _page(client, "/plans/").xpath("//main//table//a"))]:
        for form in _page(client, url).xpath(POST_FORMS):
            _pressed(client, form, _fill(form), what=f"{url}: {_action(form)}")
    for role in (Role.DRAFTER, Role.LEADER):  # nothing to press for those who do not manage the plan
        client.force_login(scene[role])
        assert not _page(client, "/plans/").xpath(POST_FORMS)


def test_every_button_of_the_review_opinion_page_is_accepted(client, scene):
    """R-7.5-1: the expert's opinion, against the five points of 7.5, as the page asks for it."""
    client.force_login(scene[Role.REVIEWER])
    links = [a for a in _page(client, "/opinions/").xpath("//main//a") if "/opinions/" in a.get("href", "")]
    assert links
    pressed = 0
    for link in links:
        page = _page(client, link.get("href"))
        form = page.xpath(POST_FORMS)[0]
        if form.xpath(".//button[@type='submit' and not(@disabled)]"):
            _pressed(client, form, _fill(form), what=f"opinion {link.get('href')}")
            pressed += 1
        else:  # a review that has ended, or a project closed: the page says so, the fields are read-only
            reason = " ".join(m.text_content().strip() for m in page.xpath(f"//main//*[{_cls('message')}]"))
            assert _chinese(reason), f"opinion {link.get('href')}: no submit button and no reason"
            assert all(field.get("disabled") is not None for field in form.inputs if field.get("type") != "hidden")
    assert pressed  # the demo's review under way asks this expert


def test_every_button_of_the_tree_page_is_accepted_and_every_disabled_one_says_why(client, demo_catalog, users):
    """R-6.3-1, review finding 7: ↑ on a first child, ↓ on a last one and 停用 on a category that still holds
    standards are greyed out with the service's reason; every button left enabled changes the tree and
    writes an audit row; a greyed-out one, posted anyway, is refused with that same reason."""
    from govstd.accounts.models import AuditEntry
    from govstd.catalog.models import SystemNode
    from govstd.catalog.services.tree import node_create

    # A category that once numbered a standard and holds none in force now: it can only be retired.
    subsystem = SystemNode.objects.filter(kind=SystemNode.Kind.SUBSYSTEM).first()
    emptied = node_create(parent=subsystem, name="已迁出标准的类别", acting_user=users[Role.STANDARDIZATION_ADMIN])
    SystemNode.objects.filter(pk=emptied.pk).update(last_item_no=1)
    client.force_login(users[Role.STANDARDIZATION_ADMIN])
    page = _page(client, "/tree/")
    pressed, greyed = {"up": 0, "down": 0, "retire": 0}, {"up": 0, "down": 0, "retire": 0}
    for form in page.xpath(POST_FORMS):
        action = _action(form).rstrip("/").rsplit("/", 1)[-1]
        if action not in pressed:
            continue
        button = form.xpath(".//button[@type='submit']")[0]
        node = SystemNode.objects.get(pk=int(_action(form).rstrip("/").split("/")[-2]))
        what = f"{node.name} {action}"
        before = list(SystemNode.objects.order_by("pk").values_list("sort_order", "retired_at"))
        audits = AuditEntry.objects.count()
        sid = transaction.savepoint()
        try:
            response = _post(client, form, form.form_values())
            shown, errors = _messages(client, response)
            after = list(SystemNode.objects.order_by("pk").values_list("sort_order", "retired_at"))
            if button.get("disabled") is not None:
                reason = form.xpath(f".//*[@id='{button.get('aria-describedby')}']")
                assert reason, f"{what}: disabled without a reason next to it"
                assert _chinese(reason[0].text_content()) and _chinese(button.get("title") or ""), what
                assert errors == [reason[0].text_content().strip()] and not shown, f"{what}: {errors} {shown}"
                assert after == before and AuditEntry.objects.count() == audits, f"{what}: changed the tree"
                greyed[action] += 1
            else:
                assert shown and not errors, f"{what}: refused: {errors}"
                assert after != before and AuditEntry.objects.count() > audits, f"{what}: nothing changed"
                pressed[action] += 1
        finally:
            transaction.savepoint_rollback(sid)
    assert all(pressed.values()) and all(greyed.values()), (pressed, greyed)


def test_a_page_sent_with_a_version_that_is_not_a_number_is_refused_not_applied(client, demo_catalog, users):
    """R-3-1 (stale pages), review finding 26: expected_version "abc" answers 400 on that field and moves
    nothing — read as "none sent" it switched the stale-page check off; an empty one is still "none sent"."""
    from django.http import QueryDict

    from govstd.errors import ApplicationError
    from govstd.workflow.inputs import posted_version

    assert posted_version(QueryDict("expected_version=7")) == 7
    assert posted_version(QueryDict("expected_version=")) is None and posted_version(QueryDict("")) is None
    for bad in ("abc", "-1", "1.5", "٣", "9" * 30):
        with pytest.raises(ApplicationError) as error:
            posted_version(QueryDict(f"submit_proposal-expected_version={bad}"), prefix="submit_proposal")
        assert error.value.field == "submit_proposal-expected_version", bad
    project = proposal.project_create(acting_user=users[Role.DRAFTER], **proposal_values("机关会议服务规范", "智慧会议标准"))
    client.force_login(users[Role.DRAFTER])
    response = client.post(f"/projects/{project.pk}/actions/submit_proposal/",
                           {"submit_proposal-expected_version": "abc"})
    assert response.status_code == 400 and "expected_version" in response.content.decode(), response.status_code
    project.refresh_from_db()
    assert project.stage == Stage.PROPOSAL


def test_the_project_page_offers_each_document_once(client, demo_catalog, users):
    """R-7.2-2, R-7.3-1, R-7.4-3, review finding 13: Table B.1, the memo and Table D.1 are offered in the
    page's one documents table (with the reason when not available yet), not a second time in their sections."""
    from collections import Counter

    demo_projects_create()
    client.force_login(users[Role.STANDARDIZATION_ADMIN])
    offered = 0
    for project in Project.objects.order_by("id"):
        page = _page(client, project.get_absolute_url())
        links = Counter(a.get("href") for a in page.xpath("//main//a[@href]") if "/documents/" in a.get("href"))
        assert all(count == 1 for count in links.values()), (project.code, links)
        assert all(page.xpath(f"//section[@id='documents']//a[@href='{href}']") for href in links), project.code
        offered += len(links)
    assert offered
