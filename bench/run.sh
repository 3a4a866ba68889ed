#!/usr/bin/env bash
# Tagway benchmark suite (see BENCHMARKS.md).
#
#   bench/run.sh [--quick] [--scenarios S1,S1b,S2,S3,S4,S5,S6,S7,JMH] [--skip-build] [--keep]
#
# Builds the gateway jar and the bench module, starts what the chosen scenarios need (Redis on a
# free port, the emulator with 30 ms per call, nginx and a bare Vert.x server as references, the
# gateway), measures, stops everything it started, and writes bench/results/<timestamp>.json plus
# the Markdown table: into BENCHMARKS.md after a full run of every scenario, otherwise into
# bench/results/<timestamp>.md. Needs wrk, nginx, curl and a JDK 17; redis-server from PATH or
# from the embedded-redis test jar. For experiments, GATEWAY_JAVA_OPTS and LOADGEN_JAVA_OPTS add JVM
# flags to the gateways and the load generator, and REDIS_RTT_MS puts a proxy between the gateways
# and Redis that adds that many ms to each round trip (a distant Redis); the results record them.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh

ALL_SCENARIOS=S1,S1b,S2,S3,S4,S5,S6,S7,JMH
QUICK=0
BUILD=1
SCENARIOS=$ALL_SCENARIOS
COMMAND="bench/run.sh $*"

usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; }

while (($#)); do
  case $1 in
    --quick) QUICK=1 ;;
    --scenarios) SCENARIOS=${2:?--scenarios needs a list}; shift ;;
    --scenarios=*) SCENARIOS=${1#*=} ;;
    --skip-build) BUILD=0 ;;
    --keep) KEEP_WORK=1 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done
SCENARIOS=$(tr 'a-z' 'A-Z' <<<"$SCENARIOS" | sed 's/S1B/S1b/g')
for s in ${SCENARIOS//,/ }; do
  [[ ,$ALL_SCENARIOS, == *",$s,"* ]] || { echo "unknown scenario: $s (known: $ALL_SCENARIOS)" >&2; exit 2; }
done
want() { [[ ,$SCENARIOS, == *",$1,"* ]]; }
[[ ${REDIS_RTT_MS:-0} =~ ^[0-9]+$ ]] || { echo "REDIS_RTT_MS must be a whole number of ms: $REDIS_RTT_MS" >&2; exit 2; }

# --- settings: the same for every target within a scenario ------------------------------------
NPROC=$(nproc)
INSTANCES=$NPROC                  # gateway verticles, bare server verticles, nginx workers
WRK_THREADS=${WRK_THREADS:-1}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-64}
if ((QUICK)); then
  ROUNDS=1 WRK_SECONDS=5 WARMUP_SECONDS=3 S1_ROUNDS=1 S1_SECONDS=5
  S4_RUNS=1 S4_SECONDS=10 S5_RUNS=1 S5_REQUESTS=100 S6_RUNS=1 S7_SECONDS=5
  JMH_ARGS=(-f 1 -wi 1 -w 1s -i 1 -r 1s)
else
  ROUNDS=3 WRK_SECONDS=10 WARMUP_SECONDS=5
  # S1, S1b and S3 take their medians over many short rounds: the machine's speed drifts over tens
  # of seconds, and the shorter a round, the closer in time its targets' measurements are.
  S1_ROUNDS=8 S1_SECONDS=4
  S4_RUNS=3 S4_SECONDS=30 S5_RUNS=3 S5_REQUESTS=400 S6_RUNS=3 S7_SECONDS=10
  JMH_ARGS=(-f 1 -wi 3 -w 1s -i 5 -r 1s)
fi
S4_RATE=400 S4_BATCH=50           # 400 lookups/s of 50 distinct cold accounts = 20,000 accounts/s
S4_SPAN=700000                    # accounts reserved for each S4 run
S4_FIRST=1000000
MISS_WARMUP_SECONDS=5              # the miss path's JIT warm-up before S5 and S4, each of its two parts
MISS_WARMUP_FIRST=$((S4_FIRST + S4_SPAN * S4_RUNS))
MISS_WARMUP_GET_RATE=2000
MISS_WARMUP_GET_FIRST=$((MISS_WARMUP_FIRST + 20000 * MISS_WARMUP_SECONDS * 2))
EMULATOR_USERS=$((MISS_WARMUP_GET_FIRST + MISS_WARMUP_GET_RATE * MISS_WARMUP_SECONDS * 2))
S1_ACCOUNT=u1                     # S1, S1b, S7: one hot account
S2_FIRST=0 S2_COUNT=100           # S2: u0 .. u99 in every lookup
S3_FIRST=10000 S3_COUNT=1000      # S3: u10000 .. u10999 in turn, all in Redis
S5_FIRST=100000                   # S5: cold accounts from here on

