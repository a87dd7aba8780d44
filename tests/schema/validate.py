#!/usr/bin/python3
"""Validates documents against golive's published JSON Schemas.

    validate.py rules SCHEMA PATH...     every YAML document of every rule file
                                         (definitions documents against
                                         definitions.schema.json beside SCHEMA)
    validate.py result SCHEMA FILE...    result documents (JSON)

Uses Debian's python3-jsonschema and python3-yaml. Exits 1 on any violation.
"""
import json
import pathlib
import sys

import jsonschema
import yaml


def rule_documents(paths):
    for path in paths:
        p = pathlib.Path(path)
        files = sorted(p.rglob("*.yaml")) if p.is_dir() else [p]
        for f in files:
            if f.name == "profiles.yaml":
                continue
            for i, doc in enumerate(yaml.safe_load_all(f.read_text())):
                if doc is not None:
                    yield f"{f}#{i}", doc


def main():
    kind, schema_path, *paths = sys.argv[1:]
    schema = json.loads(pathlib.Path(schema_path).read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    definitions = None
    if kind == "rules":
        documents = list(rule_documents(paths))
        definitions_path = pathlib.Path(schema_path).with_name("definitions.schema.json")
        definitions = jsonschema.Draft202012Validator(json.loads(definitions_path.read_text()))
    else:
        documents = [(p, json.loads(pathlib.Path(p).read_text())) for p in paths]
    errors = 0
    for name, doc in documents:
        is_library = definitions and isinstance(doc, dict) and "definitions" in doc and "id" not in doc
        for error in (definitions if is_library else validator).iter_errors(doc):
            errors += 1
            where = "/".join(str(x) for x in error.absolute_path)
            print(f"{name}: {where}: {error.message}")
    print(f"{len(documents)} document(s) checked against {schema_path}, {errors} error(s)")
    return 1 if errors or not documents else 0


if __name__ == "__main__":
    sys.exit(main())
