#!/bin/sh
# run-fleet.sh ANALYZE — partial results, merge, shards and -j.
#  1. for hierarchy, dests, expert, rtt, conv, endpoints, info, findings and
#     review (against a policy learnt from one sample): per-file partials of the samples (and
#     of 40 shared captures, plain build only) merged equal the report of one
#     run over the same files in name order, in JSON, text and CSV, byte for
#     byte; -j 2 equals -j 1;
#     rtt partials keeping only the 3 slowest connections of each file merge
#     into a report whose counts, minimum, maximum, mean and rows are exact
#     and whose quantiles are within 1% of the exact ones;
#  2. property tests: the samples split at random (fixed seeds) into groups,
#     one partial per group, merged in a random order, and merges of merges,
#     all give that same report;
#  3. merge's refusals (an input twice, two reports, two filters, two types,
#     not a partial, a later version, a bad state) with their exact messages,
#     and damaged partials (fixed seeds) never crash it;
#  4. --shard K/N for K = 0 .. N-1 covers a set of files exactly once, and a
#     50-blob Azurite container (skipped with one line without the emulator);
#  5. the recipes of docs/fleet.md: GNU parallel and xargs -P end to end, the
#     Kubernetes manifest parsed as YAML, the Slurm script checked by sh -n.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
top=$(pwd)
. "$top/tests/lib.sh"
need fleet parallel:parallel xargs:findutils python3:python3-yaml node:nodejs
pass=0
fail=0
skip=0
tmp=$(mktemp -d)
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
export TZ=UTC LC_ALL=C
unset AZURE_STORAGE_CONNECTION_STRING AZURE_STORAGE_ACCOUNT AZURE_STORAGE_KEY
export ANALYZE_CACHE_DIR="$tmp/cache"

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); printf 'FAIL fleet %s\n' "$*"; }
check() {
	if [ "$2" = "$3" ]; then ok; else bad "$1"; printf '  want: %s\n  got:  %s\n' "$2" "$3"; fi
}
same() {
	if cmp -s "$2" "$3"; then ok; else bad "$1: $2 and $3 differ"; diff "$2" "$3" | head -5; fi
}

