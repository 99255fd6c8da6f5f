"""A claim's chain: each link checked under its budget, the claim as weak as its weakest
link, the notes that read a bound with its decimal, the summary."""

from __future__ import annotations

from typing import Any, Sequence, cast

import sympy as sp

from .. import budget
from ..errors import ParseError, SymactError, UsageError
from ..results import Status, Verdict, VerifyStep
from ..spec import Activation, x as X
from .context import FLIP, VERDICTS, Context, Link, UndefinedValue, Unsupported, number_text
from .exact import relation_holds
from .identities import constants, exact_equal, identity
from .decimals import decimal
from .bounds import bound_difference, bound_on, membership, term_function
from .products import independent_product, product_relation
from .network import Network, uses_layers


def bound_link(e: sp.Expr, op: str, c: sp.Expr, ctx: Context, lhs_text: str, rhs_text: str) -> Link:
    """For every x (or every a_i): e op c, with c a constant."""
    if c.free_symbols:
        raise Unsupported("a bound with parameters")
    prod = independent_product(e, ctx)
    if prod is not None:
        return product_relation(prod, ("bound", op, c), ctx)
    term = term_function(e, ctx)
    if term is None:
        raise Unsupported("a bound on a term that is not a function of x alone")
    return bound_on(term, op, c, lhs_text, rhs_text, ctx.domain)


def membership_link(e: sp.Expr, S: sp.Set, ctx: Context, lhs_text: str, rhs_text: str) -> Link:
    """For every x (or every a_i): e in S."""
    prod = independent_product(e, ctx)
    if prod is not None:
        return product_relation(prod, ("in", S), ctx)
    return membership(e, S, ctx, lhs_text, rhs_text)


def verify_claim(claim: Any, activation: Any) -> Verdict:
    """:func:`symact.verify.verify` inside its command budget: parse, give the names their
    meaning, check every link, and the claim's verdict is its weakest link's."""
    from ..catalog import all_activations
    from ..parse import ParsedClaim, parse_claim

    parsed = claim if isinstance(claim, ParsedClaim) else parse_claim(claim, all_activations())
    act = activation_of(activation)
    symbols: set[sp.Symbol] = set()
    for term in parsed.terms:
        if term.expr is not None and term.kind == "expr":
            symbols |= cast("set[sp.Symbol]", term.expr.free_symbols)
    functions = {type(a).__name__ for t in parsed.terms if t.kind == "expr" and t.expr is not None
                 for a in t.expr.atoms(sp.core.function.AppliedUndef)}
    try:
        ctx = Context(act, symbols, parsed.domain, functions)
    except Unsupported as exc:
        return Verdict(parsed.text, "unknown", str(exc), None, (), act.name if act is not None else None, tuple(parsed.notes))
    exprs: list[Any] = [None if t.expr is None else (t.expr.xreplace({parsed.variable: X}) if parsed.variable != X and t.kind == "expr" else t.expr)
             for t in parsed.terms]
    uses = set()
    for e in exprs:
        if e is not None and isinstance(e, sp.Basic):
            uses |= {type(a).__name__ for a in e.atoms(sp.core.function.AppliedUndef)}
    if "f" in uses and act is None:
        raise UsageError("the claim uses f: name the activation it means with --activation NAME")
    layered = uses_layers([e for e, t in zip(exprs, parsed.terms) if e is not None and t.kind == "expr"])
    network = None
    steps: list[VerifyStep] = []
    results: list[Link] = []
    spans: list[tuple[int, int]] = []
    n = len(parsed.terms)
    i = 0
    proved_eq: list[bool] = []
    while i < n - 1:
        j = i + 1
        rel = parsed.relations[i]
        elided = False
        if parsed.terms[j].kind == "elided":
            if parsed.relations[j] != rel:
                raise ParseError("a skipped step must sit between two equal relations", parsed.text, parsed.terms[j].start)
            j += 1
            elided = True
        lhs_term, rhs_term = parsed.terms[i], parsed.terms[j]
        lhs, rhs = exprs[i], exprs[j]
        try:
            # one link = one claim: CLAIM_FACTOR step budgets, clipped to what the command has left
            with budget.claim_budget(f"checking {lhs_term.text} {rel} {rhs_term.text}"):
                if rel in ("=", "approx") and layered and (uses_layers([lhs]) or uses_layers([rhs])):
                    if network is None:
                        network = Network([e for e in exprs if e is not None])
                    link = network.check(network.value(lhs), network.value(rhs), act)
                else:
                    link = check_link(rel, lhs, rhs, lhs_term, rhs_term, ctx, parsed, i, exprs, proved_eq)
        except Unsupported as exc:
            link = Link("unknown", "unsupported", str(exc))
        except UndefinedValue as exc:
            link = Link("refuted", "one-sided derivatives at a kink", str(exc), {"x": str(exc.at), "lhs": "undefined" if mentions_point(lhs, ctx, exc.at) else lhs_term.text, "rhs": "undefined" if not mentions_point(lhs, ctx, exc.at) else rhs_term.text})
        except budget.Timeout as exc:
            link = Link("unknown", "time budget", str(exc))
        except SymactError:
            raise  # bad input (an unknown activation, f without --activation): exit code 2
        except (ArithmeticError, ValueError, TypeError, RecursionError, NotImplementedError, AttributeError) as exc:
            # a SymPy/mpmath failure on an extreme input (10^(10^(10^10)) digits, ...): undecided, never a guess
            link = Link("unknown", "evaluation failed", f"SymPy/mpmath could not evaluate this link ({type(exc).__name__}: {str(exc)[:120]})")
        if elided:
            link.notes.append(f"the step written {parsed.terms[i + 1].text} was skipped in the claim: the terms on either side were compared directly")
        proved_eq.append(link.verdict == "proved" and rel == "=")
        if elided:
            proved_eq.append(link.verdict == "proved" and rel == "=")
        results.append(link)
        spans.append((i, j))
        i = j
    literal_chain_notes(results, spans, parsed, exprs, ctx, proved_eq)
    for (a, b), link in zip(spans, results):
        steps.append(VerifyStep(parsed.terms[a].text, parsed.relations[a], parsed.terms[b].text, link.verdict, link.method,
                                link.reason, link.counterexample, tuple(link.notes), link.certificate))
    verdict = Status.weakest(r.verdict for r in results).value
    return Verdict(parsed.text, verdict, summary(verdict, steps, parsed), first_counterexample(steps, verdict), tuple(steps),
                   act.name if act is not None else None, tuple(parsed.notes))


