import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from govstd.accounts.demo_data import DEMO_PASSWORD, demo_users_create
from govstd.accounts.models import User
from govstd.accounts.roles import Role

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
DEMO_TABLE = Path(__file__).resolve().parents[1] / "src/govstd/catalog/fixtures/demo_detail_table.csv"
# CI runs the SQLite and the PostgreSQL suites side by side on one machine. What a test holds outside its own
# tmp_path — the folder of pictures for a person to look at, the port of a broker of its own, the Redis database
# it empties — comes from the environment, so that .ci/run can give each suite its own.
ARTIFACTS_ROOT = Path(os.environ.get("GOVSTD_TEST_ARTIFACTS")
                      or Path(__file__).resolve().parents[1] / "var" / "test-artifacts")
OWN_BROKER_PORT = int(os.environ.get("GOVSTD_TEST_BROKER_PORT", "18083"))
REDIS_TEST_DB = int(os.environ.get("GOVSTD_TEST_REDIS_DB", "15"))


def require_service(available: bool, reason: str) -> None:
    """A test that needs a real service fails in CI when it is missing, and skips on a laptop."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"CI needs {reason}")
    pytest.skip(f"{reason} is not available here")


def pytest_report_header(config):
    engine = django_settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"govstd database: {engine}; CI={IN_CI}"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """Close connections after each request, so the live server's threads leave none open at teardown.

    On SQLite the test database is a file rather than Django's in-memory default, so that a real
    job worker (``govstd db_worker`` in its own process) can open the database the test wrote.
    """
    database = django_settings.DATABASES["default"]
    database["CONN_MAX_AGE"] = 0
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("database") / "test_govstd.sqlite3")
        # A test database need not survive a power cut: skip the fsyncs.
        database["OPTIONS"]["init_command"] = database["OPTIONS"]["init_command"].replace(
            "synchronous=NORMAL", "synchronous=OFF")
    elif database["ENGINE"] == "django.db.backends.postgresql":
        # Nor need a commit wait for the disk: this session's own setting, the server's stays as it is.
        options = database.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Start each test with an empty cache: cached facts are keyed on a database revision, and the
    rollback after a test takes the revision back to a number an earlier test already cached under."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Start each test in the platform's language: a request in English leaves English active in the
    thread, and a later test that calls a service directly would read its messages in English."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_passwords(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _jobs_run_when_queued(settings):
    """Run a queued background job in the same process as soon as its transaction commits.

    django-tasks' ImmediateBackend, so a page that queues a job shows its result in the response.
    Tests of the real worker (``govstd db_worker``) set the database backend themselves. In a test
    wrapped in one transaction nothing commits, so a test that needs the job run is transactional.
    """
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def users(db) -> dict[Role, User]:
    """One demo user per role, as ``govstd demo`` creates them."""
    return {Role(role): User.objects.get(username=username) for username, role in demo_users_create()}


@pytest.fixture
def admin(users) -> User:
    return users[Role.STANDARDIZATION_ADMIN]


@pytest.fixture
def demo_catalog(admin):
    from govstd.catalog.services.standard_import import standards_import

    report = standards_import(source=DEMO_TABLE, acting_user=admin)
    assert report.ok and report.written
    return report


@pytest.fixture
def demo_users_and_projects(demo_catalog) -> dict[Role, str]:
    """The whole demo, as ``make run`` loads it: a user per role, projects at every stage, indicators with
    a simulated day of readings, alarms."""
    import io

    from django.core.management import call_command

    from govstd.accounts.demo_data import demo_users_create

    call_command("demo", stdout=io.StringIO())
    return {Role(role): username for username, role in demo_users_create()}


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def demo_password() -> str:
    return DEMO_PASSWORD


@pytest.fixture
def chromium_path() -> str:
    path = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    require_service(path is not None, "Chromium (Debian package chromium)")
    return path


@pytest.fixture
def libreoffice_path() -> str:
    path = shutil.which("libreoffice") or shutil.which("soffice")
    require_service(path is not None, "LibreOffice (Debian package libreoffice-writer-nogui)")
    return path


@pytest.fixture
def office_to_pdf_text(libreoffice_path, tmp_path):
    """Open a generated document in LibreOffice, convert it to PDF and return the PDF's text.

    A document that LibreOffice cannot open fails here, so this is what "opens cleanly" means.
    """
    require_service(shutil.which("pdftotext") is not None, "pdftotext (Debian package poppler-utils)")

    def convert(data: bytes, name: str) -> str:
        source = tmp_path / name
        source.write_bytes(data)
        result = subprocess.run(
            [libreoffice_path, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
             "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
            capture_output=True, text=True, timeout=180, check=False)
        converted = source.with_suffix(".pdf")
        assert result.returncode == 0 and converted.exists(), result.stderr
        text = subprocess.run(["pdftotext", "-layout", str(converted), "-"], capture_output=True, text=True,
                              check=False)
        return text.stdout

    return convert


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture
def browser(chromium_path):
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# What Chromium writes to the console when a page breaks the Content-Security-Policy or the
# Permissions-Policy header (R-X hardening, dengbao §4): a refused inline script, style, handler or
# eval, a resource from elsewhere, a policy feature it does not know.
POLICY_CONSOLE_MARKS = ("Content Security Policy", "Content-Security-Policy", "Permissions-Policy",
                        "Permissions policy")
# Reported from inside the page too, should a violation not reach the console.
_REPORT_VIOLATIONS = """document.addEventListener("securitypolicyviolation", (e) => console.error(
  "Content Security Policy violation: " + e.violatedDirective + " blocked " + e.blockedURI + " at "
  + e.sourceFile + ":" + e.lineNumber));"""


@pytest.fixture
def page(demo_catalog, browser, live_server):
    """A browser tab on the live server; the test fails if any page broke the CSP or Permissions-Policy."""
    context = browser.new_context(locale="en-US", accept_downloads=True, viewport={"width": 1400, "height": 900})
    context.add_init_script(_REPORT_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base = live_server.url
    violations: list[str] = []
    page.on("console", lambda message: violations.append(f"{page.url}: {message.text}")
            if any(mark in message.text for mark in POLICY_CONSOLE_MARKS) else None)
    page.policy_violations = violations
    yield page
    context.close()
    # While Playwright's event loop runs, the test's own ORM queries get connections of their own
    # (asgiref keeps them per async context); close them here or they outlive the test database.
    from django.db import connections

    connections.close_all()
    assert violations == [], "the pages broke the Content-Security-Policy or Permissions-Policy"