check_tools
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tagway-bench.XXXXXX")
RAW=$WORK/raw.jsonl
META=$WORK/meta.properties
: >"$RAW"
trap stop_all EXIT
trap 'exit 130' INT TERM
STARTED_AT=$SECONDS

# loadgen ARGS...: runs the load generator; prints its JSON result (its log goes to loadgen.log).
loadgen() {
  require_alive gateway emulator redis
  rm -f "$WORK/loadgen.json"
  if ! java ${LOADGEN_JAVA_OPTS:-} -Dtagway.bench=loadgen -cp "$BENCH_JAR" io.tagway.bench.LoadGen --out "$WORK/loadgen.json" "$@" >>"$WORK/loadgen.log" 2>&1; then
    tail -20 "$WORK/loadgen.log" >&2
    die "the load generator failed: $*"
  fi
  cat "$WORK/loadgen.json"
}

# raw SCENARIO RUN TARGET JSON [EXTRA_JSON_FIELDS]: one measurement for the report.
raw() {
  printf '{"scenario":"%s","run":%s,"target":"%s","data":%s%s}\n' "$1" "$2" "$3" "$4" "${5:+,$5}" >>"$RAW"
}

# --- build ------------------------------------------------------------------------------------
if ((BUILD)); then
  log "building the gateway (./mvnw install, tests skipped) and the bench module"
  ./mvnw -B -q -DskipTests install
  ./mvnw -B -q -f bench/pom.xml package
fi
[[ -f $GATEWAY_JAR && -f $BENCH_JAR ]] || die "missing $GATEWAY_JAR or $BENCH_JAR: run without --skip-build"

{
  echo "command=$COMMAND"
  echo "mode=$( ((QUICK)) && echo quick || echo full)"
  echo "scenarios=$SCENARIOS"
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "nproc=$NPROC"
  echo "cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
  echo "memory=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "jdk=$(java -version 2>&1 | head -2 | tail -1)"
  echo "wrk=$(wrk -v 2>&1 | head -1 | awk '{print $2}')"
  echo "nginx=$($NGINX -v 2>&1 | sed 's/.*version: //')"
  echo "commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src pom.xml 2>/dev/null || echo ' (src modified)')"
  echo "loadStart=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "wrkSettings=-t$WRK_THREADS -c$WRK_CONNECTIONS, ${WARMUP_SECONDS} s warm-up per target, then $S1_ROUNDS round(s) of ${S1_SECONDS} s (S1, S1b, S3); S2 $ROUNDS run(s) of ${WRK_SECONDS} s"
  echo "instances=$INSTANCES"
  echo "s4=$S4_RATE lookups/s x $S4_BATCH distinct accounts for $S4_SECONDS s, $S4_RUNS run(s)"
  echo "s5=$S5_REQUESTS requests per run, $S5_RUNS run(s)"
  echo "s7Seconds=$S7_SECONDS"
  echo "gatewayJavaOpts=${GATEWAY_JAVA_OPTS:-}"
  echo "loadgenJavaOpts=${LOADGEN_JAVA_OPTS:-}"
  echo "redisRttMs=${REDIS_RTT_MS:-0}"
} >"$META"

# --- services ---------------------------------------------------------------------------------
NEED_GATEWAY=0
for s in S1 S1b S2 S3 S4 S5 S7; do want $s && NEED_GATEWAY=1; done
if ((NEED_GATEWAY)); then
  start_redis
  start_emulator "$EMULATOR_USERS"
  start_gateway gateway GATEWAY_PORT
  GW=http://127.0.0.1:$GATEWAY_PORT
  if want S3; then
    start_gateway gateway-l2 GATEWAY_L2_PORT TAGWAY_CACHE_L1_MAX_SIZE=0
  fi
  if want S1; then
    # For comparison in the S1 rounds: the same gateway on epoll, which a container whose seccomp
    # profile blocks io_uring gets (see README, Operations).
    start_gateway gateway-epoll GATEWAY_EPOLL_PORT TAGWAY_HTTP_TRANSPORT=epoll
  fi
  curl -fsS -o /dev/null "$GW/v1/users/$S1_ACCOUNT/tags"   # MISS: fetched, now in L1 and Redis
  curl -fsS -D "$WORK/s1.headers" -o "$WORK/s1.body" "$GW/v1/users/$S1_ACCOUNT/tags"
  grep -qi '^x-cache: L1' "$WORK/s1.headers" || die "the S1 account is not an L1 hit: $(cat "$WORK/s1.headers")"
  log "S1 body ($(wc -c <"$WORK/s1.body") bytes): $(cat "$WORK/s1.body")"
