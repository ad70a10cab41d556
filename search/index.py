"""The index on disk: its schema, a full build, an incremental update, and its layout.

Whoosh keeps the terms, postings and stored fields. Beside them each build
writes a small layout file: the documents in ranking order and, as bit sets in
that order, the documents of every kind, group and department and of the words
most documents carry, so that a query needs no walk over the postings of 周村
(99.9% of the documents) and counts are a few AND operations. An index never
changes inside a release, so the layout is computed once, at build.
"""

from __future__ import annotations

import os
import pickle
import shutil
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import fields, formats, index

from xinyong.credit.identifiers import normalize
from xinyong.search.analysis import JiebaTokenizer, ListTokenizer, cut, fold, grams, initials
from xinyong.search.documents import Document

LAYOUT = "layout.pickle"
LAYOUT_VERSION = 2
#: a term in at least this share of the documents is kept as a ready bit set
COMMON_SHARE = 0.05


class ListField(fields.FieldType):
    """A field of bare terms: no frequencies, lengths or positions, as nothing is scored.

    Its value is a tab-separated list of terms; they go to the writer directly, not
    one token object at a time through an analyzer (the build's largest cost).
    """

    def __init__(self) -> None:
        super().__init__(formats.Existence(), analyzer=ListTokenizer(), scorable=False)

    def terms(self, value: str) -> set[str]:
        return set(filter(None, value.split("\t")))

    def index(self, value: Any, **kwargs: Any) -> list[tuple[bytes, int, float, bytes]]:
        return [(term.encode("utf-8"), 1, 1.0, b"") for term in sorted(self.terms(value))]


class TextField(ListField):
    """Record text, cut by rjieba (`analysis.cut`)."""

    def __init__(self) -> None:
        super().__init__()
        self.analyzer = JiebaTokenizer()

    def terms(self, value: str) -> set[str]:
        return set(cut(value))


def schema() -> fields.Schema:
    return fields.Schema(
        key=fields.ID(stored=True, unique=True, sortable=True),
        name=fields.ID(stored=True, sortable=True),
        kind=fields.ID(stored=True),
        code=fields.ID(),
        idhash=fields.ID(),
        grams=ListField(),
        initials=ListField(),
        text=TextField(),
        groups=ListField(),
        depts=ListField(),
        months=ListField(),
        days=ListField(),
        latest=fields.NUMERIC(int, sortable=True),
        fingerprint=fields.COLUMN(),
        uscc=fields.STORED(),
        id_masked=fields.STORED(),
        passages=fields.STORED(),
    )


def fields_of(document: Document) -> dict[str, Any]:
    """What Whoosh stores and indexes for a document."""
    dates = document.dates
    return {
        "key": document.key,
        "name": document.name,
        "kind": document.kind,
        "code": normalize(document.uscc) if document.uscc else "",
        "idhash": document.id_hash or "",
        "grams": "\t".join(grams(document.name)),
        "initials": "\t".join(initials(document.name)),
        "text": "\n".join(passage.text for passage in document.passages),
        "groups": "\t".join(document.groups),
        "depts": "\t".join(document.departments),
        "months": "\t".join(sorted({f"{day:%Y%m}" for day in dates})),
        "days": "\t".join(f"{day:%Y%m%d}" for day in dates),
        "latest": document.latest.toordinal() if document.latest else 0,
        "fingerprint": document.fingerprint.encode(),
        "uscc": document.uscc,
        "id_masked": document.id_masked,
        "passages": [
            (p.group, p.label, p.text, p.authority, p.decided_on.isoformat())
            for p in document.passages
        ],
    }


