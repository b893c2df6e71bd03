"""Markdown to HTML with cmark-gfm, through cmarkgfm's bindings, without their leak.

cmarkgfm's ``markdown_to_html_with_extensions`` never frees the document
tree nor the rendered buffer (theacodes/cmarkgfm#53): about 100-200 KB lost
per call, 30 MB per 300 posts. This module makes the same calls and frees
both. cmark-gfm exports ``cmark_node_free``; the rendered buffer comes from
its default allocator, whose ``free`` it also exports
(``cmark_get_default_mem_allocator``): the C library of cmark-gfm's own build,
found without ``ctypes.util.find_library`` (which imports ``subprocess`` and
may run ``ldconfig`` or a compiler: 25-35 ms of every start-up).
"""

from __future__ import annotations

import ctypes
import threading

from cmarkgfm import _cmark
from cmarkgfm.cmark import Options

_lib, _ffi = _cmark.lib, _cmark.ffi
_shared = ctypes.CDLL(_cmark.__file__)
_shared.cmark_node_free.argtypes = [ctypes.c_void_p]
_shared.cmark_node_free.restype = None


class _Allocator(ctypes.Structure):
    """cmark-gfm's ``cmark_mem``: its allocator's three functions."""

    _fields_ = (
        ("calloc", ctypes.c_void_p),
        ("realloc", ctypes.c_void_p),
        ("free", ctypes.CFUNCTYPE(None, ctypes.c_void_p)),
    )


_shared.cmark_get_default_mem_allocator.argtypes = []
_shared.cmark_get_default_mem_allocator.restype = ctypes.POINTER(_Allocator)
_free = _shared.cmark_get_default_mem_allocator().contents.free

# Raw HTML is kept: it is read by newspost, never rendered to a browser.
OPTIONS = Options.CMARK_OPT_UNSAFE
EXTENSIONS = ("table", "strikethrough")

_lock = threading.Lock()
_extensions: list[object] = []


def _syntax_extensions() -> list[object]:
    with _lock:
        if not _extensions:
            _lib.cmark_gfm_core_extensions_ensure_registered()
            for name in EXTENSIONS:
                extension = _lib.cmark_find_syntax_extension(name.encode())
                if extension == _ffi.NULL:  # pragma: no cover - cmark-gfm always has them
                    raise RuntimeError(f"cmark-gfm has no {name} extension")
                _extensions.append(extension)
        return _extensions


def _address(pointer: object) -> int:
    return int(_ffi.cast("uintptr_t", pointer))


def to_html(markdown: str) -> str:
    """CommonMark with GFM tables and strikethrough, raw HTML kept, as HTML."""
    return as_text(to_html_utf8(markdown))


def as_text(html: str | bytes) -> str:
    """HTML from ``to_html_utf8`` as text."""
    return html if isinstance(html, str) else html.decode("utf-8")


def to_html_utf8(markdown: str) -> str | bytes:
    """``to_html``'s HTML as cmark-gfm's UTF-8, without decoding it.

    Bytes are always UTF-8. Lone surrogates in ``markdown`` (which UTF-8 cannot
    hold) pass through cmark-gfm as they were handed to it, and cmark-gfm writes a
    reference to U+FFFE or U+FFFF (``&#xFFFE;``) as the byte 0xFE or 0xFF, which
    UTF-8 never holds: the HTML is then decoded as ``to_html`` decodes it (each
    bad byte a U+FFFD) and given as text.
    """
    if markdown.startswith("\ufeff"):  # cmark drops a leading U+FEFF as a byte-order mark
        markdown = "&#xFEFF;" + markdown[1:]
    try:
        encoded, utf8 = markdown.encode("utf-8"), True
    except UnicodeEncodeError:
        encoded, utf8 = markdown.encode("utf-8", "surrogatepass"), False
    parser = _lib.cmark_parser_new(OPTIONS)
    try:
        for extension in _syntax_extensions():
            _lib.cmark_parser_attach_syntax_extension(parser, extension)
        _lib.cmark_parser_feed(parser, encoded, len(encoded))
        root = _lib.cmark_parser_finish(parser)
        try:
            rendered = _lib.cmark_render_html(
                root, OPTIONS, _lib.cmark_parser_get_syntax_extensions(parser)
            )
            try:
                html: bytes = _ffi.string(rendered)
            finally:
                _free(_address(rendered))
        finally:
            _shared.cmark_node_free(_address(root))
    finally:
        _lib.cmark_parser_free(parser)
    if utf8 and (b"\xfe" in html or b"\xff" in html):  # cmark-gfm's U+FFFE and U+FFFF
        utf8 = False
    return html if utf8 else html.decode("utf-8", "replace")
