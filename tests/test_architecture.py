"""The package's import graph: no cycles, and every import points down the pipeline.

model -> load -> (consolidate / conflicts / claims / guides / editions) -> project -> policy -> render -> pdf
-> site -> cli

A module may import a module of a lower layer, or one in its own stage package; never a later layer and
never a sibling stage of its own layer (conflicts and guides do not know each other). The PDF stage sits
above render because it reuses render's citations, URLs and rich text. Also: only the outer layer (site,
cli) writes to disk, and render and pdf take the Project, never a folder. Read with ``ast``: plain pytest.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from pathlib import Path

PACKAGE = "build_tools"
SOURCE = Path(__file__).resolve().parents[1] / PACKAGE

# (layer, stage) per module prefix; the longest matching prefix wins.
LAYERS: dict[str, tuple[int, str]] = {
    "build_tools": (0, "base"),
    "build_tools.model": (0, "base"),
    "build_tools.diagnostics": (0, "base"),
    "build_tools.load": (1, "load"),
    "build_tools.consolidate": (2, "consolidate"),
    "build_tools.conflicts": (2, "conflicts"),
    "build_tools.claims": (2, "claims"),
    "build_tools.guides": (2, "guides"),
    "build_tools.editions": (2, "editions"),
    "build_tools.project": (3, "project"),
    "build_tools.decide": (3, "project"),
    "build_tools.policy": (4, "policy"),
    "build_tools.render": (5, "render"),
    "build_tools.pdf": (6, "pdf"),
    "build_tools.site": (7, "site"),
    "build_tools.cli": (8, "cli"),
    "build_tools.cli_editions": (8, "cli"),
    "build_tools.__main__": (9, "main"),
}

Graph = Mapping[str, set[str]]


def module_name(path: Path) -> str:
    parts = path.relative_to(SOURCE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(SOURCE.rglob("*.py"))}


def _resolve(node: ast.ImportFrom, here: str, is_package: bool, known: set[str]) -> list[str]:
    if node.level:
        base = here.split(".") if is_package else here.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    # "from build_tools.conflicts import register" imports the submodule register
    subs = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in known]
    return subs or [target]


def imports(source: str, here: str, is_package: bool, known: set[str]) -> list[tuple[str, list[str], bool]]:
    """(imported module, names, inside a function) for every import of this package in ``source``."""
    found: list[tuple[str, list[str], bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name.split(".")[0] == PACKAGE:
                        found.append((alias.name, [], in_function))
            elif isinstance(child, ast.ImportFrom):
                for target in _resolve(child, here, is_package, known):
                    if target.split(".")[0] == PACKAGE:
                        found.append((target, [a.name for a in child.names], in_function))
            visit(child, nested)

    visit(ast.parse(source), False)
    return found


def import_graph() -> tuple[dict[str, set[str]], list[str]]:
    """The package's import graph, and every private name or function-level import found on the way."""
    mods = modules()
    known = set(mods)
    graph: dict[str, set[str]] = {m: set() for m in mods}
    problems = []
    for name, path in mods.items():
        is_package = path.name == "__init__.py"
        for target, names, in_function in imports(path.read_text(encoding="utf-8"), name, is_package, known):
            graph[name].add(target)
            private = [n for n in names if n.startswith("_") and n != "__version__"]
            if private:
                problems.append(f"{name} imports private name(s) {private} from {target}")
            if in_function:
                problems.append(f"{name} imports {target} inside a function (hides the import graph)")
    return graph, problems


def layer(module: str) -> tuple[int, str]:
    prefix = max((p for p in LAYERS if module == p or module.startswith(p + ".")), key=len, default=None)
    assert prefix is not None, f"{module} belongs to no layer: add it to LAYERS"
    return LAYERS[prefix]


def wrong_direction(graph: Graph) -> list[str]:
    """Every import against the pipeline's direction (a later layer, or a sibling stage)."""
    wrong = []
    for module, targets in sorted(graph.items()):
        rank, stage = layer(module)
        for target in sorted(targets):
            target_rank, target_stage = layer(target)
            if target_stage == stage or target_stage == "base" and target == PACKAGE:
                continue
            if target_rank >= rank:
                wrong.append(
                    f"{module} (layer {rank}, {stage}) imports {target} ({target_rank}, {target_stage})"
                )
    return wrong


