#!/usr/bin/env bash
# Load test of issue 16: 32 connections for 30 s on the overview and on the busiest event's page,
# against a gunicorn of our own (bench.wsgi, 2 sync workers), as production serves the site.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/ilv_bench_demo bench/load.sh
#   bench/load.sh -d 10s -c 8          # shorter, fewer connections
#
# Options (flag or environment variable, the flag wins):
#   -d DURATION     wrk's duration                          (DURATION, default 30s)
#   -c CONNECTIONS  open connections                        (CONNECTIONS, default 32)
#   -t THREADS      wrk threads                             (THREADS, default 2)
#   -p PORT         gunicorn's port on 127.0.0.1            (PORT, default 8017)
#   -w WORKERS      gunicorn sync workers                   (WORKERS, default 2)
#   -T SECONDS      gunicorn's worker timeout, and wrk's    (TIMEOUT, default 30)
# DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/ilv_bench.
#
# The pages are bench/pages.py's ("overview /" and "event, busiest", chosen from the data at
# hand). The overview is read as the demo login stuurgroep: a session is made for it in the
# database (bench/site.py's settings, so the same SECRET_KEY as the gunicorn) and sent along as
# its cookie; it is deleted again at the end. Each page must answer 200 once before the load
# (wrk counts a redirect to the login as a success).
#
# Prints wrk's report per page (requests/s, latency percentiles), then one line per page with
# requests/s, p50/p75/p90/p99 in ms and the errors: responses of 400 and above plus socket errors
# (connect, read, write, timeout). Exits 1 if there was any error. wrk's timeout is gunicorn's,
# so that a slow answer under load is measured rather than counted as an error, unless gunicorn
# itself gives up on it. gunicorn is stopped at the end whatever happens.
set -euo pipefail

duration=${DURATION:-30s}
connections=${CONNECTIONS:-32}
threads=${THREADS:-2}
port=${PORT:-8017}
workers=${WORKERS:-2}
timeout=${TIMEOUT:-30}
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/ilv_bench}

usage() {
    sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
}

while getopts "d:c:t:p:w:T:h" option; do
    case $option in
        d) duration=$OPTARG ;;
        c) connections=$OPTARG ;;
        t) threads=$OPTARG ;;
        p) port=$OPTARG ;;
        w) workers=$OPTARG ;;
        T) timeout=$OPTARG ;;
        h) usage; exit 0 ;;
        *) usage >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
for number in "$connections" "$threads" "$port" "$workers" "$timeout"; do
    if ! [[ $number =~ ^[1-9][0-9]*$ ]]; then
        echo "load.sh: not a positive whole number: '$number'" >&2
        exit 2
    fi
done

root=$(cd "$(dirname "$0")/.." && pwd)
python=$root/.venv/bin/python
gunicorn=$root/.venv/bin/gunicorn
for tool in "$python" "$gunicorn" wrk curl; do
    command -v "$tool" >/dev/null || { echo "load.sh: $tool not found (make install?)" >&2; exit 2; }
done

scratch=$(mktemp -d)
gunicorn_pid=""
wrk_pid=""
session=""

