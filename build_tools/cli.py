"""The ``attendance-code`` command: the only place that prints or exits.

Exit codes: 0 success; 1 the inputs have errors (or, with --strict, warnings);
2 the command line itself is wrong (including a --root that is not a project folder, or a port that
cannot be used); 3 another build or serve is writing the same project folder (nothing was written);
4 an internal error, a bug in the tool: one line asks for a report.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import socket
import sys
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from build_tools import cli_editions, project
from build_tools.claims.engine import KINDS
from build_tools.claims.load import load_lexicon
from build_tools.conflicts import report as conflicts_report
from build_tools.conflicts.register import REGISTER_FILE
from build_tools.decide import decided_candidates
from build_tools.diagnostics import BuildError
from build_tools.policy import check as policy_check
from build_tools.policy import read as policy_read
from build_tools.policy import rules as policy_rules
from build_tools.site import build as site_build
from build_tools.site import numbers
from build_tools.site import serve as serving

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_BUSY = 3
EXIT_BUG = 4
BUG_REPORT = (
    "attendance-code: internal error ({error}); this is a bug in the tool, not in your files. "
    "Please report it with the command you ran (set ATTENDANCE_CODE_DEBUG=1 for the details)."
)


class UsageError(Exception):
    """The command line cannot be acted on; the message says why."""


def _root(args: argparse.Namespace) -> Path:
    return Path(args.root).resolve()


def check_root(root: Path) -> None:
    """A project folder holds guidance_sources/; anything else is a wrong --root (exit 2)."""
    if not root.exists():
        raise UsageError(f"--root {root} does not exist")
    if not root.is_dir():
        raise UsageError(f"--root {root} is a file, not a project folder")
    if not (root / "guidance_sources").is_dir():
        raise UsageError(
            f"{root} is not a project folder: it has no guidance_sources/ folder "
            "(run from the project folder, or pass --root)"
        )


def fraction(text: str) -> float:
    """argparse type: a number from 0 to 1 (nan, inf and negatives are refused)."""
    return _finite(text, lambda value: 0 <= value <= 1, "a number from 0 to 1")


def seconds(text: str) -> float:
    """argparse type: a duration in seconds, 0 or more (nan and inf refused)."""
    return _finite(text, lambda value: value >= 0, "a number of seconds, 0 or more")


def _finite(text: str, accepts: Callable[[float], bool], wanted: str) -> float:
    """A finite number that ``accepts``, or the argparse error saying it must be ``wanted``."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value) or not accepts(value):
        raise argparse.ArgumentTypeError(f"{text!r} must be {wanted}")
    return value


def port(text: str) -> int:
    """argparse type: a TCP port, 0..65535 (0: any free port)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a port (0 to 65535; 0 picks a free one)")
    return value


def bind(port_number: int) -> socket.socket:
    """The listening socket for serve, opened before building so a busy port is reported at once."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind(("127.0.0.1", port_number))
    except OSError as exc:
        sock.close()
        raise UsageError(f"cannot serve on 127.0.0.1:{port_number}: {exc.strerror}; try --port N") from exc
    return sock


def cmd_check(args: argparse.Namespace) -> int:
    """Validate everything; print a summary, or one JSON object with --json."""
    result = project.check_project(_root(args), strict=args.strict)
    if args.json:
        print(json.dumps(result.as_json(), indent=2, sort_keys=True))
    else:
        print(result.as_text())
    return EXIT_OK if result.ok else EXIT_INVALID


def _busy(exc: site_build.BuildBusy) -> int:
    print(f"stopped: {exc}", file=sys.stderr)
    return EXIT_BUSY


def cmd_build(args: argparse.Namespace) -> int:
    """Build the site (and the PDFs unless --no-pdf) into site/."""
    try:
        summary = site_build.build_all(
            _root(args), with_pdf=not args.no_pdf, strict=args.strict, lock_wait=args.lock_wait
        )
    except site_build.BuildBusy as exc:
        return _busy(exc)
    except BuildError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic, file=sys.stderr)
        print(
            f"build failed: {len(exc.diagnostics)} problem(s); the last good site/ is untouched",
            file=sys.stderr,
        )
        return EXIT_INVALID
    print(summary)
    return EXIT_OK


