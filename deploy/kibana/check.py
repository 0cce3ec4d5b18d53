#!/usr/bin/env python3
"""Offline check of deploy/kibana (no Kibana, no Elasticsearch here): run by the deploy-check module.

  - archive-dashboards.ndjson is exactly what saved_objects.py writes (edit the script, not the file);
  - every saved object has a type, a unique id and attributes; every reference names an object of the file, and
    every panel, search and Lens layer refers to one (no dangling panel);
  - every field a panel, search or query uses is produced by the services: ECS fields of quarkus-logging-json, the
    audit MDC keys written by archive-security's AuditLog, the components of FileIngested and DeadLetter (under
    archive.*), Filebeat's kafka.topic; so renaming an audit field or a contract component fails here;
  - sums and percentiles only use numbers: the audit fields Filebeat converts (the same convert processor in
    deploy/kibana/filebeat.yml and deploy/k8s/base/logging/filebeat.yaml) or numeric contract components.
Usage: check.py --repo DIR
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

import yaml

ECS_FIELDS = {"@timestamp", "log.level", "log.logger", "service.name", "message", "error.message",
              "error.stack_trace", "error.type", "host.hostname", "process.thread.name", "kafka.topic"}
NUMERIC_JAVA = {"long", "int", "Long", "Integer", "double", "Double"}


def read(repo, path):
    with open(os.path.join(repo, path), encoding="utf-8") as f:
        return f.read()


def audit_fields(repo):
    source = read(repo, "archive-security/src/main/java/org/astroarchive/security/audit/AuditLog.java")
    return {"mdc." + key for key in re.findall(r'fields\.put\("(audit\.[a-z_]+)"', source)}


def record_components(repo, name):
    """name -> Java type of a record's components (top-level commas only)."""
    source = read(repo, f"archive-contracts/src/main/java/org/astroarchive/contracts/{name}.java")
    header = re.search(r"public record \w+\((.*?)\)\s*\{", source, re.S).group(1)
    header = re.sub(r"@\w+(\([^)]*\))?", "", header)
    components, depth, current = {}, 0, ""
    for char in header + ",":
        depth += char == "<"
        depth -= char == ">"
        if char == "," and depth == 0:
            java_type, field = current.split()[-2:] if len(current.split()) >= 2 else (None, None)
            if field:
                components[field] = current.strip().rsplit(None, 1)[0]
            current = ""
        else:
            current += char
    return components


def converted_fields(config, where, errors):
    processors = config.get("processors") or []
    for processor in processors:
        if "convert" in processor:
            return {entry["from"]: entry["type"] for entry in processor["convert"]["fields"]}
    errors.append(f"{where}: no convert processor")
    return {}


def beat_configs(repo, errors):
    local = yaml.safe_load(read(repo, "deploy/kibana/filebeat.yml"))
    k8s = next(doc for doc in yaml.safe_load_all(read(repo, "deploy/k8s/base/logging/filebeat.yaml"))
               if doc and doc.get("kind") == "Beat")["spec"]["config"]
    local_conv = converted_fields(local, "deploy/kibana/filebeat.yml", errors)
    k8s_conv = converted_fields(k8s, "deploy/k8s/base/logging/filebeat.yaml", errors)
    if local_conv != k8s_conv:
        errors.append(f"convert processors differ: filebeat.yml {local_conv} vs k8s filebeat.yaml {k8s_conv}")
    for where, config in (("filebeat.yml", local), ("k8s filebeat.yaml", k8s)):
        kafka = [i for i in config.get("filebeat.inputs", []) if i.get("type") == "kafka"]
        if not kafka or set(kafka[0].get("topics", [])) != {"ingest.files.v1", "ingest.deadletter.v1"}:
            errors.append(f"{where}: a kafka input of ingest.files.v1 and ingest.deadletter.v1 is needed")
    return local_conv


