#!/usr/bin/env bash
# Renders every overlay of deploy/k8s with `kubectl kustomize` and validates the manifests offline (no cluster, no
# network): see validate.py for the rules. Run by the deploy-check module in `mvn verify`; also usable alone:
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

exec "$PYTHON" "$HERE/validate.py" --repo "$REPO" --external "$HERE/external-secrets.txt" "${overlays[@]}"
