"""The workflow engine is generic: a second, small workflow declared here runs on it (R-7-H).

A "ticket" goes open → doing → done; an implementing unit works only on its own unit's tickets;
finishing needs a note that says what was done. Every refusal of the engine is shown once:
a step the state does not allow, a role, the scope, a stale version, missing input, an input
guard, a state guard; and what is allowed comes back from ``available`` with the reason.
"""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.utils.translation import gettext_lazy as _

from govstd.accounts.models import AuditEntry, Unit
from govstd.accounts.roles import Role
from govstd.accounts.services import user_create
from govstd.errors import ApplicationError, Conflict, PermissionDenied
from govstd.workflow import engine
from govstd.workflow.guards import Invalid, needs_input
from govstd.workflow.inputs import Input, day, text
from govstd.workflow.models import WorkflowEvent
from govstd.workflow.table import Transition, Work, Workflow

pytestmark = pytest.mark.django_db


class TicketState(models.TextChoices):
    OPEN = "open", "Open"
    DOING = "doing", "Doing"
    DONE = "done", "Done"


class TicketAction(models.TextChoices):
    START = "start", "Start"
    FINISH = "finish", "Finish"


class TicketEntry(models.TextChoices):
    FILE = "file", "File a ticket"


class TicketWork(models.TextChoices):
    NOTE = "add_note", "add a note"


class Ticket(models.Model):
    title = models.CharField(max_length=100)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=10, choices=TicketState.choices, default=TicketState.OPEN)
    version = models.PositiveIntegerField(default=1)
    blocked = models.BooleanField(default=False)

    class Meta:
        app_label = "workflow_tests"  # not an installed app: no other test sees these models

    def __str__(self) -> str:
        return self.title


TicketEventType = models.TextChoices("TicketEventType", [(m.name, (m.value, m.label)) for m in
                                                         (*TicketEntry, *TicketAction, *TicketWork)])


class TicketEvent(WorkflowEvent):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=40, choices=TicketEventType.choices)
    from_state = models.CharField(max_length=10, blank=True)
    to_state = models.CharField(max_length=10)

    class Meta(WorkflowEvent.Meta):
        app_label = "workflow_tests"  # not an installed app: no other test sees these models


def not_blocked(ctx) -> str | None:
    return "工单被阻塞。" if ctx.obj.blocked else None


@needs_input
def note_says_done(ctx) -> Invalid | None:
    return None if "完成" in ctx.data["note"] else Invalid("说明须写明完成情况。", "note")


def finished_in_order(value) -> Invalid | None:
    return Invalid("完成日期须在今天以前。", "finished_on") if value.finished_on > dt.date(2100, 1, 1) else None


class FinishInput(Input):
    note: text(_("Note"), max_length=20)
    finished_on: day(_("Finished on"))

    checks = (finished_in_order,)


WORKERS = frozenset({Role.IMPLEMENTER, Role.STANDARDIZATION_ADMIN})

TICKETS = Workflow(
    name="tickets", model=Ticket, event_model=TicketEvent, event_subject="ticket", states=TicketState,
    actions=TicketAction, entries=TicketEntry, work_kinds=TicketWork,
    transitions=(
        Transition(None, TicketEntry.FILE, TicketState.OPEN, WORKERS),
        Transition(TicketState.OPEN, TicketAction.START, TicketState.DOING, WORKERS, (not_blocked,)),
        Transition(TicketState.DOING, TicketAction.FINISH, TicketState.DONE, WORKERS, (note_says_done,)),
    ),
    work=(Work(TicketWork.NOTE, frozenset({TicketState.DOING}), WORKERS),),
    inputs={TicketAction.FINISH: FinishInput},
    scoped_roles=frozenset({Role.IMPLEMENTER}),
    in_scope=lambda user, ticket: user.unit_id == ticket.unit_id,
    out_of_scope_message="只能处理本单位的工单。",
    noun="工单",
)


