"""How Chinese text becomes index terms, the same way at build and at query time.

Record text is cut with rjieba (search mode, so 有限公司 also gives 有限 and
公司); a subject's name becomes its 2-character grams, so that any fragment of two
or more characters is found through exact terms; the pinyin initials of the
name's words (pypinyin) let "zcfz" find 周村纺织 subjects.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

import rjieba
from whoosh.analysis import Token, Tokenizer

# control and format characters (C*), which no query or name needs
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
# a run of letters or digits (CJK included); everything else separates words
_WORD = re.compile(r"[^\W_]+")
_LETTERS = re.compile(r"[a-z]+")


def fold(text: str | None) -> str:
    """Full-width to half-width, compatibility forms folded, lower case, no control characters."""
    return _CONTROL.sub(" ", unicodedata.normalize("NFKC", text or "")).lower()


def words(text: str) -> list[str]:
    """The runs of letters and digits of folded text, in order."""
    return _WORD.findall(fold(text))


def cut(text: str) -> list[str]:
    """Index terms of record text: rjieba in search mode, without blanks and punctuation."""
    terms: list[str] = []
    for run in words(text):
        terms.extend(rjieba.cut_for_search(run))
    return terms


def query_terms(word: str) -> list[str]:
    """A query word's terms: rjieba's plain cut, so 超标排放 stays one term when it is one."""
    return [term for term in rjieba.cut(word) if _WORD.fullmatch(term)]


def grams(text: str) -> list[str]:
    """The distinct 2-character grams of a name, over its runs of letters and digits."""
    seen: dict[str, None] = {}
    for run in words(text):
        for start in range(len(run) - 1):
            seen.setdefault(run[start : start + 2], None)
    return list(seen)


def initials(name: str) -> list[str]:
    """The pinyin initials of each word of a name (周村 → zc), distinct, letters only.

    Letters and digits already in the name (a brand like ABC) count as their own word.
    """
    # imported here: its phrase dictionary costs every command 0.2 s at start-up
    from pypinyin import Style, lazy_pinyin

    seen: dict[str, None] = {}
    for run in words(name):
        for word in rjieba.cut(run):
            letters = "".join(lazy_pinyin(word, style=Style.FIRST_LETTER, errors="ignore"))
            letters = "".join(_LETTERS.findall(letters.lower()))
            if letters:
                seen.setdefault(letters, None)
    return list(seen)


def warm() -> None:
    """Load the dictionaries now (pypinyin's phrases take most of a second), not on first use."""
    initials("周村")
    cut("周村")


def is_initials(word: str) -> bool:
    """A query word that may be pinyin initials: 2 to 12 Latin letters."""
    return 2 <= len(word) <= 12 and bool(_LETTERS.fullmatch(word))


class TermTokenizer(Tokenizer):
    """A Whoosh tokenizer over the terms `terms` gives; offsets are not kept (snippets are
    made from the stored text)."""

    def terms(self, value: str) -> Iterable[str]:
        raise NotImplementedError

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for position, term in enumerate(self.terms(value), start_pos):
            token.text = term
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = term
            if positions:
                token.pos = position
            if chars:
                token.startchar = token.endchar = start_char
            yield token


class JiebaTokenizer(TermTokenizer):
    """The record text field's words, cut by rjieba (`cut`)."""

    def terms(self, value: str) -> Iterable[str]:
        return cut(value)


class ListTokenizer(TermTokenizer):
    """Terms given already split by a tab (grams, initials, departments, dates)."""

    def terms(self, value: str) -> Iterable[str]:
        return filter(None, value.split("\t"))
