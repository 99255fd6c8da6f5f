"""Writing files safely: every file symact writes goes through :func:`write_file`.

What it guarantees (issue 12):

* **Never through a symbolic link, never into a file it did not create.**  The content goes
  to a temporary file in the same directory, created with ``O_CREAT | O_EXCL | O_NOFOLLOW``
  under a name nobody can predict (``.NAME.<random>.tmp``), then ``fsync`` and an atomic
  ``rename`` onto the target.  ``rename`` replaces a directory entry; it never writes into
  what a symbolic link points at.
* **Never replaces what is not symact's** unless ``force``: an existing target that is a
  symbolic link, or a regular file that symact did not write, is refused with
  :class:`~symact.errors.OutputError` (exit code 2).  Directories, FIFOs and devices are
  refused even with ``force``.
* **Ownership** is decided by content, never by a neighbour's name: a file is symact's when a
  caller-supplied test accepts its bytes (the ``.tex`` marker line), or when the directory's
  manifest (``.symact-manifest.json``, written by this module) records the SHA-256 of exactly
  these bytes.  So a user's ``NAME.pdf`` is never taken for symact's because ``NAME.tex``
  carries the marker.
* **Concurrent writers** into one directory take an exclusive ``flock`` on the directory
  itself for the check-rename-record section (no lock file is left behind): two runs writing
  the same report both succeed and leave complete, identical files; a reader never sees a
  truncated file, because a file is only ever replaced whole.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import secrets
import stat
from pathlib import Path
from typing import Callable, Iterator

from .errors import OutputError

__all__ = ["write_file", "is_ours", "check_writable", "read_nofollow", "MANIFEST"]

#: The per-directory record of the files symact wrote (name -> SHA-256 of their bytes).
MANIFEST = ".symact-manifest.json"
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)

Owned = Callable[[bytes], bool]


def _bad_name(path: Path) -> bool:
    text = str(path)
    return not path.name or any(ord(ch) < 32 or ord(ch) == 127 for ch in text)


@contextlib.contextmanager
def _dir_lock(directory: Path) -> Iterator[None]:
    """An exclusive advisory lock on ``directory`` (``flock`` on the directory itself)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: atomic rename still holds
        yield
        return
    fd = os.open(directory, os.O_RDONLY | _O_DIRECTORY | _O_CLOEXEC)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError as exc:  # pragma: no cover - a file system without locks
            if exc.errno not in (errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL):
                raise
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def read_nofollow(path: Path, limit: int | None = None) -> bytes | None:
    """The bytes of a regular file, not following a symbolic link (None if it is not one)."""
    try:
        fd = os.open(path, os.O_RDONLY | _O_NOFOLLOW | _O_CLOEXEC)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        chunks = []
        size = 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if limit is not None and size >= limit:
                break
        return b"".join(chunks)
    finally:
        os.close(fd)


def _manifest(directory: Path) -> dict[str, str]:
    raw = read_nofollow(directory / MANIFEST)
    if raw is None:
        return {}
    try:
        data = json.loads(raw.decode("utf-8"))
        files = data.get("files", {}) if isinstance(data, dict) else {}
        return {str(k): str(v) for k, v in files.items() if isinstance(v, str)}
    except (ValueError, AttributeError):
        return {}  # a damaged manifest proves nothing: every file counts as foreign


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def is_ours(path: str | os.PathLike[str], owned: Owned | None = None) -> bool:
    """True if ``path`` is a regular file (not a symbolic link) that symact wrote: its bytes
    pass ``owned``, or the directory's manifest records their SHA-256."""
    p = Path(path)
    data = read_nofollow(p)
    if data is None:
        return False
    if owned is not None and owned(data):
        return True
    return _manifest(p.parent).get(p.name) == _sha256(data)


