#!/usr/bin/env bash
# Start-up time and idle memory of the desktop app against the floor (an empty eframe window with
# the same features, examples/bare_window.rs), under Xvfb.
#
#   scripts/startup_memory.sh            # 7 timed runs each (after 2 warm-up runs), 3 memory runs
#   RUNS=15 MEM_RUNS=5 scripts/startup_memory.sh
#
# Start-up: the time from just before exec (date +%s%3N) to `first_frame_unix_ms=<ms>`, which both
# programs print on stderr at the end of their first frame when CPT_GUIDANCE_FIRST_FRAME_EXIT=1 (and
# then close). Memory: each program started without that variable, left idle IDLE_SECONDS, then
# VmHWM (peak resident) and VmRSS read from /proc/PID/status before it is killed, with the CPU
# time it used while idle (from 1 s after start; no continuous repaint means about 0).
# Every run gets a fresh data folder (CPT_GUIDANCE_DATA_DIR, XDG_DATA_HOME), so no settings,
# recovery file or eframe state of the user's comes in.
#
# Installs nothing. Needs Xvfb and GNU time; on Debian/Ubuntu:
#   apt-get install -y xvfb xauth x11-apps time
# Budgets: first frame within 1.5x of the bare window's; idle memory within 30 MB of it.
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS=${RUNS:-7}
WARMUP=${WARMUP:-2}
MEM_RUNS=${MEM_RUNS:-3}
IDLE_SECONDS=${IDLE_SECONDS:-3}
DISPLAY_NUMBER=${DISPLAY_NUMBER:-97}
DRAFT=${DRAFT:-assets/examples/ct-liver-biopsy.ron}

