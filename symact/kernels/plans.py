"""The plan cache: measured kernel plans, one file per numpy version next to this module
(``kernel_plans-numpy-<version>.json``), each keyed on the content of the stage files the plans
depend on (primitives, ir, lower, runtime, measure, regimes, plans, rewrite, numeric) and on
that numpy version.

Why one file per numpy version (not one file holding all of them): a plan's accuracy depends on
numpy's ufuncs (exp, log1p, ... differ in the last bit between releases), so each numpy version
has its own measured entries and its own open accuracy cells, and each is refreshed or re-keyed
in its own environment (2.4.6 under Python 3.11, 2.5.5 under 3.12 and 3.13).  With a file each,
``symact.maintenance.refresh_plans`` under numpy N rewrites N's file only: the other versions' entries are kept
byte for byte (as a carry source too, when the stage files changed: they are then stale but
still the input of that version's ``reselect``), two refreshes in two environments cannot
overwrite each other's results, a diff shows which version changed, and a kernel loads only
its own version's entries.  Every file states the stage-file hash it was measured or re-keyed
with ("stages"), so a test under any one numpy sees when another version's file was left
stale.  The numpy versions meant to be covered are :data:`PLAN_NUMPY`; an entry is used only
when its file's version (stage files and numpy) is the running one's.

The legacy single-version file ``kernel_plans.json`` ({"version", "numpy", "plans"}, the
format before this one) is still read, for the numpy version it names, when that version has
no file of its own.

Maintenance (each command under the numpy version it is about; the 3.11 venv has numpy 2.4.6,
the 3.13 venv 2.5.5)::

    # after a change to a stage file that cannot alter any plan (annotations, comments,
    # refactoring): re-key the running numpy's entries; about 30 s per numpy version, nothing
    # is measured except pieces the previous file lacks
    python -c "import symact.maintenance as m; m.refresh_plans(reselect=[])"
    # after a change that alters the plans of some records only: re-measure those, carry the rest
    python -c "import symact.maintenance as m; m.refresh_plans(reselect=['gelu'])"
    # measure everything afresh for the running numpy (about 40 minutes of CPU)
    python -c "import symact.maintenance as m; m.refresh_plans()"

Run the same command under every version of :data:`PLAN_NUMPY` (tests/test_kernels.py fails
while one of their files is stale or misses a kernel's piece)."""

from __future__ import annotations

import functools
from typing import Any, Sequence, cast

import numpy as np
import sympy as sp

from .. import rewrite as rw
from ..results import PieceChoice, Regime
from ..spec import x
from .primitives import IR_FUNCS
from .measure import changes_sign, limit_at_infinity
from .regimes import choose_plan

F64 = np.dtype(np.float64)
F32 = np.dtype(np.float32)
N64 = 720  # selection sample per piece (float64)
N32 = 720  # selection sample per piece (float32)



@functools.lru_cache(maxsize=1024)
def choose_cached(expr: sp.Expr, dexpr: sp.Expr | None, lo: float, hi: float, owned: tuple[float, ...],
                   dtype: str, seed: int, n: int, compute: str, contract: float = 4.0) -> tuple[sp.Expr, PieceChoice]:
    key = _plan_key(expr, dexpr, lo, hi, owned, dtype, seed, n, f"{compute} B={contract!r}")
    hit = _plans().get(key) if _use_plan_cache else None
    if hit is None and _carry is not None and _carry_now:
        # refresh_plans(reselect=...): the entry the previous version of the stage files
        # measured for the same piece, carried over unchanged
        hit = _carry["plans"].get(_plan_key(expr, dexpr, lo, hi, owned, dtype, seed, n, f"{compute} B={contract!r}",
                                             version=_carry["version"]))
    if hit is not None:
        try:
            ir, choice = _ir_from_json(hit["ir"]), _choice_from_json(hit["choice"])
            if not _use_plan_cache:
                _new_plans[key] = dict(hit)
            return ir, choice
        except (KeyError, ValueError, TypeError):
            pass  # a damaged entry: measure again
    ir, choice = choose_plan(expr, dexpr, lo, hi, owned, np.dtype(dtype), seed, n, np.dtype(compute), contract)
    _new_plans[key] = {"ir": _ir_to_json(ir), "choice": _choice_to_json(choice), "what": f"{str(expr)[:120]} ({dtype} in {compute})"}
    return ir, choice


