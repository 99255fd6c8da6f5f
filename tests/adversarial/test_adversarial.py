"""symact against the adversarial corpus: never a false `proved` / `refuted` / `approximate`.

A case passes when every claim symact makes about a property the corpus has a truth for is
correct or `unknown`.  It fails on: a `proved` value that differs from the truth (30
significant digits; a Float printed next to a certified enclosure must agree to 1e-12 and
the enclosure must contain the truth), a wrong bracket, a wrong attained flag, an `at` point
where f does not take the claimed extremum, a false `refuted` (or a counterexample that is
none by mpmath), a wrong `approximate`, exit code 4, a traceback, a crash, or a hang: more
than LIMIT (60) s of CPU time, or WALL_LIMIT (300) s of wall time (see runner.run_many for
why CPU).  Exit 2 (a clear refusal) is accepted only for cases marked
refusal_ok (poles, removable singularities).

All selected cases run first, in a pool of worker processes (runner.py), so the corpus uses
both cores; each test then checks its own case's reply.
"""

from __future__ import annotations

import json
import os

import mpmath as mp
import pytest
import sympy as sp
from mpmath import mpf

from . import compare
from .compare import INF, NO_LIMIT, Unreadable, num_eq, parse_set, parse_value
from .corpus import CASES
from .ground_truth import FUNCS, violates
from .runner import run_many

LIMIT = float(os.environ.get("SYMACT_ADVERSARIAL_LIMIT", "60"))        # CPU seconds per case
WALL_LIMIT = float(os.environ.get("SYMACT_ADVERSARIAL_WALL", "300"))   # wall-clock backstop
WORKERS = int(os.environ.get("SYMACT_ADVERSARIAL_WORKERS", "2"))
BUDGET = "5"
EXIT = {"proved": 0, "approximate": 0, "refuted": 1, "unknown": 3}


def argv(case):
    if case["kind"] == "prove":
        return ["--budget", BUDGET, "prove", "--latex", case["input"], "--json"]
    return ["--budget", BUDGET, "verify", case["input"], "--json"]


def _params():
    out = []
    for c in CASES:
        marks = [pytest.mark.slow] if c["slow"] else []
        out.append(pytest.param(c, id=c["id"], marks=marks))
    return out


@pytest.fixture(scope="session")
def replies(request):
    """Run every selected case once, two at a time, before the first check."""
    selected = []
    for item in request.session.items:
        cs = getattr(item, "callspec", None)
        if cs is not None and item.module.__name__.endswith("test_adversarial") and "case" in cs.params:
            selected.append(cs.params["case"])
    selected.sort(key=lambda c: not c["slow"])          # the long ones first, for balance
    replies = run_many({c["id"]: argv(c) for c in selected}, limit=LIMIT, workers=WORKERS,
                       wall_limit=WALL_LIMIT)
    dump = os.environ.get("SYMACT_ADVERSARIAL_DUMP")
    if dump:
        with open(dump, "w") as fh:
            json.dump(replies, fh, indent=1)
    return replies


# ------------------------------------------------------------------ checking one claim
def _enclosure(claim):
    enc = claim.get("enclosure")
    if not enc:
        return None
    return parse_value(enc[0])[0], parse_value(enc[1])[0]


def _inside(v, enc):
    with mp.workdps(compare.DPS):
        return enc[0] - abs(v) * mpf(10) ** -60 <= v <= enc[1] + abs(v) * mpf(10) ** -60


def _value_ok(text, truth, claim):
    """Is symact's number `text` the truth?  Exact expressions: to 30 digits.  A Float (a
    display of a certified enclosure): to 1e-12, and the enclosure must contain the truth."""
    got, inexact = parse_value(text)
    t = parse_value(truth)[0] if isinstance(truth, str) else truth
    enc = _enclosure(claim)
    if enc is not None and t not in (INF, -INF) and not _inside(t, enc):
        return f"enclosure {claim['enclosure']} does not contain the truth {mp.nstr(t, 40)}"
    if inexact:
        if enc is None:
            return f"a bare float {text} with no enclosure"
        return None if num_eq(got, t, compare.REL_DISPLAY) else f"{text} != {truth}"
    return None if num_eq(got, t) else f"{text} != {truth}"