missing=()
for tool in Xvfb /usr/bin/time awk date; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if ((${#missing[@]})); then
    echo "missing: ${missing[*]}" >&2
    echo "hint: apt-get install -y xvfb xauth x11-apps time" >&2
    exit 1
fi

work=$(mktemp -d /tmp/startup-memory.XXXXXX)
xvfb_pid=""
app_pid=""
cleanup() {
    # The idle runs happen in subshells: their program's PID is in a file.
    if [[ -s "$work/app.pid" ]]; then kill "$(cat "$work/app.pid")" 2>/dev/null || true; fi
    if [[ -n "$app_pid" ]]; then kill "$app_pid" 2>/dev/null || true; fi
    if [[ -n "$xvfb_pid" ]]; then kill "$xvfb_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# Build right before measuring, with default features (the release binary in target/ may have
# been built --no-default-features by someone else), then measure copies nobody can overwrite.
echo "== building (release) =="
cargo build --release --example bare_window
cargo build --release
cp target/release/examples/bare_window "$work/bare_window"
cp target/release/cpt-guidance "$work/cpt-guidance"
if ! grep -q "first_frame_unix_ms" "$work/cpt-guidance"; then
    echo "target/release/cpt-guidance has no desktop app (built without the gui feature?)" >&2
    exit 1
fi

Xvfb ":$DISPLAY_NUMBER" -screen 0 1400x900x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
sleep 1
if ! kill -0 "$xvfb_pid" 2>/dev/null; then
    echo "Xvfb :$DISPLAY_NUMBER did not start (in use? set DISPLAY_NUMBER):" >&2
    cat "$work/xvfb.log" >&2
    exit 1
fi
export DISPLAY=":$DISPLAY_NUMBER"
unset WAYLAND_DISPLAY

# A fresh data folder per run.
fresh_dir() {
    mktemp -d "$work/data.XXXXXX"
}

# Prints the milliseconds from exec to the first frame of one run of "$@".
first_frame_ms() {
    local data err start frame
    data=$(fresh_dir)
    err="$data/stderr"
    start=$(date +%s%3N)
    env CPT_GUIDANCE_FIRST_FRAME_EXIT=1 CPT_GUIDANCE_DATA_DIR="$data" XDG_DATA_HOME="$data" \
        timeout 30 "$@" >/dev/null 2>"$err" || true
    frame=$(sed -n 's/^first_frame_unix_ms=\([0-9]*\)$/\1/p' "$err" | head -1)
    if [[ -z "$frame" ]]; then
        echo "no first_frame_unix_ms from: $*" >&2
        cat "$err" >&2
        return 1
    fi
    echo $((frame - start))
}

# CPU time (user + system, clock ticks) a process has used so far.
cpu_ticks() {
    awk '{ print $14 + $15 }' "/proc/$1/stat"
}

# Prints "VmHWM_kB VmRSS_kB idle_ticks" of "$@" after IDLE_SECONDS idle; idle_ticks is the CPU
# time used from 1 s after start (start-up done) to the end of the wait.
idle_memory_kb() {
    local data hwm rss ticks
    data=$(fresh_dir)
    env CPT_GUIDANCE_DATA_DIR="$data" XDG_DATA_HOME="$data" "$@" >/dev/null 2>"$data/stderr" &
    app_pid=$!
    echo "$app_pid" >"$work/app.pid"
    sleep 1
    ticks=$(cpu_ticks "$app_pid")
    sleep "$((IDLE_SECONDS - 1))"
    if ! kill -0 "$app_pid" 2>/dev/null; then
        echo "$* exited early:" >&2
        cat "$data/stderr" >&2
        return 1
    fi
    ticks=$(($(cpu_ticks "$app_pid") - ticks))
    hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$app_pid/status")
    rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$app_pid/status")
    kill "$app_pid"
    wait "$app_pid" 2>/dev/null || true
    : >"$work/app.pid"
    app_pid=""
    echo "$hwm $rss $ticks"
}

# "median (min–max)" of numbers on stdin.
summary() {
    sort -n | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "n/a"; exit }
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%g (%g–%g, n=%d)\n", m, v[1], v[NR], NR }'
}
median() {
    sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

declare -A startup hwm rss idle
names=(bare_window cpt-guidance)
commands_bare=("$work/bare_window")
commands_app=("$work/cpt-guidance" "$DRAFT")

# Start-up runs alternate between the two programs, so a change in the machine's load during
# the runs (it is shared) hits both alike.
measure_startup() {
    local i bare=() app=()
    for ((i = 0; i < WARMUP; i++)); do
        first_frame_ms "${commands_bare[@]}" >/dev/null
        first_frame_ms "${commands_app[@]}" >/dev/null
    done
    for ((i = 0; i < RUNS; i++)); do
        bare+=("$(first_frame_ms "${commands_bare[@]}")")
        app+=("$(first_frame_ms "${commands_app[@]}")")
    done
    startup[bare_window]=$(printf '%s\n' "${bare[@]}")
    startup[cpt-guidance]=$(printf '%s\n' "${app[@]}")
}

measure_memory() {
    local name=$1
    shift
    local h=() r=() c=() line i
    for ((i = 0; i < MEM_RUNS; i++)); do
        line=$(idle_memory_kb "$@")
        h+=("$(awk '{printf "%.1f", $1 / 1024}' <<<"$line")")
        r+=("$(awk '{printf "%.1f", $2 / 1024}' <<<"$line")")
        c+=("$(awk '{print $3}' <<<"$line")")
    done
    hwm[$name]=$(printf '%s\n' "${h[@]}")
    rss[$name]=$(printf '%s\n' "${r[@]}")
    idle[$name]=$(printf '%s\n' "${c[@]}")
}

echo "== measuring on $(nproc) cores, $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1) =="
measure_startup
measure_memory bare_window "${commands_bare[@]}"
measure_memory cpt-guidance "${commands_app[@]}"

echo
for name in "${names[@]}"; do
    echo "$name"
    echo "  exec to first frame (ms): $(summary <<<"${startup[$name]}")"
    echo "  idle VmHWM (MB):          $(summary <<<"${hwm[$name]}")"
    echo "  idle VmRSS (MB):          $(summary <<<"${rss[$name]}")"
    echo "  idle CPU, $((IDLE_SECONDS - 1)) s (ticks of 1/$(getconf CLK_TCK) s): $(summary <<<"${idle[$name]}")"
done

bare_ms=$(median <<<"${startup[bare_window]}")
app_ms=$(median <<<"${startup[cpt-guidance]}")
bare_hwm=$(median <<<"${hwm[bare_window]}")
app_hwm=$(median <<<"${hwm[cpt-guidance]}")
bare_rss=$(median <<<"${rss[bare_window]}")
app_rss=$(median <<<"${rss[cpt-guidance]}")
echo
awk -v a="$app_ms" -v b="$bare_ms" 'BEGIN {
    r = a / b
    printf "first frame: app %g ms vs bare %g ms = %.2fx (budget 1.5x): %s\n", a, b, r, (r <= 1.5) ? "PASS" : "MISS" }'
awk -v a="$app_hwm" -v b="$bare_hwm" 'BEGIN {
    d = a - b
    printf "idle peak memory (VmHWM): app %g MB vs bare %g MB = +%.1f MB (budget +30 MB): %s\n", a, b, d, (d <= 30) ? "PASS" : "MISS" }'
awk -v a="$app_rss" -v b="$bare_rss" 'BEGIN {
    d = a - b
    printf "idle resident memory (VmRSS): app %g MB vs bare %g MB = +%.1f MB (budget +30 MB): %s\n", a, b, d, (d <= 30) ? "PASS" : "MISS" }'
