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
# Each prints why on stderr and returns 2 when it cannot do its job.

DOCKER=""
DOCKERD_PID=""

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
