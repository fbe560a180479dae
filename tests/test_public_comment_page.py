"""The public comment page publishes what 7.4 asks for beside the draft: the explanatory memo, who
drafts it and whom to contact, and how long is left to comment (R-7.4-2, issue 9 item 7)."""

import datetime as dt
import io
import zipfile

import pytest
from django.utils import timezone

from govstd.lifecycle.states import Stage
from tests.lifecycle_factories import advance, new_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(users, demo_catalog):
    project = advance(new_project(users), Stage.COMMENTING, users)
    return project.comment_periods.get()


def test_the_page_gives_the_memo_the_drafting_unit_the_contact_and_the_days_left(client, period):
    html = client.get(f"/public/comments/{period.pk}/").content.decode()
    days = (period.end_date - timezone.localdate()).days
    assert f"还剩 {days} 天" in html
    assert str(period.project.lead_unit) in html
    assert "李婷" in html and "0755-88880000" in html
    assert f"/public/comments/{period.pk}/memo/" in html
    assert "征求意见稿" in html and "编制说明" in html


def test_the_contact_is_the_one_declared_in_table_b1_and_no_account_data(client, users, period):
    """Review finding (b), R-7.4-2: the public page names the drafting unit's contact as the proposal (B.1)
    declares it — name, position, phone — and publishes no e-mail address and nothing of any user account,
    even when the account of the person who drafted it (or any other) has a phone and an e-mail."""
    from govstd.accounts.models import User

    User.objects.update(phone="13900001111")  # every account, of this unit or another
    proposal = period.project.proposal
    html = client.get(f"/public/comments/{period.pk}/").content.decode()
    assert "起草单位联系人" in html and "李婷（主任）" in html and "0755-88880000" in html
    assert "liting@example.gov.cn" not in html and "mailto:" not in html
    assert "13900001111" not in html
    assert not any(user.email in html for user in User.objects.exclude(email=""))
    proposal.leader_name = proposal.leader_title = proposal.leader_phone = ""
    proposal.save()
    html = client.get(f"/public/comments/{period.pk}/").content.decode()
    assert "起草单位联系人" not in html and str(period.project.lead_unit) in html  # the unit, no one made up


def test_anyone_can_download_the_memo_while_the_period_runs(client, period):
    response = client.get(f"/public/comments/{period.pk}/memo/")
    assert response.status_code == 200
    assert "编制说明" in response["Content-Disposition"] or "%E7%BC%96%E5%88%B6" in response["Content-Disposition"]
    document = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert "word/document.xml" in document.namelist()


def test_on_its_last_day_the_page_says_it_closes_today(client, period):
    period.start_date = timezone.localdate() - dt.timedelta(days=30)
    period.end_date = timezone.localdate()
    period.save(update_fields=["end_date", "start_date"])
    assert "今天截止" in client.get(f"/public/comments/{period.pk}/").content.decode()


def test_a_closed_periods_memo_is_not_public(client, period):
    period.start_date = timezone.localdate() - dt.timedelta(days=31)
    period.end_date = timezone.localdate() - dt.timedelta(days=1)
    period.save(update_fields=["start_date", "end_date"])
    assert client.get(f"/public/comments/{period.pk}/memo/").status_code == 404
