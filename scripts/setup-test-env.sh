#!/usr/bin/env bash
# Prepares a Debian 12 or 13 machine (a CI runner, a dev container) for the integration tests: installs the
# programs they drive and starts the two Docker daemons they build on. Idempotent: run it as often as you like.
#
#   sudo bash scripts/setup-test-env.sh
#
# What GitHub's ubuntu-24.04 runners have is Docker 28 with buildx on the classic image store; the tests
# drive that shape and the containerd image store side by side:
#   - Docker ≥ 23 with the buildx plugin: Debian 13's docker.io / docker-cli / docker-buildx / containerd.
#     On Debian 12 they come from Debian's trixie suite through a private apt sources list (the machine's own
#     sources stay as they are): their dependencies are met by Debian 12's libc, runc and iptables.
#   - dockerd on the default socket with the classic image store (the runners' `default` builder);
#   - a second dockerd with the containerd image store on unix:///run/image-action-cs/docker.sock, with its
#     own data-root, exec-root, pidfile and bridge (`--bridge none` would delete docker0 for the other one);
#   - Debian 12's docker 20.10 client, unpacked to /opt/image-action/docker-20.10/docker: the old-client
#     path (DOCKER_BUILDKIT=1 docker build on the daemon's built-in BuildKit) stays tested for real.
#   - Debian's busybox-static for arm64 (amd64 on an arm64 machine), unpacked to
#     /opt/image-action/busybox-<arch>/busybox: the tests' multi-platform base image, built without any engine.
#
# Environment: DOCKERD_LOG (default /tmp/image-action-dockerd.log), DOCKERD_WAIT_SECONDS (default 60).
set -euo pipefail

DOCKER=/usr/bin/docker
DOCKERD_LOG=${DOCKERD_LOG:-/tmp/image-action-dockerd.log}
CS_DIR=/run/image-action-cs
CS_HOST=unix://$CS_DIR/docker.sock
CS_LOG=${DOCKERD_LOG%.log}-containerd-store.log
CS_BRIDGE=iacs0
CS_BRIDGE_ADDR=172.30.0.1/24
OLD_CLIENT_DIR=/opt/image-action/docker-20.10
APT_PRIVATE=/var/cache/image-action-apt
BUSYBOX_DIR_PREFIX=/opt/image-action/busybox
DOCKERD_WAIT_SECONDS=${DOCKERD_WAIT_SECONDS:-60}

say() { printf 'setup-test-env: %s\n' "$*"; }
die() {
  printf 'setup-test-env: ERROR: %s\n' "$*" >&2
  exit 1
}

# Installing packages and starting dockerd need root; CI runners usually have passwordless sudo.
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || die "must run as root (and sudo is not available)"
  say "re-running with sudo"
  exec sudo --preserve-env=DOCKERD_LOG,DOCKERD_WAIT_SECONDS bash "$0" "$@"
fi

# ---- packages ----

package_installed() {
  [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == 'install ok installed' ]]
}

# A package counts as present when what the tests call is there, whichever package provides it: GitHub's
# Ubuntu images ship Docker from docker-ce / moby, and docker.io would conflict with them.
# busybox must be the static build, since the tests copy it into an image.
package_needed() {
  case $1 in
    docker-registry) ! command -v docker-registry >/dev/null 2>&1 ;;
    apache2-utils) ! command -v htpasswd >/dev/null 2>&1 ;;
    busybox-static) ! package_installed busybox-static ;;
    *) ! command -v "$1" >/dev/null 2>&1 ;;
  esac
}

apt_updated=false
apt_update_once() {
  if ! $apt_updated; then
    apt-get update -qq || die "apt-get update failed"
    apt_updated=true
  fi
}

