"""The build state: a small SQLite file beside the releases (as Lektor keeps one).

`outputs` remembers every rendered unit by its name and input fingerprint: the
folder of the store its files were written to, the site paths they cover, and
the unit's summary (what the site-wide pages are counted from). `releases` and
`release_outputs` say which units each kept release is made of, so a release
can be compared with the next, rolled back to, and pruned.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any, NamedTuple

#: `PRAGMA user_version` of the schema below; 1: a unit's files as a JSON list
VERSION = 2

SCHEMA = """
CREATE TABLE IF NOT EXISTS outputs (
    name TEXT NOT NULL, fp TEXT NOT NULL, dir TEXT, files TEXT NOT NULL, meta TEXT NOT NULL,
    folder TEXT, PRIMARY KEY (name, fp)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS releases (
    id TEXT PRIMARY KEY, as_of TEXT NOT NULL, created TEXT NOT NULL, summary TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS release_outputs (
    release TEXT NOT NULL, name TEXT NOT NULL, fp TEXT NOT NULL, dir TEXT,
    PRIMARY KEY (release, name)) WITHOUT ROWID;
-- pruning deletes the outputs of the store folders no release keeps: one look-up each, not a scan
CREATE INDEX IF NOT EXISTS outputs_dir ON outputs (dir);
"""


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
        self.db.executescript(SCHEMA)
        with self.db:
            if version < 2:  # a unit's files: a line each (faster to read than JSON)
                self.db.create_function("lines", 1, lambda files: "\n".join(json.loads(files)))
                self.db.execute("UPDATE outputs SET files = lines(files)")
            self.db.execute(f"PRAGMA user_version = {VERSION}")

    def close(self) -> None:
        self.db.close()

    def fingerprints_of(self, release: str | None) -> dict[str, str]:
        """name -> fingerprint of a release's units: enough to tell that nothing changed."""
        if release is None:
            return {}
        rows = self.db.execute("SELECT name, fp FROM release_outputs WHERE release = ?", (release,))
        return dict(rows)

    def summary_of(self, release: str) -> dict[str, Any]:
        row = self.db.execute("SELECT summary FROM releases WHERE id = ?", (release,)).fetchone()
        return json.loads(row[0]) if row else {}

    def outputs_of(self, release: str | None) -> dict[str, Output]:
        """The units a release is made of, by name."""
        if release is None:
            return {}
        rows = self.db.execute(
            "SELECT r.name, r.fp, r.dir, o.files, o.meta, o.folder FROM release_outputs r "
            "JOIN outputs o ON o.name = r.name AND o.fp = r.fp WHERE r.release = ?",
            (release,),
        )
        metas: dict[str, dict[str, Any]] = {}  # most are the same few (a subject's is `{}`)
        found = {}
        for name, fp, folder_dir, files, meta, folder in rows:
            known = metas.get(meta)
            if known is None:
                known = metas[meta] = json.loads(meta)
            found[name] = Output(name, fp, folder_dir, _files(files), known, folder)
        return found

    def units_of(self, release: str) -> dict[str, tuple[str, str | None]]:
        """name -> (fingerprint, store folder) of a release's units: enough to compare trees."""
        rows = self.db.execute(
            "SELECT name, fp, dir FROM release_outputs WHERE release = ?", (release,)
        )
        return {name: (fp, folder_dir) for name, fp, folder_dir in rows}

    def outputs_named(self, keys: list[tuple[str, str]]) -> list[Output]:
        """The outputs of these (name, fingerprint) pairs, those the state has."""
        found = []
        for name, fp in keys:
            row = self.db.execute(
                "SELECT dir, files, meta, folder FROM outputs WHERE name = ? AND fp = ?", (name, fp)
            ).fetchone()
            if row is not None:
                folder_dir, files, meta, folder = row
                found.append(Output(name, fp, folder_dir, _files(files), json.loads(meta), folder))
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
        """Record a release: its units, and the outputs among them rendered for it (`rendered`).

        `base`: a release whose units these are but the rendered ones (and those it has no
        more): its rows are copied by SQLite itself, and only the others written from here
        (at 100,000 subjects a night's 2,000 rows, not 102,000 made in Python).
        """
        fresh = [u for u in units if rendered is None or u.name in rendered]
        with self.db:
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
            if base is None or rendered is None:
                self._units(release, units)
                return
            self.db.execute(
                "INSERT INTO release_outputs SELECT ?, name, fp, dir FROM release_outputs "
                "WHERE release = ?",
                (release, base),
            )
            names = {u.name for u in units}
            copied = self.db.execute("SELECT name FROM release_outputs WHERE release = ?", (base,))
            self.db.executemany(
                "DELETE FROM release_outputs WHERE release = ? AND name = ?",
                [(release, name) for (name,) in copied if name not in names],
            )
            self._units(release, fresh, "INSERT OR REPLACE")

    def _units(self, release: str, units: list[Output], verb: str = "INSERT") -> None:
        self.db.executemany(
            f"{verb} INTO release_outputs VALUES (?, ?, ?, ?)",
            ((release, u.name, u.fp, u.dir) for u in units),
        )

    def releases(self) -> list[str]:
        return [row[0] for row in self.db.execute("SELECT id FROM releases ORDER BY id")]

    def forget(self, releases: list[str]) -> list[str]:
        """Drop releases from the state; the store folders no kept release uses any more."""
        if not releases:
            return []
        marks = ",".join("?" * len(releases))
        with self.db:
            unused = [
                row[0]
                for row in self.db.execute(
                    f"SELECT DISTINCT dir FROM release_outputs WHERE release IN ({marks}) "
                    f"AND dir IS NOT NULL EXCEPT SELECT dir FROM release_outputs "
                    f"WHERE release NOT IN ({marks}) AND dir IS NOT NULL",
                    (*releases, *releases),
                )
            ]
            self.db.execute(f"DELETE FROM release_outputs WHERE release IN ({marks})", releases)
            self.db.execute(f"DELETE FROM releases WHERE id IN ({marks})", releases)
            self.db.executemany("DELETE FROM outputs WHERE dir = ?", ((d,) for d in unused))
        return unused


def _files(lines: str) -> tuple[str, ...]:
    return tuple(lines.split("\n")) if lines else ()
