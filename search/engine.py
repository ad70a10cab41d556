"""Queries: what a citizen types, answered from one release's index.

The planner never scores a walk over postings. Each word becomes a set of
documents (bit sets in ranking order, see `index.Layout`): its name grams, its
pinyin initials, its terms in the record text. A word that most documents carry
(周村, 罚款) is a ready set, so it only filters; counts by kind, group and
department are AND operations on sets cached per index; the first page is the
lowest set bits of three tiers (exact code, name, record text), so an exact code
comes first and a name match above a match in a record's text. An index never
changes inside a release: each searcher keeps its sets and its answers.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from xinyong.credit.identifiers import normalize
from xinyong.search import analysis
from xinyong.search.index import Layout, docnums, read_layout, segments

#: caps that keep every query cheap, whatever is typed
MAX_CHARS = 64
MAX_WORDS = 6
MAX_TERMS = 8
MAX_PAGE = 50
PER_PAGE = 20
#: a name fragment longer than two characters is checked letter by letter below this many matches
VERIFY_LIMIT = 5_000
SNIPPET_CHARS = 80
#: up to this many matches, counts are read off the matches' labels
FEW = 16

TIERS = ("code", "name", "text")


@dataclass(frozen=True)
class Filters:
    kind: str | None = None  # subject kind: org · individual · person
    group: str | None = None  # record group: license · penalty · red · black · other · basic
    dept: str | None = None  # the deciding authority
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@dataclass(frozen=True)
class Segment:
    """A piece of a name or snippet; `hit` when it is what was searched for."""

    text: str
    hit: bool


@dataclass(frozen=True)
class Hit:
    key: str
    kind: str
    name: str
    uscc: str | None
    id_masked: str | None
    tier: str  # code · name · text
    name_segments: tuple[Segment, ...]
    snippet: tuple[Segment, ...]
    snippet_label: str | None


@dataclass(frozen=True)
class Results:
    query: str  # the query as understood: folded and capped
    words: tuple[str, ...]
    total: int
    page: int
    pages: int
    hits: tuple[Hit, ...]
    counts: dict[str, dict[str, int]]  # "kind" / "groups" / "depts" -> value -> count
    notice: str | None = None  # 查询词过长 … said to the user
    suggestions: tuple[tuple[str, int], ...] = ()  # when nothing matches: single words that do

    @property
    def empty(self) -> bool:
        return self.total == 0


@dataclass
class _Plan:
    words: tuple[str, ...]
    code: int = 0
    name: int = 0
    any: int = 0
    highlight: tuple[str, ...] = field(default_factory=tuple)


class _Cache:
    """A small LRU map, safe across threads."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        return None

    def put(self, key: Hashable, value: Any) -> Any:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value


def understand(text: str | None) -> tuple[tuple[str, ...], str | None]:
    """The words of a query, and a notice when the input was cut to the caps.

    Any character may come in: operators, quotes, brackets, wildcards and
    control characters only separate words; nothing is syntax.
    """
    folded = analysis.fold(text)
    notice = None
    if len(folded) > MAX_CHARS:
        folded = folded[:MAX_CHARS]
        notice = f"查询词过长，只按前{MAX_CHARS}个字符查询"
    found: dict[str, None] = {}
    for word in analysis.words(folded):
        if word in ("and", "or", "not"):
            continue
        found.setdefault(word, None)
    words = tuple(found)
    if len(words) > MAX_WORDS:
        words = words[:MAX_WORDS]
        notice = f"查询词过多，只按前{MAX_WORDS}个词查询"
    return words, notice


