"""Every model of the pinned LiteLLM schema is classified, consistently, and documented."""
from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import pytest

from alchemi.db.schema import litellm_schema_path
from alchemi.tenancy.classification import (
    MODELS,
    Strategy,
    account_column_models,
    by_model,
    namespaced_key_fields,
)

ROOT = Path(__file__).resolve().parents[2]
# Model counts of the LiteLLM versions this classification was reviewed against.
REVIEWED_MODEL_COUNTS = {"1.102.4": 77}

_MODEL_RE = re.compile(r"^model\s+(\w+)\s*\{(.*?)^\}", re.S | re.M)
_FIELD_RE = re.compile(r"^(\w+)\s+(\w+)(\[\])?(\?)?(.*)$")
_BLOCK_KEY_RE = re.compile(r"^@@(id|unique)\(\s*(?:fields:\s*)?\[([^\]]*)\]")


@dataclass(frozen=True)
class SchemaModel:
    fields: dict[str, str]  # name -> scalar or model type
    unique_sets: tuple[frozenset[str], ...]  # @id, @unique, @@id, @@unique


def _parse_schema(text: str) -> dict[str, SchemaModel]:
    models: dict[str, SchemaModel] = {}
    for match in _MODEL_RE.finditer(text):
        fields: dict[str, str] = {}
        unique_sets: list[frozenset[str]] = []
        for raw in match.group(2).splitlines():
            line = raw.split("//", 1)[0].strip()
            if not line:
                continue
            if line.startswith("@@"):
                block = _BLOCK_KEY_RE.match(line)
                if block:
                    names = (re.sub(r"\(.*\)", "", n).strip() for n in block.group(2).split(","))
                    unique_sets.append(frozenset(n for n in names if n))
                continue
            field = _FIELD_RE.match(line)
            if field:
                name, type_, attributes = field.group(1), field.group(2), field.group(5)
                fields[name] = type_
                if re.search(r"@(id|unique)\b", attributes):
                    unique_sets.append(frozenset({name}))
        models[match.group(1)] = SchemaModel(fields, tuple(unique_sets))
    return models


@pytest.fixture(scope="module")
def schema() -> dict[str, SchemaModel]:
    return _parse_schema(litellm_schema_path().read_text())


def _load_doc_script():
    spec = importlib.util.spec_from_file_location("tenancy_doc", ROOT / "scripts" / "tenancy_doc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_schema_parser_sees_compound_and_single_keys(schema):
    assert schema["LiteLLM_TeamMembership"].unique_sets == (frozenset({"user_id", "team_id"}),)
    assert frozenset({"tag_name"}) in schema["LiteLLM_TagTable"].unique_sets
    assert frozenset({"sso_user_id"}) in schema["LiteLLM_UserTable"].unique_sets


def test_every_schema_model_is_classified(schema):
    unclassified = sorted(set(schema) - set(by_model()))
    assert not unclassified, (
        f"LiteLLM {version('litellm')} has models with no tenancy classification: {unclassified}. "
        "Read how LiteLLM uses each one, add it to alchemi/tenancy/classification.py, then run "
        "`python scripts/tenancy_doc.py` and `python scripts/generate_schema.py`.")


def test_no_classified_model_is_missing_from_the_schema(schema):
    gone = sorted(set(by_model()) - set(schema))
    assert not gone, f"classified models that LiteLLM's schema no longer has: {gone}"


def test_model_count_for_the_reviewed_litellm():
    installed = version("litellm")
    assert installed in REVIEWED_MODEL_COUNTS, (
        f"LiteLLM {installed} is installed but the classification was reviewed for "
        f"{sorted(REVIEWED_MODEL_COUNTS)}: review it and record the model count here")
    assert len(MODELS) == REVIEWED_MODEL_COUNTS[installed]


def test_models_are_listed_once_in_alphabetical_order():
    names = [m.model for m in MODELS]
    assert len(names) == len(set(names)), "a model is classified twice"
    assert names == sorted(names), "keep MODELS in alphabetical order"


def test_every_model_has_a_short_concrete_reason():
    for m in MODELS:
        assert m.reason.strip(), f"{m.model} has no reason"
        assert len(m.reason) <= 400, f"{m.model}: keep the reason to one or two sentences"


def test_key_fields_exist_are_strings_and_unique(schema):
    for m in MODELS:
        if m.strategy is not Strategy.NAMESPACED_KEY:
            assert m.key_fields == (), f"{m.model} is {m.strategy.value} but lists key fields"
            continue
        assert m.key_fields, f"{m.model} is namespaced_key but names no key field"
        model = schema[m.model]
        for name in m.key_fields:
            assert name in model.fields, f"{m.model}.{name} is not a field of the schema"
            # The wrapper prefixes the stored value with the account, so it must be text.
            assert model.fields[name] == "String", f"{m.model}.{name} is not a String"
            assert any(name in keys for keys in model.unique_sets), (
                f"{m.model}.{name} is in no @id/@unique/@@id/@@unique: nothing to namespace")


def test_parents_exist_and_are_account_scoped(schema):
    scoped = set(account_column_models())
    for m in MODELS:
        if m.strategy is not Strategy.VIA_PARENT:
            assert m.parent is None, f"{m.model} is {m.strategy.value} but names a parent"
            continue
        assert m.parent in schema, f"{m.model}: parent {m.parent} is not in the schema"
        assert m.parent in scoped, f"{m.model}: parent {m.parent} is not account-scoped"


def test_derived_views_agree_with_models():
    assert account_column_models() == sorted(
        m.model for m in MODELS if m.strategy in (Strategy.ACCOUNT_COLUMN, Strategy.NAMESPACED_KEY))
    assert set(namespaced_key_fields()) == {m.model for m in MODELS if m.strategy is Strategy.NAMESPACED_KEY}
    assert not set(account_column_models()) & {m.model for m in MODELS if m.strategy is Strategy.GLOBAL}


def test_doc_table_is_what_the_script_writes():
    script = _load_doc_script()
    doc = script.DOC_PATH.read_text()
    assert doc == script.render(doc), "docs/tenancy.md is stale: run `python scripts/tenancy_doc.py`"
    for m in MODELS:
        assert f"| `{m.model}` | {m.strategy.value} |" in doc


def test_doc_has_its_sections():
    doc = (ROOT / "docs" / "tenancy.md").read_text()
    for heading in ("## How tenancy works", "## Models", "## Raw SQL sites", "## Process-global state"):
        assert f"\n{heading}\n" in doc, f"docs/tenancy.md lost its {heading!r} section"
