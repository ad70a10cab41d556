"""The build state: each kept release has exactly its own units, whatever was saved and forgotten."""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from xinyong.publisher.state import Output, State

NAMES = [f"subject/{n}" for n in range(5)] + ["list/penalty/2026-03", "site/index.html"]
#: fingerprint "e": a unit with no files (no store folder), as an empty month is
FINGERPRINTS = ["a", "b", "c", "e"]


def unit(name: str, fp: str, release: str) -> Output:
    """A unit as the publisher makes it: the same fingerprint, the same files and summary;
    the store folder is the release's that rendered it."""
    if fp == "e":
        return Output(name, fp, None, (), {"rows": 0}, None)
    files = (f"{name}/index.html", f"{name}/{fp}.html")
    return Output(name, fp, f"store/{name}@{fp}.{release}", files, {"fp": fp}, f"{name}/")


def some_of(units: dict[str, Output]) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(sorted(units)), unique=True) if units else st.just([])


def used_folders(model: dict[str, dict[str, Output]]) -> set[str]:
    return {u.dir for units in model.values() for u in units.values() if u.dir}


class Releases(RuleBasedStateMachine):
    """Publishes (on the newest release, on an older one after a rollback, whole, `--full`)
    and forgets (pruning the oldest, a failed publish's newest, a broken middle one),
    against a plain dict of every kept release's units."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="state-"))
        self.state = State(self.folder / "state.sqlite3")
        self.model: dict[str, dict[str, Output]] = {}
        self.count = 0

    def teardown(self) -> None:
        self.state.close()
        shutil.rmtree(self.folder)

    def new_id(self, reuse: bool) -> str:
        """Ids sort in time; after a failed publish the next may take the forgotten one's."""
        if reuse and self.model:
            self.count = int(max(self.model)[1:])
        self.count += 1
        return f"r{self.count:04d}"

    @rule(
        data=st.data(),
        on=st.sampled_from(["newest", "older", "none", "full", "whole"]),
        reuse=st.booleans(),
    )
    def publish(self, data, on: str, reuse: bool) -> None:
        kept = sorted(self.model)
        base = None
        if kept and on in ("newest", "full", "whole"):
            base = kept[-1]
        elif kept and on == "older":  # `current` rolled back to it
            base = data.draw(st.sampled_from(kept))
        release = self.new_id(reuse)
        before = self.model.get(base, {})
        units = dict(before)
        for name in data.draw(st.lists(st.sampled_from(NAMES), unique=True), label="changed"):
            fp = data.draw(st.sampled_from(FINGERPRINTS), label=f"{name} now")
            units[name] = unit(name, fp, release)
        for name in data.draw(some_of(units), "gone"):
            del units[name]
        if on == "full":  # every unit rendered again, into folders of its own
            units = {name: unit(name, u.fp, release) for name, u in units.items()}
        rendered = {name for name, u in units.items() if before.get(name) is not u}
        # the publisher may count a unit rendered that came out as it was
        rendered |= set(data.draw(some_of(units), "rendered as it was"))
        if on == "whole":
            self.state.save_release(release, "2026-06-01", "now", {}, list(units.values()))
        else:
            self.state.save_release(
                release,
                "2026-06-01",
                "now",
                {"pages": len(units)},
                list(units.values()),
                rendered,
                None if on in ("none", "full") else base,
            )
        self.model[release] = units

    @precondition(lambda self: self.model)
    @rule(data=st.data(), which=st.sampled_from(["oldest", "newest", "middle", "some"]))
    def forget(self, data, which: str) -> None:
        kept = sorted(self.model)
        if which == "oldest":
            gone = kept[:1]
        elif which == "newest":  # a publish that failed after it was recorded
            gone = kept[-1:]
        elif which == "middle":  # a pruned release whose tree a failed publish took
            gone = [data.draw(st.sampled_from(kept))]
        else:
            gone = data.draw(st.lists(st.sampled_from(kept), unique=True))
        before = used_folders(self.model)
        for release in gone:
            del self.model[release]
        unused = self.state.forget(gone)
        assert sorted(unused) == sorted(before - used_folders(self.model))

    @rule()
    def forget_nothing(self) -> None:
        assert self.state.forget([]) == []
        assert self.state.forget(["r9999"]) == []

    @invariant()
    def every_kept_release_has_its_own_units(self) -> None:
        assert self.state.releases() == sorted(self.model)
        for release, units in self.model.items():
            assert self.state.outputs_of(release) == units
            found = self.state.outputs_of(release, within="subject/")
            assert found == {n: u for n, u in units.items() if n.startswith("subject/")}
            assert self.state.fingerprints_of(release) == {n: u.fp for n, u in units.items()}

    @invariant()
    def outputs_are_kept_while_a_release_has_them(self) -> None:
        held = {(u.name, u.fp) for units in self.model.values() for u in units.values()}
        stored = self.state.db.execute("SELECT name, fp FROM outputs").fetchall()
        assert set(stored) == held
        for (folder,) in self.state.db.execute("SELECT dir FROM outputs"):
            assert folder is None or folder in used_folders(self.model)


