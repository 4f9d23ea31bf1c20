"""mkdocs-macros module: citing and cross-referencing in hand-written pages.

It only reads the data the build wrote (``assets/data/site.json``); no project
logic lives here, so the HTML generator can be swapped.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from build_tools.render.urls import relative


def define_env(env: Any) -> None:
    data_file = Path(env.conf["docs_dir"]) / "assets" / "data" / "site.json"
    data = json.loads(data_file.read_text(encoding="utf-8"))
    sections: dict[str, dict[str, Any]] = data["sections"]
    env.variables["edition"] = data["edition"]

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
        return f'<a class="xref" href="{href}">s.{html.escape(s["number"])} {html.escape(s["title"])}</a>'

    @env.macro
    def cite_text(section_id: str) -> str:
        """The full citation text of a section."""
        return html.escape(section(section_id)["cite"])
