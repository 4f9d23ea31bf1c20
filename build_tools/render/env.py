"""The Jinja environment for page templates, and YAML front matter."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def environment() -> Environment:
    # Markdown templates carry HTML blocks, so everything from data is escaped unless marked safe.
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def front_matter(values: Mapping[str, Any]) -> Markup:
    """YAML front matter, quoted by the YAML library so no title can break it."""
    return Markup(
        "---\n" + yaml.safe_dump(dict(values), allow_unicode=True, sort_keys=False, width=1000) + "---"
    )
