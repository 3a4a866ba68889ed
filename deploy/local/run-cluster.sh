#!/usr/bin/env bash
# run-cluster.sh: the docker-compose topology on one machine, without containers, from the
# system's packages. Everything listens on 127.0.0.1 only:
#
#   nginx (load balancer, deploy/nginx/tagway.conf)   127.0.0.1:8080
#     -> gateways  java -jar target/tagway.jar        127.0.0.1:8081 .. 8083
#          -> Redis  redis-server                     127.0.0.1:6380
#          -> Tencent IM emulator (--latency-ms 30)   127.0.0.1:8090
#
# Usage: deploy/local/run-cluster.sh start|stop|status|env
#   start   builds target/tagway.jar when it is missing or older than the sources, starts
#           everything, waits until every gateway and nginx answer /health/ready, prints the
#           URLs; on any failure it prints the failing log, stops what it started, exits 1
#   stop    stops everything this script started (pid files), gracefully, then for good
#   status  one line per process; exit 0 when all run and answer, 1 when not all, 3 when stopped
#   env     prints the cluster's URLs as shell assignments, for `eval "$(... env)"`
#
# Settings (environment; names deliberately not TAGWAY_*, which the gateways would reject as
# unknown configuration keys):
#   CLUSTER_LB_PORT (8080)  CLUSTER_GATEWAY_PORT (8081, the first)  CLUSTER_GATEWAYS (3)
#   CLUSTER_EMULATOR_PORT (8090)  CLUSTER_EMULATOR_LATENCY_MS (30)  CLUSTER_EMULATOR_ARGS ("")
#   CLUSTER_REDIS_PORT (6380)  CLUSTER_START_TIMEOUT (120 s)  CLUSTER_STATE_DIR (see below)
#   CLUSTER_JAR (target/tagway.jar; not rebuilt when set)  CLUSTER_CONFIG (conf/tagway.yaml)
#   CLUSTER_GATEWAY_JAVA_OPTS ("-Xms256m -Xmx1g -XX:+ExitOnOutOfMemoryError")
#   CLUSTER_EMULATOR_JAVA_OPTS ("-Xmx512m -XX:+ExitOnOutOfMemoryError")
#   CLUSTER_NGINX_ACCESS_LOG (on; off for benchmarks)  CLUSTER_NGINX_CONNECTIONS (4096 per worker)
# TAGWAY_* variables in the environment reach every gateway. With TAGWAY_UPSTREAM_BASE_URL set
# the gateways call that upstream (real Tencent: also set TAGWAY_UPSTREAM_SDK_APP_ID and the key)
# and no emulator starts; with TAGWAY_REDIS_URL or TAGWAY_REDIS_ENDPOINTS set they use that Redis
# and none starts.
#
# State (pid files, logs, the generated nginx config) lives in CLUSTER_STATE_DIR, by default
# ${TMPDIR:-/tmp}/tagway-cluster-<uid>-<checksum of this checkout's path>, so checkouts do not
# share state; `stop` and `status` need the same CLUSTER_STATE_DIR as `start`.
set -euo pipefail

readonly EMULATOR_SDK_APP_ID=1400000000
readonly EMULATOR_ADMIN=administrator
# The emulator's documented demo key (README, "The emulator"); not a secret.
readonly EMULATOR_DEMO_KEY=5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e

repo=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)
state=${CLUSTER_STATE_DIR:-${TMPDIR:-/tmp}/tagway-cluster-$(id -u)-$(printf '%s' "$repo" | cksum | cut -d' ' -f1)}
lb_port=${CLUSTER_LB_PORT:-8080}
gateways=${CLUSTER_GATEWAYS:-3}
gw_port=${CLUSTER_GATEWAY_PORT:-8081}
emu_port=${CLUSTER_EMULATOR_PORT:-8090}
emu_latency=${CLUSTER_EMULATOR_LATENCY_MS:-30}
redis_port=${CLUSTER_REDIS_PORT:-6380}
start_timeout=${CLUSTER_START_TIMEOUT:-120}
jar=${CLUSTER_JAR:-$repo/target/tagway.jar}
config=${CLUSTER_CONFIG:-$repo/conf/tagway.yaml}
gw_java_opts=${CLUSTER_GATEWAY_JAVA_OPTS:--Xms256m -Xmx1g -XX:+ExitOnOutOfMemoryError}
emu_java_opts=${CLUSTER_EMULATOR_JAVA_OPTS:--Xmx512m -XX:+ExitOnOutOfMemoryError}
access_log=${CLUSTER_NGINX_ACCESS_LOG:-on}
nginx_connections=${CLUSTER_NGINX_CONNECTIONS:-4096}
# Gateways drain for http.shutdownGrace (10 s) and exit by 5 s after it at the latest.
readonly STOP_WAIT_GATEWAY=25 STOP_WAIT_OTHER=10

