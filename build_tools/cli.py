"""The ``attendance-code`` command: the only place that prints or exits.

Exit codes: 0 success; 1 the inputs have errors (or, with --strict, warnings);
2 the command line itself is wrong.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from . import report
from .diagnostics import BuildError

EXIT_OK = 0
EXIT_INVALID = 1


def _root(args: argparse.Namespace) -> Path:
    return Path(args.root).resolve()


def cmd_check(args: argparse.Namespace) -> int:
    """Validate everything; print a summary, or one JSON object with --json."""
    result = report.check_project(_root(args), strict=args.strict)
    if args.json:
        print(json.dumps(result.as_json(), indent=2, sort_keys=True))
    else:
        print(result.as_text())
    return EXIT_OK if result.ok else EXIT_INVALID


def cmd_build(args: argparse.Namespace) -> int:
    """Build the site (and the PDFs unless --no-pdf) into site/."""
    from . import build  # imported late: it pulls in mkdocs and WeasyPrint

    try:
        summary = build.build_all(_root(args), with_pdf=not args.no_pdf, strict=args.strict)
    except BuildError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic, file=sys.stderr)
        print(f"build failed: {len(exc.diagnostics)} problem(s); the last good site/ is untouched",
              file=sys.stderr)
        return EXIT_INVALID
    print(summary)
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="attendance-code",
        description="Build and check the Attendance Code of Practice from guidance_sources/.",
    )
    top.add_argument("--root", default=".", help="project folder (default: the current folder)")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="validate sources (and the Code) and report counts")
    check.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.set_defaults(func=cmd_check)

    build = commands.add_parser("build", help="build the site and PDF handbooks into site/")
    build.add_argument("--no-pdf", action="store_true", help="skip the PDF handbooks")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.set_defaults(func=cmd_build)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
