"""The problem picker: what a reply names (cases from tests/data/picker.yaml) and the prompt typed through a pipe."""

from __future__ import annotations

import pytest
import yaml
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from conftest import DATA
from sdi.model import Library
from sdi.picker import Choice, chosen, menu, pick

CASES = yaml.safe_load((DATA / "picker.yaml").read_text(encoding="utf-8"))


def choices(library: Library) -> list[Choice]:
    return [(bid, bank.title) for bid, bank in sorted(library.banks.items())]


@pytest.mark.parametrize("case", CASES, ids=[repr(c["reply"]) for c in CASES])
def test_a_reply_names_one_problem_or_none(library: Library, case: dict) -> None:
    assert chosen(case["reply"], choices(library), "url_shortener") == case["bank"]


def test_the_menu_numbers_every_problem_and_marks_the_default(library: Library) -> None:
    lines = menu(choices(library), "url_shortener").splitlines()
    assert len(lines) == 1 + len(library.banks)
    assert "2. Chat app (chat_app)" in lines[2]
    assert [line for line in lines if "[default]" in line] == [next(x for x in lines if "(url_shortener)" in x)]


def test_asks_again_until_a_reply_names_a_problem(library: Library) -> None:
    with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
        inp.send_text("pizza\r")
        inp.send_text("distributed\r")
        inp.send_text("ride\r")
        assert pick(choices(library), "url_shortener", input=inp, output=DummyOutput()) == "ride_sharing"


@pytest.mark.parametrize("key", ["\x03", "\x04"], ids=["ctrl-c", "ctrl-d"])
def test_leaving_the_picker_starts_nothing(library: Library, key: str) -> None:
    with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
        inp.send_text(key)
        assert pick(choices(library), "url_shortener", input=inp, output=DummyOutput()) is None
