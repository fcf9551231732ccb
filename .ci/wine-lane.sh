#!/usr/bin/env bash
# The Winsock lane: builds on Linux, checks the Winsock ABI with a mingw probe, and runs the
# provider's tests on a Windows x64 JVM under Wine with the JUnit console launcher.
# Prints one line: "LANE winsock-wine: PASS (N tests, F failed, S skipped as expected, C containers aborted; ...)"
# or "LANE winsock-wine: FAIL ...". The skipped tests (aborted ones, and those of aborted containers)
# must be exactly .ci/expected-skips/winsock-wine.txt (.ci/skips.py, on the launcher's JUnit XML);
# the check is left out when WSNIO_LANE_SELECT runs only some classes.
#
#   .ci/wine-lane.sh                 # setup (idempotent) + mvn install + probe + tests
#   WSNIO_LANE_BUILD=0 .ci/wine-lane.sh   # reuse the classes already built
#   WSNIO_LANE_CLASSES=dir WSNIO_LANE_TEST_CLASSES=dir   # run classes built elsewhere
#   WSNIO_LANE_SELECT="io.wsnio.spi.reliability.SoakTest ..."   # only these classes, both runs
#                                    # (the WSAPoll run takes those of them it would run anyway)
#
# Two launcher runs: every test class with the default (AFD) poller, then the suites that select
# again with -Dwsnio.winsock.poller=wsapoll; then one on the Linux JVM that puts the Windows JVM in
# a network namespace for multicast beyond loopback. The LANE line adds the runs' counts.
# Logs and reports: .ci/cache/lane/ (console.txt, console-wsapoll.txt, probe.txt, junit XML). A test that hangs fails
# after WSNIO_LANE_TEST_TIMEOUT (default "120 s") on a separate thread instead of stalling the lane.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$ROOT/.ci/cache"
OUT="$CACHE/lane"
LANE="LANE winsock-wine"
JUNIT_PLATFORM_VERSION=1.14.4   # matches junit 5.14.4 in the parent pom
JNA_VERSION="$(sed -n 's:.*<jna.version>\(.*\)</jna.version>.*:\1:p' "$ROOT/pom.xml")"
M2="${M2_REPO:-$HOME/.m2/repository}"

fail() { echo "$LANE: FAIL ($*)"; exit 1; }

# Test-class directories scanned by the launcher (directories only: the jlinked JRE has no jdk.zipfs).
SCAN_DIRS=("${WSNIO_LANE_TEST_CLASSES:-$ROOT/provider/target/test-classes}")
SCAN_DIRS+=("$ROOT/spi-tests/target/test-classes")   # the contract suites, once they exist
# Class path besides the scanned directories.
CLASS_PATH=("${WSNIO_LANE_CLASSES:-$ROOT/provider/target/classes}")
# JVM options of the Windows JVM (the backend is chosen by os.name, so none is needed for that).
# wsnio.test.wine lets the contract suites abort the few tests whose JDK oracle fails only under
# Wine (Wine-not-Windows behaviour), naming what Wine does.
JVM_OPTS=(-Dwsnio.test.jdkProvider=sun.nio.ch.WindowsSelectorProvider
          -Dwsnio.test.wine=true
          --add-exports java.base/sun.nio.ch=ALL-UNNAMED)
# The reliability suite under Wine (docs/reliability.md): a 30 s soak instead of 120 s; the
# close/interrupt races scale themselves down under wsnio.test.wine. TenThousandConnectionsTest
# holds both ends in this wineserver, which needs a Unix descriptor per socket: 9,000 connections
# when 2 x 9,000 fit the hard RLIMIT_NOFILE (Wine raises the soft limit to it), fewer otherwise.
JVM_OPTS+=("-Dwsnio.soak.seconds=${WSNIO_LANE_SOAK_SECONDS:-30}")
nofile="$(ulimit -Hn)"
if [ "$nofile" != unlimited ] && [ "$nofile" -lt 20000 ]; then
    JVM_OPTS+=("-Dwsnio.reliability.connections=$(( nofile > 4000 ? (nofile - 2000) / 2 : 1000 ))")
fi

