"""The index on disk: its schema, a full build, an incremental update, and its layout.

Whoosh keeps the terms, postings and stored fields. Beside them each build
writes a small layout file: the documents in ranking order and, as bit sets in
that order, the documents of every kind, group and department and of the words
most documents carry, so that a query needs no walk over the postings of 周村
(99.9% of the documents) and counts are a few AND operations. An index never
changes inside a release, so the layout is computed once, at build; an update
carries the previous generation's layout over to the new docnums and adds only
the new segment's documents.

A whole build (`build_parts`) takes documents spooled to files and indexes them
in two processes, each closing a segment whenever its postings reach the memory
budget: several segments, no spilled runs, no final merge. An update
(`update`) writes one small segment and never rewrites the big ones.
"""

from __future__ import annotations

import bisect
import contextlib
import multiprocessing
import os
import pickle
import shutil
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import columns, fields, formats, index
from whoosh.reading import TermNotFound

from xinyong.credit.identifiers import normalize
from xinyong.search.analysis import JiebaTokenizer, ListTokenizer, cut, fold, grams, initials
from xinyong.search.documents import Document
from xinyong.search.spool import spooled

LAYOUT = "layout.pickle"
LAYOUT_VERSION = 3
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
        # in no order: the writer sorts all postings at once
        return [(term.encode("utf-8"), 1, 1.0, b"") for term in self.terms(value)]


class TextField(ListField):
    """Record text, cut by rjieba (`analysis.cut`)."""

    def __init__(self) -> None:
        super().__init__()
        self.analyzer = JiebaTokenizer()

    def terms(self, value: str) -> set[str]:
        return set(cut(value))


class ReadBack(fields.COLUMN):
    """Text stored and kept as a column, never indexed: shown and sorted by, never searched."""

    stored = True

    def __init__(self) -> None:
        super().__init__(columns.VarBytesColumn())

    def to_column_value(self, value: str) -> bytes:
        return value.encode("utf-8")

    def from_column_value(self, value: bytes) -> str:
        return value.decode("utf-8")


def schema() -> fields.Schema:
    return fields.Schema(
        key=fields.ID(stored=True, unique=True, sortable=True),
        name=ReadBack(),  # found through its grams and initials
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
        latest=fields.COLUMN(columns.NumericColumn("i")),  # ranks, never searched
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
    #: the segments the docnums are counted over: (segment id, first docnum, documents)
    segments: tuple[tuple[str, int, int], ...] = ()
    positions: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64), repr=False)

    def __post_init__(self) -> None:
        # docnum -> position (-1: deleted)
        order = np.asarray(self.order, dtype=np.int64)
        positions = np.full(int(order.max()) + 1 if order.size else 0, -1, dtype=np.int64)
        positions[order] = np.arange(order.size, dtype=np.int64)
        self.positions = positions

    @property
    def size(self) -> int:
        return len(self.order)

    def bits(self, docnums: Iterable[int] | np.ndarray) -> int:
        """A bit set of documents, from their docnums (deleted ones are skipped)."""
        if not isinstance(docnums, np.ndarray):
            docnums = np.fromiter(docnums, dtype=np.int64)
        docnums = docnums[docnums < len(self.positions)]
        found = self.positions[docnums]
        return _pack(found[found >= 0], self.size)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("positions")
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.__post_init__()


def _pack(positions: np.ndarray, size: int) -> int:
    flags = np.zeros(size, dtype=bool)
    flags[positions] = True
    return int.from_bytes(np.packbits(flags, bitorder="little").tobytes(), "little")


