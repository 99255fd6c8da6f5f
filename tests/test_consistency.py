"""The claims about one activation agree with each other (symact.consistency).

Deliberately inconsistent claim sets, built from real proofs by changing one claim, are
caught (and only the claims involved become unknown); the whole catalogue passes the check
with every verdict unchanged; a wrong claim that slips past its own checker inside prove()
is turned into unknown before it is reported.
"""

from __future__ import annotations

import dataclasses

import pytest
import sympy as sp

from symact import certificate as C
from symact import consistency as K
from symact import prove as P
from symact.catalog import define, get
from symact.prove import PROPERTIES, prove
from symact.spec import x

from helpers import RECORDS


def _mutate(claims, prop, **changes):  # type: ignore[no-untyped-def]
    found = [c for c in claims if c.property == prop]
    assert found, prop
    return [dataclasses.replace(c, **changes) if c.property == prop else c for c in claims]


def _caught(claims, *props):  # type: ignore[no-untyped-def]
    """The set of properties that take part in some contradiction."""
    found = K.find_inconsistencies(claims)
    return {p for inc in found for p in inc.properties}, found


# (record, property changed, new fields, properties that must be named in a contradiction)
CASES = [
    # range vs limits: the dSiLU failure of issue 10 (a limit outside the closure of the range)
    ("sigmoid", "limit_oo", {"value": sp.Integer(2)}, {"range", "limit_oo"}),
    ("tanh", "limit_-oo", {"value": sp.Integer(-2)}, {"range", "limit_-oo"}),
    ("tanh", "limit_-oo", {"value": sp.Integer(0)}, {"monotonic", "limit_-oo", "symmetry"}),
    ("relu", "limit_oo", {"value": sp.Integer(-1)}, {"range", "limit_oo"}),
    ("relu", "limit_oo", {"value": sp.Integer(0)}, {"monotonic", "max", "limit_oo"}),
    # max/min vs range: max = sup of the range, attained iff the bracket is closed
    ("sigmoid", "max", {"attained": True}, {"max", "range"}),
    ("relu6", "max", {"attained": False}, {"max", "range"}),
    ("relu6", "max", {"value": sp.Integer(5)}, {"max", "range"}),
    ("gaussian", "min", {"value": sp.Rational(-1, 10)}, {"min", "range"}),
    ("sigmoid", "range", {"value": sp.Interval.open(0, 2)}, {"max", "range"}),
    # f(0) in the range
    ("relu", "value_at_0", {"value": sp.Integer(-1)}, {"value_at_0", "range"}),
    ("softplus", "value_at_0", {"value": sp.Integer(0)}, {"value_at_0", "range"}),
    # sup/inf of f' vs monotonic
    ("sigmoid", "inf_derivative", {"value": sp.Rational(-1, 8)}, {"monotonic", "inf_derivative"}),
    ("sigmoid", "monotonic", {"value": "decreasing"}, {"monotonic", "sup_derivative"}),
    ("gaussian", "sup_derivative", {"value": sp.Integer(0)}, {"monotonic", "sup_derivative"}),
    ("tanh", "monotonic", {"value": "not monotonic"}, {"monotonic", "inf_derivative"}),
    # Lipschitz = max(|sup f'|, |inf f'|) for a continuous f; oo for a discontinuous one
    ("sigmoid", "lipschitz", {"value": sp.Rational(1, 2)}, {"lipschitz"}),
    ("gaussian", "lipschitz", {"value": sp.Rational(1, 2)}, {"lipschitz", "sup_derivative"}),
    ("binary_step", "lipschitz", {"value": sp.Integer(1)}, {"lipschitz", "continuity"}),
    # zero-centred vs f(0) and the range
    ("sigmoid", "zero_centered", {"value": "yes"}, {"zero_centered", "value_at_0"}),
    ("tanh", "zero_centered", {"value": "no"}, {"zero_centered", "value_at_0", "range"}),
    ("relu", "zero_centered", {"value": "yes"}, {"zero_centered", "range"}),
    # continuity vs differentiable
    ("sigmoid", "differentiable", {"value": "except at {0}", "at": sp.FiniteSet(0)}, {"continuity", "differentiable"}),
    ("binary_step", "differentiable", {"value": "everywhere", "at": None}, {"continuity", "differentiable"}),
    ("hardshrink", "continuity", {"value": "C^1", "at": None}, {"continuity", "differentiable"}),
    # symmetry vs limits, f(0), max/min, f'
    ("sigmoid", "symmetry", {"value": "odd", "at": None}, {"symmetry", "value_at_0"}),
    ("tanh", "symmetry", {"value": "even", "at": None}, {"symmetry", "limit_-oo"}),
    ("hard_sigmoid", "symmetry", {"value": "point-symmetric", "at": (sp.Integer(0), sp.Rational(1, 3))}, {"symmetry", "value_at_0"}),
    ("gaussian", "symmetry", {"value": "odd", "at": None}, {"symmetry", "value_at_0"}),
    ("sinusoid", "limit_oo", {"value": sp.Integer(0)}, {"symmetry", "limit_oo"}),
    # monotonic vs limits and attainment
    ("softplus", "monotonic", {"value": "non-increasing"}, {"monotonic", "sup_derivative"}),
    ("leaky_relu", "max", {"value": sp.Integer(7), "attained": True}, {"max", "range"}),
]


