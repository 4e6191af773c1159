"""The progress bar appears only on a terminal, outside CI, and only for long work."""

from __future__ import annotations

import io

from sociofund.cli.progress import progress_bar


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_bar_when_not_a_terminal(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with progress_bar("x", stream=io.StringIO()) as cb:
        assert cb is None


def test_no_bar_in_ci_even_on_a_terminal(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with progress_bar("x", stream=Tty()) as cb:
        assert cb is None


def test_no_bar_for_quick_work(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    out = Tty()
    with progress_bar("x", stream=out, delay=60) as cb:
        for i in range(1, 4):
            cb(i, 3)
    assert out.getvalue() == ""


def test_bar_for_long_work_on_a_terminal(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    out = Tty()
    with progress_bar("sociofund check", stream=out, delay=0) as cb:
        cb(1, 4)
        cb(2, 4)
    assert "sociofund check" in out.getvalue()