def _refusal(path: Path, owned: Owned | None, force: bool, replace: bool = True) -> str | None:
    """Why ``path`` may not be replaced (None: it may)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot inspect {path}: {exc.strerror or exc}"
    if stat.S_ISDIR(st.st_mode):
        return f"refusing to overwrite {path}: it is a directory"
    if stat.S_ISLNK(st.st_mode):
        return None if force else (f"refusing to replace the symbolic link {path} "
                                   "(symact never writes through a link; remove it, or use --force to replace the link itself)")
    if not stat.S_ISREG(st.st_mode):
        return f"refusing to overwrite {path}: it is not a regular file"
    if force or (replace and is_ours(path, owned)):
        return None
    if not replace:
        return f"{str(path)!r} exists; use --force to overwrite it"
    return f"refusing to overwrite {path}: it was not written by symact (move it away first, or use --force)"


def check_writable(path: str | os.PathLike[str], *, owned: Owned | None = None, force: bool = False,
                   replace: bool = True) -> None:
    """Raise :class:`OutputError` now if :func:`write_file` would refuse ``path`` (a check
    before hours of work; :func:`write_file` checks again under the lock)."""
    p = Path(path)
    if _bad_name(p):
        raise OutputError(f"invalid output file name {str(p)!r}")
    why = _refusal(p, owned, force, replace)
    if why:
        raise OutputError(why)


def _write_exclusive(directory: Path, stem: str, data: bytes) -> Path:
    for _ in range(100):
        tmp = directory / f".{stem}.{secrets.token_hex(8)}.tmp"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_CLOEXEC, 0o666)
        except FileExistsError:
            continue
        try:
            view = memoryview(data)
            while view:
                n = os.write(fd, view)
                view = view[n:]
            os.fsync(fd)
        except BaseException:
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        os.close(fd)
        return tmp
    raise OutputError(f"cannot create a temporary file in {directory}")  # pragma: no cover


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY | _O_DIRECTORY | _O_CLOEXEC)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _replace(directory: Path, name: str, data: bytes) -> None:
    tmp = _write_exclusive(directory, name[:60], data)
    try:
        os.replace(tmp, directory / name)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_file(path: str | os.PathLike[str], content: str | bytes, *, owned: Owned | None = None,
               force: bool = False, record: bool = True, replace: bool = True, encoding: str = "ascii") -> Path:
    """Write ``content`` to ``path`` atomically and safely (see the module docstring).

    ``owned(bytes) -> bool`` recognises an existing file as symact's by its content (the
    marker line of a ``.tex``); the manifest is consulted as well.  ``force`` allows
    replacing a foreign file or a symbolic link (the link itself, never its target).
    ``record`` stores the file's SHA-256 in the directory's manifest so that a later run
    recognises it.  ``replace=False``: any existing file is refused without ``force``, even
    one symact wrote (``export -o``).  Returns the path."""
    p = Path(path)
    if _bad_name(p):
        raise OutputError(f"invalid output file name {str(p)!r}")
    if p.name == MANIFEST:
        raise OutputError(f"{MANIFEST} is symact's own record of the files it wrote; choose another name")
    try:
        data = content.encode(encoding) if isinstance(content, str) else bytes(content)
    except UnicodeEncodeError as exc:
        raise OutputError(f"cannot write {p}: the content is not {encoding} ({exc.reason} at position {exc.start})") from None
    directory = p.parent if str(p.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(f"the directory of {str(p)!r} does not exist")
    try:
        with _dir_lock(directory):
            why = _refusal(p, owned, force, replace)
            if why:
                raise OutputError(why)
            _replace(directory, p.name, data)
            if record:
                files = _manifest(directory)
                files[p.name] = _sha256(data)
                text = json.dumps({"symact": 1, "files": dict(sorted(files.items()))}, indent=1) + "\n"
                _replace(directory, MANIFEST, text.encode("ascii"))
            _fsync_dir(directory)
    except OutputError:
        raise
    except OSError as exc:
        raise OutputError(f"cannot write {p}: {exc.strerror or exc}") from None
    return p
