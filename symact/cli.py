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
from typing import TYPE_CHECKING, Any, Callable, Sequence, cast

from . import budget
from .errors import (
    EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_REFUTED, EXIT_UNKNOWN, EXIT_USAGE, SymactError, UsageError,
)
from .render.text import (catalog_text, derivation_text, gradient_table, gradient_text, proof_text, relations_text,
                          simulation_text, verdict_text)

if TYPE_CHECKING:
    import sympy as sp

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
    from ._version import __version__

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

    sub.add_parser = add_parser  # type: ignore[method-assign, assignment]

    s = sub.add_parser("list", help="list the activations in the catalogue")
    s.add_argument("--json", action="store_true", help="JSON output")
    s.set_defaults(func=cmd_list)

    s = sub.add_parser("derive", help="derivatives, forms in terms of f and kinks")
    _add_activation_arguments(s, "activation name (see: symact list)",
                              "define the activation from a LaTeX expression in x instead",
                              "name for the --latex activation (default: custom)")
    s.add_argument("--order", type=_bounded_int(_max_order(), "derivative order"), default=2, metavar="K",
                   help=f"orders 1..K (default 2, at most {_max_order()})")
    _add_param_options(s)
    s.add_argument("--json", action="store_true", help="JSON output")
    s.set_defaults(func=cmd_derive)

    s = sub.add_parser("prove", help="prove properties (range, limits, bounds, ...) with certificates")
    _add_activation_arguments(s, "activation name", "an activation given as a LaTeX expression in x",
                              "name for the --latex activation")
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
    s.add_argument("--target", required=True, choices=_ExportTargets(), metavar="TARGET",
                   help="target language, one of: %(choices)s (the table symact.kernels.export.EXPORT_TARGETS)")
    s.add_argument("--order", type=int, default=0, choices=[0, 1, 2], help="derivative order (default 0)")
    s.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout (never overwrites without --force)")
    s.add_argument("--force", action="store_true", help="allow overwriting FILE")
    _add_param_options(s)
    s.set_defaults(func=cmd_export)
    return p


class _ExportTargets:
    """The --target choices: the names in the export-target table, read when the export command
    is parsed or its help shown (the other commands do not import the kernels)."""

    def _names(self) -> tuple[str, ...]:
        from .kernels.export import TARGETS

        return TARGETS

    def __contains__(self, name: object) -> bool:
        return name in self._names()

    def __iter__(self) -> Any:
        return iter(self._names())


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


def _add_activation_arguments(s: argparse.ArgumentParser, name_help: str, latex_help: str, as_name_help: str) -> None:
    """NAME | --latex EXPR [--name NAME] | --all: the activations a command is about."""
    s.add_argument("name", nargs="?", help=name_help)
    s.add_argument("--latex", metavar="EXPR", help=latex_help)
    s.add_argument("--name", dest="as_name", metavar="NAME", help=as_name_help)
    s.add_argument("--all", action="store_true", help="every activation in the catalogue")


def _add_param_options(s: argparse.ArgumentParser) -> None:
    s.add_argument("--param", type=_param, action="append", default=[], metavar="NAME=VALUE",
                   help="override a parameter (VALUE a number like 0.5, 1e-2, 1/3, or 'symbolic'); repeatable")
    s.add_argument("--symbolic", action="store_true", help="keep every parameter symbolic")


# ---------------------------------------------------------------------------------------
def _emit(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=True) + "\n")


def _activation(args: argparse.Namespace, name: str | None = None) -> Any:
    """The activation the command is about: by name, or from --latex; with --param applied."""
    from .catalog import get

    latex = getattr(args, "latex", None)
    name = name if name is not None else getattr(args, "name", None)
    if latex is not None and name:
        raise UsageError("give either an activation NAME or --latex, not both")
    if latex is not None:
        from .catalog import all_activations, define
        from .parse import parse_expression

        from .symbols import x as X

        expr = parse_expression(latex, all_activations())
        overrides = dict(getattr(args, "param", []) or [])
        symbolic = getattr(args, "symbolic", False)
        params = {}
        for sym in sorted(cast("set[sp.Symbol]", expr.free_symbols - {X}), key=lambda s: s.name):
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
    sys.stdout.write(catalog_text(acts))
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
            sys.stdout.write("\n".join(derivation_text(r) for r in results))
        return EXIT_OK
    result = derive(_activation(args), orders)
    if args.json:
        _emit(result.to_json())
    else:
        sys.stdout.write(derivation_text(result))
    return EXIT_OK


