"""The README documents every command and every key of the JSON outputs users script against."""

from __future__ import annotations

import json

from build_tools.cli import main, parser

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    sub = next(a for a in parser()._actions if a.dest == "command")
    return sorted(sub.choices)  # type: ignore[attr-defined]


def test_every_command_is_documented():
    commands = _commands()
    assert {"check", "build", "lock", "conflicts", "serve"} <= set(commands)
    for command in commands:
        assert f"`attendance-code {command}" in README, f"README lacks 'attendance-code {command}'"


def test_every_check_json_key_is_documented(mini, capsys):
    main(["--root", str(mini), "check", "--json"])
    data = json.loads(capsys.readouterr().out)
    for key in data:
        assert f"`{key}`" in README, f"check --json key '{key}' is not documented in README"


def test_readme_states_the_two_setup_commands():
    assert "```sh\nmake site\n```" in README and "```sh\nmake test\n```" in README
    assert "make test" in (ROOT / ".ci/run").read_text()
