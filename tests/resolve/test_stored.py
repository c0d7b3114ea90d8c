"""The stored Api's parts (resolve/stored.py): what a part's Sources name."""

from __future__ import annotations

import orjson

from generator.resolve.stored import source_files


def test_a_parts_files_are_those_its_sources_name_escapes_and_all() -> None:
    names = ["a/plain.md", 'b/"quoted".md', "c/back\\slash.md", "d/ünïcode.md", "a/plain.md"]
    sources = [{"file": name, "line": number} for number, name in enumerate(names, start=1)]
    # A sample's text may look like a Source's opening without being one.
    part = orjson.dumps({"sources": sources, "text": '{"file":"e/not.md"}', "n": {"file": 1}})
    assert source_files(part) == tuple(sorted(set(names)))
