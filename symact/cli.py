"""The command line: parse arguments, call the library, render, map errors to exit codes.

Thin by design: every command is a function ``cmd_<name>(args) -> int`` that calls the
library and a renderer.  Exit codes (DESIGN.md): 0 done (verify: proved or approximate),
1 refuted, 3 unknown, 2 bad input or usage, 4 internal error (a bug: please report it).
Errors are one line on stderr starting with ``error:``; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from typing import Any, Callable, Sequence

from . import _notebook, budget
from .errors import (
    EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_REFUTED, EXIT_UNKNOWN, EXIT_USAGE, SymactError, UsageError,
)

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    """argparse that raises UsageError instead of printing usage and exiting."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see: {self.prog} --help)")


_ASCII_INT = re.compile(r"[0-9]{1,9}\Z")
_ASCII_FLOAT = re.compile(r"([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]{1,4})?\Z")


def _positive_int(text: str) -> int:
    """A positive integer written with ASCII digits (no '1_000', no Arabic-Indic digits)."""
    if not _ASCII_INT.match(text.strip()) or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer (ASCII digits), got {text!r}")
    return int(text)


def _bounded_int(limit: int, what: str) -> Callable[[str], int]:
    def parse(text: str) -> int:
        value = _positive_int(text)
        if value > limit:
            raise argparse.ArgumentTypeError(f"{what} {value} is above the limit {limit} (allowed: 1 to {limit})")
        return value

    parse.__name__ = what.replace(" ", "_")
    return parse


def _positive_float(text: str) -> float:
    if not _ASCII_FLOAT.match(text.strip()):
        raise argparse.ArgumentTypeError(f"expected a positive number such as 0.5 or 1e-8, got {text!r}")
    value = float(text)
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number such as 0.5 or 1e-8, got {text!r}")
    return value


