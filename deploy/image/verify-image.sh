#!/usr/bin/env bash
# Checks the image tarball the `image` profile builds (a `docker save` tarball, as Jib's buildTar writes it):
#   1. skopeo reads it, and its configuration is what deploy/kubernetes expects: linux, a non-root numeric user,
#      the launcher's main class as entrypoint, ports 8080 (metrics), 8081 (health), 9443 (webhooks), ORKESTRA_LOG_LEVEL;
#   2. its entrypoint runs `orkestra version` inside the image, printing the version and the image's Java.
#
#   deploy/image/verify-image.sh [IMAGE_TAR]   (default: orkestra-launcher/target/orkestra-image.tar)
#
# How step 2 runs is ORKESTRA_IMAGE_RUNNER: `podman`, `chroot`, or `auto` (the default: podman when it is
# installed, else chroot). Both need root. On the java-maven machines (docs/deploying.md says why):
#   podman  runs it with `--runtime runc` (crun refuses the machine's hybrid cgroup v1/v2 layout) and lowered
#           nofile/nproc limits (the sandbox has no CAP_SYS_RESOURCE, and podman's defaults would raise them);
#   chroot  unpacks the layers into a folder and runs the entrypoint there with `chroot --userspec`, as the image's
#           user, with the image's environment and working directory, and a /proc of its own (`unshare --mount-proc`).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
tarball=${1:-$root/orkestra-launcher/target/orkestra-image.tar}
runner=${ORKESTRA_IMAGE_RUNNER:-auto}
image=docker-archive:$tarball
fail() { echo "verify-image: $*" >&2; exit 1; }

command -v skopeo >/dev/null || fail "skopeo is missing (Debian's skopeo)"
[ -f "$tarball" ] || fail "$tarball is missing; build it with: mvn -B -pl orkestra-launcher -Pimage package -DskipTests"

# --- 1. the configuration, read by skopeo (once from the tarball into a folder, then from there) ---
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
skopeo copy --quiet "$image" "dir:$work/image"
platform=$(skopeo inspect --format '{{.Os}}/{{.Architecture}}' "dir:$work/image")
cfg() { skopeo inspect --config --format "$1" "dir:$work/image"; }
nl=$'\n'
user=$(cfg '{{.Config.User}}')
lines() { mapfile -t "$1" < <(printf '%s' "$2"); }  # lines ARRAY TEXT
lines entrypoint "$(cfg "{{range .Config.Entrypoint}}{{.}}$nl{{end}}")"
lines cmd "$(cfg "{{range .Config.Cmd}}{{.}}$nl{{end}}")"
lines env "$(cfg "{{range .Config.Env}}{{.}}$nl{{end}}")"
ports=$(cfg '{{range $p, $v := .Config.ExposedPorts}}{{$p}} {{end}}')
workdir=$(cfg '{{.Config.WorkingDir}}')
echo "image:      $tarball ($(du -h "$tarball" | cut -f1), $platform)"
echo "entrypoint: ${entrypoint[*]}"
echo "user:       $user   ports: $ports  workdir: ${workdir:-/}"
[ "${platform%%/*}" = linux ] || fail "expected a linux image, got $platform"
[[ $user =~ ^[0-9]+(:[0-9]+)?$ ]] || fail "the user must be numeric (runAsNonRoot checks it), got '$user'"
[ "${user%%:*}" != 0 ] || fail "the image runs as root"
[[ " ${entrypoint[*]} " == *" io.orkspace.orkestra.launcher.Main "* || " ${entrypoint[*]} " == *orkestra.jar* ]] \
  || fail "the entrypoint does not start the launcher: ${entrypoint[*]}"
for p in 8080/tcp 8081/tcp 9443/tcp; do [[ " $ports" == *" $p "* ]] || fail "port $p is not exposed"; done
printf '%s\n' "${env[@]}" | grep -q '^ORKESTRA_LOG_LEVEL=' || fail "ORKESTRA_LOG_LEVEL is not set"

# --- 2. `orkestra version` inside the image ---
if [ "$runner" = auto ]; then
  if command -v podman >/dev/null; then runner=podman; else runner=chroot; fi
fi
[ "$(id -u)" = 0 ] || fail "running the image with $runner needs root"
case $runner in
  podman)
    runtime=()
    if command -v runc >/dev/null; then runtime=(--runtime runc); fi
    out=$(podman "${runtime[@]}" run --rm --quiet --network none --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 \
      "$image" version 2>&1) || fail "podman run failed: $out"
    ;;
  chroot)
    mkdir "$work/rootfs"
    # the layers in order; GNU tar sees by itself whether one is gzipped. (Jib's layers only add files: no whiteouts.)
    for layer in $(skopeo inspect --format '{{range .Layers}}{{.}} {{end}}' "dir:$work/image"); do
      tar --warning=no-unknown-keyword -xf "$work/image/${layer#sha256:}" -C "$work/rootfs" --same-owner --numeric-owner
    done
    # glibc finds the JRE's libjli.so through $ORIGIN, which it reads from /proc/self/exe: the chroot needs a /proc,
    # mounted in a mount namespace of its own so that nothing is left mounted afterwards.
    out=$(unshare --mount --pid --fork --mount-proc="$work/rootfs/proc" chroot --userspec="$user" "$work/rootfs" /usr/bin/env -i -C "${workdir:-/}" "${env[@]}" \
      "${entrypoint[@]}" "${cmd[@]}" version 2>&1) || fail "chroot run failed: $out"
    ;;
  *) fail "ORKESTRA_IMAGE_RUNNER: expected podman, chroot or auto, got $runner" ;;
esac
echo "$runner: orkestra version ->"
echo "$out" | sed 's/^/  /'
grep -q '^orkestra [0-9]' <<<"$out" || fail "'orkestra version' printed no version"
echo "verify-image: ok"
