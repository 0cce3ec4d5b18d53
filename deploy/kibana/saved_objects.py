#!/usr/bin/env python3
"""Writes deploy/kibana/archive-dashboards.ndjson: the Kibana saved objects (one data view, Lens panels, saved
searches, four dashboards) of the archive. The file is generated so that every panel follows the same few shapes;
edit this script, run it, commit both (check.py fails when they differ).

Fields (docs/operations.md, "Logs and dashboards"):
  - service logs, ECS JSON decoded by Filebeat: @timestamp, log.level, log.logger, service.name, message, error.*;
    audit lines (logger `audit`) also carry mdc.audit.* (archive-security AuditLog), numbers converted by Filebeat;
  - Kafka records read by Filebeat's kafka input (ingest.files.v1, ingest.deadletter.v1), JSON decoded under
    archive.* (archive-contracts FileIngested, DeadLetter), with kafka.topic.
Usage: saved_objects.py [--out FILE]   (default: archive-dashboards.ndjson next to this script)
"""
import argparse
import json
import os

DATA_VIEW = "archive-logs"
VERSION = {"coreMigrationVersion": "8.8.0"}

AUDIT = 'log.logger : "audit"'
QUERY_ACTIONS = AUDIT + ' and mdc.audit.action : ("query" or "job")'
DOWNLOADS = AUDIT + ' and mdc.audit.action : "download"'
LINKS = AUDIT + ' and mdc.audit.action : "links"'
UPLOADS = AUDIT + ' and mdc.audit.action : "upload"'
FAILED = AUDIT + ' and mdc.audit.outcome : "failure"'
PROBLEMS = 'log.level : ("ERROR" or "WARN")'
FILES = 'kafka.topic : "ingest.files.v1"'
DEAD_LETTERS = 'kafka.topic : "ingest.deadletter.v1"'


def data_view():
    return {"type": "index-pattern", "id": DATA_VIEW, **VERSION, "typeMigrationVersion": "8.0.0",
            "attributes": {"title": "filebeat-*", "name": "Archive logs and events", "timeFieldName": "@timestamp"},
            "references": []}


def time_column():
    return {"label": "@timestamp", "dataType": "date", "operationType": "date_histogram",
            "sourceField": "@timestamp", "isBucketed": True, "scale": "interval", "params": {"interval": "auto"}}


def metric_column(label, operation, field=None, percentile=None):
    column = {"label": label, "dataType": "number", "operationType": operation, "isBucketed": False,
              "scale": "ratio", "sourceField": field or "___records___"}
    if percentile is not None:
        column["params"] = {"percentile": percentile}
    return column


def terms_column(label, field, order_by, size=10):
    return {"label": label, "dataType": "string", "operationType": "terms", "sourceField": field,
            "isBucketed": True, "scale": "ordinal",
            "params": {"size": size, "orderBy": {"type": "column", "columnId": order_by}, "orderDirection": "desc",
                       "otherBucket": True, "missingBucket": False}}


def lens(object_id, title, query, visualization_type, columns, visualization):
    layer = {"columns": columns, "columnOrder": list(columns), "incompleteColumns": {}}
    return {"type": "lens", "id": object_id, **VERSION, "typeMigrationVersion": "8.9.0",
            "attributes": {"title": title, "description": "", "visualizationType": visualization_type,
                           "state": {"datasourceStates": {"formBased": {"layers": {"layer1": layer}}},
                                     "visualization": visualization,
                                     "query": {"query": query, "language": "kuery"}, "filters": []}},
            "references": [{"type": "index-pattern", "id": DATA_VIEW,
                            "name": "indexpattern-datasource-layer-layer1"}]}


def over_time(object_id, title, query, metrics, split=None, series="bar_stacked"):
    """An XY chart: one bucket per time interval, the given metrics, optionally split by a field's top values."""
    columns = {}
    if split:
        columns["split"] = terms_column(split[0], split[1], "m0")
    columns["time"] = time_column()
    for i, metric in enumerate(metrics):
        columns[f"m{i}"] = metric
    layer = {"layerId": "layer1", "layerType": "data", "seriesType": series, "xAccessor": "time",
             "accessors": [f"m{i}" for i in range(len(metrics))]}
    if split:
        layer["splitAccessor"] = "split"
    return lens(object_id, title, query, "lnsXY", columns,
                {"preferredSeriesType": series, "legend": {"isVisible": True, "position": "right"},
                 "valueLabels": "hide", "layers": [layer]})


