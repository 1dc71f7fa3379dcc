"""Renders a scorecard for people: the terminal summary, Markdown, HTML (with an inline SVG chart) and JSON."""

from __future__ import annotations

import html
import json
from typing import Any

from sdi.scoring import Scorecard


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.0f}m"


def _verdict(card: Scorecard) -> list[str]:
    rub = card.rubric.get(card.level)
    if not rub:
        return []
    if rub["meets"]:
        return [f"Meets the {card.level} bar: yes."]
    gaps = [*rub["missing"], *rub["shallow"]]
    return [f"Meets the {card.level} bar: no; missing {', '.join(gaps)}."]


def markdown(card: Scorecard) -> str:
    """The scorecard as Markdown: every credit with its quote, flags, estimates and what to study."""
    out = [f"# Scorecard: {card.title}", "",
           f"Overall **{card.overall}/100** · flow `{card.flow}` · level `{card.level}`", ""]
    out += _verdict(card)
    out += ["", "| phase | score | time / budget | covered | missed |", "|---|---|---|---|---|"]
    for p in card.phases:
        out.append(f"| {p.phase} | {round(p.score * 100)}% | {_minutes(p.seconds)} / {_minutes(p.budget)} | "
                   f"{', '.join(p.covered) or '-'} | {', '.join(p.missed) or '-'} |")
    if card.evidence:
        out += ["", "## Credited, with the words that earned it", ""]
        for cid, quote in card.evidence.items():
            depth = card.depth.get(cid, "mentioned")
            out.append(f"- **{cid}** ({depth}): \"{quote}\"")
    if card.flag_moments:
        out += ["", "## Flags", ""]
        out += [f"- `{flag}` at turn {turn}: {why}" for flag, turn, why in card.flag_moments]
    if card.estimates:
        out += ["", "## Estimates", ""]
        for e in card.estimates:
            out.append(f"- turn {e['turn']}: {e['given']} for {e['quantity'] or 'your own conversion'}: "
                       f"{e['verdict']} (expected about {e['expected']:.3g})")
    if card.notes:
        out += ["", "## What to study", ""]
        for cid, note in card.notes.items():
            mark = " (the interviewer had to reveal it)" if cid in card.revealed else ""
            out.append(f"- **{cid}**{mark}: {note}")
    return "\n".join(out) + "\n"


def terminal(card: Scorecard) -> str:
    """A compact summary for the end of a practice session."""
    lines = [f"Scorecard: {card.title} — overall {card.overall}/100 ({card.level}, {card.flow})"]
    lines += _verdict(card)
    for p in card.phases:
        bar = "#" * round(p.score * 20)
        lines.append(f"  {p.phase:<18} {bar:<20} {round(p.score * 100):>3}%  {_minutes(p.seconds)}/{_minutes(p.budget)}")
    if card.flags:
        lines.append("Flags: " + ", ".join(card.flags))
    if card.evidence:
        lines.append("Credited:")
        lines += [f"  + {cid} ({card.depth.get(cid, 'mentioned')}): \"{q}\"" for cid, q in card.evidence.items()]
    if card.notes:
        lines.append("Study next:")
        lines += [f"  - {cid}: {note}" for cid, note in list(card.notes.items())[:8]]
        if len(card.notes) > 8:
            lines.append(f"  ... and {len(card.notes) - 8} more (see `sdi report`)")
    return "\n".join(lines) + "\n"


def _svg(card: Scorecard) -> str:
    width, row = 520, 26
    height = row * len(card.phases) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="phase scores">']
    for i, p in enumerate(card.phases):
        y = 5 + i * row
        w = round(300 * p.score)
        parts.append(f'<text x="0" y="{y + 17}" font-size="13">{html.escape(p.phase)}</text>')
        parts.append(f'<rect x="160" y="{y + 4}" width="300" height="16" fill="#eee"/>')
        parts.append(f'<rect class="bar" x="160" y="{y + 4}" width="{w}" height="16" fill="#3a7"/>')
        parts.append(f'<text x="470" y="{y + 17}" font-size="13">{round(p.score * 100)}%</text>')
    parts.append("</svg>")
    return "".join(parts)


def html_page(card: Scorecard) -> str:
    """One self-contained HTML file: no scripts, no network, the chart inline as SVG."""
    e = html.escape
    rows = "".join(f"<tr><td>{e(p.phase)}</td><td>{round(p.score * 100)}%</td><td>{_minutes(p.seconds)} / "
                   f"{_minutes(p.budget)}</td><td>{e(', '.join(p.covered) or '-')}</td>"
                   f"<td>{e(', '.join(p.missed) or '-')}</td></tr>" for p in card.phases)
    credits = "".join(f"<li><b>{e(c)}</b> ({e(card.depth.get(c, 'mentioned'))}): &ldquo;{e(q)}&rdquo;</li>"
                      for c, q in card.evidence.items())
    flags = "".join(f"<li><code>{e(f)}</code> at turn {t}: {e(w)}</li>" for f, t, w in card.flag_moments)
    study = "".join(f"<li><b>{e(c)}</b>: {e(n)}</li>" for c, n in card.notes.items())
    estimates = "".join(f"<li>turn {x['turn']}: {e(x['given'])} for {e(x['quantity'] or 'your own conversion')}: "
                        f"{e(x['verdict'])} (expected about {x['expected']:.3g})</li>" for x in card.estimates)
    verdict = "".join(f"<p>{e(v)}</p>" for v in _verdict(card))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Scorecard: {e(card.title)}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.3rem .5rem;vertical-align:top}}</style>
</head><body>
<h1>Scorecard: {e(card.title)}</h1>
<p>Overall <strong>{card.overall}/100</strong> &middot; flow {e(card.flow)} &middot; level {e(card.level)}</p>
{verdict}
<figure>{_svg(card)}</figure>
<table><thead><tr><th>phase</th><th>score</th><th>time / budget</th><th>covered</th><th>missed</th></tr></thead>
<tbody>{rows}</tbody></table>
<h2>Credited</h2><ul>{credits or '<li>nothing yet</li>'}</ul>
<h2>Flags</h2><ul>{flags or '<li>none</li>'}</ul>
<h2>Estimates</h2><ul>{estimates or '<li>none checked</li>'}</ul>
<h2>What to study</h2><ul>{study or '<li>nothing missed</li>'}</ul>
</body></html>
"""


def render(card: Scorecard, fmt: str) -> str:
    """The scorecard in one of: md, html, json, text."""
    if fmt == "html":
        return html_page(card)
    if fmt == "json":
        data: dict[str, Any] = card.as_json()
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "text":
        return terminal(card)
    return markdown(card)
