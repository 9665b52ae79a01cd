#!/usr/bin/env bash
# Start-up times of an app image's launcher: cold (a new user: empty home, so JavaCPP's and JavaFX's caches
# are empty, and the page cache dropped when this runs as root) and warm (the same user again).
#
#   jlink/measure-start.sh IMAGE RUNS -- LAUNCHER_ARGS...
#
# An image whose native libraries are packed (lib/app/native.zst) has its unpacked lib/app/native removed
# before each cold start, so that the cold figure includes the unpacking.
# Each run starts IMAGE/bin/latentlab LAUNCHER_ARGS with JAVA_TOOL_OPTIONS=-Duser.home=<fresh folder> (and
# $EXTRA_JAVA_OPTIONS, when set: system properties to compare, for example). When the launcher prints
# window_ready_epoch_ms=T (the app's --startup-report: the clock time when the window showed its model), the
# figure is T less the clock time this script started the launcher; otherwise the wall time to exit; and the
# CPU time (user + system) of the launcher's process, which other jobs on the machine disturb less. With
# KEEP_PAGE_CACHE=1 the page cache is kept: a first start just after the image was copied or unpacked (its
# files still cached), instead of one after a reboot. Prints
# one line per run and, last, the medians as key=value.
# (Until 2026-11-21 the figure was the app's window_ready_ms, counted from the JDK's process start time,
# which on Linux was early by a constant fraction of a second per boot: see ProcessClock.)
set -euo pipefail
[ $# -ge 3 ] && [ "$3" = "--" ] || { echo "usage: jlink/measure-start.sh IMAGE RUNS -- LAUNCHER_ARGS..." >&2; exit 2; }
image=$1; runs=$2; shift 3
launcher="$image/bin/latentlab"
[ -x "$launcher" ] || { echo "measure-start: no launcher at $launcher" >&2; exit 1; }

drop_page_cache() {
  sync
  if [ "${KEEP_PAGE_CACHE:-0}" = 1 ]; then echo kept; return; fi
  if [ -w /proc/sys/vm/drop_caches ]; then echo 3 > /proc/sys/vm/drop_caches; echo dropped; else echo kept; fi
}

# one start; prints "wall_or_ready_ms cpu_ms" (cpu: user + system of the launcher, "-" without /usr/bin/time)
one() {
  local home=$1 out start end ms cpu="-" timing; shift
  timing=$(mktemp)
  start=$(date +%s%N)
  if [ -x /usr/bin/time ]; then
    out=$(JAVA_TOOL_OPTIONS="-Duser.home=$home${EXTRA_JAVA_OPTIONS:+ $EXTRA_JAVA_OPTIONS}" /usr/bin/time -f "%U %S" -o "$timing" timeout -s KILL 120 "$launcher" "$@" 2>/dev/null) \
      || { echo "measure-start: the launcher failed or hung (killed after 120 s)" >&2; return 1; }
    cpu=$(awk '{printf "%d", ($1 + $2) * 1000}' "$timing")
  else
    out=$(JAVA_TOOL_OPTIONS="-Duser.home=$home${EXTRA_JAVA_OPTIONS:+ $EXTRA_JAVA_OPTIONS}" timeout -s KILL 120 "$launcher" "$@" 2>/dev/null) \
      || { echo "measure-start: the launcher failed or hung (killed after 120 s)" >&2; return 1; }
  fi
  end=$(date +%s%N)
  rm -f "$timing"
  ready=$(printf '%s\n' "$out" | sed -n 's/.*window_ready_epoch_ms=\([0-9]*\).*/\1/p' | tail -1)
  if [ -n "$ready" ]; then ms=$(( ready - start / 1000000 )); else ms=$(( (end - start) / 1000000 )); fi
  echo "$ms $cpu"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }

cold=(); warm=(); cold_cpu=(); warm_cpu=(); hung=0
for i in $(seq 1 "$runs"); do
  home=$(mktemp -d /tmp/latentlab-home.XXXXXX)
  # an image with packed natives unpacks them at its first start, beside the packed ones when it may write
  # there: remove that, so that every cold start is a first start
  [ -d "$image/lib/app/native.zst" ] && rm -rf "$image/lib/app/native"
  page=$(drop_page_cache)
  c=""; w=""
  read -r c cc < <(one "$home" "$@" || true)
  [ -n "$c" ] && read -r w wc < <(one "$home" "$@" || true)
  rm -rf "$home"
  if [ -z "$c" ] || [ -z "$w" ]; then echo "run $i: failed or hung, left out"; hung=$((hung + 1)); continue; fi
  echo "run $i: cold ${c} ms (cpu ${cc} ms, page cache $page), warm ${w} ms (cpu ${wc} ms), load $(cut -d' ' -f1 /proc/loadavg)"
  cold+=("$c"); warm+=("$w"); cold_cpu+=("$cc"); warm_cpu+=("$wc")
done
[ ${#cold[@]} -gt 0 ] || { echo "measure-start: no run completed" >&2; exit 1; }
echo "cold_ms=$(printf '%s\n' "${cold[@]}" | median) warm_ms=$(printf '%s\n' "${warm[@]}" | median)" \
  "cold_cpu_ms=$(printf '%s\n' "${cold_cpu[@]}" | median) warm_cpu_ms=$(printf '%s\n' "${warm_cpu[@]}" | median)" \
  "runs=${#cold[@]} failed_or_hung=$hung args=\"$*\""
