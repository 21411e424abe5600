#!/usr/bin/env bash
# record.sh [DIR] — records one capture per nmap scan type between two
# network namespaces, for the findings tests (see README.md beside it).
#
# Builds ns-scan (10.9.0.1, the scanner) and ns-target (10.9.0.2) joined by
# one veth pair (netns.sh); nothing reaches the host's own network.  The target runs
# rpcbind (111/tcp, 111/udp), a web server (80/tcp), a line echo (22/tcp)
# and a UDP listener (53/udp).  tcpdump records on the scanner's interface,
# one file per scan.  Needs root, nmap, rpcbind, tcpdump and python3.
set -eu
OUT=${1:-$(cd "$(dirname "$0")" && pwd)}
mkdir -p "$OUT"
. "$(dirname "$0")/netns.sh"
# every probe answered as the kernel would: no ICMP rate limit, no offloads
for n in $S $T; do
	ip netns exec $n sysctl -qw net.ipv4.icmp_ratelimit=0
	ip netns exec $n ethtool -K "veth-${n#ns-}" tx off tso off gso off gro off 2>/dev/null || true
done

# the target's services
ip netns exec $T rpcbind -w -h 10.9.0.2 &
sleep 0.5
PIDS="$PIDS $(ip netns exec $T pgrep -n rpcbind || true)"
ip netns exec $T python3 -m http.server 80 --bind 10.9.0.2 > /dev/null 2>&1 &
PIDS="$PIDS $!"
ip netns exec $T python3 -c '
import socketserver
class H(socketserver.StreamRequestHandler):
    def handle(self):
        self.wfile.write(b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")
        self.rfile.readline()
socketserver.ThreadingTCPServer.allow_reuse_address = True
socketserver.ThreadingTCPServer(("10.9.0.2", 22), H).serve_forever()' &
PIDS="$PIDS $!"
ip netns exec $T python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.9.0.2", 53))
while True:
    d, a = s.recvfrom(2048)' &
PIDS="$PIDS $!"
sleep 1

PORTS=20-25,53,79-81,110,111,135,139,143,443,445,993,3306,3389,8080
# rec NAME NMAP-ARGS...: one capture of one scan
rec() {
	local name=$1
	shift
	ip netns exec $S tcpdump -i veth-s -U -s 262144 -w "$OUT/$name.pcap" 2> /dev/null &
	local tp=$!
	sleep 1
	ip netns exec $S nmap -n -Pn --max-retries 1 "$@" 10.9.0.2 > "$OUT/$name.nmap.txt" 2>&1 || true
	sleep 1
	kill -INT $tp
	wait $tp 2>/dev/null || true
}
rec scan-syn -sS -p $PORTS
rec scan-connect -sT -p $PORTS
rec scan-fin -sF -p $PORTS
rec scan-null -sN -p $PORTS
rec scan-xmas -sX -p $PORTS
rec scan-ack -sA -p $PORTS
rec scan-window -sW -p $PORTS
rec scan-udp -sU -p 53,67-69,111,123,137,161,500,514,520,1900,5353
rec scan-ipproto -sO -p 0-40
rec scan-version -sV -p 22,80,111
