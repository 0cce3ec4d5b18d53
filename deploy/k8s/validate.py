#!/usr/bin/env python3
"""Offline validation of the rendered overlays (check.sh renders them; no cluster, no network).

Usage: validate.py --repo DIR --external FILE NAME=RENDERED.yaml ...

Rules, per overlay:
  - every document parses, is a mapping with apiVersion, kind, metadata.name; namespaced objects have a namespace;
    no two objects share kind, namespace and name
  - every container of a Deployment or StatefulSet has an image with a tag or digest (not `latest`), readiness and
    liveness probes, cpu and memory requests and limits, and runs as non-root (runAsNonRoot, uid != 0,
    allowPrivilegeEscalation false); the archive's services probe /q/health/ready and /q/health/live
  - every Service selects the pods of a Deployment or StatefulSet, and its named targetPorts exist there
  - every HorizontalPodAutoscaler targets a rendered Deployment; every PodDisruptionBudget selects pods
  - every Ingress backend is a rendered Service or one listed in the external file
  - every ConfigMap or Secret referenced by name is rendered or listed in the external file (created by an
    operator or by hand); every line of that file is referenced by some overlay
  - every environment variable given to a service maps to a configuration key of that service (Quarkus naming:
    upper case, non-alphanumerics to `_`), so a misspelt variable cannot be silently ignored
  - every topic of archive-contracts Topics is a KafkaTopic; ingest.rows.v1 allows 8 MiB records
"""
import argparse
import os
import re
import sys

import yaml
from urllib.parse import urlsplit

CLUSTER_SCOPED = {"Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition",
                  "PersistentVolume", "StorageClass", "IngressClass", "PriorityClass"}
WORKLOADS = {"Deployment", "StatefulSet"}
SERVICES = ["importer-service", "metadata-service", "tap-service", "datalink-service", "cutmerge-service",
            "portal-gateway"]
# Variables read by the JVM itself (the image's entrypoint is plain `java`, deploy/images/build-base.sh), not by Quarkus.
IMAGE_VARIABLES = {"JAVA_TOOL_OPTIONS"}


class Report:
    def __init__(self):
        self.errors = []

    def error(self, overlay, msg):
        self.errors.append(f"{overlay}: {msg}")


def env_name(key):
    return re.sub(r"[^A-Za-z0-9]", "_", key).upper()