mkdir -p "$OUT"
"$ROOT/.ci/wine-setup.sh" >"$OUT/setup.log" 2>&1 || { cat "$OUT/setup.log" >&2; fail "wine-setup.sh failed"; }
# shellcheck disable=SC1091
. "$CACHE/wine-env.sh"

# 1. Build on Linux.
if [ "${WSNIO_LANE_BUILD:-1}" != 0 ]; then
    (cd "$ROOT" && mvn -B -q ${WSNIO_MVN_ARGS:-} -DskipTests install) >"$OUT/build.log" 2>&1 \
        || { tail -n 40 "$OUT/build.log" >&2; fail "mvn install failed, see $OUT/build.log"; }
fi
for d in "${SCAN_DIRS[@]}" "${CLASS_PATH[@]}"; do
    [ -d "$d" ] || fail "missing $d (build first)"
done
# Run from a private copy: classes load lazily during the run, and a concurrent build in the same
# tree would otherwise make them vanish mid-run (seen as NoClassDefFoundError of test helpers).
SNAP="$OUT/classes"
rm -rf "$SNAP"; mkdir -p "$SNAP"
snap() { local rel="${1#"$ROOT"/}"; local to="$SNAP/${rel//[\/ ]/_}"
          cp -r "$1" "$to" || fail "could not copy $1"; SNAPPED="$to"; }
for i in "${!SCAN_DIRS[@]}"; do snap "${SCAN_DIRS[$i]}"; SCAN_DIRS[$i]="$SNAPPED"; done
for i in "${!CLASS_PATH[@]}"; do snap "${CLASS_PATH[$i]}"; CLASS_PATH[$i]="$SNAPPED"; done

# 2. Jars: JNA and the JUnit console launcher (fetched once into ~/.m2).
JNA_JAR="$M2/net/java/dev/jna/jna/$JNA_VERSION/jna-$JNA_VERSION.jar"
LAUNCHER="$M2/org/junit/platform/junit-platform-console-standalone/$JUNIT_PLATFORM_VERSION/junit-platform-console-standalone-$JUNIT_PLATFORM_VERSION.jar"
if [ ! -f "$LAUNCHER" ]; then
    mvn -B -q dependency:get -Dartifact="org.junit.platform:junit-platform-console-standalone:$JUNIT_PLATFORM_VERSION" \
        >"$OUT/launcher.log" 2>&1 || fail "could not fetch junit-platform-console-standalone $JUNIT_PLATFORM_VERSION"
fi
[ -f "$JNA_JAR" ] || fail "missing $JNA_JAR"
CLASS_PATH+=("$JNA_JAR")

# 3. The Winsock ABI probe: mingw-compiled, run under Wine (output to a file, never a pipe).
PROBE_EXE="$CACHE/winsock/probe.exe"
PROBE_TXT="$OUT/probe.txt"
mkdir -p "$CACHE/winsock"
if [ ! -f "$PROBE_EXE" ] || [ "$ROOT/.ci/winsock/probe.c" -nt "$PROBE_EXE" ]; then
    x86_64-w64-mingw32-gcc -O0 -Wall -o "$PROBE_EXE" "$ROOT/.ci/winsock/probe.c" -lws2_32 \
        >"$OUT/probe-build.log" 2>&1 || { cat "$OUT/probe-build.log" >&2; fail "probe.c does not compile"; }
fi
wine "$PROBE_EXE" >"$PROBE_TXT" 2>"$OUT/probe.err" </dev/null || fail "probe.exe failed under wine"
[ -s "$PROBE_TXT" ] || fail "probe.exe printed nothing"

