#!/usr/bin/env bash
# Renders every overlay of deploy/k8s with `kubectl kustomize` and validates the manifests without a cluster: the
# rules of validate.py, then the JSON schemas of every kind that has one (schemas/validate-schemas.mjs: Kubernetes,
# Strimzi, CloudNativePG; its npm packages are fetched once, exactly as in schemas/package-lock.json, then it runs
# offline). Run by the deploy-check module in `mvn verify`; also usable alone:
#   deploy/k8s/check.sh            # exit 0 = every overlay renders and validates
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
# Debian's Python sees Debian's python3-yaml (install.sh installs both); a pyenv python3 first on PATH may not.
PYTHON=/usr/bin/python3
[ -x "$PYTHON" ] || PYTHON="$(command -v python3)"

if ! command -v kubectl >/dev/null 2>&1; then
  echo "check: kubectl not found (deploy/local/install.sh installs it)" >&2
  exit 2
fi
# The overlays use kustomize v4+ syntax (patches with targets, directories as resources): kubectl >= 1.21.
kustomize_major="$(kubectl version --client 2>/dev/null | sed -n 's/^Kustomize Version: v\([0-9]*\).*/\1/p')"
if [ -z "$kustomize_major" ] || [ "$kustomize_major" -lt 4 ]; then
  echo "check: $(command -v kubectl) embeds kustomize older than v4 (need kubectl >= 1.21):" >&2
  kubectl version --client >&2 || true
  exit 2
fi
if ! "$PYTHON" -c 'import yaml' 2>/dev/null; then
  echo "check: $PYTHON has no PyYAML (deploy/local/install.sh installs python3-yaml)" >&2
  exit 2
fi

# The realm import is generated from deploy/keycloak/archive-realm.json: it must not drift from it.
"$PYTHON" "$REPO/deploy/keycloak/k8s_realm_import.py" --check || exit 1

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
overlays=()
for dir in "$HERE"/overlays/*/; do
  name="$(basename "$dir")"
  if ! kubectl kustomize "$dir" >"$out/$name.yaml" 2>"$out/$name.err"; then
    echo "check: overlay $name does not render:" >&2
    cat "$out/$name.err" >&2
    exit 1
  fi
  overlays+=("$name=$out/$name.yaml")
done
[ ${#overlays[@]} -gt 0 ] || { echo "check: no overlay under $HERE/overlays" >&2; exit 1; }

"$PYTHON" "$HERE/validate.py" --repo "$REPO" --external "$HERE/external-secrets.txt" "${overlays[@]}" || exit 1

# npm writes node_modules/.package-lock.json on install: older than the lock file means the lock changed since
schemas="$HERE/schemas"
if [ ! -f "$schemas/node_modules/.package-lock.json" ] || [ "$schemas/package-lock.json" -nt "$schemas/node_modules/.package-lock.json" ]; then
  command -v npm >/dev/null 2>&1 || { echo "check: npm not found (deploy/local/install.sh checks for Node.js)" >&2; exit 2; }
  (cd "$schemas" && npm ci --no-audit --no-fund --loglevel=error) >&2 || { echo "check: npm ci of $schemas failed" >&2; exit 2; }
fi
exec node "$schemas/validate-schemas.mjs" "${overlays[@]}"