@pytest.mark.parametrize("name,prop,changes,expected", CASES, ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(CASES)])
def test_an_inconsistent_claim_set_is_caught(name, prop, changes, expected) -> None:  # type: ignore[no-untyped-def]
    claims = list(prove(get(name)).claims)
    assert K.find_inconsistencies(claims) == [], "the unchanged proof must pass"
    bad = _mutate(claims, prop, **changes)
    involved, found = _caught(bad)
    assert expected <= involved, (expected, found)
    assert prop in involved, found
    # every involved claim becomes unknown with the reason; the others are untouched
    out = K.reconcile(bad)
    for before, after in zip(bad, out):
        if before.property in involved:
            assert after.status == "unknown"
            assert after.reason.startswith("inconsistent with "), after.reason
            assert after.value is None and after.certificate is None
        else:
            assert after is before


def test_enclosures_are_compared_by_their_ends() -> None:
    """mish's min is an enclosure (a Float shown, rational ends kept): a min whose enclosure
    lies below the range's lower end is a contradiction; the Float shown is not what is
    compared."""
    claims = list(prove(get("mish")).claims)
    assert K.find_inconsistencies(claims) == []
    mn = next(c for c in claims if c.property == "min")
    assert mn.enclosure is not None
    lo, hi = mn.enclosure
    moved = _mutate(claims, "min", enclosure=(lo - sp.Rational(1, 10**20), lo - sp.Rational(1, 10**21)))
    involved, found = _caught(moved)
    assert {"min", "range"} <= involved, found
    assert K.find_inconsistencies(_mutate(claims, "min", value=mn.value + 1)) == []  # the Float is only shown


def test_undecidable_comparisons_are_not_contradictions() -> None:
    """A tie that interval arithmetic cannot separate (two different expressions for the
    same number), and symbolic parameters, are no evidence of an inconsistency."""
    claims = list(prove(get("sigmoid")).claims)
    same = sp.Integer(1) / (1 + sp.exp(-sp.log(sp.Integer(3)))) * sp.Rational(4, 3)  # = 1, written otherwise
    assert K.find_inconsistencies(_mutate(claims, "limit_oo", value=same)) == []
    a = sp.Symbol("a", positive=True)
    assert K.find_inconsistencies(_mutate(claims, "limit_oo", value=a)) == []


def test_only_proved_claims_take_part() -> None:
    claims = list(prove(get("sigmoid")).claims)
    unknown = _mutate(claims, "limit_oo", value=sp.Integer(2), status="unknown", reason="made up")
    assert K.find_inconsistencies(unknown) == []


def test_reasons_name_the_other_claims() -> None:
    claims = _mutate(list(prove(get("relu")).claims), "limit_oo", value=sp.Integer(-3))
    out = {c.property: c for c in K.reconcile(claims)}
    assert "range" in out["limit_oo"].reason and "limit_oo" in out["range"].reason
    assert out["range"].reason.startswith("inconsistent with ")


def test_a_wrong_claim_that_passes_its_checker_is_not_reported(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The consistency check runs inside prove(): a limit claim that is wrong (as SymPy's
    limit was for dSiLU) and whose certificate the checker accepts is still caught, because
    the range contradicts it; both become unknown."""
    record = P.REGISTRY["limit_oo"]

    def wrong_limit(act):  # type: ignore[no-untyped-def]
        return dataclasses.replace(record.prover(act), value=sp.Integer(2))

    real_check = C.check

    def lenient(cert, act, session=None):  # type: ignore[no-untyped-def]
        if cert.kind == "limit":
            return True, "accepted by the test"
        return real_check(cert, act, session)

    monkeypatch.setitem(P.REGISTRY, "limit_oo", dataclasses.replace(record, prover=wrong_limit))
    monkeypatch.setattr(C, "check", lenient)
    act = define("consistency_probe", 1 / (1 + sp.exp(-x)), register_it=False)
    proof = prove(act)
    by = {c.property: c for c in proof.claims}
    assert by["limit_oo"].status == "unknown" and by["limit_oo"].reason.startswith("inconsistent with ")
    assert by["range"].status == "unknown" and "limit_oo" in by["range"].reason
    assert by["continuity"].status == "proved" and by["differentiable"].status == "proved"  # not involved


@pytest.mark.slow
def test_the_whole_catalogue_is_consistent_and_unchanged() -> None:
    """Every record's 14 claims pass the check, and prove() reports them all proved: the
    check changes no verdict of the catalogue."""
    assert len(RECORDS) >= 30
    for act in RECORDS:
        proof = prove(act)
        assert K.find_inconsistencies(proof.claims) == [], act.name
        assert [c.property for c in proof.claims] == list(PROPERTIES)
        assert all(c.status == "proved" for c in proof.claims), (act.name, [(c.property, c.reason) for c in proof.claims if c.status != "proved"])


@pytest.mark.parametrize("name", ["elu", "hard_tanh", "softplus", "leaky_relu", "celu"])
def test_symbolic_parameters_are_not_contradictions(name) -> None:  # type: ignore[no-untyped-def]
    """Claims with parameters kept symbolic ('C^0 (smoother where Eq(alpha, 1))', ranges in
    alpha) are consistent: nothing undecidable is reported as a contradiction."""
    proof = prove(get(name).symbolic())
    assert not any(c.reason.startswith("inconsistent with") for c in proof.claims), [(c.property, c.reason) for c in proof.claims]
    assert K.find_inconsistencies(proof.claims) == []
