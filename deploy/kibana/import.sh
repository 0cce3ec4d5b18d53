#!/usr/bin/env bash
# Imports the archive's data view, searches, Lens panels and dashboards into Kibana (saved-objects API), replacing
# earlier versions of the same ids. Kibana 8.8 or later.
#   KIBANA_URL=https://localhost:5601 KIBANA_USER=elastic KIBANA_PASSWORD=... deploy/kibana/import.sh
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
: "${KIBANA_URL:?set KIBANA_URL, e.g. https://localhost:5601 (kubectl -n archive port-forward svc/archive-kibana-kb-http 5601)}"
: "${KIBANA_USER:=elastic}"
: "${KIBANA_PASSWORD:?set KIBANA_PASSWORD (secret archive-es-es-elastic-user)}"
# -k: ECK's self-signed certificate when reached through a port-forward
response="$(curl -sS -k -u "$KIBANA_USER:$KIBANA_PASSWORD" -H 'kbn-xsrf: archive' \
  -X POST "$KIBANA_URL/api/saved_objects/_import?overwrite=true" \
  --form file=@"$HERE/archive-dashboards.ndjson")"
if printf '%s' "$response" | grep -q '"success":true'; then
  echo "imported $(printf '%s' "$response" | sed -n 's/.*"successCount":\([0-9]*\).*/\1/p') saved objects"
else
  echo "import failed: $response" >&2
  exit 1
fi