def cmd_lock(args: argparse.Namespace) -> int:
    """Record newly published section numbers in the lock file (append only)."""
    root = _root(args)
    if not (root / numbers.LOCK_FILE).exists():
        record = numbers.publication_record(root)
        if record:
            print(
                f"lock: {numbers.LOCK_FILE} is missing but section numbers have been published: {record}. "
                "Restore the file; it is never rebuilt from the current numbering. Nothing was recorded.",
                file=sys.stderr,
            )
            return EXIT_INVALID
    result = project.check_project(root)
    blocking = [d for d in result.errors if "not yet recorded as published" not in d.message]
    if result.project is None or blocking:
        for diagnostic in blocking or result.errors:
            print(diagnostic, file=sys.stderr)
        print("lock: fix the errors above first; nothing was recorded", file=sys.stderr)
        return EXIT_INVALID
    locked = list(result.project.lock)
    updated = numbers.updated_lock(result.project.code, locked)
    numbers.write_lock(root, updated)
    for entry in updated[len(locked) :]:
        print(f"recorded s.{entry.number} {entry.id} -> {entry.url}")
    print(f"{len(updated) - len(locked)} new section number(s) recorded; {len(updated)} in total")
    return EXIT_OK


def cmd_publish(args: argparse.Namespace) -> int:
    """Publish an edition: record new numbers, write its snapshot and the reasons for each change."""
    try:
        lines = cli_editions.publish(_root(args), args.date, args.reason or "", args.changes, args.dry_run)
    except cli_editions.PublishFailed as exc:
        for line in exc.lines:
            print(line, file=sys.stderr)
        return EXIT_INVALID
    print("\n".join(lines))
    return EXIT_OK


def cmd_rebase(args: argparse.Namespace) -> int:
    """Align a source's provisions with the text of its new edition; --write records the new edition."""
    meta = {
        "id": args.id,
        "published": args.published,
        "in_force": args.in_force,
        "edition": args.edition,
        "url": args.url,
    }
    try:
        text, data = cli_editions.rebase(_root(args), args.source, Path(args.text), args.write, meta)
    except cli_editions.RebaseFailed as exc:
        print(exc, file=sys.stderr)
        return EXIT_INVALID
    print(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) if args.json else text)
    return EXIT_OK


