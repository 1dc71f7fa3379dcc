"""Safe YAML loading that remembers where every value came from and refuses what PyYAML lets slip."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node

from sdi.errors import DataError, Problem

MAX_BYTES = 2_000_000
MAX_ALIASES = 200
MAX_EXPANDED = 100_000  # values a document may expand to through aliases (a "billion laughs" file is refused)


class YMap(dict):  # type: ignore[type-arg]
    """A mapping that knows the line and column of itself and of each key."""

    line: int = 1
    col: int = 1
    key_pos: dict[str, tuple[int, int]]
    value_pos: dict[str, tuple[int, int]]


class YList(list):  # type: ignore[type-arg]
    """A sequence that knows the line and column of itself and of each item."""

    line: int = 1
    col: int = 1
    item_pos: list[tuple[int, int]]


def _pos(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Loader(yaml.SafeLoader):
    """SafeLoader with positions, duplicate-key rejection and an alias budget."""

    def __init__(self, stream: str, filename: str) -> None:
        super().__init__(stream)
        self.filename = filename
        self.aliases = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                event = self.peek_event()  # type: ignore[no-untyped-call]
                raise DataError([Problem(self.filename, event.start_mark.line + 1,
                                         event.start_mark.column + 1,
                                         f"too many aliases (more than {MAX_ALIASES})")])
        node: Node | None = super().compose_node(parent, index)
        return node

    def construct_yaml_map(self, node: MappingNode) -> Any:
        data = YMap()
        data.line, data.col = _pos(node)
        data.key_pos, data.value_pos = {}, {}
        yield data
        self.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                raise DataError([Problem(self.filename, *_pos(key_node), "mapping keys must be plain scalars")])
            key = str(key) if not isinstance(key, str) else key
            if key in data:
                line, col = _pos(key_node)
                first = data.key_pos[key][0]
                raise DataError([Problem(self.filename, line, col,
                                         f"duplicate key '{key}' (first defined on line {first})")])
            data[key] = self.construct_object(value_node, deep=True)
            data.key_pos[key] = _pos(key_node)
            data.value_pos[key] = _pos(value_node)

    def construct_yaml_seq(self, node: yaml.SequenceNode) -> Any:
        data = YList()
        data.line, data.col = _pos(node)
        data.item_pos = [_pos(item) for item in node.value]
        yield data
        data.extend(self.construct_sequence(node, deep=True))


# YAML 1.2 booleans only: `no`, `yes`, `on` and `off` stay words (a negation cue list needs "no").
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))
_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_yaml_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_yaml_seq)


def _refuse_tag(loader: _Loader, suffix: str, node: Node) -> Any:
    raise DataError([Problem(loader.filename, *_pos(node), f"unsupported YAML tag '{node.tag}'")])


_Loader.add_multi_constructor("", _refuse_tag)


def parse_yaml(text: str, filename: str) -> Any:
    """Parse one YAML document; every failure becomes a located DataError."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise DataError([Problem(filename, 1, 1, f"file is larger than {MAX_BYTES // 1_000_000} MB")])
    try:
        loader = _Loader(text, filename)
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        raise DataError([Problem(filename, line, 1, f"YAML: character #x{exc.character:04x} is not allowed in YAML "
                                                    "(a control character?)")]) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if _expanded_size(node, {}) > MAX_EXPANDED:
            raise DataError([Problem(filename, 1, 1, f"aliases expand this file to more than {MAX_EXPANDED:,} values")])
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.context_mark and exc.problem:
            message += f" ({exc.context} started at line {exc.context_mark.line + 1}, column {exc.context_mark.column + 1})"
        raise DataError([Problem(filename, line, col, f"YAML syntax: {message}")]) from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        raise DataError([Problem(filename, line, 1, f"YAML: character #x{exc.character:04x} is not allowed in YAML "
                                                    "(a control character?)")]) from None
    except yaml.YAMLError as exc:
        raise DataError([Problem(filename, 1, 1, f"YAML: {type(exc).__name__}")]) from None
    except RecursionError:
        raise DataError([Problem(filename, 1, 1, "YAML nests too deeply")]) from None
    finally:
        loader.dispose()


def _expanded_size(node: Node, sizes: dict[int, int]) -> int:
    """How many values a node stands for once every alias is expanded (shared nodes counted each time)."""
    key = id(node)
    if key in sizes:
        return sizes[key]
    sizes[key] = 1  # a cycle counts once
    if isinstance(node, MappingNode):
        total = 1 + sum(_expanded_size(k, sizes) + _expanded_size(v, sizes) for k, v in node.value)
    elif isinstance(node, yaml.SequenceNode):
        total = 1 + sum(_expanded_size(item, sizes) for item in node.value)
    else:
        total = 1
    sizes[key] = min(total, MAX_EXPANDED + 1)
    return sizes[key]


def read_yaml(path: Path) -> Any:
    """Read and parse a YAML file, refusing oversized or undecodable files up front."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DataError([Problem(name, 1, 1, f"file is larger than {MAX_BYTES // 1_000_000} MB")])
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError([Problem(name, 1, 1, f"cannot read file: {exc.strerror or exc}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError([Problem(name, line, 1, "file is not valid UTF-8")]) from None
    return parse_yaml(text, name)