TestReleases = Releases.TestCase
TestReleases.settings = settings(max_examples=150, stateful_step_count=30, deadline=None)


def test_a_release_unknown_to_the_state_has_no_units(tmp_path):
    state = State(tmp_path / "state.sqlite3")
    state.save_release("r2", "2026-06-01", "now", {}, [unit("subject/0", "a", "r2")])
    assert state.outputs_of("r1") == state.outputs_of("r3") == state.outputs_of(None) == {}
    assert state.fingerprints_of("r1") == {} and state.fingerprints_of("r3") == {}
    state.close()


def test_a_release_older_than_the_newest_is_refused(tmp_path):
    """Spans end at the release that changed them: a release recorded out of order would
    give an older one the units of a newer."""
    state = State(tmp_path / "state.sqlite3")
    state.save_release("r2", "2026-06-01", "now", {}, [unit("subject/0", "a", "r2")])
    with pytest.raises(ValueError, match="not newer"):
        state.save_release("r1", "2026-06-01", "now", {}, [unit("subject/0", "b", "r1")])
    assert state.releases() == ["r2"]
    assert state.outputs_of("r2") == {"subject/0": unit("subject/0", "a", "r2")}
    state.close()


SCHEMA_2 = """
CREATE TABLE outputs (
    name TEXT NOT NULL, fp TEXT NOT NULL, dir TEXT, files TEXT NOT NULL, meta TEXT NOT NULL,
    folder TEXT, PRIMARY KEY (name, fp)) WITHOUT ROWID;
CREATE TABLE releases (
    id TEXT PRIMARY KEY, as_of TEXT NOT NULL, created TEXT NOT NULL, summary TEXT NOT NULL);
CREATE TABLE release_outputs (
    release TEXT NOT NULL, name TEXT NOT NULL, fp TEXT NOT NULL, dir TEXT,
    PRIMARY KEY (release, name)) WITHOUT ROWID;
CREATE INDEX outputs_dir ON outputs (dir);
PRAGMA user_version = 2;
"""


def schema_2_state(path: Path, model: dict[str, dict[str, Output]]) -> None:
    """A state as the previous version kept it: every release's units, a row each."""
    db = sqlite3.connect(path)
    db.executescript(SCHEMA_2)
    with db:
        for release, units in model.items():
            db.execute("INSERT INTO releases VALUES (?, '2026-06-01', 'now', '{}')", (release,))
            for u in units.values():
                db.execute(
                    "INSERT INTO release_outputs VALUES (?, ?, ?, ?)",
                    (release, u.name, u.fp, u.dir),
                )
                db.execute(
                    "INSERT OR REPLACE INTO outputs VALUES (?, ?, ?, ?, ?, ?)",
                    (u.name, u.fp, u.dir, "\n".join(u.files), json.dumps(u.meta), u.folder),
                )
    db.close()


