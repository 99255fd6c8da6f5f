"""The command line: parse arguments, call the library, render, map errors to exit codes.

Thin by design: every command is a function ``cmd_<name>(args) -> int`` that calls the
library and a renderer.  Exit codes (DESIGN.md): 0 done (verify: proved or approximate),
1 refuted, 3 unknown, 2 bad input or usage, 4 internal error (a bug: please report it).
Errors are one line on stderr starting with ``error:``; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any, Callable, Sequence

from . import budget
from .errors import SymactError, UsageError

__all__ = ["main"]

EXIT_OK, EXIT_REFUTED, EXIT_USAGE, EXIT_UNKNOWN, EXIT_INTERNAL = 0, 1, 2, 3, 4


class _Parser(argparse.ArgumentParser):
    """argparse that raises UsageError instead of printing usage and exiting."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see: {self.prog} --help)")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text!r}")
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
                   help=f"time budget of one symbolic step (default {budget.default_seconds():g} s; env SYMACT_BUDGET)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    s = sub.add_parser("list", help="list the activations in the catalogue")
    s.add_argument("--json", action="store_true", help="JSON output")
    s.set_defaults(func=cmd_list)

    s = sub.add_parser("derive", help="derivatives, forms in terms of f and kinks")
    s.add_argument("name", nargs="?", help="activation name (see: symact list)")
    s.add_argument("--latex", metavar="EXPR", help="define the activation from a LaTeX expression in x instead")
    s.add_argument("--name", dest="as_name", metavar="NAME", help="name for the --latex activation (default: custom)")
    s.add_argument("--all", action="store_true", help="every activation in the catalogue")
    s.add_argument("--order", type=_positive_int, default=2, metavar="K", help="orders 1..K (default 2)")
    _add_param_options(s)
    s.add_argument("--json", action="store_true", help="JSON output")
    s.set_defaults(func=cmd_derive)

    s = sub.add_parser("prove", help="prove properties (range, limits, bounds, ...) with certificates")
    s.add_argument("name", nargs="?", help="activation name")
    s.add_argument("--latex", metavar="EXPR", help="an activation given as a LaTeX expression in x")
    s.add_argument("--name", dest="as_name", metavar="NAME", help="name for the --latex activation")
    s.add_argument("--all", action="store_true", help="every activation in the catalogue")
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
    s.add_argument("--depth", type=_positive_int, default=20, metavar="N", help="network depth (default 20)")
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
    s.set_defaults(func=cmd_report)

    s = sub.add_parser("export", help="export a numerically stable kernel as source code")
    s.add_argument("name", help="activation name")
    s.add_argument("--target", required=True, choices=["numpy", "python", "c", "jax", "torch"], help="target language")
    s.add_argument("--order", type=int, default=0, choices=[0, 1, 2], help="derivative order (default 0)")
    s.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout (never overwrites without --force)")
    s.add_argument("--force", action="store_true", help="allow overwriting FILE")
    _add_param_options(s)
    s.set_defaults(func=cmd_export)
    return p


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
        from .catalog import define
        from .parse import parse_expression

        expr = parse_expression(latex)
        act = define(getattr(args, "as_name", None) or "custom", expr, register_it=False)
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
    return _not_yet("prove")


def cmd_verify(args: argparse.Namespace) -> int:
    return _not_yet("verify")


def cmd_gradient(args: argparse.Namespace) -> int:
    return _not_yet("gradient")


def cmd_report(args: argparse.Namespace) -> int:
    return _not_yet("report")


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
    if not path or any(ord(ch) < 32 for ch in path):
        raise OutputError(f"invalid output file name {path!r}")
    if os.path.isdir(path):
        raise OutputError(f"{path!r} is a directory; give a file name")
    parent = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(parent):
        raise OutputError(f"the directory of {path!r} does not exist")
    if os.path.exists(path) and not args.force:
        raise OutputError(f"{path!r} exists; use --force to overwrite it")
    try:
        with open(path, "w" if args.force else "x", encoding="ascii", newline="\n") as fh:
            fh.write(src)
    except FileExistsError:
        raise OutputError(f"{path!r} exists; use --force to overwrite it") from None
    except OSError as exc:
        raise OutputError(f"cannot write {path!r}: {exc.strerror or exc}") from None
    sys.stderr.write(f"wrote {target} kernel for {act.name} (order {args.order}) to {path}\n")
    return EXIT_OK


# ---------------------------------------------------------------------------------------
def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (the console script exits with it)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.budget:
            budget.set_default(args.budget)
        func: Callable[[argparse.Namespace], int] | None = getattr(args, "func", None)
        if func is None:
            parser.print_help(sys.stderr)
            return EXIT_USAGE
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
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - last resort: one line, no traceback
        if debug:
            raise
        sys.stderr.write(f"error: internal error ({type(exc).__name__}: {exc}); rerun with --debug and report it\n")
        return EXIT_INTERNAL

