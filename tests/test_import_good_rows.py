"""A strict import that found bad rows offers to import the good ones, on the file it kept (R-6-IO;
issue 9: "a strict import that failed offers no 'import the good rows' button")."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from govstd.accounts.roles import Role
from govstd.catalog.models import Standard
from govstd.jobs.models import Job
from govstd.jobs.services import job_results_expire
from tests.test_import import BAD, GOOD, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """Post, then run what the post queued: jobs are queued when their row commits, which the test's
    transaction never does."""

    def posted(path, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, data or {})

    return posted


def _strict_import(client, post, user) -> Job:
    client.force_login(user)
    post("/import/", {"file": SimpleUploadedFile("表1.xlsx", xlsx(GOOD + BAD))})
    job = Job.objects.get(created_by=user)
    assert job.result["written"] is False and job.result["bad_rows"] > 0
    return job


def test_the_good_rows_are_imported_from_the_kept_file_on_request(client, post, users):
    admin = users[Role.STANDARDIZATION_ADMIN]
    job = _strict_import(client, post, admin)
    assert job.input_file and not Standard.objects.exists()
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert f'action="/import/{job.pk}/good-rows/"' in page
    response = post(f"/import/{job.pk}/good-rows/")
    again = Job.objects.exclude(pk=job.pk).get()
    assert response.status_code in (200, 202) and again.params["skip_invalid"] is True
    assert again.result["written"] is True and again.result["created"] == len(GOOD)
    assert Standard.objects.count() == len(GOOD)
    job.refresh_from_db()
    assert not job.input_file  # the file moved to the new job, which deleted it when done
    assert post(f"/import/{job.pk}/good-rows/").status_code == 410


def test_only_the_person_who_imported_may_import_the_good_rows(client, post, users):
    from govstd.accounts.models import User
    from govstd.accounts.services import user_set_roles

    job = _strict_import(client, post, users[Role.STANDARDIZATION_ADMIN])
    from django.utils import timezone

    other = User.objects.create_user("bzh2", password="x", password_chosen_at=timezone.now())
    user_set_roles(user=other, roles=[Role.STANDARDIZATION_ADMIN], acting_user=users[Role.SECURITY_ADMIN])
    client.force_login(other)
    assert post(f"/import/{job.pk}/good-rows/").status_code == 404
    assert not Standard.objects.exists()


def test_a_kept_file_goes_when_the_results_expire(client, post, users):
    job = _strict_import(client, post, users[Role.STANDARDIZATION_ADMIN])
    path = job.input_file.path
    job_results_expire(now=timezone.now() + dt.timedelta(days=400))
    job.refresh_from_db()
    assert not job.input_file and job.result_expired
    assert not Path(path).exists()


def test_a_file_with_only_bad_rows_is_not_kept(client, post, users):
    client.force_login(users[Role.STANDARDIZATION_ADMIN])
    post("/import/", {"file": SimpleUploadedFile("表1.xlsx", xlsx(BAD[:-1]))})  # the last is bad only beside GOOD
    assert not Job.objects.get().input_file
