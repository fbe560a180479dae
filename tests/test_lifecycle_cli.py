"""The lifecycle from the command line: the same table and services (R-7.*, R-X-3)."""

import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import Workbook

from govstd.lifecycle.states import Stage
from govstd.notifications.models import Reminder

from .lifecycle_factories import advance, new_project

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=out)
    return out.getvalue()


def test_project_action_refuses_with_the_reason_and_then_moves(users, demo_catalog):
    project = advance(new_project(users), Stage.SUBMITTED, users)
    with pytest.raises(CommandError) as refused:
        run("project-action", project.code, "approve_proposal", "--as", "qicao", "--set", "decision_date=2026-01-05")
    assert refused.value.returncode == 1
    with pytest.raises(CommandError, match="输入为"):
        run("project-action", project.code, "approve_proposal", "--as", "biaozhunhua", "--set", "number=x")
    out = run("project-action", project.code, "approve_proposal", "--as", "biaozhunhua",
              "--set", f"decision_date={timezone.localdate()}")
    assert f"{project.code}：" in out
    project.refresh_from_db()
    assert project.stage == Stage.DRAFTING


def test_import_comments_prints_each_bad_row(users, demo_catalog, tmp_path):
    project = advance(new_project(users), Stage.COMMENTING, users, comments=0)
    book = Workbook()
    book.active.append(["章条编号", "意见内容", "提出单位"])
    book.active.append(["4.1", "建议增加示例。", ""])
    path = tmp_path / "意见.xlsx"
    book.save(path)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import-comments", project.code, str(path), "--as", "qicao", stdout=io.StringIO(), stderr=err)
    assert "第 2 行，提出单位：须填写提出单位或个人" in err.getvalue()
    book.active["C2"] = "福田区机关事务管理中心"
    book.save(path)
    assert "已导入 1 条意见" in run("import-comments", project.code, str(path), "--as", "qicao")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the worker closes its connection
def test_daily_jobs_run_through_the_database_task_worker(users, demo_catalog, settings):
    """R-X-3: the daily command queues the job; the django-tasks database worker runs it; twice sends once."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    advance(new_project(users), Stage.COMMENTING, users, comments=0)
    assert "已加入任务队列" in run("daily-jobs")
    assert DBTaskResult.objects.count() == 1
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    reminders, emails = Reminder.objects.count(), len(mail.outbox)
    assert reminders and emails
    assert "新提醒 0 条，发送邮件 0 封" in run("daily-jobs", "--now")
    assert (Reminder.objects.count(), len(mail.outbox)) == (reminders, emails)
