#!/bin/sh
# capture.sh ANALYZE — the live-capture part of `make bench` (root only).
#
# Two hosts in network namespaces joined by a veth pair; iperf3 sends from
# one to the other at full speed for 3 seconds (whole packets) or 5 (128
# bytes) while, on the receiver's
# interface, `analyze capture` and tcpdump (when installed) capture at the
# same time with the same filter (the 5-tuple filter of the README's
# example, as BPF), the same snap length and the same kernel buffer (32 MiB).
# For each tool: packets captured, packets the kernel dropped, and CPU time
# (user + system of the capturing process) per packet captured and per MiB
# written (with whole packets, most of the time goes to writing the bytes,
# and a tool that drops fewer of the large ones writes more of them).  Three runs
# with whole packets, three with 128 bytes, then the median CPU ratios of
# each, a packet and a MiB.  Without root, network namespaces or iperf3 it says so and returns.
set -u
export LC_ALL=C
bin=$1
for prog in ip iperf3; do
	if ! command -v "$prog" >/dev/null 2>&1; then
		echo "capture benchmark: skipped ($prog not installed)"
		exit 0
	fi
done
if [ "$(id -u)" != 0 ]; then
	echo "capture benchmark: skipped (needs root for network namespaces)"
	exit 0
fi
tcpdump=$(command -v tcpdump || true)
p=anzb-$$
tmp=$(mktemp -d)
export ANALYZE_STATE_DIR="$tmp/state"
cleanup() {
	for n in a b; do
		for pid in $(ip netns pids "$p-$n" 2>/dev/null); do kill "$pid" 2>/dev/null; done
	done
	sleep 0.2
	for n in a b; do ip netns del "$p-$n" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
if ! { ip netns add "$p-a" && ip netns add "$p-b" &&
	ip -n "$p-a" link add eth0 type veth peer name eth0 netns "$p-b"; } 2>/dev/null; then
	echo "capture benchmark: skipped (cannot create network namespaces)"
	exit 0
fi
for n in a b; do
	ip -n "$p-$n" addr add "10.0.0.$([ $n = a ] && echo 5 || echo 4)/24" dev eth0
	ip -n "$p-$n" link set eth0 up
	ip -n "$p-$n" link set lo up
done
ip netns exec "$p-b" iperf3 -s -B 10.0.0.4 -p 5201 </dev/null >/dev/null 2>&1 &
for _ in $(seq 50); do
	ip netns exec "$p-a" iperf3 -c 10.0.0.4 -p 5201 -n 1K >/dev/null 2>&1 && break
	sleep 0.1
done

spec='protocol=TCP,local-ip=10.0.0.4-10.0.0.20,local-port=5201,remote-ip=10.0.0.4-10.0.0.20,remote-port=1-65532'
tck=$(getconf CLK_TCK)
cpu() { # cpu PID: user + system clock ticks so far
	awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0
}
field() {
	"$bin" capture status "$1" | sed -n "s/^$2: *//p" | cut -d' ' -f1
}
per_packet() { # per_packet TICKS PACKETS: microseconds of CPU a packet
	awk -v t="$1" -v n="$2" -v k="$tck" 'BEGIN { if (n > 0) printf "%.2f", t * 1e6 / k / n; else print "-" }'
}
per_mib() { # per_mib TICKS FILE: milliseconds of CPU a MiB written
	awk -v t="$1" -v b="$(stat -c %s "$2" 2>/dev/null || echo 0)" -v k="$tck" \
		'BEGIN { if (b > 0) printf "%.2f", t * 1e3 / k / (b / 1048576); else print "-" }'
}

# one_run SNAP N: prints "ANALYZE-US TCPDUMP-US ANALYZE-MS-MIB TCPDUMP-MS-MIB",
# adds the run's row to $tmp/rows
one_run() {
	snap=$1
	name=b$2-$snap
	secs=5
	[ "$snap" = whole ] && secs=3 # about 1.3 GB a tool, on disk
	sopt=""
	[ "$snap" != whole ] && sopt="--bytes-per-packet $snap"
	# shellcheck disable=SC2086
	ip netns exec "$p-b" "$bin" capture start "$name" -i eth0 -B 32768 --bytes-per-session 4294967295 $sopt \
		--filter "$spec" --file "$tmp/$name.pcapng" --detach >/dev/null || return 1
	apid=$(field "$name" pid)
	tpid=""
	if [ -n "$tcpdump" ]; then
		topt=""
		[ "$snap" != whole ] && topt="-s $snap"
		: >"$tmp/$name.err"
		# shellcheck disable=SC2086
		ip netns exec "$p-b" "$tcpdump" -i eth0 -B 32768 $topt -w "$tmp/$name.pcap" "$(field "$name" filter)" \
			2>"$tmp/$name.err" &
		tpid=$!
		for _ in $(seq 100); do grep -q listening "$tmp/$name.err" && break; sleep 0.05; done
	fi
	ip netns exec "$p-a" iperf3 -c 10.0.0.4 -p 5201 -t "$secs" >"$tmp/iperf.out" 2>&1
	acpu=$(cpu "$apid")
	tcpu=$([ -n "$tpid" ] && cpu "$tpid")
	"$bin" capture stop "$name" >/dev/null
	an=$(field "$name" packets)
	ad=$(field "$name" dropped)
	aus=$(per_packet "$acpu" "$an")
	amib=$(per_mib "$acpu" "$tmp/$name.pcapng")
	tus="-"
	tmib="-"
	if [ -n "$tpid" ]; then
		kill -INT "$tpid"
		wait "$tpid"
		tn=$(sed -n 's/^\([0-9]*\) packets captured.*/\1/p' "$tmp/$name.err")
		td=$(sed -n 's/^\([0-9]*\) packets dropped by kernel.*/\1/p' "$tmp/$name.err")
		tus=$(per_packet "$tcpu" "$tn")
		tmib=$(per_mib "$tcpu" "$tmp/$name.pcap")
		printf '%-5s %s  analyze %7s packets %7s dropped %6s us/packet %6s ms/MiB | tcpdump %7s packets %7s dropped %6s us/packet %6s ms/MiB\n' \
			"$snap" "$2" "$an" "$ad" "$aus" "$amib" "$tn" "$td" "$tus" "$tmib" >>"$tmp/rows"
	else
		printf '%-5s %s  analyze %7s packets %7s dropped %6s us/packet %6s ms/MiB\n' "$snap" "$2" "$an" "$ad" "$aus" "$amib" >>"$tmp/rows"
	fi
	rm -f "$tmp/$name.pcapng" "$tmp/$name.pcap"
	echo "$aus $tus $amib $tmib"
}

median() { sort -n | sed -n 2p; }
echo
echo "live capture: iperf3 at full speed over a veth, the README's 5-tuple filter, 32 MiB buffer"
[ -n "$tcpdump" ] || echo "note: tcpdump not installed: analyze alone"
: >"$tmp/rows"
for snap in whole 128; do
	: >"$tmp/ratios"
	: >"$tmp/mib-ratios"
	for run in 1 2 3; do
		r=$(one_run "$snap" "$run") || {
			echo "capture benchmark: a session did not start"
			break
		}
		set -- $r
		[ "$2" != "-" ] && awk -v a="$1" -v t="$2" 'BEGIN { if (t > 0) printf "%.2f\n", a / t }' >>"$tmp/ratios"
		[ "$4" != "-" ] && awk -v a="$3" -v t="$4" 'BEGIN { if (t > 0) printf "%.2f\n", a / t }' >>"$tmp/mib-ratios"
	done
	cat "$tmp/rows"
	: >"$tmp/rows"
	if [ -s "$tmp/ratios" ]; then
		printf 'snap %s: CPU per packet, analyze / tcpdump, median of 3: %s (goal <= 1.2); per MiB written: %s\n' \
			"$snap" "$(median <"$tmp/ratios")" "$(median <"$tmp/mib-ratios")"
	fi
done
