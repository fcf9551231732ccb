#!/usr/bin/env bash
# Prepares the Winsock-under-Wine lane on Debian 12 (as root): Wine, the mingw-w64 compiler, a
# pinned Windows x64 JRE 17 from npm, a pinned Windows x64 JRE 21 from Maven Central and a Wine prefix. Idempotent and quiet; safe to re-run.
# Writes .ci/cache/wine-env.sh, which the other lane scripts source.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$ROOT/.ci/cache"
JRE_PKG='@node-plantuml-2/jre-win32-x64'
JRE_VERSION='1.1.8'
# `npm view @node-plantuml-2/jre-win32-x64@1.1.8 dist.integrity`, pinned: a different tarball fails.
JRE_INTEGRITY='sha512-tMY4zs+KhMlXVIPVFOqE1GOscDgJPFcjOClvL5XewB+sdLGakkjUxuHt8YjVW8TjCUi+AbQlE7neaXtNoYS8hA=='
JRE_TGZ="$CACHE/node-plantuml-2-jre-win32-x64-$JRE_VERSION.tgz"
JRE_DIR="$CACHE/jre-win32-x64-$JRE_VERSION"
PREFIX="$CACHE/wineprefix"

log() { echo "wine-setup: $*" >&2; }
die() { echo "wine-setup: ERROR: $*" >&2; exit 1; }

mkdir -p "$CACHE"

# 1. Debian packages (skipped when already installed).
need=()
for p in wine wine64 gcc-mingw-w64-x86-64; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if [ "${#need[@]}" -gt 0 ]; then
    [ "$(id -u)" = 0 ] || die "installing ${need[*]} needs root"
    log "installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt_log="$CACHE/apt.log"
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends wine wine64 gcc-mingw-w64-x86-64; } \
        >"$apt_log" 2>&1 || { tail -n 30 "$apt_log" >&2; die "apt-get failed (log: $apt_log)"; }
fi
command -v wine >/dev/null || die "wine is not on PATH after installation"
command -v x86_64-w64-mingw32-gcc >/dev/null || die "x86_64-w64-mingw32-gcc is not on PATH"