reports="hierarchy dests expert rtt conv-ip conv-tcp endpoints-eth endpoints-udp info findings review"
# the policy review is run with: what one sample holds, so the others break it
"$bin" review --learn -q -o "$tmp/policy.ini" "$top/samples/gen/apps.pcap"
# args REPORT: its command line ("conv-tcp": conv -t tcp)
args() {
	case $1 in
	review) echo "review -p $tmp/policy.ini" ;;
	*-*) echo "${1%-*} -t ${1#*-}" ;;
	*) echo "$1" ;;
	esac
}
samples=$(ls "$top"/samples/gen/*.pcap* "$top"/samples/recorded/*.pcap* "$top"/samples/scan/*.pcap* 2>/dev/null | sort)

# equal_merge NAME FILES...: per-file partials merged == one run, every format
equal_merge() {
	name=$1
	shift
	for r in $reports; do
		d=$tmp/$name/$r
		mkdir -p "$d"
		i=0
		for f in "$@"; do
			i=$((i + 1))
			"$bin" $(args $r) -q --partial -o "$d/$i.part" "$f" 2>/dev/null
		done
		for fmt in json text csv; do
			"$bin" $(args $r) -q -T $fmt "$@" > "$d/one.$fmt" 2>/dev/null
			"$bin" merge -T $fmt "$d"/*.part > "$d/merged.$fmt" 2>/dev/null
			same "$name $r $fmt: merge equals one run" "$d/one.$fmt" "$d/merged.$fmt"
		done
		case $r in
		findings | review)
			"$bin" $(args $r) -q -T jsonl "$@" > "$d/one.jsonl" 2>/dev/null
			"$bin" merge -T jsonl "$d"/*.part > "$d/merged.jsonl" 2>/dev/null
			same "$name $r jsonl: merge equals one run" "$d/one.jsonl" "$d/merged.jsonl"
			"$bin" $(args $r) -q "$@" > /dev/null 2>&1
			want=$?
			"$bin" merge "$d"/*.part > /dev/null 2>&1
			check "$name $r: merge exits as one run does" "$want" "$?"
			;;
		esac
		"$bin" $(args $r) -q -j 2 -T json "$@" > "$d/j2.json" 2>/dev/null
		same "$name $r: -j 2 equals -j 1" "$d/one.json" "$d/j2.json"
		cat "$d"/*.part | "$bin" merge -T json - > "$d/stdin.json" 2>/dev/null
		same "$name $r: a stream on standard input" "$d/one.json" "$d/stdin.json"
	done
}

# rtt_bound NAME FILES...: partials of the 3 slowest rows each, merged
rtt_bound() {
	name=$1
	shift
	d=$tmp/$name/rtt-top
	mkdir -p "$d"
	i=0
	for f in "$@"; do
		i=$((i + 1))
		"$bin" rtt -q --partial --top 3 -o "$d/$i.part" "$f" 2>/dev/null
	done
	"$bin" rtt -q -T json --top 10 "$@" > "$d/one.json" 2>/dev/null
	"$bin" merge -T json --top 10 "$d"/*.part > "$d/merged.json" 2>/dev/null
	check "$name rtt: merged from sketches" "ok" "$(python3 - "$d/one.json" "$d/merged.json" <<'PY'
import json, sys
one, got = (json.load(open(f)) for f in sys.argv[1:3])
faults = []
def near(what, a, b):
    if a is None or b is None:
        if a != b: faults.append("%s: %s vs %s" % (what, a, b))
    elif abs(a - b) > 0.01 * abs(a) + 1e-9:
        faults.append("%s: %s is more than 1%% off %s" % (what, b, a))
so, sg = one["summary"], got["summary"]
for k in so:
    if k in ("median", "p90", "p99"):
        near(k, so[k], sg[k])
    elif k != "servers" and so[k] != sg[k]:
        faults.append("%s: %s vs %s" % (k, so[k], sg[k]))
key = lambda s: (s["server"], s["server_port"])
servers = {key(s): s for s in sg["servers"]}
if len(servers) != len(so["servers"]): faults.append("servers differ")
for s in so["servers"]:
    g = servers.get(key(s))
    if not g: faults.append("server %s missing" % (key(s),)); continue
    for k in ("connections", "samples", "max"):
        if s[k] != g[k]: faults.append("server %s %s" % (key(s), k))
    near("server %s median" % (key(s),), s["median"], g["median"])
    near("server %s p95" % (key(s),), s["p95"], g["p95"])
if one["connections"] != got["connections"]: faults.append("the 10 slowest rows differ")
if one["files"] != got["files"]: faults.append("files differ")
if not so["samples"]: faults.append("no samples: the test tests nothing")
print("ok" if not faults else "; ".join(faults[:5]))
PY
)"
}

# ---- 1. merge equals one run ----
# shellcheck disable=SC2086
equal_merge samples $samples
# shellcheck disable=SC2086
rtt_bound samples $samples
shared=${ANALYZE_SHARED_CAPTURES:-$top/../shared/captures}
if sanitized "$bin"; then
	echo "fleet: the shared captures are compared in the plain build only"
elif [ -d "$shared/real" ]; then
	# shellcheck disable=SC2046
	equal_merge shared $(ls "$shared"/real/* | sort | head -n 40)
	# shellcheck disable=SC2046
	rtt_bound shared $(ls "$shared"/real/* | sort | head -n 40)
else
	echo "fleet: shared captures skipped (no $shared)"
	skip=$((skip + 1))
fi

# what a partial says of its input
"$bin" hierarchy -q --partial "$top/samples/gen/arp.pcap" > "$tmp/arp.part"
check "partial: one line" 1 "$(wc -l < "$tmp/arp.part" | tr -d ' ')"
check "partial: names its input" "$top/samples/gen/arp.pcap $(wc -c < "$top/samples/gen/arp.pcap" | tr -d ' ') $("$bin" info -T json "$top/samples/gen/arp.pcap" | python3 -c 'import json,sys; print(json.load(sys.stdin)["files"][0]["frames"])')" \
	"$(python3 -c 'import json,sys; i=json.load(open(sys.argv[1]))["inputs"][0]; print(i["source"], i["size"], i["frames"])' "$tmp/arp.part")"

# ---- 2. random splits (fixed seeds) ----
n=$(echo "$samples" | wc -l)
for seed in 1 2 3 4 5 6; do
	for r in $reports; do
		d=$tmp/split$seed/$r
		mkdir -p "$d"
		# each file to one of 1..4 groups; groups in a shuffled order
		echo "$samples" | awk -v s=$seed 'BEGIN { srand(s) } { print int(rand() * 4) + 1, $0 }' > "$d/groups"
		for g in 1 2 3 4; do
			files=$(awk -v g=$g '$1 == g { print $2 }' "$d/groups")
			[ -n "$files" ] || continue
			# shellcheck disable=SC2086
			"$bin" $(args $r) -q --partial -o "$d/g$g.part" $files 2>/dev/null
		done
		order=$(ls "$d"/g*.part | awk -v s=$seed 'BEGIN { srand(s * 7) } { print rand(), $0 }' | sort | cut -d' ' -f2)
		# shellcheck disable=SC2086
		"$bin" merge -T json $order > "$d/flat.json" 2>/dev/null
		same "split $seed $r: groups in any order" "$tmp/samples/$r/one.json" "$d/flat.json"
		# merges of merges: ((a b) c) d and a (b (c d)) as the shuffled order has them
		set -- $order
		cp "$1" "$d/left.part"
		cp "$1" "$d/acc"
		shift
		for p in "$@"; do
			"$bin" merge -T partial "$d/left.part" "$p" > "$d/next.part" 2>/dev/null && mv "$d/next.part" "$d/left.part"
		done
		set -- $order
		last=$(echo "$order" | tail -n 1)
		cp "$last" "$d/right.part"
		for p in $(echo "$order" | sed '$d' | awk '{ l[NR] = $0 } END { for (i = NR; i > 0; i--) print l[i] }'); do
			"$bin" merge -T partial "$p" "$d/right.part" > "$d/next.part" 2>/dev/null && mv "$d/next.part" "$d/right.part"
		done
		"$bin" merge -T json "$d/left.part" > "$d/left.json" 2>/dev/null
		"$bin" merge -T json "$d/right.part" > "$d/right.json" 2>/dev/null
		same "split $seed $r: merged from the left" "$tmp/samples/$r/one.json" "$d/left.json"
		same "split $seed $r: merged from the right" "$tmp/samples/$r/one.json" "$d/right.json"
	done
done
check "split: $n sample files" yes "$([ "$n" -ge 20 ] && echo yes)"

# ---- 3. refusals ----
a=$top/samples/gen/arp.pcap
"$bin" dests -q --partial -o "$tmp/r1.part" "$a" "$top/samples/gen/icmp.pcap"
"$bin" dests -q --partial -o "$tmp/r2.part" "$a"
"$bin" merge "$tmp/r1.part" "$tmp/r2.part" > "$tmp/out" 2> "$tmp/err"
check "refuse an input twice" "1 analyze: '$tmp/r1.part' and '$tmp/r2.part' both cover '$a': merge each input once" "$? $(cat "$tmp/err")"
check "refuse: no report" "" "$(cat "$tmp/out")"
"$bin" hierarchy -q --partial -o "$tmp/h.part" "$top/samples/gen/icmp.pcap"
"$bin" merge "$tmp/r2.part" "$tmp/h.part" > /dev/null 2> "$tmp/err"
check "refuse two reports" "1 analyze: '$tmp/h.part' is a partial of 'hierarchy', '$tmp/r2.part' of 'dests': merge partials of one report" "$? $(cat "$tmp/err")"
"$bin" dests -q --partial -Y tcp -o "$tmp/f.part" "$top/samples/gen/icmp.pcap"
"$bin" merge "$tmp/r2.part" "$tmp/f.part" > /dev/null 2> "$tmp/err"
check "refuse two filters" "1 analyze: '$tmp/f.part' was made with filter 'tcp', '$tmp/r2.part' with '(none)': merge partials of one filter" "$? $(cat "$tmp/err")"
"$bin" conv -t tcp -q --partial -o "$tmp/ct.part" "$top/samples/gen/icmp.pcap"
"$bin" conv -t udp -q --partial -o "$tmp/cu.part" "$a"
"$bin" merge "$tmp/ct.part" "$tmp/cu.part" > /dev/null 2> "$tmp/err"
check "refuse two types" "1 analyze: '$tmp/cu.part' is of type 'udp', '$tmp/ct.part' of 'tcp': merge partials of one type" "$? $(cat "$tmp/err")"
"$bin" findings -q --partial -o "$tmp/fa.part" "$top/samples/scan/scan-syn.pcap"
"$bin" findings -q --only scans,p2p --partial -o "$tmp/fs.part" "$a"
"$bin" merge "$tmp/fa.part" "$tmp/fs.part" > /dev/null 2> "$tmp/err"
check "refuse findings of two families" "1 analyze: '$tmp/fs.part' is of type 'scans,p2p', '$tmp/fa.part' of 'scans,sweeps,refused,bruteforce,cleartext,p2p,tunnels,talkers': merge partials of one type" "$? $(cat "$tmp/err")"
"$bin" findings -q --no-info --partial -o "$tmp/fn.part" "$a"
"$bin" merge "$tmp/fa.part" "$tmp/fn.part" > /dev/null 2> "$tmp/err"
check "refuse findings with and without --no-info" "1 analyze: '$tmp/fn.part' is of type 'scans,sweeps,refused,bruteforce,cleartext,p2p,tunnels,talkers; no-info', '$tmp/fa.part' of 'scans,sweeps,refused,bruteforce,cleartext,p2p,tunnels,talkers': merge partials of one type" "$? $(cat "$tmp/err")"
printf '[protocols]\nallowed=eth;arp\n' > "$tmp/p2.ini"
"$bin" review -q -p "$tmp/policy.ini" --partial -o "$tmp/ra.part" "$top/samples/scan/scan-syn.pcap"
"$bin" review -q -p "$tmp/p2.ini" --partial -o "$tmp/rb.part" "$a"
d1=$(sha256sum < "$tmp/policy.ini" | cut -c1-64)
d2=$(sha256sum < "$tmp/p2.ini" | cut -c1-64)
"$bin" merge "$tmp/ra.part" "$tmp/rb.part" > /dev/null 2> "$tmp/err"
check "refuse reviews against two policies" "1 analyze: '$tmp/rb.part' is of type 'policy $d2', '$tmp/ra.part' of 'policy $d1': merge partials of one type" "$? $(cat "$tmp/err")"
"$bin" merge -T jsonl "$tmp/r2.part" > /dev/null 2> "$tmp/err"
check "usage: jsonl of dests" "2 analyze: jsonl is a format of findings and review, not of dests; try 'analyze merge --help'" "$? $(cat "$tmp/err")"
"$bin" review --learn --partial "$a" > /dev/null 2> "$tmp/err"
check "usage: --learn and --partial" "2 analyze: --learn cannot go with --partial, -j or --shard; try 'analyze review --help'" "$? $(cat "$tmp/err")"
"$bin" merge -T json "$tmp/fa.part" > /dev/null
check "merge of findings: exit 3 when something is unexpected" 3 $?
"$bin" merge -T json "$tmp/fn.part" > /dev/null
check "merge of findings: exit 0 when nothing is" 0 $?
"$bin" merge "$a" > /dev/null 2> "$tmp/err"
check "refuse a capture" "1 analyze: '$a' is not a partial result: line 1, column 1: unexpected character" "$? $(cut -c1-200 "$tmp/err" | sed 's/unexpected character.*/unexpected character/')"
"$bin" dests -T json "$a" > "$tmp/report.json"
"$bin" merge "$tmp/report.json" > /dev/null 2> "$tmp/err"
check "refuse a report" "1 analyze: '$tmp/report.json' is not a partial result (one written by a report's --partial)" "$? $(cat "$tmp/err")"
sed 's/"partial":1/"partial":9/' "$tmp/r2.part" > "$tmp/v9.part"
"$bin" merge "$tmp/v9.part" > /dev/null 2> "$tmp/err"
check "refuse a later version" "1 analyze: '$tmp/v9.part' is a partial of version 9; this analyze reads version 1" "$? $(cat "$tmp/err")"
sed 's/"TCP":\[\[/"TCP":[["x",/' "$tmp/samples/dests/1.part" > "$tmp/badstate.part"
check "bad state: the first destination has TCP ports" '"TCP":[["x",' "$(grep -o '"TCP":\[\["x",' "$tmp/badstate.part" | head -n 1)"
"$bin" merge "$tmp/badstate.part" > /dev/null 2> "$tmp/err"
check "refuse a bad state" "1 analyze: '$tmp/badstate.part': input '$(echo "$samples" | head -n 1)': destination 1 lacks an address or its TCP, UDP and NONE lists of [port, count]" "$? $(cat "$tmp/err")"
"$bin" merge -T xml "$tmp/r2.part" > /dev/null 2> "$tmp/err"
check "usage: bad format" "2 analyze: unknown format 'xml' (text, json, csv, jsonl or partial); try 'analyze merge --help'" "$? $(cat "$tmp/err")"
"$bin" hierarchy --shard 3/3 "$a" > /dev/null 2> "$tmp/err"
check "usage: bad shard" "2 analyze: bad --shard '3/3': give K/N with 0 <= K < N; try 'analyze hierarchy --help'" "$? $(cat "$tmp/err")"
for bad in 1/0 -1/2 a/2 2 /2 1/; do
	"$bin" dests --shard "$bad" "$a" > /dev/null 2> "$tmp/err"
	check "usage: bad shard $bad" "2 analyze: bad --shard '$bad': give K/N with 0 <= K < N; try 'analyze dests --help'" "$? $(cat "$tmp/err")"
done
"$bin" expert -j 0 "$a" > /dev/null 2> "$tmp/err"
check "usage: -j 0" "2 analyze: -j needs a positive number, not 0; try 'analyze expert --help'" "$? $(cat "$tmp/err")"

# damaged partials (cut short, a number or a string swapped, a byte dropped or
# added; fixed seeds): merge says what is wrong in one line, exit 1, or reads a
# partial still valid (exit 0, or 3 for findings); never a crash
for r in hierarchy dests expert rtt conv-tcp info findings review; do
	"$bin" $(args $r) -q --partial -o "$tmp/mut-$r.part" "$top/samples/gen/apps.pcap" "$top/samples/gen/rtt-basic.pcap"
done
check "damaged partials: one line and exit 1, or a report" "ok" "$(python3 - "$bin" "$tmp" <<'PY'
import os, random, re, subprocess, sys
bin, tmp = sys.argv[1:3]
faults = []
for name in sorted(f for f in os.listdir(tmp) if f.startswith("mut-")):
    text = open(os.path.join(tmp, name)).read()
    rng = random.Random(name)
    for k in range(20):
        s, kind = text, k % 5
        if kind == 0:
            s = s[:rng.randrange(len(s))]
        elif kind == 1:
            a, b = rng.choice([m.span() for m in re.finditer(r"-?[0-9]+", s)])
            s = s[:a] + rng.choice(["-1", "99999999999999999999999", '"x"', "null", "1.5", "[]", "4294967296"]) + s[b:]
        elif kind == 2:
            a, b = rng.choice([m.span() for m in re.finditer(r'"[^"]*"', s)])
            s = s[:a] + rng.choice(["1", "null", '""', '"\\u0000"', "[]", '"zzz"']) + s[b:]
        elif kind == 3:
            i = rng.randrange(len(s)); s = s[:i] + s[i + 1:]
        else:
            i = rng.randrange(len(s)); s = s[:i] + rng.choice('{}[],:"0') + s[i:]
        path = os.path.join(tmp, "mutated.part")
        open(path, "w").write(s)
        r = subprocess.run([bin, "merge", "-T", "json", path], capture_output=True, timeout=60)
        err = r.stderr.decode(errors="replace").splitlines()
        # 3: a report of findings or review with something unexpected in it
        if r.returncode not in (0, 1, 3) or (r.returncode == 1 and (len(err) != 1 or not err[0].startswith("analyze: "))) \
                or (r.returncode != 1 and err):
            faults.append("%s #%d: exit %d, %s" % (name, k, r.returncode, err[:2]))
print("ok" if not faults else "; ".join(faults[:3]))
PY
)"

