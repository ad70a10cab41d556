"""Deleting the store folders that pruned releases left, in a process of its own.

After a whole-site re-render (new templates), the first prune deletes a whole old
site: some 100,000 folders and 184,000 files at 100,000 subjects, minutes of file
system work on a busy disk; and a prune deletes a release's tree that the publish
did not take over, a second of links. The publish does not wait for it: `releases.prune`
forgets the folders in the state, lists them in `trash/` and starts this module
detached. A listing is removed once its folders are, so a deletion cut short is
finished by the next one. No release uses a listed folder, and none ever will: a
store folder's name carries the id of the release it was rendered for. The module is
light (the standard library only), so the process starts at once.

    python -m xinyong.publisher.trash PUBLISH_DIR/trash [LOCK_FD]
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path


def data_parts(folder: Path) -> tuple[Path, Path, Path]:
    """What a month unit keeps beside its store folder, and loses with it: its open data rows
    (JSON, CSV) and its days."""
    return (
        folder.with_name(folder.name + ".data.json"),
        folder.with_name(folder.name + ".data.csv"),
        folder.with_name(folder.name + ".days.json"),
    )


def discard(out: Path, folders: list[str], releases: Iterable[str] = ()) -> subprocess.Popen | None:
    """List `folders` (relative to `out`) in the trash and start emptying it, detached.

    The trees of `releases` (a link per unit: 184,000 at 100,000 subjects) are moved
    into the trash at once, out of `releases/`, and deleted with the folders.
    """
    trash = out / "trash"
    folders = list(folders)
    for release in releases:
        tree = out / "releases" / release
        if tree.is_dir():
            trash.mkdir(exist_ok=True)
            os.replace(tree, trash / f"{release}.release")
            folders.append(f"trash/{release}.release")
    if folders:
        trash.mkdir(exist_ok=True)
        listing = trash / f"{time.time_ns()}.txt"
        partial = listing.with_suffix(".part")
        partial.write_text("".join(f"{folder}\n" for folder in folders), encoding="utf-8")
        os.replace(partial, listing)
    if not (trash.is_dir() and any(trash.glob("*.txt"))):
        return None
    return detached("xinyong.publisher.trash", [str(trash)], out / LOCK)


#: held while the trash is emptied
LOCK = "trash.lock"


def detached(module: str, args: list[str], lock: Path) -> subprocess.Popen:
    """Start `python -m <module> <args> [<fd>]` detached, holding `lock` (an flock).

    The lock is taken here and handed over as the open file `<fd>`, so that `wait` called
    at once waits for the process; while another holds it, the process takes it when that
    one is done (`held`): one at a time.
    """
    handle = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            handed = [str(handle)]
        except BlockingIOError:
            handed = []
        return subprocess.Popen(  # noqa: S603 - this interpreter, a module and paths of ours
            [sys.executable, "-m", module, *args, *handed],
            pass_fds=(handle,),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    finally:
        os.close(handle)


def held(lock: Path, handed: str | None) -> int:
    """In a `detached` process: the lock it was handed (a file descriptor), or taken now."""
    if handed is not None:
        return int(handed)
    handle = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


def busy(lock: Path) -> bool:
    """Whether a `detached` process holds `lock` now."""
    with open(lock, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
    return False


def wait(lock: Path) -> None:
    """Wait until no `detached` process holds `lock` (for the benchmark and the tests: a night
    passes between two publishes)."""
    with open(lock, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)


def empty(trash: Path) -> None:
    """Delete the folders of every listing in `trash`."""
    for listing in sorted(trash.glob("*.txt")):
        remove(trash.parent, listing.read_text(encoding="utf-8").splitlines())
        listing.unlink(missing_ok=True)


def remove(out: Path, folders: list[str]) -> None:
    """Store folders (relative to `out`, or absolute) with what they keep beside them."""
    for line in folders:
        if line:
            folder = out / line
            shutil.rmtree(folder, ignore_errors=True)
            for part in data_parts(folder):
                part.unlink(missing_ok=True)


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    lock = held(folder.parent / LOCK, sys.argv[2] if len(sys.argv) > 2 else None)
    empty(folder)
    os.close(lock)
