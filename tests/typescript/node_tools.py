"""Node's tools for the TypeScript tests: TypeScript and Prettier at the versions the generated
package pins, installed from the npm registry once into a cache folder outside the checkout
(`~/.cache/generator-ts`, or $GENERATOR_TS_TOOLS) and reused by every test run.

`python -m tests.typescript.node_tools` installs them (what `.ci/run` runs before the tests); the tests
install them too when they are missing, and skip when Node or npm is not on the machine.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from generator.render.typescript import PRETTIER_VERSION, TYPESCRIPT_VERSION

PINNED = {"prettier": PRETTIER_VERSION, "typescript": TYPESCRIPT_VERSION}
INSTALL_TIMEOUT = 300


def tools_folder() -> Path:
    return Path(os.environ.get("GENERATOR_TS_TOOLS") or Path.home() / ".cache" / "generator-ts")


def missing_programs() -> list[str]:
    return [program for program in ("node", "npm") if shutil.which(program) is None]


def installed_version(package: str) -> str | None:
    try:
        manifest = tools_folder() / "node_modules" / package / "package.json"
        return str(json.loads(manifest.read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return None


def is_installed() -> bool:
    return all(installed_version(package) == version for package, version in PINNED.items())


def install() -> Path:
    """The node_modules folder with the pinned tools, installed first when they are not there."""
    folder = tools_folder()
    if not is_installed():
        folder.mkdir(parents=True, exist_ok=True)
        manifest = {"private": True, "devDependencies": PINNED}
        (folder / "package.json").write_text(
            json.dumps(manifest, indent=2) + "\n", encoding="utf-8"
        )
        command = ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"]
        subprocess.run(command, cwd=folder, check=True, timeout=INSTALL_TIMEOUT)
    return folder / "node_modules"


def link_tools(package: Path) -> None:
    """Give a generated package the cached node_modules (one symlink; no install needed)."""
    target = package / "node_modules"
    if not target.exists():
        target.symlink_to(install(), target_is_directory=True)


if __name__ == "__main__":
    print(install())