def literal_chain_notes(results: list[Link], spans: list[tuple[int, int]], parsed: Any, exprs: list[Any], ctx: Context,
                         proved_eq: list[bool]) -> None:
    """``A <= B = D`` with D an approximate decimal: say whether ``A <= D`` itself holds.

    The article's ``... \\le 0.25^{20} = 9.094 \\times 10^{-13}`` truncates 2^-40 downwards,
    and the product reaches 2^-40, so the bound read with the decimal is false; the
    approximate link alone does not show that."""
    for k in range(1, len(results)):
        (a, b), link = spans[k], results[k]
        (pa, _), prev = spans[k - 1], results[k - 1]
        rel = parsed.relations[pa]
        if link.verdict != "approximate" or parsed.relations[a] != "=" or rel not in FLIP or prev.verdict != "proved":
            continue
        if parsed.terms[b].literal is None:
            continue
        try:
            with budget.claim_budget("re-reading a bound with its decimal"):
                again = check_link(rel, exprs[pa], exprs[b], parsed.terms[pa], parsed.terms[b], ctx, parsed, pa, exprs, proved_eq)
        except (Unsupported, UndefinedValue, budget.Timeout, ArithmeticError, ValueError, TypeError):
            continue
        lit = parsed.terms[b].literal.text
        if again.verdict == "refuted":
            link.notes.append(f"read with the decimal, {parsed.terms[pa].text} {rel} {lit} is false ({again.reason}): "
                              f"the bound holds only with the exact value {parsed.terms[a].text}")
        elif again.verdict == "proved":
            link.notes.append(f"the bound also holds with the decimal as written: {parsed.terms[pa].text} {rel} {lit}")


def mentions_point(e: Any, ctx: Context, at: sp.Expr) -> bool:
    """Whether resolving ``e`` runs into the undefined value at ``at`` (which side of a link)."""
    if e is None:
        return False
    try:
        ctx.resolve(e)
    except UndefinedValue:
        return True
    except Exception:  # noqa: BLE001 - only the undefined value matters here
        return False
    return False


def activation_of(activation: Any) -> Activation | None:
    """The activation ``f`` means: an Activation, a catalogue name, or None."""
    if activation is None or isinstance(activation, Activation):
        return activation
    if isinstance(activation, str):
        from ..catalog import get

        return get(activation)
    raise UsageError(f"activation must be a name or an Activation, got {type(activation).__name__}")


