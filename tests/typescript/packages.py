"""Helpers of the Node tests: generate a TypeScript package (and the mock server beside it), run npm
scripts and Node in it, and read `node --test`'s TAP summary."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from generator.model import Api
from generator.settings import Settings, Target
from tests.e2e.wire import write_plan
from tests.typescript.node_tools import link_tools

NODE_TIMEOUT = 900


def write_package(api: Api, out: Path, package_name: str) -> Settings:
    """The TypeScript package and the server (for its mock) of the Api, with the cached tools linked."""
    settings = Settings(targets=(Target.SERVER, Target.TYPESCRIPT), package_name=package_name)
    write_plan(api, out, settings)
    link_tools(out / "typescript")
    return settings


def run_in(folder: Path, *command: str, **environment: str) -> subprocess.CompletedProcess[str]:
    """A command in the folder; its output kept for the assertion message."""
    return subprocess.run(
        command,
        check=False,
        cwd=folder,
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        timeout=NODE_TIMEOUT,
    )


def tap_summary(output: str) -> dict[str, int]:
    """`# tests N`, `# pass N`, ... of node --test's TAP output."""
    return {
        key: int(value) for key, value in re.findall(r"^# (\w+) (\d+)$", output, flags=re.MULTILINE)
    }


def tap_skips(output: str) -> list[str]:
    """The reasons of skipped tests (`ok N - name # SKIP reason`)."""
    return re.findall(r"^ok \d+ - .* # SKIP (.*)$", output, flags=re.MULTILINE)


def identifiers(node_modules: Path, folder: Path) -> set[str]:
    """Every identifier token of the TypeScript files under folder (comments and strings are not
    tokens of code), read with the TypeScript compiler's own scanner."""
    script = """
const ts = require(process.argv[1]);
const fs = require("fs");
const names = new Set();
for (const file of process.argv.slice(2)) {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, fs.readFileSync(file, "utf8"));
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    if (token === ts.SyntaxKind.Identifier) names.add(scanner.getTokenText());
  }
}
console.log(JSON.stringify([...names]));
"""
    files = [str(path) for path in sorted(folder.rglob("*.ts"))]
    done = run_in(folder, "node", "-e", script, str(node_modules / "typescript"), *files)
    assert done.returncode == 0, done.stderr
    import json

    return set(json.loads(done.stdout))
