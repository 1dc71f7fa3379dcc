"""The JSON Schemas editors use agree with the loader: every shipped file validates, broken ones do not."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from conftest import DATA, ROOT
from sdi.authoring import SCHEMA_DIR
from sdi.yamlsource import parse_yaml

SHIPPED = ([("catalog", ROOT / "question_banks" / "concepts.yaml")]
           + [("flow", p) for p in sorted((ROOT / "question_banks" / "flows").glob("*.yaml"))]
           + [("bank", p) for p in sorted((ROOT / "question_banks").glob("*.yaml"))
              if p.name not in ("concepts.yaml", "interviewer.yaml", "units.yaml")]
           + [("dialogue", p) for p in sorted((ROOT / "dialogues").rglob("*.yaml"))])


def schema(kind: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("kind,path", SHIPPED, ids=lambda v: v.name if isinstance(v, Path) else v)
def test_shipped_files_validate(kind: str, path: Path) -> None:
    jsonschema.validate(parse_yaml(path.read_text(encoding="utf-8"), str(path)), schema(kind))


@pytest.mark.parametrize("name,kind", [("unknown_top_key.yaml", "bank"), ("wrong_type_weight.yaml", "bank"),
                                       ("unknown_phase.yaml", "bank"), ("bad_depth_level.yaml", "bank"),
                                       ("flows/flow_unknown_phase.yaml", "flow"),
                                       ("dialogues/dialogue_unknown_flag.yaml", "dialogue")])
def test_broken_files_fail_the_schema(name: str, kind: str) -> None:
    with pytest.raises(jsonschema.ValidationError):
        path = DATA / "broken" / name
        jsonschema.validate(parse_yaml(path.read_text(encoding="utf-8"), str(path)), schema(kind))


def test_schemas_are_valid_json_schema() -> None:
    for kind in ("bank", "flow", "catalog", "dialogue"):
        jsonschema.Draft202012Validator.check_schema(schema(kind))


def test_repo_schema_links_point_at_the_packaged_schemas() -> None:
    for kind in ("bank", "flow", "catalog", "dialogue"):
        assert (ROOT / "schemas" / f"{kind}.schema.json").read_text() == (SCHEMA_DIR / f"{kind}.schema.json").read_text()


def test_catalog_schema_knows_every_negation_list() -> None:
    from dataclasses import fields

    from sdi.model import Negation

    negation = schema("catalog")["properties"]["lexicon"]["properties"]["negation"]["properties"]
    assert set(negation) == {f.name for f in fields(Negation)}
