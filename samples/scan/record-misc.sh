#!/usr/bin/env bash
# record-misc.sh [DIR] — records misc.pcap: the findings other than scans,
# made by real clients between the two network namespaces of netns.sh (see
# README.md): an unanswered SYN sweep, a refused-connection storm, a
# brute-force shape on 22, and credentials in the clear (telnet, FTP, POP3,
# IMAP, HTTP Basic, SNMP).  Needs root, tcpdump, curl and python3.
set -eu
OUT=${1:-$(cd "$(dirname "$0")" && pwd)}
mkdir -p "$OUT"
. "$(dirname "$0")/netns.sh"
# 10.99.0.0/24 lies behind the target, which does not forward: SYNs there go unanswered
ip -n $S route add 10.99.0.0/24 via 10.9.0.2
ip netns exec $T sysctl -qw net.ipv4.ip_forward=0

# line servers that greet and read lines until the client leaves
serve() { # serve PORT GREETING
	ip netns exec $T python3 -c '
import socketserver, sys
greet = sys.argv[2].encode().decode("unicode_escape").encode()
class H(socketserver.StreamRequestHandler):
    def handle(self):
        if greet:
            self.wfile.write(greet)
        for line in self.rfile:
            self.wfile.write(b"+OK\r\n" if not line.startswith(b"a1") else b"a1 OK\r\n")
socketserver.ThreadingTCPServer.allow_reuse_address = True
socketserver.ThreadingTCPServer(("10.9.0.2", int(sys.argv[1])), H).serve_forever()' "$1" "$2" &
	PIDS="$PIDS $!"
}
serve 21 '220 ftp ready\r\n'
serve 22 'SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n'
serve 23 ''
serve 110 '+OK POP3 ready\r\n'
serve 143 '* OK IMAP ready\r\n'
ip netns exec $T python3 -m http.server 80 --bind 10.9.0.2 > /dev/null 2>&1 &
PIDS="$PIDS $!"
sleep 1

ip netns exec $S tcpdump -i veth-s -U -s 262144 -w "$OUT/misc.pcap" 'not arp' 2> /dev/null &
TP=$!
sleep 1
send() { # send PORT TEXT: one connection that sends TEXT and leaves
	ip netns exec $S python3 -c '
import socket, sys, time
s = socket.create_connection(("10.9.0.2", int(sys.argv[1])))
time.sleep(0.05)
for line in sys.argv[2].split("|"):
    s.sendall(line.encode() + b"\r\n")
    time.sleep(0.05)
s.close()' "$1" "$2"
}
# unanswered SYN sweep: port 443 of 12 hosts, no answer
ip netns exec $S python3 -c '
import socket
for i in range(1, 13):
    s = socket.socket()
    s.setblocking(False)
    try:
        s.connect(("10.99.0.%d" % i, 443))
    except BlockingIOError:
        pass
import time; time.sleep(1.5)'
# refused storm: 25 connections to a closed port
ip netns exec $S python3 -c '
import socket
for i in range(25):
    try:
        socket.create_connection(("10.9.0.2", 3306), timeout=1).close()
    except OSError:
        pass'
# brute-force shape: 12 short connections to 22
for i in $(seq 12); do send 22 "SSH-2.0-libssh_0.9.6"; done
# credentials in the clear
send 21 "USER alice|PASS s3cret|QUIT"
send 23 "bob|hunter2|exit"
send 110 "USER carol|PASS pop-secret|QUIT"
send 143 "a1 LOGIN dave imap-secret|a2 LOGOUT"
ip netns exec $S curl -s -o /dev/null -u erin:basic-secret http://10.9.0.2/
ip netns exec $S python3 -c '
import socket
# an SNMPv2c get-request for sysDescr.0 with community "private"
pdu = bytes.fromhex("a01c0201010201000201003011300f060b2b06010201010100") + bytes.fromhex("0500")
pdu = bytes([pdu[0], len(pdu) - 2]) + pdu[2:]
msg = bytes.fromhex("020101") + bytes([4, 7]) + b"private" + pdu
pkt = bytes([0x30, len(msg)]) + msg
socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(pkt, ("10.9.0.2", 161))'
sleep 1
kill -INT $TP
wait $TP 2>/dev/null || true
