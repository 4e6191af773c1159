"""Headless Chromium for the tests: render a page to a PNG, collect what its console said.

The html report must read in a real browser with no network and no script; this is the browser.
Debian's ``chromium`` package (``.ci/run`` installs it) is run once per page with a throwaway
profile, every background service off, and Chromium's own log on stderr: the page's console
messages (an uncaught error, a Content-Security-Policy violation — the page forbids scripts and
network, so any attempt is one) arrive there as ``:CONSOLE`` lines.

The PNG is checked with a small decoder of our own (zlib and the five PNG filters) rather than
Pillow: the tests need only "is every pixel the same colour", and no imaging library for that.

When Chromium is not installed the browser tests are skipped, unless ``SOCIOFUND_REQUIRE_BROWSER``
is set (CI sets it): then a missing browser fails, so CI cannot pass by skipping.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--hide-scrollbars",
    "--enable-logging=stderr", "--v=0",
)
#: a generous bound so a wedged browser fails the run instead of hanging it; it is never what a
#: test asserts on
TIMEOUT_S = 180
_CONSOLE = re.compile(r":CONSOLE(?:\(\d+\)|:\d+)\]\s*(.*)")


def chromium() -> str:
    """The browser's path, or skip (fail under ``SOCIOFUND_REQUIRE_BROWSER``)."""
    for name in (os.environ.get("SOCIOFUND_CHROMIUM"), "chromium", "chromium-browser"):
        path = name and shutil.which(name)
        if path:
            return path
    if os.environ.get("SOCIOFUND_REQUIRE_BROWSER"):
        pytest.fail("chromium is not installed (apt-get install chromium) and SOCIOFUND_REQUIRE_BROWSER is set")
    pytest.skip("chromium is not installed (apt-get install chromium)")


@dataclass
class Shot:
    png: Path
    #: the page's console messages, as Chromium logged them
    console: list[str]
    stderr: str


def screenshot(page: Path, png: Path, width: int = 1000, height: int = 1400) -> Shot:
    """Render ``page`` (an html file) with headless Chromium into ``png``."""
    browser = chromium()
    with tempfile.TemporaryDirectory(prefix="sociofund-chromium-") as profile:
        proc = subprocess.run(
            [browser, *FLAGS, f"--user-data-dir={profile}", f"--screenshot={png}",
             f"--window-size={width},{height}", page.resolve().as_uri()],
            capture_output=True, text=True, errors="replace", timeout=TIMEOUT_S,
            env={**os.environ, "HOME": profile},
        )
    assert png.exists(), f"chromium wrote no screenshot (exit {proc.returncode}):\n{proc.stderr[-3000:]}"
    console = []
    for line in proc.stderr.splitlines():
        if m := _CONSOLE.search(line):
            console.append(m.group(1))
        elif "Uncaught" in line or "Content Security Policy" in line:
            console.append(line)
    return Shot(png, console, proc.stderr)


def png_pixels(path: Path) -> tuple[int, int, int, list[bytes]]:
    """(width, height, bytes per pixel, rows of raw pixel bytes) of an 8-bit, non-interlaced PNG."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and interlace == 0, f"unexpected PNG depth {depth} / interlace {interlace}"
    bpp = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
    raw, stride = zlib.decompress(idat), width * bpp
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        ftype, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 0xFF
            elif ftype == 2:
                line[i] = (line[i] + b) & 0xFF
            elif ftype == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def colours(path: Path, step: int = 4) -> set[bytes]:
    """The distinct pixel colours of a PNG (every ``step``-th pixel of every ``step``-th row)."""
    _, _, bpp, rows = png_pixels(path)
    return {row[x:x + bpp] for row in rows[::step] for x in range(0, len(row), bpp * step)}