def _unpack(bits: int, size: int) -> np.ndarray:
    data = np.frombuffer(bits.to_bytes((size + 7) // 8, "little"), dtype=np.uint8)
    # the bits' bytes (0 or 1) looked at as booleans: `flatnonzero` is ten times faster on them
    return np.flatnonzero(np.unpackbits(data, bitorder="little")[:size].view(bool))


def segments(reader: Any) -> list[tuple[str, int, int, Any]]:
    """(segment id, first docnum, documents, reader) of each segment, in docnum order."""
    found = []
    for leaf, offset in reader.leaf_readers():
        if not hasattr(leaf, "_terms"):  # the reader of an index without segments
            continue
        segment = leaf.segment()
        found.append((segment.segid if segment else "", offset, leaf.doc_count_all(), leaf))
    return found


def docnums(leaves: list[tuple[str, int, int, Any]], name: str, term: bytes) -> np.ndarray:
    """The docnums that carry a term (deleted ones too), read a block at a time."""
    parts = []
    for _segid, offset, _count, leaf in leaves:
        try:
            matcher = leaf._terms.matcher(name, term, leaf.schema[name].format)
        except (KeyError, TermNotFound):
            continue
        parts.append(_matcher_ids(matcher) + offset)
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def _matcher_ids(matcher: Any) -> np.ndarray:
    if not hasattr(matcher, "_read_data"):  # postings inlined in the term's info
        return np.fromiter(matcher.all_ids(), dtype=np.int64)
    parts = []
    while matcher.is_active():
        matcher._read_data()
        ids = np.asarray(matcher._data[0], dtype=np.int64)
        parts.append(ids if matcher._byteids else np.cumsum(ids))
        if matcher._lastblock:
            break
        matcher._goto(matcher._nextoffset)
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def _ranking(reader: Any, live: list[int], kept: np.ndarray | None = None) -> list[int]:
    """The live documents, newest record first, then by key (keys are unique: one order).

    `kept`: documents of the previous generation already in that order (on their new
    docnums): the others are sorted and merged in, each one's place found by bisection,
    instead of reading the columns of every document and sorting them all again.
    """
    if kept is None:
        latest = list(reader.column_reader("latest"))
        keys = list(reader.column_reader("key"))
        return sorted(live, key=lambda docnum: (-latest[docnum], keys[docnum]))
    is_live = np.zeros(reader.doc_count_all(), dtype=bool)
    is_live[np.fromiter(live, dtype=np.int64, count=len(live))] = True
    kept = kept[kept >= 0]
    order = kept[is_live[kept]].tolist()
    is_live[kept] = False
    column_latest, column_keys = reader.column_reader("latest"), reader.column_reader("key")

    def rank(docnum: int) -> tuple[int, str]:
        return (-column_latest[docnum], column_keys[docnum])

    start = 0
    for docnum in sorted(np.flatnonzero(is_live).tolist(), key=rank):
        start = bisect.bisect_left(order, rank(docnum), start, key=rank)
        order.insert(start, docnum)
    return order


def compute_layout(ix: index.Index, previous: Layout | None = None) -> Layout:
    """Ranking order: newest record first, then key; so full and incremental builds agree.

    With the layout of the generation before (`previous`), the sets are that
    layout's, moved to the new docnums, plus the documents of the segments it did
    not know (an update's, or a merge's): the cost follows the change, not the index.
    """
    with ix.reader() as reader:
        if not reader.doc_count_all():  # no subject has a public file yet: nothing to lay out
            return Layout(ix.latest_generation(), [], [], {}, {}, {}, frozenset())
        leaves = segments(reader)
        moved = _moved(previous, leaves) if previous is not None else None
        kept = None if moved is None else moved[np.asarray(previous.order, dtype=np.int64)]
        order = _ranking(reader, list(reader.all_doc_ids()), kept)
        layout = Layout(
            generation=ix.latest_generation(),
            order=order,
            names=[],
            facets={},
            months={},
            common={},
            initials=frozenset(),
            segments=tuple((segid, offset, count) for segid, offset, count, _leaf in leaves),
        )
        if moved is None:
            _whole(reader, leaves, layout)
        else:
            _update(reader, leaves, layout, previous, moved)
    return layout


def _moved(previous: Layout, leaves: list[tuple[str, int, int, Any]]) -> np.ndarray | None:
    """Old docnum -> new docnum (-1: its segment was merged away or dropped).

    None when the previous layout cannot be carried over (another version).
    """
    if previous.version != LAYOUT_VERSION or not previous.segments:
        return None
    now = {segid: (offset, count) for segid, offset, count, _leaf in leaves}
    total = sum(count for _segid, _offset, count in previous.segments)
    moved = np.full(total, -1, dtype=np.int64)
    for segid, offset, count in previous.segments:
        if segid not in now:
            continue
        if now[segid][1] != count:
            return None
        moved[offset : offset + count] = np.arange(count) + now[segid][0]
    return moved


def _whole(reader: Any, leaves: list, layout: Layout) -> None:
    names = list(reader.column_reader("name"))
    layout.names = [fold(names[docnum]) for docnum in layout.order]
    layout.initials = frozenset(_terms(reader, "initials"))
    # a value only deleted documents had is no facet (as in a build without them)
    for name in ("kind", "groups", "months", "depts"):
        found = {
            term: layout.bits(docnums(leaves, name, term.encode("utf-8")))
            for term in _terms(reader, name)
        }
        found = {term: bits for term, bits in found.items() if bits}
        if name == "months":
            layout.months = found
        else:
            layout.facets[name] = found
    threshold = max(1, int(layout.size * COMMON_SHARE))
    for name, term in sorted(_candidates(leaves)):
        bits = layout.bits(docnums(leaves, name, term.encode("utf-8")))
        if bits.bit_count() >= threshold:
            layout.common[(name, term)] = bits
    labels: list[list[tuple[str, str]]] = [[] for _ in layout.order]
    for name, values in layout.facets.items():
        for value, bits in values.items():
            for position in _unpack(bits, layout.size).tolist():
                labels[position].append((name, value))
    layout.labels = _shared(tuple(pairs) for pairs in labels)


def _update(reader: Any, leaves: list, layout: Layout, previous: Layout, moved: np.ndarray) -> None:
    """The sets of `previous` on the new docnums, and the new segments' documents added."""
    known = {segid for segid, _offset, _count in previous.segments}
    new = [leaf for leaf in leaves if leaf[0] not in known]
    old_docnums = moved[np.asarray(previous.order, dtype=np.int64)]  # old position -> new docnum
    size = max(len(layout.positions), 1)
    # new docnum -> old position, for what is kept per document (name, labels)
    old_position = np.full(size, -1, dtype=np.int64)
    kept = old_docnums >= 0
    old_position[old_docnums[kept]] = np.arange(len(old_docnums))[kept]

    def carried(bits: int, name: str, term: str) -> int:
        kept = old_docnums[_unpack(bits, previous.size)]
        added = docnums(new, name, term.encode("utf-8"))
        return layout.bits(np.concatenate([kept[kept >= 0], added]))

    def fresh(name: str, term: str) -> int:
        return layout.bits(docnums(leaves, name, term.encode("utf-8")))

    new_terms = {
        name: {term for leaf in new for term in _terms(leaf[3], name)}
        for name in ("kind", "groups", "depts", "months")
    }
    for name in ("kind", "groups", "depts"):
        values = previous.facets.get(name, {})
        found = {term: carried(bits, name, term) for term, bits in values.items()}
        found |= {term: fresh(name, term) for term in new_terms[name] - values.keys()}
        layout.facets[name] = {term: bits for term, bits in sorted(found.items()) if bits}
    months = {term: carried(bits, "months", term) for term, bits in previous.months.items()}
    months |= {term: fresh("months", term) for term in new_terms["months"] - months.keys()}
    layout.months = {term: bits for term, bits in sorted(months.items()) if bits}
    layout.initials = frozenset(_terms(reader, "initials"))
    for (name, term), bits in previous.common.items():
        found = carried(bits, name, term)
        if found:
            layout.common[(name, term)] = found
    # per document: an old one keeps its name and labels, a new one gets them read
    names = reader.column_reader("name")
    order = np.asarray(layout.order, dtype=np.int64)
    was = old_position[order]
    layout.names = [
        previous.names[p] if p >= 0 else fold(names[docnum])
        for docnum, p in zip(layout.order, was.tolist(), strict=True)
    ]
    fresh_labels: dict[int, list[tuple[str, str]]] = {}
    added = np.flatnonzero(was < 0)
    if added.size:
        flags = np.zeros(layout.size, dtype=bool)
        flags[added] = True
        for name, values in layout.facets.items():
            for value, bits in values.items():
                members = _unpack(bits, layout.size)
                for position in members[flags[members]].tolist():
                    fresh_labels.setdefault(position, []).append((name, value))
    layout.labels = _shared(
        previous.labels[p] if p >= 0 else tuple(fresh_labels.get(n, ()))
        for n, p in enumerate(was.tolist())
    )


def _shared(labels: Iterable[tuple[tuple[str, str], ...]]) -> list[tuple[tuple[str, str], ...]]:
    """Equal labels made one object: some 3,000 kinds among 100,000 documents, each pickled
    once with the layout instead of once per document (0.15 s less writing it, 6 MB less)."""
    kinds: dict[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]] = {}
    return [kinds.setdefault(pairs, pairs) for pairs in labels]


def _terms(reader: Any, name: str) -> list[str]:
    try:
        return [term.decode("utf-8") for term in reader.lexicon(name)]
    except TermNotFound:
        return []


def _candidates(leaves: list[tuple[str, int, int, Any]]) -> set[tuple[str, str]]:
    """The terms that may be common: a term in `COMMON_SHARE` of all documents is in that
    share of some segment's. Each segment's terms are read in turn (the index's own
    walk over all terms looks each one up in every segment: ten times slower)."""
    found = set()
    for _segid, _offset, count, leaf in leaves:
        least = COMMON_SHARE * count
        for name in ("text", "grams", "initials"):
            for term, info in leaf.iter_field(name):
                if info.doc_frequency() >= least:
                    found.add((name, term.decode("utf-8")))
    return found


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


def _previous_layout(index_dir: Path) -> Layout | None:
    """The layout an existing index was written with, to carry over into its next generation."""
    try:
        with (index_dir / LAYOUT).open("rb") as stream:
            layout = pickle.load(stream)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, TypeError):
        return None
    return layout if getattr(layout, "version", None) == LAYOUT_VERSION else None


