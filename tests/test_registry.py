"""The properties as data (symact.prove.registry): every record is complete, its certificate
kinds have checkers and are the kinds its prover really produces, the labels of the CLI, the
notebook and the report are the registry's, and a property added to the registry alone is
proved and reported."""

from __future__ import annotations

import dataclasses

import pytest
import sympy as sp

from symact import _notebook
from symact import certificate as C
from symact.catalog import get
from symact.prove import PROPERTIES, REGISTRY, Property, prove
from symact.prove import registry as R
from symact.results import Certificate, Claim, ProofStep


@pytest.mark.parametrize("name", list(REGISTRY))
def test_every_property_is_complete(name: str) -> None:
    p = REGISTRY[name]
    assert p.name == name
    assert p.label.strip() and p.tex.strip() and p.report_label.strip()
    assert callable(p.prover)
    assert p.kinds, name
    missing = [k for k in p.kinds if k not in C.checker_kinds()]
    assert not missing, (name, missing)
    assert p.at_text in (None, "at", "worst at", "about", "inflection at")
    assert p.attained_text in ("shown", "finite")


def test_one_table_of_labels() -> None:
    assert PROPERTIES == tuple(REGISTRY)
    assert _notebook.LABELS is R.LABELS and _notebook.TEX_LABELS is R.TEX_LABELS
    assert list(R.LABELS) == list(R.TEX_LABELS) == list(R.REPORT_LABELS) == list(PROPERTIES)
    assert len(set(R.LABELS.values())) == len(R.LABELS)  # no two properties print alike
    assert "convexity" in PROPERTIES


@pytest.mark.parametrize("name", ["relu", "sigmoid", "sinusoid", "binary_step", "gelu"])
def test_declared_kinds_are_the_kinds_produced(name: str) -> None:
    for c in prove(get(name)).claims:
        assert c.status == "proved", (c.property, c.reason)
        assert c.certificate.kind in REGISTRY[c.property].kinds, (name, c.property, c.certificate.kind)


def test_a_property_added_to_the_registry_alone_is_proved_and_printed(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """One record (label, prover, kind) is all a new property needs when its certificate kind
    exists: prove() runs it, the checker re-verifies it, the CLI prints its label."""
    from symact import cli

    def f_at_1(act):  # type: ignore[no-untyped-def]
        v = C.value_of(act, sp.Integer(1))
        return Claim("value_at_1", v, status="proved", method="evaluation",
                     certificate=Certificate("value", {"x": sp.Integer(1), "value": v}, (ProofStep("f(1) = ", v, "."),)))

    rec = Property("value_at_1", "f(1)", "f(1)", "$f(1)$", f_at_1, ("value",), at_text=None)
    monkeypatch.setitem(REGISTRY, "value_at_1", rec)
    monkeypatch.setitem(R.LABELS, "value_at_1", rec.label)
    act = get("relu")
    (c,) = prove(act, ("value_at_1",)).claims
    assert (c.status, c.value, c.certificate.checked) == ("proved", 1, True)
    # a wrong value is caught by the checker
    wrong = dataclasses.replace(rec, prover=lambda a: dataclasses.replace(f_at_1(a), value=2, certificate=Certificate(
        "value", {"x": sp.Integer(1), "value": sp.Integer(2)}, ())))
    monkeypatch.setitem(REGISTRY, "value_at_1", wrong)
    from symact.catalog import define
    from symact.spec import x

    probe = define("registry_probe", sp.Max(0, x), register_it=False)
    (c,) = prove(probe, ("value_at_1",)).claims
    assert c.status == "unknown" and "rejected" in c.reason
    monkeypatch.setitem(REGISTRY, "value_at_1", rec)
    code = cli.main(["prove", "relu"])
    out = capsys.readouterr().out
    assert code == 0
    assert any(line.split()[:2] == ["f(1)", "1"] for line in out.splitlines()), out


def test_unknown_property_is_a_usage_error() -> None:
    from symact.errors import UsageError

    with pytest.raises(UsageError):
        prove(get("relu"), ("no_such_property",))