@dataclass
class Layout:
    """Documents in ranking order and the ready bit sets; bit `i` is the `i`-th document."""

    generation: int
    order: list[int]  # position -> docnum
    names: list[str]  # position -> folded name, to check a name fragment exactly
    facets: dict[str, dict[str, int]]  # "kind" / "groups" / "depts" -> value -> bits
    months: dict[str, int]
    common: dict[tuple[str, str], int]
    initials: frozenset[str]
    # position -> its (facet, value) pairs, to count a handful of matches without whole-set ANDs
    labels: list[tuple[tuple[str, str], ...]] = field(default_factory=list)
    version: int = LAYOUT_VERSION
    positions: array = field(default_factory=lambda: array("l"), repr=False)

    def __post_init__(self) -> None:
        # docnum -> position + 1 (0: deleted), a flat array the garbage collector never walks
        positions = array("l", [0]) * (max(self.order, default=-1) + 1)
        for n, docnum in enumerate(self.order):
            positions[docnum] = n + 1
        self.positions = positions

    @property
    def size(self) -> int:
        return len(self.order)

    def bits(self, docnums: Iterable[int]) -> int:
        """A bit set of documents, from their docnums (deleted ones are skipped)."""
        buffer = bytearray((len(self.order) + 7) // 8)
        positions = self.positions
        limit = len(positions)
        for docnum in docnums:
            n = positions[docnum] - 1 if docnum < limit else -1
            if n >= 0:
                buffer[n >> 3] |= 1 << (n & 7)
        return int.from_bytes(buffer, "little")

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("positions")
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.__post_init__()


def compute_layout(ix: index.Index) -> Layout:
    """Ranking order: newest record first, then key; so full and incremental builds agree."""
    with ix.reader() as reader:
        if not reader.doc_count_all():  # no subject has a public file yet: nothing to lay out
            return Layout(ix.latest_generation(), [], [], {}, {}, {}, frozenset())
        live = list(reader.all_doc_ids())
        latest = reader.column_reader("latest")
        keys = reader.column_reader("key")
        names = reader.column_reader("name")
        order = sorted(live, key=lambda docnum: (-latest[docnum], keys[docnum]))
        layout = Layout(
            generation=ix.latest_generation(),
            order=order,
            names=[fold(names[docnum]) for docnum in order],
            facets={},
            months={},
            common={},
            initials=frozenset(_terms(reader, "initials")),
        )
        for name in ("kind", "groups", "depts"):
            layout.facets[name] = {
                term: layout.bits(reader.postings(name, term).all_ids())
                for term in _terms(reader, name)
            }
        labels: list[list[tuple[str, str]]] = [[] for _ in order]
        for name, values in layout.facets.items():
            for value, bits in values.items():
                for position in _positions(bits):
                    labels[position].append((name, value))
        layout.labels = [tuple(pairs) for pairs in labels]
        layout.months = {
            term: layout.bits(reader.postings("months", term).all_ids())
            for term in _terms(reader, "months")
        }
        threshold = max(1, int(len(live) * COMMON_SHARE))
        for name in ("text", "grams", "initials"):
            for term, frequency in _frequencies(reader, name):
                if frequency >= threshold:
                    layout.common[(name, term)] = layout.bits(reader.postings(name, term).all_ids())
    return layout


def _positions(bits: int) -> Iterable[int]:
    data = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    for index_, byte in enumerate(data):
        while byte:
            low = byte & -byte
            yield index_ * 8 + low.bit_length() - 1
            byte ^= low


def _terms(reader: Any, name: str) -> list[str]:
    return [term.decode("utf-8") for term in reader.lexicon(name)]


def _frequencies(reader: Any, name: str) -> list[tuple[str, int]]:
    return [(term.decode("utf-8"), info.doc_frequency()) for term, info in reader.iter_field(name)]


def write_layout(index_dir: Path, layout: Layout) -> None:
    target = Path(index_dir) / LAYOUT
    partial = target.with_suffix(".partial")
    with partial.open("wb") as out:
        pickle.dump(layout, out, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, target)


def read_layout(index_dir: Path, ix: index.Index) -> Layout:
    """The layout written with this generation of the index, or a new one computed now."""
    try:
        with (Path(index_dir) / LAYOUT).open("rb") as stream:
            layout = pickle.load(stream)
        if layout.version == LAYOUT_VERSION and layout.generation == ix.latest_generation():
            return layout
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, TypeError):
        pass
    return compute_layout(ix)


