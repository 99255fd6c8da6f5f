"""The independent checker: it accepts the prover's certificates and rejects tampered ones.

Every mutation below makes a certificate claim something false (a different supremum, a
wrong sign on a box, a zero moved off the root, a limit changed, a symmetry that does not
hold, ...); the checker must reject each of them.  A checker that accepted everything would
fail these tests, and one that rejected everything would fail the acceptance tests.
"""

from __future__ import annotations

import copy
import dataclasses
import subprocess
import sys

import pytest
import sympy as sp

from symact import certificate as C
from symact.catalog import get
from symact.prove import prove, relations
from symact.results import Certificate
from symact.spec import x

from helpers import NAMES, RECORDS


def _fresh_check(cert: Certificate, act) -> tuple[bool, str]:  # type: ignore[no-untyped-def]
    return C.check(cert, act, C.new_session(act))


def _mutated(cert: Certificate, fn) -> Certificate:  # type: ignore[no-untyped-def]
    """A deep copy of ``cert`` with ``fn`` applied to its data (nested certificates copied too)."""
    data = copy.deepcopy(cert.data)
    fn(data)
    return dataclasses.replace(cert, data=data, checked=False)


def _image_certs(act, prop: str = "range"):  # type: ignore[no-untyped-def]
    cert = prove(act).claim(prop).certificate
    assert cert is not None
    return cert


# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", NAMES)
def test_every_certificate_is_accepted_in_a_fresh_session(name: str) -> None:
    act = get(name)
    for claim in prove(act).claims:
        assert claim.status == "proved", (claim.property, claim.reason)
        assert claim.certificate is not None and claim.certificate.checked
        ok, note = _fresh_check(claim.certificate, act)
        assert ok, (claim.property, note)


