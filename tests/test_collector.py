"""format/collector.py: the cycle collector paused while an organisation loads, then as before,
with what was made meanwhile in the oldest generation (not walked by the next young collection)."""
from __future__ import annotations

import gc

from jobdesc.format.collector import collector_paused


def test_paused_inside_restored_after_and_nesting_keeps_it_off():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block leaves it as it found it
    assert gc.isenabled()


def test_what_was_made_while_paused_is_not_left_to_the_young_generation():
    thresholds = gc.get_threshold()
    gc.set_threshold(10**9)  # no automatic collection during the test: the generations stay as left
    try:
        with collector_paused():
            made = [[i] for i in range(50_000)]  # lists: tracked by the collector
        # In the oldest generation at once (without the move the next young collection would walk
        # all 50,000); not left frozen; garbage among them is still found by a full collection.
        oldest = {id(obj) for obj in gc.get_objects(generation=2)}
        assert id(made[0]) in oldest and id(made[-1]) in oldest
        assert gc.get_freeze_count() == 0
        cycle: list = []
        cycle.append(cycle)
        del cycle, made
        assert gc.collect() >= 1
    finally:
        gc.set_threshold(*thresholds)


def test_what_someone_else_froze_stays_frozen():
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with collector_paused():
            pass
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_a_one_command_process_keeps_what_loaded_frozen(monkeypatch):
    from jobdesc.format import collector

    monkeypatch.setattr(collector, "_one_command", True)
    try:
        with collector_paused(keep=True):
            made = [[i] for i in range(1_000)]
        assert gc.get_freeze_count() >= len(made)  # never walked again by any collection
        with collector_paused():  # the other pauses leave things as they found them
            pass
        assert gc.get_freeze_count() >= len(made)
    finally:
        gc.unfreeze()
    collector.keep_loaded_frozen(False)
    with collector_paused(keep=True):  # `serve` (and tests): nothing stays frozen
        pass
    assert gc.get_freeze_count() == 0
