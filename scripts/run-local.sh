#!/usr/bin/env bash
# The embedded default, started by `make run`: a private Redis, the dev broker (librdkafka mock cluster),
# the worker, sample traffic, and `watch` in the foreground. Ctrl-C stops everything this script started,
# by PID. Ports can be changed: REDIS_PORT, METRICS_PORT. Each child runs in its own session (setsid), so
# Ctrl-C reaches only this script, which then stops the children newest first.
set -euo pipefail
cd "$(dirname "$0")/.."

REDIS_PORT="${REDIS_PORT:-6391}"
METRICS_PORT="${METRICS_PORT:-9464}"
RUN_DIR="$PWD/.run"
BIN="dotnet $PWD/src/StreamRefiner.Host/bin/Release/net10.0/streamrefiner.dll"
rm -rf "$RUN_DIR" && mkdir -p "$RUN_DIR"

pids=()
cleanup() {
  trap - EXIT INT TERM
  echo
  echo "stopping: ${pids[*]:-} and redis"
  # Newest first: watch, sample, worker (finishes its batch and commits), then the broker.
  for ((i=${#pids[@]}-1; i>=0; i--)); do
    kill -TERM "${pids[$i]}" 2>/dev/null || true
    wait "${pids[$i]}" 2>/dev/null || true
  done
  if [ -f "$RUN_DIR/redis.pid" ]; then kill -TERM "$(cat "$RUN_DIR/redis.pid")" 2>/dev/null || true; fi
  echo "stopped; logs are in $RUN_DIR"
}
trap cleanup EXIT INT TERM

if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  echo "port $REDIS_PORT is taken by another Redis; set REDIS_PORT to a free port" >&2
  exit 1
fi
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$RUN_DIR" --daemonize yes \
  --pidfile "$RUN_DIR/redis.pid" --logfile "$RUN_DIR/redis.log" --save "" --appendonly no
for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
echo "redis: 127.0.0.1:$REDIS_PORT (pid $(cat "$RUN_DIR/redis.pid"))"

setsid $BIN dev-broker --bootstrap-file "$RUN_DIR/bootstrap" >"$RUN_DIR/dev-broker.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -s "$RUN_DIR/bootstrap" ] && break; sleep 0.1; done
[ -s "$RUN_DIR/bootstrap" ] || { echo "dev-broker did not start; see $RUN_DIR/dev-broker.log" >&2; exit 1; }
export Kafka__BootstrapServers="$(cat "$RUN_DIR/bootstrap")"
export Redis__Configuration="127.0.0.1:$REDIS_PORT"
export Urls="http://127.0.0.1:$METRICS_PORT"
echo "kafka: $Kafka__BootstrapServers (dev-broker pid ${pids[-1]})"

setsid $BIN run >"$RUN_DIR/worker.log" 2>&1 &
pids+=($!)
echo "worker: pid ${pids[-1]}, metrics http://127.0.0.1:$METRICS_PORT/metrics, log $RUN_DIR/worker.log"

setsid $BIN sample "$@" >"$RUN_DIR/sample.log" 2>&1 &
pids+=($!)
echo "sample traffic: pid ${pids[-1]}, log $RUN_DIR/sample.log"
echo

setsid $BIN watch --metrics-url "http://127.0.0.1:$METRICS_PORT/metrics" &
pids+=($!)
wait "${pids[-1]}"