def top_table(object_id, title, query, rows, metrics):
    """A table: the top values of `rows` (label, field) with the given metrics."""
    columns = {"row": terms_column(rows[0], rows[1], "m0", size=20)}
    for i, metric in enumerate(metrics):
        columns[f"m{i}"] = metric
    return lens(object_id, title, query, "lnsDatatable", columns,
                {"layerId": "layer1", "layerType": "data",
                 "columns": [{"columnId": column_id} for column_id in columns]})


def single_metric(object_id, title, query, metric):
    return lens(object_id, title, query, "lnsMetric", {"m0": metric},
                {"layerId": "layer1", "layerType": "data", "metricAccessor": "m0"})


def saved_search(object_id, title, query, columns):
    source = {"query": {"query": query, "language": "kuery"}, "filter": [],
              "indexRefName": "kibanaSavedObjectMeta.searchSourceJSON.index"}
    return {"type": "search", "id": object_id, **VERSION, "typeMigrationVersion": "8.0.0",
            "attributes": {"title": title, "description": "", "columns": columns, "sort": [["@timestamp", "desc"]],
                           "kibanaSavedObjectMeta": {"searchSourceJSON": json.dumps(source)}},
            "references": [{"type": "index-pattern", "id": DATA_VIEW,
                            "name": "kibanaSavedObjectMeta.searchSourceJSON.index"}]}


def dashboard(object_id, title, description, panels):
    """Panels two per row, 24 of the 48 grid columns each; a saved search takes a whole row."""
    layout, references, x, y = [], [], 0, 0
    for i, panel in enumerate(panels):
        wide = panel["type"] == "search"
        if wide and x:
            x, y = 0, y + 15
        index = f"p{i}"
        layout.append({"type": panel["type"], "panelIndex": index, "panelRefName": f"panel_{index}",
                       "gridData": {"x": x, "y": y, "w": 48 if wide else 24, "h": 15, "i": index},
                       "embeddableConfig": {"enhancements": {}}})
        references.append({"type": panel["type"], "id": panel["id"], "name": f"{index}:panel_{index}"})
        x, y = (0, y + 15) if wide or x else (24, y)
    return {"type": "dashboard", "id": object_id, **VERSION, "typeMigrationVersion": "8.9.0",
            "attributes": {"title": title, "description": description, "timeRestore": True,
                           "timeFrom": "now-24h", "timeTo": "now", "refreshInterval": {"pause": False, "value": 60000},
                           "optionsJSON": json.dumps({"useMargins": True, "syncColors": True, "hidePanelTitles": False}),
                           "panelsJSON": json.dumps(layout),
                           "kibanaSavedObjectMeta": {"searchSourceJSON": json.dumps(
                               {"query": {"query": "", "language": "kuery"}, "filter": []})}},
            "references": references}


