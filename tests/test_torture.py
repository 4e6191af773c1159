"""The torture harness's small slice (tests/torture; the full run is in docs/torture.md).

Every part runs at a small size and must report 0 failed and 0 lost. Hang guards only: nothing
here asserts a duration.
"""

from __future__ import annotations

import os
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from torture import concurrency, injection, kills, names, toml_fuzz

posix = pytest.mark.skipif(os.name != "posix", reason="signals, FIFOs and flock are POSIX")


@posix
def test_kills_at_system_calls_of_every_writing_command_lose_nothing(tmp_path):
    res = kills.run(per_command=1, workdir=tmp_path, log=print)
    assert set(res) >= {"allocate (new)", "spend", "close", "carryover --repay-rest", "import", "init"}
    for name, c in res.items():
        assert c["tried"] == 1 and c["failed"] == 0 and c["lost"] == 0, (name, c)


@posix
def test_concurrent_writers_and_an_editor_lose_nothing(tmp_path):
    c = concurrency.run(writers=4, rounds=1, workdir=tmp_path, log=print)
    assert c["writers"] == 4 and c["failed"] == 0 and c["lost"] == 0, c


def test_mutated_sets_give_the_same_findings_under_both_parsers_and_never_crash(tmp_path):
    c = toml_fuzz.run(150, seed=os.getpid(), workdir=tmp_path, log=print)
    assert c["tried"] == 150 and c["failed"] == 0, c


def test_every_payload_is_inert_in_every_sink(tmp_path):
    c = injection.run(workdir=tmp_path, log=print)
    assert c["tried"] >= len(injection.PAYLOADS) * 15 and c["failed"] == 0 and c["crashed"] == 0, c


@posix
def test_odd_entries_in_a_ledger_folder_never_hang_crash_or_go_unmentioned(tmp_path):
    c = names.run(tmp_path / "names", log=print, quick=True)
    assert c["tried"] > 60 and c["failed"] == 0 and c["silent"] == 0, c


# --- the differential TOML test (issue 18, item 4) ------------------------------------------

SEEDS = toml_fuzz.seeds()
generated = st.text(alphabet=st.sampled_from(list('ab=[]{}"\'#.,-_:\n\r\t 0123456789xetrufl\\\ufeff')), max_size=80)
mutated = st.builds(lambda rnd, i: toml_fuzz.mutate(rnd, SEEDS[i % len(SEEDS)]), st.randoms(use_true_random=False),
                    st.integers(0, 1000))
spliced = st.lists(st.sampled_from(toml_fuzz.TOKENS), max_size=12).map("".join)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(generated, mutated, spliced))
def test_sociofund_parses_exactly_what_tomllib_parses_to_the_same_values(text):
    """Generated, mutated and spliced TOML: sociofund's parser (rtoml where exact) accepts exactly
    what tomllib accepts, and reads the same values."""
    assert toml_fuzz.compare_parsers(text) is None


@pytest.mark.skipif(shutil.which("strace") is None, reason="strace's fault injection")
def test_the_harness_finds_a_write_that_is_not_atomic(tmp_path, monkeypatch):
    """The harness would notice: a writer that truncates the file in place is caught."""
    from pathlib import Path

    sc = kills.Scenario("spend", ["spend", "2022", "trampolin-ifo", "455300", "--ledgers", "set"])
    kills.fresh(tmp_path / "t")
    points = kills.window(sc, tmp_path / "t")
    assert any(name == "rename" for name, _ in points)  # the write's rename is in the window
    assert Path(tmp_path / "t" / "set" / "2022.toml").exists()
