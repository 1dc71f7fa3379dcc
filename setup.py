"""Build hook: ship question_banks/ inside the sdi package, so `pip install .` finds the library anywhere."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithBanks(build_py):
    """Copy the question bank library next to the code in the built package."""

    def run(self) -> None:
        super().run()
        source = Path(__file__).resolve().parent / "question_banks"
        target = Path(self.build_lib) / "sdi" / "question_banks"
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithBanks})
