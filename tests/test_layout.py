"""The house's layout (DESIGN.md, "Layout"): imports go one way, and no module takes another's
private names.

The import graph of ``symact/`` is read from the source with :mod:`ast` (nothing is
imported): every ``import`` and ``from ... import`` at module level *and* inside functions and
methods, since a lazy import is still a dependency.  Imports under ``if TYPE_CHECKING:`` are
left out (they never run).  ``from pkg import name`` is an edge to ``pkg.name`` when that is a
module, otherwise to ``pkg`` (for a package, its ``__init__``).

Two rules:

1. **No cycle**, apart from the facade edges listed in :data:`FACADE`: the methods of
   :class:`symact.spec.Activation` that hand the record to a higher layer
   (``act.derive()``, ``act.prove()``, ``act.kernel()`` ...) import it when called.  They are
   the only upward imports in the house; each is listed by method, and the list must match
   the code exactly (a facade that disappears must leave the list too).
2. **No private names across modules**: no module imports ``_name`` from another module of
   symact, nor reads ``module._name``.  A private *module* (``_notebook``,
   ``catalog/_sources``) may be imported inside the package: its public names are its
   interface.  Violations in modules other engineers are restructuring are listed in
   :data:`ALLOWED_PRIVATE` with their owner; the test fails on any violation not listed, and
   on any listed one that is gone (shrink the list).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import symact

ROOT = Path(symact.__file__).resolve().parent
REPO = ROOT.parent

#: The upward imports allowed: (module, function or method, imported module).  The methods
#: of the activation record that call a higher layer; DESIGN.md ("Layout") lists them too.
FACADE = {
    ("symact.spec", "Activation.pieces", "symact.pieces"),
    ("symact.spec", "Activation.derivative", "symact.derive"),
    ("symact.spec", "Activation.in_terms_of_f", "symact.derive"),
    ("symact.spec", "Activation.derive", "symact.derive"),
    ("symact.spec", "Activation.prove", "symact.prove"),
    ("symact.spec", "Activation.kernel", "symact.kernels"),
    ("symact.spec", "Activation.value_and_grad", "symact.kernels"),
    ("symact.spec", "Activation.latex", "symact.render"),
    ("symact.spec", "Activation.plot", "symact.plot"),
} | {
    # the notebook displays of the result records: their reprs hand the record to _notebook,
    # which sits above the prover since the property labels are the prover's registry's
    ("symact.results", f"{record}.{method}", "symact._notebook")
    for record in ("Claim", "Proof", "Verdict", "GradientAnalysis")
    for method in ("__repr__", "_repr_html_", "_repr_latex_")
}

#: KNOWN EXCEPTIONS to the no-cycle rule that are not facades: (module, function, imported
#: module), each with its reason.  Not a place for new code: fix the cycle instead.  The test
#: fails on a listed edge that is gone.
#:
#: (none now: the plan cache's re-measurement loop moved to symact.maintenance)
KNOWN_CYCLE_EDGES: set[tuple[str, str, str]] = set()

#: Private names imported across modules, each with its reason.  The one kind left: the
#: numpy runtime's erf/erfc helpers, their constants and ``_Runner``/``_quiet``, which
#: kernels/export.py copies into the generated Python modules by their source text
#: (inspect.getsource), where a leading underscore keeps them out of the user's names (an
#: activation may be called ``np_erfc``); kernels/arrays.py and the API run them too.  One line
#: per (importer <- imported module), names without ``symact.``; the test fails on a violation
#: not listed and on a stale entry.
_ALLOWED_PRIVATE_TABLE = """
kernels.api <- kernels.runtime (exports): _Runner _quiet
kernels.arrays <- kernels.runtime (exports): _ERFCX_T _ERFC_K _ERFC_ZMAX _ERF_SMALL _Runner _quiet
    _split_constants
kernels.export <- kernels.runtime (exports): _ERFCX_T _ERFC_K _ERFC_ZMAX _ERF_SMALL _Runner _np_erf
    _np_erf_small _np_erfc _np_erfc_abs _np_erfcx _np_split _split_constants
