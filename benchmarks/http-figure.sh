#!/usr/bin/env bash
# The HTTP figure of docs/benchmarks.md: the sample application's view endpoint
# (POST /posts/{id}/views, the library) against the same endpoint doing one direct JPA
# "update Post p set p.views = p.views + 1" per request (POST /posts/{id}/views-direct, profile
# http-figure), both under wrk with the same connections, in turns, in one run of one
# application on a running PostgreSQL and Redis. Prints requests/s and p99 latency side by side,
# and checks that each post holds at least every view wrk saw acknowledged.
#
#   benchmarks/http-figure.sh
#
# Settings (environment; defaults in brackets):
#   HTTP_FIGURE_POSTGRES_URL   JDBC URL of the database the sample creates its tables in
#                              [jdbc:postgresql://127.0.0.1:5432/postgres]
#   HTTP_FIGURE_POSTGRES_USER / HTTP_FIGURE_POSTGRES_PASSWORD  [postgres / empty]
#   HTTP_FIGURE_REDIS_HOST / HTTP_FIGURE_REDIS_PORT             [127.0.0.1 / 6379]
#   HTTP_FIGURE_JAVA           the java binary [$JAVA_HOME/bin/java, else java]
#   HTTP_FIGURE_VIRTUAL        true: spring.threads.virtual.enabled=true (Java 21+) [false]
#   HTTP_FIGURE_CONNECTIONS    wrk connections [64]
#   HTTP_FIGURE_WRK_THREADS    wrk threads [2]
#   HTTP_FIGURE_WARMUP         wrk duration of each endpoint's warm-up [20s]
#   HTTP_FIGURE_TURN           wrk duration of each measured turn [10s]
#   HTTP_FIGURE_ROUNDS         rounds of (library, direct) turns [5]
#   HTTP_FIGURE_PORT           the application's HTTP port [18080]
#   HTTP_FIGURE_SKIP_BUILD     true: use sample-app/target/sample-app-*.jar as built [false]
set -euo pipefail
cd "$(dirname "$0")/.."

postgres_url="${HTTP_FIGURE_POSTGRES_URL:-jdbc:postgresql://127.0.0.1:5432/postgres}"
postgres_user="${HTTP_FIGURE_POSTGRES_USER:-postgres}"
postgres_password="${HTTP_FIGURE_POSTGRES_PASSWORD:-}"
redis_host="${HTTP_FIGURE_REDIS_HOST:-127.0.0.1}"
redis_port="${HTTP_FIGURE_REDIS_PORT:-6379}"
java="${HTTP_FIGURE_JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}"
virtual="${HTTP_FIGURE_VIRTUAL:-false}"
connections="${HTTP_FIGURE_CONNECTIONS:-64}"
wrk_threads="${HTTP_FIGURE_WRK_THREADS:-2}"
warmup="${HTTP_FIGURE_WARMUP:-20s}"
turn="${HTTP_FIGURE_TURN:-10s}"
rounds="${HTTP_FIGURE_ROUNDS:-5}"
port="${HTTP_FIGURE_PORT:-18080}"
base="http://127.0.0.1:$port"

