"""Command-line entry point: parses arguments, calls one module per command, and maps errors to exit codes."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from sdi import __version__
from sdi.errors import DataError, SdiError, UsageError, printable
from sdi.model import LEVELS, PHASES

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs start-up time (see PEP 781)
if TYPE_CHECKING:
    from typing import Any, NoReturn, TextIO

Handler = Callable[[argparse.Namespace], int]


class _Formatter(argparse.HelpFormatter):
    """Help laid out to the terminal's width, read without importing shutil (a start-up cost on every run)."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, width or _columns() - 2)


def _columns() -> int:
    """The terminal's width: $COLUMNS, else the real terminal's, else 80."""
    try:
        return max(int(os.environ["COLUMNS"]), 20)
    except (KeyError, ValueError):
        pass
    try:
        return max(os.get_terminal_size(sys.__stdout__.fileno()).columns, 20) if sys.__stdout__ else 80
    except (OSError, ValueError):
        return 80


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad usage in one line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: error: {message} (see {self.prog} --help)\n")
        raise SystemExit(2)


_WARNED: set[str] = set()  # broken banks already reported in this run


def _library(bank_path: str = "", only: str = ""):  # type: ignore[no-untyped-def]
    from sdi.banks import load_library

    library = load_library(bank_path, only)
    fresh = sorted(set(library.broken) - _WARNED)
    if fresh:
        _WARNED.update(fresh)
        sys.stderr.write(f"sdi: warning: skipped broken bank(s) {', '.join(fresh)}; see `sdi bank lint`\n")
    return library


def _bank_arg(ref: str | None) -> str:
    """A --bank value that names a file is loaded from that file."""
    return ref if ref and (ref.endswith((".yaml", ".yml")) or os.sep in ref) else ""


def _read_stdin() -> str:
    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        sys.stderr.write("sdi: warning: stdin is not valid UTF-8; undecodable bytes were replaced\n")
        return data.decode("utf-8", errors="replace")


def _write(text: str, out: TextIO | None = None) -> None:
    (out or sys.stdout).write(text)


# ---------------------------------------------------------------- practice / resume

def cmd_practice(args: argparse.Namespace) -> int:
    from sdi.banks import find_bank, find_flow
    from sdi.interviewer import Interviewer
    from sdi.practice import clock, run
    from sdi.session import Session
    from sdi.transcript import SessionInfo, TranscriptWriter, new_path

    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    if interactive and not args.bank and not args.focus:
        args.bank = _picked_bank()
        if args.bank is None:
            return 130
    slim = "" if args.focus or _bank_arg(args.bank) else (args.bank or "url_shortener")
    library = _library(_bank_arg(args.bank), slim)  # practice needs one bank: load just it
    bank_ref = args.bank or _default_bank(library, args.focus)
    bank = find_bank(library, bank_ref)
    flow = find_flow(library, args.flow)
    seed = args.seed if args.seed is not None else int.from_bytes(os.urandom(2), "big")
    iv = Interviewer(library, bank, flow, args.level, seed, args.pace)
    import time

    info = SessionInfo(bank.id, flow.id, args.level, seed, args.pace,
                       str(Path(bank.path).resolve()) if _bank_arg(args.bank) else "",
                       time.strftime("%Y-%m-%dT%H:%M:%S"))
    writer = TranscriptWriter(Path(args.transcript) if args.transcript else new_path(bank.id), info)
    session = Session(iv, writer, clock)
    code = run(session, session.open(), interactive)
    _record_history(session, code)
    return code


def _picked_bank() -> str | None:
    """At a terminal with no --bank, the candidate picks the problem (None when they leave instead)."""
    from sdi.picker import pick

    library = _library()
    choices = [(bid, bank.title) for bid, bank in sorted(library.banks.items())]
    return pick(choices, _default_bank(library, None)) if choices else ""


def _default_bank(library: Any, focus: str | None) -> str:
    if focus == "weak":
        from sdi.history import weakest_bank

        choice = weakest_bank(library)
        if choice:
            return choice
    return "url_shortener" if "url_shortener" in library.banks else sorted(library.banks)[0]


def _record_history(session: Any, code: int) -> None:
    if code == 0:
        from sdi.history import record

        record(session.finish(), session.writer.path)


