#!/usr/bin/env bash
# tui.sh ANALYZE CAPTURE [RUNS] — the terminal UI's figures for `make bench`.
#
# Runs the real binary (`analyze tui CAPTURE`) in a private tmux server at
# 120x40, as a person would, and reads the screen back with capture-pane
# every 10 ms, timing from the moment tmux is asked to start it:
#   first screen   the list shows frame 1 (the status line says Indexing)
#   full index     the status line says "Frames: N"
#   filter         from Enter on `tcp.port == 111` to "Displayed: N of M"
# then opens each statistics view (hierarchy, destinations, conversations,
# endpoints, RTT) and waits for its rows.  Peak memory is the process's
# VmHWM from /proc after each stage (the highest resident size so far).
# RUNS sessions (default 3) are started; the table keeps the best time of
# each stage and the largest peak.  The times include tmux's and the polling's
# own delay (a capture-pane every 10 ms): they are what a person would see,
# give or take 10-20 ms.  When termshark is installed it is then run the
# same way, once (first screen, whole file loaded, the same filter, peak
# memory with its tshark processes), with ratios against analyze.  Skips
# with one line when tmux is missing.  See README.md.
set -u
export LC_ALL=C

if [ $# -lt 2 ]; then
	echo "usage: tui.sh ANALYZE CAPTURE [RUNS]" >&2
	exit 2
fi
ANALYZE=$1
CAP=$2
RUNS=${3:-3}
if ! command -v tmux > /dev/null 2>&1; then
	echo "tui: skipped (tmux is not installed)"
	exit 0
fi
if [ ! -x "$ANALYZE" ]; then
	echo "tui: skipped (no binary at '$ANALYZE')"
	exit 0
fi
case $ANALYZE in /*) ;; *) ANALYZE=$PWD/$ANALYZE ;; esac
case $CAP in /*) ;; *) CAP=$PWD/$CAP ;; esac

# A private server: its socket in a directory of this run's own.
SOCKDIR=$(mktemp -d "${TMPDIR:-/tmp}/analyze-bench-tui.XXXXXX")
T="tmux -S $SOCKDIR/sock -f /dev/null"
LIMIT=${TUI_BENCH_LIMIT:-60}          # seconds any one stage may take
cleanup() { $T kill-server 2> /dev/null; rm -rf "$SOCKDIR"; }
trap cleanup EXIT INT TERM

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
screen() { $T capture-pane -p -t ui 2> /dev/null; }
keys() { $T send-keys -t ui "$@"; }
hwm() { # peak resident memory of the UI so far, MB
	awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$PID/status" 2> /dev/null
}
rss() {
	awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$PID/status" 2> /dev/null
}
# wait_re REGEX [ABSENT]: polls the screen until a line matches REGEX (and
# none matches ABSENT); false after LIMIT seconds.
wait_re() {
	local i=0 s
	while [ $i -lt $((LIMIT * 100)) ]; do
		s=$(screen)
		if grep -qE -- "$1" <<< "$s" && { [ -z "${2:-}" ] || ! grep -qE -- "$2" <<< "$s"; }; then
			return 0
		fi
		sleep 0.01
		i=$((i + 1))
	done
	return 1
}

declare -A BEST=() PEAK=()
keep() { # keep STAGE SECONDS: the best time
	if [ -z "${BEST[$1]:-}" ] || awk -v a="$2" -v b="${BEST[$1]}" 'BEGIN { exit !(a < b) }'; then
		BEST[$1]=$2
	fi
}
peak() { # peak STAGE MB: the largest
	local m=${2:-0}
	if [ -z "${PEAK[$1]:-}" ] || [ "$m" -gt "${PEAK[$1]}" ]; then PEAK[$1]=$m; fi
}
FAILED=""

cat "$CAP" > /dev/null
for ((run = 1; run <= RUNS; run++)); do
	$T kill-session -t ui 2> /dev/null
	t0=$(now)
	$T new-session -d -s ui -x 120 -y 40 "exec '$ANALYZE' tui '$CAP'" || { FAILED="tmux would not start"; break; }
	PID=$($T display -p -t ui '#{pane_pid}')
	if ! wait_re '^ +1 +0\.0+ ' || ! wait_re 'Indexing: |Frames: '; then FAILED="no first screen"; break; fi
	keep first "$(since "$t0")"
	if ! wait_re 'Frames: [0-9]+ *$'; then FAILED="indexing did not end"; break; fi
	keep index "$(since "$t0")"
	peak index "$(hwm)"
	frames=$(screen | sed -n 's/.*Frames: \([0-9]*\) *$/\1/p' | tail -n 1)
	keys / 'tcp.port == 111'
	wait_re '^Filter: .*tcp\.port == 111' > /dev/null
	t1=$(now)
	keys Enter
	if ! wait_re 'Displayed: [0-9]+ of [0-9]+ frames'; then FAILED="the filter did not end"; break; fi
	keep filter "$(since "$t1")"
	peak filter "$(hwm)"
	shown=$(screen | sed -n 's/.*Displayed: \([0-9]*\) of.*/\1/p' | tail -n 1)
	# the statistics views, each counted when first shown
	keys s
	wait_re '\[1 Protocol Hierarchy\]' && wait_re '^eth ' || { FAILED="no hierarchy"; break; }
	peak hierarchy "$(hwm)"
	for v in 2:dests:'Destination / transport' 3:conv:'Address A +Address B' 4:endpoints:'Tx Frames' \
		5:rtt:'stream +client +server'; do
		IFS=: read -r key name head <<< "$v"
		t1=$(now)
		keys "$key"
		if ! wait_re "$head" 'counting\.\.\.'; then FAILED="no $name view"; break 2; fi
		keep "$name" "$(since "$t1")"
		peak "$name" "$(hwm)"
	done
	keys q q
done

printf '\nterminal UI: analyze tui on the capture (%s frames), 120x40 in tmux, best of %s\n' \
	"${frames:-?}" "$RUNS"
if [ -n "$FAILED" ]; then
	echo "tui: failed: $FAILED; the screen was:"
	screen
	exit 0
fi
printf '%-52s %9s %9s\n' "stage" "wall s" "peak MB"
printf '%-52s %9s %9s\n' "-----" "------" "-------"
row() { printf '%-52s %9s %9s\n' "$1" "${2:--}" "${3:--}"; }
row "first screen (goal < 0.3 s)" "${BEST[first]}" ""
row "full index (goal < 3 s)" "${BEST[index]}" "${PEAK[index]}"
row "apply tcp.port == 111 (goal < 3 s; ${shown:-?} shown)" "${BEST[filter]}" "${PEAK[filter]}"
row "statistics: protocol hierarchy" "" "${PEAK[hierarchy]}"
row "statistics: destinations and ports" "${BEST[dests]}" "${PEAK[dests]}"
row "statistics: conversations" "${BEST[conv]}" "${PEAK[conv]}"
row "statistics: endpoints" "${BEST[endpoints]}" "${PEAK[endpoints]}"
row "statistics: handshake RTT" "${BEST[rtt]}" "${PEAK[rtt]}"
max=0
for k in "${!PEAK[@]}"; do [ "${PEAK[$k]}" -gt "$max" ] && max=${PEAK[$k]}; done
printf 'peak memory over the whole session: %s MB (goal < 300 MB)\n' "$max"
if ! command -v termshark > /dev/null 2>&1; then
	echo "termshark: not installed"
	exit 0
fi

# termshark, driven the same way (one session: it takes minutes on the
# benchmark capture).  Its screen says it is loading with a percentage and a
# <Stop> button beside the filter; they go when the load, or a filter's
# reload, is done.  Memory is the sum of the peak resident sizes of
# termshark and the tshark processes it runs, as alive when each stage ends.
TS_LIMIT=${TUI_BENCH_TERMSHARK_LIMIT:-900}
tree_hwm() { # MB, termshark and its descendants
	local pids=$1 all=$1 p kids
	while [ -n "$pids" ]; do
		kids=""
		for p in $pids; do kids="$kids $(pgrep -P "$p" 2> /dev/null | tr '\n' ' ')"; done
		pids=$(echo $kids)
		all="$all $pids"
	done
	for p in $all; do cat "/proc/$p/status" 2> /dev/null; done |
		awk '/^VmHWM:/ { kb += $2 } END { printf "%.0f", kb / 1024 }'
}
TS_PEAK=0
ts_peak() { local m; m=$(tree_hwm "$PID"); [ "${m:-0}" -gt "$TS_PEAK" ] && TS_PEAK=$m; }
ts_fail() {
	echo "termshark: $1; the screen was:"
	screen
	exit 0
}
LIMIT=$TS_LIMIT
$T kill-session -t ui 2> /dev/null
t0=$(now)
$T new-session -d -s ui -x 120 -y 40 "exec termshark -r '$CAP'" || ts_fail "tmux would not start it"
PID=$($T display -p -t ui '#{pane_pid}')
wait_re '^ 1 +[0-9]' || ts_fail "no first screen"
ts_first=$(since "$t0")
ts_peak
# loading: a percentage beside <Stop>, until done
wait_re 'Filter:' '<Stop' || ts_fail "the load did not end"
ts_index=$(since "$t0")
ts_peak
keys /
sleep 0.3
keys -l 'tcp.port == 111'
sleep 0.3
t1=$(now)
keys Enter
wait_re '<Stop' > /dev/null
wait_re 'Filter: tcp\.port == 111' '<Stop' || ts_fail "the filter did not end"
ts_filter=$(since "$t1")
ts_peak
$T kill-session -t ui 2> /dev/null
printf '\ntermshark %s on the same capture, same terminal, one session:\n' \
	"$(dpkg-query -W -f '${Version}' termshark 2> /dev/null || echo '(version unknown)')"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0fx", a / b; else printf "-" }'; }
printf '%-52s %9s %9s\n' "first screen" "$ts_first" "$(ratio "$ts_first" "${BEST[first]}") analyze's time"
printf '%-52s %9s %9s\n' "whole file loaded" "$ts_index" "$(ratio "$ts_index" "${BEST[index]}") analyze's time"
printf '%-52s %9s %9s\n' "apply tcp.port == 111" "$ts_filter" "$(ratio "$ts_filter" "${BEST[filter]}") analyze's time"
printf 'termshark peak memory (with its tshark processes): %s MB, %s analyze'"'"'s\n' "$TS_PEAK" \
	"$(ratio "$TS_PEAK" "$max")"