# ---------------------------------------------------------------------------------------
# the plan cache: measured choices stored with the package (one file per numpy version,
# symact/kernels/kernel_plans-numpy-<version>.json; the module docstring says why and how)
#
# Measuring every candidate against mpmath takes about 40 minutes of CPU for the whole
# catalogue.  The choices are therefore kept next to this module, keyed by a hash of everything
# the measurement depends on: the piece's expression, its interval and kink convention, the
# dtype and sample, the numpy version, and the content of the stage files (PLAN_STAGES), the
# rewrite rules and numeric.py.  Any change to those misses the cache and measures again
# (correct, only slower); refresh_plans() measures afresh or, with reselect, re-keys, and a test
# fails while a file of PLAN_NUMPY is stale.  Entries are plain data (an IR tree of whitelisted
# node names and exact numbers), parsed without eval.
_PLAN_DIR = __file__.rsplit("/", 1)[0]
#: The numpy versions whose plans are committed: the ones pip resolves for the Pythons symact
#: supports (3.11: 2.4.6; 3.12 and 3.13: 2.5.5).  Under another numpy the cache is empty (every
#: kernel measures its plans on first use, correct but slow) and the plan tests skip.
PLAN_NUMPY = ("2.4.6", "2.5.5")
#: The plan file of the format before one file per numpy version (read, never written).
_LEGACY_PLAN_FILE = _PLAN_DIR + "/kernel_plans.json"
_PLAN_FORMAT = 2


def _plan_file(numpy_version: str | None = None) -> str:
    """The plan file of ``numpy_version`` (the running numpy's by default)."""
    return f"{_PLAN_DIR}/kernel_plans-numpy-{numpy_version or np.__version__}.json"


#: The running numpy's plan file.
_PLAN_FILE = _plan_file()
_use_plan_cache = True
_new_plans: dict[str, Any] = {}
#: During refresh_plans(reselect=...): the previous plan file ({"version", "plans"}) and
#: whether the kernel being built may take its plans from it.
_carry: dict[str, Any] | None = None
_carry_now = False


#: The stage files whose content the measured plans depend on (with rewrite.py and numeric.py):
#: the API and the exporters are not among them, so they can change without re-measuring.
PLAN_STAGES = ("primitives", "ir", "lower", "runtime", "measure", "regimes", "plans")


def _stage_hash() -> Any:
    """sha256 object fed with the content of the stage files (:data:`PLAN_STAGES`), the
    rewrite rules and the ground truth (numeric.py)."""
    import hashlib
    import os

    from .. import numeric

    here = os.path.dirname(os.path.abspath(__file__))
    h = hashlib.sha256()
    for path in [os.path.join(here, f"{m}.py") for m in PLAN_STAGES] + [rw.__file__, numeric.__file__]:
        with open(path, "rb") as fh:
            h.update(os.path.basename(path).encode() + b"\0" + fh.read())
    return h


@functools.lru_cache(maxsize=1)
def _stage_version() -> str:
    """Hash of the stage-file content alone (the same for every numpy version): a plan file
    whose "stages" differs from it is stale."""
    return str(_stage_hash().hexdigest()[:16])


@functools.lru_cache(maxsize=1)
def _code_version() -> str:
    """Hash of what the measured plans depend on: the content of the stage files
    (:data:`PLAN_STAGES`), the rewrite rules, the ground truth (numeric.py) and numpy's version."""
    h = _stage_hash()
    h.update(f"numpy {np.__version__}".encode())
    return str(h.hexdigest()[:16])


def _plan_key(expr: sp.Expr, dexpr: sp.Expr | None, lo: float, hi: float, owned: tuple[float, ...], dtype: str,
              seed: int, n: int, compute: str, version: str | None = None) -> str:
    import hashlib

    text = "|".join([version or _code_version(), sp.srepr(expr), sp.srepr(dexpr) if dexpr is not None else "-", repr(lo), repr(hi),
                     repr(tuple(owned)), dtype, str(seed), str(n), compute])
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def _read_plan_file(numpy_version: str | None = None) -> dict[str, Any] | None:
    """The plan file of ``numpy_version`` (the running numpy's by default) as
    {"version", "numpy", "plans", ...}: its own file, else the legacy kernel_plans.json when
    that was measured with this numpy; None when there is none or it cannot be read."""
    import json
    import os

    numpy_version = numpy_version or np.__version__
    for path in (_plan_file(numpy_version), _LEGACY_PLAN_FILE):
        if not os.path.exists(path):
            continue
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, ValueError):
            continue
        if (isinstance(data, dict) and data.get("numpy") == numpy_version and isinstance(data.get("version"), str)
                and isinstance(data.get("plans"), dict)):
            return data
    return None


