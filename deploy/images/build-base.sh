#!/usr/bin/env bash
# Builds the services' base image without a Docker daemon or a container registry: a Java 17 runtime made by jlink
# from the build's own JDK, the shared libraries it links against taken from Debian's packages (found with ldd and
# dpkg -S, fetched with apt-get download), an unprivileged user 185, nothing else (no shell, no package manager).
# The result goes into podman's local store as $BASE_IMAGE and is saved as target/images/base.docker.tar, where Jib
# reads it (root pom, profile `images`; Jib reads a daemon's base image only through `docker`, which has no daemon).
# Idempotent: does nothing when the image exists, unless --force.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BASE_IMAGE="${BASE_IMAGE:-localhost/astroarchive/jre17:1}"
WORK="${IMAGES_WORK:-$(cd "$HERE/../.." && pwd)/target/images}"
JAVA17_HOME="${JAVA17_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}"
# The Java SE modules (java.se: the Kafka client needs java.rmi, STIL java.desktop, ...) and the JDK modules a
# service or an operator may use: EC crypto and DNS (OIDC, Kafka), sun.misc.Unsafe (Netty), zip file systems,
# charsets and locales, JFR and jcmd for diagnostics.
MODULES=java.se,jdk.charsets,jdk.crypto.ec,jdk.jcmd,jdk.jfr,jdk.localedata,jdk.management,jdk.management.agent,jdk.naming.dns,jdk.net,jdk.security.auth,jdk.unsupported,jdk.zipfs

if [ "${1:-}" != "--force" ] && podman image exists "$BASE_IMAGE" && [ -f "$WORK/base.docker.tar" ]; then
  echo "images: base $BASE_IMAGE present"; exit 0
fi

rm -rf "$WORK/rootfs" "$WORK/debs" && mkdir -p "$WORK/rootfs" "$WORK/debs"
root="$WORK/rootfs"
"$JAVA17_HOME/bin/jlink" --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files --compress=2 \
  --output "$root/opt/java"
# Headless: the X11, sound and splash-screen libraries are never loaded and would pull in X11 and ALSA.
rm -f "$root"/opt/java/lib/{libawt_xawt,libjsound,libsplashscreen}.so

libs="$(find "$root/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -exec ldd {} \; 2>/dev/null \
  | awk '$2 == "=>" && $3 ~ /^\// {print $3}' | grep -v "^$root" | sort -u)"
packages="$(for lib in $libs /lib64/ld-linux-x86-64.so.2; do
  dpkg -S "$lib" 2>/dev/null || dpkg -S "$(readlink -f "$lib")" 2>/dev/null || { echo "images: no package owns $lib" >&2; exit 1; }
done | cut -d: -f1 | sort -u)"
echo "images: base $BASE_IMAGE from jlink ($JAVA17_HOME) and Debian packages:" $packages
(cd "$WORK/debs" && apt-get download $packages >/dev/null 2>&1) || { echo "images: apt-get download failed" >&2; exit 1; }
for deb in "$WORK"/debs/*.deb; do dpkg-deb -x "$deb" "$root"; done
rm -rf "$root"/usr/share/{doc,man,locale,lintian,info}

mkdir -p "$root"/{tmp,home/jboss,deployments,etc}
chmod 1777 "$root/tmp"
printf 'root:x:0:0:root:/root:/sbin/nologin\njboss:x:185:185:archive service:/home/jboss:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\njboss:x:185:\n' > "$root/etc/group"
chown 185:185 "$root/home/jboss" "$root/deployments"
# The package list, for whoever audits the image (there is no dpkg database in it).
for deb in "$WORK"/debs/*.deb; do dpkg-deb -W --showformat='${Package} ${Version}\n' "$deb"; done > "$root/etc/image-packages"

tar -C "$root" --numeric-owner --sort=name -cf "$WORK/base-rootfs.tar" .
podman import --quiet \
  --change 'ENV JAVA_HOME=/opt/java' --change 'ENV PATH=/opt/java/bin:/usr/bin:/bin' \
  --change 'USER 185' --change 'WORKDIR /home/jboss' \
  --change 'LABEL org.opencontainers.image.title="astroarchive Java 17 base" org.opencontainers.image.source=deploy/images/build-base.sh' \
  "$WORK/base-rootfs.tar" "$BASE_IMAGE" >/dev/null
rm -f "$WORK/base.docker.tar" && podman save --quiet --format docker-archive -o "$WORK/base.docker.tar" "$BASE_IMAGE"
echo "images: base $BASE_IMAGE built ($WORK/base.docker.tar, $(du -h "$WORK/base.docker.tar" | cut -f1))"
