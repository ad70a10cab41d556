"""The next release's tree, made ready after a publish while the machine is idle.

Every release has a tree of its own (`releases/<id>/site`): a link per unit, some
86,000 at 100,000 subjects. Linking them is 1.5 s of system calls, which a night's
publish (1% of the units changed) would spend while it writes its index and state.
So once a publish has switched `current` to a release, it starts this module
detached: it makes `spare/<id>/site`, a copy of that tree whose every entry is
another name for the same link (as `build.link_release` shares an unchanged unit).
The next publish based on that release takes the copy and changes only the units
that differ (`build.relink_release`); while a copy is being made (`spare.lock`
held), or when there is none, it links a new tree instead.

A copy is made from what `spare/` holds already where it can: a pruned release's
tree (`releases.prune` moves it there) or a copy that was not taken (after a
rollback) is changed where it differs from the release's, entry by entry (a
folder's entries and their inodes come with the listing: no `stat` per entry),
instead of being deleted and another 86,000 links made. A copy is renamed into
place when whole: a copy cut short is never taken, and the next one starts from it.
The module is light (the standard library only), so the process starts at once.

    python -m xinyong.publisher.spare PUBLISH_DIR RELEASE [LOCK_FD]
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from xinyong.publisher import trash

#: the folder of the copies, beside `releases/` (at the same depth: the links' relative
#: targets hold in both)
FOLDER = "spare"
#: held while a copy is made
LOCK = "spare.lock"


def ready(out: Path, release: str | None) -> Path | None:
    """The whole copy of `release`'s tree (`spare/<release>/site`), if one is ready."""
    if release is None:
        return None
    tree = out / FOLDER / release / "site"
    if not tree.is_dir() or trash.busy(out / LOCK):  # (being made again from it: not whole)
        return None
    return tree


def start(out: Path, release: str) -> subprocess.Popen:
    """Start making the copy of `release`'s tree, detached (after a copy still being made)."""
    return trash.detached("xinyong.publisher.spare", [str(out), release], out / LOCK)


def wait(out: Path) -> None:
    """Wait until no copy is being made."""
    trash.wait(out / LOCK)


def keep(out: Path, release: str) -> None:
    """Keep a pruned release's tree in `spare/` (the next copy is made by changing it),
    unless one is kept there already."""
    tree = out / "releases" / release / "site"
    if tree.is_dir() and not any((out / FOLDER).glob("*/site")):
        (out / FOLDER / release).mkdir(parents=True, exist_ok=True)
        os.replace(tree, out / FOLDER / release / "site")


def make(out: Path, release: str) -> None:
    """`spare/<release>/site`: the same entries as `releases/<release>/site`, changed from
    the newest other tree that `spare/` holds, if there is one; the others there go."""
    source = out / "releases" / release / "site"
    folder = out / FOLDER
    if (folder / release / "site").is_dir() or not source.is_dir():
        return
    partial = folder / f"{release}.partial"
    partial.mkdir(parents=True, exist_ok=True)
    if not (partial / "site").is_dir():  # (one cut short is taken up where it was left)
        material = sorted(entry for entry in folder.glob("*/site") if entry.parent != partial)
        if material:
            os.replace(material[-1], partial / "site")
    for entry in folder.iterdir():
        if entry != partial:
            shutil.rmtree(entry, ignore_errors=True)
    sync(str(source), str(partial / "site"))
    os.replace(partial, folder / release)


def sync(source: str, target: str) -> None:
    """Make `target` hold what `source` holds: the same folders, and for every other entry
    (a link, a file) another name for the same inode."""
    with os.scandir(source) as entries:
        wanted = {entry.name: entry for entry in entries}
    try:
        with os.scandir(target) as entries:
            found = {entry.name: entry for entry in entries}
    except FileNotFoundError:
        os.mkdir(target)
        found = {}
    for name, entry in found.items():
        want = wanted.get(name)
        is_dir = entry.is_dir(follow_symlinks=False)
        same = want is not None and want.is_dir(follow_symlinks=False) == is_dir
        if same and (is_dir or want.inode() == entry.inode()):
            continue
        if is_dir:
            shutil.rmtree(entry.path)
        else:
            os.unlink(entry.path)
        found[name] = None
    for name, want in wanted.items():
        path = f"{target}/{name}"
        if want.is_dir(follow_symlinks=False):
            sync(want.path, path)
        elif found.get(name) is None:
            os.link(want.path, path, follow_symlinks=False)


if __name__ == "__main__":
    publish_dir = Path(sys.argv[1])
    lock = trash.held(publish_dir / LOCK, sys.argv[3] if len(sys.argv) > 3 else None)
    os.nice(10)
    make(publish_dir, sys.argv[2])
    os.close(lock)
