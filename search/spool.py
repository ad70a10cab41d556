"""Search documents kept on disk between the pages and the index (`Spool`).

Only the standard library: the publishing process and its rendering workers
spool documents without loading the index's own modules (NumPy, the
dictionaries of `analysis`), which the processes that index them load.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from xinyong.search.documents import Document

#: documents per pickled chunk of a spool file
SPOOL_CHUNK = 200


class Spool:
    """Documents kept on disk until the index is built, dealt in turns over `parts` files.

    A publish renders first and indexes after; in between, 100,000 documents
    would not fit beside the renderer in memory. Each file is one indexing
    process's share (`index.build_parts`).
    """

    def __init__(self, path: str | Path, parts: int = 2) -> None:
        base = Path(path)
        self.paths = [base.with_name(f"{base.name}.{n}") for n in range(max(parts, 1))]
        self._files = [open(path, "wb") for path in self.paths]  # noqa: SIM115 - closed in close()
        self._chunk: list[Document] = []
        self._turn = 0
        self.count = 0

    def add(self, document: Document) -> None:
        self._chunk.append(document)
        self.count += 1
        if len(self._chunk) >= SPOOL_CHUNK:
            self._flush()

    def _flush(self) -> None:
        if self._chunk:
            pickle.dump(self._chunk, self._files[self._turn], protocol=pickle.HIGHEST_PROTOCOL)
            self._turn = (self._turn + 1) % len(self._files)
            self._chunk = []

    def close(self) -> list[Path]:
        if not self._files[0].closed:
            self._flush()
            for handle in self._files:
                handle.close()
        return self.paths

    def remove(self) -> None:
        self.close()
        for path in self.paths:
            path.unlink(missing_ok=True)


def spooled(path: str | Path) -> Iterator[Document]:
    with open(path, "rb") as stream:
        while True:
            try:
                chunk = pickle.load(stream)
            except EOFError:
                return
            yield from chunk