def cmd_resume(args: argparse.Namespace) -> int:
    from sdi.practice import clock, run
    from sdi.resume import restore
    from sdi.session import Session
    from sdi.transcript import TranscriptWriter, read

    transcript = read(Path(args.transcript))
    if transcript.notice:
        sys.stderr.write(f"sdi: notice: {transcript.notice}\n")
    library = _library(transcript.info.bank_path)
    iv, last = restore(library, transcript)
    if iv.finished:
        raise UsageError(f"{args.transcript}: this interview already ended; see `sdi report {args.transcript}`")
    if transcript.notice:
        _truncate_damage(Path(args.transcript))
    writer = TranscriptWriter(Path(args.transcript))
    session = Session(iv, writer, clock, offset=iv.state.now)
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    code = run(session, last, interactive)
    _record_history(session, code)
    return code


def _truncate_damage(path: Path) -> None:
    """Cut a damaged last line so appended turns start on a clean line."""
    data = path.read_bytes()
    cut = data.rstrip(b"\n").rfind(b"\n")
    path.write_bytes(data[: cut + 1] if cut >= 0 else b"")


# ---------------------------------------------------------------- replay

def cmd_replay(args: argparse.Namespace) -> int:
    from sdi.dialogue import dialogue_files, load_dialogue
    from sdi.events import dumps
    from sdi.replay import replay

    files = dialogue_files(args.files)
    if not files:
        raise UsageError("no dialogue files found")
    passed, problems = 0, 0
    report_to = sys.stderr if args.json or args.trace else sys.stdout
    for path in files:
        try:
            dialogue = load_dialogue(path)
            run = replay(_library(dialogue.bank_file()), dialogue)
        except DataError as exc:
            for line in exc.lines():
                sys.stderr.write(line + "\n")
            problems += 1
            continue
        if args.json or args.trace:
            for record in run.records(trace=args.trace):
                _write(dumps(record) + "\n")
        elif not args.check:
            _write(_transcript_text(run))
        for failure in run.failures:
            report_to.write(failure + "\n")
        passed += not run.failures
    if args.check:
        report_to.write(f"{passed}/{len(files)} dialogues passed\n")
    if problems:
        return 2
    return 1 if args.check and passed < len(files) else 0


def _transcript_text(run: Any) -> str:
    from sdi.events import CandidateEvent
    from sdi.report import terminal

    lines = []
    for e in run.events:
        if isinstance(e, CandidateEvent):
            lines.append(f"you> {e.text}")
        else:
            lines.append(f"Interviewer [{e.kind}]: {e.text}")
    return "\n".join(lines) + "\n\n" + (terminal(run.scorecard) if run.scorecard else "")


# ---------------------------------------------------------------- detection

def _matcher(library: Any, bank_id: str | None):  # type: ignore[no-untyped-def]
    from sdi.banks import find_bank
    from sdi.interviewer import concepts_for, matcher_for
    from sdi.matching import Matcher

    if bank_id:
        return matcher_for(library, find_bank(library, bank_id))
    return Matcher(library.catalog, concepts_for(library, None))


def _phases(phase: str | None) -> tuple[str, ...]:
    """The phases an answer was given in, for concepts that are only one phase's work."""
    return (phase,) if phase else ()


def _only(library: Any, bank_id: str | None, phase: str | None) -> list[str] | None:
    if not phase:
        return None
    from sdi.banks import find_bank

    banks = [find_bank(library, bank_id)] if bank_id else list(library.banks.values())
    ids = [e.concept for b in banks for e in (b.phases[phase].expects if phase in b.phases else ())]
    return sorted(set(ids) | {c.id for c in library.catalog.concepts.values() if c.phase == phase and not bank_id})


def cmd_detect(args: argparse.Namespace) -> int:
    from sdi.matching import detection_json

    library = _library(_bank_arg(args.bank))
    bank_id = _bank_key(args.bank)
    if args.jsonl:
        return _detect_lines(library, args)
    text = _read_stdin()
    det = _matcher(library, bank_id).detect_document(text, _only(library, bank_id, args.phase),
                                                     phases=_phases(args.phase))
    if args.json:
        _write(json.dumps(detection_json(det, bank_id, args.phase), ensure_ascii=False) + "\n")
    else:
        from sdi.explain import explain

        _write(explain(det))
    return 0


def _bank_key(ref: str | None) -> str | None:
    return Path(ref).stem if ref and _bank_arg(ref) else ref


