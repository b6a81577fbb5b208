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

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Refuse to start (and touch nothing, not even the previous run's .run/) when a port is taken, for example by
# a `make run` that is still running.
for port in "$REDIS_PORT" "$METRICS_PORT"; do
  if port_in_use "$port"; then
    echo "port $port on 127.0.0.1 is in use (another make run?); set REDIS_PORT / METRICS_PORT to free ports" >&2
    exit 1
  fi
done
rm -rf "$RUN_DIR" && mkdir -p "$RUN_DIR"

pids=()
redis_pid=""
cleanup() {
  trap - EXIT INT TERM
  echo
  echo "stopping: ${pids[*]:-} and redis ${redis_pid}"
  # Newest first: watch, sample, worker (finishes its batch and commits), then the broker.
  for ((i=${#pids[@]}-1; i>=0; i--)); do
    kill -TERM "${pids[$i]}" 2>/dev/null || true
    wait "${pids[$i]}" 2>/dev/null || true
  done
  if [ -n "$redis_pid" ]; then
    kill -TERM "$redis_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$redis_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  echo "stopped; logs are in $RUN_DIR"
  exit 0
}
trap cleanup EXIT INT TERM

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$RUN_DIR" --daemonize yes \
  --pidfile "$RUN_DIR/redis.pid" --logfile "$RUN_DIR/redis.log" --save "" --appendonly no
for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
redis_pid="$(cat "$RUN_DIR/redis.pid")"
echo "redis: 127.0.0.1:$REDIS_PORT (pid $redis_pid)"

setsid $BIN dev-broker --bootstrap-file "$RUN_DIR/bootstrap" >"$RUN_DIR/dev-broker.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -s "$RUN_DIR/bootstrap" ] && break; sleep 0.1; done
[ -s "$RUN_DIR/bootstrap" ] || { echo "dev-broker did not start; see $RUN_DIR/dev-broker.log" >&2; exit 1; }
export Kafka__BootstrapServers="$(cat "$RUN_DIR/bootstrap")"
export Redis__Configuration="127.0.0.1:$REDIS_PORT"
export Urls="http://127.0.0.1:$METRICS_PORT"
echo "kafka: $Kafka__BootstrapServers (dev-broker pid ${pids[-1]})"

setsid $BIN run >"$RUN_DIR/worker.log" 2>&1 &
worker_pid=$!
pids+=("$worker_pid")
echo "worker: pid $worker_pid, metrics http://127.0.0.1:$METRICS_PORT/metrics, log $RUN_DIR/worker.log"
for _ in $(seq 300); do
  port_in_use "$METRICS_PORT" && break
  if ! kill -0 "$worker_pid" 2>/dev/null; then
    echo "the worker stopped while starting; the end of $RUN_DIR/worker.log:" >&2
    tail -n 20 "$RUN_DIR/worker.log" >&2
    exit 1
  fi
  sleep 0.1
done

# Say so at once if the worker dies later, instead of leaving watch waiting for transitions that never come.
(
  while kill -0 "$worker_pid" 2>/dev/null; do sleep 1; done
  echo "!! the worker (pid $worker_pid) has stopped; see $RUN_DIR/worker.log — press Ctrl-C" >&2
) &
pids+=($!)

setsid $BIN sample "$@" >"$RUN_DIR/sample.log" 2>&1 &
pids+=($!)
echo "sample traffic: pid ${pids[-1]}, log $RUN_DIR/sample.log"
echo

setsid $BIN watch --metrics-url "http://127.0.0.1:$METRICS_PORT/metrics" &
pids+=($!)
wait "${pids[-1]}"
