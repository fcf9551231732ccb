#!/usr/bin/env bash
# Runs the wsnio-vs-JDK JMH benchmarks with fixed CPU placement and prints a markdown comparison.
#
#   benchmarks/run.sh --quick                      # 1 fork, 2 x 1 s warm-up, 3 x 1 s measurement (~3 min)
#   benchmarks/run.sh                              # full: 2 forks, 3 x 1 s warm-up, 5 x 1 s measurement (~12 min)
#   benchmarks/run.sh --readme                     # full, then writes the table into benchmarks/README.md
#   benchmarks/run.sh --quick -p provider=jdk TcpPingPong   # any further arguments go to JMH
#   benchmarks/run.sh --quick -i 10 TcpBulk        # a timing option given replaces the mode's
#   benchmarks/run.sh --jdk /usr/lib/jvm/temurin-25-jdk-amd64 --readme --marker bench-jdk25
#                                                  # built and run on JDK 25: wsnio on its default there,
#                                                  # the java.lang.foreign bridge
#   benchmarks/run.sh --readme --marker bench-jfr -f 3 -wi 5 -i 10 JfrCost
#                                                  # the JFR events' cost: run only when named
#
# Options (before the JMH arguments):
#   --quick        the short mode above
#   --build        rebuild benchmarks/target/benchmarks.jar first (done anyway when it is missing)
#   --pin M,P      CPU of the benchmark thread and of its peer thread (echo, drain, receiver);
#                  default 0,0 (same CPU; see Affinity.java for why), 0,1 for cross-CPU, off for none
#   --cpuset LIST  the CPUs the whole JVM may use (taskset -c), default 0,1
#   --readme       replace the text between <!-- bench:begin --> and <!-- bench:end --> in the
#                  benchmarks/README.md with this run's markdown (machine, command, table)
#   --marker NAME  the README markers to use instead of "bench" (<!-- NAME:begin --> ...)
#   --jdk DIR      build (always) and run with the JDK in DIR instead of the java on PATH; on JDK 22+
#                  the jar carries the java.lang.foreign libc bridge
#   --bridge NAME  -Dwsnio.posix.bridge=NAME for wsnio (on JDK 22+ jars: ffm, the default, or jna)
#   --out PREFIX   where to write PREFIX.json, PREFIX.log, PREFIX.md and PREFIX.png (the ratio chart)
#                  (default benchmarks/target/results/<date>-<quick|full>, which a rebuild's clean
#                  deletes)
#
# The build runs `mvn $MVN_FLAGS -q -pl benchmarks -am clean package -DskipTests` and inherits
# MAVEN_OPTS: MVN_FLAGS="-B -o" with MAVEN_OPTS=-Dmaven.repo.local=DIR builds offline from DIR.
#
# Placement: the JVM runs under `taskset -c 0,1`, and inside it io.wsnio.bench.Affinity pins the
# benchmark thread and the peer thread to fixed CPUs with sched_setaffinity, identically for both
# providers. -prof gc reports gc.alloc.rate.norm (bytes allocated per op).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
jar=$here/target/benchmarks.jar

quick=0
readme=0
build=0
pin=0,0
cpuset=0,1
out=
marker=bench
jdk=
bridge=
jmh=()
while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick=1 ;;
    --readme) readme=1 ;;
    --build) build=1 ;;
    --pin) pin=$2; shift ;;
    --cpuset) cpuset=$2; shift ;;
    --out) out=$2; shift ;;
    --marker) marker=$2; shift ;;
    --jdk) jdk=$2; build=1; shift ;;
    --bridge) bridge=$2; shift ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    *) jmh+=("$1") ;;
  esac
  shift
done

if [ "$quick" = 1 ]; then
  mode=quick
  timing=(-f 1 -wi 2 -w 1s -i 3 -r 1s)
else
  mode=full
  timing=(-f 2 -wi 3 -w 1s -i 5 -r 1s)
fi
# an iteration stuck in a blocking call (a lost wake-up) is interrupted after a minute, not ten
timing+=(-to 60s)
# JMH takes each option once: a timing option given on the command line replaces the mode's
given=" ${jmh[*]-} "
kept=()
for ((k = 0; k < ${#timing[@]}; k += 2)); do
  case $given in *" ${timing[k]} "*) ;; *) kept+=("${timing[k]}" "${timing[k+1]}") ;; esac
done
timing=("${kept[@]}")

java=java
if [ -n "$jdk" ]; then
  [ -x "$jdk/bin/java" ] || { echo "no java in $jdk/bin" >&2; exit 1; }
  export JAVA_HOME=$jdk
  java=$jdk/bin/java
fi
feature=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
native_access=()
if [ "${feature%%.*}" -ge 22 ] 2>/dev/null; then
  native_access=(--enable-native-access=ALL-UNNAMED)
fi
# VirtualThreadEcho needs virtual threads (JDK 21+): before 21 leave it out rather than list it as failed
exclude=()
no_vt=0
if ! [ "${feature%%.*}" -ge 21 ] 2>/dev/null; then
  exclude=(-e VirtualThreadEcho)
  no_vt=1
fi
# JfrCost (the JFR events' cost, a ping-pong with and without a recording) is not in the default
# set: it runs when an argument names it, e.g. benchmarks/run.sh JfrCost
case " ${jmh[*]-} " in
  *JfrCost*) ;;
  *) exclude+=(-e JfrCost) ;;
