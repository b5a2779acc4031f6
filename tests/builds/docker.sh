# shellcheck shell=bash
# The Docker client and daemon of the tests that build images (tests/builds/run, the
# real-build oracle, and tests/container/run): sourced, not run.
#
#   docker_pick_client   sets DOCKER to a client whose `docker build` speaks BuildKit: one
#                        with the buildx plugin, or a client older than 23 (BuildKit built
#                        in). A newer client without buildx refuses DOCKER_BUILDKIT=1, so
#                        Debian's /usr/bin/docker is tried too. DOCKER_CLIENT is tried first.
#   docker_start_daemon LOG
#                        when no daemon answers, starts Debian's dockerd (its output in LOG)
#                        and waits up to 60 s for it; sets DOCKERD_PID (empty when a daemon
#                        was already running: that one is used and left alone).
#   docker_stop_daemon   stops the daemon docker_start_daemon started, if any.
#   docker_current_start LOG
#                        the current Docker of ./current-docker (Debian 13's 26.1, BuildKit
#                        0.13: RUN heredocs, COPY --link) as a second daemon that shares nothing
#                        with Debian's: its own containerd, socket, data and exec roots, pidfile
#                        and bridge (ssbk0, 10.213.0.1/24), under CURRENT_ROOT
#                        (/var/tmp/shipshape-buildkit) and CURRENT_RUN (/var/run/shipshape-buildkit).
#                        Fetches the packages when missing; starts containerd and dockerd
#                        unless its socket answers (logs: LOG, LOG.containerd); sets DOCKER to
#                        its client and exports DOCKER_HOST and DOCKER_CONFIG (buildx, compose).
#   docker_current_stop  stops what docker_current_start started, if anything.
# Each prints why on stderr and returns 2 when it cannot do its job.

DOCKER=""
DOCKERD_PID=""
CURRENT_ROOT=${ORACLE_CURRENT:-/var/tmp/shipshape-buildkit}
CURRENT_RUN=/var/run/shipshape-buildkit
CURRENT_PIDS=()

docker_pick_client() {
  local c v
  DOCKER=""
  for c in ${DOCKER_CLIENT:-} "$(command -v docker || true)" /usr/bin/docker; do
    [ -n "$c" ] && [ -x "$c" ] || continue
    if "$c" buildx version >/dev/null 2>&1; then DOCKER=$c; return 0; fi
    v=$("$c" --version 2>/dev/null | sed -n 's/^Docker version \([0-9]*\)\..*/\1/p')
    if [ -n "$v" ] && [ "$v" -lt 23 ]; then DOCKER=$c; return 0; fi
  done
  echo "no Docker client with BuildKit (install docker.io, or the buildx plugin)" >&2
  return 2
}

docker_start_daemon() {
  local log=$1
  DOCKERD_PID=""
  "$DOCKER" info >/dev/null 2>&1 && return 0
  command -v dockerd >/dev/null || { echo "no Docker daemon running and no dockerd (apt-get install docker.io)" >&2; return 2; }
  dockerd >"$log" 2>&1 &
  DOCKERD_PID=$!
  for _ in $(seq 60); do "$DOCKER" info >/dev/null 2>&1 && break; sleep 1; done
  "$DOCKER" info >/dev/null 2>&1 || { echo "dockerd did not start:" >&2; tail -20 "$log" >&2; return 2; }
  echo "# started dockerd (pid $DOCKERD_PID, log $log)"
}

docker_stop_daemon() {
  if [ -n "$DOCKERD_PID" ]; then
    kill "$DOCKERD_PID" 2>/dev/null || true
    wait "$DOCKERD_PID" 2>/dev/null || true
    DOCKERD_PID=""
  fi
}

docker_current_start() {
  local log=$1 pkg="$CURRENT_ROOT/pkg" sock="$CURRENT_RUN/docker.sock"
  CURRENT_PIDS=()
  "$(dirname "${BASH_SOURCE[0]}")/current-docker" "$pkg" >"$log.fetch" 2>&1 \
    || { echo "could not fetch the current Docker: $(tail -3 "$log.fetch" | tr '\n' ' ')" >&2; return 2; }
  DOCKER="$pkg/bin/docker"
  export DOCKER_HOST="unix://$sock" DOCKER_CONFIG="$pkg"
  "$DOCKER" info >/dev/null 2>&1 && return 0
  mkdir -p "$CURRENT_RUN" "$CURRENT_ROOT/containerd"
  if ! ip link show ssbk0 >/dev/null 2>&1; then
    { ip link add name ssbk0 type bridge && ip addr add 10.213.0.1/24 dev ssbk0; } \
      || { echo "could not make the bridge ssbk0" >&2; return 2; }
  fi
  ip link set ssbk0 up
  printf '%s\n' 'version = 2' "root = \"$CURRENT_ROOT/containerd\"" "state = \"$CURRENT_RUN/containerd\"" \
    'disabled_plugins = ["io.containerd.grpc.v1.cri"]' \
    '[grpc]' "  address = \"$CURRENT_RUN/containerd.sock\"" \
    '[ttrpc]' "  address = \"$CURRENT_RUN/containerd.sock.ttrpc\"" \
    '[debug]' '  address = ""' >"$CURRENT_RUN/containerd.toml"
  # Its own binaries first (containerd finds its shim, dockerd docker-proxy on PATH); runc
  # is the system's (or ./current-docker's copy when the machine has none).
  PATH="$pkg/bin:$PATH" containerd --config "$CURRENT_RUN/containerd.toml" >"$log.containerd" 2>&1 &
  CURRENT_PIDS+=($!)
  for _ in $(seq 30); do [ -S "$CURRENT_RUN/containerd.sock" ] && break; sleep 0.5; done
  PATH="$pkg/bin:$PATH" dockerd --host "$DOCKER_HOST" --containerd "$CURRENT_RUN/containerd.sock" \
    --data-root "$CURRENT_ROOT/data" --exec-root "$CURRENT_RUN/exec" --pidfile "$CURRENT_RUN/dockerd.pid" \
    --bridge ssbk0 >"$log" 2>&1 &
  CURRENT_PIDS+=($!)
  for _ in $(seq 60); do "$DOCKER" info >/dev/null 2>&1 && break; sleep 1; done
  if ! "$DOCKER" info >/dev/null 2>&1; then
    echo "the current dockerd did not start:" >&2
    tail -n 20 "$log" "$log.containerd" >&2
    docker_current_stop
    return 2
  fi
  echo "# started the current dockerd and its containerd (pids ${CURRENT_PIDS[*]}, log $log)"
}

docker_current_stop() {
  local i
  for (( i=${#CURRENT_PIDS[@]}-1; i>=0; i-- )); do # dockerd first, then its containerd
    kill "${CURRENT_PIDS[i]}" 2>/dev/null || true
    wait "${CURRENT_PIDS[i]}" 2>/dev/null || true
  done
  CURRENT_PIDS=()
}
