"""Every page a role reaches reads in one language: English in the English UI, Chinese in the Chinese UI (R-3-1).

The Chromium walk (test_browser_walk) checks the Chinese UI as a browser shows it; this walk uses the
Django test client, so it is quick enough to read the pages of every role, and the public pages, in
both languages. It follows the links of each page from the home page (GET only, bounded per role as
the Chromium walk is) with the walk's own
rules (tests/browser_support.py): what the templates mark as content — a title, a unit's or a
person's name, a standard number, with ``lang`` or ``translate="no"`` — is left out, and the rest
must be in the language chosen. The API's error messages ({"code", "message", "field"}) follow the
language an API client asks for. The pages that failed land in var/test-artifacts/english-ui/.
"""

import ast
import io
import re
import shutil
import zipfile
from collections import deque
from pathlib import Path
from urllib.parse import urldefrag

import lxml.html
import pytest
from django.conf import settings

from govstd.accounts.models import User
from govstd.accounts.roles import Role
from govstd.accounts.services import api_token_create
from tests.browser_support import NOT_INTERFACE_XPATH, PAGES_PER_ROLE, SKIP, chinese_text, english_words
from tests.conftest import ARTIFACTS_ROOT

ARTIFACTS = ARTIFACTS_ROOT / "english-ui"
SRC = Path(__file__).resolve().parents[1] / "src" / "govstd"
# The test client is quick: it reads three times the pages the Chromium walk opens. Django's own admin
# pages past its index (changelists of units and users) are the Chromium walk's to read.
PAGES = PAGES_PER_ROLE * 3
DJANGO_ADMIN_INNER = re.compile(r"^/admin/.+")
# What people read besides the text of the page.
READ_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")


def interface_text(html: str) -> str:
    """Return the interface text of a page's body: its text and the attributes people read, without the
    elements the templates mark as content."""
    root = lxml.html.fromstring(html)
    body = root.find("body") if root.find("body") is not None else root
    for element in body.xpath(NOT_INTERFACE_XPATH):
        element.drop_tree()
    attributes = [value for element in body.iter() if isinstance(element.tag, str)
                  for name in READ_ATTRIBUTES if (value := element.get(name))]
    buttons = body.xpath(".//input[@type='submit' or @type='button']/@value")
    return "\n".join([body.text_content(), *attributes, *buttons])


def _walk(client, who: str, language: str, problems: list[str], start: str = "/") -> int:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    shutil.rmtree(ARTIFACTS / language / who, ignore_errors=True)
    seen: set[str] = set()
    queue = deque([start])
    while queue and len(seen) < PAGES:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        where = f"{language} {who} {path}"
        if response.status_code in (301, 302):
            queue.appendleft(response["Location"])
            continue
        if response.status_code >= 400:
            problems.append(f"{where}: HTTP {response.status_code}")
            continue
        if not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        text = interface_text(html)
        wrong = chinese_text(text) if language == "en" else english_words(text)
        if wrong:
            problems.append(f"{where}: {'Chinese in the English' if language == 'en' else 'English in the Chinese'}"
                            f" UI {sorted(set(wrong))[:8]}")
            shot = ARTIFACTS / language / who / (re.sub(r"\W+", "_", path).strip("_") or "home")
            shot.parent.mkdir(parents=True, exist_ok=True)
            shot.with_suffix(".html").write_text(html, encoding="utf-8")
        for href in lxml.html.fromstring(html).xpath("//a/@href"):
            link = urldefrag(href)[0]
            if link.startswith("/") and not link.startswith("//") and not SKIP.search(link) \
                    and not DJANGO_ADMIN_INNER.match(link) and link not in seen:
                queue.append(link)
    return len(seen)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("role", list(Role))
def test_every_page_a_role_reaches_reads_in_the_chosen_language(client, demo_users_and_projects, role, language):
    """R-3-1: in English no Chinese interface text, in Chinese no English, on every page a role reaches."""
    client.force_login(User.objects.get(username=demo_users_and_projects[role]))
    problems: list[str] = []
    walked = _walk(client, role.value, language, problems)
    assert walked >= 3
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_public_comment_pages_read_in_the_chosen_language(client, demo_users_and_projects, language):
    """R-3-1, R-7.4-1: the pages the public opens without logging in, in either language."""
    problems: list[str] = []
    walked = _walk(client, "public", language, problems, start="/public/comments/")
    assert walked >= 2
    assert not problems, "\n".join(problems)


def test_interface_text_leaves_out_what_the_templates_mark_as_content():
    """The rule the walk applies, shown on a page: marked content is left out, the rest is read."""
    html = ('<html><body><h1>标准明细表</h1><td translate="no">机关事务管理</td><p lang="en">Title</p>'
            '<input type="submit" value="保存"><a title="返回" href="/">x</a><script>var 中 = 1;</script></body></html>')
    text = interface_text(html)
    assert sorted(chinese_text(text)) == sorted(["标准明细表", "保存", "返回"])
    assert "机关事务管理" not in text and "Title" not in text and "var" not in text


@pytest.fixture
def api_as_admin(client, admin):
    token = api_token_create(user=admin, name="english-ui")

    def call(method: str, url: str, language: str, data=None, *, token_given: bool = True):
        headers = {"Accept-Language": language}
        if token_given:
            headers["Authorization"] = f"Bearer {token}"
        kwargs = {"headers": headers}
        if data is not None:
            kwargs |= {"data": data, "content_type": "application/json"}
        return getattr(client, method)(f"/api/v1{url}", **kwargs)

    return call