def check_link(rel: str, lhs: Any, rhs: Any, lhs_term: Any, rhs_term: Any, ctx: Context, parsed: Any, i: int, exprs: list[Any], proved_eq: list[bool]) -> Link:
    """One link ``lhs rel rhs`` of the chain (``lhs_term``/``rhs_term`` as written): identities, constants, decimals, bounds or ranges."""
    if rel == "in":
        subject = segment_subject(i, exprs, parsed, proved_eq, ctx)
        return membership_link(subject, rhs_term.expr, ctx, lhs_term.text, rhs_term.text)
    if rel not in ("<", "<=", ">", ">="):
        A = ctx.resolve(lhs)
        B = ctx.resolve(rhs)
    if rel in ("=", "approx"):
        if not A.free_symbols and not B.free_symbols:
            exact = exact_equal(A, B)
            if exact:
                return Link("proved", "exact arithmetic", f"both sides equal {B if B.is_Rational else A}",
                             certificate={"kind": "exact", "value": str(B if B.is_Rational else A)})
            lit = rhs_term.literal if rhs_term.literal is not None else lhs_term.literal
            if lit is not None and exact is False:
                other = A if rhs_term.literal is not None else B
                other_text = lhs_term.text if rhs_term.literal is not None else rhs_term.text
                return decimal(other, lit, other_text)
            if rel == "approx":
                return Link("refuted" if exact is False else "unknown", "exact arithmetic",
                             f"{lhs_term.text} = {number_text(A)} and {rhs_term.text} = {number_text(B)}: "
                             "\\approx needs a decimal side to compare digits")
            return constants(A, B)
        if rel == "approx":
            raise Unsupported("\\approx between functions of x")
        return identity(A, B, ctx, (lhs_term.text, rhs_term.text))
    if rel == "!=":
        if not A.free_symbols and not B.free_symbols:
            eq = exact_equal(A, B)
            if eq is False:
                return Link("proved", "exact arithmetic", f"{A} and {B} differ", certificate={"kind": "exact"})
            if eq:
                return Link("refuted", "exact arithmetic", f"both sides equal {A}", {"x": None, "lhs": str(A), "rhs": str(B)})
            return Link("unknown", "exact arithmetic", "cannot decide")
        raise Unsupported("'\\ne' between functions of x")
    # inequalities
    if is_constant(lhs) and is_constant(rhs):
        A, B = ctx.resolve(lhs), ctx.resolve(rhs)
        holds = relation_holds(A, rel, B)
        if holds is True:
            return Link("proved", "exact arithmetic", f"{A} {rel} {B}", certificate={"kind": "exact"})
        if holds is False:
            return Link("refuted", "exact arithmetic", f"{A} {rel} {B} is false", {"x": None, "lhs": str(A), "rhs": str(B)})
        return Link("unknown", "exact arithmetic", f"cannot decide {A} {rel} {B}")
    left_subject = segment_subject(i, exprs, parsed, proved_eq, ctx)
    if is_constant(rhs):
        return bound_link(left_subject, rel, ctx.resolve(rhs), ctx, lhs_term.text, rhs_term.text)
    if is_constant(lhs):
        return bound_link(rhs, FLIP[rel], ctx.resolve(lhs), ctx, rhs_term.text, lhs_term.text)
    # two functions of x: their difference against 0
    A, B = ctx.resolve(lhs), ctx.resolve(rhs)
    if (A.free_symbols | B.free_symbols) - {X}:
        raise Unsupported("an inequality with parameters")
    return bound_difference(A - B, rel, sp.Integer(0), f"({lhs_term.text}) - ({rhs_term.text})", "0", ctx.domain)


def is_constant(e: sp.Basic) -> bool:
    """Whether e has neither free symbols nor named functions."""
    return not e.free_symbols and not e.atoms(sp.core.function.AppliedUndef)


def segment_subject(i: int, exprs: list[Any], parsed: Any, proved_eq: list[bool], ctx: Context) -> Any:
    """The left term of link i, or a term proved equal to it that the prover knows directly
    (f'(x) rather than its explicit formula)."""
    e = exprs[i]
    if ctx.single(e) is not None or ctx.product(e) is not None:
        return e
    k = i
    while k > 0 and parsed.relations[k - 1] == "=" and k - 1 < len(proved_eq) and proved_eq[k - 1]:
        k -= 1
        cand = exprs[k]
        if cand is not None and (ctx.single(cand) is not None or ctx.product(cand) is not None):
            return cand
    return e


def first_counterexample(steps: Sequence[VerifyStep], verdict: str) -> dict[str, Any] | None:
    """The counterexample of the first refuted link of a refuted claim."""
    if verdict != "refuted":
        return None
    for s in steps:
        if s.verdict == "refuted":
            return s.counterexample
    return None


def summary(verdict: str, steps: Sequence[VerifyStep], parsed: Any) -> str:
    """The claim's reason: the one link's, or the counts of the links' verdicts with the weakest ones."""
    n = len(steps)
    if n == 1:
        s = steps[0]
        text = s.reason
        if s.notes:
            text += "; " + "; ".join(s.notes)
    else:
        counts = {v: sum(1 for s in steps if s.verdict == v) for v in VERDICTS}
        parts = [f"{counts[v]} {v}" for v in VERDICTS if counts[v]]
        lead = f"{n} links: " + ", ".join(parts)
        if verdict == "proved":
            lead = f"every one of the {n} links is proved (" + "; ".join(s.method for s in steps) + ")"
        worst = [s for s in steps if s.verdict == verdict]
        detail = "; ".join(f"{s.lhs} {s.relation} {s.rhs}: {s.reason}" for s in worst[:2]) if verdict != "proved" else ""
        notes = [nt for s in steps for nt in s.notes]
        text = lead + (f" ({detail})" if detail else "") + ("; " + "; ".join(notes) if notes else "")
    if parsed.notes:
        text += "; reading: " + "; ".join(parsed.notes)
    return text
