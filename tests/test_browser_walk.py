"""Walk every page a person can reach, as every role, in Chromium (R-3-1; issue 9's walk).

From the home page the walker follows the links of each page it opens (GET only, bounded per
role) and fails on what a civil servant should never see: a link that answers an error, a console error, a
request to another host (the intranet has none), or, in the Chinese UI, an English word — a raw
field name, a choice code or an untranslated message. English that is content, not interface (a
standard's English title, an ISO standard's title), is marked ``lang="en"`` or ``translate="no"`` in the
templates and left out; so are standard
numbers and the names of file formats. A screenshot of each page lands under var/test-artifacts/walk/.
"""

from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest

from govstd.accounts.roles import Role
from tests.browser_support import (
    NOT_INTERFACE,
    PAGES_PER_ROLE,
    SKIP,
    english_words,
    log_in,
)
from tests.conftest import ARTIFACTS_ROOT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ARTIFACTS = ARTIFACTS_ROOT / "walk"


def _walk(page, role: Role, username: str, password: str, problems: list[str]) -> int:
    log_in(page, username, password)
    origin = urlsplit(page.base).netloc
    console: list[str] = []
    outside: list[str] = []
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    page.on("request", lambda request: outside.append(request.url)
            if urlsplit(request.url).netloc not in (origin, "") and not request.url.startswith("data:") else None)
    seen: set[str] = set()
    queue = deque(["/"])
    shots = ARTIFACTS / role.value
    shots.mkdir(parents=True, exist_ok=True)
    while queue and len(seen) < PAGES_PER_ROLE:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        console.clear()
        outside.clear()
        response = page.goto(page.base + path)
        status = response.status if response else 0
        where = f"{role.value} {path}"
        if status >= 400 or status == 0:  # a link a role is given opens for that role
            problems.append(f"{where}: HTTP {status}")
            continue
        page.screenshot(path=str(shots / f"{len(seen):02d}.jpg"), type="jpeg", quality=40)
        if console:
            problems.append(f"{where}: console error {console[:2]}")
        if outside:
            problems.append(f"{where}: request to another host {outside[:2]}")
        text = page.evaluate("""(selector) => {
            const body = document.body.cloneNode(true);
            body.querySelectorAll(selector).forEach(e => e.remove());
            return body.innerText; }""", NOT_INTERFACE)
        if words := english_words(text):
            problems.append(f"{where}: English in the Chinese UI {sorted(set(words))[:8]}")
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
            link = urldefrag(href)[0]
            if not link.startswith("/") or link.startswith("//") or SKIP.search(link):
                continue
            if link not in seen:
                queue.append(link)
    return len(seen)


@pytest.mark.parametrize("role", list(Role))
def test_every_page_a_role_reaches_reads_in_chinese_with_no_error(page, demo_password, demo_users_and_projects,
                                                                 role):
    username = demo_users_and_projects[role]
    problems: list[str] = []
    walked = _walk(page, role, username, demo_password, problems)
    assert walked >= 3
    assert not problems, "\n".join(problems)