def _set_ok(text, truth, claim):
    got = parse_set(text)
    want = parse_set(truth)
    if not compare.sets_eq(got, want):
        return f"{text} != {truth}"
    enc = _enclosure(claim)
    if enc is not None:
        for g, w in zip(got, want):
            for gi, wi in ((g[0], w[0]), (g[1], w[1])):
                if g[4] and gi not in (INF, -INF) and _inside(gi, (enc[0] - mpf(10) ** -12,
                                                                    enc[1] + mpf(10) ** -12)):
                    if not _inside(wi, enc):
                        return f"enclosure {claim['enclosure']} misses the end {mp.nstr(wi, 40)}"
    return None


def _sample_points(at):
    """Points of symact's `at` set: finite sets, interior points of intervals, ImageSets at
    n = -1, 0, 1."""
    from sympy.parsing.sympy_parser import parse_expr

    obj = parse_expr(str(at), local_dict=dict(compare._LOCALS), evaluate=False)
    pts = []

    def walk(o):
        if isinstance(o, (set, frozenset)):
            for p in o:
                pts.append(compare._num(p))
        elif isinstance(o, tuple) and o[0] == "union":
            for p in o[1]:
                walk(p)
        elif isinstance(o, tuple) and o[0] == "iv":
            (lo, ia), (hi, ib) = compare._num(o[1]), compare._num(o[2])
            if lo == -INF and hi == INF:
                pts.extend([(mpf(0), False), (mpf(-7), False), (mpf(7), False)])
                return
            if lo == -INF:
                pts.extend([(hi - 1, ib), (hi - 10, ib)])
            elif hi == INF:
                pts.extend([(lo + 1, ia), (lo + 10, ia)])
            else:
                pts.append(((lo + hi) / 2, ia or ib))
            # (closed ends are not sampled: they are often the breakpoints themselves, where
            # f's value hangs on the last bit of the endpoint)
        elif isinstance(o, tuple) and o[0] == "image":
            lam = o[1]
            for n in (-1, 0, 1):
                pts.append(compare._num(lam(n)))
        else:
            pts.append(compare._num(o))

    walk(obj)
    return pts


def _at_ok(claim, truth_value, f):
    """Every point where symact says the extremum is attained gives f = the extremum."""
    at = claim.get("at")
    if at in (None, "", "None") or f is None:
        return None
    t = parse_value(truth_value)[0]
    atenc = claim.get("at_enclosure")
    try:
        pts = _sample_points(at)
    except Unreadable:
        return None
    with mp.workdps(110):
        for p, inexact in pts:
            if inexact:
                if not atenc or len(pts) != 1:
                    continue  # a printed float: the value check covers it
                lo, hi = parse_value(atenc[0])[0], parse_value(atenc[1])[0]
                p, tol = (lo + hi) / 2, mpf(10) ** -20
            else:
                tol = compare.REL_EQ
            v = f(p)
            if not num_eq(v, t, tol):
                return f"at x = {mp.nstr(p, 20)} (from {at}) f = {mp.nstr(v, 30)}, not {truth_value}"
    return None


def _differentiable(text):
    if text == "everywhere":
        return "everywhere"
    if text.startswith("except at "):
        return text[len("except at "):]
    raise Unreadable(f"differentiable: {text!r}")


def check_claim(prop, truth, claim, f):
    v = claim.get("value")
    if v is None:
        return f"proved with no value"
    if prop == "range":
        return _set_ok(v, truth, claim)
    if prop in ("limit_oo", "limit_-oo"):
        if truth == NO_LIMIT:
            return None if v in ("does not exist", NO_LIMIT) else f"limit {v}, truth: no limit"
        if v in ("does not exist", NO_LIMIT):
            return f"says no limit, truth {truth}"
        return _value_ok(v, truth, claim)
    if prop in ("max", "min", "sup_derivative", "inf_derivative"):
        tv, tatt = truth
        err = _value_ok(v, tv, claim)
        if err:
            return err
        if claim.get("attained") is not None and bool(claim["attained"]) != tatt:
            return f"attained={claim['attained']}, truth attained={tatt}"
        if tatt and prop in ("max", "min"):
            return _at_ok(claim, tv, f)
        return None
    if prop in ("lipschitz", "value_at_0"):
        return _value_ok(v, truth, claim)
    if prop == "differentiable":
        got = _differentiable(v)
        if got == "everywhere" or truth == "everywhere":
            return None if got == truth else f"{v} != {truth}"
        return None if compare.sets_eq(parse_set(got), parse_set(truth)) else f"{v} != {truth}"
    if prop == "symmetry":
        if isinstance(truth, tuple):
            if v != truth[0]:
                return f"{v} != {truth[0]}"
            at = claim.get("at") or []
            if len(at) != 2:
                return f"point symmetry without a centre: {at}"
            ok = all(num_eq(parse_value(a)[0], parse_value(b)[0]) for a, b in zip(at, truth[1:]))
            return None if ok else f"centre {at} != {truth[1:]}"
        return None if v == truth else f"{v} != {truth}"
    return None if v == truth else f"{v!r} != {truth!r}"


