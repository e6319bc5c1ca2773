#!/usr/bin/env bash
# Prepares a Debian 12 machine (a CI runner, a dev container) for the integration tests: installs the
# programs they drive and makes sure a Docker engine answers. Idempotent: run it as often as you like.
#
#   sudo bash scripts/setup-test-env.sh
#
# Environment: DOCKERD_LOG (default /tmp/image-action-dockerd.log), DOCKERD_WAIT_SECONDS (default 60).
set -euo pipefail

DOCKER=/usr/bin/docker
DOCKERD_LOG=${DOCKERD_LOG:-/tmp/image-action-dockerd.log}
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
    docker.io) [[ ! -x $DOCKER ]] ;;
    docker-registry) ! command -v docker-registry >/dev/null 2>&1 ;;
    apache2-utils) ! command -v htpasswd >/dev/null 2>&1 ;;
    busybox-static) ! package_installed busybox-static ;;
    *) ! command -v "$1" >/dev/null 2>&1 ;;
  esac
}

install_packages() {
  local missing=() package
  for package in docker.io docker-registry buildah skopeo busybox-static openssl apache2-utils; do
    if package_needed "$package"; then missing+=("$package"); fi
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    say "packages: all present"
    return
  fi
  command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]}, and apt-get is not available to install them"
  say "packages: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || die "apt-get update failed"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" ||
    die "apt-get install ${missing[*]} failed"
  for package in "${missing[@]}"; do
    if package_needed "$package"; then die "$package is still missing after apt-get install"; fi
  done
}

# ---- the Docker engine ----

engine_answers() {
  "$DOCKER" version --format '{{.Server.Version}}' >/dev/null 2>&1
}

# dockerd refuses to start over a pid file left by a daemon that died.
remove_stale_pid_file() {
  local pid_file=/var/run/docker.pid pid
  [[ -f $pid_file ]] || return 0
  pid=$(cat "$pid_file")
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
    die "dockerd (pid $pid) is running but $DOCKER gets no answer; see its log or stop it"
  fi
  say "removing stale $pid_file"
  rm -f "$pid_file"
}

# Starts dockerd with the given storage driver and waits for it to answer. Returns 1 when it exits
# early (e.g. overlay2 unsupported on this filesystem) so the caller can try another driver.
start_dockerd() {
  local driver=$1 pid deadline
  command -v dockerd >/dev/null 2>&1 || die "dockerd is not installed (the docker.io package provides it)"
  say "docker: starting dockerd --storage-driver $driver (log: $DOCKERD_LOG)"
  printf '\n==== %s dockerd --storage-driver %s\n' "$(date -u +%FT%TZ)" "$driver" >>"$DOCKERD_LOG"
  # setsid + nohup: the daemon must outlive this script and the CI step that ran it.
  setsid nohup dockerd --storage-driver "$driver" >>"$DOCKERD_LOG" 2>&1 </dev/null &
  pid=$!
  deadline=$((SECONDS + DOCKERD_WAIT_SECONDS))
  while ((SECONDS < deadline)); do
    if engine_answers; then
      say "docker: dockerd (pid $pid, $driver) answers"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      say "docker: dockerd with $driver exited; last lines of its log:"
      tail -n 15 "$DOCKERD_LOG" | sed 's/^/    /'
      return 1
    fi
    sleep 1
  done
  tail -n 30 "$DOCKERD_LOG" | sed 's/^/    /' >&2
  die "dockerd (pid $pid) did not answer within ${DOCKERD_WAIT_SECONDS}s; full log: $DOCKERD_LOG"
}

ensure_engine() {
  if engine_answers; then
    say "docker: an engine already answers ($("$DOCKER" version --format '{{.Server.Version}}'))"
    return
  fi
  remove_stale_pid_file
  start_dockerd overlay2 || start_dockerd vfs ||
    die "dockerd would start with neither overlay2 nor vfs storage; full log: $DOCKERD_LOG"
}

install_packages
ensure_engine
say "ready"