cleanup() {
    local status=$?
    if [[ -n $wrk_pid ]]; then
        kill -TERM "$wrk_pid" 2>/dev/null || true
    fi
    if [[ -n $gunicorn_pid ]] && kill -0 "$gunicorn_pid" 2>/dev/null; then
        kill -TERM "$gunicorn_pid" 2>/dev/null || true
        for _ in $(seq 100); do
            kill -0 "$gunicorn_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$gunicorn_pid" 2>/dev/null || true
        wait "$gunicorn_pid" 2>/dev/null || true
    fi
    if [[ -n $session ]]; then
        (cd "$root" && SESSION="$session" "$python" - <<'PYTHON') || true
import os

from bench.site import configure

configure()

from django.contrib.sessions.backends.db import SessionStore  # noqa: E402

SessionStore(session_key=os.environ["SESSION"]).delete()
PYTHON
    fi
    rm -rf "$scratch"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The pages, the Host header gunicorn accepts and a stuurgroep session, one per line.
prepared=$(cd "$root" && "$python" - <<'PYTHON'
import sys

from bench.site import configure

configure()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402

from bench.pages import pages  # noqa: E402

user = get_user_model().objects.filter(username="stuurgroep").first()
if user is None:
    sys.exit("No login 'stuurgroep': load the demo first (make demo, or bench/make_data.py).")
urls = {label: url for label, _role, url in pages()}
client = Client()
client.force_login(user)
print(settings.ALLOWED_HOSTS[0])
print(settings.SESSION_COOKIE_NAME)
print(client.cookies[settings.SESSION_COOKIE_NAME].value)
print(urls["overview /"])
print(urls["event, busiest"])
PYTHON
)
mapfile -t lines <<<"$prepared"
host=${lines[0]}
cookie_name=${lines[1]}
session=${lines[2]}
labels=("overview /" "event, busiest")
urls=("${lines[3]}" "${lines[4]}")
cookies=("$cookie_name=$session" "")

cd "$root"
if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
    echo "load.sh: something already answers on 127.0.0.1:$port: choose another port (-p)" >&2
    exit 2
fi
"$gunicorn" bench.wsgi --worker-class sync --workers "$workers" --bind "127.0.0.1:$port" \
    --timeout "$timeout" --no-control-socket 2>"$scratch/gunicorn.log" &
gunicorn_pid=$!
started=""
for _ in $(seq 300); do
    if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
        started=yes
        break
    fi
    kill -0 "$gunicorn_pid" 2>/dev/null || break
    sleep 0.1
done
if [[ -z $started ]]; then
    echo "load.sh: gunicorn does not answer on 127.0.0.1:$port:" >&2
    cat "$scratch/gunicorn.log" >&2
    exit 1
fi

# Reports the summary in one line; latency in microseconds, duration too.
cat >"$scratch/report.lua" <<'LUA'
done = function(summary, latency, requests)
    local e = summary.errors
    io.write(string.format("RESULT %d %d %d %d %d %d %d %d %d %d %d\n",
        summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
        latency:percentile(50), latency:percentile(75), latency:percentile(90),
        latency:percentile(99)))
end
LUA

database=${DATABASE_URL##*/}
echo "gunicorn bench.wsgi, $workers sync workers, timeout ${timeout}s; database $database"
echo "wrk: $duration, $connections connections, $threads threads"
summaries=()
total_errors=0
for i in "${!labels[@]}"; do
    label=${labels[$i]}
    url="http://127.0.0.1:$port${urls[$i]}"
    headers=(-H "Host: $host")
    if [[ -n ${cookies[$i]} ]]; then
        headers+=(-H "Cookie: ${cookies[$i]}")
    fi
    status=$(curl -s -o /dev/null -w '%{http_code}' "${headers[@]}" "$url")
    if [[ $status != 200 ]]; then
        echo "load.sh: $label ($url) answers $status, not 200: nothing measured" >&2
        exit 1
    fi
    echo
    echo "== $label  ${urls[$i]}"
    # In the background: a signal to this script is handled during the wait, not after wrk.
    wrk --latency --duration "$duration" --connections "$connections" --threads "$threads" \
        --timeout "${timeout}s" --script "$scratch/report.lua" "${headers[@]}" "$url" \
        >"$scratch/wrk.txt" &
    wrk_pid=$!
    wait "$wrk_pid"
    wrk_pid=""
    grep -v '^RESULT ' "$scratch/wrk.txt"
    if ! grep -q '^RESULT ' "$scratch/wrk.txt"; then
        echo "load.sh: wrk gave no summary" >&2
        exit 1
    fi
    read -r _ requests micros connect read write http timeouts p50 p75 p90 p99 \
        < <(grep '^RESULT ' "$scratch/wrk.txt")
    errors=$((connect + read + write + http + timeouts))
    total_errors=$((total_errors + errors))
    summaries+=("$(awk -v label="$label" -v n="$requests" -v us="$micros" -v p50="$p50" \
        -v p75="$p75" -v p90="$p90" -v p99="$p99" -v errors="$errors" -v http="$http" \
        -v socket="$((connect + read + write + timeouts))" 'BEGIN {
            printf "%-16s %9.1f %8.1f %8.1f %8.1f %8.1f %7d  (%d status >= 400, %d socket)\n",
                label, n / (us / 1e6), p50 / 1000, p75 / 1000, p90 / 1000, p99 / 1000,
                errors, http, socket
        }')")
done

echo
printf "%-16s %9s %8s %8s %8s %8s %7s\n" page "req/s" "p50 ms" "p75 ms" "p90 ms" "p99 ms" errors
printf "%s\n" "${summaries[@]}"
if ((total_errors > 0)); then
    echo "load.sh: $total_errors errors; gunicorn's log:" >&2
    tail -n 20 "$scratch/gunicorn.log" >&2
    exit 1
fi