def objects():
    count = lambda label: metric_column(label, "count")
    queries = [
        over_time("archive-queries-outcome", "Queries by outcome", QUERY_ACTIONS, [count("Queries")],
                  ("Outcome", "mdc.audit.outcome")),
        over_time("archive-queries-duration", "Query duration p50 / p95 (ms)", QUERY_ACTIONS,
                  [metric_column("p50", "percentile", "mdc.audit.duration_ms", 50),
                   metric_column("p95", "percentile", "mdc.audit.duration_ms", 95)], series="line"),
        top_table("archive-queries-users", "Top users by queries", QUERY_ACTIONS, ("User", "mdc.audit.user"),
                  [count("Queries"), metric_column("Rows", "sum", "mdc.audit.rows"),
                   metric_column("Bytes", "sum", "mdc.audit.bytes")]),
        over_time("archive-queries-rows", "Rows returned", QUERY_ACTIONS,
                  [metric_column("Rows", "sum", "mdc.audit.rows")], ("Service", "mdc.audit.service")),
        saved_search("archive-queries-recent", "Recent queries", QUERY_ACTIONS,
                     ["mdc.audit.user", "mdc.audit.action", "mdc.audit.object", "mdc.audit.rows",
                      "mdc.audit.duration_ms", "mdc.audit.status", "mdc.audit.request_id"]),
    ]
    downloads = [
        over_time("archive-downloads-service", "Downloads by service", DOWNLOADS, [count("Downloads")],
                  ("Service", "mdc.audit.service")),
        over_time("archive-downloads-bytes", "Bytes downloaded", DOWNLOADS,
                  [metric_column("Bytes", "sum", "mdc.audit.bytes")], series="line"),
        top_table("archive-downloads-users", "Top users by bytes downloaded", DOWNLOADS, ("User", "mdc.audit.user"),
                  [metric_column("Bytes", "sum", "mdc.audit.bytes"), count("Downloads")]),
        single_metric("archive-downloads-total", "Bytes downloaded in the period", DOWNLOADS,
                      metric_column("Bytes", "sum", "mdc.audit.bytes")),
        over_time("archive-downloads-links", "DataLink requests by outcome (presigned file URLs handed out)", LINKS,
                  [count("Requests")], ("Outcome", "mdc.audit.outcome")),
        saved_search("archive-downloads-recent", "Recent downloads", DOWNLOADS,
                     ["mdc.audit.user", "mdc.audit.service", "mdc.audit.object", "mdc.audit.bytes",
                      "mdc.audit.duration_ms", "mdc.audit.status"]),
    ]
    errors = [
        over_time("archive-errors-service", "Errors and warnings by service", PROBLEMS, [count("Lines")],
                  ("Service", "service.name")),
        over_time("archive-errors-status", "Failed requests by status", FAILED, [count("Requests")],
                  ("Status", "mdc.audit.status")),
        top_table("archive-errors-loggers", "Loggers with the most errors", 'log.level : "ERROR"',
                  ("Logger", "log.logger"), [count("Errors")]),
        top_table("archive-errors-reasons", "Most frequent request errors", FAILED, ("Error", "mdc.audit.error"),
                  [count("Requests")]),
        saved_search("archive-errors-lines", "Error log lines", 'log.level : "ERROR"',
                     ["service.name", "log.logger", "message", "error.message"]),
    ]
    ingestion = [
        over_time("archive-ingest-files", "Files ingested by collection", FILES, [count("Files")],
                  ("Collection", "archive.collection")),
        over_time("archive-ingest-bytes", "Bytes ingested", FILES, [metric_column("Bytes", "sum", "archive.bytes")],
                  ("Storage element", "archive.rse")),
        over_time("archive-ingest-deadletters", "Dead letters by service", DEAD_LETTERS, [count("Rejected")],
                  ("Service", "archive.service")),
        top_table("archive-ingest-reasons", "Most frequent rejection reasons", DEAD_LETTERS,
                  ("Reason", "archive.reason"), [count("Rejected")]),
        saved_search("archive-ingest-rejected", "Rejected files and records", DEAD_LETTERS,
                     ["archive.source", "archive.collection", "archive.service", "archive.reason"]),
        top_table("archive-ingest-uploaders", "Uploads by operator (refused ones included)", UPLOADS,
                  ("User", "mdc.audit.user"), [count("Uploads"), metric_column("Bytes", "sum", "mdc.audit.bytes")]),
        saved_search("archive-ingest-uploads", "Recent uploads", UPLOADS,
                     ["mdc.audit.user", "mdc.audit.object", "mdc.audit.bytes", "mdc.audit.status", "mdc.audit.error",
                      "mdc.audit.client"]),
    ]
    boards = [
        dashboard("archive-dashboard-queries", "Archive: queries",
                  "TAP queries and async jobs (audit events): volume, outcome, latency, users.", queries),
        dashboard("archive-dashboard-downloads", "Archive: downloads",
                  "Cut & Merge, SODA and Fermi selections, DataLink requests (audit events): volume and users.", downloads),
        dashboard("archive-dashboard-errors", "Archive: errors",
                  "ERROR and WARN log lines of every service, failed requests.", errors),
        dashboard("archive-dashboard-ingestion", "Archive: ingestion",
                  "Files stored by the importer and files or records rejected (Kafka topics); who uploaded what "
                  "(audit events).", ingestion),
    ]
    return [data_view()] + queries + downloads + errors + ingestion + boards


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                      "archive-dashboards.ndjson"))
    args = parser.parse_args()
    with open(args.out, "w", encoding="utf-8") as out:
        for saved in objects():
            out.write(json.dumps(saved, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
