"""The build state: a small SQLite file beside the releases (as Lektor keeps one).

`outputs` remembers every rendered unit by its name and input fingerprint: the
folder of the store its files were written to, the site paths they cover, and
the unit's summary (what the site-wide pages are counted from). `releases` and
`spans` say which units each kept release is made of, so a release can be
compared with the next, rolled back to, and pruned.

A span says that a unit had one fingerprint and store folder from one release
(`first`) up to, not including, another (`last`; open while it is the newest
release's). Release ids sort in time order, so a release's units are the spans
around it. A night that changes 1% of 100,000 units closes and opens a couple
of thousand spans instead of recording 102,000 rows again.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

#: `PRAGMA user_version` of the schema below; 1: a unit's files as a JSON list;
#: 2: a release's units as rows of `release_outputs`, each release all of them
VERSION = 3

SCHEMA = """
CREATE TABLE IF NOT EXISTS outputs (
    name TEXT NOT NULL, fp TEXT NOT NULL, dir TEXT, files TEXT NOT NULL, meta TEXT NOT NULL,
    folder TEXT, PRIMARY KEY (name, fp)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS releases (
    id TEXT PRIMARY KEY, as_of TEXT NOT NULL, created TEXT NOT NULL, summary TEXT NOT NULL);
-- the unit `name` was (fp, dir) in every release R with first <= R and (last IS NULL or R < last)
CREATE TABLE IF NOT EXISTS spans (
    name TEXT NOT NULL, first TEXT NOT NULL, last TEXT, fp TEXT NOT NULL, dir TEXT,
    PRIMARY KEY (name, first)) WITHOUT ROWID;
-- the closed spans, by the release that closed them (forgetting releases looks them up); the
-- open ones, nine in ten, are read by a scan (see SPANS_OF_RELEASE)
CREATE INDEX IF NOT EXISTS spans_closed ON spans (last) WHERE last IS NOT NULL;
-- schema 2's: outputs are now forgotten by (name, fp), which a span gives
DROP INDEX IF EXISTS outputs_dir;
"""

#: schema 2 -> 3: each run of consecutive releases in which a unit kept its (fp, dir) is a span
#: (`k - row_number()` is the same within a run: gaps and islands)
SPANS_FROM_RELEASE_OUTPUTS = """
WITH kept AS (SELECT id, row_number() OVER (ORDER BY id) AS k FROM releases),
numbered AS (
    SELECT r.name, r.fp, r.dir, kept.k,
        kept.k - row_number() OVER (PARTITION BY r.name, r.fp, r.dir ORDER BY kept.k) AS run
    FROM release_outputs r JOIN kept ON kept.id = r.release),
runs AS (
    SELECT name, fp, dir, min(k) AS a, max(k) AS b FROM numbered GROUP BY name, fp, dir, run)
INSERT INTO spans (name, first, last, fp, dir)
SELECT runs.name, f.id, l.id, runs.fp, runs.dir
FROM runs JOIN kept f ON f.k = runs.a LEFT JOIN kept l ON l.k = runs.b + 1
"""


#: a kept release's spans (`s`), the newest's as an older one's: one statement, so that a
#: process reading a release while another records the next never sees half of each. A scan: nine spans in ten are the newest release's, and
#: it is as fast as an index of the open ones, which would cost each night a page per change.
SPANS_OF_RELEASE = """releases r JOIN spans s
    ON r.id = ? AND s.first <= r.id AND (s.last IS NULL OR s.last > r.id)"""


class Output(NamedTuple):
    """A rendered unit: `files` are site paths; `folder` (a site folder) is linked whole.

    A tuple: a republish at 100,000 subjects reads some 100,000 of them from the state.
    """

    name: str
    fp: str
    dir: str | None
    files: tuple[str, ...]
    meta: dict[str, Any]
    folder: str | None


class State:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(path)
        self.db.executescript("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")
        self._migrate()

    def _migrate(self) -> None:
        (version,) = self.db.execute("PRAGMA user_version").fetchone()
        if version >= VERSION:
            return
        converted = False
        self.db.execute("BEGIN IMMEDIATE")  # one step: a failed conversion leaves schema 2
        try:
            (version,) = self.db.execute("PRAGMA user_version").fetchone()  # another's?
            if version >= VERSION:
                self.db.rollback()
                return
            for statement in _statements(SCHEMA):
                self.db.execute(statement)
            if version < 2:  # a unit's files: a line each (faster to read than JSON)
                self.db.create_function("lines", 1, lambda files: "\n".join(json.loads(files)))
                self.db.execute("UPDATE outputs SET files = lines(files)")
            if self._has_table("release_outputs"):  # schema 2 (or 1): rows become spans
                self.db.execute(SPANS_FROM_RELEASE_OUTPUTS)
                self.db.execute("DROP TABLE release_outputs")
                converted = True
            self.db.execute(f"PRAGMA user_version = {VERSION}")
        except BaseException:
            self.db.rollback()
            raise
        self.db.commit()
        if converted:  # the 600,000 rows of a city's state leave their pages free: give them back
            self.db.execute("VACUUM")

    def _has_table(self, name: str) -> bool:
        found = self.db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
        return found is not None

    def close(self) -> None:
        self.db.close()

    def _newest(self) -> str | None:
        return self.db.execute("SELECT max(id) FROM releases").fetchone()[0]

    def fingerprints_of(self, release: str | None) -> dict[str, str]:
        """name -> fingerprint of a release's units: enough to tell that nothing changed."""
        if release is None:
            return {}
        return dict(self.db.execute(f"SELECT s.name, s.fp FROM {SPANS_OF_RELEASE}", (release,)))

    def summary_of(self, release: str) -> dict[str, Any]:
        row = self.db.execute("SELECT summary FROM releases WHERE id = ?", (release,)).fetchone()
        return json.loads(row[0]) if row else {}

    def outputs_of(self, release: str | None, within: str = "") -> dict[str, Output]:
        """The units a release is made of, by name; those whose name starts with `within`."""
        if release is None:
            return {}
        # the names from `within` up to the first after every name it starts
        until = within[:-1] + chr(ord(within[-1]) + 1) if within else "\U0010ffff"
        rows = self.db.execute(
            "SELECT s.name, s.fp, s.dir, o.files, o.meta, o.folder FROM "
            f"{SPANS_OF_RELEASE} JOIN outputs o ON o.name = s.name AND o.fp = s.fp "
            "WHERE s.name >= ? AND s.name < ?",
            (release, within, until),
        )
        metas: dict[str, dict[str, Any]] = {}  # most are the same few (a subject's is `{}`)
        found = {}
        for name, fp, folder_dir, files, meta, folder in rows:
            known = metas.get(meta)
            if known is None:
                known = metas[meta] = json.loads(meta)
            found[name] = Output(name, fp, folder_dir, _files(files), known, folder)
        return found

    def save_release(
        self,
        release: str,
        as_of: str,
        created: str,
        summary: dict[str, Any],
        units: list[Output],
        rendered: set[str] | None = None,
        base: str | None = None,
    ) -> None:
        """Record a release, newer than every kept one: its units, and the outputs among
        them rendered for it (`rendered`).

        `base`: a release whose units these are, as they were, but the rendered ones (and
        those it has no more). When it is the newest release, only the rendered units and
        the gone ones are looked at (at 100,000 subjects a night's 2,000, not 102,000);
        otherwise (no base, an older one after a rollback) the units are compared whole
        with the newest release's.
        """
        fresh = [u for u in units if rendered is None or u.name in rendered]
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")  # the newest release read is the newest written
            newest = self._newest()
            if newest is not None and release <= newest:
                raise ValueError(f"release {release} is not newer than {newest}")
            self.db.executemany(
                "INSERT OR REPLACE INTO outputs VALUES (?, ?, ?, ?, ?, ?)",
                (
                    (
                        u.name,
                        u.fp,
                        u.dir,
                        "\n".join(u.files),
                        json.dumps(u.meta, ensure_ascii=False),
                        u.folder,
                    )
                    for u in fresh
                ),
            )
            self.db.execute(
                "INSERT INTO releases VALUES (?, ?, ?, ?)",
                (release, as_of, created, json.dumps(summary, ensure_ascii=False)),
            )
            if base is not None and base == newest and rendered is not None:
                self._record_changes(release, units, fresh)
            else:
                self._record_whole(release, units)

    def _record_whole(self, release: str, units: list[Output]) -> None:
        """Close the open spans that differ from `units`, open spans for the units that differ."""
        open_spans = {
            name: (fp, folder_dir)
            for name, fp, folder_dir in self.db.execute(
                "SELECT name, fp, dir FROM spans WHERE last IS NULL"
            )
        }
        opened, closed = [], []
        for u in units:
            was = open_spans.pop(u.name, None)
            if was != (u.fp, u.dir):
                opened.append(u)
                if was is not None:
                    closed.append(u.name)
        self._close(release, closed + list(open_spans))  # those left: units gone
        self._open(release, opened)

    def _record_changes(self, release: str, units: list[Output], fresh: list[Output]) -> None:
        """The newest release changed only where it was rendered (`fresh`) and where units went."""
        names = json.dumps([u.name for u in fresh])
        open_spans = {
            name: (fp, folder_dir)
            for name, fp, folder_dir in self.db.execute(
                "SELECT s.name, s.fp, s.dir FROM json_each(?) j CROSS "
                "JOIN spans s ON s.name = j.value WHERE s.last IS NULL",
                (names,),
            )
        }
        opened = [u for u in fresh if open_spans.get(u.name) != (u.fp, u.dir)]
        closed = [u.name for u in opened if u.name in open_spans]
        # the others are the base's: the open spans are those and the gone units
        (open_count,) = self.db.execute("SELECT count(*) FROM spans WHERE last IS NULL").fetchone()
        kept_count = len(units) - sum(u.name not in open_spans for u in fresh)
        if open_count < kept_count:  # units the base lacks were not said to be rendered
            self._record_whole(release, units)
            return
        if open_count > kept_count:
            kept = {u.name for u in units}
            closed += [
                name
                for (name,) in self.db.execute("SELECT name FROM spans WHERE last IS NULL")
                if name not in kept
            ]
        self._close(release, closed)
        self._open(release, opened)

    def _close(self, release: str, names: Iterable[str]) -> None:
        self.db.executemany(
            "UPDATE spans SET last = ? WHERE name = ? AND last IS NULL",
            ((release, name) for name in names),
        )

    def _open(self, release: str, units: list[Output]) -> None:
        self.db.executemany(
            "INSERT INTO spans VALUES (?, ?, NULL, ?, ?)",
            ((u.name, release, u.fp, u.dir) for u in units),
        )

    def releases(self) -> list[str]:
        return [row[0] for row in self.db.execute("SELECT id FROM releases ORDER BY id")]

    def forget(self, releases: list[str]) -> list[str]:
        """Drop releases from the state; the store folders no kept release uses any more.

        The other releases keep their units exactly: the newest one left gets back the
        spans the forgotten newer ones closed; a span goes when no kept release lies in it.
        """
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            every = self.releases()
            gone = set(releases) & set(every)
            if not gone:
                return []
            marks = ",".join("?" * len(gone))
            self.db.execute(f"DELETE FROM releases WHERE id IN ({marks})", sorted(gone))
            kept = [release for release in every if release not in gone]
            dropped = self._drop_spans(every, gone, kept)
            unused = {d for name, fp, d in dropped if self._forget_output(name, fp, d)}
        return sorted(unused)

    def _drop_spans(
        self, every: list[str], gone: set[str], kept: list[str]
    ) -> list[tuple[str, str, str | None]]:
        """Delete the spans no kept release lies in; (name, fp, dir) of each."""
        if not kept:
            return self.db.execute("DELETE FROM spans RETURNING name, fp, dir").fetchall()
        newest = kept[-1]
        # newer releases went (a failed publish): the spans they opened go, those they closed
        # are open again
        dropped = self.db.execute(
            "DELETE FROM spans WHERE first > ? RETURNING name, fp, dir", (newest,)
        ).fetchall()
        self.db.execute("UPDATE spans SET last = NULL WHERE last > ?", (newest,))
        # each run of forgotten releases between two kept ones: the spans inside it
        kept_before, in_run = None, False
        for release in every:
            if release > newest:
                break
            if release in gone:
                in_run = True
                continue
            if in_run:
                dropped += self._drop_between(kept_before, release)
            kept_before, in_run = release, False
        return dropped

    def _drop_between(self, after: str | None, upto: str) -> list[tuple[str, str, str | None]]:
        """Delete the spans that begin after `after` (a kept release, or None: the oldest
        ones went) and end by `upto` (the next kept one): no kept release lies in them."""
        if after is None:
            query, params = "last <= ?", (upto,)
        else:
            query, params = "last > ? AND last <= ? AND first > ?", (after, upto, after)
        return self.db.execute(
            f"DELETE FROM spans WHERE {query} RETURNING name, fp, dir", params
        ).fetchall()

    def _forget_output(self, name: str, fp: str, folder_dir: str | None) -> bool:
        """After a span of (name, fp) in `folder_dir` went: whether no span uses the folder
        any more. The output goes when no span has its (name, fp); one that another folder
        holds (a `--full` publish writes it again) stays, pointed at that folder."""
        # a store folder holds one unit (`<name>@<fp>.<release>`): only its spans can use it
        unused = folder_dir is not None and not self._one(
            "SELECT 1 FROM spans WHERE name = ? AND dir = ?", name, folder_dir
        )
        holder = self._one("SELECT dir FROM spans WHERE name = ? AND fp = ? LIMIT 1", name, fp)
        if holder is None:
            self.db.execute("DELETE FROM outputs WHERE name = ? AND fp = ?", (name, fp))
        elif unused:
            self.db.execute(
                "UPDATE outputs SET dir = ? WHERE name = ? AND fp = ? AND dir = ?",
                (holder[0], name, fp, folder_dir),
            )
        return unused

    def _one(self, query: str, *params: Any) -> tuple | None:
        return self.db.execute(query, params).fetchone()


def _statements(script: str) -> list[str]:
    """A script's statements, to run in one transaction (`executescript` commits first)."""
    code = "\n".join(line for line in script.splitlines() if not line.lstrip().startswith("--"))
    return [statement for statement in code.split(";") if statement.strip()]


def _files(lines: str) -> tuple[str, ...]:
    return tuple(lines.split("\n")) if lines else ()