# ---- 4. shards ----
# shard_cover NAME N PARTIAL-PREFIX WANT-LIST: the shards' inputs, sorted, are WANT-LIST once each
inputs_of() {
	python3 -c 'import json,sys
for f in sys.argv[1:]:
    for i in json.load(open(f))["inputs"]: print(i["source"])' "$@"
}
for N in 1 3 7; do
	k=0
	while [ $k -lt $N ]; do
		# shellcheck disable=SC2086
		"$bin" expert -q --partial --shard $k/$N -o "$tmp/shard$N.$k.part" $samples 2>/dev/null
		k=$((k + 1))
	done
	check "shard of $N: every file once" "$(echo "$samples" | sort)" "$(inputs_of "$tmp"/shard$N.*.part | sort)"
	"$bin" merge -T json "$tmp"/shard$N.*.part > "$tmp/shard$N.json"
	same "shard of $N: merged equals one run" "$tmp/samples/expert/one.json" "$tmp/shard$N.json"
done

. "$top/tests/storage/emulator.sh"
why=$(emulator_missing)
if [ -n "$why" ]; then
	echo "fleet: the Azurite part skipped ($why)"
	skip=$((skip + 1))
elif ! emulator_start "$tmp/azurite.log"; then
	bad "azurite did not start: $(tail -n 3 "$tmp/azurite.log")"