@dataclass(frozen=True)
class BuildSummary:
    documents: int
    added: int
    removed: int


#: the writer's sort memory (Whoosh's estimate; the process uses about as much again).
#: Below what the postings need, the writer spills sorted runs to disk and merges them,
#: which costs about twice the CPU: 100,000 subjects need about 4,096.
MEMORY_MB = 4096


class Writer:
    """Documents added one at a time to a new index or to a copy of one; `commit` writes it.

    New: `index_dir` is emptied and made one segment. Existing: the documents of
    the `removed` keys go first, and every added document replaces its key's.
    """

    def __init__(
        self,
        index_dir: str | Path,
        *,
        new: bool,
        removed: Iterable[str] = (),
        memory_mb: int = MEMORY_MB,
    ) -> None:
        self.path = Path(index_dir)
        self.new = new
        if new:
            if self.path.exists() and any(self.path.iterdir()):
                if not index.exists_in(str(self.path)):
                    raise ValueError(
                        f"{self.path} holds files that are not a search index; not replaced"
                    )
                shutil.rmtree(self.path)
            self.path.mkdir(parents=True, exist_ok=True)
            ix = index.create_in(str(self.path), schema())
        else:
            ix = index.open_dir(str(self.path))
        self._writer = ix.writer(limitmb=memory_mb)
        self.added = self.dropped = 0
        try:
            for key in removed:
                self.dropped += self._writer.delete_by_term("key", key)
        except BaseException:
            self._writer.cancel()
            raise

    def add(self, document: Document) -> None:
        if self.new:
            self._writer.add_document(**fields_of(document))
        else:
            self._writer.update_document(**fields_of(document))
        self.added += 1

    def cancel(self) -> None:
        self._writer.cancel()

    def commit(self, optimize: bool | None = None) -> BuildSummary:
        self._writer.commit(optimize=self.new if optimize is None else optimize)
        ix = index.open_dir(str(self.path))
        write_layout(self.path, compute_layout(ix))
        return BuildSummary(ix.doc_count(), self.added, self.dropped)


def build(
    index_dir: str | Path, documents: Iterable[Document], *, memory_mb: int = MEMORY_MB
) -> BuildSummary:
    """A new index of `documents` in `index_dir` (emptied first), one segment, with its layout."""
    writer = Writer(index_dir, new=True, memory_mb=memory_mb)
    try:
        for document in documents:
            writer.add(document)
    except BaseException:
        writer.cancel()
        raise
    return writer.commit()


def update(
    index_dir: str | Path,
    changed: Iterable[Document],
    removed: Iterable[str] = (),
    *,
    optimize: bool = False,
) -> BuildSummary:
    """Replace the documents of the subjects whose public file changed; drop the `removed` keys.

    `removed`: subjects that have no public file any more (time took their last
    record off, or they were withdrawn). The answers are those of a full build
    of the same documents, because ranking never depends on document numbers.
    The changes go to a new small segment (Whoosh merges small ones), so the cost
    follows the change, not the index; `optimize` rewrites it as one segment.
    """
    writer = Writer(index_dir, new=False, removed=removed, memory_mb=256)
    try:
        for document in changed:
            writer.add(document)
    except BaseException:
        writer.cancel()
        raise
    return writer.commit(optimize)


def fingerprints(index_dir: str | Path) -> dict[str, str]:
    """Key -> fingerprint of every document, for a caller that wants to know what changed."""
    ix = index.open_dir(str(index_dir))
    with ix.reader() as reader:
        keys = reader.column_reader("key")
        prints = reader.column_reader("fingerprint")
        return {keys[docnum]: prints[docnum].decode() for docnum in reader.all_doc_ids()}
