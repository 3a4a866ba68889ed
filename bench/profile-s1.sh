#!/usr/bin/env bash
# Profiles the gateway under S1's load (single-account GET, all L1 hits; wrk -t1 -c64).
#
#   bench/profile-s1.sh [--skip-build] [--seconds N] [--keep]
#
# CPU with async-profiler (tools.profiler:async-profiler from Maven Central, loaded into the running
# gateway with `jcmd JVMTI.agent_load`; kernel frames when perf events are allowed), then
# allocations; JFR execution samples when async-profiler cannot be loaded. (jcmd splits its
# arguments at '=', so the agent's options travel inside double quotes.) Writes the top frames to
# bench/results/profile-<timestamp>/ (with flame graphs) and prints them.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh

BUILD=1
PROFILE_SECONDS=20
ASYNC_PROFILER_VERSION=4.2
while (($#)); do
  case $1 in
    --skip-build) BUILD=0 ;;
    --seconds) PROFILE_SECONDS=${2:?}; shift ;;
    --keep) KEEP_WORK=1 ;;
    -h | --help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

check_tools
command -v jcmd >/dev/null || die "jcmd (from the JDK) is needed"
INSTANCES=$(nproc)
WRK_THREADS=1
WRK_CONNECTIONS=64
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=bench/results/profile-$STAMP
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tagway-profile.XXXXXX")
trap stop_all EXIT
trap 'exit 130' INT TERM
mkdir -p "$OUT"

if ((BUILD)); then
  log "building the gateway and the bench module"
  ./mvnw -B -q -DskipTests install
  ./mvnw -B -q -f bench/pom.xml package
fi

# async-profiler's agent, from Maven Central (the jar carries the native libraries).
AGENT=
case $(uname -m) in
  x86_64) arch=linux-x64 ;;
  aarch64) arch=linux-arm64 ;;
  *) arch= ;;
esac
if [[ -n $arch ]] && ./mvnw -B -q dependency:copy -Dartifact="tools.profiler:async-profiler:$ASYNC_PROFILER_VERSION" \
  -DoutputDirectory="$WORK" >"$WORK/mvn.log" 2>&1; then
  unzip -p "$WORK/async-profiler-$ASYNC_PROFILER_VERSION.jar" "$arch/libasyncProfiler.so" >"$WORK/libasyncProfiler.so"
  AGENT=$WORK/libasyncProfiler.so
else
  log "async-profiler is not available here; falling back to JFR"
fi

# DebugNonSafepoints: JIT-compiled frames are attributed to the right method, not the nearest safepoint.
GATEWAY_JAVA_OPTS="-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints"
start_redis
start_emulator 1000
start_gateway gateway GATEWAY_PORT
URL=http://127.0.0.1:$GATEWAY_PORT/v1/users/u1/tags
curl -fsS -o /dev/null "$URL"
GATEWAY_PID=${PIDS[${#PIDS[@]} - 1]}

log "warm-up: 10 s of wrk"
wrk_json 10 "$URL" >/dev/null

profiled=0
if [[ -n $AGENT ]]; then
  for event in cpu itimer; do
    if jcmd "$GATEWAY_PID" JVMTI.agent_load "$AGENT" "\"start,event=$event,interval=1ms,threads\"" >"$WORK/agent.log" 2>&1 \
      && ! grep -qiE 'error|fail' "$WORK/agent.log"; then
      log "async-profiler: event=$event for $PROFILE_SECONDS s under wrk"
      result=$(wrk_json "$PROFILE_SECONDS" "$URL")
      jcmd "$GATEWAY_PID" JVMTI.agent_load "$AGENT" "\"dump,collapsed,file=$WORK/cpu.collapsed\"" >>"$WORK/agent.log" 2>&1
      jcmd "$GATEWAY_PID" JVMTI.agent_load "$AGENT" "\"stop,flamegraph,file=$OUT/cpu-flame.html\"" >>"$WORK/agent.log" 2>&1 || true
      if [[ -s $WORK/cpu.collapsed ]]; then
        cp "$WORK/cpu.collapsed" "$OUT/cpu.collapsed"
        profiled=1
        PROFILER="async-profiler $ASYNC_PROFILER_VERSION, event=$event, 1 ms interval"
        break
      fi
    fi
    log "async-profiler event=$event did not work: $(tr '\n' ' ' <"$WORK/agent.log")"
  done
fi
if ((profiled)); then
  log "async-profiler: allocations for 10 s"
  jcmd "$GATEWAY_PID" JVMTI.agent_load "$AGENT" "\"start,event=alloc,threads\"" >>"$WORK/agent.log" 2>&1
  wrk_json 10 "$URL" >/dev/null
  jcmd "$GATEWAY_PID" JVMTI.agent_load "$AGENT" "\"dump,collapsed,file=$OUT/alloc.collapsed\"" >>"$WORK/agent.log" 2>&1
  jcmd "$GATEWAY_PID" JVMTI.agent_load "$AGENT" "\"stop,flamegraph,file=$OUT/alloc-flame.html\"" >>"$WORK/agent.log" 2>&1 || true
  {
    echo "# S1 profile: $PROFILER"
    echo
    echo "wrk during the profile: $result"
    echo
    echo "## CPU, event-loop threads"
    echo
    java -cp "$BENCH_JAR" io.tagway.bench.ProfileTop --collapsed "$OUT/cpu.collapsed" --top 15 --thread-prefix vert.x-eventloop
    echo "## CPU, all threads"
    echo
    java -cp "$BENCH_JAR" io.tagway.bench.ProfileTop --collapsed "$OUT/cpu.collapsed" --top 15
    echo "## Allocations (samples weighted by bytes), event-loop threads"
    echo
    java -cp "$BENCH_JAR" io.tagway.bench.ProfileTop --collapsed "$OUT/alloc.collapsed" --top 15 --thread-prefix vert.x-eventloop
  } >"$OUT/top.md"
else
  log "JFR: $PROFILE_SECONDS s under wrk"
  jcmd "$GATEWAY_PID" JFR.start name=s1 settings=profile >/dev/null
  result=$(wrk_json "$PROFILE_SECONDS" "$URL")
  jcmd "$GATEWAY_PID" JFR.stop name=s1 filename="$OUT/s1.jfr" >/dev/null
  {
    echo "# S1 profile: JFR execution samples (Java frames only)"
    echo
    echo "wrk during the profile: $result"
    echo
    java -cp "$BENCH_JAR" io.tagway.bench.ProfileTop --jfr "$OUT/s1.jfr" --top 15 --thread-prefix vert.x-eventloop
  } >"$OUT/top.md"
fi
cat "$OUT/top.md"
log "profile written to $OUT"
