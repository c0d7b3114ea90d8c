"""Outputs patched, not made whole, by a plan in scope of some groups (render/plan.py, Scope)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping


class OutOfScope(Exception):
    """A plan in scope cannot patch an output (the last run's text is missing, or not as this
    generator writes it): the run renders everything instead (the pipeline catches this)."""

    def __init__(self, path: str) -> None:
        super().__init__(f"{path}: the last run's text cannot be patched")
        self.path = path


def patched(path: str, earlier: str | None, patch: Callable[[str], str | None]) -> str:
    """The last run's text of the output at `path` (`earlier`), patched; raises OutOfScope where
    there is none, or `patch` cannot patch it (gives None)."""
    found = patch(earlier) if earlier is not None else None
    if found is None:
        raise OutOfScope(path)
    return found


def patched_lines(
    earlier: str,
    empty: str,
    brackets: tuple[str, str],
    fresh: Mapping[object, str],
    key_of: Callable[[str], object],
    made: Collection[object] = (),
    order: Mapping[object, int] | None = None,
) -> str | None:
    """A document of one entry a line between its brackets (or `empty`), as the data and case
    files are written, with the lines of the keys of `fresh` replaced by theirs, in place.
    `key_of(line)`: the key of a line (without its comma). None unless `earlier` is such a
    document holding each key of `fresh` once and no line of a key `made` again but not in
    `fresh` (an entry gone).

    With `order` (every key the document may hold now -> its place), entries may also come and go:
    the document is made again of the earlier lines of the keys in `order` but those `made` again,
    and the lines of `fresh`, in that order. None unless `earlier` is such a document (each key
    once), and `order` places every key of `fresh`."""
    if order is not None:
        return _reordered(earlier, empty, brackets, fresh, key_of, made, order)
    if earlier == empty:
        return earlier if not fresh else None
    lines = earlier.split("\n")
    if lines[:1] != [brackets[0]] or lines[-2:] != [brackets[1], ""]:
        return None
    replaced: set[object] = set()
    for number, line in enumerate(lines[1:-2], start=1):
        key = key_of(line.removesuffix(","))
        if key in replaced or (key in made and key not in fresh):
            return None
        if key in fresh:
            replaced.add(key)
            lines[number] = fresh[key] + ("," if line.endswith(",") else "")
    return "\n".join(lines) if replaced == fresh.keys() else None


def _reordered(
    earlier: str,
    empty: str,
    brackets: tuple[str, str],
    fresh: Mapping[object, str],
    key_of: Callable[[str], object],
    made: Collection[object],
    order: Mapping[object, int],
) -> str | None:
    lines = earlier.split("\n")
    if earlier == empty:
        lines = [brackets[0], brackets[1], ""]
    if lines[:1] != [brackets[0]] or lines[-2:] != [brackets[1], ""]:
        return None
    entries: dict[object, str] = {}
    for line in lines[1:-2]:
        entry = line.removesuffix(",")
        key = key_of(entry)
        if key in entries:
            return None
        entries[key] = entry
    kept = {key: entry for key, entry in entries.items() if key in order and key not in made}
    if not fresh.keys() <= order.keys():
        return None
    chosen = sorted({**kept, **fresh}.items(), key=lambda item: order[item[0]])
    if not chosen:
        return empty
    return "\n".join([brackets[0], ",\n".join(entry for _, entry in chosen), brackets[1], ""])