def _detect_lines(library: Any, args: argparse.Namespace) -> int:
    from sdi.matching import detection_json

    bad = 0
    for n, line in enumerate(_read_stdin().splitlines(), 1):
        if not line.strip():
            _write("{}\n")
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise ValueError("each line must be an object with a string 'text'")
            bank_id = item.get("bank") or _bank_key(args.bank)
            phase = item.get("phase") or args.phase
            if phase is not None and phase not in PHASES:
                raise ValueError(f"unknown phase '{phase}'")
            det = _matcher(library, bank_id).detect(item["text"], _only(library, bank_id, phase), _phases(phase))
        except (ValueError, SdiError) as exc:
            bad += 1
            sys.stderr.write(f"sdi: stdin:{n}: {printable(str(exc))}\n")
            _write(json.dumps({"line": n, "error": str(exc)}) + "\n")
            continue
        record = {k: v for k, v in item.items() if k not in ("text",)}
        record.update(detection_json(det, bank_id, phase))
        _write(json.dumps(record, ensure_ascii=False) + "\n")
    return 0 if not bad else 2


def cmd_explain(args: argparse.Namespace) -> int:
    from sdi.explain import explain

    library = _library(_bank_arg(args.bank))
    bank_id = _bank_key(args.bank)
    det = _matcher(library, bank_id).detect_document(_read_stdin(), _only(library, bank_id, args.phase),
                                                     phases=_phases(args.phase))
    _write(explain(det))
    return 0


# ---------------------------------------------------------------- reports

def cmd_report(args: argparse.Namespace) -> int:
    from sdi.report import render
    from sdi.resume import scorecard_of

    card, notice = scorecard_of(Path(args.transcript), _library)
    if notice:
        sys.stderr.write(f"sdi: notice: {notice}\n")
    _write(render(card, args.format))
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from sdi.compare import compare
    from sdi.resume import scorecard_of

    a, _ = scorecard_of(Path(args.a), _library)
    b, _ = scorecard_of(Path(args.b), _library)
    _write(compare(a, b))
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from sdi.history import stats

    _write(stats())
    return 0


# ---------------------------------------------------------------- listing and authoring

def cmd_banks(args: argparse.Namespace) -> int:
    library = _library()
    for bid, bank in sorted(library.banks.items()):
        _write(f"{bid}\t{bank.title}\n")
    return 0


def cmd_flows(args: argparse.Namespace) -> int:
    library = _library()
    for fid, flow in sorted(library.flows.items()):
        _write(f"{fid}\t{flow.title} ({flow.minutes:g} min)\n")
    return 0


def cmd_flow_show(args: argparse.Namespace) -> int:
    from sdi.banks import find_flow
    from sdi.flow import dot, mermaid

    flow = find_flow(_library(), args.id)
    _write((dot(flow) if args.dot else mermaid(flow)) + "\n")
    return 0


def cmd_bank(args: argparse.Namespace) -> int:
    from sdi import authoring

    handlers: dict[str, Handler] = {
        "lint": authoring.cmd_lint, "test": authoring.cmd_test, "new": authoring.cmd_new,
        "schema": authoring.cmd_schema, "coverage": authoring.cmd_coverage}
    return handlers[args.bank_command](args)


# ---------------------------------------------------------------- parser

def _practice_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--bank", help="bank id or path to a bank file (default: pick from a list at a terminal; url_shortener when piped)")
    p.add_argument("--flow", default="seven_step", help="interview framework (default: seven_step)")
    p.add_argument("--level", default="mid", choices=LEVELS)
    p.add_argument("--seed", type=int, help="fix the interviewer's wording choices")
    p.add_argument("--pace", default="interviewer", choices=("interviewer", "candidate"))
    p.add_argument("--focus", choices=("weak",), help="pick a bank that exercises your weakest concepts")
    p.add_argument("--transcript", help="write the transcript here instead of the data folder")
    p.set_defaults(handler=cmd_practice)


def _replay_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print events as JSON lines")
    p.add_argument("--check", action="store_true", help="exit 1 if any expectation fails")
    p.add_argument("--trace", action="store_true", help="show the rule behind each move")
    p.set_defaults(handler=cmd_replay)


def _detection_args(p: argparse.ArgumentParser, handler: Handler, formats: bool) -> None:
    p.add_argument("--bank")
    p.add_argument("--phase", choices=PHASES)
    if formats:
        group = p.add_mutually_exclusive_group()
        group.add_argument("--json", action="store_true")
        group.add_argument("--jsonl", action="store_true")
    p.set_defaults(handler=handler)


def _report_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("transcript", metavar="TRANSCRIPT")
    p.add_argument("--format", default="md", choices=("md", "html", "json", "text"))
    p.set_defaults(handler=cmd_report)


