#!/usr/bin/env bash
# Builds the base image the `image` profile of orkestra-launcher uses on machines that cannot pull one: a minimal
# Debian bookworm root filesystem with a headless JRE 17, made by mmdebstrap from Debian's packages, packed as an
# OCI layout and converted by skopeo into a `docker save` tarball, the format Jib reads as `tar://...`.
#
#   deploy/image/build-base.sh [OUTPUT]      (default: deploy/image/target/orkestra-base.tar; rebuilt)
#   deploy/image/build-base.sh --for IMAGE   (the profile: builds tar://PATH only when PATH is missing)
#
# Needs root (mmdebstrap's root mode) or unprivileged user namespaces (its unshare mode), and Debian's apt sources.
# mmdebstrap and skopeo are installed with apt when missing. The production build does not use this script: it
# builds on a standard JRE base, e.g. -Djib.from.image=eclipse-temurin:17-jre (docs/deploying.md).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ "${1:-}" = --for ]; then
  # From the `image` profile: --for JIB_FROM_IMAGE. Only a missing tar:// base is built; a registry image is Jib's.
  case ${2:-} in
    tar://*) out=${2#tar://}; if [ -f "$out" ]; then echo "base image: $out"; exit 0; fi ;;
    *) echo "base image: ${2:-} (pulled by Jib)"; exit 0 ;;
  esac
else
  out=${1:-$here/target/orkestra-base.tar}
fi
suite=${ORKESTRA_BASE_SUITE:-bookworm}
mirror=${ORKESTRA_BASE_MIRROR:-http://deb.debian.org/debian}
security=${ORKESTRA_BASE_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
arch=$(dpkg --print-architecture)
# The non-root user of the image (numeric, so Kubernetes' runAsNonRoot can check it without /etc/passwd).
uid=65532

need() {  # need BINARY PACKAGE
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" != 0 ]; then echo "build-base.sh: $1 is missing; install Debian's $2" >&2; exit 2; fi
  echo "Installing $2..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$2" >/dev/null \
    || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$2" >/dev/null; }
}
need mmdebstrap mmdebstrap
need skopeo skopeo

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$(dirname "$out")"

# 1. The root filesystem. `essential` is the smallest variant that still runs maintainer scripts, which the JRE
#    needs (ca-certificates-java writes the cacerts keystore, update-alternatives links /usr/bin/java). Docs, man
#    pages and locales are never unpacked; apt's lists and caches are removed. Valid-Until is not checked so a
#    snapshot mirror works. (update-alternatives still wants man1/ for the links of the man pages it never gets.)
mmdebstrap --variant=essential --architectures="$arch" \
  --include=openjdk-17-jre-headless,ca-certificates \
  --setup-hook='mkdir -p "$1/usr/share/man/man1"' \
  --aptopt='Acquire::Check-Valid-Until "false"' \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
  --dpkgopt='path-exclude=/usr/share/info/*' \
  --customize-hook="echo 'orkestra:x:$uid:$uid:orkestra:/home/orkestra:/usr/sbin/nologin' >> \"\$1/etc/passwd\"" \
  --customize-hook="echo 'orkestra:x:$uid:' >> \"\$1/etc/group\"" \
  --customize-hook="mkdir -p \"\$1/home/orkestra\" && chown $uid:$uid \"\$1/home/orkestra\"" \
  --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/* "$1"/var/log/*.log "$1"/var/cache/ldconfig/aux-cache' \
  "$suite" "$work/rootfs.tar" \
  "deb $mirror $suite main" "deb $mirror $suite-updates main" "deb $security $suite-security main"

# 2. An OCI image layout holding that tarball as its one layer (uncompressed: its digest is also its diff_id).
layout=$work/oci
mkdir -p "$layout/blobs/sha256"
layer=$(sha256sum "$work/rootfs.tar" | cut -d' ' -f1)
mv "$work/rootfs.tar" "$layout/blobs/sha256/$layer"
java_home=/usr/lib/jvm/java-17-openjdk-$arch
blob() {  # blob FILE -> prints "DIGEST SIZE" after moving FILE into blobs/
  local d s; d=$(sha256sum "$1" | cut -d' ' -f1); s=$(stat -c %s "$1"); mv "$1" "$layout/blobs/sha256/$d"; echo "$d $s"
}
cat > "$work/config.json" <<JSON
{"architecture":"$arch","os":"linux",
 "config":{"User":"$uid:$uid","WorkingDir":"/home/orkestra",
  "Env":["PATH=$java_home/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=$java_home","LANG=C.UTF-8"],
  "Labels":{"org.opencontainers.image.title":"orkestra-base","org.opencontainers.image.description":"Debian $suite with openjdk-17-jre-headless, built by deploy/image/build-base.sh"}},
 "rootfs":{"type":"layers","diff_ids":["sha256:$layer"]},
 "history":[{"created_by":"deploy/image/build-base.sh: mmdebstrap --variant=essential --include=openjdk-17-jre-headless $suite"}]}
JSON
read -r config config_size < <(blob "$work/config.json")
cat > "$work/manifest.json" <<JSON
{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
 "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:$config","size":$config_size},
 "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:$layer","size":$(stat -c %s "$layout/blobs/sha256/$layer")}]}
JSON
read -r manifest manifest_size < <(blob "$work/manifest.json")
echo '{"imageLayoutVersion":"1.0.0"}' > "$layout/oci-layout"
cat > "$layout/index.json" <<JSON
{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:$manifest","size":$manifest_size,
 "annotations":{"org.opencontainers.image.ref.name":"17"}}]}
JSON

# 3. Jib's tar:// takes a `docker save` tarball (manifest.json + config + layers), not an OCI layout: skopeo converts.
rm -f "$out"
skopeo copy --quiet "oci:$layout:17" "docker-archive:$out:orkestra-base:17"
echo "$out ($(du -h "$out" | cut -f1)): $(skopeo inspect --format '{{.Os}}/{{.Architecture}}, {{len .Layers}} layer' "docker-archive:$out")"