# 4. The tests on the Windows JVM.
winpath() { local p="$1"; printf 'Z:%s' "${p//\//\\}"; }
join_win() { local IFS=';' ; local out=(); for p in "$@"; do out+=("$(winpath "$p")"); done; echo "${out[*]}"; }
CP_WIN="$(join_win "${SCAN_DIRS[@]}" "${CLASS_PATH[@]}")"
SCAN_ARGS=()
for d in "${SCAN_DIRS[@]}"; do SCAN_ARGS+=(--scan-class-path "$(winpath "$d")"); done
# One launcher run: $1 = log name, then JVM options, "--", then the launcher's selection arguments.
launch() {
    local name="$1"; shift
    local opts=()
    while [ "$1" != "--" ]; do opts+=("$1"); shift; done
    shift
    rm -rf "$OUT/reports-$name"
    timeout 1500 wine "$WSNIO_WIN_JAVA" \
        "${JVM_OPTS[@]}" "${opts[@]}" \
        "-Dwsnio.winsock.probe=$(winpath "$PROBE_TXT")" \
        -jar "$(winpath "$LAUNCHER")" execute \
        --disable-banner --disable-ansi-colors --details=tree \
        --config junit.jupiter.execution.timeout.default="${WSNIO_LANE_TEST_TIMEOUT:-120 s}" \
        --config junit.jupiter.execution.timeout.thread.mode.default=SEPARATE_THREAD \
        --class-path "$CP_WIN" \
        "$@" \
        --reports-dir "$(winpath "$OUT/reports-$name")" \
        >"$OUT/$name.log" 2>&1 </dev/null
    local r=$?
    tr -d '\r' <"$OUT/$name.log" >"$OUT/$name.txt"
    return $r
}
count() { sed -n "s/^\[ *\([0-9][0-9]*\) ${3:-tests} $2 *\]\$/\1/p" "$OUT/$1.txt" | head -n 1; }