else
	: > "$tmp/blobs"
	i=0
	for f in $samples; do
		for copy in 1 2; do
			i=$((i + 1))
			[ $i -le 50 ] || break
			name=vmss/$(printf 'vm%02d' $i)/$(basename "$f")
			"$bin" upload "$f" "az://devstoreaccount1/fleet/$name" > /dev/null 2>&1 || bad "upload $name"
			echo "az://devstoreaccount1/fleet/$name" >> "$tmp/blobs"
		done
	done
	check "azurite: 50 blobs" 50 "$(wc -l < "$tmp/blobs" | tr -d ' ')"
	for k in 0 1 2 3; do
		"$bin" hierarchy -q --partial --shard $k/4 -o "$tmp/az.$k.part" az://devstoreaccount1/fleet/vmss/ 2> "$tmp/az.$k.err"
		check "azurite shard $k/4: exit" 0 $?
	done
	check "azurite: the 4 shards cover the container once" "$(sort "$tmp/blobs")" "$(inputs_of "$tmp"/az.*.part | sort)"
	check "azurite: every input names its ETag and size" "50 50" "$(python3 -c 'import json,sys
ins = [i for f in sys.argv[1:] for i in json.load(open(f))["inputs"]]
print(sum(1 for i in ins if i["etag"] and i["etag"].startswith("\"")), sum(1 for i in ins if i["size"] > 0))' "$tmp"/az.*.part)"
	check "azurite: no share empty" "" "$(for k in 0 1 2 3; do [ "$(inputs_of "$tmp/az.$k.part" | wc -l)" -gt 0 ] || echo "$k empty"; done)"
	# shellcheck disable=SC2046
	"$bin" hierarchy -q -T json $(sort "$tmp/blobs") > "$tmp/az.one.json" 2>/dev/null
	"$bin" merge -T json "$tmp"/az.*.part > "$tmp/az.merged.json"
	same "azurite: merged shards equal one run" "$tmp/az.one.json" "$tmp/az.merged.json"
	rm -rf "$ANALYZE_CACHE_DIR"
	"$bin" hierarchy -q -j 3 -T json az://devstoreaccount1/fleet/vmss/ > "$tmp/az.j3.json" 2> "$tmp/az.j3.err"
	check "azurite: -j 3 over the container: exit" "0 " "$? $(cat "$tmp/az.j3.err")"
	same "azurite: -j 3 over the container equals one run" "$tmp/az.one.json" "$tmp/az.j3.json"
	# review and findings over the prefix: one report over every blob, as over the blobs named one by one
	az=az://devstoreaccount1/fleet/vmss/
	# shellcheck disable=SC2046
	"$bin" review -q -p "$tmp/policy.ini" -T json $(sort "$tmp/blobs") > "$tmp/az.rv.one.json" 2>/dev/null
	"$bin" review -q -p "$tmp/policy.ini" -T json "$az" > "$tmp/az.rv.json" 2> "$tmp/az.rv.err"
	check "azurite: review of the prefix: exit 3" "3 " "$? $(cat "$tmp/az.rv.err")"
	same "azurite: review of the prefix equals the review of its blobs" "$tmp/az.rv.one.json" "$tmp/az.rv.json"
	check "azurite: review of the prefix: one report naming the 50 blobs" "50 1" "$(python3 -c 'import json,sys
