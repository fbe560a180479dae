"""Web hardening (dengbao §4 数据有效性检验 and the same clause family): every response carries a
Content-Security-Policy that allows this site's own files only, and a Permissions-Policy; no template
needs an exception to it."""

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src/govstd"
# Rendered by WeasyPrint into a PDF, never sent to a browser.
NOT_SERVED = {"catalog/templates/catalog/pdf/document.html"}
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "style element": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
    "htmx code attribute": re.compile(r"\shx-(on|vals=['\"]js:)", re.I),
}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/login/", "/public/comments/", "/api/v1/openapi.json", "/no-such-page/"])
def test_every_response_allows_only_this_sites_own_resources(client, path):
    response = client.get(path)
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == policy["base-uri"] == policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert "unsafe" not in response["Content-Security-Policy"]
    features = dict(part.strip().split("=") for part in response["Permissions-Policy"].split(","))
    assert features["camera"] == features["microphone"] == features["geolocation"] == features["payment"] == "()"


def test_no_served_template_holds_inline_script_style_or_handler():
    """The policy has no 'unsafe-inline': behaviour lives in static/js, looks in CSS, data in attributes."""
    found = []
    for template in SRC.glob("**/templates/**/*.html"):
        relative = str(template.relative_to(SRC))
        if relative in NOT_SERVED:
            continue
        text = template.read_text(encoding="utf-8")
        found += [f"{relative}: {kind}: {m.group(0)!r}" for kind, pattern in INLINE.items()
                  for m in pattern.finditer(text)]
    assert found == []


def test_check_deploy_under_the_production_settings_reports_only_what_the_readme_explains(tmp_path):
    """The README's production environment; every check id left is explained in the README (dengbao §4)."""
    import os
    import secrets
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    env = {key: value for key, value in os.environ.items() if not key.startswith(("GOVSTD_", "DJANGO_"))}
    env |= {"GOVSTD_SECRET_KEY": secrets.token_urlsafe(50), "GOVSTD_ALLOWED_HOSTS": "std.example.gov.cn",
            "GOVSTD_BEHIND_TLS_PROXY": "true", "GOVSTD_HSTS_SECONDS": "31536000", "GOVSTD_VAR_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "govstd", "check", "--deploy"], capture_output=True, text=True,
                            env=env, cwd=tmp_path, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    reported = set(re.findall(r"\((\w+\.[WE]\d+)\)", result.stdout + result.stderr))
    assert reported == {"security.W005", "security.W021"}
    readme = (root / "README.md").read_text(encoding="utf-8")
    explained = readme[readme.index("### What `check --deploy` still says"):]
    assert all(check in explained for check in [*reported, "axes.W006"])