fi
if want S1; then
  for attempt in 1 2; do curl -fsS -D "$WORK/s1-epoll.headers" -o "$WORK/s1-epoll.body" "http://127.0.0.1:$GATEWAY_EPOLL_PORT/v1/users/$S1_ACCOUNT/tags"; done
  grep -qi '^x-cache: L1' "$WORK/s1-epoll.headers" || die "the S1 account is not an L1 hit on the epoll gateway"
  cmp -s "$WORK/s1.body" "$WORK/s1-epoll.body" || die "the epoll gateway does not answer the same bytes"
fi
if want S1 || want S7; then
  start_nginx "$WORK/s1.body"
  cmp -s "$WORK/s1.body" <(curl -fsS "http://127.0.0.1:$NGINX_PORT/v1/users/$S1_ACCOUNT/tags") \
    || die "nginx does not answer the gateway's bytes"
fi
if want S1b || want S7; then
  start_bare "$WORK/s1.body"
  cmp -s "$WORK/s1.body" <(curl -fsS "http://127.0.0.1:$BARE_PORT/v1/users/$S1_ACCOUNT/tags") \
    || die "the bare server does not answer the gateway's bytes"
  # The bare server chooses its transport by the gateway's own rule for http.transport: auto.
  echo "transport=$(grep -o '[a-z_]* transport$' "$WORK/bare.log" | cut -d' ' -f1)" >>"$META"
fi

emulator_calls() { curl -fsS "http://127.0.0.1:$EMULATOR_PORT/emulator/stats" | grep -o '"totalCalls":[0-9]*' | cut -d: -f2; }

# Waits until the emulator's call count stops changing; sets `calls` to it.
wait_until_calls_stop() {
  local last=-1
  calls=$(emulator_calls)
  while [[ $calls != "$last" ]]; do
    last=$calls
    sleep 2
    calls=$(emulator_calls)
  done
}