kernels.measure <- kernels.runtime (exports): _Runner _quiet
"""


def _allow_list(table: str) -> dict[tuple[str, str], tuple[str, str]]:
    """``importer <- imported (owner): names`` lines (module names without ``symact.``; an
    indented line continues the names) -> {(importer, imported): (owner, names)}."""
    out: dict[tuple[str, str], tuple[str, str]] = {}
    key = None
    for line in table.strip("\n").splitlines():
        if line.startswith(" "):
            owner, names = out[key]  # type: ignore[index]
            out[key] = (owner, f"{names} {line.strip()}")  # type: ignore[index]
            continue
        m = re.fullmatch(r"([\w.]+) <- ([\w.]+) \((\w+)\): (.+)", line)
        assert m, f"bad allow-list line {line!r}"
        key = ("symact." + m.group(1), "symact." + m.group(2))
        out[key] = (m.group(3), m.group(4))
    return out


ALLOWED_PRIVATE = _allow_list(_ALLOWED_PRIVATE_TABLE)


# -- reading the graph ---------------------------------------------------------------------

def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = list(path.relative_to(REPO).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


class _Imports(ast.NodeVisitor):
    """The symact imports of one module: ``edges`` [(target, scope, line)], ``private``
    [(source module, name, line)]."""

    def __init__(self, module: str) -> None:
        self.module = module
        self.package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
        self.scope: list[str] = []
        self.edges: list[tuple[str, str, int]] = []
        self.private: list[tuple[str, str, int]] = []
        self.aliases: dict[str, str] = {}  # local name -> symact module it is bound to

    def _scoped(self, node: ast.AST) -> None:
        self.scope.append(node.name)  # type: ignore[attr-defined]
        self.generic_visit(node)
        self.scope.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _scoped

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node.test):
            for child in node.orelse:
                self.visit(child)
            return
        self.generic_visit(node)

    def _edge(self, target: str, node: ast.AST) -> None:
        if target != self.module:
            self.edges.append((target, ".".join(self.scope), node.lineno))  # type: ignore[attr-defined]

    def visit_Import(self, node: ast.Import) -> None:
        for a in node.names:
            if a.name == "symact" or a.name.startswith("symact."):
                self._edge(a.name, node)
                if a.asname:
                    self.aliases[a.asname] = a.name

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            base = self.package.split(".")[: len(self.package.split(".")) - node.level + 1]
            source = ".".join(base + ([node.module] if node.module else []))
        else:
            source = node.module or ""
        if source != "symact" and not source.startswith("symact."):
            return
        for a in node.names:
            full = f"{source}.{a.name}"
            if full in MODULES:
                self._edge(full, node)
                self.aliases[a.asname or a.name] = full
            else:
                self._edge(source, node)
                if a.name.startswith("_") and not a.name.startswith("__"):
                    self.private.append((source, a.name, node.lineno))

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if (isinstance(node.value, ast.Name) and node.value.id in self.aliases
                and node.attr.startswith("_") and not node.attr.startswith("__")
                and self.aliases[node.value.id] != self.module):
            self.private.append((self.aliases[node.value.id], node.attr, node.lineno))
        self.generic_visit(node)


def _read() -> dict[str, _Imports]:
    out = {}
    for module, path in MODULES.items():
        v = _Imports(module)
        v.visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
        out[module] = v
    return out


IMPORTS = _read()


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            v, it = work[-1]
            w = next(it, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = len(index)
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(sorted(graph.get(w, ())))))
                elif w in on_stack:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))
    return out


def _graph(skip_facade: bool) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for module, v in IMPORTS.items():
        for target, scope, _ in v.edges:
            if (module, scope, target) in KNOWN_CYCLE_EDGES:
                continue
            if skip_facade and (module, scope, target) in FACADE:
                continue
            if target in MODULES:
                graph[module].add(target)
    return graph


# -- the rules -----------------------------------------------------------------------------

def test_the_graph_is_read():
    """The reader sees module-level, function-level and package imports (a reader that
    found nothing would pass every rule)."""
    assert len(MODULES) > 40
    cli = {t for t, _, _ in IMPORTS["symact.cli"].edges}
    assert {"symact.budget", "symact.errors", "symact.render.text", "symact.verify", "symact.kernels.export"} <= cli
    scopes = {s for t, s, _ in IMPORTS["symact.cli"].edges if t == "symact.verify"}
    assert scopes == {"cmd_verify"}
    # the packages' modules are nodes of their own, and their relative imports resolve
    assert {"symact.parse.lexer", "symact.prove.registry", "symact.verify.chain", "symact.relations",
            "symact.definedness", "symact.render.text"} <= set(MODULES)
    assert "symact.definedness" in {t for t, _, _ in IMPORTS["symact.parse.expressions"].edges}
    assert "symact.prove.claims" in {t for t, _, _ in IMPORTS["symact.prove.registry"].edges}
    # the TYPE_CHECKING block of spec.py is not an edge; its lazy imports are
    spec = {(t, s) for t, s, _ in IMPORTS["symact.spec"].edges}
    assert ("symact.results", "") not in spec and ("symact.derive", "Activation.derive") in spec


def test_the_cycle_finder_finds_cycles():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_apart_from_the_facade():
    cycles = _cycles(_graph(skip_facade=True))
    assert not cycles, "import cycles (DESIGN.md, Layout: lower layers never import higher ones): " + "; ".join(
        " <-> ".join(c) for c in cycles)


def test_the_facade_list_is_exact():
    """Every facade edge exists in the code, and without them the record is a leaf."""
    present = {(m, s, t) for m, v in IMPORTS.items() for t, s, _ in v.edges}
    assert FACADE <= present, sorted(FACADE - present)
    assert _cycles(_graph(skip_facade=False)), "the facade edges no longer close a cycle: is the list still needed?"


def test_the_known_cycle_edges_exist():
    """Every listed exception is still in the code, and still closes a cycle (else remove it)."""
    present = {(m, s, t) for m, v in IMPORTS.items() for t, s, _ in v.edges}
    assert KNOWN_CYCLE_EDGES <= present, sorted(KNOWN_CYCLE_EDGES - present)
    graph = _graph(skip_facade=True)
    for module, _, target in sorted(KNOWN_CYCLE_EDGES):
        with_edge = {m: set(ts) for m, ts in graph.items()}
        with_edge[module].add(target)
        assert _cycles(with_edge), f"{module} -> {target} no longer closes a cycle: remove it from KNOWN_CYCLE_EDGES"


def _violations() -> dict[tuple[str, str], set[str]]:
    out: dict[tuple[str, str], set[str]] = {}
    for module, v in IMPORTS.items():
        for source, name, _ in v.private:
            out.setdefault((module, source), set()).add(name)
    return out


def test_no_private_name_crosses_a_module_boundary():
    unlisted = []
    for key, names in sorted(_violations().items()):
        allowed = set(ALLOWED_PRIVATE.get(key, ("", ""))[1].split())
        extra = sorted(names - allowed)
        if extra:
            unlisted.append(f"{key[0]} takes {', '.join(extra)} from {key[1]}")
    assert not unlisted, ("private names imported across modules (make the name public in its module, or move the "
                          "helper to the layer both use): " + "; ".join(unlisted))


def test_the_private_allow_list_has_no_stale_entry():
    found = _violations()
    stale = []
    for key, (owner, names) in sorted(ALLOWED_PRIVATE.items()):
        gone = sorted(set(names.split()) - found.get(key, set()))
        if gone:
            stale.append(f"{key[0]} <- {key[1]} ({owner}): {' '.join(gone)}")
    assert not stale, "no longer taken, remove from ALLOWED_PRIVATE: " + "; ".join(stale)


def test_the_private_name_reader_sees_both_forms():
    v = _Imports("symact.cli")
    v.visit(ast.parse("from .report import _hidden\nfrom . import fileio\nfileio._inner(1)\n"))
    assert sorted((s, n) for s, n, _ in v.private) == [("symact.fileio", "_inner"), ("symact.report", "_hidden")]


def test_the_version_is_written_once():
    """symact/_version.py and pyproject.toml carry the same version."""
    from symact._version import __version__

    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    m = re.search(r'^version = "([^"]+)"', text, re.M)
    if m is None:
        pytest.skip("pyproject.toml is not next to the package (an installed copy)")
    assert m.group(1) == __version__ == symact.__version__


def test_design_md_layout_names_every_module():
    """DESIGN.md's layout section is the code's layout: every module of symact/ is named there
    (as ``name.py`` or a package ``name/``), and every ``name.py`` it names exists."""
    design = REPO / "DESIGN.md"
    if not design.exists():
        pytest.skip("DESIGN.md is not next to the package")
    text = design.read_text(encoding="utf-8")
    start = text.index("## Layout")
    opening = text.index("```", start)
    block = text[opening: text.index("```", opening + 3)]
    block = block[: block.index("\ntests/")]  # the package's part
    named = set(re.findall(r"([A-Za-z_][A-Za-z0-9_]*)\.py\b", block))
    packages = {p.name for p in ROOT.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    for package in packages:
        assert f"{package}/" in block, f"DESIGN.md's layout does not name the package {package}/"
    files = {p.stem for p in ROOT.rglob("*.py")}
    missing = sorted(f for f in files - named if f != "__init__")
    assert not missing, f"DESIGN.md's layout does not name {missing}"
    ghosts = sorted(named - files)
    assert not ghosts, f"DESIGN.md's layout names modules that do not exist: {ghosts}"
    for importer, method, target in FACADE:
        assert method.split(".")[-1] in text[start:], f"DESIGN.md does not list the facade {method} -> {target}"
