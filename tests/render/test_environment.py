"""The cache of compiled templates (render/environment.py, CompiledTemplates): an aid only, never
serving code compiled otherwise, never failing a run."""

from __future__ import annotations

import tempfile
from pathlib import Path

import jinja2
import pytest

from generator.render.environment import CompiledTemplates, make_environment

TEMPLATE = "{% if true %}\n  yes\n{% endif %}\nend"


def cached_environment(folder: Path, cache: Path, **settings: bool) -> jinja2.Environment:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), **settings)
    compiled = CompiledTemplates(environment)
    compiled.directory = str(cache)
    environment.bytecode_cache = compiled
    return environment


def test_a_template_compiled_with_other_settings_is_not_taken_from_the_cache(
    tmp_path: Path,
) -> None:
    (tmp_path / "t.j2").write_text(TEMPLATE)
    cache = tmp_path / "cache"
    cache.mkdir()
    trimmed = cached_environment(tmp_path, cache, trim_blocks=True, lstrip_blocks=True)
    assert trimmed.get_template("t.j2").render() == "  yes\nend"
    assert len(list(cache.iterdir())) == 1
    plain = cached_environment(tmp_path, cache)
    assert plain.get_template("t.j2").render() == "\n  yes\n\nend"  # as compiled afresh
    assert len(list(cache.iterdir())) == 2
    again = cached_environment(tmp_path, cache, trim_blocks=True, lstrip_blocks=True)
    assert again.get_template("t.j2").render() == "  yes\nend"


def test_a_cache_that_cannot_be_written_or_read_only_means_compiling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "t.j2").write_text(TEMPLATE)
    cache = tmp_path / "cache"
    cache.mkdir()

    def full(*args: object, **kwargs: object) -> object:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(tempfile, "NamedTemporaryFile", full)
        environment = cached_environment(tmp_path, cache, trim_blocks=True)
        assert environment.get_template("t.j2").render() == "  yes\nend"
    assert not list(cache.iterdir())
    environment = cached_environment(tmp_path, cache, trim_blocks=True)
    environment.get_template("t.j2")
    (entry,) = cache.iterdir()
    entry.write_bytes(b"not a compiled template")
    fresh = cached_environment(tmp_path, cache, trim_blocks=True)
    assert fresh.get_template("t.j2").render() == "  yes\nend"


def test_the_generators_environment_caches_its_templates() -> None:
    assert isinstance(make_environment().bytecode_cache, CompiledTemplates)
