#!/usr/bin/env bash
# Runs the demo: the web server and the django-q2 job worker side by side, in the foreground.
# Ctrl-C (or the end of either process) stops both. HOST, PORT and PY may be overridden.
set -euo pipefail
cd "$(dirname "$0")/.."

HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
PY="${PY:-.venv/bin/python}"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-cms.settings.dev}"
STOP_TIMEOUT=15

# Each server runs in a process group of its own, so that Ctrl-C reaches this script only and
# each server is stopped by one signal to its main process. qcluster's child processes must not
# be signalled directly: if its sentinel dies first, the main process waits for it forever.
set -m

pids=()

alive() {
    local pid
    for pid in "${pids[@]}"; do
        kill -0 "$pid" 2>/dev/null && return 0
    done
    return 1
}

stop() {
    trap - INT TERM EXIT
    local pid
    for pid in "${pids[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for _ in $(seq 1 $((STOP_TIMEOUT * 5))); do
        alive || break
        sleep 0.2
    done
    if alive; then
        echo "Stopping did not finish in ${STOP_TIMEOUT}s: killing what is left." >&2
        for pid in "${pids[@]}"; do
            kill -KILL -- "-$pid" 2>/dev/null || true
        done
    fi
    wait 2>/dev/null || true
}
trap stop INT TERM EXIT

# --noreload: one process for the web server, so that stopping it stops everything it started.
"$PY" manage.py runserver "$HOST:$PORT" --noreload &
pids+=("$!")
"$PY" manage.py qcluster &
pids+=("$!")

sleep 2
echo
echo "L'Heure Civique runs, with its job worker (django-q2 qcluster)."
"$PY" -m demo.logins "http://$HOST:$PORT/" || true
echo "E-mails are written to ${VAR_DIR:-var}/mail/. Ctrl-C stops the server and the worker."
echo

# Whichever stops first (a crash, a signal) stops the other.
wait -n "${pids[@]}"