@pytest.fixture(scope="module")
def ticket_tables(django_db_setup, django_db_blocker):
    """Create the tables of the models this test declares (the workflow app's migrations have none)."""
    with django_db_blocker.unblock():
        with connection.schema_editor() as editor:
            editor.create_model(Ticket)
            editor.create_model(TicketEvent)
        content_type = ContentType.objects.get_for_model(Ticket)  # committed, as a migration would have it
        yield
        content_type.delete()
        ContentType.objects.clear_cache()
        with connection.schema_editor() as editor:
            editor.delete_model(TicketEvent)
            editor.delete_model(Ticket)


@pytest.fixture
def people(users, ticket_tables):
    own, other = Unit.objects.get(name="深圳市市直机关智慧运营中心"), Unit.objects.get(name="深圳市标准技术研究院")
    worker = user_create(username="worker", password="Worker@2026pass", roles=[Role.IMPLEMENTER], unit=own)
    outsider = user_create(username="outsider", password="Outsider@2026pass", roles=[Role.IMPLEMENTER], unit=other)
    return {"worker": worker, "outsider": outsider, "leader": users[Role.LEADER],
            "office": users[Role.STANDARDIZATION_ADMIN], "unit": own}


def file_ticket(people, **values) -> Ticket:
    taken = engine.enter(TICKETS, obj=Ticket(title="会议室灯具损坏", unit=people["unit"], **values),
                         action=TicketEntry.FILE, actor=people["worker"])
    return taken.obj


def test_a_step_moves_the_state_writes_a_typed_event_and_an_audit_row(people):
    ticket = file_ticket(people)
    taken = engine.take(TICKETS, obj=ticket, action=TicketAction.START, actor=people["worker"],
                        expected_version=ticket.version)
    assert (taken.obj.state, taken.obj.version) == (TicketState.DOING, 2)
    assert [(e.action, e.from_state, e.to_state) for e in ticket.events.order_by("id")] == [
        ("file", "", "open"), ("start", "open", "doing")]
    assert taken.event.action_label == "Start"
    entry = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(Ticket), object_id=str(ticket.pk),
                                      action=AuditEntry.Action.UPDATE).get()
    assert entry.changes == {"state": ["open", "doing"]} and entry.actor == people["worker"]


def test_every_kind_of_refusal_and_nothing_changes(people):
    ticket = file_ticket(people)
    worker = people["worker"]
    refusals = [
        ({"action": TicketAction.FINISH, "actor": worker}, Conflict, "不能执行"),  # not from "open"
        ({"action": TicketAction.START, "actor": people["leader"]}, PermissionDenied, None),  # no such role
        ({"action": TicketAction.START, "actor": people["outsider"]}, PermissionDenied, "本单位"),  # scope
        ({"action": TicketAction.START, "actor": worker, "expected_version": 99}, Conflict, "已被他人更新"),
    ]
    for kwargs, kind, words in refusals:
        with pytest.raises(kind) as refused:
            engine.take(TICKETS, obj=ticket, **kwargs)
        assert words is None or words in refused.value.message, kwargs
    Ticket.objects.filter(pk=ticket.pk).update(blocked=True)
    with pytest.raises(Conflict, match="工单被阻塞"):  # a guard on the object's state: 409
        engine.take(TICKETS, obj=ticket, action=TicketAction.START, actor=worker)
    ticket.refresh_from_db()
    assert (ticket.state, ticket.version, ticket.events.count()) == (TicketState.OPEN, 1, 1)