def service_config_names(repo, service):
    """Environment names a service understands: its application.properties keys, the ${VARS} they read, and the
    prefixes of its @ConfigMapping interfaces and @ConfigProperty names."""
    names, prefixes = set(), set()
    props = os.path.join(repo, service, "src/main/resources/application.properties")
    with open(props, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#") or "=" not in line:
                continue
            key, value = line.split("=", 1)
            key = re.sub(r"^%[\w-]+\.", "", key.strip())
            names.add(env_name(key))
            names.update(re.findall(r"\$\{([A-Z0-9_]+)", value))
    src = os.path.join(repo, service, "src/main/java")
    for root, _, files in os.walk(src):
        for name in files:
            if not name.endswith(".java"):
                continue
            with open(os.path.join(root, name), encoding="utf-8") as f:
                text = f.read()
            mapping = re.search(r'@ConfigMapping\(\s*prefix\s*=\s*"([^"]+)"', text)
            if mapping:
                # Each method of the interface is a key: quarantineBucket() -> importer.quarantine-bucket; a Map
                # is a family of keys (gateway.services.<name>).
                for type_, method in re.findall(r'^\s*([\w.<>, ?]+?)\s+(\w+)\(\);', text, re.M):
                    key = env_name(mapping.group(1) + "." + re.sub(r"([a-z0-9])([A-Z])", r"\1-\2", method))
                    if re.match(r"(java\.util\.)?Map\b", type_):
                        prefixes.add(key + "_")
                    else:
                        names.add(key)
            for key in re.findall(r'@ConfigProperty\(\s*name\s*=\s*"([^"]+)"', text):
                names.add(env_name(key))
    return names, prefixes


def contract_topics(repo):
    path = os.path.join(repo, "archive-contracts/src/main/java/org/astroarchive/contracts/Topics.java")
    with open(path, encoding="utf-8") as f:
        return re.findall(r'String\s+\w+\s*=\s*"([^"]+)"', f.read())


def read_external(path):
    external = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            if len(parts) < 3 or parts[0] not in ("Secret", "ConfigMap", "Service"):
                sys.exit(f"{path}:{n}: expected 'Secret|ConfigMap|Service NAME CREATED-BY'")
            external[(parts[0], parts[1])] = parts[2]
    return external


def pod_spec(obj):
    return obj.get("spec", {}).get("template", {}).get("spec", {})


def pod_labels(obj):
    return obj.get("spec", {}).get("template", {}).get("metadata", {}).get("labels", {}) or {}


def matches(selector, labels):
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def walk_refs(node, found):
    """Collects (kind, name) of ConfigMaps and Secrets referenced anywhere in an object, operators' resources too."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("secretKeyRef", "secretRef") and isinstance(value, dict) and "name" in value:
                found.add(("Secret", value["name"]))
            elif key in ("configMapKeyRef", "configMapRef") and isinstance(value, dict) and "name" in value:
                found.add(("ConfigMap", value["name"]))
            elif key == "secretName" and isinstance(value, str):
                found.add(("Secret", value))
            elif key == "secret" and isinstance(value, dict) and "secretName" in value:
                found.add(("Secret", value["secretName"]))
            elif key == "secret" and isinstance(value, dict) and "name" in value:  # KeycloakRealmImport placeholders
                found.add(("Secret", value["name"]))
            elif key == "configMap" and isinstance(value, dict) and "name" in value:
                found.add(("ConfigMap", value["name"]))
            elif (key.endswith("Secret") or key in ("accessKeyId", "secretAccessKey")) \
                    and isinstance(value, dict) and "name" in value:
                found.add(("Secret", value["name"]))
            walk_refs(value, found)
    elif isinstance(node, list):
        for item in node:
            walk_refs(item, found)


def check_container(report, overlay, where, c, pod_sc, is_service):
    if not c.get("image"):
        report.error(overlay, f"{where}: no image")
    else:
        image = c["image"]
        last = image.rsplit("/", 1)[-1]
        if "@sha256:" not in image and (":" not in last or last.endswith(":latest")):
            report.error(overlay, f"{where}: image {image} has no pinned tag (set one in the overlay's images:)")
    for probe in ("readinessProbe", "livenessProbe"):
        if probe not in c:
            report.error(overlay, f"{where}: no {probe}")
    if is_service:
        for probe, path in (("readinessProbe", "/q/health/ready"), ("livenessProbe", "/q/health/live")):
            got = c.get(probe, {}).get("httpGet", {}).get("path")
            if got != path:
                report.error(overlay, f"{where}: {probe} path is {got}, expected {path}")
    res = c.get("resources", {})
    for part in ("requests", "limits"):
        for kind in ("cpu", "memory"):
            if not res.get(part, {}).get(kind):
                report.error(overlay, f"{where}: no resources.{part}.{kind}")
    sc = c.get("securityContext", {})
    non_root = sc.get("runAsNonRoot", pod_sc.get("runAsNonRoot"))
    uid = sc.get("runAsUser", pod_sc.get("runAsUser"))
    if non_root is not True:
        report.error(overlay, f"{where}: runAsNonRoot is not true")
    if uid == 0:
        report.error(overlay, f"{where}: runs as uid 0")
    if sc.get("allowPrivilegeEscalation") is not False:
        report.error(overlay, f"{where}: allowPrivilegeEscalation is not false")


def validate(overlay, path, repo, external, referenced_external, report):
    with open(path, encoding="utf-8") as f:
        try:
            docs = [d for d in yaml.safe_load_all(f) if d is not None]
        except yaml.YAMLError as e:
            report.error(overlay, f"does not parse: {e}")
            return
    objects = {}
    for i, d in enumerate(docs):
        if not isinstance(d, dict):
            report.error(overlay, f"document {i} is not a mapping")
            continue
        kind, meta = d.get("kind"), d.get("metadata") or {}
        if not d.get("apiVersion") or not kind or not meta.get("name"):
            report.error(overlay, f"document {i} lacks apiVersion, kind or metadata.name")
            continue
        ns = meta.get("namespace")
        if kind not in CLUSTER_SCOPED and not ns:
            report.error(overlay, f"{kind}/{meta['name']} has no namespace")
        key = (kind, ns, meta["name"])
        if key in objects:
            report.error(overlay, f"{kind}/{meta['name']} is defined twice")
        objects[key] = d

    def named(kind):
        return {name: o for (k, _, name), o in objects.items() if k == kind}

    workloads = {(k, name): o for (k, _, name), o in objects.items() if k in WORKLOADS}
    services = named("Service")
    rendered = {(k, name) for (k, _, name) in objects if k in ("ConfigMap", "Secret", "Service")}

    # Workloads: images, probes, resources, non-root.
    for (kind, name), o in workloads.items():
        spec = pod_spec(o)
        pod_sc = spec.get("securityContext", {})
        is_service = name in SERVICES
        if kind == "Deployment" and not is_service:
            report.error(overlay, f"Deployment/{name} is not one of the six services (update validate.py)")
        for c in spec.get("initContainers", []) + spec.get("containers", []):
            check_container(report, overlay, f"{kind}/{name} container {c.get('name')}", c, pod_sc, is_service)
    for s in SERVICES:
        if ("Deployment", s) not in workloads:
            report.error(overlay, f"no Deployment for {s}")

    # Services select pods, named target ports exist.
    for name, svc in services.items():
        selector = svc.get("spec", {}).get("selector") or {}
        targets = [o for o in workloads.values() if matches(selector, pod_labels(o))]
        if not targets:
            report.error(overlay, f"Service/{name} selector {selector} matches no Deployment or StatefulSet")
            continue
        port_names = {p.get("name") for o in targets for c in pod_spec(o).get("containers", [])
                      for p in c.get("ports", [])}
        for p in svc["spec"].get("ports", []):
            tp = p.get("targetPort")
            if isinstance(tp, str) and tp not in port_names:
                report.error(overlay, f"Service/{name} targetPort {tp} is not a container port name")

    for name, hpa in named("HorizontalPodAutoscaler").items():
        ref = hpa.get("spec", {}).get("scaleTargetRef", {})
        if (ref.get("kind"), ref.get("name")) not in workloads:
            report.error(overlay, f"HorizontalPodAutoscaler/{name} targets missing {ref.get('kind')}/{ref.get('name')}")
    hpa_targets = {hpa["spec"]["scaleTargetRef"]["name"] for hpa in named("HorizontalPodAutoscaler").values()}
    for s in ("tap-service", "datalink-service", "cutmerge-service", "portal-gateway", "importer-service"):
        if s not in hpa_targets:
            report.error(overlay, f"stateless {s} has no HorizontalPodAutoscaler")
    for name, pdb in named("PodDisruptionBudget").items():
        selector = pdb.get("spec", {}).get("selector", {}).get("matchLabels", {})
        if not any(matches(selector, pod_labels(o)) for o in workloads.values()):
            report.error(overlay, f"PodDisruptionBudget/{name} selects no pods")
    for s in SERVICES:
        if s not in named("PodDisruptionBudget"):
            report.error(overlay, f"{s} has no PodDisruptionBudget")

    # Ingress backends.
    for name, ing in named("Ingress").items():
        for rule in ing.get("spec", {}).get("rules", []):
            for p in rule.get("http", {}).get("paths", []):
                backend = p.get("backend", {}).get("service", {}).get("name")
                if ("Service", backend) in external:
                    referenced_external.add(("Service", backend))
                elif backend not in services:
                    report.error(overlay, f"Ingress/{name} routes {rule.get('host')}{p.get('path')} to unknown "
                                          f"Service {backend}")

    # ConfigMaps and Secrets referenced by name.
    for (kind, _, name), o in objects.items():
        refs = set()
        walk_refs(o.get("spec", {}), refs)
        for ref in refs:
            if ref in rendered:
                continue
            if ref in external:
                referenced_external.add(ref)
            else:
                report.error(overlay, f"{kind}/{name} references {ref[0]} {ref[1]}, which is neither rendered nor "
                                      f"listed in external-secrets.txt")

    # Environment variables map to configuration keys.
    configmaps = named("ConfigMap")
    known = {s: service_config_names(repo, s) for s in SERVICES}

    def understood(service, var):
        names, prefixes = known[service]
        return var in IMAGE_VARIABLES or var in names or any(var.startswith(p) for p in prefixes)

    shared = set()
    for s in SERVICES:
        dep = workloads.get(("Deployment", s))
        if not dep:
            continue
        for c in pod_spec(dep).get("containers", []):
            for src in c.get("envFrom", []):
                cm = src.get("configMapRef", {}).get("name")
                if cm not in configmaps:
                    continue
                for var in (configmaps[cm].get("data") or {}):
                    if cm == "archive-config":
                        shared.add(var)
                    elif not understood(s, var):
                        report.error(overlay, f"{s}: ConfigMap {cm} sets {var}, which maps to no key of {s}")
            # A variable only used to build another one ($(NAME) in its value) is fine.
            helpers = {v for e in c.get("env", []) for v in re.findall(r"\$\((\w+)\)", e.get("value", ""))}
            for e in c.get("env", []):
                if e["name"] not in helpers and not understood(s, e["name"]):
                    report.error(overlay, f"{s}: env {e['name']} maps to no configuration key of {s}")
    for var in sorted(shared):
        if not any(understood(s, var) for s in SERVICES):
            report.error(overlay, f"ConfigMap archive-config sets {var}, which no service reads")

    # Kafka topics of the contracts.
    topics = named("KafkaTopic")
    for topic in contract_topics(repo):
        if topic not in topics:
            report.error(overlay, f"topic {topic} (archive-contracts Topics) has no KafkaTopic")
    rows = topics.get("ingest.rows.v1", {}).get("spec", {}).get("config", {})
    if str(rows.get("max.message.bytes")) != "8388608":
        report.error(overlay, "KafkaTopic ingest.rows.v1 must set max.message.bytes: 8388608")

    check_site_hosts(report, overlay, repo, objects)
    check_oidc_in_cluster(report, overlay, objects)
    print(f"check: overlay {overlay}: {len(objects)} objects")


def public_hosts(objects):
    """(where, host) of every place that names a public host: what site-hosts/replacements.yaml must cover."""
    found = []
    for (kind, _, name), o in objects.items():
        spec = o.get("spec") or {}
        if kind == "Ingress":
            found += [(f"Ingress/{name} rule", r.get("host")) for r in spec.get("rules", [])]
            found += [(f"Ingress/{name} tls", h) for t in spec.get("tls", []) for h in t.get("hosts", [])]
        elif kind == "ConfigMap" and name == "archive-config":
            found += [(f"archive-config {k}", urlsplit(v).hostname) for k, v in (o.get("data") or {}).items()
                      if k == "ARCHIVE_PUBLIC_URL"]
        elif kind == "Keycloak":
            found.append((f"Keycloak/{name} hostname", urlsplit((spec.get("hostname") or {}).get("hostname", "")).hostname))
        elif kind == "KeycloakRealmImport":
            for client in (spec.get("realm") or {}).get("clients", []):
                uris = client.get("redirectUris", []) + client.get("webOrigins", [])
                uris += [u for u in [(client.get("attributes") or {}).get("post.logout.redirect.uris")] if u]
                found += [(f"realm client {client.get('clientId')}", urlsplit(u).hostname) for u in uris if "//" in u]
    return found


def check_oidc_in_cluster(report, overlay, objects):
    """The services discover Keycloak by its in-cluster Service; Keycloak answers them with back-channel URLs of
    that address (backchannelDynamic), so pods never need the public host (system-tests InClusterKeycloakIT)."""
    config = next((o.get("data") or {} for (kind, _, name), o in objects.items()
                   if kind == "ConfigMap" and name == "archive-config"), {})
    keycloaks = [(name, o.get("spec") or {}) for (kind, _, name), o in objects.items() if kind == "Keycloak"]
    for name, spec in keycloaks:
        expected = f"http://{name}-service:{(spec.get('http') or {}).get('httpPort', 8080)}/realms/archive"
        if config.get("ARCHIVE_OIDC_URL") != expected:
            report.error(overlay, f"archive-config ARCHIVE_OIDC_URL is {config.get('ARCHIVE_OIDC_URL')}, not the "
                                  f"in-cluster {expected} of Keycloak/{name}")
        if (spec.get("hostname") or {}).get("backchannelDynamic") is not True:
            report.error(overlay, f"Keycloak/{name} needs hostname.backchannelDynamic: true (the services ask it "
                                  "in the cluster)")


def check_site_hosts(report, overlay, repo, objects):
    """The overlay's public hosts are set once, in its site.yaml: nothing may name another host."""
    site_file = os.path.join(repo, "deploy", "k8s", "overlays", overlay, "site.yaml")
    if not os.path.exists(site_file):
        report.error(overlay, "has no site.yaml (ConfigMap archive-site with host and auth-host)")
        return
    with open(site_file, encoding="utf-8") as f:
        site = (yaml.safe_load(f).get("data") or {})
    hosts = {site.get("host"), site.get("auth-host")}
    for where, host in public_hosts(objects):
        if host not in hosts:
            report.error(overlay, f"{where} names host {host}, not one of site.yaml's {sorted(h for h in hosts if h)}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repo", required=True)
    ap.add_argument("--external", required=True)
    ap.add_argument("overlays", nargs="+", help="NAME=RENDERED.yaml")
    args = ap.parse_args()
    external = read_external(args.external)
    referenced = set()
    report = Report()
    for item in args.overlays:
        name, path = item.split("=", 1)
        validate(name, path, args.repo, external, referenced, report)
    for ref in sorted(set(external) - referenced):
        report.error("external-secrets.txt", f"{ref[0]} {ref[1]} is listed but no overlay references it")
    for e in report.errors:
        print(f"check: {e}", file=sys.stderr)
    if report.errors:
        print(f"check: {len(report.errors)} problem(s) in deploy/k8s", file=sys.stderr)
        return 1
    print(f"check: {len(args.overlays)} overlays render and validate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
