"""Safe writes (symact.fileio): no write through a symbolic link, no foreign file replaced,
the PDF protected like the .tex, concurrent writers never leave a mixed or truncated file."""

import json
import multiprocessing
import os
import time
from pathlib import Path

import pytest

from symact import fileio, report
from symact.cli import main
from symact.errors import OutputError

TEX = report.MARKER + "; do not edit.\n\\documentclass{article}\n" + "% filler line\n" * 20000


def _names(d: Path) -> set[str]:
    return {p.name for p in d.iterdir()}


def test_write_is_atomic_and_recorded(tmp_path):
    target = tmp_path / "a.tex"
    report.safe_write(target, TEX)
    assert target.read_text(encoding="ascii") == TEX
    manifest = json.loads((tmp_path / fileio.MANIFEST).read_text())
    assert set(manifest["files"]) == {"a.tex"}
    assert _names(tmp_path) == {"a.tex", fileio.MANIFEST}  # no temporary file left behind
    report.safe_write(target, TEX + "% more\n")  # its own file: replaced
    assert target.read_text(encoding="ascii").endswith("% more\n")


def test_planted_symlink_at_the_old_temporary_name_is_ignored(tmp_path):
    """The issue's attack: DIR/.sigmoid.tex.tmp -> the user's file."""
    victim = tmp_path / "thesis.txt"
    victim.write_text("my thesis\n")
    (tmp_path / ".sigmoid.tex.tmp").symlink_to(victim)
    plain = tmp_path / ".relu.tex.tmp"
    plain.write_text("a user's file with an unlucky name\n")
    report.safe_write(tmp_path / "sigmoid.tex", TEX)
    report.safe_write(tmp_path / "relu.tex", TEX)
    assert victim.read_text() == "my thesis\n" and plain.read_text().startswith("a user's")
    for name in ("sigmoid.tex", "relu.tex"):
        assert not (tmp_path / name).is_symlink() and (tmp_path / name).read_text(encoding="ascii") == TEX


def test_symlink_target_refused_unless_force(tmp_path):
    victim = tmp_path / "thesis.txt"
    victim.write_text("my thesis\n")
    link = tmp_path / "activations.tex"
    link.symlink_to(victim)
    with pytest.raises(OutputError, match="symbolic link"):
        report.safe_write(link, TEX)
    assert victim.read_text() == "my thesis\n" and link.is_symlink()
    report.safe_write(link, TEX, force=True)  # replaces the link itself
    assert victim.read_text() == "my thesis\n"
    assert not link.is_symlink() and link.read_text(encoding="ascii") == TEX


def test_symlink_to_a_marker_file_is_still_refused(tmp_path):
    """A link whose target carries the marker is a link: never written through."""
    elsewhere = tmp_path / "elsewhere.tex"
    elsewhere.write_text(TEX, encoding="ascii")
    link = tmp_path / "a.tex"
    link.symlink_to(elsewhere)
    with pytest.raises(OutputError, match="symbolic link"):
        report.safe_write(link, TEX + "% new\n")
    assert elsewhere.read_text(encoding="ascii") == TEX


def test_foreign_file_refused_unless_force(tmp_path):
    mine = tmp_path / "activations.tex"
    mine.write_text("my notes\n")
    with pytest.raises(OutputError, match="not written by symact"):
        report.safe_write(mine, TEX)
    assert mine.read_text() == "my notes\n"
    report.safe_write(mine, TEX, force=True)
    assert mine.read_text(encoding="ascii") == TEX


def test_foreign_pdf_next_to_a_marker_tex_is_protected(tmp_path):
    """Ownership of the PDF is not inferred from NAME.tex: the user's NAME.pdf stays."""
    (tmp_path / "sigmoid.tex").write_text(TEX, encoding="ascii")
    pdf = tmp_path / "sigmoid.pdf"
    pdf.write_bytes(b"%PDF-1.5 the user's own paper")
    with pytest.raises(OutputError, match="not written by symact"):
        report.safe_write(pdf, b"%PDF-1.5 symact's")
    assert pdf.read_bytes() == b"%PDF-1.5 the user's own paper"
    assert not report._ours(pdf)
    # a PDF symact wrote (recorded in the manifest) is replaced; once the user edits it, it is not
    report.safe_write(tmp_path / "relu.pdf", b"%PDF-1.5 one")
    assert report._ours(tmp_path / "relu.pdf")
    report.safe_write(tmp_path / "relu.pdf", b"%PDF-1.5 two")
    (tmp_path / "relu.pdf").write_bytes(b"%PDF-1.5 edited by the user")
    with pytest.raises(OutputError):
        report.safe_write(tmp_path / "relu.pdf", b"%PDF-1.5 three")