r = json.load(open(sys.argv[1])); print(len(r["files"]), 1 if r["findings"] else 0)' "$tmp/az.rv.json")"
	"$bin" review -q -p "$tmp/policy.ini" -T json --since 2000-01-01 "$az" > "$tmp/az.rv.since.json" 2>/dev/null
	same "azurite: review --since a past day: every blob" "$tmp/az.rv.one.json" "$tmp/az.rv.since.json"
	"$bin" review -q -p "$tmp/policy.ini" --since "$(date -u -d tomorrow +%Y-%m-%d)" "$az" > "$tmp/az.rv.none" 2>&1
	check "azurite: review --since tomorrow: nothing new, exit 0" "0 review: 0 unexpected (nothing to act on)" "$? $(cat "$tmp/az.rv.none")"
	"$bin" review -q -p "$tmp/policy.ini" -T json -j 2 "$az" > "$tmp/az.rv.j2.json" 2>/dev/null
	check "azurite: review -j 2 of the prefix: exit 3" 3 $?
	same "azurite: review -j 2 of the prefix equals one thread" "$tmp/az.rv.one.json" "$tmp/az.rv.j2.json"
	"$bin" findings -q -T json "$az" > "$tmp/az.fd.one.json" 2>/dev/null
	for k in 0 1 2; do
		"$bin" findings -q --partial --shard $k/3 --since 2000-01-01 -o "$tmp/az.fd.$k.part" "$az" 2>/dev/null
		check "azurite: findings shard $k/3: exit" 0 $?
	done
	check "azurite: the 3 findings shards cover the prefix once" "$(sort "$tmp/blobs")" "$(inputs_of "$tmp"/az.fd.*.part | sort)"
	"$bin" merge -T json "$tmp"/az.fd.*.part > "$tmp/az.fd.merged.json"
	check "azurite: merged findings shards: exit 3" 3 $?
	same "azurite: merged findings shards equal one run" "$tmp/az.fd.one.json" "$tmp/az.fd.merged.json"