# 2. The Windows JRE, pinned by version and sha512.
integrity_of() { printf 'sha512-%s' "$(openssl dgst -sha512 -binary "$1" | base64 -w0)"; }
if [ ! -f "$JRE_TGZ" ] || [ "$(integrity_of "$JRE_TGZ")" != "$JRE_INTEGRITY" ]; then
    log "fetching $JRE_PKG@$JRE_VERSION"
    rm -f "$JRE_TGZ"
    tmp="$(mktemp -d "$CACHE/npm-pack.XXXXXX")"
    (cd "$tmp" && npm pack --silent "$JRE_PKG@$JRE_VERSION" >/dev/null 2>"$tmp/npm.err") \
        || { cat "$tmp/npm.err" >&2; rm -rf "$tmp"; die "npm pack $JRE_PKG@$JRE_VERSION failed"; }
    mv "$tmp"/*.tgz "$JRE_TGZ"
    rm -rf "$tmp"
fi
actual="$(integrity_of "$JRE_TGZ")"
if [ "$actual" != "$JRE_INTEGRITY" ]; then
    rm -f "$JRE_TGZ"
    die "integrity mismatch for $JRE_PKG@$JRE_VERSION: expected $JRE_INTEGRITY, got $actual (tarball deleted)"
fi
JAVA_EXE="$JRE_DIR/package/jre/bin/java.exe"
if [ ! -f "$JAVA_EXE" ]; then
    rm -rf "$JRE_DIR"
    mkdir -p "$JRE_DIR"
    tar -xzf "$JRE_TGZ" -C "$JRE_DIR"
    [ -f "$JAVA_EXE" ] || die "no package/jre/bin/java.exe in $JRE_TGZ"
fi

# 2b. A Windows JRE 21 for the virtual-thread suites (the JRE above is 17, which has none): the
#     unmodified Temurin 21 JRE that SonarScanner CLI's Windows build carries (jre/), from Maven
#     Central, pinned by version and sha512 (Central publishes its sha1 and sha256 beside it).
JRE21_GAV='org.sonarsource.scanner.cli:sonar-scanner-cli:8.1.0.6389:zip:windows-x64'
JRE21_SHA512='1c6b6c6a4e37aee90cfb20bebca1c0a81ea23c9f3cf74385c9b2ab576ffbbbbbc5b5932ba314020e0659c4b3b0dc4d0760f8a570541c4abea0f1da1dee20e54f'
JRE21_ZIP="$CACHE/sonar-scanner-cli-8.1.0.6389-windows-x64.zip"
JRE21_DIR="$CACHE/jre21-win32-x64"
if [ ! -f "$JRE21_ZIP" ] || [ "$(sha512sum "$JRE21_ZIP" | cut -d' ' -f1)" != "$JRE21_SHA512" ]; then
    log "fetching $JRE21_GAV"
    rm -f "$JRE21_ZIP"
    tmp="$(mktemp -d "$CACHE/m2-get.XXXXXX")"
    repo="${M2_REPO:-$HOME/.m2/repository}"
    mvn -B -q ${WSNIO_MVN_ARGS:-} dependency:get -Dartifact="$JRE21_GAV" -Dtransitive=false \
        -Dmaven.repo.local="$repo" >"$tmp/mvn.log" 2>&1 \
        || { tail -20 "$tmp/mvn.log" >&2; rm -rf "$tmp"; die "mvn dependency:get $JRE21_GAV failed"; }
    rm -rf "$tmp"
    cp "$repo/org/sonarsource/scanner/cli/sonar-scanner-cli/8.1.0.6389/sonar-scanner-cli-8.1.0.6389-windows-x64.zip" "$JRE21_ZIP"
fi
actual="$(sha512sum "$JRE21_ZIP" | cut -d' ' -f1)"
if [ "$actual" != "$JRE21_SHA512" ]; then
    rm -f "$JRE21_ZIP"
    die "sha512 mismatch for $JRE21_GAV: expected $JRE21_SHA512, got $actual (zip deleted)"
fi
JAVA21_EXE="$JRE21_DIR/jre/bin/java.exe"
if [ ! -f "$JAVA21_EXE" ]; then
    rm -rf "$JRE21_DIR" "$JRE21_DIR.tmp"
    mkdir -p "$JRE21_DIR.tmp"
    python3 - "$JRE21_ZIP" "$JRE21_DIR.tmp" <<'PY' || die "could not unpack the JRE 21 from $JRE21_ZIP"
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    for n in z.namelist():
        if "/jre/" in n:
            z.extract(n, sys.argv[2])
PY
    mv "$JRE21_DIR.tmp"/sonar-scanner-*/jre "$JRE21_DIR.tmp/jre" && mkdir -p "$JRE21_DIR" \
        && mv "$JRE21_DIR.tmp/jre" "$JRE21_DIR/jre" && rm -rf "$JRE21_DIR.tmp" \
        || die "no jre/ in $JRE21_ZIP"
    [ -f "$JAVA21_EXE" ] || die "no jre/bin/java.exe in $JRE21_ZIP"
fi

# 3. The environment every lane script sources.
ENV_FILE="$CACHE/wine-env.sh"
cat >"$ENV_FILE" <<EOF
# Generated by .ci/wine-setup.sh; source it before running wine.
export WINEPREFIX='$PREFIX'
export WINEDEBUG=-all
export WINEDLLOVERRIDES='mscoree,mshtml,winemenubuilder.exe=d'
export WSNIO_WIN_JAVA='$JAVA_EXE'
export WSNIO_WIN_JRE='$JRE_DIR/package/jre'
export WSNIO_WIN_JAVA21='$JAVA21_EXE'
unset DISPLAY
EOF

# 4. The Wine prefix. The first wine command's output goes to /dev/null, never to a pipe:
#    winedevice.exe inherits the pipe and would hold it open forever.
# shellcheck disable=SC1090
. "$ENV_FILE"
if [ ! -f "$PREFIX/system.reg" ] || [ ! -f "$PREFIX/drive_c/windows/system32/ws2_32.dll" ]; then
    log "creating the Wine prefix (about 10 s)"
    mkdir -p "$PREFIX"
    wineboot -i >/dev/null 2>&1 </dev/null || die "wineboot -i failed for $PREFIX"
    wineserver -w >/dev/null 2>&1 || true
fi
[ -f "$PREFIX/drive_c/windows/system32/ws2_32.dll" ] || die "the prefix has no ws2_32.dll"
echo "$ENV_FILE"
