#!/usr/bin/env bash
# fleet.sh ANALYZE TOOLSDIR — a fleet of captures: 200 generated captures of
# a few MB each (gencap, seeds 1..200, 800 connections each), made once
# under tests/bench/out/fleet, read by `analyze hierarchy`:
#   - one run over all of them (-j 1),
#   - GNU parallel -j 1 and -j 2, one partial per capture, then one merge,
#   - GNU parallel -j 2 over 2 shards (one process reads 100 captures),
#   - the merge alone, and -j 2 inside one run (threads);
# best of 3 wall times each, the ratios, and whether every merged report is
# the one run's, byte for byte.  Skipped without GNU parallel.
set -eu
export LC_ALL=C TZ=UTC
ANALYZE=$1
GENCAP=$2/gencap
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$HERE/out/fleet
N=200
CONNS=800

echo
echo "== fleet: $N captures, GNU parallel with partials, then merge =="
if ! command -v parallel > /dev/null 2>&1; then
	echo "skipped: GNU parallel is not installed (Debian package parallel)"
	exit 0
fi
mkdir -p "$OUT/caps"
if [ ! -s "$OUT/caps/done" ] || [ "$GENCAP" -nt "$OUT/caps/done" ]; then
	echo "generating $N captures in $OUT/caps ..."
	for i in $(seq 1 $N); do
		f=$(printf '%s/caps/vm%03d.pcap' "$OUT" "$i")
		"$GENCAP" -s "$i" -n $CONNS -o "$f.tmp" > /dev/null
		mv "$f.tmp" "$f"
	done
	echo $N > "$OUT/caps/done"
fi
cat "$OUT"/caps/*.pcap > /dev/null # warm the page cache
printf 'load average before: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'captures: %s files, %s bytes\n' "$N" "$(cat "$OUT"/caps/*.pcap | wc -c)"

# best3 NAME COMMAND: the best wall seconds of three runs into BEST
best3() {
	local name=$1 b="" t0 t1 s
	shift
	for _ in 1 2 3; do
		t0=$(date +%s.%N)
		"$@"
		t1=$(date +%s.%N)
		s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
		if [ -z "$b" ] || awk -v s="$s" -v b="$b" 'BEGIN { exit !(s < b) }'; then b=$s; fi
	done
	BEST=$b
	printf '  %-44s %8s s\n' "$name" "$b"
}

one() { "$ANALYZE" hierarchy -q -T json -o "$OUT/one.json" "$OUT"/caps/*.pcap; }
threads() { "$ANALYZE" hierarchy -q -j 2 -T json -o "$OUT/threads.json" "$OUT"/caps/*.pcap; }
fleet() { # fleet JOBS
	rm -rf "$OUT/parts$1"
	mkdir -p "$OUT/parts$1"
	ls "$OUT"/caps/*.pcap | parallel -j "$1" "'$ANALYZE' hierarchy -q --partial -o '$OUT/parts$1'/{#}.part {}"
	"$ANALYZE" merge -T json -o "$OUT/fleet$1.json" "$OUT/parts$1"/*.part
}
shards() { # shards N: N shards, two at a time
	rm -rf "$OUT/shards$1"
	mkdir -p "$OUT/shards$1"
	seq 0 $(($1 - 1)) | parallel -j 2 "'$ANALYZE' hierarchy -q --partial --shard {}/$1 -o '$OUT/shards$1'/{}.part $OUT/caps/*.pcap"
	"$ANALYZE" merge -T json -o "$OUT/shards$1.json" "$OUT/shards$1"/*.part
}
merge_only() { "$ANALYZE" merge -T json -o "$OUT/merge.json" "$OUT/parts2"/*.part; }

best3 "one run, -j 1" one
t_one=$BEST
best3 "GNU parallel -j 1, partials + merge" fleet 1
t_p1=$BEST
best3 "GNU parallel -j 2, partials + merge" fleet 2
t_p2=$BEST
best3 "GNU parallel -j 2 over 2 shards + merge" shards 2
t_s2=$BEST
best3 "merge of the $N partials alone" merge_only
t_merge=$BEST
best3 "one run, -j 2 (threads)" threads
t_threads=$BEST
for f in fleet1 fleet2 shards2 merge threads; do
	if cmp -s "$OUT/one.json" "$OUT/$f.json"; then s=same; else s=DIFFERENT; fi
	printf '  %-44s %s\n' "$f report vs one run" "$s"
done
awk -v a="$t_p2" -v b="$t_p1" -v o="$t_one" -v m="$t_merge" -v t="$t_threads" -v s="$t_s2" -v c="$(nproc)" 'BEGIN {
	printf "ratio: parallel -j 2 / parallel -j 1 = %.2f, / one run = %.2f (goal: 0.60 or less; %d cores)\n", a / b, a / o, c
	printf "ratio: merge alone / parallel -j 1 = %.4f (goal: under 0.02)\n", m / b
	printf "ratio: one run -j 2 / one run -j 1 = %.2f\n", t / o
	printf "ratio: parallel -j 2 over 2 shards / one run = %.2f\n", s / o
}'
printf 'load average after: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
