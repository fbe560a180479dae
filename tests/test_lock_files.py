"""A fresh clone installs what CI tested: every dependency pyproject.toml names is pinned in the lock files."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _pinned(lock: str) -> dict[str, str]:
    pins = {}
    for line in (ROOT / lock).read_text().splitlines():
        if match := re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)", line):
            pins[match.group(1).lower().replace("_", "-")] = match.group(2)
    return pins


def test_every_dependency_is_pinned_in_the_lock_files():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime, dev = _pinned("requirements.lock"), _pinned("requirements-dev.lock")
    assert not [r for r in project["dependencies"] if _name(r) not in runtime], "run `make lock`"
    assert not [r for r in project["dependencies"] + project["optional-dependencies"]["dev"]
                if _name(r) not in dev], "run `make lock`"
    assert {name: runtime[name] for name in runtime} == {name: dev[name] for name in runtime}, \
        "the two lock files pin different versions: run `make lock`"