def cmd_conflicts(args: argparse.Namespace) -> int:
    """Report candidate contradictions and their review status; every candidate with --json."""
    result = project.check_project(_root(args), detect_conflicts=False)
    corpus, reg = result.corpus, result.register
    if corpus is None or reg is None:
        for diagnostic in result.diagnostics:
            print(diagnostic, file=sys.stderr)
        return EXIT_INVALID
    problems = [d for d in result.errors if d.path == str(REGISTER_FILE)]
    for diagnostic in problems:
        print(diagnostic, file=sys.stderr)
    data = conflicts_report.report_data(
        decided_candidates(corpus, load_lexicon(_root(args))[0]), corpus, reg, args.threshold
    )
    if args.json:
        print(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False))
    else:
        print(conflicts_report.report_text(data))
    return EXIT_INVALID if problems else EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    """Build, serve site/ on 127.0.0.1, and rebuild incrementally when an input changes.

    A bad edit never stops the server: the errors are printed, the last good site stays up, and every
    served page carries a banner with the errors until they are fixed.
    """

    root = _root(args)
    sock = bind(args.port)  # before building: a busy port is a usage error, reported at once
    state = serving.State()
    try:
        print(site_build.build_all(root, with_pdf=False, lock_wait=args.lock_wait))
    except site_build.BuildBusy as exc:
        sock.close()
        return _busy(exc)
    except BuildError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic, file=sys.stderr)
        if not (root / site_build.SITE_DIR / "index.html").exists():
            sock.close()
            print("serve: fix the problems above; there is no earlier site to show", file=sys.stderr)
            return EXIT_INVALID
        state.errors = [str(d) for d in exc.diagnostics]
        print("serve: showing the last good site with the errors as a banner", file=sys.stderr)
    server = serving.server(sock, root / site_build.SITE_DIR, state)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(
        f"serving on http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops); reload the page after edits"
    )
    watched = [root / d for d in site_build.WATCHED]
    theme = [root / d for d in site_build.THEME_INPUTS]
    stamp, theme_stamp = site_build.inputs_stamp(watched), site_build.inputs_stamp(theme)
    try:
        while True:
            time.sleep(0.5)
            now, theme_now = site_build.inputs_stamp(watched), site_build.inputs_stamp(theme)
            if (now, theme_now) == (stamp, theme_stamp):
                continue
            started = time.perf_counter()
            try:
                changed = site_build.refresh(
                    root, theme_changed=theme_now != theme_stamp, lock_wait=args.lock_wait
                )
                state.errors = []
                print(f"rebuilt {len(changed)} page(s) in {time.perf_counter() - started:.1f} s")
            except site_build.BuildBusy as exc:
                print(f"not rebuilt yet: {exc}", file=sys.stderr)
                continue  # the stamps are kept, so the change is rebuilt on a later tick
            except BuildError as exc:
                state.errors = [str(d) for d in exc.diagnostics]
                for diagnostic in exc.diagnostics:
                    print(diagnostic, file=sys.stderr)
                print("not rebuilt: fix the problems above; serving the last good site", file=sys.stderr)
            except Exception as exc:  # noqa: BLE001 - a bug in one rebuild must not stop the server
                state.errors = [BUG_REPORT.format(error=f"{type(exc).__name__}: {exc}"[:200])]
                print(state.errors[0], file=sys.stderr)
            stamp, theme_stamp = now, theme_now
    except KeyboardInterrupt:
        server.shutdown()
    return EXIT_OK