# ------------------------------------------------------------------ checking one case
def problems_of(case, reply):
    rc = reply["rc"]
    out = []
    if rc == "hang":
        return [f"no answer: stopped after {reply.get('cpu', 0):.0f} s CPU, "
                f"{reply['wall']:.0f} s wall (limits {LIMIT:.0f} s CPU, {WALL_LIMIT:.0f} s wall)"]
    if rc in ("crash", "escaped"):
        return [f"{rc}: {reply['stderr'][-2000:]}"]
    if "Traceback" in reply["stderr"]:
        out.append("traceback on stderr: " + reply["stderr"][-1500:])
    if rc == 4:
        return out + ["exit code 4 (internal error): " + reply["stderr"][-500:]]
    if rc == 2:
        if case["refusal_ok"] and reply["stderr"].startswith("error:"):
            return out
        return out + [f"exit 2 on a valid input: {reply['stderr'][-300:]}"]
    try:
        data = json.loads(reply["stdout"])
    except ValueError:
        return out + [f"rc {rc}, not JSON: {reply['stdout'][:300]!r}"]
    if case["kind"] == "prove":
        return out + _prove_problems(case, data)
    return out + _verify_problems(case, data, rc)


def _prove_problems(case, data):
    out = []
    f = FUNCS.get(case["id"], {}).get("f")
    by_prop = {}
    for c in data.get("claims", []):
        by_prop.setdefault(c["property"], []).append(c)
    for prop, truth in case["truth"].items():
        for claim in by_prop.get(prop, []):
            status = claim.get("status")
            if status == "unknown":
                continue
            if status != "proved":
                # a property claim "refuted" has no defined meaning here: show it
                out.append(f"{prop}: status {status!r}: {claim.get('reason')}")
                continue
            try:
                err = check_claim(prop, truth, claim, f)
            except Unreadable as exc:
                err = f"unreadable value: {exc}"
            if err:
                out.append(f"{prop}: proved {claim.get('value')!r} "
                           f"(attained={claim.get('attained')}, at={claim.get('at')}, "
                           f"enclosure={claim.get('enclosure')}): {err}; truth {truth!r}")
    return out


def _verify_problems(case, data, rc):
    v = data.get("verdict")
    t = case["truth"]
    out = []
    if v in EXIT and rc != EXIT[v]:
        out.append(f"verdict {v} with exit code {rc}")
    if "holds" in t:
        if t["holds"]:
            if v in ("refuted", "approximate"):
                out.append(f"{v} a true claim: {data.get('reason')}")
        else:
            if v in ("proved", "approximate"):
                out.append(f"{v} a false claim: {data.get('reason')}")
    else:
        kind = t["decimal"]
        if kind == "neither":
            if v in ("proved", "approximate"):
                out.append(f"{v}, but the decimal is neither a rounding nor a truncation: "
                           f"{data.get('reason')}")
        else:
            if v == "proved":
                out.append(f"proved, but the decimal is only a {kind}: {data.get('reason')}")
            elif v == "refuted":
                out.append(f"refuted, but the decimal is a correct {kind}: {data.get('reason')}")
    if v == "refuted" and not out:
        cx = data.get("counterexample") or {}
        defs = FUNCS.get(case["id"], {})
        x = cx.get("x")
        if x not in (None, "None") and not defs.get("const") and "lhs" in defs:
            try:
                xv, _ = parse_value(x)
            except Unreadable as exc:
                return out + [f"unreadable counterexample x = {x!r}: {exc}"]
            with mp.workdps(110):
                if not violates(defs, xv):
                    try:
                        sides = (f"lhs {mp.nstr(defs['lhs'](xv), 25)}, "
                                 f"rhs {mp.nstr(defs['rhs'](xv), 25)}")
                    except (ZeroDivisionError, ValueError):
                        sides = "a side is undefined there"
                    dom = defs.get("domain")
                    where = ("outside the claim's domain" if dom is not None and not dom(xv)
                             else "the claim holds there")
                    out.append(f"counterexample x = {x} is none: {where} ({sides})")
    return out


@pytest.mark.parametrize("case", _params())
def test_case(case, replies):
    reply = replies[case["id"]]
    problems = problems_of(case, reply)
    assert not problems, f"{case['id']} [{case['category']}] {case['input']}\n  " + "\n  ".join(problems)