def _with_cli_params(act: Any, args: Any) -> Any:
    if args.symbolic:
        act = act.symbolic()
    return act


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
    rels = relations(acts) if args.relations else []
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
        out = [proof_text(p, acts[i], args.certificates) for i, p in enumerate(proofs)]
        if rels:
            out.append(relations_text(rels))
        sys.stdout.write("\n".join(out))
    claims = [c for p in proofs for c in p.claims] + rels
    return EXIT_UNKNOWN if any(c.status != "proved" for c in claims) else EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    """Exit code: 0 proved or approximate, 1 refuted, 3 unknown (2 for bad input, raised)."""
    from .verify import verify

    result = verify(args.claim, args.activation)
    if args.json:
        _emit(result.to_json())
    else:
        sys.stdout.write(verdict_text(result))
    return result.exit_code


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
        sys.stdout.write(gradient_table(results))
    else:
        result, sim = results[0]
        sys.stdout.write(gradient_text(result))
        if sim is not None:
            sys.stdout.write(simulation_text(sim))
    if failed:
        return EXIT_USAGE
    return EXIT_OK if all(r.status == "proved" for r, _ in results) else EXIT_UNKNOWN


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
    from .kernels.export import target_named

    t = target_named(args.target)
    target = t.alias_of or t.name
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
#: The most digits of one exact integer the command line prints (Python's str() limit, lifted
#: from its default 4300 for the depth-1000 bounds; above it a command exits 2).
_MAX_DIGITS = 200_000


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (the console script exits with it)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    # exact results (a depth-1000 bound has some 30000 digits) go to JSON exactly: lift
    # Python's 4300-digit str() limit to a bound the command-line limits keep us under
    saved_limit = getattr(sys, "get_int_max_str_digits", lambda: None)()
    if saved_limit is not None:  # the same limit whatever the caller's (0 is unlimited): same output
        sys.set_int_max_str_digits(_MAX_DIGITS)
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
        return _error(argv, type(exc).__name__, exc.format(), exc.exit_code, getattr(exc, "offset", None))
    except budget.Timeout as exc:
        if debug:
            raise
        return _error(argv, "Timeout", f"{exc} (raise it with --budget SECONDS)", EXIT_UNKNOWN)
    except KeyboardInterrupt:
        return _error(argv, "Interrupted", "interrupted", EXIT_INTERRUPTED)
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - last resort: one line, no traceback
        if debug:
            raise
        if isinstance(exc, ValueError) and "integer string conversion" in str(exc):
            # an exact result beyond the output limit (a slope of 1e300 over 1000 layers is a
            # number of 300,001 digits): a limit of the command line, as --depth's and --order's
            return _error(argv, "UsageError", f"the exact result has more than {_MAX_DIGITS} digits, above the output "
                          "limit (lower --depth or the parameter's size)", EXIT_USAGE)
        return _error(argv, "InternalError", f"internal error ({type(exc).__name__}: {exc}); rerun with --debug and report it",
                      EXIT_INTERNAL)


def _error(argv: Sequence[str], kind: str, message: str, code: int, position: int | None = None) -> int:
    """Report an error: one ``error:`` line on stderr, and with ``--json`` also a JSON object on
    stdout (``{"error": {"type", "message", "exit_code"[, "position"]}}``), so that a script
    reading the JSON output gets JSON for a refusal too.  Returns the exit code."""
    sys.stderr.write(f"error: {message}\n")
    if "--json" in argv:
        err: dict[str, Any] = {"type": kind, "message": message, "exit_code": code}
        if position is not None:
            err["position"] = position
        try:
            _emit({"error": err})
        except OSError:  # a closed pipe: the stderr line is the report
            pass
    return code

