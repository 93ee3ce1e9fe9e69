#!/usr/bin/env bash
# The package test `make test` runs: the .deb that `make package` built is checked
# (desktop-file-validate, appstreamcli, lintian with no errors), installed on this machine with
# apt, its rwkv-cli and rwkv-studio are run from /usr/bin, and it is removed again.
# usage: check-package.sh BUILD_DIR FIXTURES_DIR
set -euo pipefail
build=$1
fixtures=$2
sudo=$([ "$(id -u)" = 0 ] || echo sudo)
deb=$(ls -t "$build"/rwkv-studio_*.deb | head -n 1)
echo "Checking $deb"

tree=$(mktemp -d)
home=$(mktemp -d)
trap 'rm -rf "$tree" "$home"' EXIT
dpkg-deb -x "$deb" "$tree"
desktop-file-validate "$tree"/usr/share/applications/*.desktop
appstreamcli validate --no-net "$tree"/usr/share/metainfo/*.metainfo.xml
test -f "$tree"/usr/share/icons/hicolor/scalable/apps/io.github.rwkvstudio.RWKVStudio.svg
for size in 16 24 32 48 64 128 256 512; do
    test -s "$tree/usr/share/icons/hicolor/${size}x${size}/apps/io.github.rwkvstudio.RWKVStudio.png"
done
test -x "$tree"/usr/lib/rwkv-studio/rwkv-pdf-helper
# Errors fail the test; warnings are printed for whoever reads the log.
lintian --fail-on error --tag-display-limit 0 "$deb"

# Installed as a user would: apt resolves the dependencies the package declares.
if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$(realpath "$deb")"; then
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$(realpath "$deb")"
fi
remove() { DEBIAN_FRONTEND=noninteractive $sudo apt-get remove -y -qq rwkv-studio; }
trap 'remove; rm -rf "$tree" "$home"' EXIT

/usr/bin/rwkv-cli --version
/usr/bin/rwkv-studio --version
model="$fixtures/models/tiny-rwkv-7v0-834K.safetensors"
if [ -f "$model" ]; then
    /usr/bin/rwkv-cli info "$model" | grep -q '"layers"'
elif [ "${CI:-}" = true ]; then
    echo "fixture $model is missing" >&2
    exit 1
else
    echo "SKIP rwkv-cli info: no fixtures at $fixtures"
fi
# The installed app starts (offscreen, in a scratch home) and quits cleanly on SIGTERM.
HOME="$home" XDG_RUNTIME_DIR="$home" QT_QPA_PLATFORM=offscreen \
    timeout --preserve-status -s TERM 8 /usr/bin/rwkv-studio
# It really ran: its settings and database are in the scratch home.
test -n "$(find "$home" -name '*.sqlite' -print -quit)"
echo "package ok: $(basename "$deb")"