def cmd_check_policy(args: argparse.Namespace) -> int:
    """Check documents the project does not hold against the Code; exit 1 only on unreadable files
    (or, with --fail-on conflicts, on any conflict)."""
    try:
        loaded = project.checker_project(_root(args))
    except BuildError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic, file=sys.stderr)
        print("check-policy: the project has errors; run `attendance-code check`", file=sys.stderr)
        return EXIT_INVALID
    assert loaded.lexicon is not None
    rules = policy_rules.checker_rules(loaded, loaded.lexicon)
    reports, errors = [], []
    for name in args.files:
        file = Path(name)
        try:
            size = file.stat().st_size if file.is_file() else None
            if size is None:
                raise policy_read.Unreadable("is not a file", "give the path of a document")
            policy_read.check_size(size)
            reports.append(policy_check.check_file(name, file.read_bytes(), rules, args.kind))
        except policy_read.Unreadable as exc:
            errors.append({"file": name, "message": exc.message, "fix": exc.fix})
        except OSError as exc:
            errors.append(
                {"file": name, "message": f"cannot be read ({exc.strerror})", "fix": "check the path"}
            )
    if args.json:
        print(json.dumps(policy_check.as_json(reports, errors, loaded.code.edition.date), indent=2))
    else:
        for report in reports:
            print(policy_check.as_text(report) + "\n")
    for error in errors:
        print(f"{error['file']}: error: {error['message']} — {error['fix']}", file=sys.stderr)
    conflicts = sum(r["summary"]["conflicts"] for r in reports)
    if errors or (args.fail_on == "conflicts" and conflicts):
        return EXIT_INVALID
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="attendance-code",
        description="Build and check the Attendance Code of Practice from guidance_sources/.",
    )
    top.add_argument("--root", default=".", help="project folder (default: the current folder)")
    top.add_argument(
        "--lock-wait",
        type=seconds,
        default=site_build.LOCK_WAIT,
        metavar="SECONDS",
        help="how long build or serve waits for another one writing the same folder "
        f"(default {site_build.LOCK_WAIT:g}); then it stops with exit code {EXIT_BUSY}",
    )
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="validate sources (and the Code) and report counts")
    check.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.set_defaults(func=cmd_check)

    lock = commands.add_parser(
        "lock", help="record new section numbers as published (never changes old ones)"
    )
    lock.set_defaults(func=cmd_lock)

    publish = commands.add_parser(
        "publish", help="publish an edition: snapshot into code_of_practice/editions/, lock, reasons"
    )
    publish.add_argument("--date", required=True, help="the edition's date, YYYY-MM-DD")
    publish.add_argument("--reason", help="why the sections changed (used where --changes gives none)")
    publish.add_argument(
        "--changes", help="YAML file mapping section id (or number) to the reason for its change"
    )
    publish.add_argument("--dry-run", action="store_true", help="list what would change; write nothing")
    publish.set_defaults(func=cmd_publish)

    rebase = commands.add_parser(
        "rebase", help="take in a new edition of a source: align its provisions with the new text"
    )
    rebase.add_argument("source", help="the source document id (or its guidance_sources/ file)")
    rebase.add_argument("--text", required=True, help="the new edition's text: a .txt (UTF-8) or .pdf file")
    rebase.add_argument("--write", action="store_true", help="write the new edition as a new source file")
    rebase.add_argument("--published", help="with --write: the new edition's publication date, YYYY-MM-DD")
    rebase.add_argument("--in-force", help="with --write: the date it applies from (default: --published)")
    rebase.add_argument("--id", help="with --write: the new document id (default: the old one, new year)")
    rebase.add_argument("--edition", help="with --write: the new edition's label, e.g. 'July 2026'")
    rebase.add_argument("--url", help="with --write: the new edition's official URL, if it moved")
    rebase.add_argument("--json", action="store_true", help="print the report as one JSON object")
    rebase.set_defaults(func=cmd_rebase)

    conflicts = commands.add_parser("conflicts", help="report contradictions between provisions")
    conflicts.add_argument("--json", action="store_true", help="print every candidate as one JSON object")
    conflicts.add_argument(
        "--threshold",
        type=fraction,
        default=0.5,
        help="report candidates scoring at least this (0..1; default 0.5)",
    )
    conflicts.set_defaults(func=cmd_conflicts)

    serve = commands.add_parser("serve", help="build, serve on 127.0.0.1 and rebuild on change (no PDFs)")
    serve.add_argument(
        "--port", type=port, default=8000, help="port on 127.0.0.1 (default 8000; 0 picks a free one)"
    )
    serve.set_defaults(func=cmd_serve)

    policy = commands.add_parser(
        "check-policy", help="check attendance documents (.txt, .md, .html, .pdf, .docx) against the Code"
    )
    policy.add_argument("files", nargs="+", metavar="FILE", help="the documents to check")
    policy.add_argument("--json", action="store_true", help="print one JSON object (shape in the README)")
    policy.add_argument(
        "--kind", choices=KINDS, help="what the document is (default: detected from its title)"
    )
    policy.add_argument(
        "--fail-on",
        choices=("conflicts",),
        help="exit 1 when any conflict is found (default: only on errors)",
    )
    policy.set_defaults(func=cmd_check_policy)

    build = commands.add_parser("build", help="build the site and PDF handbooks into site/")
    build.add_argument("--no-pdf", action="store_true", help="skip the PDF handbooks")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.set_defaults(func=cmd_build)
    return top


# 128 + SIGPIPE, what a shell reports for a command whose reader closed the pipe.
EXIT_PIPE = 141


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)  # exits 2 on a wrong command line
    try:
        check_root(_root(args))
        return int(args.func(args))
    except UsageError as exc:
        print(f"attendance-code: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`check-policy --json FILE | head`): what it wanted it has. Point stdout at
        # /dev/null so the interpreter's final flush cannot raise again, and exit as a closed pipe does.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_PIPE
    except Exception as exc:  # noqa: BLE001 - the one place an unexpected error becomes a bug report
        if os.environ.get("ATTENDANCE_CODE_DEBUG"):
            traceback.print_exc()
        print(BUG_REPORT.format(error=f"{type(exc).__name__}: {exc}"[:200]), file=sys.stderr)
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