esac
if [ "$build" = 1 ] || [ ! -f "$jar" ]; then
  # clean: a jar built by another JDK may hold (or lack) the JDK 22 classes
  # shellcheck disable=SC2086 # MVN_FLAGS is a list of flags
  (cd "$root" && mvn ${MVN_FLAGS:-} -q -pl benchmarks -am clean package -DskipTests)
fi

if [ -z "$out" ]; then
  out=$here/target/results/$(date -u +%Y%m%d-%H%M%S)-$mode
fi
# JMH does not create the directory; the build's clean removes target/results (and earlier runs'
# results with it: keep those with --out elsewhere)
mkdir -p "$(dirname "$out")"

# SelectorIdle opens 2 descriptors per idle pipe: take the hard limit as the soft one (the JVM does
# this on Linux too); where even that is too low, SelectorIdle says so and uses fewer pipes.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
echo "descriptor limit (ulimit -n): $(ulimit -n); JVM CPU set: $cpuset; thread pinning: $pin; mode: $mode"
[ "$no_vt" = 0 ] || echo "JDK $feature: VirtualThreadEcho left out (it needs JDK 21+; run with --jdk for it)"

bridge_prop=()
[ -z "$bridge" ] || bridge_prop=("-Dwsnio.posix.bridge=$bridge")
jvm_args="-Dwsnio.bench.cpus=$pin${native_access[*]:+ ${native_access[*]}}${bridge_prop[*]:+ ${bridge_prop[*]}}"
cmd=(taskset -c "$cpuset" "$java" "${native_access[@]}" -jar "$jar" -prof gc -rf json -rff "$out.json"
     -jvmArgsAppend "$jvm_args" "${timing[@]}" ${exclude[@]+"${exclude[@]}"} ${jmh[@]+"${jmh[@]}"})
echo "${cmd[*]}"
load_start=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
"${cmd[@]}" 2>&1 | tee "$out.log"
load_end=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)

if [ ! -s "$out.json" ]; then
  echo "no results in $out.json (see $out.log)" >&2
  exit 1
fi
shown="taskset -c $cpuset ${jdk:+$jdk/bin/}java -jar benchmarks/target/benchmarks.jar -prof gc -jvmArgsAppend \"$jvm_args\" ${timing[*]}"
if [ ${#exclude[@]} -gt 0 ]; then shown+=" ${exclude[*]}"; fi
if [ ${#jmh[@]} -gt 0 ]; then shown+=" ${jmh[*]}"; fi
"$java" "${native_access[@]}" "${bridge_prop[@]}" -cp "$jar" io.wsnio.bench.Report "$out.json" --command "$shown" | tee "$out.md"
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git -C "$root" status --porcelain -- provider benchmarks 2>/dev/null | head -1)
printf '\nProvider and benchmarks at commit %s%s.\n' "$commit" "${dirty:+ (with uncommitted changes)}" | tee -a "$out.md"
# other work on a 2-core machine moves the numbers: say how busy it was
printf '\nLoad average (1, 5, 15 min) at start: %s; at end: %s (the run itself accounts for 1 to 2 of it).\n' \
  "$load_start" "$load_end" | tee -a "$out.md"
# JMH goes on after a failing benchmark; name each failure so a missing cell is not a mystery
failed=$(awk '/^# Benchmark: /{b=$3} /^# Parameters: /{p=substr($0, 15)} /<failure>/{print "- " b " " p}' "$out.log")
if [ -n "$failed" ]; then
  printf '\nFailed (stack traces in %s):\n%s\n' "$out.log" "$failed" | tee -a "$out.md"
fi
# the ratios as a chart (JFreeChart, from the JSON): the run's own, and with --readme the one the
# README shows, benchmarks/charts/<marker>.png
"$java" -Djava.awt.headless=true -cp "$jar" io.wsnio.bench.Charts "$out.png" "JDK $feature=$out.json"
if [ "$readme" = 1 ]; then
  mkdir -p "$here/charts"
  cp "$out.png" "$here/charts/$marker.png"
  # the table goes between the markers; everything else in the README stays as it is
  readme_file=$here/README.md
  grep -q "^<!-- $marker:begin -->\$" "$readme_file" && grep -q "^<!-- $marker:end -->\$" "$readme_file" \
    || { echo "no <!-- $marker:begin --> / <!-- $marker:end --> markers in $readme_file" >&2; exit 1; }
  awk -v table="$out.md" -v begin="<!-- $marker:begin -->" -v end="<!-- $marker:end -->" '
    $0 == begin { print; while ((getline line < table) > 0) { sub(/^## /, "### ", line); print line }; skip = 1; next }
    $0 == end { skip = 0 }
    !skip { print }' "$readme_file" > "$readme_file.tmp" && mv "$readme_file.tmp" "$readme_file"
  echo "README.md: Benchmarks table replaced with $out.md"
fi
echo "results: $out.json, $out.log, $out.md, $out.png"