fi

# ---- 5. the recipes of docs/fleet.md ----
doc=$top/docs/fleet.md
# block NAME: the fenced block of docs/fleet.md after the line "<!-- NAME -->"
block() {
	awk -v m="<!-- $1 -->" '$0 == m { on = 1; next } on && /^```/ { if (started) exit; started = 1; next } on && started' "$doc"
}
d=$tmp/recipes
mkdir -p "$d/caps" "$d/parts"
for f in $samples; do cp "$f" "$d/caps/"; done
(
	cd "$d" || exit 1
	export PATH="$(dirname "$bin"):$PATH"
	block parallel-local > parallel.sh
	sh -e parallel.sh > parallel.out 2> parallel.err
	echo $? > parallel.rc
)
check "GNU parallel recipe: exit" 0 "$(cat "$d/parallel.rc")"
"$bin" dests -q -T json $(ls "$d"/caps/* | sort) 2>/dev/null | sed "s|$d/||g" > "$d/one.json"
same "GNU parallel recipe: the merged report" "$d/one.json" "$d/report.json"
rm -f "$d/report.json" "$d"/parts/*
(
	cd "$d" || exit 1
	export PATH="$(dirname "$bin"):$PATH"
	block xargs > xargs.sh
	sh -e xargs.sh > xargs.out 2> xargs.err
	echo $? > xargs.rc
)
check "xargs recipe: exit" 0 "$(cat "$d/xargs.rc")"
same "xargs recipe: the merged report" "$d/one.json" "$d/report.json"
block kubernetes > "$d/job.yaml"
check "kubernetes manifest: an Indexed Job with its shard and a merge" \
	"Job Indexed 8 8 True True" \
	"$(python3 -c 'import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
job = [d for d in docs if d["kind"] == "Job" and d["spec"].get("completionMode") == "Indexed"][0]
c = job["spec"]["template"]["spec"]["containers"][0]
cmd = " ".join(c.get("command", []) + c.get("args", []))
merge = [d for d in docs if d["kind"] == "Job" and d is not job][0]
mcmd = " ".join(merge["spec"]["template"]["spec"]["containers"][0].get("args", []))
print(job["kind"], job["spec"]["completionMode"], job["spec"]["completions"], job["spec"]["parallelism"],
      "--shard ${JOB_COMPLETION_INDEX}/8" in cmd and "--partial" in cmd, "analyze merge" in mcmd)' "$d/job.yaml" 2>&1)"
block slurm > "$d/slurm.sh"
sh -n "$d/slurm.sh"
check "slurm script: parses" 0 $?
check "slurm script: one shard per array task" yes "$(grep -q -- '--shard "$SLURM_ARRAY_TASK_ID/' "$d/slurm.sh" && grep -q -- '--array=0-' "$d/slurm.sh" && echo yes)"

summary fleet "$pass" "$fail" "$skip"
[ "$fail" = 0 ]