def test_directories_fifos_and_the_manifest_name_are_refused(tmp_path):
    (tmp_path / "d.tex").mkdir()
    with pytest.raises(OutputError, match="directory"):
        report.safe_write(tmp_path / "d.tex", TEX, force=True)
    os.mkfifo(tmp_path / "p.tex")
    with pytest.raises(OutputError, match="regular file"):
        report.safe_write(tmp_path / "p.tex", TEX, force=True)
    with pytest.raises(OutputError, match="manifest|record"):
        fileio.write_file(tmp_path / fileio.MANIFEST, "{}")
    with pytest.raises(OutputError, match="does not exist"):
        fileio.write_file(tmp_path / "no" / "a.tex", TEX)


def test_planted_symlink_manifest_is_not_written_through(tmp_path):
    victim = tmp_path / "victim.json"
    victim.write_text("keep\n")
    (tmp_path / fileio.MANIFEST).symlink_to(victim)
    report.safe_write(tmp_path / "a.tex", TEX)
    assert victim.read_text() == "keep\n" and not (tmp_path / fileio.MANIFEST).is_symlink()


def _writer(args):
    directory, content, rounds = args
    errors = []
    for _ in range(rounds):
        try:
            report.safe_write(Path(directory) / "sigmoid.tex", content)
            report.safe_write(Path(directory) / "sigmoid.pdf", content.encode())
        except Exception as exc:  # noqa: BLE001 - counted by the test
            errors.append(f"{type(exc).__name__}: {exc}")
    return errors


def _reader(directory, stop_at, contents):
    seen_bad = 0
    while time.monotonic() < stop_at:
        for name in ("sigmoid.tex", "sigmoid.pdf"):
            try:
                data = (Path(directory) / name).read_bytes()
            except FileNotFoundError:
                continue
            if data not in contents:
                seen_bad += 1
    return seen_bad


@pytest.mark.parametrize("procs", [2, 4])
def test_concurrent_writers_leave_complete_identical_files(tmp_path, procs):
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(procs) as pool:
        results = pool.map(_writer, [(str(tmp_path), TEX, 30)] * procs)
    assert results == [[]] * procs
    assert (tmp_path / "sigmoid.tex").read_text(encoding="ascii") == TEX
    assert (tmp_path / "sigmoid.pdf").read_bytes() == TEX.encode()
    assert _names(tmp_path) == {"sigmoid.tex", "sigmoid.pdf", fileio.MANIFEST}


def test_concurrent_different_contents_never_mixed(tmp_path):
    """Writers of different (complete) contents and a reader: every read is one whole version."""
    versions = [TEX + f"% version {k}\n" for k in range(3)]
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(4) as pool:
        reader = pool.apply_async(_reader, (str(tmp_path), time.monotonic() + 3.0, {v.encode() for v in versions}))
        results = pool.map(_writer, [(str(tmp_path), v, 30) for v in versions])
        assert reader.get(timeout=60) == 0
    assert results == [[]] * 3
    assert (tmp_path / "sigmoid.tex").read_text(encoding="ascii") in versions


def test_cli_report_refuses_symlink_and_foreign_pdf(tmp_path, capsys, monkeypatch):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep\n")
    (tmp_path / "relu.tex").symlink_to(victim)
    code = main(["report", "relu", "--standalone", "--no-pdf", "-o", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("error: refusing to replace the symbolic link") and err.count("\n") == 1
    assert victim.read_text() == "keep\n"
    # the PDF is checked up front only when a PDF will be written: pretend pdflatex exists
    (tmp_path / "relu.tex").unlink()
    (tmp_path / "relu.tex").write_text(TEX, encoding="ascii")
    (tmp_path / "relu.pdf").write_bytes(b"%PDF the user's")
    monkeypatch.setattr(report.shutil, "which", lambda name: "/usr/bin/" + name)
    code = main(["report", "relu", "--standalone", "--pdf", "-o", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and "relu.pdf" in err and "not written by symact" in err
    assert (tmp_path / "relu.pdf").read_bytes() == b"%PDF the user's"


def test_cli_export_never_writes_through_a_symlink(tmp_path, capsys):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep\n")
    link = tmp_path / "k.py"
    link.symlink_to(victim)
    assert main(["export", "relu", "--target", "python", "-o", str(link)]) == 2
    assert "symbolic link" in capsys.readouterr().err
    assert main(["export", "relu", "--target", "python", "-o", str(link), "--force"]) == 0
    capsys.readouterr()
    assert victim.read_text() == "keep\n" and not link.is_symlink() and "def relu" in link.read_text()
    assert fileio.MANIFEST not in _names(tmp_path)  # export leaves no manifest next to user code


@pytest.mark.slow
def test_three_concurrent_report_commands_into_one_directory(tmp_path):
    """Three `symact report relu --standalone --no-pdf -o DIR` at once: all succeed, one complete file."""
    import subprocess
    import sys

    cmd = [sys.executable, "-m", "symact", "report", "relu", "--standalone", "--no-pdf", "-o", str(tmp_path)]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [err[-300:] for _, err in outs]
    tex = (tmp_path / "relu.tex").read_text(encoding="ascii")
    assert tex.startswith(report.MARKER) and tex.endswith("\\end{document}\n")
    assert _names(tmp_path) == {"relu.tex", fileio.MANIFEST}
