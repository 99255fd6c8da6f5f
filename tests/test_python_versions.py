"""Where symact is installed: any current Python, beside other packages (issue 15).

Nothing is installed here.  The two ways a dependency has broken symact are simulated
with a stand-in package put first on ``PYTHONPATH`` of a subprocess:

* an antlr runtime of another version (hydra-core pins antlr 4.9.*) prints a version
  warning with ``print`` on import and on every parse: stdout must still carry only the
  results, so ``--json`` stays parseable;
* a backend that cannot be imported (latex2sympy2 1.9.1's antlr 4.7.2 on Python 3.13:
  ``No module named 'typing.io'``) is an internal error that says so (exit 4), never
  "cannot read this expression" (exit 2, blaming the user's LaTeX).

The real co-install with hydra-core and the fresh venvs on 3.10-3.13 were measured by hand
(README, "Supported Pythons").
"""

from __future__ import annotations

import importlib.util
import json
import os
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
WARNING = "ANTLR runtime and generated code versions disagree: 4.9.3!=4.13.2"

NOISY = f'''
# stands in for latex2sympy2_extended with an antlr runtime of another version: the real
# package's modules, and the runtime's warning printed on import and on every parse
__path__.append({{real!r}})
print({WARNING!r})
from . import latex2sympy2 as _module

_real = _module.latex2sympy


def latex2sympy(*args, **kwargs):
    print({WARNING!r})
    return _real(*args, **kwargs)


_module.latex2sympy = latex2sympy
'''

BROKEN = '''
raise ModuleNotFoundError("No module named 'typing.io'")
'''


def _stand_in(tmp_path: pathlib.Path, source: str) -> dict[str, str]:
    spec = importlib.util.find_spec("latex2sympy2_extended")
    assert spec is not None and spec.submodule_search_locations
    real = list(spec.submodule_search_locations)[0]
    pkg = tmp_path / "latex2sympy2_extended"
    pkg.mkdir()
    (pkg / "__init__.py").write_text(source.replace("{real!r}", repr(real)))
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(tmp_path), str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def _symact(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "symact", *args], capture_output=True, text=True, env=env,
                          timeout=300, cwd=ROOT)


def test_json_stays_parseable_when_the_backend_prints(tmp_path):
    env = _stand_in(tmp_path, NOISY)
    out = _symact(env, "verify", "--json", r"\sigma'(x) = \sigma(x)(1-\sigma(x))")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["verdict"] == "proved"
    assert WARNING in out.stderr  # the stand-in did print: it reached stderr, not stdout
    out = _symact(env, "derive", "--json", "--latex", r"\frac{x}{1+|x|}", "--order", "1")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["derivatives"][0]["expr"] == "(Abs(x) + 1)**(-2)"
    assert WARNING not in out.stdout


def test_text_output_has_no_backend_noise(tmp_path):
    env = _stand_in(tmp_path, NOISY)
    out = _symact(env, "verify", r"\frac{d}{dx}\tan^{-1}x = \frac{1}{1+x^2}")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("proved: ")
    assert WARNING not in out.stdout and WARNING in out.stderr


def test_a_backend_that_cannot_be_imported_is_an_internal_error(tmp_path):
    env = _stand_in(tmp_path, BROKEN)
    # (inputs whose arithmetic reaches the backend: a lone term never does)
    for args in (["verify", r"\frac{x}{2} = x/2"], ["derive", "--latex", r"\frac{x}{1+|x|}"], ["verify", "--json", "x + 1 = 1 + x"]):
        out = _symact(env, *args)
        assert out.returncode == 4, (args, out.returncode, out.stderr)
        if "--json" in args:  # the error as JSON on stdout too
            err_json = json.loads(out.stdout)["error"]
            assert err_json["type"] == "InternalError" and err_json["exit_code"] == 4, out.stdout
            assert "cannot import the LaTeX parser" in err_json["message"]
        else:
            assert out.stdout == ""
        err = out.stderr
        assert "cannot import the LaTeX parser latex2sympy2-extended" in err
        assert "typing.io" in err
        assert "cannot read this expression" not in err and "Traceback" not in err
    # the commands that do not read LaTeX still work
    out = _symact(env, "derive", "sigmoid", "--order", "1")
    assert out.returncode == 0, out.stderr


def _classifier_versions() -> list[str]:
    text = (ROOT / "pyproject.toml").read_text()
    return re.findall(r'"Programming Language :: Python :: (3\.\d+)"', text)


def test_metadata_names_the_supported_pythons_and_the_license():
    text = (ROOT / "pyproject.toml").read_text()
    assert 'requires-python = ">=3.10"' in text
    versions = _classifier_versions()
    assert versions == ["3.10", "3.11", "3.12", "3.13"]
    assert "License :: OSI Approved :: MIT License" in text and 'license = { text = "MIT" }' in text
    license_text = (ROOT / "LICENSE").read_text()
    assert license_text.startswith("MIT License") and "WITHOUT WARRANTY OF ANY KIND" in license_text
    # the README's matrix has a row for each of them (measured on fresh venvs)
    readme = (ROOT / "README.md").read_text()
    for v in versions:
        assert re.search(rf"^\| {re.escape(v)}\.\d+ \|", readme, re.M), f"README has no matrix row for Python {v}"

