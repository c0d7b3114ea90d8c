"""generated/ is exactly what the generator writes for seeds/, every target (the README's main command:
`python -m generator seeds/ generated/ --targets schema,client,server,typescript`)."""

from __future__ import annotations

from pathlib import Path

from generator.pipeline import run
from generator.settings import Settings, Target
from generator.write.manifest import MANIFEST_PATH, load_manifest
from generator.write.output import CACHE_DIR
from tests.conftest import GENERATED, SEEDS

SEED_TARGETS = (Target.SCHEMA, Target.CLIENT, Target.SERVER, Target.TYPESCRIPT)


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root but the parse cache (a local build artefact, not an output)."""
    files = {
        path.relative_to(root).as_posix(): path
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }
    return {
        name: path.read_bytes()
        for name, path in files.items()
        if not name.startswith(f"{CACHE_DIR}/")
    }


def test_generated_folder_is_what_the_generator_writes_for_the_seeds(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(SEEDS, out, Settings(targets=SEED_TARGETS))
    assert not [d for d in result.diagnostics if d.level == "error"]
    assert tree(out) == tree(GENERATED), "generated/ is stale: run the README's main command"


def test_generated_folder_passes_check_mode() -> None:
    result = run(SEEDS, GENERATED, Settings(targets=SEED_TARGETS, check=True))
    assert result.up_to_date, result.changes.lines()
    assert load_manifest(GENERATED) is not None, MANIFEST_PATH