class Searcher:
    """One release's index, kept open with its sets and answers (it never changes)."""

    def __init__(
        self, index_dir: str | Path, id_hasher: Callable[[str], str] | None = None
    ) -> None:
        self.path = Path(index_dir)
        self._index = whoosh_index.open_dir(str(self.path))
        self._reader = self._index.reader()
        self._lock = threading.RLock()
        self.layout: Layout = read_layout(self.path, self._index)
        self._segments = segments(self._reader)
        self._all = (1 << self.layout.size) - 1
        self._id_hasher = id_hasher
        self._sets = _Cache(4096)
        self._results = _Cache(2048)
        # stored documents of the subjects shown lately: Whoosh decompresses a block per read
        self._stored = _Cache(4096)

    @classmethod
    def for_release(
        cls, release_dir: str | Path, id_hasher: Callable[[str], str] | None = None
    ) -> Searcher:
        """The kept-open searcher of a release (or of the `current` link): see `for_release`."""
        return for_release(release_dir, id_hasher)

    def close(self) -> None:
        with self._lock:
            self._reader.close()

    @property
    def size(self) -> int:
        return self.layout.size

    # -- sets ------------------------------------------------------------------

    def term_set(self, fieldname: str, term: str) -> int:
        """The documents that carry a term: ready for common terms, else read once and kept."""
        ready = self.layout.common.get((fieldname, term))
        if ready is not None:
            return ready
        key = (fieldname, term)
        found = self._sets.get(key)
        if found is None:
            with self._lock:
                # every segment's postings a block at a time (deleted documents drop out)
                found = self.layout.bits(docnums(self._segments, fieldname, term.encode("utf-8")))
            self._sets.put(key, found)
        return found

    def _all_of(self, fieldname: str, terms: list[str]) -> int:
        if not terms:
            return 0
        found = self._all
        for term in sorted(terms, key=lambda t: -len(t)):
            found &= self.term_set(fieldname, term)
            if not found:
                break
        return found

    def _name_set(self, word: str) -> int:
        grams = analysis.grams(word)[:MAX_TERMS]
        found = self._all_of("grams", grams)
        if found and len(word) > 2 and found.bit_count() <= VERIFY_LIMIT:
            found = self._verified(found, word)
        if analysis.is_initials(word):
            found |= self._initials_set(word)
        return found

    def _verified(self, found: int, fragment: str) -> int:
        """Only the names that hold the fragment itself, not just its grams apart."""
        names = self.layout.names
        kept = bytearray((self.layout.size + 7) // 8)
        for position in _all_positions(found):
            if fragment in names[position]:
                kept[position >> 3] |= 1 << (position & 7)
        return int.from_bytes(kept, "little")

    def _initials_set(self, word: str) -> int:
        """zcfz: the words of a name whose initials, in any order, make up the query."""
        known = self.layout.initials
        if word in known:
            return self.term_set("initials", word)
        split = _split(word, known)
        if not split:
            return 0
        return self._all_of("initials", split)

    def _text_set(self, word: str) -> int:
        found = self.term_set("text", word) if len(word) > 1 else 0
        terms = analysis.query_terms(word)[:MAX_TERMS]
        if terms and terms != [word]:
            found |= self._all_of("text", terms)
        elif len(word) == 1:
            found |= self.term_set("text", word)
        return found

    def _code_set(self, raw: str) -> int:
        code = normalize(raw)
        if len(code) != 18:
            return 0
        found = self.term_set("code", code)  # the codes held are checked at intake
        if self._id_hasher is not None and not found:
            try:
                found = self.term_set("idhash", self._id_hasher(code))
            except Exception:  # not an ID number the hasher accepts
                found = 0
        return found

    def _filter_set(self, filters: Filters) -> int:
        found = self._all
        facets = self.layout.facets
        if filters.kind:
            found &= facets.get("kind", {}).get(filters.kind, 0)
        if filters.group:
            found &= facets.get("groups", {}).get(filters.group, 0)
        if filters.dept:
            found &= facets.get("depts", {}).get(filters.dept, 0)
        if filters.date_from or filters.date_to:
            found &= self._dates_set(filters.date_from, filters.date_to)
        return found

    def _dates_set(self, start: dt.date | None, end: dt.date | None) -> int:
        key = ("dates", start, end)
        found = self._sets.get(key)
        if found is not None:
            return found
        found = 0
        for month, bits in self.layout.months.items():
            first = dt.date(int(month[:4]), int(month[4:]), 1)
            last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
            if (end and first > end) or (start and last < start):
                continue
            if (not start or first >= start) and (not end or last <= end):
                found |= bits
                continue
            day = max(first, start or first)
            while day <= min(last, end or last):
                found |= self.term_set("days", f"{day:%Y%m%d}")
                day += dt.timedelta(days=1)
        return self._sets.put(key, found)

    # -- the query -------------------------------------------------------------

    def plan(self, raw: str, words: tuple[str, ...]) -> _Plan:
        plan = _Plan(words)
        plan.code = self._code_set(raw)
        if plan.code:
            plan.any = plan.code
            return plan
        if not words:
            return plan
        name = text = self._all
        highlight: list[str] = []
        for word in words:
            in_name = self._name_set(word)
            in_text = self._text_set(word)
            name &= in_name
            text &= in_name | in_text
            highlight.append(word)
            if not text:
                break
        plan.name = name
        plan.any = text
        plan.highlight = tuple(highlight)
        return plan

    def search(
        self, text: str | None, filters: Filters | None = None, page: int | str = 1
    ) -> Results:
        """The results page for what was typed; never raises for any input."""
        filters = filters or Filters()
        words, notice = understand(text)
        raw = analysis.fold(text)[: MAX_CHARS * 2]
        page = min(max(_number(page), 1), MAX_PAGE)
        cache_key = (raw if len(normalize(raw)) == 18 else words, filters, page)
        cached = self._results.get(cache_key)
        if cached is not None:
            return cached
        plan = self.plan(raw, words)
        allowed = self._filter_set(filters)
        match = plan.any & allowed
        total = match.bit_count()
        tiers = (plan.code & allowed, plan.name & allowed & ~plan.code, match)
        positions = _page(tiers, (page - 1) * PER_PAGE, PER_PAGE)
        hits = tuple(self._hit(position, tier, plan, filters) for position, tier in positions)
        results = Results(
            query=" ".join(words),
            words=words,
            total=total,
            page=page,
            pages=max(1, min(MAX_PAGE, -(-total // PER_PAGE))),
            hits=hits,
            counts=self._counts(plan.any, filters) if plan.any else {},
            notice=notice,
            suggestions=self._suggestions(raw, words, filters) if not total else (),
        )
        return self._results.put(cache_key, results)

    def _counts(self, found: int, filters: Filters) -> dict[str, dict[str, int]]:
        """Counts per facet value, each under the other filters (so a chosen value shows its siblings)."""
        if found.bit_count() <= FEW and filters == Filters():
            return self._few_counts(found)
        counts: dict[str, dict[str, int]] = {}
        for facet, attribute in (("kind", "kind"), ("groups", "group"), ("depts", "dept")):
            others = self._filter_set(_without(filters, attribute))
            base = found & others
            values = {
                value: (base & bits).bit_count()
                for value, bits in self.layout.facets.get(facet, {}).items()
            }
            counts[facet] = {
                value: n for value, n in sorted(values.items(), key=lambda i: (-i[1], i[0])) if n
            }
        return counts

    def _few_counts(self, found: int) -> dict[str, dict[str, int]]:
        """The same counts for a handful of matches (an exact code), read off their labels."""
        tally: dict[str, dict[str, int]] = {"kind": {}, "groups": {}, "depts": {}}
        for position in _positions(found):
            for facet, value in self.layout.labels[position]:
                tally[facet][value] = tally[facet].get(value, 0) + 1
        return {
            facet: dict(sorted(values.items(), key=lambda i: (-i[1], i[0])))
            for facet, values in tally.items()
        }

    def _suggestions(
        self, raw: str, words: tuple[str, ...], filters: Filters
    ) -> tuple[tuple[str, int], ...]:
        """For an empty answer: the words that find something alone, and without the filters."""
        found = []
        for word in words if len(words) > 1 else ():
            n = self.plan(word, (word,)).any.bit_count()
            if n:
                found.append((word, n))
        if filters != Filters():
            n = self.plan(raw, words).any.bit_count()
            if n:
                found.append(("（不限条件）" + " ".join(words), n))
        return tuple(found)

    # -- the page --------------------------------------------------------------

    def _hit(self, position: int, tier: str, plan: _Plan, filters: Filters | None = None) -> Hit:
        stored = self._stored.get(position)
        if stored is None:
            with self._lock:
                stored = self._reader.stored_fields(self.layout.order[position])
            self._stored.put(position, stored)
        name = stored.get("name", "")
        snippet, label = _snippet(stored.get("passages") or [], plan.highlight, filters)
        return Hit(
            key=stored["key"],
            kind=stored.get("kind", ""),
            name=name,
            uscc=stored.get("uscc"),
            id_masked=stored.get("id_masked"),
            tier=tier,
            name_segments=_segments(name, plan.highlight),
            snippet=snippet,
            snippet_label=label,
        )


def _number(value: object) -> int:
    """A page number as typed in a URL; anything else is the first page."""
    try:
        return int(str(value).strip())
    except ValueError:
        return 1


def _without(filters: Filters, attribute: str) -> Filters:
    values = dict(filters.__dict__)
    values[attribute] = None
    return Filters(**values)


def _positions(bits: int, limit: int | None = None):
    """Set bit positions, lowest first."""
    n = 0
    while bits and (limit is None or n < limit):
        low = bits & -bits
        yield low.bit_length() - 1
        bits ^= low
        n += 1


def _all_positions(bits: int):
    """Every set bit position, lowest first, a byte at a time."""
    data = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    for index, byte in enumerate(data):
        while byte:
            low = byte & -byte
            yield index * 8 + low.bit_length() - 1
            byte ^= low


def _page(tiers: tuple[int, int, int], skip: int, size: int) -> list[tuple[int, str]]:
    """Positions of one page over the tiers in order, each tier in ranking order."""
    chosen: list[tuple[int, str]] = []
    seen = 0
    for tier, bits in zip(TIERS, tiers, strict=True):
        bits &= ~seen
        seen |= bits
        count = bits.bit_count()
        if skip >= count:
            skip -= count
            continue
        if skip:
            bits = _drop_lowest(bits, skip)
            skip = 0
        chosen.extend((position, tier) for position in _positions(bits, size - len(chosen)))
        if len(chosen) >= size:
            break
    return chosen


def _drop_lowest(bits: int, n: int) -> int:
    """The set without its `n` lowest members, by whole bytes where they suffice."""
    data = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    dropped = 0
    for index, byte in enumerate(data):
        count = byte.bit_count()
        if dropped + count > n:
            bits = (bits >> (8 * index)) << (8 * index)
            break
        dropped += count
    else:
        return 0
    for _ in range(n - dropped):
        bits &= bits - 1
    return bits


def _split(word: str, known: frozenset[str]) -> list[str] | None:
    """The fewest known initials that spell `word` (zcfz → zc + fz), or None."""
    best: list[list[str] | None] = [None] * (len(word) + 1)
    best[0] = []
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 8), end):
            head = best[start]
            part = word[start:end]
            if head is not None and part in known:
                candidate = [*head, part]
                if best[end] is None or len(candidate) < len(best[end]):
                    best[end] = candidate
    found = best[-1]
    return found if found and len(found) <= 4 else None


def _segments(text: str, words: tuple[str, ...]) -> tuple[Segment, ...]:
    """`text` cut into pieces, the pieces that are a searched word marked."""
    if not text:
        return ()
    lowered = text.lower()
    marks = [False] * len(text)
    for word in words:
        start = lowered.find(word)
        while start >= 0 and word:
            for i in range(start, start + len(word)):
                marks[i] = True
            start = lowered.find(word, start + len(word))
    pieces: list[Segment] = []
    begin = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or marks[i] != marks[begin]:
            pieces.append(Segment(text[begin:i], marks[begin]))
            begin = i
    return tuple(pieces)


def _snippet(
    passages: list[tuple[str, str, str, str, str]],
    words: tuple[str, ...],
    filters: Filters | None = None,
) -> tuple[tuple[Segment, ...], str | None]:
    """The first record passage that holds a searched word, cut around it.

    Passages of the record group and department filtered on come first.
    """
    if filters is not None and (filters.group or filters.dept):
        passages = sorted(
            passages,
            key=lambda p: (
                bool(filters.group) and p[0] != filters.group,
                bool(filters.dept) and p[3] != filters.dept,
            ),
        )
    for _group, label, text, _authority, _day in passages:
        lowered = text.lower()
        starts = [lowered.find(word) for word in words if word and word in lowered]
        if not starts:
            continue
        first = min(starts)
        begin = max(0, first - SNIPPET_CHARS // 3)
        piece = text[begin : begin + SNIPPET_CHARS]
        prefix = "…" if begin else ""
        suffix = "…" if begin + SNIPPET_CHARS < len(text) else ""
        return _segments(prefix + piece + suffix, words), label
    return (), None


# -- one searcher per release --------------------------------------------------

_open: OrderedDict[str, Searcher] = OrderedDict()
_open_lock = threading.Lock()
KEEP_OPEN = 2


def for_release(release_dir: str | Path, id_hasher: Callable[[str], str] | None = None) -> Searcher:
    """The searcher of a release's index (`<release>/index`), opened once and kept.

    Releases are named by the real path, so the `current` link can be given: when
    it switches, the next call opens the new release's index while a request that
    holds the old searcher finishes on it (an old searcher is only dropped, never
    closed under a reader).
    """
    real = os.path.realpath(release_dir)
    with _open_lock:
        searcher = _open.get(real)
        if searcher is not None:
            _open.move_to_end(real)
            return searcher
    opened = Searcher(Path(real) / "index", id_hasher)
    with _open_lock:
        searcher = _open.setdefault(real, opened)
        _open.move_to_end(real)
        while len(_open) > KEEP_OPEN:
            _open.popitem(last=False)
    return searcher
