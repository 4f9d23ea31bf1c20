"""Run a Python module as __main__, then write this process's own peak memory (VmHWM, KiB) to a file.

usage: python benchmarks/peak.py OUT_FILE -m MODULE ARGS...

The benchmark's children run through this because ``ru_maxrss`` from ``wait4`` can report the forking
parent's high-water mark; VmHWM belongs to the process image after exec, so it is the child's own.
"""

from __future__ import annotations

import atexit
import runpy
import sys
from pathlib import Path


def _record(out: Path) -> None:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            out.write_text(line.split()[1])


def main() -> None:
    out, flag, module, *rest = sys.argv[1:]
    assert flag == "-m", "usage: peak.py OUT_FILE -m MODULE ARGS..."
    atexit.register(_record, Path(out))
    sys.path[0] = str(Path.cwd())  # as `python -m` does: the module is found from the working folder
    sys.argv = [module, *rest]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