def plan_status() -> dict[str, str]:
    """For each numpy version of :data:`PLAN_NUMPY`: "fresh" when its plan file was measured
    (or re-keyed) with the current stage files, "stale" when with other ones, "missing"."""
    out = {}
    for v in PLAN_NUMPY:
        data = _read_plan_file(v)
        if data is None:
            out[v] = "missing"
        elif v == np.__version__:  # the key itself (a legacy file has no "stages")
            out[v] = "fresh" if data["version"] == _code_version() else "stale"
        else:
            out[v] = "fresh" if data.get("stages") == _stage_version() else "stale"
    return out


@functools.lru_cache(maxsize=1)
def _plans() -> dict[str, Any]:
    """The running numpy's entries, when its file matches the current stage files ({} else)."""
    data = _read_plan_file()
    if data is None or data["version"] != _code_version():
        return {}
    return cast("dict[str, Any]", data["plans"])


class Refresh:
    """One re-measurement of the plan cache: a context manager that switches the cache off,
    takes the running numpy's previous plan file as the source of carried entries (with
    ``reselect``), and restores the cache on exit.  The loop over the catalogue's records is
    :func:`symact.maintenance.refresh_plans` (above the catalogue): it calls :meth:`carry`
    before building each record's kernels and :meth:`write` at the end.

    With ``reselect`` (record names), only those records' plans are measured again; every
    other record keeps the entries the running numpy's previous plan file holds for the same
    pieces (found under that file's version's keys), which is valid when the change to the
    stage files cannot alter those records' plans (a new rule that applies only to the
    reselected pieces, ...): the tests measure every kernel under the contract whatever its
    plan's origin.  Records whose pieces are missing from the previous file are measured.
    ``reselect=[]`` re-keys the whole file (about 30 s)."""

    def __init__(self, reselect: Sequence[str] | None = None) -> None:
        self.reselect = None if reselect is None else list(reselect)

    def __enter__(self) -> "Refresh":
        global _use_plan_cache, _carry
        old = None
        if self.reselect is not None:
            old = _read_plan_file()
            if old is None:
                raise FileNotFoundError(f"no plan file for numpy {np.__version__} to carry entries from "
                                        f"({_plan_file()}): run refresh_plans() to measure them all")
        _use_plan_cache = False
        choose_cached.cache_clear()
        _new_plans.clear()
        if old is not None:
            _carry = {"version": old["version"], "plans": old["plans"]}
        return self

    def carry(self, name: str) -> None:
        """Before building record ``name``'s kernels: whether they may take carried entries."""
        global _carry_now
        _carry_now = self.reselect is not None and name not in self.reselect

    def __exit__(self, *exc: object) -> None:
        global _use_plan_cache, _carry, _carry_now
        _use_plan_cache = True
        _carry, _carry_now = None, False

    def write(self, path: str | None = None) -> int:
        """Write the measured entries as the plan file (``path``, else :func:`_plan_file`);
        returns the number of entries."""
        import json

        data = {"format": _PLAN_FORMAT, "numpy": np.__version__, "stages": _stage_version(), "version": _code_version(),
                "plans": dict(sorted(_new_plans.items()))}
        # symact's one safe writer: an exclusive temporary file renamed into place (a reader never
        # sees half a file, two refreshes never share a temporary name, no link is followed)
        from ..fileio import write_file

        write_file(path or _plan_file(), json.dumps(data, indent=0, sort_keys=True) + "\n", force=True, record=False)
        _plans.cache_clear()
        return len(_new_plans)


def _ir_to_json(e: sp.Basic) -> Any:
    if e == x:
        return "x"
    if isinstance(e, sp.Integer):
        return ["I", str(int(e))]
    if isinstance(e, sp.Rational):
        return ["Q", str(int(e.p)), str(int(e.q))]
    if isinstance(e, sp.Float):
        return ["F", float(e).hex(), int(e._prec)]
    if e is sp.pi:
        return ["pi"]
    if e is sp.E:
        return ["E"]
    if isinstance(e, sp.Add):
        return ["Add", *[_ir_to_json(a) for a in e.args]]
    if isinstance(e, sp.Mul):
        return ["Mul", *[_ir_to_json(a) for a in e.args]]
    if isinstance(e, sp.Pow):
        return ["Pow", _ir_to_json(e.base), _ir_to_json(e.exp)]
    name = type(e).__name__
    if name in IR_FUNCS and IR_FUNCS[name] is type(e) or (name in IR_FUNCS and isinstance(e, IR_FUNCS[name])):
        return [name, *[_ir_to_json(a) for a in e.args]]
    raise ValueError(f"cannot store {type(e).__name__} in the plan cache")


