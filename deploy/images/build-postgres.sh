#!/usr/bin/env bash
# Builds the PostgreSQL image of CloudNativePG's Cluster archive-pg (image variable archive-postgres-pgsphere) without
# a container registry, from Debian 12's packages only: a root file system made by mmdebstrap from the Debian mirror
# this machine's apt uses, with postgresql-15, postgresql-15-pgsphere (with the fix the local stack applies,
# deploy/local/pgsphere-fix.sh), postgresql-15-q3c, barman-cli-cloud (the prod overlay's barmanObjectStore backups run
# barman-cloud-backup and barman-cloud-wal-archive in the pod), the locales C.UTF-8 and en_US.UTF-8, and user postgres
# with uid and gid 26, as which CloudNativePG runs the instance. PostgreSQL's binaries are on PATH (the operator runs
# initdb, postgres, pg_ctl, pg_controldata, pg_basebackup); no entrypoint (the operator brings its instance manager).
# The package versions are listed in the image's /etc/image-packages.
# The result goes into podman's local store as $PG_IMAGE and is saved as target/images/postgres-pgsphere.docker.tar,
# but only once it has passed its check, run in the image as uid 26 on a read-only root: the binaries above are on
# PATH, Barman Cloud's Python modules load, initdb and pg_ctl start a scratch cluster, CREATE EXTENSION pg_sphere and
# q3c work, and a cone query finds the same rows through a pgSphere GiST index and through q3c.
# Idempotent: does nothing when the image exists and was built by this script as it is now (label
# org.astroarchive.recipe), unless --force, which takes the mirror's current packages (security updates).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
PG_IMAGE="${PG_IMAGE:-localhost/astroarchive/postgres-pgsphere:15}"
WORK="${IMAGES_WORK:-$REPO/target/images}"
TAR="$WORK/postgres-pgsphere.docker.tar"
FIX="$REPO/deploy/local/pgsphere-fix.sh"
PACKAGES=postgresql-15,postgresql-15-pgsphere,postgresql-15-q3c,barman-cli-cloud,locales
# runc: Debian's crun refuses a hybrid cgroup hierarchy; the ulimits: podman raises them by default, which needs
# CAP_SYS_RESOURCE, absent in sandboxes like CI's (as system-tests' QuarkusApp runs the service images)
PODMAN_RUN=(podman --runtime runc run --rm --ulimit nofile=4096:4096 --ulimit nproc=4096:4096)

recipe="$(cat "$HERE/build-postgres.sh" "$FIX" | sha256sum | cut -c1-16)"
if [ "${1:-}" != "--force" ] && podman image exists "$PG_IMAGE" \
   && [ "$(podman image inspect --format '{{index .Config.Labels "org.astroarchive.recipe"}}' "$PG_IMAGE")" = "$recipe" ]; then
  if [ ! -f "$TAR" ]; then
    mkdir -p "$WORK" && podman save --quiet --format docker-archive -o "$TAR" "$PG_IMAGE"
  fi
  echo "images: postgres $PG_IMAGE present"; exit 0
fi
started=$SECONDS
# mmdebstrap's root mode, chroot, files of uid 26 in the tar, and the store of root's podman, where CI finds the image
[ "$(id -u)" -eq 0 ] || { echo "images: build-postgres.sh runs as root" >&2; exit 1; }

if ! command -v mmdebstrap >/dev/null 2>&1; then
  echo "images: installing mmdebstrap"
  env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
  env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends mmdebstrap >/dev/null
fi

