"""`manage.py export_set_schema`: the published JSON Schema is the importer's own."""

import json
from io import StringIO
from pathlib import Path

from django.core.management import call_command

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "index-set.schema.json"


def test_the_committed_schema_is_what_the_command_writes(tmp_path):
    """Regenerate it with `manage.py export_set_schema --output docs/index-set.schema.json`."""
    path = tmp_path / "schema.json"
    call_command("export_set_schema", "--output", str(path), stdout=StringIO())
    assert path.read_text(encoding="utf-8") == COMMITTED.read_text(encoding="utf-8")


def test_the_schema_names_every_key_and_refuses_others():
    out = StringIO()
    call_command("export_set_schema", stdout=out)
    schema = json.loads(out.getvalue())
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert schema["required"] == ["index_set", "fields"]
    head, node = schema["$defs"]["Head"], schema["$defs"]["Node"]
    for definition in schema["$defs"].values():
        if definition.get("type") == "object" and definition.get("title") != "Rule":
            assert definition["additionalProperties"] is False, definition["title"]
    assert {"max_depth", "optional_methods", "unit_attributes", "exemptions"} <= set(
        head["properties"]
    )
    assert {"kind", "min", "applies_to", "sub_criteria"} <= set(node["properties"])
    assert schema["$defs"]["NodeKind"]["enum"] == ["normal", "bonus", "deduction"]
    assert set(node["required"]) == {"code", "max"}
