"""The Jinja environment for page templates, and YAML front matter."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from build_tools.render.escape import safe_url, template_value, theme_text

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


@functools.lru_cache(maxsize=1)
def environment() -> Environment:
    """The one environment per process (nothing changes it after it is made), so each template is
    compiled once, not once per page kind per build; the loader still reloads a template that changed."""
    # Markdown templates carry HTML blocks, so everything from data is escaped unless marked safe, and
    # finalize also makes Markdown syntax in data inert (escape.template_value).
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=template_value,
    )
    env.filters["href"] = safe_url
    return env


# libyaml's emitter when it is installed (the same output, several times faster), else PyYAML's own.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def front_matter(values: Mapping[str, Any]) -> Markup:
    """YAML front matter, quoted by the YAML library so no title can break it.

    The theme prints ``title``, ``description`` and ``tags`` as HTML without escaping them, so they are
    handed over escaped (escape.theme_text).
    """
    shown = {key: _for_theme(key, value) for key, value in values.items()}
    text = yaml.dump(shown, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=1000)
    return Markup("---\n" + text + "---")


def _for_theme(key: str, value: Any) -> Any:
    if key == "tags":
        return [theme_text(v) for v in value]
    if key == "description":
        return theme_text(value[:180])
    if key == "title":
        return theme_text(value)
    return value
