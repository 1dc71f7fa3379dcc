"""The problem picker: at a terminal, `sdi practice` without --bank asks which problem to practise."""

from __future__ import annotations

from typing import Any

Choice = tuple[str, str]  # (bank id, title)


def menu(choices: list[Choice], default: str) -> str:
    """The numbered list of problems the candidate picks from, the default marked."""
    width = len(str(len(choices)))
    lines = [f"  {i:>{width}}. {title} ({bid})" + ("  [default]" if bid == default else "")
             for i, (bid, title) in enumerate(choices, start=1)]
    return "Which problem would you like to practise?\n" + "\n".join(lines) + "\n"


def chosen(reply: str, choices: list[Choice], default: str) -> str | None:
    """The bank a reply names: blank for the default, a number from the menu, a bank id, or the start of one
    title or id ("chat", "url"); None when it names none, or several."""
    text = " ".join(reply.split()).lower()
    if not text:
        return default
    if text.isdigit():
        n = int(text)
        return choices[n - 1][0] if 1 <= n <= len(choices) else None
    exact = [bid for bid, title in choices if text in (bid.lower(), title.lower())]
    if exact:
        return exact[0]
    starts = {bid for bid, title in choices
              if bid.lower().startswith(text.replace(" ", "_")) or title.lower().startswith(text)}
    return starts.pop() if len(starts) == 1 else None


def pick(choices: list[Choice], default: str, input: Any = None, output: Any = None) -> str | None:
    """Ask until the reply names one problem; None when the candidate leaves (Ctrl-C or Ctrl-D)."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.completion import WordCompleter
    from prompt_toolkit.shortcuts import print_formatted_text

    print_formatted_text(menu(choices, default), output=output)
    session: PromptSession[str] = PromptSession(completer=WordCompleter([bid for bid, _ in choices]),
                                                input=input, output=output)
    while True:
        try:
            reply = session.prompt("problem> ")
        except (EOFError, KeyboardInterrupt):
            return None
        bid = chosen(reply, choices, default)
        if bid:
            return bid
        print_formatted_text(f"No single problem matches {reply.strip()!r}: type its number, its id, or the start "
                             "of its name (Enter for the default).", output=output)