def _ir_from_json(d: Any) -> sp.Expr:
    if d == "x":
        return x
    if not isinstance(d, list) or not d or not isinstance(d[0], str):
        raise ValueError("bad plan entry")
    tag, args = d[0], d[1:]
    if tag == "I":
        return cast("sp.Expr", sp.Integer(int(args[0])))
    if tag == "Q":
        return cast("sp.Expr", sp.Rational(int(args[0]), int(args[1])))
    if tag == "F":
        return sp.Float(float.fromhex(args[0]), precision=int(args[1]))
    if tag == "pi":
        return cast("sp.Expr", sp.pi)
    if tag == "E":
        return cast("sp.Expr", sp.E)
    sub = [_ir_from_json(a) for a in args]
    if tag == "Add":
        return sp.Add(*sub, evaluate=False)
    if tag == "Mul":
        return sp.Mul(*sub, evaluate=False)
    if tag == "Pow":
        return cast("sp.Expr", sp.Pow(sub[0], sub[1], evaluate=False))
    fn = IR_FUNCS.get(tag)
    if fn is None:
        raise ValueError(f"unknown node {tag!r} in the plan cache")
    if fn in (sp.Max, sp.Min):
        return cast("sp.Expr", fn(*sub, evaluate=False))
    return cast("sp.Expr", fn(*sub, evaluate=False) if fn in (sp.exp, sp.log, sp.Abs, sp.sign, sp.tanh, sp.atan, sp.sin, sp.cos, sp.erf, sp.erfc) else fn(*sub))


def _choice_to_json(c: PieceChoice) -> dict[str, Any]:
    return {"lo": repr(c.lo), "hi": repr(c.hi), "dtype": c.dtype, "max_ulp": repr(c.max_ulp), "max_ratio": repr(c.max_ratio),
            "bound_ulp": c.bound_ulp, "candidates": c.candidates, "expr": c.expr,
            "regimes": [[repr(r.lo), repr(r.hi), r.label, r.note] for r in c.regimes]}


def _choice_from_json(d: dict[str, Any]) -> PieceChoice:
    return PieceChoice(float(d["lo"]), float(d["hi"]), str(d["dtype"]),
                       tuple(Regime(float(a), float(b), str(c), str(n)) for a, b, c, n in d["regimes"]),
                       float(d["max_ulp"]), float(d["max_ratio"]), float(d["bound_ulp"]), int(d["candidates"]), str(d["expr"]))



def piece_meta(exprs: Sequence[sp.Expr], ivals: Sequence[tuple[float, float]], bps: Sequence[Any], order: int) -> tuple[bool, tuple[float, float]]:
    """(whether f^(order) changes sign, its values at -inf and +inf), from the plan cache
    when it has them."""
    import hashlib

    body = "|".join(["meta", str(order), *[sp.srepr(e) for e in exprs], repr(list(ivals)),
                     repr([(sp.srepr(b.at), sp.srepr(b.value), b.side) for b in bps])])
    key = hashlib.sha256(f"{_code_version()}|{body}".encode()).hexdigest()[:24]
    hit = _plans().get(key) if _use_plan_cache else None
    if hit is None and _carry is not None:  # refresh_plans(reselect=...): whether f changes sign and its limits
        hit = _carry["plans"].get(hashlib.sha256(f"{_carry['version']}|{body}".encode()).hexdigest()[:24])
        if isinstance(hit, dict) and "mixed" in hit:
            _new_plans[key] = dict(hit)
    if isinstance(hit, dict) and "mixed" in hit:
        return bool(hit["mixed"]), (float(hit["limits"][0]), float(hit["limits"][1]))
    mixed = changes_sign(exprs, ivals, bps, order)
    limits = (limit_at_infinity(exprs[0], -1), limit_at_infinity(exprs[-1], 1))
    _new_plans[key] = {"mixed": mixed, "limits": [repr(limits[0]), repr(limits[1])], "what": f"meta order {order}"}
    return mixed, limits