# The machine's own Debian 12 sources (whatever mirror its apt is set up with; other origins left out), as apt sees
# them: "deb URI SUITE main" for bookworm, its updates and its security suite.
debian_sources() {
  apt-cache policy | awk '
    $1 ~ /^[0-9]+$/ && $2 ~ /:\/\// && $NF == "Packages" { uri = $2; split($3, part, "/"); suite = part[1]; next }
    $1 == "release" && uri != "" {
      if ($2 ~ /(^|,)o=Debian(,|$)/ && suite ~ /^bookworm(-|$)/) print "deb " uri " " suite " main"
      uri = ""
    }' | sort -u
}
mapfile -t sources < <(debian_sources)
if [ ${#sources[@]} -eq 0 ]; then
  apt-get update -q >/dev/null
  mapfile -t sources < <(debian_sources)
fi
[[ " ${sources[*]} " == *" bookworm main "* ]] \
  || { echo "images: no Debian bookworm source in this machine's apt sources (apt-cache policy)" >&2; exit 1; }
# The machine's apt settings that decide whether its mirror can be reached and trusted as it is set up here.
aptopts=()
while IFS= read -r option; do aptopts+=(--aptopt="$option"); done \
  < <(apt-config dump | grep -iE '^Acquire::(Check-Valid-Until|Check-Date|https?::Proxy) ' || true)

root="$WORK/postgres-rootfs"
# mmdebstrap mounts /dev, /proc and /sys inside while it runs: a run killed midway may leave them there
if findmnt -rn -o TARGET | grep "^$root/" >/dev/null; then
  echo "images: file systems still mounted under $root (a killed build?): umount them first" >&2; exit 1
fi
rm -rf --one-file-system "$root" "$WORK/postgres-rootfs.tar" && mkdir -p "$WORK"
echo "images: postgres $PG_IMAGE from Debian packages ($PACKAGES) of" "${sources[@]#deb }"
log="$WORK/postgres-mmdebstrap.log"
# Before the packages: user and group postgres with id 26 (Debian's group 26, tape, goes: nothing here uses it), so
# that postgresql-common keeps them, and no "main" cluster at install (CloudNativePG runs initdb itself).
# After: the shadow entries of the new user, and en_US.UTF-8 besides glibc's built-in C.UTF-8.
if ! mmdebstrap --mode=root --variant=apt --include="$PACKAGES" "${aptopts[@]}" \
     --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
     --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*' \
     --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-include=/usr/share/locale/locale.alias' \
     --dpkgopt='path-exclude=/usr/share/lintian/*' \
     --essential-hook='set -e
       sed -i "/^tape:/d" "$1/etc/group"; [ ! -f "$1/etc/gshadow" ] || sed -i "/^tape:/d" "$1/etc/gshadow"
       echo "postgres:x:26:" >> "$1/etc/group"
       echo "postgres:x:26:26:PostgreSQL administrator:/var/lib/postgresql:/bin/bash" >> "$1/etc/passwd"
       mkdir -p "$1/etc/postgresql-common/createcluster.d"
       echo "create_main_cluster = false" > "$1/etc/postgresql-common/createcluster.d/no-main-cluster.conf"' \
     --customize-hook='set -e; chroot "$1" pwconv; chroot "$1" grpconv
       chroot "$1" localedef -i en_US -c -f UTF-8 -A /usr/share/locale/locale.alias en_US.UTF-8' \
     bookworm "$root" "${sources[@]}" >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  echo "images: mmdebstrap failed (full output: $log)" >&2
  exit 1
fi

bash "$FIX" "$root/usr/share/postgresql/15/extension/pg_sphere--1.2.0.sql"
# Nothing a pod needs: apt's lists and caches, logs of the build, the snake-oil key ssl-cert made for this build, and
# this machine's apt settings (mmdebstrap keeps the --aptopt ones in the image).
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/var/cache/debconf/*-old "$root"/var/log/*.log \
  "$root"/etc/ssl/private/ssl-cert-snakeoil.key "$root"/etc/ssl/certs/ssl-cert-snakeoil.pem \
  "$root"/etc/apt/apt.conf.d/99mmdebstrap
install -d -o 26 -g 26 -m 0700 "$root/var/lib/postgresql"
dpkg-query --admindir="$root/var/lib/dpkg" -W --showformat='${Package} ${Version}\n' > "$root/etc/image-packages"
versions="$(grep -E '^(postgresql-15|postgresql-15-pgsphere|postgresql-15-q3c|barman-cli-cloud) ' "$root/etc/image-packages" \
  | paste -sd, | sed 's/,/, /g')"

tar -C "$root" --numeric-owner --sort=name -cf "$WORK/postgres-rootfs.tar" .
rm -rf --one-file-system "$root"
candidate="$(podman import --quiet \
  --change 'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' --change 'USER 26' --change 'WORKDIR /var/lib/postgresql' \
  --change 'LABEL org.opencontainers.image.title="astroarchive PostgreSQL 15 with pgSphere and q3c for CloudNativePG" org.opencontainers.image.source=deploy/images/build-postgres.sh' \
  --change "LABEL org.astroarchive.recipe=$recipe" \
  "$WORK/postgres-rootfs.tar")"
rm -f "$WORK/postgres-rootfs.tar"

# The check, as CloudNativePG would run the image (uid 26, read-only root; podman puts a tmpfs on /tmp).
if ! check="$("${PODMAN_RUN[@]}" -i --network none --read-only --user 26:26 "$candidate" sh -s 2>&1 <<'CHECK'
set -eu
for tool in initdb postgres pg_ctl pg_controldata pg_basebackup du barman-cloud-backup barman-cloud-backup-delete \
    barman-cloud-backup-list barman-cloud-check-wal-archive barman-cloud-restore barman-cloud-wal-archive \
    barman-cloud-wal-restore; do
  command -v "$tool" >/dev/null || { echo "not on PATH: $tool"; exit 1; }
done
[ "$(id -un):$(id -u):$(id -g)" = postgres:26:26 ] || { echo "user: $(id)"; exit 1; }
locale -a | grep -qx en_US.utf8 && locale -a | grep -qx C.utf8 || { echo "locales: $(locale -a)"; exit 1; }
python3 -c 'import boto3, barman.clients.cloud_backup, barman.clients.cloud_walarchive'
d="$(mktemp -d)"
initdb -D "$d/pgdata" -U postgres --encoding=UTF8 --lc-collate=C --lc-ctype=C >"$d/initdb.log" || { cat "$d/initdb.log"; exit 1; }
pg_ctl -D "$d/pgdata" -w -l "$d/server.log" -o "-c listen_addresses= -k $d" start >/dev/null || { cat "$d/server.log"; exit 1; }
psql -h "$d" -U postgres -d postgres -v ON_ERROR_STOP=1 -Atq <<'SQL'
CREATE EXTENSION pg_sphere;
CREATE EXTENSION q3c;
CREATE TABLE sky AS SELECT i * 0.01 AS ra, i * 0.01 AS dec FROM generate_series(0, 1000) i;
CREATE INDEX ON sky USING gist (spoint(radians(ra), radians(dec)));
CREATE INDEX ON sky (q3c_ang2ipix(ra, dec));
ANALYZE sky;
SET enable_seqscan = off;
SELECT 'cone ' || (SELECT count(*) FROM sky WHERE spoint(radians(ra), radians(dec)) @ scircle(spoint(radians(5), radians(5)), radians(0.05)))
       || ' ' || (SELECT count(*) FROM sky WHERE q3c_radial_query(ra, dec, 5, 5, 0.05));
SQL
pg_ctl -D "$d/pgdata" -w stop >/dev/null
CHECK
)" || [ "$(printf '%s\n' "$check" | tail -n 1)" != "cone 7 7" ]; then
  printf '%s\n' "$check" >&2
  podman rmi --force "$candidate" >/dev/null 2>&1 || true
  echo "images: the PostgreSQL image failed its check (above); $PG_IMAGE is left as it was" >&2
  exit 1
fi

previous="$(podman image inspect --format '{{.Id}}' "$PG_IMAGE" 2>/dev/null || true)"
podman tag "$candidate" "$PG_IMAGE"
# the image this one replaces, unless a container still uses it
[ -z "$previous" ] || [ "$previous" = "$candidate" ] || podman rmi "$previous" >/dev/null 2>&1 || true
rm -f "$TAR" && podman save --quiet --format docker-archive -o "$TAR" "$PG_IMAGE"
echo "images: postgres $PG_IMAGE built and checked in $((SECONDS - started)) s ($versions; $TAR, $(du -h "$TAR" | cut -f1))"
