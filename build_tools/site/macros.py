"""mkdocs-macros module: citing and cross-referencing in hand-written pages.

It only reads the data the build wrote (``assets/data/site.json``); no project
logic lives here, so the HTML generator can be swapped.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from build_tools.render.escape import template_value
from build_tools.render.urls import relative


def define_env(env: Any) -> None:
    data_file = Path(env.conf["docs_dir"]) / "assets" / "data" / "site.json"
    data = json.loads(data_file.read_text(encoding="utf-8"))
    sections: dict[str, dict[str, Any]] = data["sections"]
    # Hand-written pages print these as {{ edition.title }}: the values come from the inputs, so they are
    # handed over inert for HTML and Markdown, like every value in the build's own templates.
    env.variables["edition"] = {k: template_value(v) for k, v in data["edition"].items()}

    def section(section_id: str) -> dict[str, Any]:
        if section_id not in sections:
            raise KeyError(
                f"unknown section id '{section_id}' in a macro; use a permanent id from "
                "code_of_practice/chapters/"
            )
        return sections[section_id]

    @env.macro
    def xref(section_id: str) -> str:
        """A link to a section showing its number and title."""
        s = section(section_id)
        href = relative(env.page.url, s["url"])
        label = f"s.{template_value(s['number'])} {template_value(s['title'])}"
        return f'<a class="xref" href="{href}">{label}</a>'

    @env.macro
    def cite_text(section_id: str) -> str:
        """The full citation text of a section."""
        return str(template_value(section(section_id)["cite"]))