install_packages() {
  local missing=() package
  for package in docker-registry buildah skopeo busybox-static openssl apache2-utils qemu-user-static; do
    if package_needed "$package"; then missing+=("$package"); fi
  done
  # qemu-user-static's binaries are named per architecture.
  if [[ " ${missing[*]} " == *" qemu-user-static "* ]] && package_installed qemu-user-static; then
    missing=("${missing[@]/qemu-user-static/}")
  fi
  if [[ -z ${missing[*]// /} ]]; then
    say "packages: all present"
    return
  fi
  command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]}, and apt-get is not available to install them"
  say "packages: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt_update_once
  # shellcheck disable=SC2068 # the empty slots left by the qemu check must vanish
  apt-get install -y -qq --no-install-recommends ${missing[@]} || die "apt-get install ${missing[*]} failed"
}

# Downloads packages of another Debian suite with a private sources list and state, into $APT_PRIVATE/<suite>;
# `--arch ARCH` first: packages of another architecture, with their own state in $APT_PRIVATE/<suite>-<arch>
# (the machine's dpkg architectures stay as they are).
fetch_suite_debs() {
  local arch=
  if [[ $1 == --arch ]]; then
    arch=$2
    shift 2
  fi
  local suite=$1
  shift
  local dir=$APT_PRIVATE/$suite${arch:+-$arch} keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  [[ -f $keyring ]] || { apt_update_once; apt-get install -y -qq debian-archive-keyring >/dev/null || die "no Debian keyring"; }
  mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial" "$dir/debs"
  echo "deb [signed-by=$keyring] http://deb.debian.org/debian $suite main" >"$dir/sources.list"
  local opts=(-o "Dir::Etc::sourcelist=$dir/sources.list" -o Dir::Etc::sourceparts=- -o "Dir::State::Lists=$dir/lists"
    -o "Dir::Cache=$dir/cache" -o APT::Get::List-Cleanup=0)
  [[ -z $arch ]] || opts+=(-o "APT::Architecture=$arch" -o "APT::Architectures::=$arch")
  apt-get "${opts[@]}" update -qq || die "apt-get update for Debian $suite failed"
  rm -f "$dir/debs"/*.deb
  (cd "$dir/debs" && apt-get "${opts[@]}" download "${@/%//$suite}" >/dev/null 2>&1) || die "could not download $* from Debian $suite"
  ls "$dir/debs"/*.deb
}

# `docker version` exits 1 while no daemon answers (a fresh machine, before the engines start), yet it prints the
# client's version: only the printed version counts.
client_major() {
  { "$DOCKER" version --format '{{.Client.Version}}' 2>/dev/null || true; } | sed -n 's/^\([0-9]*\)\..*/\1/p' | head -n1
}

# Docker ≥ 23 with the buildx plugin, as on the runners. GitHub's images already have docker-ce + buildx.
install_docker() {
  local major
  major=$(client_major)
  if [[ -x $DOCKER && -n $major && $major -ge 23 ]] && "$DOCKER" buildx version >/dev/null 2>&1 && command -v dockerd >/dev/null 2>&1; then
    say "docker: client $("$DOCKER" version --format '{{.Client.Version}}' 2>/dev/null || true) with $("$DOCKER" buildx version | head -n1)"
    return
  fi
  export DEBIAN_FRONTEND=noninteractive
  local packages=(docker.io docker-cli docker-buildx containerd)
  # shellcheck disable=SC1091
  if [[ $(. /etc/os-release && echo "${VERSION_CODENAME:-}") == trixie ]]; then
    apt_update_once
    apt-get install -y -qq --no-install-recommends "${packages[@]}" || die "apt-get install ${packages[*]} failed"
  else
    say "docker: installing ${packages[*]} from Debian trixie"
    local debs
    mapfile -t debs < <(fetch_suite_debs trixie "${packages[@]}")
    apt_update_once
    apt-get install -y -qq --no-install-recommends "${debs[@]}" || die "installing ${packages[*]} from trixie failed"
  fi
  "$DOCKER" buildx version >/dev/null 2>&1 || die "docker buildx is still missing after installing ${packages[*]}"
}

# Debian 12's docker 20.10 client, next to the new one: the engine path for docker < 23 without buildx.
install_old_client() {
  [[ -x $OLD_CLIENT_DIR/docker ]] && { say "docker: old client present ($OLD_CLIENT_DIR/docker)"; return; }
  say "docker: unpacking Debian 12's docker 20.10 client to $OLD_CLIENT_DIR"
  local deb unpack
  deb=$(fetch_suite_debs bookworm docker.io | head -n1)
  unpack=$(mktemp -d)
  dpkg-deb -x "$deb" "$unpack"
  mkdir -p "$OLD_CLIENT_DIR"
  install -m 0755 "$unpack/usr/bin/docker" "$OLD_CLIENT_DIR/docker"
  rm -rf "$unpack"
}

# Debian's static busybox of the other architectures the multi-platform tests build for, unpacked to
# $BUSYBOX_DIR_PREFIX-<arch>/busybox: the tests' base image gets one child per architecture without any
# engine or network (the machine's own busybox-static is the one for its architecture).
install_foreign_busybox() {
  local native arch target suite deb unpack
  native=$(dpkg --print-architecture)
  # This Debian's own suite; elsewhere (Ubuntu runners) Debian 12's: a static build needs nothing of the host.
  # shellcheck disable=SC1091
  suite=$(. /etc/os-release && [[ ${ID:-} == debian && -n ${VERSION_CODENAME:-} ]] && echo "$VERSION_CODENAME" || echo bookworm)
  for arch in amd64 arm64; do
    [[ $arch == "$native" ]] && continue
    target=$BUSYBOX_DIR_PREFIX-$arch/busybox
    if [[ -x $target ]]; then
      say "busybox: $arch build present ($target)"
      continue
    fi
    say "busybox: unpacking Debian $suite's busybox-static for $arch to $target"
    deb=$(fetch_suite_debs --arch "$arch" "$suite" busybox-static | head -n1)
    unpack=$(mktemp -d)
    dpkg-deb -x "$deb" "$unpack"
    [[ -f $unpack/bin/busybox ]] || die "busybox: no bin/busybox in $deb"
    mkdir -p "${target%/*}"
    install -m 0755 "$unpack/bin/busybox" "$target"
    rm -rf "$unpack"
  done
}

# ---- the Docker engines ----

engine_answers() {
  "$DOCKER" ${1:+--host "$1"} version --format '{{.Server.Version}}' >/dev/null 2>&1
}

# dockerd refuses to start over a pid file left by a daemon that died.
remove_stale_pid_file() {
  local pid_file=$1 pid
  [[ -f $pid_file ]] || return 0
  pid=$(cat "$pid_file")
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
    die "dockerd (pid $pid) is running but gives no answer; see its log or stop it"
  fi
  say "removing stale $pid_file"
  rm -f "$pid_file"
}

# Starts dockerd with the given arguments and waits until it answers on $host. Returns 1 when it exits early
# (e.g. overlay2 unsupported on this filesystem) so the caller can try another storage driver.
start_dockerd() {
  local host=$1 log=$2
  shift 2
  local pid deadline
  command -v dockerd >/dev/null 2>&1 || die "dockerd is not installed (the docker.io package provides it)"
  say "docker: starting dockerd $* (log: $log)"
  printf '\n==== %s dockerd %s\n' "$(date -u +%FT%TZ)" "$*" >>"$log"
  # setsid + nohup: the daemon must outlive this script and the CI step that ran it.
  setsid nohup dockerd "$@" >>"$log" 2>&1 </dev/null &
  pid=$!
  deadline=$((SECONDS + DOCKERD_WAIT_SECONDS))
  while ((SECONDS < deadline)); do
    if engine_answers "$host"; then
      say "docker: dockerd (pid $pid) answers on ${host:-the default socket}"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      say "docker: dockerd $* exited; last lines of its log:"
      tail -n 15 "$log" | sed 's/^/    /'
      return 1
    fi
    sleep 1
  done
  tail -n 30 "$log" | sed 's/^/    /' >&2
  die "dockerd (pid $pid) did not answer within ${DOCKERD_WAIT_SECONDS}s; full log: $log"
}

# The runners' shape: the default socket, classic image store.
ensure_classic_engine() {
  if engine_answers; then
    say "docker: an engine already answers on the default socket ($("$DOCKER" version --format '{{.Server.Version}}'))"
    return
  fi
  remove_stale_pid_file /var/run/docker.pid
  start_dockerd "" "$DOCKERD_LOG" --storage-driver overlay2 || start_dockerd "" "$DOCKERD_LOG" --storage-driver vfs ||
    die "dockerd would start with neither overlay2 nor vfs storage; full log: $DOCKERD_LOG"
}

# The containerd image store: the docker driver exports cache, builds several platforms, writes attestations.
ensure_containerd_store_engine() {
  if engine_answers "$CS_HOST"; then
    say "docker: the containerd-store engine already answers on $CS_HOST"
    return
  fi
  mkdir -p "$CS_DIR" /var/lib/image-action-cs
  echo '{"features":{"containerd-snapshotter":true}}' >"$CS_DIR/daemon.json"
  if ! ip link show "$CS_BRIDGE" >/dev/null 2>&1; then
    ip link add name "$CS_BRIDGE" type bridge || die "could not create the bridge $CS_BRIDGE"
    ip addr add "$CS_BRIDGE_ADDR" dev "$CS_BRIDGE"
  fi
  ip link set "$CS_BRIDGE" up
  remove_stale_pid_file "$CS_DIR/docker.pid"
  start_dockerd "$CS_HOST" "$CS_LOG" --config-file "$CS_DIR/daemon.json" --host "$CS_HOST" \
    --data-root /var/lib/image-action-cs --exec-root "$CS_DIR/exec" --pidfile "$CS_DIR/docker.pid" \
    --bridge "$CS_BRIDGE" ||
    die "the containerd-store dockerd did not start; full log: $CS_LOG"
}

# Lets a docker driver build RUN steps for other architectures (qemu-user-static's binfmt entries), where
# the kernel allows registering them. Not fatal: the tests that need it say so themselves.
register_binfmt() {
  local entry=/proc/sys/fs/binfmt_misc/qemu-aarch64 conf=/usr/lib/binfmt.d/qemu-aarch64.conf
  [[ -e $entry ]] && return 0
  [[ -f /proc/sys/fs/binfmt_misc/register ]] ||
    mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc 2>/dev/null || true
  # The F flag opens the interpreter now, so it also works inside the build's own mount namespace.
  if [[ -f $conf && -w /proc/sys/fs/binfmt_misc/register ]]; then
    cat "$conf" >/proc/sys/fs/binfmt_misc/register 2>/dev/null || true
  fi
  if [[ -e $entry ]]; then say "binfmt: qemu-aarch64 registered"; else
    say "binfmt: qemu-aarch64 could not be registered here; RUN steps for arm64 are not tested"
  fi
}

install_packages
install_docker
install_old_client
install_foreign_busybox
ensure_classic_engine
ensure_containerd_store_engine
register_binfmt
say "ready"
