#!/usr/bin/env bash
# Builds the Debian package with `cargo deb` (a release build) and checks that it installs the
# program like a desktop app: the binary, the 256x256 icon and the desktop entry must be in it.
# Needs cargo-deb (`cargo install cargo-deb --locked`, about 3 minutes) and dpkg-deb.
# Runtime on a 2-core machine: about 8.5 minutes cold (release build of every dependency), about
# 1.5-3 minutes when only this crate changed (release rebuild and link of cpt-guidance).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo-deb >/dev/null; then
    echo "deb-check: cargo-deb is not installed; run: cargo install cargo-deb --locked" >&2
    exit 2
fi

echo "== cargo deb"
start=$(date +%s)
# cargo deb prints the path of the package it built (target/debian/cpt-guidance_<version>_<arch>.deb)
# as its last line; checking that path, never a glob, means a stale .deb is never the one checked.
deb=$(cargo deb | tail -n 1)
if [ ! -f "$deb" ]; then
    echo "deb-check: cargo deb did not report a package path (got: $deb)" >&2
    exit 1
fi
echo "built $deb in $(( $(date +%s) - start ))s"

echo "== contents"
listing=$(dpkg-deb -c "$deb")
echo "$listing"

missing=0
for path in \
    ./usr/bin/cpt-guidance \
    ./usr/share/icons/hicolor/256x256/apps/cpt-guidance.png \
    ./usr/share/applications/cpt-guidance.desktop; do
    if grep -qE "[[:space:]]${path//./\\.}\$" <<<"$listing"; then
        echo "ok      $path"
    else
        echo "MISSING $path" >&2
        missing=1
    fi
done

# The desktop entry must start the installed binary and name the installed icon.
entry=$(dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/share/applications/cpt-guidance.desktop)
for line in "Exec=cpt-guidance %f" "Icon=cpt-guidance" "Type=Application" "Terminal=false"; do
    if ! grep -qxF "$line" <<<"$entry"; then
        echo "desktop entry lacks: $line" >&2
        missing=1
    fi
done

if [ "$missing" -ne 0 ]; then
    echo "deb-check: FAILED" >&2
    exit 1
fi
echo "deb-check: ok ($(( $(date +%s) - start ))s)"