say() { printf 'run-cluster: %s\n' "$*"; }
die() { printf 'run-cluster: %s\n' "$*" >&2; exit 1; }

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
}

# ---- small helpers ----------------------------------------------------------------------

# Finds a system binary also where PATH lacks the sbin folders (nginx lives in /usr/sbin).
find_bin() {
  local name=$1 dir
  if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return 0; fi
  for dir in /usr/sbin /sbin /usr/local/sbin; do
    if [[ -x $dir/$name ]]; then printf '%s\n' "$dir/$name"; return 0; fi
  done
  return 1
}

# True when something accepts connections on 127.0.0.1:PORT.
port_open() { { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null && exec 3<&-; }

# Status code of GET http://127.0.0.1:PORT/PATH (000 when nothing answered in 3 s).
http_code() {
  local port=$1 path=$2 line
  if ! { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then echo 000; return; fi
  printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$path" "$port" >&3
  if IFS= read -r -t 3 line <&3 && [[ $line =~ ^HTTP/[0-9.]+\ ([0-9]{3}) ]]; then
    echo "${BASH_REMATCH[1]}"
  else
    echo 000
  fi
  exec 3<&-
}

redis_ping() {
  local line
  { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
  printf 'PING\r\n' >&3
  IFS= read -r -t 3 line <&3 || line=
  exec 3<&-
  [[ $line == +PONG* ]]
}

pidfile() { printf '%s/pids/%s.pid\n' "$state" "$1"; }

# The pid recorded for NAME, when that process still runs the expected program (guards against
# a recycled pid); empty otherwise.
live_pid() {
  local name=$1 pid cmd
  [[ -f $(pidfile "$name") ]] || return 0
  pid=$(<"$(pidfile "$name")")
  [[ $pid =~ ^[0-9]+$ ]] || return 0
  cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || return 0
  case $name in
    nginx) [[ $cmd == *nginx* ]] ;;
    redis) [[ $cmd == *redis-server* ]] ;;
    *) [[ $cmd == *java* ]] ;;
  esac && printf '%s\n' "$pid"
  return 0
}

# spawn NAME COMMAND...: runs COMMAND in the background, detached from the terminal, with its
# output in logs/NAME.log and its pid in pids/NAME.pid.
spawn() {
  local name=$1; shift
  local log="$state/logs/$name.log"
  : >"$log"
  if command -v setsid >/dev/null 2>&1; then
    (cd "$repo" && exec setsid "$@") </dev/null >>"$log" 2>&1 9>&- &
  else
    (cd "$repo" && exec nohup "$@") </dev/null >>"$log" 2>&1 9>&- &
  fi
  echo $! >"$(pidfile "$name")"
}

log_tail() {
  local log="$state/logs/$1.log"
  [[ -s $log ]] || return 0
  printf -- '---- last lines of %s ----\n' "$log" >&2
  tail -n 25 "$log" >&2
  printf -- '----\n' >&2
}

# The names of the processes of the recorded cluster, in start order.
component_names() {
  local i
  [[ ${C_REDIS:-} == local ]] && echo redis
  [[ ${C_EMULATOR:-} == local ]] && echo emulator
  for ((i = 1; i <= ${C_GATEWAYS:-0}; i++)); do echo "gateway-$i"; done
  [[ -n ${C_LB_PORT:-} ]] && echo nginx
  return 0
}