set +e
# 4a. Everything, with the default poller (AFD).
SELECTED=()
for c in ${WSNIO_LANE_SELECT:-}; do SELECTED+=(--select-class "$c"); done
if [ ${#SELECTED[@]} -gt 0 ]; then
    launch console -- "${SELECTED[@]}"
else
    launch console -- "${SCAN_ARGS[@]}"
fi
rc=$?
# 4b. The suites that select, again on the WSAPoll poller (-Dwsnio.winsock.poller=wsapoll).
SELECTOR_SUITES=(io.wsnio.spi.WsnioSelectorTest io.wsnio.spi.WsnioStreamChannelTest io.wsnio.spi.WsnioServerChannelTest
                 io.wsnio.spi.WsnioDatagramChannelTest io.wsnio.spi.WsnioDatagramChannelMoreTest io.wsnio.spi.WsnioPipeTest
                 io.wsnio.spi.reliability.TenThousandConnectionsTest   # aborts on AFD under Wine (docs/reliability.md)
                 io.wsnio.nativeio.OneShotPollerTest)                   # the virtual threads' queued poller on WSAPoll
ALT_ARGS=()
for c in "${SELECTOR_SUITES[@]}"; do
    case " ${WSNIO_LANE_SELECT:-$c} " in *" $c "*) ALT_ARGS+=(--select-class "$c") ;; esac
done
# none of the selected classes is a selecting suite: the second run still needs a selection
[ ${#ALT_ARGS[@]} -gt 0 ] || ALT_ARGS=(--select-class io.wsnio.spi.WsnioPipeTest)
launch console-wsapoll -Dwsnio.winsock.poller=wsapoll -- "${ALT_ARGS[@]}"
rc_alt=$?

# 4c. Multicast beyond loopback: a Linux JVM puts the Windows JVM into a network namespace with a
#     veth interface (WineMulticastNamespaceTest; needs root, as the POSIX lanes' namespace tests).
RUNS=(console console-wsapoll)
MC_TEST=io.wsnio.spi.WineMulticastNamespaceTest
case " ${WSNIO_LANE_SELECT:-$MC_TEST} " in
    *" $MC_TEST "*)
        CP_LINUX="$(IFS=:; echo "${SCAN_DIRS[*]}:${CLASS_PATH[*]}")"
        rm -rf "$OUT/reports-linux-multicast"
        timeout 600 java "-Dwsnio.test.windowsClassPath=$CP_WIN" -jar "$LAUNCHER" execute \
            --disable-banner --disable-ansi-colors --details=tree \
            --class-path "$CP_LINUX" --select-class "$MC_TEST" \
            --reports-dir "$OUT/reports-linux-multicast" >"$OUT/linux-multicast.txt" 2>&1 </dev/null
        rc_mc=$?
        [ "$rc" -eq 0 ] && rc=$rc_mc
        RUNS+=(linux-multicast) ;;
esac

# 4d. The virtual-thread suites on a Windows JRE 21 (the lane's JRE is 17, which has none): every
#     blocking operation of the Winsock backend parks through the queued poller, against the JDK's
#     own provider as the oracle on the POSIX lanes; the pinning and close/interrupt race suites with them.
#     Two settings keep this JRE's net.dll away from an iphlpapi function Wine 8 lacks (a delay-load
#     failure, 0xc06d007f, kills the JVM): the SecureRandom order of jre21.security, and IPv4 only
#     (JDK 21's InetAddress.getLoopbackAddress() asks NetworkInterface on a dual stack).
#     The JDK's own virtual-thread suite (JdkVirtualThreadTest) is left out here: the JDK's
#     virtual-thread poller on Windows is wepoll, whose JVM crashed under Wine once in three runs,
#     and its results varied from run to run here; it is the oracle on the POSIX lanes.
VT_SUITES=(io.wsnio.spi.virtual.WsnioVirtualThreadTest io.wsnio.spi.virtual.NoPinningTest io.wsnio.spi.reliability.CloseInterruptRaceTest
           io.wsnio.nativeio.OneShotPollerTest)
VT_ARGS=()
for c in "${VT_SUITES[@]}"; do
    case " ${WSNIO_LANE_SELECT:-$c} " in *" $c "*) VT_ARGS+=(--select-class "$c") ;; esac
done
if [ ${#VT_ARGS[@]} -gt 0 ]; then
    WSNIO_WIN_JAVA="$WSNIO_WIN_JAVA21" launch console-jdk21 \
        "-Djava.security.properties=$(winpath "$ROOT/.ci/winsock/jre21.security")" -Djava.net.preferIPv4Stack=true \
        -- "${VT_ARGS[@]}"
    rc_21=$?
    [ "$rc" -eq 0 ] && rc=$rc_21
    RUNS+=(console-jdk21)
fi

found=0; failed=0; skips=0; aborted_containers=0
for name in "${RUNS[@]}"; do
    f="$(count "$name" found)"
    if [ -z "$f" ]; then
        tail -n 40 "$OUT/$name.txt" >&2
        fail "no JUnit summary from the $name run, see $OUT/$name.txt"
    fi
    found=$(( found + f ))
    failed=$(( failed + $(count "$name" failed) + $(count "$name" failed containers) ))
    skips=$(( skips + $(count "$name" skipped) + $(count "$name" aborted) ))
    aborted_containers=$(( aborted_containers + $(count "$name" aborted containers) + $(count "$name" skipped containers) ))
done
alt_summary="$(count console-wsapoll found) of them again on WSAPoll, $(count console-jdk21 found 2>/dev/null) on a Windows JRE 21"
[ "$rc" -eq 0 ] && rc=$rc_alt
# 5. The skipped tests against the expected-skip list (the JUnit XML counts the tests of an aborted
#    container as skipped, which the launcher's summary does not).
skips_rc=0; skip_note="as expected"
if [ -n "${WSNIO_LANE_SELECT:-}" ]; then
    skip_note="not checked: a selection"
else
    python3 "$ROOT/.ci/skips.py" check winsock-wine console="$OUT/reports-console" \
        console-wsapoll="$OUT/reports-console-wsapoll" linux-multicast="$OUT/reports-linux-multicast" \
        console-jdk21="$OUT/reports-console-jdk21" \
        >"$OUT/skips.txt" 2>&1; skips_rc=$?
    s="$(sed -n 's/^SKIPS //p' "$OUT/skips.txt")"; skips="${s:-$skips}"
    if [ "$skips_rc" -ne 0 ]; then
        skip_note="differing from .ci/expected-skips/winsock-wine.txt"
        grep -v '^SKIPS ' "$OUT/skips.txt" >&2
    fi
fi
summary="$found tests, $failed failed, $skips skipped $skip_note, $aborted_containers containers aborted; $alt_summary"
if [ "$rc" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$found" -gt 0 ] && [ "$skips_rc" -eq 0 ]; then
    echo "$LANE: PASS ($summary)"
else
    grep -E '✘|\[X\]|MethodSource|=>' "$OUT/console.txt" "$OUT/console-wsapoll.txt" "$OUT/linux-multicast.txt" 2>/dev/null | head -n 40 >&2
    echo "$LANE: FAIL ($summary; exit $rc; logs $OUT/console.txt, $OUT/console-wsapoll.txt)"
    exit 1
fi
