"""Recreate the snapshot of an edition published before snapshots existed, from the repository's history.

usage: python scripts/recreate_edition.py [--commit 3e5a379] [--date 2026-11-23] [--root .]

The files of COMMIT are extracted into a temporary folder (``git archive``, no network) and loaded by
that commit's own loader in a subprocess, so the edition is read exactly as it was built then; the
subprocess hands the loaded Code to the current snapshot writer (``build_tools/editions/snapshot.py``,
which imports nothing from the other stages) and prints the JSON. The snapshot is then recorded like
any published edition (``code_of_practice/editions/DATE.json`` and its sha256 in ``index.json``).
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from build_tools.cli_editions import write_edition  # noqa: E402

SNAPSHOT_MODULE = ROOT / "build_tools" / "editions" / "snapshot.py"

# Runs inside the old commit's tree: its build_tools is first on sys.path.
_DUMP = """
import importlib.util, json, sys
from pathlib import Path
root = Path(sys.argv[1])
sys.path.insert(0, str(root))
from build_tools.report import load_project
from build_tools.register import load_register
spec = importlib.util.spec_from_file_location("edition_snapshot", sys.argv[2])
snapshot = importlib.util.module_from_spec(spec)
spec.loader.exec_module(snapshot)
code = load_project(root)
register, problems = load_register(root, code.corpus, {s.id for s in code.sections})
if problems:
    sys.exit("register problems: " + "; ".join(map(str, problems)))
data = snapshot.take_snapshot(code, register.entries)
print(json.dumps(data))
"""


def extract(commit: str, into: Path) -> str:
    """The commit's files in ``into``; returns the full commit id."""
    full = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--verify", f"{commit}^{{commit}}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    git_archive = ["git", "-C", str(ROOT), "archive", full]
    archive = subprocess.run(git_archive, check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return full


def recreate(commit: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="edition-") as tmp:
        full = extract(commit, Path(tmp))
        done = subprocess.run(
            [sys.executable, "-I", "-c", _DUMP, tmp, str(SNAPSHOT_MODULE)],
            capture_output=True,
            text=True,
            cwd=tmp,
        )
        if done.returncode != 0:
            raise SystemExit(f"loading {commit} failed:\n{done.stderr}")
    data = json.loads(done.stdout)
    data["recreated_from"] = full
    return data


def main() -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--commit", default="3e5a379", help="the commit whose files were published")
    args.add_argument("--date", default="2026-11-23", help="the edition's date")
    args.add_argument("--root", default=str(ROOT), help="project to record the edition in")
    ns = args.parse_args()
    data = recreate(ns.commit)
    if data["edition"]["date"] != ns.date:  # the commit's edition.yaml names the edition it built
        raise SystemExit(f"{ns.commit} built edition {data['edition']['date']}, not {ns.date}")
    path = write_edition(Path(ns.root), data)
    sections = len(data["sections"])
    print(f"recreated edition {ns.date} from {data['recreated_from'][:12]}: {path} ({sections} sections)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