def _resume_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("transcript", metavar="TRANSCRIPT")
    p.set_defaults(handler=cmd_resume)


def _compare_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("a", metavar="A")
    p.add_argument("b", metavar="B")
    p.set_defaults(handler=cmd_compare)


def _flow_args(p: argparse.ArgumentParser) -> None:
    fsub = p.add_subparsers(dest="flow_command", metavar="SUBCOMMAND", required=True, parser_class=_Parser)
    show = fsub.add_parser("show", help="draw a flow's phase machine")
    show.add_argument("id")
    show.add_argument("--mermaid", action="store_true", help="Mermaid state diagram (default)")
    show.add_argument("--dot", action="store_true", help="Graphviz dot")
    show.set_defaults(handler=cmd_flow_show)


def _bank_args(p: argparse.ArgumentParser) -> None:
    bsub = p.add_subparsers(dest="bank_command", metavar="SUBCOMMAND", required=True, parser_class=_Parser)
    for name, helptext in (("lint", "check banks for mistakes"), ("test", "run a bank's examples and dialogues")):
        q = bsub.add_parser(name, help=helptext)
        q.add_argument("paths", nargs="*", metavar="PATH")
        q.set_defaults(handler=cmd_bank)
    q = bsub.add_parser("new", help="write a commented skeleton bank")
    q.add_argument("id")
    q.add_argument("--dir", default=".", help="folder to write ID.yaml in")
    q.set_defaults(handler=cmd_bank)
    q = bsub.add_parser("schema", help="print the JSON Schema of a data file")
    q.add_argument("--kind", default="bank", choices=("bank", "flow", "catalog", "dialogue"))
    q.set_defaults(handler=cmd_bank)
    q = bsub.add_parser("coverage", help="what a bank's dialogues never exercise")
    q.add_argument("id", nargs="?")
    q.add_argument("--transcripts", nargs="*", default=[], metavar="TRANSCRIPT")
    q.set_defaults(handler=cmd_bank)


def _handler_only(handler: Handler) -> Callable[[argparse.ArgumentParser], None]:
    return lambda p: p.set_defaults(handler=handler)


# name -> (help, how to define its arguments): one place to add a command
SUBCOMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "practice": ("an interactive interview in the terminal", _practice_args),
    "replay": ("run scripted dialogues", _replay_args),
    "detect": ("concept detection on text from stdin", lambda p: _detection_args(p, cmd_detect, True)),
    "explain": ("detection annotated for people", lambda p: _detection_args(p, cmd_explain, False)),
    "report": ("scorecard of a saved or replayed session", _report_args),
    "resume": ("continue an interrupted practice session", _resume_args),
    "compare": ("two attempts side by side", _compare_args),
    "banks": ("list installed banks", _handler_only(cmd_banks)),
    "flows": ("list installed flows", _handler_only(cmd_flows)),
    "stats": ("progress across past sessions", _handler_only(cmd_stats)),
    "flow": ("flow tools", _flow_args),
    "bank": ("authoring tools", _bank_args),
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line; with `only`, just that command's part (what a run needs, at a fraction of the cost)."""
    parser = _Parser(prog="sdi", description="An offline system design interviewer for the terminal.",
                     formatter_class=_Formatter)
    parser.add_argument("--version", action="version", version=f"sdi {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, (helptext, define) in SUBCOMMANDS.items():
        if only is None or name == only:
            define(sub.add_parser(name, help=helptext, formatter_class=_Formatter))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; known failures become one line on stderr and an exit code, never a traceback."""
    words = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(words[0] if words and words[0] in SUBCOMMANDS else None)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args))
    except DataError as exc:
        lines = exc.lines()
        for line in lines[:20]:
            sys.stderr.write(line + "\n")
        if len(lines) > 20:
            sys.stderr.write(f"... and {len(lines) - 20} more problems\n")
        return exc.exit_code
    except SdiError as exc:
        sys.stderr.write(f"sdi: error: {printable(str(exc))}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("sdi: interrupted\n")
        return 130
    except BrokenPipeError:
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        except OSError:
            pass
        return 0
    except Exception as exc:  # noqa: BLE001 - the last line of defence: never a traceback
        if os.environ.get("SDI_DEBUG"):
            raise
        sys.stderr.write(f"sdi: internal error: {type(exc).__name__}: {printable(str(exc))[:300]} "
                         "(set SDI_DEBUG=1 for details)\n")
        return 3