def test_checker_does_not_import_the_prover() -> None:
    code = "import sys, symact.certificate; print('symact.prove' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    import ast

    from pathlib import Path

    tree = ast.parse(Path(C.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            imported.add((node.module or "") + ":" + ",".join(a.name for a in node.names))
        elif isinstance(node, ast.Import):
            imported.update(a.name for a in node.names)
    assert not [m for m in imported if "prove" in m], imported


# ---------------------------------------------------------------------------------------
# tampered image certificates (sigmoid: symbolic chart; gelu, mish: interval charts)
def _first_piece(d: dict) -> dict:
    return d["pieces"][0].data if "pieces" in d and d["pieces"] else d["image"].data


def _set_piece(d: dict, fn) -> None:  # type: ignore[no-untyped-def]
    """Apply fn to the data of the first non-constant piece image of a line-image
    certificate (copied)."""
    if "pieces" in d and d["pieces"]:
        j = next(j for j, c in enumerate(d["pieces"]) if not c.data.get("constant"))
        c = d["pieces"][j]
        new = copy.deepcopy(c.data)
        fn(new)
        d["pieces"][j] = dataclasses.replace(c, data=new)
    else:
        c = d["image"]
        new = copy.deepcopy(c.data)
        fn(new)
        d["image"] = dataclasses.replace(c, data=new)


def _cover_item(d: dict) -> dict:
    return next(it for it in d["chart"] if it["type"] == "cover")


MUTATIONS = {
    "sup value": lambda d: d.update(sup={"exact": sp.Integer(2)}),
    "inf value": lambda d: d.update(inf={"exact": sp.Rational(-1, 3)}),
    "sup attainment": lambda d: d.update(sup_attained=not d["sup_attained"]),
    "range": lambda d: d.update(range=sp.Interval(-2, 2)),
    "piece sup": lambda d: _set_piece(d, lambda p: p.update(sup={"exact": sp.Integer(7)})),
    "piece attainment": lambda d: _set_piece(d, lambda p: p.update(inf_attained=not p["inf_attained"])),
    "chart item removed": lambda d: _set_piece(d, lambda p: p["chart"].pop(len(p["chart"]) // 2)),
    "end value": lambda d: _set_piece(d, lambda p: p["ends"][0].update(value={"exact": sp.Rational(1, 7)})),
}


@pytest.mark.parametrize("name", ["sigmoid", "gelu", "mish", "silu", "hard_swish", "softsign", "sinusoid"])
@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_tampered_range_certificates_are_rejected(name: str, mutation: str) -> None:
    act = get(name)
    cert = _image_certs(act)
    bad = _mutated(cert, MUTATIONS[mutation])
    ok, note = _fresh_check(bad, act)
    assert not ok, f"{name}: mutation {mutation!r} was accepted"


@pytest.mark.parametrize("name", ["gelu", "mish", "silu", "gelu_tanh"])
def test_flipped_cover_sign_is_rejected(name: str) -> None:
    act = get(name)
    cert = _image_certs(act)

    def flip(d: dict) -> None:
        def inner(p: dict) -> None:
            it = _cover_item(p)
            it["sign"] = -it["sign"]

        _set_piece(d, inner)

    ok, _ = _fresh_check(_mutated(cert, flip), act)
    assert not ok


@pytest.mark.parametrize("name", ["gelu", "mish", "gelu_tanh"])
def test_moved_root_enclosure_is_rejected(name: str) -> None:
    act = get(name)
    cert = _image_certs(act)

    def move(d: dict) -> None:
        def inner(p: dict) -> None:
            it = next(it for it in p["chart"] if it["type"] == "simple-root")
            tl, tr = it["enclosure"]
            w = tr - tl
            it["enclosure"] = (tl + 3 * w, tr + 3 * w)  # no longer contains the zero

        _set_piece(d, inner)

    ok, note = _fresh_check(_mutated(cert, move), act)
    assert not ok


def test_wrong_exact_root_is_rejected() -> None:
    act = get("silu")  # exact zero of f' at -1 - W(1/e)
    cert = _image_certs(act)

    def move(d: dict) -> None:
        def inner(p: dict) -> None:
            it = next(it for it in p["chart"] if it["type"] == "root")
            it["at"] = it["at"] + sp.Rational(1, 10**9)

        _set_piece(d, inner)

    ok, note = _fresh_check(_mutated(cert, move), act)
    assert not ok


def test_wrong_turning_value_is_rejected() -> None:
    for name in ("silu", "gelu"):
        act = get(name)
        cert = _image_certs(act)

        def change(d: dict) -> None:
            def inner(p: dict) -> None:
                tp = p["turning"][0]
                v = tp["value"]
                if "exact" in v:
                    tp["value"] = {"exact": v["exact"] + sp.Rational(1, 10**12)}
                else:
                    lo, hi = v["enclosure"]
                    tp["value"] = {"enclosure": (lo + sp.Rational(1, 10**15), hi + sp.Rational(1, 10**15))}

            _set_piece(d, inner)

        ok, _ = _fresh_check(_mutated(cert, change), act)
        assert not ok, name


def test_tail_sign_tampering_is_rejected() -> None:
    act = get("mish")
    cert = _image_certs(act)

    def flip(d: dict) -> None:
        def inner(p: dict) -> None:
            it = next(it for it in p["chart"] if it["type"] == "tail")
            it["sign"] = -it["sign"]
            it["proof"]["sign"] = -it["proof"]["sign"]

        _set_piece(d, inner)

    ok, _ = _fresh_check(_mutated(cert, flip), act)
    assert not ok


# ---------------------------------------------------------------------------------------
# other kinds
def test_limit_value_tampering_is_rejected() -> None:
    act = get("sigmoid")
    cert = prove(act).claim("limit_oo").certificate
    assert _fresh_check(cert, act)[0]
    ok, _ = _fresh_check(_mutated(cert, lambda d: d.update(value=sp.Rational(99, 100))), act)
    assert not ok


def test_value_tampering_is_rejected() -> None:
    act = get("softplus")
    cert = prove(act).claim("value_at_0").certificate
    ok, _ = _fresh_check(_mutated(cert, lambda d: d.update(value=sp.Rational(69, 100))), act)
    assert not ok


@pytest.mark.parametrize("name,kind,c", [("sigmoid", "odd", 0), ("tanh", "even", None), ("gelu", "odd", 0), ("relu", "point", sp.Rational(1, 2)), ("binary_step", "point", sp.Rational(1, 2))])
def test_false_symmetries_are_rejected(name: str, kind: str, c) -> None:  # type: ignore[no-untyped-def]
    act = get(name)
    cert = Certificate("symmetry", {"type": kind, "c": c})
    assert not _fresh_check(cert, act)[0]


def test_false_symmetry_witnesses_are_rejected() -> None:
    act = get("tanh")  # odd: f(x) + f(-x) is constant 0
    cert = Certificate("symmetry", {"type": "none", "not_even_at": sp.Integer(1), "not_point_at": (sp.Integer(1), sp.Integer(2))})
    assert not _fresh_check(cert, act)[0]


@pytest.mark.parametrize("name,order", [("relu", 1), ("softsign", 0), ("elu", 0), ("hardshrink", 0)])
def test_wrong_continuity_orders_are_rejected(name: str, order: int) -> None:
    act = get(name)
    cert = prove(act).claim("continuity").certificate
    assert cert.kind == "continuity" and _fresh_check(cert, act)[0]

    def change(d: dict) -> None:
        bp = d["breakpoints"]
        new = copy.deepcopy(bp.data)
        e = new["breakpoints"][0]
        e["order"] = order if e["order"] != order else order + 1
        d["breakpoints"] = dataclasses.replace(bp, data=new)

    assert not _fresh_check(_mutated(cert, change), act)[0]
    # the right orders with a wrong conclusion
    word = cert.data["result"]
    assert not _fresh_check(_mutated(cert, lambda d: d.update(result="C^2" if word != "C^2" else "C^0")), act)[0]


def test_wrong_argument_sets_and_differentiability_are_rejected() -> None:
    act = get("gaussian")
    cert = prove(act).claim("max").certificate
    assert cert.kind == "extremum" and _fresh_check(cert, act)[0]
    assert not _fresh_check(_mutated(cert, lambda d: d.update(at=sp.FiniteSet(1))), act)[0]
    assert not _fresh_check(_mutated(cert, lambda d: d.update(attained=False, at=None)), act)[0]
    relu = get("relu")
    dc = prove(relu).claim("differentiable").certificate
    assert dc.kind == "differentiability" and _fresh_check(dc, relu)[0]
    assert not _fresh_check(_mutated(dc, lambda d: d.update(at=None)), relu)[0]
    lip = prove(get("softplus")).claim("lipschitz").certificate
    assert not _fresh_check(_mutated(lip, lambda d: d.update(attained=True)), get("softplus"))[0]


@pytest.mark.parametrize("name", ["gelu", "silu", "gaussian", "hard_swish"])
def test_false_monotonicity_is_rejected(name: str) -> None:
    act = get(name)
    cert = prove(act).claim("monotonic").certificate
    bad = _mutated(cert, lambda d: d.update(result="increasing"))
    assert not _fresh_check(bad, act)[0]


def test_false_monotonicity_of_a_monotone_function_is_rejected() -> None:
    act = get("sigmoid")
    cert = prove(act).claim("monotonic").certificate
    bad = _mutated(cert, lambda d: d.update(result="not monotonic", witness={"x": [sp.Integer(-1), sp.Integer(0), sp.Integer(1)]}))
    assert not _fresh_check(bad, act)[0]


def test_identity_in_f_tampering_is_rejected() -> None:
    act = get("sigmoid")
    cert = prove(act).claim("sup_derivative").certificate
    assert cert.kind == "identity-in-f"
    f = sp.Symbol("f", real=True)
    # a smaller bound with a "factorisation" that is not the difference
    bad = _mutated(cert, lambda d: d.update(bound=sp.Rational(1, 5)))
    assert not _fresh_check(bad, act)[0]
    # the right difference for a wrong bound: 1/5 - f(1 - f) is negative at f = 1/2
    bad2 = _mutated(cert, lambda d: d.update(bound=sp.Rational(1, 5), factored=sp.expand(sp.Rational(1, 5) - f * (1 - f))))
    assert not _fresh_check(bad2, act)[0]
    # a bound claimed attained at the wrong point
    bad3 = _mutated(cert, lambda d: d.update(x_star=sp.Integer(1)))
    assert not _fresh_check(bad3, act)[0]


def test_compare_and_counterexample_certificates() -> None:
    act = get("sigmoid")
    line = prove(act).claim("sup_derivative")
    li = prove(act).claim("range").certificate  # order 0 line image
    good = Certificate("compare", {"line_image": li, "order": 0, "op": "<", "bound": sp.Integer(1)})
    assert _fresh_check(good, act)[0]
    bad = Certificate("compare", {"line_image": li, "order": 0, "op": "<", "bound": sp.Rational(99, 100)})
    assert not _fresh_check(bad, act)[0]
    # counterexample certificates must exhibit a real violation
    assert _fresh_check(Certificate("counterexample", {"x": sp.Integer(0), "order": 1, "op": "<", "bound": sp.Rational(1, 4)}), act)[0]
    assert not _fresh_check(Certificate("counterexample", {"x": sp.Integer(0), "order": 1, "op": "<=", "bound": sp.Rational(1, 4)}), act)[0]
    assert not _fresh_check(Certificate("counterexample", {"x": sp.Integer(3), "order": 1, "op": "<=", "bound": sp.Rational(1, 4)}), act)[0]
    assert line.status == "proved"


def test_lipschitz_and_zero_centered_tampering() -> None:
    act = get("gelu")
    cert = prove(act).claim("lipschitz").certificate
    assert not _fresh_check(_mutated(cert, lambda d: d.update(value=sp.Integer(1))), act)[0]
    sig = get("sigmoid")
    zc = prove(sig).claim("zero_centered").certificate
    bad = _mutated(zc, lambda d: d.update(result="yes", negative_at=sp.Integer(-1), positive_at=sp.Integer(1)))
    assert not _fresh_check(bad, sig)[0]


def test_relations_and_a_false_relation() -> None:
    rels = relations()
    assert len(rels) == 6 and all(r.status == "proved" and r.certificate.checked for r in rels)
    s = get("sigmoid").expr
    false = Certificate("relation", {"lhs": sp.tanh(x), "rhs": 2 * s - 1})  # tanh(x) != 2 sigmoid(x) - 1
    assert not _fresh_check(false, get("identity"))[0]
    # a relation counterexample: the sides must differ at the point, certified on balls
    ok = Certificate("relation-counterexample", {"lhs": sp.tanh(x), "rhs": 2 * s - 1, "x": sp.Integer(1)})
    assert _fresh_check(ok, get("identity"))[0]
    true = Certificate("relation-counterexample", {"lhs": sp.tanh(x), "rhs": 2 * s.xreplace({x: 2 * x}) - 1, "x": sp.Integer(1)})
    assert not _fresh_check(true, get("identity"))[0]
    at_float = Certificate("relation-counterexample", {"lhs": sp.tanh(x), "rhs": 2 * s - 1, "x": sp.Float(1)})
    assert not _fresh_check(at_float, get("identity"))[0]


def test_constant_piece_tampering_is_rejected() -> None:
    act = get("relu")  # piece 0 is the constant 0
    cert = _image_certs(act)

    def change(d: dict) -> None:
        c = d["pieces"][0]
        new = copy.deepcopy(c.data)
        new["ends"][1]["value"] = {"exact": sp.Integer(1)}
        d["pieces"][0] = dataclasses.replace(c, data=new)

    assert not _fresh_check(_mutated(cert, change), act)[0]


def test_unknown_kind_is_rejected() -> None:
    assert not _fresh_check(Certificate("trust-me", {}), get("relu"))[0]


# ---------------------------------------------------------------------------------------
# the trusted primitives
def test_is_zero_needs_more_than_simplify() -> None:
    assert C.is_zero(sp.exp(sp.LambertW(sp.exp(-1))) * sp.LambertW(sp.exp(-1)) - sp.exp(-1))
    assert not C.is_zero(sp.exp(-100))  # tiny but not zero
    assert not C.is_zero(sp.pi - sp.Rational(355, 113))
    assert not C.is_zero(sp.Symbol("x", real=True))


def test_limits_and_values() -> None:
    assert C.limit_at(get("sigmoid").expr, sp.oo) == 1
    assert C.limit_at(get("gelu").expr, -sp.oo) == 0
    assert C.value_at(sp.sin(x) / x, sp.Integer(0), "+") == 1


def test_every_catalogue_decomposition_is_confirmed_by_the_checker() -> None:
    """The checker re-derives each record's pieces from its definition (issue 10): all confirm."""
    from symact import certificate as C

    problems = {a.name: C._decomposition_problem(a) for a in RECORDS}
    assert {k: v for k, v in problems.items() if v is not None} == {}
