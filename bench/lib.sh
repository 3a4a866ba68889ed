# Shared by bench/run.sh and bench/profile-s1.sh: tools, ports, and the processes a scenario needs.
# Every process started here is recorded in PIDS and stopped by stop_all (set as the EXIT trap).
# Java processes carry -Dtagway.bench=<role>, so that `ps` tells them from anyone else's.
# Expects the current directory to be the repository root.

ROOT=$(pwd)
# shellcheck shell=bash

DEMO_KEY=5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e
SDK_APP_ID=1400000000
GATEWAY_JAR=target/tagway.jar
BENCH_JAR=bench/target/tagway-bench.jar

PIDS=()
NAMES=()
declare -A PID_OF=()
PORTS_TAKEN=" "
LAST_PID=
KEEP_WORK=0

log() { printf '%s [bench] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Checks the system tools; names the packages to install when some are missing.
check_tools() {
  local missing=() packages=()
  command -v wrk >/dev/null || { missing+=(wrk); packages+=(wrk); }
  if ! command -v nginx >/dev/null && [[ ! -x /usr/sbin/nginx ]]; then missing+=(nginx); packages+=(nginx-light); fi
  command -v curl >/dev/null || { missing+=(curl); packages+=(curl); }
  command -v java >/dev/null || { missing+=(java); packages+=(openjdk-17-jdk-headless); }
  if ((${#missing[@]})); then
    log "missing tools: ${missing[*]}"
    log "install them with:  apt-get update && apt-get install -y ${packages[*]}"
    exit 3
  fi
  NGINX=$(command -v nginx || echo /usr/sbin/nginx)
  REDIS_SERVER=$(command -v redis-server || true)
}

# A free TCP port on 127.0.0.1 that this run has not handed out yet.
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 30000))
    [[ $PORTS_TAKEN == *" $port "* ]] && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      PORTS_TAKEN+="$port "
      echo "$port"
      return
    fi
  done
}

# start_bg NAME COMMAND...: runs COMMAND in the background, output to $WORK/NAME.log; sets LAST_PID.
start_bg() {
  local name=$1
  shift
  "$@" >"$WORK/$name.log" 2>&1 &
  LAST_PID=$!
  PIDS+=("$LAST_PID")
  NAMES+=("$name")
  PID_OF[$name]=$LAST_PID
}

# require_alive NAME...: fails the run when a process it started has gone (rather than measuring
# a dead port). The machine may be shared: say so, with the tail of the process's log.
require_alive() {
  local name
  for name in "$@"; do
    if [[ -n ${PID_OF[$name]:-} ]] && ! kill -0 "${PID_OF[$name]}" 2>/dev/null; then
      tail -5 "$WORK/$name.log" >&2 || true
      die "$name (pid ${PID_OF[$name]}) is gone: it crashed or something else on this machine stopped it"
    fi
  done
}

# Stops everything started with start_bg, newest first: SIGTERM, then SIGKILL after 15 s.
stop_processes() {
  local i pid waited
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    pid=${PIDS[i]}
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
    fi
  done
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    pid=${PIDS[i]}
    waited=0
    while kill -0 "$pid" 2>/dev/null && ((waited < 150)); do
      sleep 0.1
      waited=$((waited + 1))
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "${NAMES[i]} (pid $pid) ignored SIGTERM; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  done
  PIDS=()
  NAMES=()
}

# The EXIT trap: stops the processes, removes the scratch directory unless it is wanted.
stop_all() {
  local status=$?
  trap - EXIT INT TERM
  stop_processes
  if [[ -n ${WORK:-} && -d $WORK ]]; then
    if ((status != 0 || KEEP_WORK)); then
      log "logs and scratch files kept in $WORK"
    else
      rm -rf "$WORK"
    fi
  fi
  exit "$status"
}

# wait_http URL SECONDS [PID]: until URL answers 200, or fail (early if PID died).
wait_http() {
  local url=$1 seconds=$2 pid=${3:-} deadline=$((SECONDS + $2))
  while ((SECONDS < deadline)); do
    if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then
      return 0
    fi
    if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null; then
      return 1
    fi
    sleep 0.2
  done
  return 1
}

# wait_port PORT SECONDS PID WHAT LOG_NAME: waits until PORT on 127.0.0.1 accepts connections;
# dies, naming WHAT and its log, when PID exits or SECONDS pass first.
wait_port() {
  local deadline=$((SECONDS + $2))
  until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
    kill -0 "$3" 2>/dev/null || die "$4 did not start; see $WORK/$5.log"
    ((SECONDS < deadline)) || die "$4 did not listen in $2 s"
    sleep 0.1
  done
}

start_redis() {
  REDIS_PORT=$(free_port)
  local server=$REDIS_SERVER
  if [[ -z $server ]]; then
    # The test dependency embedded-redis ships a Linux x86-64 build.
    local jar
    jar=$(ls ~/.m2/repository/com/github/codemonstur/embedded-redis/*/embedded-redis-*.jar 2>/dev/null | tail -1)
    [[ -n $jar && $(uname -m) == x86_64 ]] || die "no redis-server: apt-get install -y redis-server"
    unzip -p "$jar" redis-server-6.2.6-v5-linux-amd64 >"$WORK/redis-server"
    chmod +x "$WORK/redis-server"
    server=$WORK/redis-server
  fi
  start_bg redis "$server" --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
    --dir "$WORK" --daemonize no
  wait_port "$REDIS_PORT" 20 "$LAST_PID" redis-server redis
  log "redis-server on 127.0.0.1:$REDIS_PORT ($($server --version | awk '{print $3}'))"
  GATEWAY_REDIS_PORT=$REDIS_PORT
  if ((${REDIS_RTT_MS:-0} > 0)); then
    # An experiment: a distant Redis, the gateways reaching it through a proxy that delays each way.
    GATEWAY_REDIS_PORT=$(free_port)
    start_bg redis-proxy java -Dtagway.bench=redis-proxy -cp "$ROOT/$BENCH_JAR" io.tagway.bench.DelayProxy \
      --port "$GATEWAY_REDIS_PORT" --to-port "$REDIS_PORT" --rtt-ms "$REDIS_RTT_MS"
    wait_port "$GATEWAY_REDIS_PORT" 30 "$LAST_PID" "the Redis delay proxy" redis-proxy
    log "gateways reach Redis through 127.0.0.1:$GATEWAY_REDIS_PORT, $REDIS_RTT_MS ms added to each round trip"
  fi
}

# start_emulator USERS: the standalone emulator with 30 ms of latency per call.
start_emulator() {
  EMULATOR_PORT=$(free_port)
  start_bg emulator java -Dtagway.bench=emulator -jar "$ROOT/$GATEWAY_JAR" emulator --port "$EMULATOR_PORT" --users "$1" --seed 42 \
    --latency-ms "${EMULATOR_LATENCY_MS:-30}"
  wait_http "http://127.0.0.1:$EMULATOR_PORT/emulator/stats" 60 "$LAST_PID" \
    || die "the emulator did not start; see $WORK/emulator.log"
  log "emulator on 127.0.0.1:$EMULATOR_PORT ($1 users, ${EMULATOR_LATENCY_MS:-30} ms per call)"
}

# start_gateway NAME PORT_VAR [ENV=VALUE...]: the gateway as its own process, against the emulator
# and Redis; extra settings come as environment assignments. JVM options from GATEWAY_JAVA_OPTS.
start_gateway() {
  local name=$1 var=$2 port
  shift 2
  port=$(free_port)
  printf -v "$var" '%s' "$port"
  # shellcheck disable=SC2086
  start_bg "$name" env \
    TAGWAY_HTTP_HOST=127.0.0.1 \
    TAGWAY_HTTP_PORT="$port" \
    TAGWAY_HTTP_INSTANCES="$INSTANCES" \
    TAGWAY_UPSTREAM_BASE_URL="http://127.0.0.1:$EMULATOR_PORT" \
    TAGWAY_UPSTREAM_SDK_APP_ID="$SDK_APP_ID" \
    TAGWAY_UPSTREAM_SECRET_KEY="$DEMO_KEY" \
    TAGWAY_REDIS_URL="redis://127.0.0.1:$GATEWAY_REDIS_PORT" \
    TAGWAY_LOG_LEVEL=warn \
    "$@" \
    java ${GATEWAY_JAVA_OPTS:-} -Dtagway.bench="$name" -jar "$ROOT/$GATEWAY_JAR"
  wait_http "http://127.0.0.1:$port/health/ready" 60 "$LAST_PID" \
    || die "gateway $name did not become ready; see $WORK/$name.log"
  log "gateway $name on 127.0.0.1:$port ($INSTANCES event-loop instances${*:+; $*})"
}

# start_nginx BODY_FILE: nginx answering `return 200` with the body, one worker per core.
start_nginx() {
  local body
  body=$(cat "$1")
  [[ $body != *"'"* && $body != *'$'* && $body != *'\'* ]] || die "the body cannot be quoted for nginx: $body"
  NGINX_PORT=$(free_port)
  mkdir -p "$WORK/nginx"
  cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes $INSTANCES;
error_log $WORK/nginx/error.log warn;
pid $WORK/nginx/nginx.pid;
events { worker_connections 4096; }
http {
  access_log off;
  server_tokens off;
  keepalive_requests 100000000;
  keepalive_timeout 300s;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      default_type application/json;
      add_header X-Cache L1;
      return 200 '$body';
    }
  }
}
EOF
  start_bg nginx "$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;'
  wait_http "http://127.0.0.1:$NGINX_PORT/" 20 "$LAST_PID" || die "nginx did not start; see $WORK/nginx.log"
  log "nginx on 127.0.0.1:$NGINX_PORT ($INSTANCES workers, $($NGINX -v 2>&1 | sed 's/.*version: //'))"
}

# start_bare BODY_FILE: the bare Vert.x server with the gateway's bytes and event-loop count.
start_bare() {
  BARE_PORT=$(free_port)
  start_bg bare java -Dtagway.bench=bare -cp "$ROOT/$BENCH_JAR" io.tagway.bench.BareServer --port "$BARE_PORT" --instances "$INSTANCES" \
    --body "$1" --content-type application/json --x-cache L1
  wait_http "http://127.0.0.1:$BARE_PORT/" 60 "$LAST_PID" || die "the bare server did not start; see $WORK/bare.log"
  log "bare Vert.x server on 127.0.0.1:$BARE_PORT ($INSTANCES instances)"
}

# Converts a wrk duration (e.g. 512.00us, 1.20ms, 2.00s) to microseconds.
wrk_us() {
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) print n; else if (v ~ /ms$/) print n * 1000; else if (v ~ /m$/) print n * 60000000;
    else if (v ~ /s$/) print n * 1000000; else print n }'
}

# wrk_json SECONDS URL [wrk options...] [-- script args...]: runs wrk with the suite's settings;
# prints a JSON object.
wrk_json() {
  local seconds=$1 url=$2 out options=() script_args=()
  shift 2
  while (($#)) && [[ $1 != -- ]]; do
    options+=("$1")
    shift
  done
  script_args=("$@")
  out=$(wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${seconds}s" --latency "${options[@]}" "$url" "${script_args[@]}")
  local rps requests non2xx socket p50 p90 p99
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $5}' <<<"$out")
  socket=$(awk '/Socket errors:/ {gsub(",", ""); print $4 + $6 + $8 + $10}' <<<"$out")
  p50=$(wrk_us "$(awk '$1 == "50%" {print $2}' <<<"$out")")
  p90=$(wrk_us "$(awk '$1 == "90%" {print $2}' <<<"$out")")
  p99=$(wrk_us "$(awk '$1 == "99%" {print $2}' <<<"$out")")
  printf '{"requestsPerS":%s,"requests":%s,"non2xx":%s,"socketErrors":%s,"p50Us":%s,"p90Us":%s,"p99Us":%s,"seconds":%s}\n' \
    "${rps:-0}" "${requests:-0}" "${non2xx:-0}" "${socket:-0}" "${p50:-0}" "${p90:-0}" "${p99:-0}" "$seconds"
}