def cycles(graph: Graph) -> list[list[str]]:
    """Every import cycle found by a depth-first walk (each reported once, from its first module)."""
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def walk(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                found.append(path[path.index(nxt) :] + [nxt])
            elif nxt not in state:
                walk(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            walk(node)
    return found


# --- the real package -------------------------------------------------------------------------------


def test_every_module_belongs_to_a_layer():
    for module in modules():
        layer(module)


def test_no_import_cycles():
    graph, _ = import_graph()
    assert cycles(graph) == []


def test_imports_follow_the_pipeline_direction():
    graph, _ = import_graph()
    assert wrong_direction(graph) == []


def test_no_private_names_or_hidden_imports_across_modules():
    _, problems = import_graph()
    assert problems == []


def test_the_graph_is_really_read():
    """Guard against a parser that finds nothing (which would pass every test above)."""
    graph, _ = import_graph()
    assert "build_tools.model" in graph["build_tools.render.code"]
    assert "build_tools.site.build" in graph["build_tools.cli"]
    assert "build_tools.conflicts.report" in graph["build_tools.cli"]  # "from pkg import submodule"
    assert sum(len(t) for t in graph.values()) > 50


WRITERS = ("build_tools.site", "build_tools.cli")  # the outer layer: the only code that writes to disk
WRITE_CALLS = {"write_text", "write_bytes", "mkdir", "unlink", "rmdir", "touch"}  # Path methods
# module functions that write: os.replace(...), not str.replace(...)
MODULE_WRITES = {
    "os": {"replace", "rename", "remove", "makedirs", "rmdir"},
    "shutil": {"copy", "copy2", "copyfile", "copytree", "move", "rmtree"},
}
LATER_STAGES = ("build_tools.render", "build_tools.pdf")  # take the Project, never a project folder


def disk_writes(source: str) -> list[str]:
    """Calls that write to disk: path/shutil/os writes, and open() in a writing mode."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        owner = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else ""
        if name in WRITE_CALLS or name in MODULE_WRITES.get(owner, ()):
            found.append(f"line {node.lineno}: {name}()")
        elif name == "open":
            modes = [a.value for a in node.args[1:2] if isinstance(a, ast.Constant)]
            modes += [
                k.value.value for k in node.keywords if k.arg == "mode" and isinstance(k.value, ast.Constant)
            ]
            if any(isinstance(m, str) and set(m) & set("wax+") for m in modes):
                found.append(f"line {node.lineno}: open(mode={modes[0]!r})")
    return found


def folder_parameters(source: str) -> list[str]:
    """Functions that take a project folder (a parameter named root, or one annotated Path)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for arg in node.args.args + node.args.kwonlyargs:
                annotation = ast.unparse(arg.annotation) if arg.annotation else ""
                if arg.arg == "root" or "Path" in annotation:
                    found.append(f"{node.name}({arg.arg}: {annotation})")
    return found


def test_only_the_outer_layer_writes_to_disk():
    writes = {
        name: found
        for name, path in modules().items()
        if not name.startswith(WRITERS) and (found := disk_writes(path.read_text(encoding="utf-8")))
    }
    assert writes == {}


def test_render_and_pdf_take_the_project_never_a_folder():
    taking = {
        name: found
        for name, path in modules().items()
        if name.startswith(LATER_STAGES) and (found := folder_parameters(path.read_text(encoding="utf-8")))
    }
    assert taking == {}


# --- the checks can fail: synthetic graphs ----------------------------------------------------------


def test_a_planted_backward_import_is_caught():
    graph = {
        "build_tools.model": set(),
        "build_tools.load.yaml": {"build_tools.model"},
        "build_tools.render.code": {"build_tools.load.yaml", "build_tools.model"},
        "build_tools.conflicts.candidates": {"build_tools.render.code"},  # backward: a stage imports render
    }
    assert wrong_direction(graph) == [
        "build_tools.conflicts.candidates (layer 2, conflicts) imports build_tools.render.code (5, render)"
    ]


def test_a_sibling_stage_import_is_caught():
    graph = {"build_tools.guides.guide": {"build_tools.conflicts.register"}}
    assert len(wrong_direction(graph)) == 1


def test_imports_inside_one_stage_are_allowed():
    graph = {"build_tools.render.guides": {"build_tools.render.letters", "build_tools.guides.guide"}}
    assert wrong_direction(graph) == []


def test_a_planted_cycle_is_caught():
    graph = {
        "build_tools.guides.guide": {"build_tools.guides.letters"},
        "build_tools.guides.letters": {"build_tools.guides.reader", "build_tools.guides.guide"},
        "build_tools.guides.reader": set(),
    }
    assert cycles(graph) == [
        ["build_tools.guides.guide", "build_tools.guides.letters", "build_tools.guides.guide"]
    ]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_private_and_function_level_imports_are_found():
    source = "from build_tools.render.code import _labels\ndef f():\n    from build_tools.pdf import write\n"
    found = imports(source, "build_tools.site.build", False, {"build_tools.pdf.write"})
    assert found == [
        ("build_tools.render.code", ["_labels"], False),
        ("build_tools.pdf.write", ["write"], True),
    ]


def test_relative_imports_are_resolved():
    source = "from ..model import Code\nfrom . import letters\n"
    known = {"build_tools.guides.letters", "build_tools.model"}
    found = imports(source, "build_tools.guides.guide", False, known)
    assert [t for t, _, _ in found] == ["build_tools.model", "build_tools.guides.letters"]


def test_planted_disk_writes_and_folder_parameters_are_found():
    source = (
        "def f(root, out: Path):\n"
        "    (out / 'x').write_text('y')\n"
        "    open(out, 'w')\n"
        "    open(out)\n"
        "    shutil.rmtree(out)\n"
        "    os.replace(out, out)\n"
        "    'a'.replace('a', 'b')\n"
    )
    assert disk_writes(source) == [
        "line 2: write_text()",
        "line 3: open(mode='w')",
        "line 5: rmtree()",
        "line 6: replace()",
    ]
    assert folder_parameters(source) == ["f(root: )", "f(out: Path)"]
    assert disk_writes("def g(project):\n    return project.code\n") == []