# Reads cluster.env written by start (ports and what was started).
load_recorded() {
  C_GATEWAYS=0 C_REDIS= C_EMULATOR= C_LB_PORT= C_GATEWAY_PORTS= C_EMULATOR_PORT= C_REDIS_PORT=
  if [[ -f $state/cluster.env ]]; then
    # shellcheck disable=SC1091
    source "$state/cluster.env"
  fi
}

port_of() {
  local ports
  case $1 in
    nginx) echo "$C_LB_PORT" ;;
    redis) echo "$C_REDIS_PORT" ;;
    emulator) echo "$C_EMULATOR_PORT" ;;
    gateway-*) read -r -a ports <<<"$C_GATEWAY_PORTS"; echo "${ports[${1#gateway-} - 1]}" ;;
  esac
}

# "UP" when the component answers its health check, else a short reason.
health_of() {
  local name=$1 port code
  port=$(port_of "$name")
  case $name in
    redis) redis_ping "$port" && echo UP || echo "no PONG" ;;
    emulator) code=$(http_code "$port" /emulator/stats); [[ $code == 200 ]] && echo UP || echo "HTTP $code" ;;
    *) code=$(http_code "$port" /health/ready); [[ $code == 200 ]] && echo UP || echo "HTTP $code" ;;
  esac
}

# ---- stop -----------------------------------------------------------------------------------