command -v wrk >/dev/null || { echo "wrk is needed (Debian: apt-get install -y wrk)" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl is needed" >&2; exit 2; }
command -v python3 >/dev/null || { echo "python3 is needed to read the JSON answers" >&2; exit 2; }

if [ "${HTTP_FIGURE_SKIP_BUILD:-false}" != "true" ]; then
  ./mvnw -q -B -ntp -pl sample-app -am package -DskipTests
fi
jar="$(ls sample-app/target/sample-app-*.jar | grep -v -- '-plain\|sources\|javadoc' | head -1)"

work="$(mktemp -d)"
app_pid=""
stop_app() {
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
    kill "$app_pid"
    wait "$app_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap stop_app EXIT

"$java" -jar "$jar" \
  --spring.profiles.active=http-figure \
  --server.port="$port" \
  --spring.datasource.url="$postgres_url" \
  --spring.datasource.username="$postgres_user" \
  --spring.datasource.password="$postgres_password" \
  --spring.data.redis.host="$redis_host" \
  --spring.data.redis.port="$redis_port" \
  --spring.threads.virtual.enabled="$virtual" \
  --buffered-counter.redis.key-prefix="http-figure-$$" \
  --demo.seed-posts=0 \
  --logging.level.root=WARN \
  > "$work/app.log" 2>&1 &
app_pid=$!

for _ in $(seq 1 120); do
  if curl -fs "$base/actuator/health" >/dev/null 2>&1; then
    break
  fi
  if ! kill -0 "$app_pid" 2>/dev/null; then
    echo "The sample application stopped; its log:" >&2
    cat "$work/app.log" >&2
    exit 1
  fi
  sleep 1
done
curl -fs "$base/actuator/health" >/dev/null || { echo "No health 200 within 120 s" >&2; cat "$work/app.log" >&2; exit 1; }

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
new_post() { curl -fs -X POST -H 'Content-Type: application/json' -d "{\"title\":\"$1\"}" "$base/posts" | json "['id']"; }
library_post="$(new_post 'http figure: library')"
direct_post="$(new_post 'http figure: direct JPA')"
library_url="$base/posts/$library_post/views"
direct_url="$base/posts/$direct_post/views-direct"
echo 'wrk.method = "POST"' > "$work/post.lua"

# Runs wrk once; prints "requests seconds requests_per_s p99_ms non_2xx".
load() {
  local url="$1" duration="$2" out
  out="$(wrk -t"$wrk_threads" -c"$connections" -d"$duration" --latency -s "$work/post.lua" "$url")"
  echo "$out" | awk '
    / requests in / { requests = $1; seconds = $4; sub(/s,?$/, "", seconds) }
    /^Requests\/sec:/ { rate = $2 }
    /^ +99%/ { v = $2; ms = v + 0; if (v ~ /us$/) ms /= 1000; else if (v ~ /[0-9]s$/ && v !~ /ms$/) ms *= 1000; p99 = ms }
    /Non-2xx or 3xx responses:/ { bad = $5 }
    END { printf "%s %s %s %.2f %d\n", requests, seconds, rate, p99, bad + 0 }'
}

echo "HTTP figure: $connections connections, wrk $wrk_threads threads; warm-up $warmup each, then $rounds rounds of $turn (library, then direct)"
echo "application: $("$java" -version 2>&1 | head -1); virtual threads: $virtual; PostgreSQL $postgres_url; Redis $redis_host:$redis_port"
library_sent=0
direct_sent=0
read -r n _ _ _ bad_l < <(load "$library_url" "$warmup"); library_sent=$((library_sent + n))
read -r n _ _ _ bad_d < <(load "$direct_url" "$warmup"); direct_sent=$((direct_sent + n))
bad=$((bad_l + bad_d))
library_requests=0; library_seconds=0; library_p99s=""
direct_requests=0; direct_seconds=0; direct_p99s=""
for round in $(seq 1 "$rounds"); do
  read -r n s rate p99 b < <(load "$library_url" "$turn")
  library_sent=$((library_sent + n)); library_requests=$((library_requests + n)); bad=$((bad + b))
  library_seconds="$(awk "BEGIN { print $library_seconds + $s }")"; library_p99s="$library_p99s $p99"
  echo "  round $round, library: $rate requests/s, p99 $p99 ms"
  read -r n s rate p99 b < <(load "$direct_url" "$turn")
  direct_sent=$((direct_sent + n)); direct_requests=$((direct_requests + n)); bad=$((bad + b))
  direct_seconds="$(awk "BEGIN { print $direct_seconds + $s }")"; direct_p99s="$direct_p99s $p99"
  echo "  round $round, direct:  $rate requests/s, p99 $p99 ms"
done

curl -fs -X POST "$base/flush" >/dev/null
library_views="$(curl -fs "$base/posts/$library_post" | json "['views']")"
direct_views="$(curl -fs "$base/posts/$direct_post" | json "['views']")"

python3 - "$library_requests" "$library_seconds" "$library_p99s" "$direct_requests" "$direct_seconds" "$direct_p99s" <<'EOF'
import statistics, sys
def figure(requests, seconds, p99s):
    p99 = [float(v) for v in p99s.split()]
    return float(requests) / float(seconds), statistics.median(p99), min(p99), max(p99)
lib = figure(*sys.argv[1:4])
direct = figure(*sys.argv[4:7])
print()
print("| endpoint | requests/s | p99, median of the rounds (lowest to highest) |")
print("|---|---|---|")
print("| POST /posts/{id}/views (library) | %s | %.1f ms (%.1f to %.1f) |" % (format(round(lib[0]), ","), lib[1], lib[2], lib[3]))
print("| POST /posts/{id}/views-direct (UPDATE ... + 1) | %s | %.1f ms (%.1f to %.1f) |" % (format(round(direct[0]), ","), direct[1], direct[2], direct[3]))
print()
print("library / direct: %.2fx the requests/s (goal >= 3x), p99 %.2fx the direct one (goal < 1x)" % (lib[0] / direct[0], lib[1] / direct[1]))
EOF

status=0
if [ "$bad" -ne 0 ]; then
  echo "FAILURE: $bad responses were not 2xx" >&2; status=1
fi
# wrk counts the answers it read; a request in flight when a run stopped may still have counted
check() {
  local what="$1" views="$2" sent="$3" runs=$((rounds + 1))
  if [ "$views" -lt "$sent" ] || [ "$views" -gt $((sent + connections * runs)) ]; then
    echo "FAILURE: $what post holds $views views; wrk saw $sent acknowledged (at most $((connections * runs)) more may have been in flight)" >&2
    status=1
  else
    echo "check: $what post holds $views views, wrk saw $sent acknowledged (+$((views - sent)) in flight when a run stopped)"
  fi
}
check library "$library_views" "$library_sent"
check direct "$direct_views" "$direct_sent"
exit "$status"