@st.composite
def histories(draw) -> dict[str, dict[str, Output]]:
    """Releases in order, each some units; a unit comes back as it was (after a rollback)."""
    model: dict[str, dict[str, Output]] = {}
    seen: dict[tuple[str, str], Output] = {}
    for n in range(draw(st.integers(1, 6))):
        release = f"r{n:04d}"
        units = {}
        for name in draw(st.lists(st.sampled_from(NAMES), unique=True)):
            fp = draw(st.sampled_from(FINGERPRINTS))
            again = seen.get((name, fp))
            u = again if again is not None and draw(st.booleans()) else unit(name, fp, release)
            units[name] = seen[(name, fp)] = u
        model[release] = units
    return model


def runs(model: dict[str, dict[str, Output]]) -> int:
    """How many spans: a unit's runs of consecutive releases with one (fp, dir)."""
    count = 0
    previous: dict[str, Output] = {}
    for units in model.values():
        count += sum(
            previous.get(name) is None or previous[name][:3] != u[:3] for name, u in units.items()
        )
        previous = units
    return count


@settings(max_examples=60, deadline=None)
@given(model=histories())
def test_a_schema_2_state_is_converted_to_spans_when_it_is_opened(model):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "state.sqlite3"
        schema_2_state(path, model)
        state = State(path)
        for release, units in model.items():
            assert state.outputs_of(release) == units
        assert state.releases() == sorted(model)
        (version,) = state.db.execute("PRAGMA user_version").fetchone()
        (spans,) = state.db.execute("SELECT count(*) FROM spans").fetchone()
        tables = {name for (name,) in state.db.execute("SELECT name FROM sqlite_master")}
        assert version == 3 and "release_outputs" not in tables
        assert spans == runs(model)  # consecutive releases with one (fp, dir) share a span
        # and it goes on as a state of its own: the oldest pruned, a night recorded
        oldest, *others = sorted(model)
        newest = others[-1] if others else None
        state.forget([oldest])
        if newest is not None:
            night = {**model[newest], "subject/9": unit("subject/9", "a", "r9999")}
            state.save_release(
                "r9999", "2026-06-02", "now", {}, list(night.values()), {"subject/9"}, newest
            )
            assert state.outputs_of("r9999") == night
            assert state.outputs_of(newest) == model[newest]
        state.close()
        reopened = State(path)  # converted once
        assert reopened.releases() == others + (["r9999"] if newest else [])
        reopened.close()


def test_units_the_base_lacks_are_recorded_though_not_said_to_be_rendered(tmp_path):
    """A caller that names a unit of an older release as not rendered still gets it recorded."""
    state = State(tmp_path / "state.sqlite3")
    first = [unit("subject/0", "a", "r1"), unit("subject/1", "a", "r1")]
    state.save_release("r1", "2026-06-01", "now", {}, first)
    state.save_release("r2", "2026-06-02", "now", {}, first[:1], set(), base="r1")
    state.save_release("r3", "2026-06-03", "now", {}, first, set(), base="r2")
    assert state.outputs_of("r2") == {"subject/0": first[0]}
    assert state.outputs_of("r3") == state.outputs_of("r1") == {u.name: u for u in first}
    state.close()


def test_a_schema_1_state_is_converted_in_one_go(tmp_path):
    """Files as JSON lists and a row per unit and release: both converted when it is opened."""
    model = {
        "r1": {"subject/0": unit("subject/0", "a", "r1"), "list/x": unit("list/x", "e", "r1")},
        "r2": {"subject/0": unit("subject/0", "b", "r2"), "list/x": unit("list/x", "e", "r1")},
    }
    path = tmp_path / "state.sqlite3"
    schema_2_state(path, model)
    with sqlite3.connect(path) as db:
        for name, fp, files in db.execute("SELECT name, fp, files FROM outputs").fetchall():
            listed = json.dumps(files.split("\n") if files else [])
            db.execute("UPDATE outputs SET files = ? WHERE name = ? AND fp = ?", (listed, name, fp))
        db.execute("PRAGMA user_version = 0")
    state = State(path)
    assert state.outputs_of("r1") == model["r1"] and state.outputs_of("r2") == model["r2"]
    assert state.forget(["r1"]) == ["store/subject/0@a.r1"]
    assert state.outputs_of("r2") == model["r2"]
    state.close()