def used_fields(saved):
    """(field, operation) pairs: Lens columns, search columns, KQL field names."""
    attributes = saved["attributes"]
    uses, queries = [], []
    if saved["type"] == "lens":
        state = attributes["state"]
        for layer in state["datasourceStates"]["formBased"]["layers"].values():
            for column in layer["columns"].values():
                if column["sourceField"] != "___records___":
                    uses.append((column["sourceField"], column["operationType"]))
        queries.append(state["query"]["query"])
    elif saved["type"] == "search":
        uses += [(column, "column") for column in attributes["columns"]]
        queries.append(json.loads(attributes["kibanaSavedObjectMeta"]["searchSourceJSON"])["query"]["query"])
    for query in queries:
        uses += [(field, "query") for field in re.findall(r"([@\w][\w.]*)\s*:", query)]
    return uses


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repo", required=True)
    repo = parser.parse_args().repo
    errors = []

    committed = read(repo, "deploy/kibana/archive-dashboards.ndjson")
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "generated.ndjson")
        subprocess.run([sys.executable, os.path.join(repo, "deploy/kibana/saved_objects.py"), "--out", out], check=True)
        with open(out, encoding="utf-8") as f:
            if f.read() != committed:
                errors.append("archive-dashboards.ndjson differs from saved_objects.py's output: run the script")

    objects = [json.loads(line) for line in committed.splitlines() if line.strip()]
    ids = {}
    for saved in objects:
        for key in ("type", "id", "attributes", "references"):
            if key not in saved:
                errors.append(f"{saved.get('id')}: no {key}")
        if (saved["type"], saved["id"]) in ids:
            errors.append(f"duplicate {saved['type']} {saved['id']}")
        ids[(saved["type"], saved["id"])] = saved
    for saved in objects:
        names = {ref["name"] for ref in saved["references"]}
        for ref in saved["references"]:
            if (ref["type"], ref["id"]) not in ids:
                errors.append(f"{saved['id']}: reference to missing {ref['type']} {ref['id']}")
        if saved["type"] == "dashboard":
            for panel in json.loads(saved["attributes"]["panelsJSON"]):
                if f"{panel['panelIndex']}:{panel['panelRefName']}" not in names:
                    errors.append(f"{saved['id']}: panel {panel['panelIndex']} has no reference")
        if saved["type"] == "lens":
            for layer in saved["attributes"]["state"]["datasourceStates"]["formBased"]["layers"]:
                if f"indexpattern-datasource-layer-{layer}" not in names:
                    errors.append(f"{saved['id']}: layer {layer} has no data view reference")

    converted = beat_configs(repo, errors)
    contracts = {}
    for record in ("FileIngested", "DeadLetter"):
        for field, java_type in record_components(repo, record).items():
            if field not in ("metadata", "tables", "replicas"):  # dropped by Filebeat or nested
                contracts["archive." + field] = java_type
    known = ECS_FIELDS | audit_fields(repo) | set(contracts)
    numeric = {field for field, kind in converted.items() if kind in ("long", "integer")} | \
              {field for field, java_type in contracts.items() if java_type in NUMERIC_JAVA}
    for saved in objects:
        for field, operation in used_fields(saved):
            if field not in known:
                errors.append(f"{saved['id']}: field {field} is not produced by any service")
            elif operation in ("sum", "percentile", "average", "max", "min") and field not in numeric:
                errors.append(f"{saved['id']}: {operation} of {field}, which is not numeric in Elasticsearch")
    for field in converted:
        if field not in known:
            errors.append(f"filebeat converts {field}, which no service writes")

    if errors:
        print("deploy/kibana check failed:\n  " + "\n  ".join(errors))
        return 1
    counts = {}
    for saved in objects:
        counts[saved["type"]] = counts.get(saved["type"], 0) + 1
    print("deploy/kibana: " + ", ".join(f"{n} {t}" for t, n in sorted(counts.items())) +
          f"; {len(known)} known fields, every reference and field resolves")
    return 0


if __name__ == "__main__":
    sys.exit(main())