@dataclass(frozen=True)
class BuildSummary:
    documents: int
    added: int
    removed: int


#: the writer's sort memory (Whoosh's estimate; the process uses about as much again).
#: Below what the postings need, the writer spills sorted runs to disk and merges them,
#: which costs about twice the CPU: 100,000 subjects need about 4,096.
MEMORY_MB = 4096

#: an update leaves the segments as they are until this many small ones piled up
SMALL_SEGMENTS = 8
#: a segment is small below this share of the index's documents
SMALL_SHARE = 0.02


def _merge_small(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh's merge policy for an update: the big segments are never rewritten.

    The small segments (nightly updates) are merged into one only when more than
    `SMALL_SEGMENTS` of them piled up; until then a commit rewrites nothing and
    the layout is carried over (`compute_layout`) instead of computed again.
    """
    from whoosh.reading import SegmentReader

    total = sum(segment.doc_count_all() for segment in segments)
    empty = [segment for segment in segments if not segment.doc_count()]
    small = [
        segment
        for segment in segments
        if segment.doc_count() and segment.doc_count_all() < total * SMALL_SHARE
    ]
    if len(small) <= SMALL_SEGMENTS:
        return [segment for segment in segments if segment not in empty]
    for segment in small:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [segment for segment in segments if segment not in small and segment not in empty]


def _create(path: Path) -> index.Index:
    """A new empty index in `path` (an index there is replaced, a folder of other files never)."""
    if path.exists() and any(path.iterdir()):
        if not index.exists_in(str(path)):
            raise ValueError(f"{path} holds files that are not a search index; not replaced")
        shutil.rmtree(path)
    path.mkdir(parents=True, exist_ok=True)
    return index.create_in(str(path), schema())


class Writer:
    """Documents added one at a time to a new index or to a copy of one; `commit` writes it.

    New: `index_dir` is emptied and made one segment. Existing: the documents of the
    removed keys go first (`remove`), and every added document replaces its key's.
    Opening an existing index's writer (its layout read) can be done ahead of the update.
    """

    def __init__(self, index_dir: str | Path, *, new: bool, memory_mb: int = MEMORY_MB) -> None:
        self.path = Path(index_dir)
        self.new = new
        self.previous = None if new else _previous_layout(self.path)
        ix = _create(self.path) if new else index.open_dir(str(self.path))
        self._writer = ix.writer(limitmb=memory_mb)
        self.added = self.dropped = 0
        #: keys whose documents are gone already: theirs are added, with no search for an old one
        self._removed: set[str] = set()

    def remove(self, keys: Iterable[str]) -> None:
        """Delete the documents of `keys`: their docnums read from each segment's postings of
        `key` (Whoosh's delete by term runs a query per key over every segment)."""
        fresh = set(keys) - self._removed
        self._removed |= fresh
        if self.new or not fresh:
            return
        with self._writer.reader() as reader:
            leaves = segments(reader)
            for key in sorted(fresh):
                for docnum in docnums(leaves, "key", key.encode("utf-8")).tolist():
                    if not reader.is_deleted(docnum):
                        self._writer.delete_document(docnum)
                        self.dropped += 1

    def add(self, document: Document) -> None:
        if self.new or document.key in self._removed:
            self._writer.add_document(**fields_of(document))
        else:
            self._writer.update_document(**fields_of(document))
        self.added += 1

    def cancel(self) -> None:
        self._writer.cancel()

    def commit(self, optimize: bool | None = None) -> BuildSummary:
        optimize = self.new if optimize is None else optimize
        self._writer.commit(optimize=optimize, mergetype=None if optimize else _merge_small)
        ix = index.open_dir(str(self.path))
        write_layout(self.path, compute_layout(ix, None if optimize else self.previous))
        return BuildSummary(ix.doc_count(), self.added, self.dropped)


def build_parts(
    index_dir: str | Path, parts: list[Path], *, memory_mb: int = MEMORY_MB
) -> BuildSummary:
    """A new index of spooled documents: a process per part, each writing segments of its own.

    A part's writer closes its segment when its postings reach `memory_mb`
    (Whoosh's estimate) and starts another, so memory stays bounded without
    spilling sorted runs to disk and merging them, and no final merge rewrites
    the index: the searcher reads the segments together (`compute_layout` lays
    them out as one).
    """
    path = Path(index_dir)
    ix = _create(path)
    writer = ix.writer()  # holds the index's lock while the parts write
    try:
        jobs = [(str(path), str(part), memory_mb) for part in parts]
        if len(jobs) > 1:
            # fresh processes (a fork would carry the publishing process's memory along);
            # a process that dies fails the build instead of leaving it waiting
            spawn = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(len(jobs), mp_context=spawn) as pool:
                done = list(pool.map(_index_part, *zip(*jobs, strict=True)))
        else:
            done = [_index_part(*job) for job in jobs]
        writer._close_segment()
        writer._commit_toc([segment for segments, _count in done for segment in segments])
        writer._finish()
    except BaseException:
        writer.cancel()
        raise
    ix = index.open_dir(str(path))
    write_layout(path, compute_layout(ix))
    return BuildSummary(ix.doc_count(), sum(count for _segments, count in done), 0)


def _index_part(index_dir: str, part: str, memory_mb: int) -> tuple[list[Any], int]:
    """In an indexing process: the segments of one spool file's documents."""
    from whoosh.writing import SegmentWriter

    ix = index.open_dir(index_dir)
    budget = memory_mb * 1024 * 1024
    segments = []
    writer = None
    count = 0
    for document in spooled(part):
        if writer is None:
            # never spills: the segment is closed at the budget instead
            writer = SegmentWriter(ix, _lk=False, limitmb=2 * memory_mb + 64)
        writer.add_document(**fields_of(document))
        count += 1
        if writer.pool.currentsize >= budget:
            segments.append(writer._finalize_segment())
            writer = None
    if writer is not None:
        segments.append(writer._finalize_segment())
    return segments, count


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
    memory_mb: int = 256,
) -> BuildSummary:
    """Replace the documents of the subjects whose public file changed; drop the `removed` keys.

    `removed`: subjects that have no public file any more (time took their last
    record off, or they were withdrawn). The answers are those of a full build
    of the same documents, because ranking never depends on document numbers.
    The changes go to a new small segment; the big ones are never rewritten
    (`_merge_small`), so the cost follows the change, not the index; `optimize`
    rewrites it as one segment.
    """
    writer = Writer(index_dir, new=False, memory_mb=memory_mb)
    try:
        writer.remove(removed)
        for document in changed:
            writer.add(document)
    except BaseException:
        with contextlib.suppress(Exception):  # a writer already closed by a failed commit
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