# stop_group SIGNAL WAIT NAME...: signals every live one, waits up to WAIT seconds for all,
# then kills what is left.
stop_group() {
  local sig=$1 wait=$2; shift 2
  local name pid pids=() names=() i
  for name in "$@"; do
    pid=$(live_pid "$name")
    if [[ -n $pid ]]; then
      kill "-$sig" "$pid" 2>/dev/null || true
      pids+=("$pid") names+=("$name")
    fi
    rm -f "$(pidfile "$name")"
  done
  ((${#pids[@]})) || return 0
  for ((i = 0; i < wait * 10; i++)); do
    local alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    ((alive)) || break
    sleep 0.1
  done
  for i in "${!pids[@]}"; do
    if kill -0 "${pids[i]}" 2>/dev/null; then
      say "${names[i]} (pid ${pids[i]}) still runs after ${wait}s; killing it"
      kill -KILL "${pids[i]}" 2>/dev/null || true
    fi
  done
  say "stopped ${names[*]}"
}

do_stop() {
  load_recorded
  local gws=() i
  for ((i = 1; i <= C_GATEWAYS; i++)); do gws+=("gateway-$i"); done
  # Any pid file counts, also of a start that failed half-way.
  [[ -d $state/pids ]] && compgen -G "$state/pids/*.pid" >/dev/null || { say "not running (no pid files in $state)"; return 0; }
  # Load balancer first (graceful: QUIT lets requests in flight finish), then the gateways
  # (SIGTERM drains them), then what they depend on.
  stop_group QUIT "$STOP_WAIT_OTHER" nginx
  ((${#gws[@]})) && stop_group TERM "$STOP_WAIT_GATEWAY" "${gws[@]}"
  stop_group TERM "$STOP_WAIT_OTHER" emulator
  stop_group TERM "$STOP_WAIT_OTHER" redis
  # Leftovers from a start with other settings.
  local f
  for f in "$state"/pids/*.pid; do
    [[ -e $f ]] || continue
    f=${f##*/}
    stop_group TERM "$STOP_WAIT_GATEWAY" "${f%.pid}"
  done
  rm -f "$state/cluster.env"
}

# ---- status ---------------------------------------------------------------------------------

do_status() {
  load_recorded
  local name pid health running=0 healthy=0 total=0
  if [[ ! -f $state/cluster.env ]]; then
    say "not running (state: $state)"
    return 3
  fi
  printf '%-10s %-8s %-7s %s\n' COMPONENT PID PORT STATE
  while read -r name; do
    [[ -n $name ]] || continue
    total=$((total + 1))
    pid=$(live_pid "$name")
    if [[ -z $pid ]]; then
      printf '%-10s %-8s %-7s %s\n' "$name" - "$(port_of "$name")" "not running"
      continue
    fi
    running=$((running + 1))
    health=$(health_of "$name")
    [[ $health == UP ]] && healthy=$((healthy + 1))
    printf '%-10s %-8s %-7s %s\n' "$name" "$pid" "$(port_of "$name")" "$health"
  done < <(component_names)
  [[ $C_REDIS == external ]] && printf '%-10s %-8s %-7s %s\n' redis - - "external: ${C_REDIS_DESC:-}"
  [[ $C_EMULATOR == external ]] && printf '%-10s %-8s %-7s %s\n' upstream - - "external: ${C_UPSTREAM_DESC:-}"
  ((running == 0)) && return 3
  ((healthy == total)) && return 0
  return 1
}

print_env() {
  load_recorded
  [[ -f $state/cluster.env ]] || { say "not running (state: $state)" >&2; return 3; }
  local p urls=()
  for p in $C_GATEWAY_PORTS; do urls+=("http://127.0.0.1:$p"); done
  printf 'CLUSTER_LB_URL=%q\n' "http://127.0.0.1:$C_LB_PORT"
  printf 'CLUSTER_GATEWAY_URLS=%q\n' "${urls[*]}"
  [[ $C_EMULATOR == local ]] && printf 'CLUSTER_EMULATOR_URL=%q\n' "http://127.0.0.1:$C_EMULATOR_PORT"
  [[ $C_REDIS == local ]] && printf 'CLUSTER_REDIS_URL=%q\n' "redis://127.0.0.1:$C_REDIS_PORT"
  printf 'CLUSTER_STATE_DIR=%q\n' "$state"
}

# ---- start ----------------------------------------------------------------------------------

build_jar_if_needed() {
  if [[ -n ${CLUSTER_JAR:-} ]]; then
    [[ -f $jar ]] || die "CLUSTER_JAR=$jar does not exist"
    return 0
  fi
  if [[ ! -f $jar || -n $(find "$repo/pom.xml" "$repo/src/main" -newer "$jar" -print -quit 2>/dev/null) ]]; then
    say "building $jar (./mvnw -B -q -DskipTests package) ..."
    (cd "$repo" && ./mvnw -B -q -DskipTests package) || die "the build failed"
  fi
}

# Writes the nginx main configuration and the loopback copy of deploy/nginx/tagway.conf.
generate_nginx_conf() {
  local nginx=$1 dir="$state/nginx" template="$repo/deploy/nginx/tagway.conf" servers="" p v
  grep -q '# BEGIN gateways' "$template" && grep -q '# END gateways' "$template" \
    || die "$template lacks the '# BEGIN gateways' / '# END gateways' markers"
  for p in "${gw_ports[@]}"; do
    servers+="    server 127.0.0.1:$p max_fails=3 fail_timeout=5s;"$'\n'
  done
  awk -v servers="$servers" -v listen="127.0.0.1:$lb_port" '
    /# BEGIN gateways/ { print; printf "%s", servers; skip = 1; next }
    /# END gateways/   { skip = 0 }
    skip               { next }
    /^[[:space:]]*listen[[:space:]]/ { sub(/listen[[:space:]]+[^;]+;/, "listen " listen ";") }
    { print }' "$template" >"$dir/tagway.conf"

  # Temp paths: the compiled-in ones (/var/lib/nginx/...) are not writable without root. Only
  # the modules built into this nginx may be named.
  local temp_paths="    client_body_temp_path $dir/tmp/client_body;"$'\n'
  temp_paths+="    proxy_temp_path $dir/tmp/proxy;"$'\n'
  local version_info
  version_info=$("$nginx" -V 2>&1)
  for v in fastcgi uwsgi scgi; do
    [[ $version_info == *"--without-http_${v}_module"* ]] || temp_paths+="    ${v}_temp_path $dir/tmp/$v;"$'\n'
  done
  local user_line="" access="access_log off;"
  # As root, nginx would run its workers as nobody, who cannot use this state directory.
  [[ $(id -u) == 0 ]] && user_line="user root root;"
  [[ $access_log == off ]] || access="access_log $state/logs/nginx-access.log combined buffer=64k flush=1s;"
  cat >"$dir/nginx.conf" <<EOF
# Generated by deploy/local/run-cluster.sh; edit deploy/nginx/tagway.conf instead.
$user_line
daemon off;
worker_processes auto;
pid $dir/nginx.pid;
error_log $state/logs/nginx-error.log warn;
events {
    worker_connections $nginx_connections;
}
http {
$temp_paths
    default_type application/octet-stream;
    $access
    include $dir/tagway.conf;
}
EOF
}

wait_until_up() {
  local deadline=$((SECONDS + start_timeout)) name pending
  while :; do
    pending=()
    for name in "$@"; do
      if [[ -z $(live_pid "$name") ]]; then
        say "$name exited during start-up" >&2
        log_tail "$name"
        return 1
      fi
      [[ $(health_of "$name") == UP ]] || pending+=("$name")
    done
    ((${#pending[@]})) || return 0
    if ((SECONDS >= deadline)); then
      say "timed out after ${start_timeout}s waiting for: ${pending[*]}" >&2
      for name in "${pending[@]}"; do log_tail "$name"; done
      return 1
    fi
    sleep 0.5
  done
}

do_start() {
  local java redis nginx p i
  java=$(find_bin java) || die "java not found: install a JDK 17 or newer"
  nginx=$(find_bin nginx) || die "nginx not found. Install it, e.g.: apt-get install -y nginx-light   (Debian/Ubuntu; or the 'nginx' package)"

  mkdir -p "$state"/{pids,logs,nginx/tmp}
  exec 9>"$state/lock"
  if command -v flock >/dev/null 2>&1; then
    flock -n 9 || die "another run-cluster.sh is working on $state"
  fi

  load_recorded
  if [[ -f $state/cluster.env ]]; then
    if do_status >/dev/null; then
      say "already running (state: $state)"
      print_urls
      return 0
    fi
    die "a cluster from an earlier start is in $state but not all of it answers; run '$0 stop' first"
  fi

  local use_redis=local use_emulator=local
  [[ -n ${TAGWAY_REDIS_URL:-} || -n ${TAGWAY_REDIS_ENDPOINTS:-} ]] && use_redis=external
  [[ -n ${TAGWAY_UPSTREAM_BASE_URL:-} ]] && use_emulator=external
  if [[ $use_redis == local ]]; then
    redis=$(find_bin redis-server) || die "redis-server not found. Install it, e.g.: apt-get install -y redis-server   (or set TAGWAY_REDIS_URL to use another Redis)"
  fi

  gw_ports=()
  for ((i = 0; i < gateways; i++)); do gw_ports+=($((gw_port + i))); done
  local ports=("$lb_port" "${gw_ports[@]}")
  [[ $use_emulator == local ]] && ports+=("$emu_port")
  [[ $use_redis == local ]] && ports+=("$redis_port")
  for p in "${ports[@]}"; do
    if port_open "$p"; then
      die "port $p on 127.0.0.1 is in use; choose others with CLUSTER_LB_PORT, CLUSTER_GATEWAY_PORT, CLUSTER_EMULATOR_PORT or CLUSTER_REDIS_PORT"
    fi
  done

  build_jar_if_needed
  generate_nginx_conf "$nginx"
  "$nginx" -t -q -p "$state/nginx/" -c "$state/nginx/nginx.conf" 2>"$state/logs/nginx-test.log" \
    || { cat "$state/logs/nginx-test.log" >&2; die "nginx -t rejects the generated $state/nginx/nginx.conf"; }

  {
    echo "C_GATEWAYS=$gateways"
    echo "C_GATEWAY_PORTS='${gw_ports[*]}'"
    echo "C_LB_PORT=$lb_port"
    echo "C_REDIS=$use_redis"
    echo "C_REDIS_PORT=$redis_port"
    echo "C_EMULATOR=$use_emulator"
    echo "C_EMULATOR_PORT=$emu_port"
    # Descriptions without credentials.
    printf 'C_REDIS_DESC=%q\n' "${TAGWAY_REDIS_MODE:-standalone} $(printf '%s' "${TAGWAY_REDIS_URL:-${TAGWAY_REDIS_ENDPOINTS:-}}" | sed -E 's#//[^@/]*@#//***@#g')"
    printf 'C_UPSTREAM_DESC=%q\n' "${TAGWAY_UPSTREAM_BASE_URL:-}"
  } >"$state/cluster.env"
  load_recorded

  # From here on, a failure or an interrupt stops whatever was started.
  trap 'rc=$?; trap - EXIT; if ((rc != 0)); then say "start did not complete; stopping what was started" >&2; do_stop >&2; fi; exit $rc' EXIT
  trap 'exit 130' INT TERM

  if [[ $use_redis == local ]]; then
    mkdir -p "$state/redis"
    spawn redis "$redis" --bind 127.0.0.1 --port "$redis_port" --protected-mode yes \
      --save "" --appendonly no --dir "$state/redis" --daemonize no --logfile ""
  fi
  if [[ $use_emulator == local ]]; then
    # shellcheck disable=SC2086
    spawn emulator "$java" $emu_java_opts -jar "$jar" emulator --host 127.0.0.1 --port "$emu_port" \
      --latency-ms "$emu_latency" ${CLUSTER_EMULATOR_ARGS:-}
  fi
  local waits=()
  [[ $use_redis == local ]] && waits+=(redis)
  [[ $use_emulator == local ]] && waits+=(emulator)
  if ((${#waits[@]})); then
    wait_until_up "${waits[@]}"
  fi

  # The gateways: the environment's TAGWAY_* settings, plus what this topology fixes.
  local gw_env=(TAGWAY_HTTP_HOST=127.0.0.1)
  local gw_unset=()
  [[ $use_redis == local ]] && gw_env+=("TAGWAY_REDIS_URL=redis://127.0.0.1:$redis_port")
  if [[ $use_emulator == local ]]; then
    gw_env+=("TAGWAY_UPSTREAM_BASE_URL=http://127.0.0.1:$emu_port"
      "TAGWAY_UPSTREAM_SDK_APP_ID=$EMULATOR_SDK_APP_ID"
      "TAGWAY_UPSTREAM_IDENTIFIER=$EMULATOR_ADMIN"
      "TAGWAY_UPSTREAM_SECRET_KEY=$EMULATOR_DEMO_KEY")
    gw_unset+=(-u TAGWAY_UPSTREAM_SECRET_KEY_FILE)
  fi
  for ((i = 1; i <= gateways; i++)); do
    # shellcheck disable=SC2086
    spawn "gateway-$i" env "${gw_unset[@]}" "${gw_env[@]}" "TAGWAY_HTTP_PORT=${gw_ports[i - 1]}" \
      "$java" $gw_java_opts -jar "$jar" --config "$config"
  done
  local names=()
  for ((i = 1; i <= gateways; i++)); do names+=("gateway-$i"); done
  wait_until_up "${names[@]}"

  spawn nginx "$nginx" -p "$state/nginx/" -c "$state/nginx/nginx.conf"
  wait_until_up nginx
  trap - EXIT INT TERM

  say "cluster up (state and logs: $state)"
  print_urls
}

print_urls() {
  load_recorded
  local p
  printf '  load balancer  http://127.0.0.1:%s\n' "$C_LB_PORT"
  printf '  gateways      '
  for p in $C_GATEWAY_PORTS; do printf ' http://127.0.0.1:%s' "$p"; done
  printf '\n'
  if [[ $C_EMULATOR == local ]]; then
    printf '  emulator       http://127.0.0.1:%s\n' "$C_EMULATOR_PORT"
  else
    printf '  upstream       %s\n' "$C_UPSTREAM_DESC"
  fi
  if [[ $C_REDIS == local ]]; then
    printf '  redis          redis://127.0.0.1:%s\n' "$C_REDIS_PORT"
  else
    printf '  redis          %s\n' "$C_REDIS_DESC"
  fi
}

case ${1:-} in
  start) do_start ;;
  stop) do_stop ;;
  status) do_status ;;
  env) print_env ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
