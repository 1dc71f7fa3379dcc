"""The authoring tutorial (docs/authoring.md) is run as written: every command, every file it builds."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

BLOCK = re.compile(r"```(console|yaml)\n(.*?)```", re.S)


def steps(markdown: str) -> list[tuple[str, str]]:
    """('run', command) and ('append', 'path\\ncontent') steps, in document order."""
    out = []
    for kind, body in BLOCK.findall(markdown):
        if kind == "console":
            out += [("run", line[2:]) for line in body.splitlines() if line.startswith("$ ")]
        elif body.startswith("# append: "):
            first, rest = body.split("\n", 1)
            out.append(("append", first.removeprefix("# append: ") + "\n" + rest))
    return out


def test_tutorial_runs_as_written(tmp_path: Path) -> None:
    todo = steps((ROOT / "docs" / "authoring.md").read_text(encoding="utf-8"))
    assert sum(kind == "run" for kind, _ in todo) >= 8
    sdi = f"{shlex.quote(sys.executable)} -m sdi"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    for kind, what in todo:
        if kind == "append":
            name, content = what.split("\n", 1)
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as f:
                f.write(content)
            continue
        command = re.sub(r"(^|\| )sdi ", lambda m: f"{m.group(1)}{sdi} ", what)
        result = subprocess.run(command, shell=True, cwd=tmp_path, capture_output=True, text=True, env=env,
                                timeout=120)
        assert result.returncode == 0, f"$ {what}\n{result.stdout}\n{result.stderr}"
    bank = tmp_path / "my_banks" / "payments.yaml"
    lint = subprocess.run([sys.executable, "-m", "sdi", "bank", "lint", str(bank)], capture_output=True, text=True)
    assert " error: " not in lint.stdout and lint.returncode == 0
