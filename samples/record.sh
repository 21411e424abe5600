#!/usr/bin/env bash
# record.sh — record the "scale set" sample captures in samples/recorded/.
#
# Builds three hosts in network namespaces (ns-vm4 10.0.0.4, ns-vm5 10.0.0.5,
# ns-vm6 10.0.0.6, all /24, interface eth0 each), joined by veth pairs to one
# Linux bridge br0 that lives in its own namespace ns-br, so no traffic touches
# the host's network.  Then it records real traffic:
#
#   10.0.0.6 -> 10.0.0.4:5201   iperf3, 1 second at 1 Mbit/s (control + data connection)
#   10.0.0.4 -> 10.0.0.5:8080   three HTTP GETs (curl, one connection each)
#   10.0.0.4 -> 10.0.0.5:8081   one connection to a closed port (refused with RST)
#   10.0.0.4 -> 10.0.0.5        one ICMP echo (ping -c 1)
#
# into
#   recorded/scaleset-vm4.pcap        tcpdump on ns-vm4 eth0, microsecond pcap
#   recorded/scaleset-vm5-nsec.pcap   tcpdump on ns-vm5 eth0, nanosecond pcap
#   recorded/scaleset-bridge.pcapng   dumpcap on ns-br br0 (sees every frame), pcapng
#
# Link delay.  This kernel has no netem (sch_netem), so the delay is made in user
# space: in ns-br, br_netfilter hands every bridged IPv4 packet to iptables'
# FORWARD chain, which sends it to an NFQUEUE by (ingress port, egress port);
# a small Python program (written below) holds each packet for the one-way delay
# of the two links it crosses and then accepts it.  One-way link delays:
#   vm4 0 ms, vm5 15 ms, vm6 5 ms
# so the round trip 10.0.0.4<->10.0.0.5 is ~30 ms and 10.0.0.6<->10.0.0.4 ~10 ms.
# The delay is applied when the frame leaves the bridge, after br0 has seen it:
# a host's own eth0 capture shows the full RTT on one leg of the handshake
# (SYN->SYN-ACK at the client, SYN-ACK->ACK at the server), and the bridge
# capture shows half of it on each leg.  ARP is not delayed (not IPv4).
#
# Offloads (TSO/GSO/GRO, TX checksum) are switched off on every veth so the
# captures show wire-sized frames with correct checksums.  IPv6 is disabled in
# all namespaces to keep router solicitations and MLD out of the captures.
#
# Usage: sudo samples/record.sh [OUTDIR]     (default OUTDIR: samples/recorded)
# Needs: ip (iproute2), iptables-legacy, ethtool, tcpdump, dumpcap, iperf3, curl,
#        ping (iputils-ping), python3.  The script is idempotent: it removes
#        namespaces left over from an earlier run, records into a temporary
#        directory and only then replaces the files in OUTDIR.  Its namespaces
#        and processes are removed on exit (trap).
set -euo pipefail

prog=record.sh
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
outdir=${1:-$here/recorded}

die() { echo "$prog: $*" >&2; exit 1; }

if [ "$(id -u)" -ne 0 ]; then
    die "must run as root (it creates network namespaces, a bridge and iptables rules); try: sudo $0"
fi

for tool in ip iptables-legacy ethtool tcpdump dumpcap iperf3 curl ping python3; do
    command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found (apt-get install iproute2 iptables ethtool tcpdump wireshark-common iperf3 curl iputils-ping python3)"
done

NS_BR=ns-br
HOSTS=(4 5 6)
declare -A DELAY_MS=([4]=0 [5]=15 [6]=5)   # one-way delay of each host's link

pids=()
work=""

nsexec() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

delete_namespaces() {
    local ns pid
    for ns in ns-vm4 ns-vm5 ns-vm6 "$NS_BR"; do
        if [ -e "/run/netns/$ns" ]; then
            # processes still running inside our namespaces were started by us
            for pid in $(ip netns pids "$ns" 2>/dev/null); do
                kill "$pid" 2>/dev/null || true
            done
            ip netns del "$ns" 2>/dev/null || true
        fi
    done
}