API_REFUSALS = [  # (method, url, body, token, status): one of each kind of refusal the API gives
    ("get", "/standards", None, False, 401),
    ("get", "/standards/999999", None, True, 404),
    ("post", "/standards", {"title": "x", "status": "current"}, True, 400),
    ("post", "/standards", {"category_id": 99999, "title": "x", "status": "current"}, True, 400),
    ("post", "/standards", {"category_id": "abc", "title": "x", "status": "current"}, True, 400),
    ("post", "/standards", {"category_id": "CAT", "title": "", "status": "current", "number": "GB/T 1—2020"},
     True, 400),
    ("post", "/standards", {"category_id": "CAT", "title": "x", "status": "current", "number": "not a number"},
     True, 400),
    ("post", "/standards", {"category_id": "CAT", "title": "x", "status": "current", "number": "GB/T 1—2020",
                            "implementation_date": "2020-13-01"}, True, 400),
    ("get", "/jobs/999999", None, True, 404),
]


@pytest.mark.parametrize(("method", "url", "body", "token_given", "status"), API_REFUSALS)
def test_api_refusals_come_in_the_language_the_client_asks_for(api_as_admin, demo_catalog, method, url, body,
                                                               token_given, status):
    """R-3-1, R-5.3-1: an API error's message is English for Accept-Language en, Chinese otherwise."""
    from govstd.catalog.models import SystemNode

    if body and body.get("category_id") == "CAT":
        body = body | {"category_id": SystemNode.objects.filter(kind="category").first().pk}
    english = api_as_admin(method, url, "en-US,en;q=0.9", body, token_given=token_given)
    chinese = api_as_admin(method, url, "zh-CN,zh;q=0.9", body, token_given=token_given)
    assert english.status_code == chinese.status_code == status
    assert english.json()["message"] and not chinese_text(english.json()["message"]), english.json()
    assert chinese_text(chinese.json()["message"]), chinese.json()
    assert english.json()["field"] == chinese.json()["field"]


REFUSALS = {"ApplicationError", "Conflict", "NotFound", "PermissionDenied", "FileRejected", "Gone", "RateLimited",
            "Invalid", "StandardNumberError", "CommandError", "ValidationError"}
# Calls whose message is one argument: the others name a spreadsheet's column as the file writes it.
MESSAGE_ARGUMENT = {"FieldProblem": 1, "RowProblem": 3, "bad": 1}
GETTEXT = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy", "ngettext", "ngettext_lazy"}


def _chinese_literals(node: ast.AST) -> list[str]:
    """The Chinese string literals in an expression that no gettext call wraps."""
    if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in GETTEXT:
        return []
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return chinese_text(node.value)
    return [found for child in ast.iter_child_nodes(node) for found in _chinese_literals(child)]


def test_every_refusal_is_written_in_english_and_translated():
    """R-3-1: a refusal (an error raised, a field problem, a row problem) is an English msgid given to
    gettext, so the catalogue (test_translations) holds its Chinese; a Chinese literal would show in
    the English UI."""
    untranslated = []
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts or "demo" in path.name:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = getattr(getattr(node, "func", None), "id", None) or getattr(getattr(node, "func", None), "attr", "")
            if not isinstance(node, ast.Call) or name not in REFUSALS | MESSAGE_ARGUMENT.keys():
                continue
            arguments = [*node.args, *(k.value for k in node.keywords)]
            if name in MESSAGE_ARGUMENT:
                arguments = arguments[MESSAGE_ARGUMENT[name]:MESSAGE_ARGUMENT[name] + 1]
            for argument in arguments:
                if found := _chinese_literals(argument):
                    untranslated.append(f"{path.relative_to(SRC)}:{node.lineno} {found}")
    assert untranslated == []


def _workbook_without_a_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
    return buffer.getvalue()


@pytest.mark.parametrize(("language", "expected"), [("en", "is not a valid Excel (.xlsx) file"),
                                                    ("zh-hans", "不是有效的 Excel (.xlsx) 文件")])
def test_a_file_the_parser_child_refuses_is_explained_in_the_readers_language(language, expected):
    """R-3-1, R-6-IO: the workbook is read in a bounded child process; its refusal is in the uploader's language."""
    from django.utils import translation

    from govstd.catalog.table_columns import DETAIL_TABLE_SPEC
    from govstd.documents.table_files import open_table
    from govstd.errors import FileRejected

    with translation.override(language), pytest.raises(FileRejected) as refused:
        open_table(_workbook_without_a_workbook(), spec=DETAIL_TABLE_SPEC, name="a.xlsx")
    assert refused.value.message == f"a.xlsx {expected}{'。' if language != 'en' else '.'}"


def test_a_pages_own_api_calls_speak_the_pages_language_not_the_browsers(client, admin, demo_catalog):
    """R-3-1: the large screen's tiles call the API with the session's cookie from an English-language
    browser; like the page, they answer in Chinese unless the user chose English with the switcher."""
    client.force_login(admin)
    refused = client.get("/api/v1/standards/999999", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert refused.status_code == 404 and chinese_text(refused.json()["message"])
    client.cookies["django_language"] = "en"
    refused = client.get("/api/v1/standards/999999", headers={"Accept-Language": "zh-CN"})
    assert not chinese_text(refused.json()["message"])
