#!/usr/bin/env bash
# Installs what the local stack and the integration tests need: Debian packages, the pgSphere fix, the
# Kafka / S3Proxy jars and the Keycloak distribution from Maven Central. Idempotent and quick when everything is
# already there.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
ARCHIVE_HOME="${ARCHIVE_HOME:-$REPO/.archive}"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"

# --- Debian packages ---------------------------------------------------------------------------------------
PACKAGES=(postgresql-15 postgresql-15-pgsphere postgresql-15-q3c redis-server stilts python3-pyvo fitsverify hdf5-tools
          python3-yaml chromium jsamp podman runc netavark)
# podman, runc (crun refuses a hybrid cgroup hierarchy) and netavark (the network backend podman was tested with;
# installed without recommends, it might get another): the service images, deploy/images/ and ContainerImagesIT.
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
# kubectl renders the Kubernetes overlays in the tests (deploy/k8s/check.sh). This machine image ships the package
# `kubectl`; Debian's archive has it as `kubernetes-client` (1.20, whose built-in kustomize is too old for the
# overlays: check.sh then says so).
if ! command -v kubectl >/dev/null 2>&1 && ! dpkg -s kubectl >/dev/null 2>&1; then
  missing+=(kubernetes-client)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "install: apt packages ${missing[*]}"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  # The packages' own system services (postgres on 5432, redis on 6379) are never used: the stack runs private
  # servers from component.sh. Where the package manager started them, stop them so nothing is left running.
  for svc in redis-server postgresql; do
    if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$svc" 2>/dev/null; then
      $SUDO systemctl disable --now "$svc" >/dev/null 2>&1 || true
    elif [ -x "/etc/init.d/$svc" ] && service "$svc" status >/dev/null 2>&1; then
      $SUDO service "$svc" stop >/dev/null 2>&1 || true
    fi
  done
fi

# --- pgSphere fix ------------------------------------------------------------------------------------------
# Debian's pgSphere fails CREATE EXTENSION on PostgreSQL >= 15.10: pgsphere-fix.sh patches its extension script (the
# PostgreSQL image gets the same fix, deploy/images/build-postgres.sh).
$SUDO bash "$HERE/pgsphere-fix.sh"

# --- Server jars from Maven Central --------------------------------------------------------------------------
# One folder per server (a Maven profile each) so their class paths never mix. The marker holds the pom's
# checksum: editing a version in the pom re-downloads on the next run.
POM="$HERE/components/pom.xml"
pom_sum="$(sha256sum "$POM" | cut -d' ' -f1)"
for component in kafka s3proxy; do
  dir="$ARCHIVE_HOME/lib/$component"
  [ "$(cat "$dir/.installed" 2>/dev/null)" = "$pom_sum" ] && continue
  echo "install: $component jars into $dir"
  rm -rf "$dir" "$dir.tmp"
  mkdir -p "$ARCHIVE_HOME/logs"
  log="$ARCHIVE_HOME/logs/install-$component.log"
  # Output goes to a log (Maven 3.8 prints stray colour codes even with -B -q); shown only on failure.
  if ! mvn -B -q -f "$POM" -P "$component" dependency:copy-dependencies -DoutputDirectory="$dir.tmp" >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "install: downloading the $component jars failed (full output: $log)" >&2
    exit 1
  fi
  mv "$dir.tmp" "$dir"
  echo "$pom_sum" > "$dir/.installed"
done

# --- Keycloak ------------------------------------------------------------------------------------------------
# The server distribution (a zip on Maven Central), unpacked into lib/keycloak and built once for the options
# component.sh starts it with (`start --optimized`: no re-augmentation, so instances never write into it).
dir="$ARCHIVE_HOME/lib/keycloak"
if [ "$(cat "$dir/.installed" 2>/dev/null)" != "$pom_sum" ]; then
  echo "install: Keycloak into $dir (download ~170 MB, then a one-time build of ~40 s)"
  rm -rf "$dir" "$dir.tmp"
  mkdir -p "$ARCHIVE_HOME/logs"
  log="$ARCHIVE_HOME/logs/install-keycloak.log"
  # overWriteReleases: unpack even when the plugin's marker (components/target) says it was done before
  if ! mvn -B -q -f "$POM" -P keycloak dependency:unpack -Dmdep.overWriteReleases=true \
       -DoutputDirectory="$dir.tmp" >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "install: downloading Keycloak failed (full output: $log)" >&2
    exit 1
  fi
  mv "$dir.tmp"/keycloak-* "$dir"
  rm -rf "$dir.tmp"
  # Build-time options only; run-time ones (ports, hostname, cache) are in each instance's conf (component.sh).
  if ! "$dir/bin/kc.sh" build --db=dev-file --health-enabled=false --metrics-enabled=false >>"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "install: kc.sh build failed (full output: $log)" >&2
    rm -rf "$dir"
    exit 1
  fi
  echo "$pom_sum" > "$dir/.installed"
fi

# --- Node.js for the portal's build (portal-gateway runs npm) ------------------------------------------------
# Vite 8 needs Node >= 20.19; Debian 12's nodejs package is 18, so it cannot be installed from here: the machine
# image provides Node 20. Say so clearly instead of failing later inside the Maven build.
if ! node_version="$(node --version 2>/dev/null)" || ! command -v npm >/dev/null 2>&1; then
  echo "install: Node.js >= 20.19 and npm are needed to build the portal (Debian 12's nodejs 18 is too old)" >&2
  exit 1
fi
IFS=. read -r node_major node_minor _ <<< "${node_version#v}"
if [ "$node_major" -lt 20 ] || { [ "$node_major" -eq 20 ] && [ "$node_minor" -lt 19 ]; }; then
  echo "install: Node.js $node_version found; the portal's build (Vite 8) needs >= 20.19" >&2
  exit 1
fi