median() { sort -g | awk '{v[NR] = $1} END {if (NR == 0) print 0; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# --- S1, S1b, S3: wrk against each target in turn, same settings, same rounds ------------------
S1_GATEWAY_RPS=()
if want S1 || want S1b || want S3; then
  # The two targets of S1, of S1b and of S1 (epoll) are neighbours in this cycle (S3's are one
  # apart), and every round turns it by one: they run back to back in all rounds but those where
  # the turn splits them, so that the machine's drift between them stays small.
  TARGETS=()
  want S1 && TARGETS+=(gateway-epoll nginx)
  TARGETS+=(gateway)
  want S1b && TARGETS+=(bare)
  if want S3; then
    TARGETS+=(gateway-l2)
    # Fill Redis with the S3 accounts through the other gateway, then check that they are L2 hits.
    accounts=$(seq -s, -f '"u%.0f"' "$S3_FIRST" $((S3_FIRST + S3_COUNT - 1)))
    curl -fsS -o /dev/null -H "Content-Type: application/json" -X POST "$GW/v1/tags/lookup" -d "{\"accounts\":[$accounts]}"
    sleep 1 # the gateway answers before its L2 writes land: they are sent, not awaited
    for n in $S3_FIRST $((S3_FIRST + S3_COUNT - 1)); do
      cache=$(curl -fsS -D - -o /dev/null "http://127.0.0.1:$GATEWAY_L2_PORT/v1/users/u$n/tags" | tr -d '\r' \
        | awk -F': ' 'tolower($1) == "x-cache" {print $2}')
      [[ $cache == L2 ]] || die "S3 account u$n is not an L2 hit (X-Cache: $cache)"
    done
  fi
  url_of() {
    case $1 in
      nginx) echo "http://127.0.0.1:$NGINX_PORT/v1/users/$S1_ACCOUNT/tags" ;;
      bare) echo "http://127.0.0.1:$BARE_PORT/v1/users/$S1_ACCOUNT/tags" ;;
      gateway) echo "$GW/v1/users/$S1_ACCOUNT/tags" ;;
      gateway-epoll) echo "http://127.0.0.1:$GATEWAY_EPOLL_PORT/v1/users/$S1_ACCOUNT/tags" ;;
      gateway-l2) echo "http://127.0.0.1:$GATEWAY_L2_PORT/" ;;
    esac
  }
  args_of() { [[ $1 == gateway-l2 ]] && echo "-s bench/wrk/accounts.lua" || true; }
  script_args_of() { [[ $1 == gateway-l2 ]] && echo "-- $S3_FIRST $S3_COUNT" || true; }
  calls_before=$(emulator_calls)
  for t in "${TARGETS[@]}"; do
    require_alive "$t"
    log "warm-up: $t, ${WARMUP_SECONDS} s"
    # shellcheck disable=SC2046
    wrk_json "$WARMUP_SECONDS" "$(url_of "$t")" $(args_of "$t") $(script_args_of "$t") >/dev/null
  done
  for ((round = 1; round <= S1_ROUNDS; round++)); do
    n=${#TARGETS[@]}
    for ((i = 0; i < n; i++)); do
      t=${TARGETS[$(((i + round - 1) % n))]}   # a different order each round
      require_alive "$t"
      # shellcheck disable=SC2046
      result=$(wrk_json "$S1_SECONDS" "$(url_of "$t")" $(args_of "$t") $(script_args_of "$t"))
      require_alive "$t"
      log "round $round $t: $result"
      raw S1 "$round" "$t" "$result"
      [[ $t == gateway ]] && S1_GATEWAY_RPS+=("$(grep -o '"requestsPerS":[0-9.]*' <<<"$result" | cut -d: -f2)")
    done
  done
  calls_after=$(emulator_calls)
  raw S1 0 upstream "{\"callsDuring\":$((calls_after - calls_before))}"
fi

# --- S2: lookups of 100 accounts, all L1 hits ------------------------------------------------
if want S2; then
  accounts=$(seq -s, -f '"u%.0f"' "$S2_FIRST" $((S2_FIRST + S2_COUNT - 1)))
  curl -fsS -o /dev/null -H "Content-Type: application/json" -X POST "$GW/v1/tags/lookup" -d "{\"accounts\":[$accounts]}"
  calls_before=$(emulator_calls)
  for ((run = 1; run <= ROUNDS; run++)); do
    result=$(loadgen --label S2 --url "$GW" --mode lookup \
      --first "$S2_FIRST" --count "$S2_COUNT" --batch "$S2_COUNT" --concurrency "$WRK_CONNECTIONS" \
      --warmup "$WARMUP_SECONDS" --duration "$WRK_SECONDS" --parse-every 100)
    log "S2 run $run (loadgen): $(grep -o '"accountsPerS":[0-9.]*' <<<"$result")"
    raw S2 "$run" loadgen "$result"
    result=$(BENCH_FIRST=$S2_FIRST BENCH_COUNT=$S2_COUNT wrk_json "$WRK_SECONDS" "$GW/" -s bench/wrk/lookup.lua)
    log "S2 run $run (wrk): $result"
    raw S2 "$run" wrk "$result"
  done
  raw S2 0 upstream "{\"callsDuring\":$(($(emulator_calls) - calls_before))}"
fi

# --- S7: L1 hits at half of S1's peak, open loop ------------------------------------------------
if want S7; then
  if ((${#S1_GATEWAY_RPS[@]} == 0)); then
    log "S7: measuring the gateway's peak first (S1 did not run)"
    wrk_json "$WARMUP_SECONDS" "$GW/v1/users/$S1_ACCOUNT/tags" >/dev/null
    S1_GATEWAY_RPS+=("$(wrk_json "$WRK_SECONDS" "$GW/v1/users/$S1_ACCOUNT/tags" | grep -o '"requestsPerS":[0-9.]*' | cut -d: -f2)")
  fi
  peak=$(printf '%s\n' "${S1_GATEWAY_RPS[@]}" | median)
  rate=$(awk -v p="$peak" 'BEGIN {printf "%.0f", p / 2}')
  log "S7: open loop at $rate requests/s (half of $peak)"
  for ((run = 1; run <= ROUNDS; run++)); do
    result=$(loadgen --label S7 --url "$GW" --mode get \
      --first 1 --count 1 --rate "$rate" --connections "$WRK_CONNECTIONS" \
      --warmup "$WARMUP_SECONDS" --duration "$S7_SECONDS")
    log "S7 run $run: $(grep -o '"latencyUs":{[^}]*}' <<<"$result")"
    raw S7 "$run" gateway "$result" "\"peak\":$peak"
    # The same load generator at the same rate against the references: what the machine itself
    # allows a p99 to be while it also runs the load generator.
    for ref in nginx:$NGINX_PORT bare:$BARE_PORT; do
      result=$(loadgen --label "S7-${ref%%:*}" --url "http://127.0.0.1:${ref#*:}" --mode get \
        --first 1 --count 1 --rate "$rate" --connections "$WRK_CONNECTIONS" \
        --warmup "$WARMUP_SECONDS" --duration "$S7_SECONDS")
      raw S7 "$run" "${ref%%:*}" "$result" "\"peak\":$peak"
    done
  done
  # The machine's own stalls (see Hiccups.java): idle, then while the load generator sends the
  # same rate to nginx once more, over that run's measured window (not one of nginx's runs above).
  hiccups() { java -Dtagway.bench=hiccups -cp "$BENCH_JAR" io.tagway.bench.Hiccups --seconds "$S7_SECONDS"; }
  result=$(hiccups)
  log "S7 machine stalls, idle: $result"
  raw S7 0 hiccups-idle "$result"
  (sleep $((WARMUP_SECONDS - 1)); hiccups >"$WORK/hiccups-loaded.json") &
  meter=$!
  loadgen --label S7-hiccups --url "http://127.0.0.1:$NGINX_PORT" --mode get \
    --first 1 --count 1 --rate "$rate" --connections "$WRK_CONNECTIONS" \
    --warmup "$WARMUP_SECONDS" --duration "$S7_SECONDS" >/dev/null
  wait "$meter" || die "the stall meter failed"
  log "S7 machine stalls, nginx at $rate requests/s: $(cat "$WORK/hiccups-loaded.json")"
  raw S7 0 hiccups-loaded "$(cat "$WORK/hiccups-loaded.json")"
fi

# The miss path's JIT warm-up, once, before the first scenario of misses (S5, then S4): a fresh
# JVM runs its first thousands of misses interpreted (filling L1 and L2 with one account took about
# 1 ms then), while a gateway in service is warm. S4's load and single-account GETs of cold accounts,
# on accounts of their own, not measured; then wait until the upstream calls stop.
MISS_PATH_WARM=0
warm_miss_path() {
  ((MISS_PATH_WARM)) && return 0
  MISS_PATH_WARM=1
  loadgen --label miss-warmup-lookup --url "$GW" --mode lookup \
    --first "$MISS_WARMUP_FIRST" --count $((20000 * MISS_WARMUP_SECONDS * 2)) --distinct --batch "$S4_BATCH" \
    --rate "$S4_RATE" --connections 3000 --duration "$MISS_WARMUP_SECONDS" --drain 20 --parse-every 1 >/dev/null
  loadgen --label miss-warmup-get --url "$GW" --mode get \
    --first "$MISS_WARMUP_GET_FIRST" --count $((MISS_WARMUP_GET_RATE * MISS_WARMUP_SECONDS * 2)) --distinct \
    --rate "$MISS_WARMUP_GET_RATE" --connections 64 --duration "$MISS_WARMUP_SECONDS" --drain 20 >/dev/null
  wait_until_calls_stop
}

# --- S5: one cold account at a time -------------------------------------------------------------
if want S5; then
  warm_miss_path
  next=$S5_FIRST
  for ((run = 1; run <= S5_RUNS; run++)); do
    # The emulator's own latency, asked directly (signed like the gateway), for the subtraction.
    result=$(loadgen --label S5-emulator --url "http://127.0.0.1:$EMULATOR_PORT" \
      --mode emulator --batch 1 --first "$next" --count $((S5_REQUESTS + 20)) --distinct --concurrency 1 \
      --warmup-requests 20 --requests "$S5_REQUESTS")
    raw S5 "$run" emulator "$result"
    next=$((next + S5_REQUESTS + 20))
    result=$(loadgen --label S5 --url "$GW" --mode get \
      --first "$next" --count $((S5_REQUESTS + 20)) --distinct --concurrency 1 \
      --warmup-requests 20 --requests "$S5_REQUESTS")
    log "S5 run $run: $(grep -o '"latencyUs":{[^}]*}' <<<"$result")"
    raw S5 "$run" gateway "$result"
    next=$((next + S5_REQUESTS + 20))
  done
fi

# --- S4: distinct cold accounts offered at 20,000/s ----------------------------------------------
if want S4; then
  warm_miss_path
  for ((run = 1; run <= S4_RUNS; run++)); do
    sleep 2   # let the rate limiter's slots of earlier calls expire
    curl -fsS -o /dev/null -X POST "http://127.0.0.1:$EMULATOR_PORT/emulator/stats/reset"
    first=$((S4_FIRST + (run - 1) * S4_SPAN))
    # Upstream calls so far, every half second, for reading the run afterwards (not a figure).
    (while sleep 0.5; do echo "$(date +%s.%N) $(emulator_calls)"; done) >"$WORK/s4-run$run.calls" 2>/dev/null &
    timeline=$!
    result=$(loadgen --label S4 --url "$GW" --mode lookup \
      --first "$first" --count "$S4_SPAN" --distinct --batch "$S4_BATCH" --rate "$S4_RATE" \
      --connections 3000 --preconnect 1000 --duration "$S4_SECONDS" --drain 20 --parse-every 1)
    # Accounts whose callers gave up may still be on their way upstream: wait until the calls stop.
    wait_until_calls_stop
    kill "$timeline" 2>/dev/null || true
    stats=$(curl -fsS "http://127.0.0.1:$EMULATOR_PORT/emulator/stats")
    require_alive gateway
    # The gateway's own view (upstream call times, rate-limit waits), for reading the run afterwards.
    curl -fsS "$GW/metrics" | grep -E '^tagway_(upstream|ratelimit|coalescer|lookup)' >"$WORK/s4-run$run.metrics" || true
    log "S4 run $run: $(grep -o '"accountsPerS":[0-9.]*' <<<"$result"), upstream calls $calls"
    raw S4 "$run" gateway "$result" "\"emulator\":$stats"
  done
fi

# --- S6: retained heap per cached account --------------------------------------------------------
if want S6; then
  for ((run = 1; run <= S6_RUNS; run++)); do
    result=$(java -Xms3g -Xmx3g -cp "$BENCH_JAR" io.tagway.bench.HeapPerAccount --accounts 1000000 --seed 42)
    log "S6 run $run: $result"
    raw S6 "$run" l1 "$result"
  done
fi

# Everything else is done with the services: stop them before the JMH forks take the CPU.
if ((${#PIDS[@]})); then
  log "stopping the services"
  stop_processes
fi

# --- JMH ----------------------------------------------------------------------------------------
JMH_JSON=
if want JMH; then
  JMH_JSON=$WORK/jmh.json
  log "JMH: ${JMH_ARGS[*]}"
  java -jar "$BENCH_JAR" "${JMH_ARGS[@]}" -rf json -rff "$JMH_JSON" 'io\.tagway\.bench\.jmh\..*' \
    >"$WORK/jmh.log" 2>&1 || die "JMH failed; see $WORK/jmh.log"
  grep -E '^(Benchmark|[A-Z][A-Za-z0-9]+Benchmark\.)' "$WORK/jmh.log" >&2 || true
fi

# --- report -------------------------------------------------------------------------------------
{
  echo "loadEnd=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "elapsed=$(((SECONDS - STARTED_AT) / 60)) min $(((SECONDS - STARTED_AT) % 60)) s"
  echo "jmhArgs=${JMH_ARGS[*]}"
} >>"$META"
mkdir -p bench/results
MARKDOWN=bench/results/$STAMP.md
if ((!QUICK)) && [[ $SCENARIOS == "$ALL_SCENARIOS" ]]; then
  MARKDOWN=BENCHMARKS.md
fi
java -cp "$BENCH_JAR" io.tagway.bench.Report --raw "$RAW" --meta "$META" ${JMH_JSON:+--jmh "$JMH_JSON"} \
  --json "bench/results/$STAMP.json" --markdown "$MARKDOWN"
log "results: bench/results/$STAMP.json and $MARKDOWN ($(((SECONDS - STARTED_AT) / 60)) min $(((SECONDS - STARTED_AT) % 60)) s)"