def test_input_is_validated_before_the_guards_that_judge_it(people):
    ticket = file_ticket(people)
    engine.take(TICKETS, obj=ticket, action=TicketAction.START, actor=people["worker"])
    cases = [
        ({}, "note", "请填写说明。"),
        ({"note": "  ", "finished_on": "2026-01-01"}, "note", "请填写说明。"),
        ({"note": "完成" * 11, "finished_on": "2026-01-01"}, "note", "不能超过 20 个字符"),
        ({"note": "完成\x00", "finished_on": "2026-01-01"}, "note", "控制字符"),
        ({"note": "完成", "finished_on": "2026-13-01"}, "finished_on", "不是有效的日期"),
        ({"note": "完成", "finished_on": 1700000000}, "finished_on", "不是有效的日期"),  # not a timestamp
        ({"note": "完成", "finished_on": "2101-01-01"}, "finished_on", "之间"),
        ({"note": "完成", "finished_on": "2026-01-01", "colour": "red"}, "colour", "不使用这些字段"),
        ({"note": "修了一半", "finished_on": "2026-01-01"}, "note", "须写明完成情况"),  # the input guard
    ]
    for payload, field, words in cases:
        with pytest.raises(ApplicationError) as refused:
            engine.take(TICKETS, obj=ticket, action=TicketAction.FINISH, actor=people["worker"], payload=payload)
        assert refused.value.http_status == 400 and refused.value.field == field, payload
        assert words in refused.value.message, (payload, refused.value.message)
    taken = engine.take(TICKETS, obj=ticket, action=TicketAction.FINISH, actor=people["worker"],
                        payload={"note": "已完成更换", "finished_on": "2026-01-01"})
    assert taken.obj.state == TicketState.DONE
    assert taken.event.data == {"note": "已完成更换", "finished_on": "2026-01-01"}


def test_work_is_allowed_by_state_role_and_scope(people):
    ticket = file_ticket(people)
    with pytest.raises(Conflict, match="不能add a note"):
        engine.require_work(TICKETS, obj=ticket, kind=TicketWork.NOTE, user=people["worker"])
    ticket = engine.take(TICKETS, obj=ticket, action=TicketAction.START, actor=people["worker"]).obj
    engine.require_work(TICKETS, obj=ticket, kind=TicketWork.NOTE, user=people["worker"])
    engine.require_work(TICKETS, obj=ticket, kind=TicketWork.NOTE, user=people["office"])  # not scoped
    with pytest.raises(PermissionDenied):
        engine.require_work(TICKETS, obj=ticket, kind=TicketWork.NOTE, user=people["outsider"])
    engine.event_record(TICKETS, obj=ticket, event_type=TicketWork.NOTE, actor=people["worker"], data={"n": 1})
    last = ticket.events.order_by("-id").first()
    assert (last.action, last.from_state, last.to_state) == ("add_note", "doing", "doing")
    with pytest.raises(ValueError, match="not a declared event type"):
        engine.event_record(TICKETS, obj=ticket, event_type="whatever", actor=people["worker"])
    with pytest.raises(ValueError, match="append-only"):
        last.save()


def test_available_says_what_can_be_done_and_why_not(people):
    ticket = file_ticket(people, blocked=True)
    assert engine.available(TICKETS, obj=ticket, user=people["leader"]) == []  # not their workflow
    assert engine.available(TICKETS, obj=ticket, user=people["outsider"]) == []  # not their unit
    [start] = engine.available(TICKETS, obj=ticket, user=people["worker"])
    assert (start.name, start.allowed, start.reason) == ("start", False, "工单被阻塞。")
    assert start.reason_code == "not_blocked"  # which rule holds it back, whatever the language of its words
    Ticket.objects.filter(pk=ticket.pk).update(blocked=False)
    ticket.refresh_from_db()
    [start] = engine.available(TICKETS, obj=ticket, user=people["worker"])
    assert start.allowed and start.target == "doing" and start.reason_code == ""
    ticket = engine.take(TICKETS, obj=ticket, action=TicketAction.START, actor=people["worker"]).obj
    options = {o.name: o for o in engine.available(TICKETS, obj=ticket, user=people["worker"])}
    # Finishing needs input, so its input guard is not judged before anything is typed.
    assert options["finish"].allowed and options["finish"].fields == ("note", "finished_on")
    assert options["add_note"].kind == "work" and options["add_note"].allowed


def test_a_table_that_declares_a_step_twice_is_refused():
    step = Transition(TicketState.OPEN, TicketAction.START, TicketState.DOING, WORKERS)
    with pytest.raises(ValueError, match="declared twice"):
        Workflow(name="twice", model=Ticket, event_model=TicketEvent, event_subject="ticket", states=TicketState,
                 actions=TicketAction, transitions=(step, step))
