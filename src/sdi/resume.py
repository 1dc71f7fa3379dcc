"""Rebuilds an interview from its transcript by replaying the candidate's turns into a fresh core."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sdi.banks import find_bank, find_flow
from sdi.events import InterviewerEvent
from sdi.interviewer import Interviewer
from sdi.scoring import Scorecard, build
from sdi.transcript import Transcript, read


def restore(library: Any, transcript: Transcript) -> tuple[Interviewer, list[InterviewerEvent]]:
    """The interviewer exactly as it was after the last saved turn, and the replies to that turn."""
    info = transcript.info
    bank_ref = info.bank_path if info.bank_path and Path(info.bank_path).is_file() else info.bank
    iv = Interviewer(library, find_bank(library, bank_ref), find_flow(library, info.flow), info.level, info.seed,
                     info.pace)
    last = iv.start()
    for text, at in transcript.candidate_turns():
        _, last = iv.answer(text, at)
    return iv, last


def scorecard_of(path: Path, library_for: Callable[[str], Any]) -> tuple[Scorecard, str]:
    """The scorecard of a transcript (recomputed from its turns), with any notice about a damaged end."""
    transcript = read(path)
    iv, _ = restore(library_for(transcript.info.bank_path), transcript)
    return build(iv), transcript.notice