def _param(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip() or not value.strip():
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE (e.g. alpha=0.5 or alpha=symbolic), got {text!r}")
    return name.strip(), value.strip()


def build_parser() -> argparse.ArgumentParser:
    from . import __version__

    p = _Parser(prog="symact", description="Symbolic mathematics of neural-network activation functions.")
    p.add_argument("--version", action="version", version=f"symact {__version__}")
    p.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    p.add_argument("--budget", type=_positive_float, metavar="SECONDS",
                   help=f"CPU-time budget of one symbolic step (default {budget.default_seconds():g} s; env SYMACT_BUDGET); "
                        f"a claim gets {budget.CLAIM_FACTOR:g}x, a whole prove/verify command {budget.COMMAND_FACTOR:g}x")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    # --debug and --budget are accepted after the subcommand too (symact prove relu --debug)
    common = _Parser(add_help=False)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks of errors")
    common.add_argument("--budget", type=_positive_float, metavar="SECONDS", default=argparse.SUPPRESS,
                        help="CPU-time budget of one symbolic step")
    _orig_add_parser = sub.add_parser

    def add_parser(name: str, **kw: Any) -> argparse.ArgumentParser:
        return _orig_add_parser(name, parents=[common], **kw)

    sub.add_parser = add_parser  # type: ignore[method-assign]

    s = sub.add_parser("list", help="list the activations in the catalogue")
    s.add_argument("--json", action="store_true", help="JSON output")
    s.set_defaults(func=cmd_list)

    s = sub.add_parser("derive", help="derivatives, forms in terms of f and kinks")
    s.add_argument("name", nargs="?", help="activation name (see: symact list)")
    s.add_argument("--latex", metavar="EXPR", help="define the activation from a LaTeX expression in x instead")
    s.add_argument("--name", dest="as_name", metavar="NAME", help="name for the --latex activation (default: custom)")
    s.add_argument("--all", action="store_true", help="every activation in the catalogue")
    s.add_argument("--order", type=_bounded_int(_max_order(), "derivative order"), default=2, metavar="K",
                   help=f"orders 1..K (default 2, at most {_max_order()})")
    _add_param_options(s)
    s.add_argument("--json", action="store_true", help="JSON output")
    s.set_defaults(func=cmd_derive)

    s = sub.add_parser("prove", help="prove properties (range, limits, bounds, ...) with certificates")
    s.add_argument("name", nargs="?", help="activation name")
    s.add_argument("--latex", metavar="EXPR", help="an activation given as a LaTeX expression in x")
    s.add_argument("--name", dest="as_name", metavar="NAME", help="name for the --latex activation")
    s.add_argument("--all", action="store_true", help="every activation in the catalogue")
    s.add_argument("--relations", action="store_true", help="also prove the known relations between activations")
    s.add_argument("--certificates", action="store_true", help="text output: also print each proof's steps")
    _add_param_options(s)
    s.add_argument("--json", action="store_true", help="JSON output")
    s.set_defaults(func=cmd_prove)

    s = sub.add_parser("verify", help="check a claim written in LaTeX")
    s.add_argument("claim", help="the claim, e.g. \"\\sigma'(x) = \\sigma(x)(1-\\sigma(x))\"")
    s.add_argument("--activation", metavar="NAME", help="what f means in the claim")
    s.add_argument("--json", action="store_true", help="JSON output")
    s.set_defaults(func=cmd_verify)

    s = sub.add_parser("gradient", help="vanishing-gradient bounds over depth")
    s.add_argument("name", nargs="?", help="activation name")
    s.add_argument("--all", action="store_true", help="table over every activation and depths 1, 3, 5, 10, 20, 50")
    s.add_argument("--depth", type=_bounded_int(_max_depth(), "depth"), default=20, metavar="N",
                   help=f"network depth (default 20, at most {_max_depth()})")
    s.add_argument("--epsilon", type=_positive_float, default=1e-8, metavar="E", help="vanishing threshold (default 1e-8)")
    s.add_argument("--simulate", action="store_true", help="also measure gradients in random deep networks")
    _add_param_options(s)
    s.add_argument("--json", action="store_true", help="JSON output")
    s.set_defaults(func=cmd_gradient)

    s = sub.add_parser("report", help="write the LaTeX report (and its PDF when pdflatex is available)")
    s.add_argument("names", nargs="*", metavar="NAME", help="activations to include (default: the whole catalogue)")
    s.add_argument("-o", "--output", default="reports", metavar="DIR", help="output directory (default reports/)")
    s.add_argument("--pdf", action="store_true", help="require a PDF (fail if pdflatex is missing)")
    s.add_argument("--no-pdf", action="store_true", help="write the .tex only")
    s.add_argument("--standalone", action="store_true", help="one document per named activation")
    s.add_argument("--date", action="store_true", help="print today's date in the report (not reproducible)")
    s.add_argument("--force", action="store_true",
                   help="replace files symact did not write and symbolic links (the link itself, never its target)")
    s.set_defaults(func=cmd_report)

    # -- audit (symact/audit.py): one self-contained block
    s = sub.add_parser("audit", help="check a published table of activation functions, cell by cell")
    s.add_argument("file", metavar="FILE", help="the table: .md (pipe table), .csv, .json or .tex (tabular)")
    s.add_argument("--json", action="store_true", help="JSON output")
    s.add_argument("-o", "--output", default=None, metavar="DIR", help="also write the LaTeX (and PDF) audit report into DIR")
    s.add_argument("--no-pdf", action="store_true", help="with -o: write the .tex only")
    s.set_defaults(func=cmd_audit)

    s = sub.add_parser("export", help="export a numerically stable kernel as source code")
    s.add_argument("name", help="activation name")
    s.add_argument("--target", required=True, choices=["numpy", "python", "c", "jax", "torch"], help="target language")
    s.add_argument("--order", type=int, default=0, choices=[0, 1, 2], help="derivative order (default 0)")
    s.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout (never overwrites without --force)")
    s.add_argument("--force", action="store_true", help="allow overwriting FILE")
    _add_param_options(s)
    s.set_defaults(func=cmd_export)
    return p


def _max_order() -> int:
    from .derive import MAX_ORDER

    return MAX_ORDER


def _max_depth() -> int:
    from .gradients import MAX_DEPTH

    return MAX_DEPTH


#: Options whose value may start with '-' (a formula such as -x, a negative number):
#: ``--latex -x`` is read as ``--latex=-x``.
_VALUE_OPTIONS = ("--latex", "--name", "--activation", "--param", "--epsilon", "--budget", "--order", "--depth",
                  "--target", "-o", "--output")


def _join_values(argv: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--":
            out.extend(argv[i:])
            break
        if a in _VALUE_OPTIONS and i + 1 < len(argv) and argv[i + 1].startswith("-") and argv[i + 1] not in ("-", "--"):
            nxt = argv[i + 1]
            if not (nxt.startswith("--") and nxt.split("=")[0][2:].replace("-", "").isalpha() and len(nxt) > 3):
                out.append(f"{a}={nxt}")
                i += 2
                continue
        out.append(a)
        i += 1
    if len(out) >= 2 and "verify" in out[:3]:  # a claim that starts with a minus: symact verify '-x < 0'
        k = out.index("verify")
        rest = out[k + 1:]
        positional = [j for j, a in enumerate(rest) if not a.startswith("-") or " " in a]
        flags = {"--activation", "--json", "--debug", "--budget", "-h", "--help"}
        if not positional:
            claim = [j for j, a in enumerate(rest) if a.startswith("-") and a.split("=")[0] not in flags]
            if len(claim) == 1:
                j = claim[0]
                out = out[: k + 1] + rest[:j] + rest[j + 1:] + ["--", rest[j]]
    return out


def _add_param_options(s: argparse.ArgumentParser) -> None:
    s.add_argument("--param", type=_param, action="append", default=[], metavar="NAME=VALUE",
                   help="override a parameter (VALUE a number like 0.5, 1e-2, 1/3, or 'symbolic'); repeatable")
    s.add_argument("--symbolic", action="store_true", help="keep every parameter symbolic")


# ---------------------------------------------------------------------------------------
def _emit(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=True) + "\n")


def _activation(args: argparse.Namespace, name: str | None = None):  # type: ignore[no-untyped-def]
    """The activation the command is about: by name, or from --latex; with --param applied."""
    from .catalog import get

    latex = getattr(args, "latex", None)
    name = name if name is not None else getattr(args, "name", None)
    if latex is not None and name:
        raise UsageError("give either an activation NAME or --latex, not both")
    if latex is not None:
        from .catalog import all_activations, define
        from .parse import parse_expression

        from .spec import x as X

        expr = parse_expression(latex, all_activations())
        overrides = dict(getattr(args, "param", []) or [])
        symbolic = getattr(args, "symbolic", False)
        params = {}
        for sym in sorted(expr.free_symbols - {X}, key=lambda s: s.name):
            if sym.name in overrides:
                value = overrides[sym.name]
                params[sym.name] = "1" if value == "symbolic" else value
            elif symbolic:
                params[sym.name] = "1"
            else:
                raise UsageError(
                    f"the expression has a parameter {sym.name!r}: give its value with --param {sym.name}=VALUE "
                    f"or keep it symbolic with --symbolic (parameters are taken to be positive)"
                )
        act = define(getattr(args, "as_name", None) or "custom", expr, params, register_it=False)
    elif name:
        act = get(name)
    else:
        raise UsageError("missing activation NAME (see: symact list)")
    if getattr(args, "symbolic", False):
        act = act.symbolic()
    overrides = dict(getattr(args, "param", []) or [])
    if overrides:
        act = act.with_params(**overrides)
    return act


def cmd_list(args: argparse.Namespace) -> int:
    from .catalog import all_activations
    from .render import text_expr

    acts = all_activations()
    if args.json:
        _emit([
            {
                "name": a.name,
                "aliases": list(a.aliases),
                "family": a.family,
                "expr": str(a.template),
                "params": {p.name: str(p.default) for p in a.params},
                "source": a.source.cite() if a.source else None,
            }
            for a in acts
        ])
        return EXIT_OK
    width = max(len(a.name) for a in acts)
    for a in acts:
        params = ", ".join(f"{p.name}={text_expr(p.default)}" for p in a.params)
        line = f"{a.name:<{width}}  {text_expr(a.template)}"
        if params:
            line += f"   [{params}]"
        sys.stdout.write(line + "\n")
    return EXIT_OK


def cmd_derive(args: argparse.Namespace) -> int:
    from .catalog import all_activations
    from .derive import derive

    orders = range(1, args.order + 1)
    if args.all:
        if args.name or args.latex or args.param:
            raise UsageError("--all takes no activation NAME, --latex or --param")
        acts = all_activations()
        results = []
        for a in acts:
            t = time.perf_counter()
            results.append(derive(_with_cli_params(a, args), orders))
            if not args.json:
                sys.stderr.write(f"derived {a.name} in {time.perf_counter() - t:.2f} s\n")
        if args.json:
            _emit([r.to_json() for r in results])
        else:
            sys.stdout.write("\n".join(_derivation_text(r) for r in results))
        return EXIT_OK
    result = derive(_activation(args), orders)
    if args.json:
        _emit(result.to_json())
    else:
        sys.stdout.write(_derivation_text(result))
    return EXIT_OK


def _with_cli_params(act, args):  # type: ignore[no-untyped-def]
    if args.symbolic:
        act = act.symbolic()
    return act


def _derivation_text(d) -> str:  # type: ignore[no-untyped-def]
    from .render import text_expr

    lines = [f"{d.name}(x) = {text_expr(d.expr)}"]
    vals = ", ".join(f"{k} = {text_expr(v) if v is not None else 'symbolic'}" for k, v in d.values.items())
    if vals:
        lines.append(f"  parameters: {vals}")
    for info in d.derivatives:
        tick = "'" * info.order if info.order <= 3 else f"^({info.order})"
        lines.append(f"  f{tick}(x) = {text_expr(info.expr)}")
        form = info.form
        if form.expr is not None:
            label = "in terms of f" if form.kind == "f" else "in terms of f and x"
            lines.append(f"      {label}: {text_expr(form.expr)}   [checked: {form.check}]")
        else:
            lines.append(f"      in terms of f: none ({form.reason})")
        for k in info.kinks:
            lines.append(
                f"      not defined at x = {text_expr(k.at)}: left {text_expr(k.left)}, right {text_expr(k.right)}"
                + (f" ({k.note})" if k.note else "")
            )
    return "\n".join(lines) + "\n"


def _not_yet(what: str) -> int:
    raise UsageError(f"'symact {what}' is not available in this version yet")


def cmd_prove(args: argparse.Namespace) -> int:
    """Prove the properties of one activation (or all): a table, or JSON with --json.
    Exit code 0 when every claim is proved, 3 when some claim stays unknown."""
    from .catalog import all_activations
    from .prove import prove, relations

    if args.all:
        if args.name or args.latex or args.param:
            raise UsageError("--all takes no activation NAME, --latex or --param")
        acts = [_with_cli_params(a, args) for a in all_activations()]
    elif args.relations and not (args.name or args.latex):
        acts = []
    else:
        acts = [_activation(args)]
    proofs = []
    for a in acts:
        t = time.perf_counter()
        proofs.append(prove(a))
        if args.all and not args.json:
            sys.stderr.write(f"proved {a.name} in {time.perf_counter() - t:.2f} s\n")
    rels = relations() if args.relations else []
    if args.json:
        if args.all or (args.relations and not acts):
            data: Any = {"proofs": [p.to_json() for p in proofs]} if args.relations else [p.to_json() for p in proofs]
            if args.relations:
                data["relations"] = [r.to_json() for r in rels]
        else:
            data = proofs[0].to_json()
            if args.relations:
                data["relations"] = [r.to_json() for r in rels]
        _emit(data)
    else:
        out = [_proof_text(p, acts[i], args.certificates) for i, p in enumerate(proofs)]
        if rels:
            out.append(_relations_text(rels))
        sys.stdout.write("\n".join(out))
    claims = [c for p in proofs for c in p.claims] + rels
    return EXIT_UNKNOWN if any(c.status != "proved" for c in claims) else EXIT_OK


_PROPERTY_LABELS = _notebook.LABELS  # one table of the property labels as text


def _set_text(s: Any) -> str:
    """Sets in the usual notation: (0, 1], [0, oo), {0, 1}, (-oo, -1/2) U {0} U (1/2, oo)."""
    import sympy as sp

    from .render import text_expr

    if isinstance(s, sp.Interval):
        lo = "(" if s.left_open or s.start.is_infinite else "["
        hi = ")" if s.right_open or s.end.is_infinite else "]"
        return f"{lo}{text_expr(s.start)}, {text_expr(s.end)}{hi}"
    if isinstance(s, sp.FiniteSet):
        return "{" + ", ".join(text_expr(v) for v in s) + "}"
    if isinstance(s, sp.Union):
        def key(p: Any) -> tuple:
            try:
                lo = p.inf
                return (0, float(lo) if lo.is_finite else (-1e300 if lo == -sp.oo else 1e300), str(p))
            except Exception:  # noqa: BLE001 - sets without a computable infimum (ImageSet)
                return (1, 0.0, str(p))

        return " U ".join(_set_text(p) for p in sorted(s.args, key=key))
    if isinstance(s, sp.ImageSet):
        lam = s.lamda
        return f"{text_expr(lam.expr.subs(lam.variables[0], sp.Symbol('n')))} (n integer)"
    return text_expr(s)


def _value_text(v: Any) -> str:
    import mpmath
    import sympy as sp

    from .render import text_expr

    if v is None:
        return "?"
    if isinstance(v, str):
        return v
    if isinstance(v, sp.Set):
        return _set_text(v)
    if isinstance(v, tuple):
        return "(" + ", ".join(_value_text(a) for a in v) + ")"
    if isinstance(v, sp.Basic):
        t = text_expr(v)
        if not v.free_symbols and not v.is_Rational and not v.is_Float and not v.is_infinite and v.is_real:
            from .render import decimal_text

            try:
                approx = decimal_text(v, 12)  # correctly rounded (ball arithmetic), not float()
            except ValueError:
                approx = t
            if approx != t:
                t += f" = {approx}"
        return t
    return str(v)


def _decimal_text(r: Any, digits: int = 20) -> str:
    """An enclosure endpoint (an exact decimal) shown with ``digits`` significant digits."""
    from .render import decimal_of

    d = decimal_of(r, max_digits=80) if not r.is_Integer else str(r)
    if d is None:
        return str(r)
    sign = "-" if d.startswith("-") else ""
    body = d.lstrip("-")
    lead = len(body) - len(body.lstrip("0."))
    return sign + body[: lead + digits + (1 if "." in body[lead: lead + digits + 1] else 0)]


def _certified_text(lo: Any, hi: Any) -> str:
    """The decimal an enclosure [lo, hi] certifies (every digit shown); a point enclosed
    around 0 is shown as 0 with its bound, not as the midpoint (-8.9e-72)."""
    import sympy as sp

    from .render import certified_digits, decimal_text

    lo, hi = sp.Rational(lo), sp.Rational(hi)
    if lo <= 0 <= hi:
        if lo == hi:
            return "0"
        return f"0 (|x| <= {decimal_text(max(-lo, hi), 2)}, enclosed)"
    return certified_digits(lo, hi, 15)


def _proof_text(proof: Any, act: Any, steps: bool = False) -> str:
    import sympy as sp

    from .render import text_expr

    lines = [f"{proof.name}(x) = {text_expr(act.expr if act.pieces.smooth else act.pieces.to_piecewise())}"]
    vals = ", ".join(f"{k} = {text_expr(v) if v is not None else 'symbolic'}" for k, v in proof.values.items())
    if vals:
        lines.append(f"  parameters: {vals}")
    width = max(len(lbl) for lbl in _PROPERTY_LABELS.values())
    for c in proof.claims:
        label = _PROPERTY_LABELS.get(c.property, c.property)
        value = _value_text(c.value) if c.status != "unknown" or c.value is not None else "?"
        if c.enclosure is not None:
            lo, hi = c.enclosure
            if isinstance(c.value, sp.Float):  # the midpoint: show the digits the enclosure certifies instead
                value = _certified_text(lo, hi)
            value += f" (enclosure [{_decimal_text(lo)}, {_decimal_text(hi)}])"
        extra = []
        if c.at is not None and c.property not in ("value_at_0",):
            word = "at" if c.property not in ("continuity",) else "worst at"
            if c.property == "symmetry":
                extra.append(f"about {_value_text(c.at)}")
            elif isinstance(c.at, sp.FiniteSet) and len(c.at) == 1 and getattr(c, "at_enclosure", None) is not None:
                extra.append(f"{word} x = {_certified_text(*c.at_enclosure)}")  # not the midpoint's float digits
            elif isinstance(c.at, sp.FiniteSet) and len(c.at) == 1:
                extra.append(f"{word} x = {_value_text(next(iter(c.at)))}")
            else:
                extra.append(f"{word} x in {_value_text(c.at)}")
        if c.attained is not None and c.property not in ("lipschitz",) or (c.property == "lipschitz" and c.attained is not None and not c.value.is_infinite):
            extra.append("attained" if c.attained else "not attained")
        status = "" if c.status == "proved" else f"  [{c.status.upper()}: {c.reason}]"
        line = f"  {label:<{width}}  {value}"
        if extra:
            line += "   (" + ", ".join(extra) + ")"
        lines.append(line + status)
        if steps and c.certificate is not None and c.status == "proved":
            for st in c.certificate.steps:
                lines.append(f"  {'':<{width}}    . {st}")
    counts = proof.counts()
    lines.append(f"  -- {counts['proved']} proved, {counts['unknown']} unknown; every proof re-verified by the independent checker")
    return "\n".join(lines) + "\n"


def _relations_text(rels: list) -> str:
    lines = ["relations between activations:"]
    for r in rels:
        lines.append(f"  {r.value:<40}  {r.status}" + ("" if r.status == "proved" else f" ({r.reason})"))
    return "\n".join(lines) + "\n"


def cmd_verify(args: argparse.Namespace) -> int:
    """Exit code: 0 proved or approximate, 1 refuted, 3 unknown (2 for bad input, raised)."""
    from .verify import verify

    result = verify(args.claim, args.activation)
    if args.json:
        _emit(result.to_json())
    else:
        sys.stdout.write(_verdict_text(result))
    return result.exit_code


def _verdict_text(v) -> str:  # type: ignore[no-untyped-def]
    lines = [f"{v.verdict}: {v.claim}"]
    if v.activation:
        lines.append(f"  f = {v.activation}")
    lines.append(f"  {v.reason}")
    if v.counterexample:
        lines.append(f"  counterexample: {_counterexample_text(v.counterexample)}")
    if len(v.steps) > 1:
        for k, s in enumerate(v.steps, 1):
            lines.append(f"  step {k}: {s.lhs}  {s.relation}  {s.rhs}")
            lines.append(f"    {s.verdict} ({s.method}): {s.reason}")
            for note in s.notes:
                lines.append(f"    note: {note}")
            if s.counterexample:
                lines.append(f"    counterexample: {_counterexample_text(s.counterexample)}")
    return "\n".join(lines) + "\n"


def _counterexample_text(ce: dict) -> str:  # type: ignore[type-arg]
    parts = []
    if ce.get("x") is not None:
        parts.append(f"x = {ce['x']}")
    if ce.get("at"):
        parts.append(", ".join(f"{k} = {v}" for k, v in ce["at"].items() if k != "x"))
    if ce.get("params"):
        parts.append(", ".join(f"{k} = {v}" for k, v in ce["params"].items()))
    parts.append(f"left side {ce.get('lhs')}")
    parts.append(f"right side {ce.get('rhs')}")
    return "; ".join(p for p in parts if p)


def cmd_gradient(args: argparse.Namespace) -> int:
    from .catalog import all_activations
    from .gradients import analyze

    if args.all:
        if args.name or args.param:
            raise UsageError("--all takes no activation NAME or --param")
        acts = [_with_cli_params(a, args) for a in all_activations()]
    else:
        acts = [_activation(args)]
    results = []
    failed = 0
    for act in acts:
        t = time.perf_counter()
        try:
            result = analyze(act, depth=args.depth, epsilon=args.epsilon)
            sim = None
            if args.simulate:
                from .simulate import simulate

                sim = simulate(act, lipschitz=result.lipschitz)
        except SymactError as exc:
            if not args.all:
                raise
            # one bad (user-registered) record must not hide the table of the others
            sys.stderr.write(f"error: {act.name}: {exc.format()}\n")
            failed += 1
            continue
        results.append((result, sim))
        if args.all and not args.json:
            sys.stderr.write(f"analysed {act.name} in {time.perf_counter() - t:.2f} s\n")
    if args.json:
        data = []
        for result, sim in results:
            item = result.to_json()
            if sim is not None:
                item["simulation"] = sim.to_json()
            data.append(item)
        _emit(data if args.all else data[0])
    elif args.all:
        sys.stdout.write(_gradient_table(results))
    else:
        result, sim = results[0]
        sys.stdout.write(_gradient_text(result))
        if sim is not None:
            sys.stdout.write(_simulation_text(sim))
    if failed:
        return EXIT_USAGE
    return EXIT_OK if all(r.status == "proved" for r, _ in results) else EXIT_UNKNOWN


def _fmt_float(v: float | None) -> str:
    return "-" if v is None else f"{v:.3g}"


def _expected_cell(e) -> str:  # type: ignore[no-untyped-def]
    if e.value is not None and (e.value.is_Rational or e.enclosure is None):
        return str(e.value)
    if e.enclosure is not None:
        from .render import certified_digits

        return certified_digits(*e.enclosure) + ("*" if e.value is not None else "")
    return "?"


def _exact_text(e) -> str:  # type: ignore[no-untyped-def]
    """Exact numbers as SymPy writes them (1/1099511627776, not a 40-digit decimal); a power
    of a short decimal (the rounded-up end of an enclosure) as (1.088498161251728)^10."""
    import sympy as sp

    from .render import text_expr

    if isinstance(e, sp.Pow) and e.base.is_Rational and e.exp.is_Integer:
        return f"({text_expr(e.base)})^{e.exp}"
    if isinstance(e, sp.Rational) and int(e.q) % 5 == 0 and len(text_expr(e)) <= 20:
        return text_expr(e)  # a decimal by origin (1.088498161251728), not 2^-k
    if isinstance(e, sp.Rational) and max(int(e.p).bit_length(), int(e.q).bit_length()) > 1000:
        return text_expr(e)  # ~1.2345e+3012: correctly rounded, not 3000 digits (nor a crash)
    return str(e)


def _approx(e) -> str:  # type: ignore[no-untyped-def]
    """A correctly rounded 16-digit decimal of an exact number (ball arithmetic)."""
    from .render import decimal_text

    try:
        return decimal_text(e, 16)
    except ValueError:
        return str(e)


def _eps_text(e) -> str:  # type: ignore[no-untyped-def]
    return repr(float(e)) if e.is_Rational else str(e)


def _gradient_text(r) -> str:  # type: ignore[no-untyped-def]
    from .render import certified_digits, text_expr

    def att(flag: bool | None) -> str:
        return "" if flag is None else ("  (attained)" if flag else "  (not attained)")

    N = r.depth
    lines = [f"{r.name}: gradient through {N} layers   [{r.status}]"]
    for label, value, enc, attained in (("sup", r.sup_derivative, r.sup_enclosure, r.sup_attained),
                                        ("inf", r.inf_derivative, r.inf_enclosure, r.inf_attained)):
        if value is not None:
            lines.append(f"  {label} f'    = {text_expr(value)}{att(attained)}")
        elif enc is not None:
            lines.append(f"  {label} f'    = {certified_digits(*enc)}{att(attained)}   in [{text_expr(enc[0])}, {text_expr(enc[1])}]")
    if r.lipschitz is not None:
        kind = "" if r.lipschitz_exact else "   (certified upper end of an enclosure)"
        lines.append(f"  sup |f'|  = {text_expr(r.lipschitz)}{kind}")
    if r.bound is not None:
        b = r.bound
        exact = _exact_text(b.bound)
        approx = "" if b.bound_float is None or exact.startswith("~") else f" ~ {_approx(b.bound)}"
        lines.append(f"  |f'(a_1) ... f'(a_{N})| <= (sup |f'|)^{N} = {exact}{approx}")
        if b.product is not None:
            lines.append(f"  the product f'(a_1) ... f'(a_{N}) lies in {text_expr(b.product)}")
    if r.grows:
        lines.append("  sup |f'| > 1: the product bound grows with depth")
    if r.depth_to_epsilon is not None:
        lines.append(f"  the bound is below {_eps_text(r.epsilon)} from depth {r.depth_to_epsilon} on")
    elif r.lipschitz is not None and r.grows is not None:
        lines.append(f"  the bound never falls below {_eps_text(r.epsilon)}")
    if r.critical_weight is not None and r.lipschitz is not None and not r.critical_weight.is_finite:
        lines.append("  with weights the bound stays 0: f' is 0 wherever it is defined")
    elif r.critical_weight is not None and r.lipschitz is not None:
        lines.append(
            f"  with weights |w_i| <= w the bound is (w sup |f'|)^N: it vanishes with depth only for w < {text_expr(r.critical_weight)}"
        )
    e = r.expected
    if e.value is not None:
        lines.append(f"  E[f'(a)], a ~ N(0, 1) = {text_expr(e.value)}   [{e.method}]")
    elif e.enclosure is not None:
        lo, hi = e.enclosure
        lines.append(
            f"  E[f'(a)], a ~ N(0, 1) = {e.display()}   in [{float(lo)!r}, {float(hi)!r}]   [{e.method}]"
        )
    else:
        lines.append(f"  E[f'(a)], a ~ N(0, 1): unknown ({e.reason})")
    p = r.path
    if p is not None:
        vals = ", ".join(text_expr(v) for v in p.values)
        lines.append(f"  f' is piecewise constant with values {vals} (not defined at the kinks)")
        if p.active_product_one:
            lines.append(f"  along a path of active units (f' = 1) the product is exactly 1 at any depth   [{p.status}]")
        if p.active_product_one and p.active_probability is not None:
            frac = p.active_probability**N
            share = _fmt_float(float(frac)) if not frac.free_symbols else text_expr(frac)
            lines.append(
                f"  P(f'(a) = 1), a ~ N(0, 1) = {text_expr(p.active_probability)}: a fraction "
                f"{share} of depth-{N} paths is active (independent pre-activations)"
            )
    if r.table:
        lines.append("  depth  bound")
        for t in r.table:
            lines.append(f"  {t.depth:>5}  {_exact_text(t.bound)}" + ("" if t.bound_float is None else f"  ~ {t.bound_float:.6g}"))
    if r.reason:
        lines.append(f"  note: {r.reason}")
    return "\n".join(lines) + "\n"


def _gradient_table(results) -> str:  # type: ignore[no-untyped-def]
    from .gradients import DEPTHS
    from .render import text_expr

    head = ["name", "sup|f'|"] + [f"N={d}" for d in DEPTHS] + ["N(eps)", "E[f'(a)]"]
    rows = []
    for r, _ in results:
        by = {t.depth: t for t in r.table}
        lip = "?" if r.lipschitz is None else text_expr(r.lipschitz)
        if len(lip) > 14 and r.lipschitz is not None and not r.lipschitz.free_symbols:
            lip = f"{float(r.lipschitz):.6g}"
        row = [r.name, lip]
        row += [_fmt_float(by[d].bound_float) if d in by else "-" for d in DEPTHS]
        row.append("-" if r.depth_to_epsilon is None else str(r.depth_to_epsilon))
        row.append(_expected_cell(r.expected))
        rows.append(row)
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(head)]
    out = ["  ".join(h.ljust(w) for h, w in zip(head, widths)).rstrip()]
    for row in rows:
        out.append("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
    eps = _eps_text(results[0][0].epsilon) if results else ""
    out.append(f"bound = (sup |f'|)^N on |f'(a_1) ... f'(a_N)|; N(eps) = smallest depth with bound < {eps}; E[f'(a)] for a ~ N(0, 1)")
    out.append("E[f'(a)]: exact rationals as fractions; other values with the digits their certified enclosure fixes (* = a closed form exists: see --json)")
    sims = [(r.name, s) for r, s in results if s is not None]
    text = "\n".join(out) + "\n"
    for _, sim in sims:
        text += _simulation_text(sim)
    return text


def _simulation_text(sim) -> str:  # type: ignore[no-untyped-def]
    lines = [
        f"simulation: {sim.name}, random networks (seed {sim.seed}), gradient of sum(outputs) w.r.t. W_1 by backpropagation",
        "  width  init    depth  trials  |grad| median  |grad| max  gain median  gain max   bound      worst gain/bound  zero grads  all f'=1",
    ]
    for r in sim.rows:
        act = "-" if r.all_active_fraction is None else f"{r.all_active_fraction:.4f}"
        worst = "-" if r.worst_ratio is None else f"{r.worst_ratio:.3g}"
        lines.append(
            f"  {r.width:>5}  {r.init:<6}  {r.depth:>5}  {r.trials:>6}  {r.grad_median:>13.3e}  {r.grad_max:>10.3e}  "
            f"{r.gain_median:>11.3e}  {r.gain_max:>9.3e}  {_fmt_float(r.bound):>9}  {worst:>16}  {r.zero_fraction:>10.4f}  {act:>8}"
            + (f"  ({r.nonfinite} non-finite dropped)" if r.nonfinite else "")
        )
    lines.append(
        "  gain = |grad| / (||dL/df_N|| ||x|| prod_{i>=2} ||W_i||_2) <= sup|f'|^N (width 1: |f'(a_1) ... f'(a_N)|); "
        f"evaluator: {sim.evaluator}"
    )
    return "\n".join(lines) + "\n"


def cmd_report(args: argparse.Namespace) -> int:
    from .catalog import all_activations, get
    from .report import write_report

    if args.pdf and args.no_pdf:
        raise UsageError("--pdf and --no-pdf contradict each other")
    acts = [get(n) for n in args.names] if args.names else all_activations()
    if args.standalone and not args.names:
        raise UsageError("--standalone needs the NAMEs of the activations to write")
    start = time.perf_counter()

    def progress(msg: str) -> None:
        sys.stderr.write(f"{msg}   ({time.perf_counter() - start:.1f} s elapsed)\n")
        sys.stderr.flush()

    pdf = True if args.pdf else (False if args.no_pdf else None)
    written = write_report(acts, args.output, pdf=pdf, standalone=args.standalone, date=args.date, progress=progress,
                           force=args.force)
    for path in written:
        sys.stdout.write(f"wrote {path}\n")
    if not any(p.suffix == ".pdf" for p in written):
        why = "--no-pdf" if args.no_pdf else "pdflatex not found"
        for tex in (p for p in written if p.suffix == ".tex"):
            old = tex.with_suffix(".pdf")
            if old.exists():  # the PDF of an earlier run (in a clone: the committed one)
                sys.stderr.write(f"warning: {old} is stale: it was not rebuilt ({why}) and is the old PDF of an "
                                 f"earlier run (in a fresh clone, the committed one), not of the {tex.name} just written\n")
        if not args.no_pdf:
            sys.stderr.write("note: pdflatex not found; to get the PDF install TeX Live "
                             "(Debian: texlive-latex-base texlive-latex-recommended texlive-pictures) and rerun, or run "
                             "pdflatex -no-shell-escape -interaction=nonstopmode -halt-on-error on the .tex\n")
    sys.stderr.flush()
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """Print (or write with -o) the source of a numeric kernel; never overwrites a file
    unless --force."""
    import os

    from .errors import OutputError
    from .kernels import export

    act = _activation(args)
    target = "python" if args.target == "numpy" else args.target
    src = export(act, target, args.order)
    if not src.endswith("\n"):
        src += "\n"
    if args.output is None:
        sys.stdout.write(src)
        return EXIT_OK
    path = args.output
    if not path or any(ord(ch) < 32 or ord(ch) == 127 for ch in path):
        raise OutputError(f"invalid output file name {path!r}")
    if os.path.isdir(path):
        raise OutputError(f"{path!r} is a directory; give a file name")
    parent = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(parent):
        raise OutputError(f"the directory of {path!r} does not exist")
    from .fileio import write_file

    # atomic, never through a symbolic link, never over an existing file without --force
    write_file(path, src, force=args.force, replace=False, record=False)
    sys.stderr.write(f"wrote {target} kernel for {act.name} (order {args.order}) to {path}\n")
    return EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    """Audit a table (symact/audit.py).  Exit 0: no wrong or imprecise cell and nothing
    unknown; 1: some cell wrong or imprecise; 3: nothing wrong but some cell unknown; 2: a
    malformed table (the error names the row and column)."""
    from .audit import audit_file, render_text, write_report

    start = time.perf_counter()

    def progress(msg: str) -> None:
        sys.stderr.write(f"[{time.perf_counter() - start:6.1f} s] {msg}\n")
        sys.stderr.flush()

    result = audit_file(args.file, progress=None if args.json else progress)
    if args.json:
        _emit(result.to_json())
    else:
        sys.stdout.write(render_text(result))
    if args.output is not None:
        written = write_report(result, args.output, pdf=False if args.no_pdf else None)
        for path in written:
            sys.stderr.write(f"wrote {path}\n")
        if not args.no_pdf and not any(p.suffix == ".pdf" for p in written):
            sys.stderr.write("note: pdflatex not found; wrote the .tex only\n")
    counts = result.counts()
    if counts["wrong"] or counts["imprecise"]:
        return EXIT_REFUTED
    return EXIT_UNKNOWN if counts["unknown"] else EXIT_OK


# ---------------------------------------------------------------------------------------
def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (the console script exits with it)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    # exact results (a depth-1000 bound has some 30000 digits) go to JSON exactly: lift
    # Python's 4300-digit str() limit to a bound the command-line limits keep us under
    saved_limit = getattr(sys, "get_int_max_str_digits", lambda: None)()
    if saved_limit is not None and saved_limit and saved_limit < 200_000:
        sys.set_int_max_str_digits(200_000)
    saved_budget = budget.default_seconds()  # --budget holds for this command only (main() is called in-process too)
    try:
        return _main(argv, debug)
    finally:
        budget.set_default(saved_budget)
        if saved_limit is not None:
            sys.set_int_max_str_digits(saved_limit)


def _main(argv: list[str], debug: bool) -> int:
    try:
        parser = build_parser()
        args = parser.parse_args(_join_values(argv))
        debug = debug or bool(getattr(args, "debug", False))
        if getattr(args, "budget", None):
            budget.set_default(args.budget)
        func: Callable[[argparse.Namespace], int] | None = getattr(args, "func", None)
        if func is None:
            raise UsageError("missing COMMAND: one of list, derive, prove, verify, gradient, report, export "
                             "(see: symact --help)")
        if func is cmd_verify or (func is cmd_prove and not args.all and not args.relations):
            # one activation's proof or one claim on a user's input: COMMAND_FACTOR step budgets
            # of CPU for its claims (the rest become unknown), and a hard stop one budget later
            with budget.command(), budget.limit_time((budget.COMMAND_FACTOR + 1) * budget.default_seconds(), "the whole command"):
                return func(args)
        return func(args)
    except SymactError as exc:
        if debug:
            raise
        sys.stderr.write(f"error: {exc.format()}\n")
        return exc.exit_code
    except budget.Timeout as exc:
        if debug:
            raise
        sys.stderr.write(f"error: {exc} (raise it with --budget SECONDS)\n")
        return EXIT_UNKNOWN
    except KeyboardInterrupt:
        sys.stderr.write("error: interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - last resort: one line, no traceback
        if debug:
            raise
        sys.stderr.write(f"error: internal error ({type(exc).__name__}: {exc}); rerun with --debug and report it\n")
        return EXIT_INTERNAL