cleanup() {
    local rc=$? pid
    trap - EXIT INT TERM
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    delete_namespaces
    [ -n "$work" ] && rm -rf "$work"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# wait_for FILE PATTERN WHAT: wait up to 10 s until FILE contains PATTERN
wait_for() {
    local file=$1 pattern=$2 what=$3 i
    for i in $(seq 100); do
        grep -q -- "$pattern" "$file" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "--- $file:" >&2; cat "$file" >&2 || true
    die "timed out waiting for $what"
}

# wait_listen NS PORT: wait until a TCP socket listens on PORT in NS
wait_listen() {
    local ns=$1 port=$2 i
    for i in $(seq 100); do
        nsexec "$ns" ss -Hltn "sport = :$port" | grep -q . && return 0
        sleep 0.1
    done
    die "nothing listens on port $port in $ns"
}

work=$(mktemp -d /tmp/record-scaleset.XXXXXX)
chmod 755 "$work"    # tcpdump writes here

# ---------------------------------------------------------------- topology
delete_namespaces

ip netns add "$NS_BR"
for n in "${HOSTS[@]}"; do ip netns add "ns-vm$n"; done

for ns in "$NS_BR" ns-vm4 ns-vm5 ns-vm6; do
    nsexec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    ip -n "$ns" link set lo up
done

ip -n "$NS_BR" link add name br0 address 02:00:00:00:01:00 type bridge stp_state 0 forward_delay 0
for n in "${HOSTS[@]}"; do
    ip -n "$NS_BR" link add name "p-vm$n" address "02:00:00:00:01:0$n" type veth \
        peer name eth0 address "02:00:0a:00:00:0$n" netns "ns-vm$n"
    ip -n "$NS_BR" link set "p-vm$n" master br0
    nsexec "$NS_BR" ethtool -K "p-vm$n" tx off tso off gso off gro off >/dev/null 2>&1 || true
    nsexec "ns-vm$n" ethtool -K eth0 tx off tso off gso off gro off >/dev/null 2>&1 || true
    ip -n "ns-vm$n" addr add "10.0.0.$n/24" dev eth0
done
ip -n "$NS_BR" link set br0 up
for n in "${HOSTS[@]}"; do
    ip -n "$NS_BR" link set "p-vm$n" up
    ip -n "ns-vm$n" link set eth0 up
done

# ---------------------------------------------------------------- link delay
cat > "$work/delay.py" <<'PY'
# Hold NFQUEUE packets for a fixed time, then accept them (raw nfnetlink, no libraries).
# usage: delay.py QUEUE:MILLISECONDS...
import heapq, select, socket, struct, sys, time

NETLINK_NETFILTER = 12
SUBSYS_QUEUE = 3
MSG_PACKET, MSG_VERDICT, MSG_CONFIG = 0, 1, 2
NLM_F_REQUEST, NLM_F_ACK = 1, 4
NLMSG_ERROR = 2
NF_ACCEPT = 1

def attr(kind, data):
    n = 4 + len(data)
    return struct.pack("=HH", n, kind) + data + b"\0" * (-n % 4)

def message(kind, flags, seq, queue, attrs):
    body = struct.pack("=BB", socket.AF_UNSPEC, 0) + struct.pack("!H", queue) + b"".join(attrs)
    return struct.pack("=IHHII", 16 + len(body), (SUBSYS_QUEUE << 8) | kind, flags, seq, 0) + body

def messages(buf):
    off = 0
    while off + 16 <= len(buf):
        length, kind, _flags, seq, _pid = struct.unpack_from("=IHHII", buf, off)
        if length < 16:
            break
        yield kind, seq, buf[off + 16 : off + length]
        off += (length + 3) & ~3

def attrs(buf):
    off = 0
    while off + 4 <= len(buf):
        n, kind = struct.unpack_from("=HH", buf, off)
        if n < 4:
            break
        yield kind & 0x3FFF, buf[off + 4 : off + n]
        off += (n + 3) & ~3

sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
sock.bind((0, 0))

def request(seq, queue, attributes):
    sock.send(message(MSG_CONFIG, NLM_F_REQUEST | NLM_F_ACK, seq, queue, attributes))
    for kind, rseq, payload in messages(sock.recv(65536)):
        if kind == NLMSG_ERROR and rseq == seq:
            err = struct.unpack_from("=i", payload)[0]
            if err:
                sys.exit("delay.py: nfqueue config for queue %d failed: errno %d" % (queue, -err))
            return
    sys.exit("delay.py: no answer from nfnetlink_queue")

delay = {}
seq = 0
for spec in sys.argv[1:]:
    q, ms = spec.split(":")
    q = int(q)
    delay[q] = float(ms) / 1000.0
    seq += 1
    request(seq, q, [attr(1, struct.pack("=BB", 1, 0) + struct.pack("!H", socket.AF_INET))])  # CMD BIND
    seq += 1
    request(seq, q, [attr(2, struct.pack("!IB", 0xFFFF, 1)),  # PARAMS: copy meta only
                     attr(3, struct.pack("!I", 8192))])        # QUEUE_MAXLEN
print("ready", flush=True)

held = []   # (release time, arrival order, queue, packet id)
order = 0
while True:
    now = time.monotonic()
    while held and held[0][0] <= now:
        _, _, q, pid = heapq.heappop(held)
        seq += 1
        sock.send(message(MSG_VERDICT, NLM_F_REQUEST, seq, q,
                          [attr(2, struct.pack("!II", NF_ACCEPT, pid))]))
    timeout = max(0.0, held[0][0] - time.monotonic()) if held else None
    if not select.select([sock], [], [], timeout)[0]:
        continue
    arrived = time.monotonic()
    buf = sock.recv(1 << 17)
    for kind, _seq, payload in messages(buf):
        if kind != (SUBSYS_QUEUE << 8) | MSG_PACKET:
            continue
        q = struct.unpack_from("!H", payload, 2)[0]
        for akind, data in attrs(payload[4:]):
            if akind == 1:  # NFQA_PACKET_HDR: packet id, hw protocol, hook
                order += 1
                heapq.heappush(held, (arrived + delay.get(q, 0.0), order, q,
                                      struct.unpack_from("!I", data)[0]))
PY

nsexec "$NS_BR" sysctl -qw net.bridge.bridge-nf-call-iptables=1
queues=()
for a in "${HOSTS[@]}"; do
    for b in "${HOSTS[@]}"; do
        [ "$a" = "$b" ] && continue
        d=$(( DELAY_MS[$a] + DELAY_MS[$b] ))
        [ "$d" -eq 0 ] && continue
        q=$(( a * 10 + b ))          # queue 45 = from vm4 to vm5, ...
        queues+=("$q:$d")
        nsexec "$NS_BR" iptables-legacy -A FORWARD -m physdev --physdev-in "p-vm$a" --physdev-out "p-vm$b" \
            -j NFQUEUE --queue-num "$q"
    done
done
ip netns exec "$NS_BR" python3 -u "$work/delay.py" "${queues[@]}" > "$work/delay.log" 2>&1 &
pids+=($!)
wait_for "$work/delay.log" '^ready' "the delay program"

# ---------------------------------------------------------------- servers
mkdir -p "$work/www"
cat > "$work/www/index.html" <<'HTML'
<!doctype html>
<html><head><title>vm5</title></head><body><p>hello from 10.0.0.5</p></body></html>
HTML
printf 'scale set instance vm5\n' > "$work/www/hello.txt"

ip netns exec ns-vm4 iperf3 -s -B 10.0.0.4 -p 5201 -1 > "$work/iperf3-server.log" 2>&1 &
pids+=($!)
(cd "$work/www" && exec ip netns exec ns-vm5 python3 -m http.server 8080 --bind 10.0.0.5) \
    > "$work/http-server.log" 2>&1 &
pids+=($!)
wait_listen ns-vm4 5201
wait_listen ns-vm5 8080

# ---------------------------------------------------------------- captures
ip netns exec ns-vm4 tcpdump -i eth0 -s 0 -U -Z root -w "$work/scaleset-vm4.pcap" \
    > "$work/tcpdump-vm4.log" 2>&1 &
cap_vm4=$!; pids+=($cap_vm4)
ip netns exec ns-vm5 tcpdump -i eth0 -s 0 -U -Z root --time-stamp-precision=nano \
    -w "$work/scaleset-vm5-nsec.pcap" > "$work/tcpdump-vm5.log" 2>&1 &
cap_vm5=$!; pids+=($cap_vm5)
ip netns exec "$NS_BR" dumpcap -q -i br0 -n -w "$work/scaleset-bridge.pcapng" \
    --capture-comment "samples/record.sh: bridge br0 of the scale set 10.0.0.4-6/24 (one-way link delay vm4 0 ms, vm5 15 ms, vm6 5 ms)" \
    > "$work/dumpcap.log" 2>&1 &
cap_br=$!; pids+=($cap_br)
wait_for "$work/tcpdump-vm4.log" 'listening on' "tcpdump on ns-vm4"
wait_for "$work/tcpdump-vm5.log" 'listening on' "tcpdump on ns-vm5"
wait_for "$work/dumpcap.log" 'Capturing on' "dumpcap on ns-br"
sleep 1

# ---------------------------------------------------------------- traffic
echo "$prog: iperf3 10.0.0.6 -> 10.0.0.4:5201" >&2
nsexec ns-vm6 iperf3 -c 10.0.0.4 -p 5201 -B 10.0.0.6 -t 1 -b 1M > "$work/iperf3-client.log" 2>&1 \
    || { cat "$work/iperf3-client.log" >&2; die "iperf3 client failed"; }
sleep 0.5

echo "$prog: 3 HTTP GETs 10.0.0.4 -> 10.0.0.5:8080" >&2
for path in / /hello.txt /index.html; do
    nsexec ns-vm4 curl -sS -o /dev/null --max-time 5 "http://10.0.0.5:8080$path" \
        || die "GET http://10.0.0.5:8080$path failed"
    sleep 0.3
done

echo "$prog: connection to closed port 10.0.0.5:8081" >&2
if nsexec ns-vm4 curl -sS -o /dev/null --max-time 5 http://10.0.0.5:8081/ 2>/dev/null; then
    die "port 8081 on 10.0.0.5 unexpectedly accepted a connection"
fi
sleep 0.3

echo "$prog: ping 10.0.0.4 -> 10.0.0.5" >&2
nsexec ns-vm4 ping -n -c 1 -W 2 10.0.0.5 > "$work/ping.log" 2>&1 \
    || { cat "$work/ping.log" >&2; die "ping failed"; }
sleep 1

# ---------------------------------------------------------------- stop and save
kill -TERM "$cap_vm4" "$cap_vm5" "$cap_br"
wait "$cap_vm4" "$cap_vm5" "$cap_br" || true

for log in tcpdump-vm4 tcpdump-vm5; do
    grep -q '^0 packets dropped by kernel' "$work/$log.log" \
        || { cat "$work/$log.log" >&2; die "$log dropped packets"; }
done

mkdir -p "$outdir"
for f in scaleset-vm4.pcap scaleset-vm5-nsec.pcap scaleset-bridge.pcapng; do
    [ -s "$work/$f" ] || die "$f was not written"
    install -m 644 "$work/$f" "$outdir/$f"
    echo "$prog: wrote $outdir/$f ($(stat -c %s "$outdir/$f") bytes)" >&2
done
