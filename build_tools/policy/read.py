"""A document's bytes into plain text: .txt, .md, .html, .pdf and .docx, each with bounds.

Pure functions of (name, bytes): the CLI reads the file, and every refusal is a :class:`Unreadable` with
what is wrong and what to do, never a traceback. Word files go through python-docx and PDFs through pypdf,
both well-kept and pure Python; a .docx is opened as a zip only after its size, entry count, macros and
embedded objects have been checked.
"""

from __future__ import annotations

import io
import zipfile
from html.parser import HTMLParser
from pathlib import PurePath

MAX_BYTES = 20_000_000
MAX_TEXT_CHARS = 2_000_000
MAX_PDF_PAGES = 1_000
MAX_ZIP_ENTRIES = 2_000
MAX_ZIP_UNPACKED = 200_000_000
TEXT_TYPES = (".txt", ".text", ".md", ".markdown")
HTML_TYPES = (".html", ".htm")
TYPES = TEXT_TYPES + HTML_TYPES + (".pdf", ".docx")


class Unreadable(Exception):
    """A document the checker cannot read, with what to do about it."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix


def _decode(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise Unreadable(
            "is not a text file (it contains binary data)", "save it as plain text, .docx or .pdf"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Word on Windows saves "plain text" as Windows-1252; its control characters would show it is not.
        text = data.decode("cp1252", errors="replace")
        if text.count("\ufffd") > len(text) // 100:
            raise Unreadable("is not readable text", "save it as UTF-8 text, or as .docx or .pdf") from None
        return text


class _Text(HTMLParser):
    """The visible text of an HTML page, one line per block; scripts and styles are dropped, never run."""

    _SKIP = {"script", "style", "template", "noscript", "head", "svg", "iframe", "object"}
    _BLOCK = {
        "p",
        "div",
        "li",
        "tr",
        "br",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "table",
        "ul",
        "ol",
        "dt",
        "dd",
        "blockquote",
        "header",
        "footer",
        "td",
        "th",
        "hr",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n\n" if tag not in ("td", "th", "br") else "\n")
        if tag == "li":
            self.parts.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self.skipping:
            self.skipping -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data.replace("\n", " "))


def _html(data: bytes) -> str:
    parser = _Text()
    parser.feed(_decode(data))
    parser.close()
    return "".join(parser.parts)


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader  # noqa: PLC0415 - only when a PDF is checked
    from pypdf.errors import PdfReadError  # noqa: PLC0415

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise Unreadable("is an encrypted PDF", "ask for an unprotected copy, or paste its text")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise Unreadable(f"has more than {MAX_PDF_PAGES} pages", "check the part that is the policy")
        pages = [page.extract_text() or "" for page in reader.pages]
    except Unreadable:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise Unreadable(
            f"is not a readable PDF ({type(exc).__name__})", "open it and save it again as PDF"
        ) from None
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on broken files
        if type(exc).__module__.startswith("pypdf"):
            raise Unreadable("is not a readable PDF", "open it and save it again as PDF") from None
        raise
    text = "\n\n".join(pages)
    if len(text.strip()) < 20:
        raise Unreadable(
            "has no text layer (it looks like a scanned image)",
            "ask the school for an accessible copy, or copy the text in by hand",
        )
    return text


def _docx_check(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise Unreadable("is not a Word document (.docx)", "open it in Word and save it as .docx") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > MAX_ZIP_UNPACKED:
            raise Unreadable("unpacks to more than the checker reads", "save the policy on its own as .docx")
        names = [e.filename.lower() for e in entries]
        if any(n.endswith("vbaproject.bin") for n in names):
            raise Unreadable("contains macros", "save it as a .docx without macros, or paste its text")
        if any(n.startswith(("word/embeddings/", "word/activex/")) for n in names):
            raise Unreadable("contains embedded objects", "save a copy without them, or paste its text")
        if "word/document.xml" not in names:
            raise Unreadable("is not a Word document (.docx)", "open it in Word and save it as .docx")


def _docx(data: bytes) -> str:
    _docx_check(data)
    import docx  # noqa: PLC0415 - only when a Word file is checked
    from docx.table import Table  # noqa: PLC0415
    from docx.text.paragraph import Paragraph  # noqa: PLC0415

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - python-docx raises many kinds on broken files
        raise Unreadable("is not a readable Word document", "open it in Word and save it again") from None
    parts: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            parts.append(block.text)
        elif isinstance(block, Table):
            parts.extend(p.text for row in block.rows for cell in row.cells for p in cell.paragraphs)
    return "\n\n".join(parts)


def check_size(size: int) -> None:
    """Refuse a document over the size limit (the CLI asks before reading the file, from its size)."""
    if size > MAX_BYTES:
        raise Unreadable(
            f"is {size // 1_000_000} MB, over the {MAX_BYTES // 1_000_000} MB limit",
            "check the attendance policy on its own, or paste its text",
        )


def document_text(name: str, data: bytes) -> str:
    """The text of the document called ``name`` (its extension decides how it is read)."""
    suffix = PurePath(name).suffix.lower()
    if suffix == ".docm":
        raise Unreadable(
            "is a Word file with macros (.docm)", "save it as .docx without macros, or paste its text"
        )
    if suffix not in TYPES:
        raise Unreadable(f"is a '{suffix or 'no extension'}' file", f"use one of: {', '.join(TYPES)}")
    check_size(len(data))
    if suffix in TEXT_TYPES:
        text = _decode(data)
    elif suffix in HTML_TYPES:
        text = _html(data)
    elif suffix == ".pdf":
        text = _pdf(data)
    else:
        text = _docx(data)
    if len(text) > MAX_TEXT_CHARS:
        raise Unreadable(
            "has more text than the checker reads (2 million characters)", "check the policy on its own"
        )
    return text
