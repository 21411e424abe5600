#!/bin/sh
# run-capture.sh ANALYZE TOOLS — `analyze capture` on a real network: three
# hosts 10.0.0.4-6 in network namespaces on a bridge, iperf3 (port 5201) and
# an HTTP server (8080); then uploads at the end of a session to Azurite, the
# storage emulator, running in host 0.  Needs root and `ip netns` (and for the
# uploads node and the emulator that setup.sh installs).  Without root it
# runs the usage errors only and skips the rest; as root, a program it needs
# that is missing fails the stage at the start, naming its Debian package.
set -u
bin=$(realpath "$1")
tools=$(realpath "$2")
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/lib.sh"
. "$top/tests/storage/emulator.sh"
if [ "$(id -u)" = 0 ]; then
	need capture ip:iproute2 iperf3:iperf3 ping:iputils-ping setpriv:util-linux mount:mount node:nodejs tcpdump:tcpdump
	missing=$(emulator_missing)
	if [ -n "$missing" ]; then
		printf 'FAIL capture: %s\n' "$missing"
		summary capture 0 1
		exit 1
	fi
fi
p=anzt5-$$
tmp=$(mktemp -d)
chmod 755 "$tmp"
export ANALYZE_STATE_DIR="$tmp/state"
pids=""
pass=0
fail=0

cleanup() {
	# Every process left in a namespace (servers, a capture) goes with it.
	for n in h0 h1 h2 br; do
		for pid in $(ip netns pids "$p-$n" 2>/dev/null); do kill "$pid" 2>/dev/null; done
	done
	for pid in $pids; do wait "$pid" 2>/dev/null; done
	for n in h0 h1 h2 br; do ip netns del "$p-$n" 2>/dev/null; done
	umount "$tmp/full" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

ok() {
	pass=$((pass + 1))
}
bad() {
	fail=$((fail + 1))
	printf 'FAIL capture: %s\n' "$*"
}
# expect WHAT WANT GOT
expect() {
	if [ "$2" = "$3" ]; then ok; else bad "$1: want '$2', got '$3'"; fi
}
check_err() { # check_err STATUS MESSAGE COMMAND...
	st=$1
	msg=$2
	shift 2
	out=$("$@" 2>&1)
	expect "exit status of: $*" "$st" $?
	expect "message of: $*" "$msg" "$out"
}

# ---- usage errors: exit 2, one line naming the value, nothing created -------------
try="; try 'analyze capture start --help'"
# tshark's letters and the older spellings reach the options they stand for
check_err 2 "analyze: filter 'protocol=XYZ': protocol 'XYZ' is not a protocol (TCP, UDP or Any)$try" \
	"$bin" capture start u1 -f protocol=XYZ
check_err 2 "analyze: --bpf 'tcp port': cannot compile: can't parse filter expression: syntax error$try" \
	"$bin" capture start u1 -f 'tcp port'
check_err 2 "analyze: --bytes-per-session 'abc' is not a whole number$try" "$bin" capture start u1 -a filesize:abc
check_err 2 "analyze: time limit '99999' is not between 1 and 18000 seconds$try" "$bin" capture start u1 -aduration:99999
check_err 2 "analyze: --count '-5' is not a whole number$try" "$bin" capture start u1 --count=-5
check_err 1 "analyze: cannot read config '$tmp/none.json': No such file or directory" \
	"$bin" capture start u1 -c "$tmp/none.json"
check_err 2 "analyze: unknown user 'nobody-here'$try" "$bin" capture start u1 -u nobody-here
check_err 2 "analyze: filter 'protocol=TCP,local-ip=1.1.1.1-255.255.255': local-ip '1.1.1.1-255.255.255': '255.255.255' is not an IPv4 or IPv6 address$try" \
	"$bin" capture start u1 --filter 'protocol=TCP,local-ip=1.1.1.1-255.255.255'
check_err 2 "analyze: filter 'local-port=70000': local-port '70000': port '70000' is out of range (0-65535)$try" \
	"$bin" capture start u1 --filter 'local-port=70000'
check_err 2 "analyze: filter 'remote-port=80-90;443': remote-port '80-90;443': a range cannot be mixed with a list$try" \
	"$bin" capture start u1 --filter 'remote-port=80-90;443'
check_err 2 "analyze: filter 'protocol=ICMP': protocol 'ICMP' is not a protocol (TCP, UDP or Any)$try" \
	"$bin" capture start u1 --filter 'protocol=ICMP'
check_err 2 "analyze: time limit '18001' is not between 1 and 18000 seconds$try" "$bin" capture start u1 --time-limit 18001
check_err 2 "analyze: --bytes-per-session 'lots' is not a whole number$try" "$bin" capture start u1 --bytes-per-session lots
# (a time limit, should one of them be taken and start a capture after all)
check_err 2 "analyze: --storage 'nope://x': not an http(s) URL or az://ACCOUNT/CONTAINER/PATH$try" \
	"$bin" capture start u1 --time-limit 1 --storage nope://x
check_err 2 "analyze: --storage 'https://example.org/?sig=REDACTED' is not a blob: give az://ACCOUNT/CONTAINER/NAME or a blob URL with a SAS$try" \
	"$bin" capture start u1 --time-limit 1 --storage 'https://example.org/?sig=SECRET5'
check_err 2 "analyze: --storage 'http://example.org/c/x' is not a blob: give az://ACCOUNT/CONTAINER/NAME or a blob URL with a SAS$try" \
	"$bin" capture start u1 --time-limit 1 --storage 'http://example.org/c/x'
check_err 2 "analyze: --storage 'az://acct': an az:// source is az://ACCOUNT/CONTAINER[/PATH]$try" \
	"$bin" capture start u1 --time-limit 1 --storage az://acct
check_err 1 "analyze: --storage 'az://acct/c/x': no account key: set AZURE_STORAGE_CONNECTION_STRING, or AZURE_STORAGE_ACCOUNT and AZURE_STORAGE_KEY" \
	env -u AZURE_STORAGE_CONNECTION_STRING -u AZURE_STORAGE_ACCOUNT -u AZURE_STORAGE_KEY AZURE_STORAGE_AUTH_MODE=key \
	"$bin" capture start u1 --time-limit 1 --storage az://acct/c/x
printf '{"storageLocation": {"storageId": "/subscriptions/x/storageAccounts/a", "storagePath": "ftp://a/c"}}' >"$tmp/st.json"
check_err 2 "analyze: config '$tmp/st.json': storagePath 'ftp://a/c': not an http(s) URL or az://ACCOUNT/CONTAINER/PATH$try" \
	"$bin" capture start u1 --time-limit 1 --config "$tmp/st.json"
printf '{"storageLocation": {"storageId": "/subscriptions/x/storageAccounts/a"}}' >"$tmp/sid.json"
check_err 2 "analyze: config '$tmp/sid.json': storageId '/subscriptions/x/storageAccounts/a' gives no blob to upload to: give its URL as storagePath or with --storage$try" \
	"$bin" capture start u1 --time-limit 1 --config "$tmp/sid.json"
printf '{"properties": {"filters": [{"localPort": "1-2;3"}]}}' >"$tmp/bad.json"
check_err 2 "analyze: config '$tmp/bad.json': filters[0]: localPort '1-2;3': a range cannot be mixed with a list$try" \
	"$bin" capture start u1 --config "$tmp/bad.json"
check_err 1 "analyze: cannot read config '$tmp/none.json': No such file or directory" \
	"$bin" capture start u1 --config "$tmp/none.json"
check_err 2 "analyze: 'a/b' is not a session name (1-80 letters, digits, '.', '_' or '-', not starting with '.' or '-')$try" \
	"$bin" capture start a/b
check_err 2 "analyze: unknown user 'no-such-user-5'$try" "$bin" capture start u1 -i lo --user no-such-user-5
check_err 2 "analyze: interface 'eth0' is given twice: its packets would be written twice$try" \
	"$bin" capture start u1 -i eth0 -i lo -i eth0
check_err 2 "analyze: interface 'any' captures on every interface already: give it alone$try" \
	"$bin" capture start u1 -i lo -i any
check_err 2 "analyze: --buffer-size 'big' is not a whole number$try" "$bin" capture start u1 -B big
check_err 2 "analyze: --bpf 'tcp port': cannot compile: can't parse filter expression: syntax error$try" \
	"$bin" capture start u1 --filter protocol=TCP --bpf 'tcp port'
check_err 2 "analyze: filter 'remote-ip=10.0.0.1-fd00::1': remote-ip '10.0.0.1-fd00::1': the range mixes IPv4 and IPv6$try" \
	"$bin" capture start u1 --filter 'remote-ip=10.0.0.1-fd00::1'
check_err 2 "analyze: a ring of files needs a file size or time (--rotate-size, --rotate-seconds)$try" \
	"$bin" capture start u1 --ring 3
check_err 2 "analyze: file size '100' is not between 4096 and 4294967295 bytes$try" "$bin" capture start u1 --rotate-size 100
check_err 2 "analyze: time limit '700000' is not between 1 and 604800 seconds (continuous capture)$try" \
	"$bin" capture start u1 --rotate-seconds 5 --time-limit 700000
check_err 1 "analyze: no capture session 'nope'" "$bin" capture status nope
check_err 2 "analyze: 'go' is not a capture subcommand (start, status, stop, list or delete); try 'analyze capture --help'" \
	"$bin" capture go
expect "no session after usage errors" "" "$(ls "$ANALYZE_STATE_DIR" 2>/dev/null)"
expect "no file after usage errors" "" "$(ls "$tmp" | grep '^u1')"

skip() {
	echo "capture tests: the rest skipped ($1)"
	summary capture "$pass" "$fail" 1
	[ "$fail" -eq 0 ]
	exit
}
[ "$(id -u)" = 0 ] || skip "needs root and network namespaces"

setup() {
	for n in br h0 h1 h2; do ip netns add "$p-$n" || return 1; done
	ip -n "$p-br" link add br0 type bridge || return 1
	ip -n "$p-br" link set br0 up
	for i in 0 1 2; do
		ip -n "$p-br" link add "vb$i" type veth peer name eth0 netns "$p-h$i" || return 1
		ip -n "$p-br" link set "vb$i" master br0 up
		ip -n "$p-h$i" addr add "10.0.0.$((4 + i))/24" dev eth0
		ip -n "$p-h$i" addr add "fd00::$((4 + i))/64" dev eth0 nodad
		ip -n "$p-h$i" link set eth0 up
		ip -n "$p-h$i" link set lo up
	done
}
setup 2>/dev/null || skip "cannot create network namespaces"

on() { # on HOST COMMAND... : runs COMMAND in host HOST's namespace
	h=$1
	shift
	ip netns exec "$p-$h" "$@"
}

field() { # field SESSION KEY: a value from `capture status`
	"$bin" capture status "$1" | sed -n "s/^$2: *//p"
}
# when_running SESSION COMMAND...: in the background, waits until SESSION
# says Running (its capture is open: whatever is sent now is captured),
# then runs COMMAND; $! is that background job.  Waiting for the session,
# not for a time, keeps the traffic inside a short time limit however
# slowly the capture starts (a sanitizer build, a cold cache).
when_running() {
	_s=$1
	shift
	(
		_i=0
		while [ "$(field "$_s" packetCaptureStatus 2>/dev/null)" != Running ] && [ $_i -lt 400 ]; do
			sleep 0.05
			_i=$((_i + 1))
		done
		"$@"
	) &
}
# three echo requests from host 0 to host 1 (six packets), sent quickly
pings() {
	on h0 ping -c 3 -i 0.05 10.0.0.5 >/dev/null
}
info_packets() {
	"$bin" info "$1" | sed -n 's/^Number of packets: *//p'
}

# Started directly (not through a function) so that $! is the server itself;
# no output, so they hold no pipe of the caller's.
ip netns exec "$p-h0" iperf3 -s -B 10.0.0.4 -p 5201 </dev/null >/dev/null 2>&1 &
pids="$pids $!"
ip netns exec "$p-h2" "$tools/tinyhttp" serve 10.0.0.6 8080 </dev/null >/dev/null 2>&1 &
pids="$pids $!"
# UDP echo servers: DNS's port on host 0, mDNS's on host 2
ip netns exec "$p-h0" "$tools/tinyhttp" udpecho 10.0.0.4 53 </dev/null >/dev/null 2>&1 &
pids="$pids $!"
ip netns exec "$p-h2" "$tools/tinyhttp" udpecho 10.0.0.6 5353 </dev/null >/dev/null 2>&1 &
pids="$pids $!"
# the same over IPv6, with an HTTP server on host 0's port 5201 (iperf3's on IPv4)
for srv in "h2 serve fd00::6 8080" "h0 serve fd00::4 5201" "h0 udpecho fd00::4 53" "h2 udpecho fd00::6 5353"; do
	set -- $srv
	ip netns exec "$p-$1" "$tools/tinyhttp" "$2" "$3" "$4" </dev/null >/dev/null 2>&1 &
	pids="$pids $!"
done
# Wait for the servers and the bridge.
for _ in $(seq 50); do
	on h0 "$tools/tinyhttp" get 10.0.0.6 8080 >/dev/null 2>&1 && break
	sleep 0.1
done
for _ in $(seq 50); do
	on h1 "$tools/tinyhttp" udp 10.0.0.4 53 && on h0 "$tools/tinyhttp" udp 10.0.0.6 5353 &&
		on h1 "$tools/tinyhttp" udp fd00::4 53 && on h0 "$tools/tinyhttp" udp fd00::6 5353 &&
		on h0 "$tools/tinyhttp" get fd00::6 8080 >/dev/null && on h1 "$tools/tinyhttp" get fd00::4 5201 >/dev/null && break
	sleep 0.1
done

iperf() { # a short, rate-limited iperf3 run from host 1 to host 0
	on h1 iperf3 -c 10.0.0.4 -p 5201 -b 20M -n "$1" >/dev/null 2>&1
}
http() {
	for _ in 1 2 3; do on h0 "$tools/tinyhttp" get 10.0.0.6 8080 >/dev/null; done
}

# ---- the 5-tuple filter keeps every iperf3 packet and nothing else ----------
spec='protocol=TCP, local-ip=10.0.0.4-10.0.0.20, local-port=5201, remote-ip=10.0.0.4-10.0.0.20, remote-port=1-65532'
on h0 "$bin" capture start filt -i eth0 --filter "$spec" --bytes-per-packet 200 --file "$tmp/filt.pcapng" --detach >/dev/null
expect "start filtered" 0 $?
# (the unfiltered one in immediate mode, packet by packet; the other a block at a time)
on h0 "$bin" capture start all -i eth0 --immediate --bytes-per-packet 200 --file "$tmp/all.pcapng" --detach >/dev/null
expect "start unfiltered" 0 $?
expect "filtered running" Running "$(field filt packetCaptureStatus)"
expect "filter shown" "tcp and (((ip[12:4] >= 0x0a000004 and ip[12:4] <= 0x0a000014) and tcp src port 5201 and (ip[16:4] >= 0x0a000004 and ip[16:4] <= 0x0a000014) and tcp dst portrange 1-65532) or ((ip[16:4] >= 0x0a000004 and ip[16:4] <= 0x0a000014) and tcp dst port 5201 and (ip[12:4] >= 0x0a000004 and ip[12:4] <= 0x0a000014) and tcp src portrange 1-65532))" "$(field filt filter)"
http
iperf 1M
http
on h0 ping -c 2 -i 0.2 10.0.0.5 >/dev/null
sleep 0.5
"$bin" capture stop filt >/dev/null
expect "stop filtered" 0 $?
"$bin" capture stop all >/dev/null
expect "stop unfiltered" 0 $?
# the same packets: compared by length, port, raw sequence and acknowledgment
# numbers, sorted (two capture sockets may order simultaneous packets apart)
"$bin" list -Y 'tcp.port == 5201' -T fields -e frame.len -e tcp.srcport -e tcp.seq_raw -e tcp.ack_raw \
	"$tmp/all.pcapng" | sort >"$tmp/want"
"$bin" list -T fields -e frame.len -e tcp.srcport -e tcp.seq_raw -e tcp.ack_raw "$tmp/filt.pcapng" | sort >"$tmp/got"
n=$(wc -l <"$tmp/want")
if [ "$n" -gt 20 ] && cmp -s "$tmp/want" "$tmp/got"; then ok; else bad "filtered file: $(wc -l <"$tmp/got") frames, the unfiltered one has $n on port 5201"; fi
expect "nothing else in the filtered file" 0 "$("$bin" list -Y '!(tcp.port == 5201)' -T fields -e frame.number "$tmp/filt.pcapng" | wc -l)"
http_frames=$("$bin" list -Y 'tcp.port == 8080' -T fields -e frame.number "$tmp/all.pcapng" | wc -l)
if [ "$http_frames" -ge 15 ]; then ok; else bad "the unfiltered file has $http_frames HTTP frames"; fi
expect "nothing dropped" "0 0" "$(field filt dropped) $(field all dropped)"
expect "filtered packets in status" "$(info_packets "$tmp/filt.pcapng")" "$(field filt packets)"
expect "filtered stop reason" UserStopped "$(field filt stopReason)"

# ---- every filter form keeps exactly the packets it names, ARP never ---------
# A row: a name, the display filter naming the packets the form must keep
# (applied to an unfiltered capture of the same traffic), and the --filter
# SPEC (" / " between the SPECs of a union; bpf=EXPR is a --bpf EXPR, which
# every packet kept must match too).  Host 0, 10.0.0.4, is the local
# side.  Every session runs at once on host 0's interface, keeping 256 bytes
# of each packet (so a small buffer holds many); the packets compared are
# those between two marker pings, sent when no TCP connection is opening or
# closing, as length and MD5 of the bytes kept.  tcpdump captures the same
# traffic beside them, unfiltered, and must have exactly the packets of the
# unfiltered session: so every form keeps exactly the packets of tcpdump's
# capture that its display filter names.
form_rows() {
	cat <<'ROWS'
tcp # tcp # protocol=TCP
udp # udp # protocol=UDP
any # ip || ipv6 # protocol=Any
lip # ip.addr == 10.0.0.4 # local-ip=10.0.0.4
rip # ip.addr == 10.0.0.5 # remote-ip=10.0.0.5
riplist # ip.addr in {10.0.0.5, 10.0.0.6} # remote-ip=10.0.0.5;10.0.0.6;
riprange # ip.addr in {10.0.0.5..10.0.0.6} # remote-ip=10.0.0.5-10.0.0.6
liprange # ip.addr in {10.0.0.1..10.0.0.4} # local-ip=10.0.0.1-10.0.0.4
liplist # ip.addr in {10.0.0.4, 10.0.0.9} # local-ip=10.0.0.4;10.0.0.9
ips # (ip.src == 10.0.0.4 && ip.dst in {10.0.0.5, 10.0.0.6}) || (ip.dst == 10.0.0.4 && ip.src in {10.0.0.5, 10.0.0.6}) # local-ip=10.0.0.4,remote-ip=10.0.0.5;10.0.0.6
lport # tcp.port == 5201 || udp.port == 5201 # local-port=5201
lportlist # tcp.port in {53, 5201} || udp.port in {53, 5201} # local-port=53;5201
lportrange # tcp.port in {1..1000} || udp.port in {1..1000} # local-port=1-1000
rportlist # tcp.port in {8080, 5353} || udp.port in {8080, 5353} # remote-port=8080;5353
rportrange # tcp.port in {5000..9000} || udp.port in {5000..9000} # remote-port=5000-9000
udpports # udp.port in {53, 5353} # protocol=UDP,remote-port=53;5353
tcphost # tcp && ((ip.dst == 10.0.0.6 && tcp.dstport == 8080) || (ip.src == 10.0.0.6 && tcp.srcport == 8080)) # protocol=TCP,remote-ip=10.0.0.6,remote-port=8080
seed # tcp && ((ip.src in {10.0.0.4..10.0.0.20} && tcp.srcport == 5201 && ip.dst in {10.0.0.4..10.0.0.20} && tcp.dstport in {1..65532}) || (ip.dst in {10.0.0.4..10.0.0.20} && tcp.dstport == 5201 && ip.src in {10.0.0.4..10.0.0.20} && tcp.srcport in {1..65532})) # protocol=TCP,local-ip=10.0.0.4-10.0.0.20,local-port=5201,remote-ip=10.0.0.4-10.0.0.20,remote-port=1-65532
union # (udp && ip.addr == 10.0.0.5) || (tcp && tcp.port == 8080) # protocol=UDP,remote-ip=10.0.0.5 / protocol=TCP,remote-port=8080
lip6 # ipv6.addr == fd00::4 # local-ip=fd00::4
rip6 # ipv6.addr == fd00::5 # remote-ip=fd00::5
riplist6 # ipv6.addr in {fd00::5, fd00::6} # remote-ip=fd00::5;fd00::6;
riprange6 # ipv6.addr in {fd00::5..fd00::1:0:0:6} # remote-ip=fd00::5-fd00::1:0:0:6
liprange6 # ipv6.addr in {fd00::1..fd00::4} # local-ip=fd00::1-fd00::4
liplist6 # ipv6.addr in {fd00::4, fd00::9} # local-ip=fd00::4;fd00::9
ips6 # (ipv6.src == fd00::4 && ipv6.dst in {fd00::5, fd00::6}) || (ipv6.dst == fd00::4 && ipv6.src in {fd00::5, fd00::6}) # local-ip=fd00::4,remote-ip=fd00::5;fd00::6
tcphost6 # tcp && ((ipv6.dst == fd00::6 && tcp.dstport == 8080) || (ipv6.src == fd00::6 && tcp.srcport == 8080)) # protocol=TCP,remote-ip=fd00::6,remote-port=8080
seed6 # tcp && ((ipv6.src in {fd00::4..fd00::20} && tcp.srcport == 5201 && ipv6.dst in {fd00::4..fd00::20} && tcp.dstport in {1..65532}) || (ipv6.dst in {fd00::4..fd00::20} && tcp.dstport == 5201 && ipv6.src in {fd00::4..fd00::20} && tcp.srcport in {1..65532})) # protocol=TCP,local-ip=fd00::4-fd00::20,local-port=5201,remote-ip=fd00::4-fd00::20,remote-port=1-65532
union6 # (udp && ipv6.addr == fd00::5) || (tcp && tcp.port == 8080) # protocol=UDP,remote-ip=fd00::5 / protocol=TCP,remote-port=8080
mixed # ip.addr == 10.0.0.5 || ipv6.addr == fd00::5 # remote-ip=10.0.0.5;fd00::5
bpf # (icmp || icmpv6) && (ip.addr == 10.0.0.5 || ipv6.addr == fd00::5) # remote-ip=10.0.0.5;fd00::5 / bpf=icmp or icmp6
bpfonly # arp # bpf=arp
ROWS
}
form_start() { # form_start NAME SPEC: session fm-NAME with SPEC's --filter options
	_n=$1
	_rest=$2
	set --
	while :; do
		_one=${_rest%% / *}
		case $_one in
		bpf=*) set -- "$@" --bpf "${_one#bpf=}" ;;
		*) set -- "$@" --filter "$_one" ;;
		esac
		[ "$_one" = "$_rest" ] && break
		_rest=${_rest#* / }
	done
	on h0 "$bin" capture start "fm-$_n" -i eth0 -B 1024 --bytes-per-packet 256 --file "$tmp/fm-$_n.pcapng" "$@" --detach >/dev/null ||
		bad "form $_n: did not start"
}
quiet() { # waits until no TCP connection of the hosts is opening or closing
	for _ in $(seq 200); do
		_c=0
		for _h in h0 h1 h2; do _c=$((_c + $(on $_h ss -Htn state connected exclude time-wait | wc -l))); done
		[ $_c -eq 0 ] && return
		sleep 0.05
	done
}
form_traffic() {
	quiet
	on h0 ping -c 1 -s 901 10.0.0.5 >/dev/null # the first marker: 943 bytes
	for h in h0 h1 h2; do ip -n "$p-$h" neigh flush dev eth0; done # ARP again
	pings
	on h0 ping -c 2 -i 0.05 10.0.0.6 >/dev/null
	http
	on h1 iperf3 -c 10.0.0.4 -p 5201 -b 20M -n 100K >/dev/null 2>&1
	on h1 "$tools/tinyhttp" udp 10.0.0.4 53
	on h0 "$tools/tinyhttp" udp 10.0.0.6 5353
	on h0 ping -c 2 -i 0.05 fd00::5 >/dev/null
	on h0 ping -c 1 fd00::6 >/dev/null
	on h0 "$tools/tinyhttp" get fd00::6 8080 >/dev/null
	on h1 "$tools/tinyhttp" get fd00::4 5201 >/dev/null
	on h1 "$tools/tinyhttp" udp fd00::4 53
	on h0 "$tools/tinyhttp" udp fd00::6 5353
	quiet
	on h0 ping -c 1 -s 902 10.0.0.5 >/dev/null # the last marker: 944 bytes
}
form_keys() { # form_keys FILE [FILTER]: length and MD5 of the packets between the markers
	"$bin" list ${2:+-Y "$2"} -T fields -e frame.time_epoch -e frame.len -e frame.md5_hash "$1" |
		awk -v lo="$lo" -v hi="$hi" '($1 "") >= (lo "") && ($1 "") <= (hi "") {print $2, $3}' | sort
}
forms_test() {
	form_rows >"$tmp/fm-rows"
	on h0 "$bin" capture start fm-all -i eth0 -B 1024 --bytes-per-packet 256 --file "$tmp/fm-all.pcapng" --detach >/dev/null
	ip netns exec "$p-h0" tcpdump -i eth0 -B 1024 -s 256 --time-stamp-precision nano -Z root -w "$tmp/fm-td.pcap" \
		</dev/null >/dev/null 2>"$tmp/fm-td.err" &
	td=$!
	for _ in $(seq 100); do grep -q listening "$tmp/fm-td.err" && break; sleep 0.05; done
	while IFS='#' read -r name df spec; do
		form_start $name "$(echo "$spec" | sed 's/^ *//; s/ *$//')" </dev/null
	done <"$tmp/fm-rows"
	form_traffic
	for s in $("$bin" capture list | awk '$1 ~ /^fm-/ {print $1}'); do
		"$bin" capture stop "$s" >/dev/null || bad "form session $s did not stop"
	done
	kill -INT $td
	wait $td
	"$bin" list -T fields -e frame.time_epoch -e frame.len "$tmp/fm-all.pcapng" >"$tmp/fm-times"
	lo=$(awk '$2 == 943 {print $1; exit}' "$tmp/fm-times")
	hi=$(awk '$2 == 944 {t = $1} END {print t}' "$tmp/fm-times")
	form_keys "$tmp/fm-all.pcapng" >"$tmp/fm-all.keys"
	all=$(wc -l <"$tmp/fm-all.keys")
	form_keys "$tmp/fm-td.pcap" >"$tmp/fm-td.keys"
	if cmp -s "$tmp/fm-all.keys" "$tmp/fm-td.keys"; then ok; else
		bad "forms: tcpdump has $(wc -l <"$tmp/fm-td.keys") packets between the markers, the unfiltered session $all ($(sed -n 's/ packets dropped by kernel//p' "$tmp/fm-td.err") and $(field fm-all dropped) dropped)"
	fi
	arp=$(form_keys "$tmp/fm-all.pcapng" arp | wc -l)
	nd=$(form_keys "$tmp/fm-all.pcapng" 'icmpv6.type == 135' | wc -l)
	if [ -n "$lo" ] && [ -n "$hi" ] && [ "$arp" -ge 4 ] && [ "$nd" -ge 2 ]; then ok; else
		bad "forms: markers '$lo' '$hi', $arp ARP frames and $nd neighbour solicitations between them"
	fi
	rows=0
	while IFS='#' read -r name df spec; do
		rows=$((rows + 1))
		name=$(echo $name)
		form_keys "$tmp/fm-all.pcapng" "$df" </dev/null >"$tmp/fm-want"
		form_keys "$tmp/fm-$name.pcapng" </dev/null >"$tmp/fm-got"
		want=$(wc -l <"$tmp/fm-want")
		if [ "$want" -gt 0 ] && [ "$want" -lt "$all" ] && cmp -s "$tmp/fm-want" "$tmp/fm-got"; then ok; else
			bad "form $name ($spec): $(wc -l <"$tmp/fm-got") packets, want $want of $all ($(field "fm-$name" dropped) and $(field fm-all dropped) dropped)"
		fi
	done <"$tmp/fm-rows"
	expect "forms: every row compared" "$(wc -l <"$tmp/fm-rows")" "$rows"
	for s in $("$bin" capture list | awk '$1 ~ /^fm-/ {print $1}'); do "$bin" capture delete "$s"; done
}
forms_test

# ---- time limit ---------------------------------------------------------------
on h0 ping -c 8 -i 0.2 10.0.0.5 >/dev/null &
on h0 "$bin" capture start tl -i eth0 --time-limit 1 --file "$tmp/tl.pcapng" >/dev/null 2>&1
expect "time limit exit" 0 $?
wait $!
expect "time limit status" Stopped "$(field tl packetCaptureStatus)"
expect "time limit reason" TimeExceeded "$(field tl stopReason)"
"$bin" info "$tmp/tl.pcapng" >/dev/null
expect "time limit file reads" 0 $?
expect "time limit packets" "$(info_packets "$tmp/tl.pcapng")" "$(field tl packets)"

# ---- packet limit, with tshark's spellings: -c N, -f EXPR, -s N, -a duration:S
on h0 ping -c 20 -i 0.1 10.0.0.5 >/dev/null &
on h0 "$bin" capture start pl -i eth0 -c5 -f icmp -s 64 -a duration:20 --file "$tmp/pl.pcapng" >/dev/null 2>&1
expect "packet limit exit" 0 $?
wait $!
expect "packet limit reason" PacketsExceeded "$(field pl stopReason)"
expect "packet limit packets" 5 "$(field pl packets)"
expect "packet limit packets in the file" 5 "$(info_packets "$tmp/pl.pcapng")"
expect "-f EXPR is the capture filter" icmp "$(field pl filter)"
expect "-s N is the bytes per packet" 64 "$(field pl bytesPerPacket)"
expect "-c N is shown" 5 "$(field pl packetLimit)"
expect "-a duration:S is the time limit" 20 "$(field pl timeLimitInSeconds)"

# ---- byte limit and bytes per packet ------------------------------------------
when_running bl iperf 1M
on h0 "$bin" capture start bl -i eth0 --bytes-per-session 5000 --bytes-per-packet 100 --time-limit 20 \
	--file "$tmp/bl.pcapng" >/dev/null 2>&1
expect "byte limit exit" 0 $?
wait $!
expect "byte limit reason" BytesExceeded "$(field bl stopReason)"
bytes=$(field bl bytes)
capbytes=$("$bin" list -T fields -e frame.cap_len "$tmp/bl.pcapng" | awk '{s += $1} END {print s}')
expect "byte limit bytes = captured bytes in the file" "$bytes" "$capbytes"
if [ "$bytes" -le 5000 ] && [ "$bytes" -gt 4900 ]; then ok; else bad "byte limit: $bytes bytes"; fi
"$bin" list -T fields -e frame.len -e frame.cap_len "$tmp/bl.pcapng" >"$tmp/lens"
expect "cut to 100 bytes, wire length kept" 0 "$(awk '$2 != ($1 < 100 ? $1 : 100)' "$tmp/lens" | wc -l)"
long=$(awk '$1 > 1000' "$tmp/lens" | wc -l)
if [ "$long" -gt 0 ]; then ok; else bad "no long packet to cut"; fi

# ---- stop in mid-traffic; the file reads while it grows -----------------------
on h0 "$bin" capture start mid --file "$tmp/mid.pcapng" --detach >/dev/null
(iperf 4M) &
ip=$!
sleep 1.2
"$bin" info "$tmp/mid.pcapng" >/dev/null
expect "a running capture reads" 0 $?
"$bin" rtt "$tmp/mid.pcapng" >/dev/null
expect "rtt on a running capture" 0 $?
check_err 1 "analyze: capture 'mid' is running; stop it first" "$bin" capture delete mid
"$bin" capture stop mid >/dev/null
expect "stop mid-traffic" 0 $?
check_err 0 "capture 'mid' is not running (Stopped)" "$bin" capture stop mid
expect "status as JSON" '"packetCaptureStatus": "Stopped", "stopReason": "UserStopped", "stopReasonAlias": "Manual", "packetCaptureError": [],' \
	"$("$bin" capture status mid --format json | sed -n '4,7p' | sed 's/^ *//' | tr '\n' ' ' | sed 's/ $//')"
wait $ip
"$bin" info "$tmp/mid.pcapng" >/dev/null
expect "stopped file reads" 0 $?
expect "mid packets" "$(info_packets "$tmp/mid.pcapng")" "$(field mid packets)"
expect "mid interface" "linux-sll" "$("$bin" info "$tmp/mid.pcapng" | sed -n 's/^File encapsulation: *//p')"

# ---- several interfaces --------------------------------------------------------
on h0 "$bin" capture start two -i eth0 -i lo --file "$tmp/two.pcapng" --detach >/dev/null
on h0 ping -c 3 -i 0.2 127.0.0.1 >/dev/null
on h0 ping -c 3 -i 0.2 10.0.0.6 >/dev/null
"$bin" capture stop two >/dev/null
"$bin" list -Y icmp -T fields -e frame.interface_id "$tmp/two.pcapng" | sort | uniq -c | awk '{print $2 ":" $1}' | tr '\n' ' ' >"$tmp/ifs"
expect "packets per interface" "0:6 1:6 " "$(cat "$tmp/ifs")"
expect "two interface blocks" 2 "$("$bin" info "$tmp/two.pcapng" | sed -n 's/^Interfaces: *//p')"

# ---- continuous capture: a new file before one passes 4096 bytes, the last 2 kept ----
# 50 pings to host 1 and their replies, nothing else: each file holds as many
# 98-byte packets as fit (a 132-byte block each), the ring removes the others.
mkdir "$tmp/ring"
on h0 "$bin" capture start ring -i eth0 --filter remote-ip=10.0.0.5 --bpf icmp --rotate-size 4096 --ring 2 \
	--file "$tmp/ring/r.pcapng" --detach >"$tmp/ring.out"
expect "ring: start line" "capture 'ring' started in the background (pid $(field ring pid)), writing '$(field ring file)' and the files after it" "$(cat "$tmp/ring.out")"
on h0 ping -c 50 -i 0.01 10.0.0.5 >/dev/null
"$bin" capture stop ring >"$tmp/ring.out"
written=$(field ring filesWritten)
set -- $(ls "$tmp/ring")
expect "ring: two files kept" "2 $((written - 2))" "$# $(field ring filesRemoved)"
if [ "$written" -ge 4 ]; then ok; else bad "ring: $written files written"; fi
expect "ring: named by number and time" "r_$(printf %05d $((written - 1)))_ r_$(printf %05d "$written")_" \
	"$(echo "$1 $2" | sed -E 's/[0-9]{14}\.pcapng//g')"
expect "ring: the last one is the status's file" "$tmp/ring/$2" "$(field ring file)"
n1=$(info_packets "$tmp/ring/$1")
n2=$(info_packets "$tmp/ring/$2")
expect "ring: every packet, every file but the last as full as the first kept" "100 100" "$(field ring packets) $((n1 * (written - 1) + n2))"
expect "ring: the files' packets in status" "$n1 $n2" \
	"$("$bin" capture status ring | awk '$1 ~ /^\// {printf "%s%s", sep, $4; sep = " "}')"
expect "ring: a full file takes no more" "yes" "$([ "$(stat -c %s "$tmp/ring/$1")" -le 4096 ] && [ $(($(stat -c %s "$tmp/ring/$1") + 132)) -gt 4096 ] && echo yes)"
expect "ring: ends with the last reply" "50" "$("$bin" list -T fields -e icmp.seq "$tmp/ring/$2" | tail -n 1)"
expect "ring: end line" "capture 'ring' stopped (UserStopped): 100 packets, 9800 bytes in $written files, 2 kept (the last '$tmp/ring/$2')" "$(cat "$tmp/ring.out")"

# ---- a Network Watcher definition (an ARM resource) ---------------------------------
cat >"$tmp/pc.json" <<JSON
{"name": "pc", "type": "Microsoft.Network/networkWatchers/packetCaptures",
 "properties": {"target": "/subscriptions/x/vm", "bytesToCapturePerPacket": 60,
  "totalBytesPerSession": 100000, "timeLimitInSeconds": 1,
  "storageLocation": {"filePath": "$tmp/cfg.pcapng"},
  "filters": [{"protocol": "UDP", "localPort": "53;"}, {"protocol": "Any", "remoteIPAddress": "10.0.0.5"}]}}
JSON
cfg_traffic() { # three pings to host 1, which the filter keeps, and two to host 2
	pings
	on h0 ping -c 2 -i 0.05 10.0.0.6 >/dev/null
}
when_running cfg cfg_traffic
on h0 "$bin" capture start cfg -i eth0 --config "$tmp/pc.json" >/dev/null 2>&1
expect "config exit" 0 $?
wait $!
expect "config reason" TimeExceeded "$(field cfg stopReason)"
expect "config file" "$tmp/cfg.pcapng" "$(field cfg file)"
expect "config filter" "(udp and ((udp src port 53) or (udp dst port 53))) or (((ip dst host 10.0.0.5) or (ip src host 10.0.0.5)))" "$(field cfg filter)"
expect "config limits" "60 100000 1" "$(field cfg bytesPerPacket) $(field cfg bytesPerSession) $(field cfg timeLimitInSeconds)"
expect "config keeps host 1's pings only" "6" "$("$bin" list -Y 'icmp && ip.addr == 10.0.0.5' -T fields -e frame.number "$tmp/cfg.pcapng" | wc -l)"
expect "config drops host 2's pings" "0" "$("$bin" list -Y 'ip.addr == 10.0.0.6' -T fields -e frame.number "$tmp/cfg.pcapng" | wc -l)"

# a filePath whose folders do not exist (made 0750, as the agent does), and 0 for
# the API's defaults
cat >"$tmp/pc0.json" <<JSON
{"properties": {"target": "/subscriptions/x/vm", "bytesToCapturePerPacket": 0,
  "totalBytesPerSession": 0, "timeLimitInSeconds": 0,
  "storageLocation": {"filePath": "$tmp/var/captures/pc0/zero.pcapng"}}}
JSON
on h0 "$bin" capture start cfg0 -i eth0 --config "$tmp/pc0.json" --detach >/dev/null
expect "config folders: start" 0 $?
expect "config folders: made 0750" "750 750" "$(stat -c %a "$tmp/var/captures" "$tmp/var/captures/pc0" | tr '\n' ' ' | sed 's/ $//')"
expect "config zeros: the defaults" "0 1073741824 18000" "$(field cfg0 bytesPerPacket | cut -d' ' -f1) $(field cfg0 bytesPerSession) $(field cfg0 timeLimitInSeconds)"
pings
"$bin" capture stop cfg0 >/dev/null
expect "config folders: the file" "$(field cfg0 packets)" "$(info_packets "$tmp/var/captures/pc0/zero.pcapng")"

# ---- disk full -------------------------------------------------------------------
mkdir "$tmp/full"
if mount -t tmpfs -o size=200k tmpfs "$tmp/full" 2>/dev/null; then
	when_running full iperf 2M
	on h0 "$bin" capture start full -i eth0 --time-limit 30 --file "$tmp/full/x.pcapng" >/dev/null 2>"$tmp/err"
	expect "disk full exit" 1 $?
	wait $!
	expect "disk full status" Error "$(field full packetCaptureStatus)"
	expect "disk full error" LocalFileFailed "$(field full packetCaptureError)"
	expect "disk full message" "analyze: capture 'full' failed (LocalFileFailed): cannot write '$tmp/full/x.pcapng': No space left on device" "$(tail -n 1 "$tmp/err")"
	"$bin" info "$tmp/full/x.pcapng" >/dev/null
	expect "disk full file reads" 0 $?
	expect "disk full packets" "$(info_packets "$tmp/full/x.pcapng")" "$(field full packets)"
else
	bad "cannot mount a tmpfs"
fi

# ---- progress: a running session's state gives its packets (saved about once a second) ----
on h0 "$bin" capture start prog --file "$tmp/prog.pcapng" --detach >/dev/null
on h0 ping -c 300 -i 0.01 10.0.0.5 >/dev/null &
ping_job=$!
seen="no packets in the state while capturing"
for _ in $(seq 100); do
	if [ "$(field prog packets | cut -d' ' -f1)" -gt 0 ] 2>/dev/null; then
		seen=$(field prog packetCaptureStatus)
		break
	fi
	sleep 0.05
done
wait $ping_job
expect "progress saved while capturing" Running "$seen"
"$bin" capture stop prog >/dev/null
expect "progress: the last count is the file's" "$(info_packets "$tmp/prog.pcapng")" "$(field prog packets)"

# ---- a capturing process that died, in mid-traffic: the file says what it holds ----
on h0 "$bin" capture start dead --bytes-per-packet 80 --file "$tmp/dead.pcapng" --detach >/dev/null
pid=$("$bin" capture status dead | sed -n 's/^pid: *//p')
expect "bytes per packet on any" "80 (on 'any', counting its 16-byte cooked header in place of Ethernet's 14)" "$(field dead bytesPerPacket)"
on h0 ping -c 400 -i 0.005 10.0.0.5 >/dev/null &
ping_job=$!
for _ in $(seq 200); do # until the file holds packets (it is flushed twice a second)
	[ "$(info_packets "$tmp/dead.pcapng")" -gt 20 ] 2>/dev/null && break
	sleep 0.05
done
kill -9 "$pid"
while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
wait $ping_job
n=$(info_packets "$tmp/dead.pcapng")
b=$("$bin" list -T fields -e frame.cap_len "$tmp/dead.pcapng" | awk '{s += $1} END {print s}')
expect "stop a dead session" "analyze: capture 'dead': the capturing process (pid $pid) ended without closing the session; the session is marked as failed, with the $n packets and $b bytes its file holds" \
	"$("$bin" capture stop dead 2>&1)"
expect "dead: counts from the file" "$n (recounted from the file) $b (recounted from the file)" "$(field dead packets) $(field dead bytes)"
expect "dead: counts from the file, JSON" "\"packets\": $n, \"bytes\": $b, \"droppedPackets\": 0, \"countsRecounted\": true," \
	"$("$bin" capture status dead --format json | grep -E '"(packets|bytes|droppedPackets|countsRecounted)"' | sed 's/^ *//' | tr '\n' ' ' | sed 's/ $//')"
expect "dead status" Error "$(field dead packetCaptureStatus)"
expect "dead error" CaptureFailed "$(field dead packetCaptureError)"
expect "dead message" "the capturing process (pid $pid) ended without closing the session" "$(field dead errorMessage)"
"$bin" capture delete dead
expect "delete keeps the file" "yes" "$([ -f "$tmp/dead.pcapng" ] && echo yes)"

# ---- --user drops root once the capture is open ------------------------------------
on h0 "$bin" capture start asuser --user nobody --file "$tmp/user.pcapng" --detach >/dev/null
expect "start as nobody" 0 $?
pid=$("$bin" capture status asuser | sed -n 's/^pid: *//p')
expect "runs as nobody" "$(id -u nobody)" "$(awk '/^Uid:/ {print $2}' "/proc/$pid/status")"
on h0 ping -c 2 -i 0.2 10.0.0.5 >/dev/null
"$bin" capture stop asuser >/dev/null
expect "stop as nobody" 0 $?
expect "file owned by nobody" nobody "$(stat -c %U "$tmp/user.pcapng")"
expect "nobody's packets" "$(info_packets "$tmp/user.pcapng")" "$(field asuser packets)"

# ---- bad input: one line, the right status, no session left ----------------------------
check_err 1 "analyze: no interface 'nosuch0'" on h0 "$bin" capture start e1 -i nosuch0 --file "$tmp/e1.pcapng"
check_err 1 "analyze: no permission to capture on 'eth0': capturing needs root or the CAP_NET_RAW capability" \
	on h0 setpriv --reuid=nobody --regid=nogroup --clear-groups "$bin" capture start e2 -i eth0 --file "$tmp/e2.pcapng"
check_err 1 "analyze: cannot write '$tmp/nodir/e4.pcapng': No such file or directory" \
	on h0 "$bin" capture start e4 -i eth0 --file "$tmp/nodir/e4.pcapng"
check_err 1 "analyze: capture session 'filt' exists already (delete it first)" "$bin" capture start filt
check_err 1 "analyze: no capture session 'nope'" "$bin" capture status nope
check_err 1 "analyze: no capture session 'nope'" "$bin" capture stop nope
expect "no session left" "all asuser bl cfg cfg0 filt full mid pl prog ring tl two" "$("$bin" capture list | awk 'NR > 1 {printf "%s%s", sep, $1; sep = " "}')"
expect "no file left" "" "$(ls "$tmp" | grep '^e[0-9]')"

# ---- upload to storage when the session ends (Azurite in host 0) -------------------
storage_tests() {
	emulator_start "$tmp/azurite.log" ip netns exec "$p-h0" || {
		bad "azurite did not start: $(tr '\n' ' ' <"$tmp/azurite.log")"
		return
	}
	sdir=$ANALYZE_STATE_DIR
	o=$tmp/st-out # every output of this part, for the secrets check at the end
	mkdir "$o"
	json() { # json SESSION: the status keys about the outcome, one line
		"$bin" capture status "$1" --format json >"$o/$1.json"
		tr '\n' ' ' <"$o/$1.json" | sed 's/  */ /g; s/\[ /[/g; s/ \]/]/g' |
			grep -oE '"(packetCaptureStatus|stopReason|packetCaptureError|file|storagePath|storageStatus|storageErrorMessage)": ("[^"]*"|\[[^]]*\]|null)' |
			tr '\n' '|' | sed 's/|$//; s/|/, /g'
	}
	wsas=$(AZURE_STORAGE_KEY=$KEY "$tools/mksas" devstoreaccount1 caps - rcw 2099-01-01T00:00:00Z)
	nsas=$(AZURE_STORAGE_KEY=$KEY "$tools/mksas" devstoreaccount1 nocont - rcw 2099-01-01T00:00:00Z)
	q="sv=2021-08-06&sp=rcw&se=2099-01-01T00%3A00%3A00Z&sr=c&sig=REDACTED"

	# Shared Key, in the foreground, to a container that does not exist yet
	when_running st1 pings
	on h0 "$bin" capture start st1 -i eth0 --time-limit 1 --file "$tmp/st1.pcapng" \
		--storage az://devstoreaccount1/caps/st/st1.pcapng >"$o/st1.out" 2>"$o/st1.err"
	expect "upload: exit" 0 $?
	wait $!
	blob=$ep/caps/st/st1.pcapng
	expect "upload: start line" "capture 'st1': writing '$tmp/st1.pcapng', then uploading it to '$blob'; stop with Ctrl-C or 'analyze capture stop st1'" "$(cat "$o/st1.err")"
	expect "upload: end line" "capture 'st1' stopped (TimeExceeded): $(field st1 packets) packets, $(field st1 bytes) bytes in '$tmp/st1.pcapng', uploaded to '$blob'" "$(cat "$o/st1.out")"
	expect "upload: status" "\"packetCaptureStatus\": \"Stopped\", \"stopReason\": \"TimeExceeded\", \"packetCaptureError\": [], \"file\": \"$tmp/st1.pcapng\", \"storagePath\": \"$blob\", \"storageStatus\": \"Uploaded\", \"storageErrorMessage\": null" "$(json st1)"
	expect "upload: status text" "Uploaded $blob" "$(field st1 storageStatus) $(field st1 storagePath)"
	on h0 "$bin" fetch -q -o "$tmp/dl1" az://devstoreaccount1/caps/st/st1.pcapng
	if cmp -s "$tmp/st1.pcapng" "$tmp/dl1/st1.pcapng"; then ok; else bad "upload: the blob differs from '$tmp/st1.pcapng'"; fi
	if [ "$(field st1 packets)" -ge 6 ]; then ok; else bad "upload: $(field st1 packets) packets"; fi

	# a SAS on the directory (the file's name appended), in the background, stopped
	on h0 "$bin" capture start st2 -i eth0 --file "$tmp/st2.pcapng" --storage "$ep/caps/sas/?$wsas" --detach >"$o/st2.start"
	expect "upload sas: start" 0 $?
	pid=$(field st2 pid)
	blob=$ep/caps/sas/st2.pcapng
	expect "upload sas: start line" "capture 'st2' started in the background (pid $pid), writing '$tmp/st2.pcapng', then uploading it to '$blob?$q'" "$(cat "$o/st2.start")"
	expect "upload sas: pending while capturing" "Running Pending" "$(field st2 packetCaptureStatus) $(field st2 storageStatus)"
	on h0 ping -c 3 -i 0.2 10.0.0.5 >/dev/null
	"$bin" capture stop st2 >"$o/st2.out" 2>"$o/st2.err"
	expect "upload sas: stop" 0 $?
	expect "upload sas: stop line" "capture 'st2' stopped (UserStopped): $(field st2 packets) packets, $(field st2 bytes) bytes in '$tmp/st2.pcapng', uploaded to '$blob?$q'|" "$(cat "$o/st2.out" "$o/st2.err" | tr '\n' '|')"
	expect "upload sas: status" "\"packetCaptureStatus\": \"Stopped\", \"stopReason\": \"UserStopped\", \"packetCaptureError\": [], \"file\": \"$tmp/st2.pcapng\", \"storagePath\": \"$blob?$q\", \"storageStatus\": \"Uploaded\", \"storageErrorMessage\": null" "$(json st2)"
	"$bin" capture status st2 >"$o/st2.status"
	"$bin" capture list --format json >"$o/list.json"
	on h0 "$bin" fetch -q -o "$tmp/dl2" "$blob?$wsas"
	if cmp -s "$tmp/st2.pcapng" "$tmp/dl2/st2.pcapng"; then ok; else bad "upload sas: the blob differs from '$tmp/st2.pcapng'"; fi

	# a Network Watcher definition with a storagePath and no filePath: the file waits
	# in the state directory and goes once it is up
	cat >"$tmp/st3.json" <<JSON
{"properties": {"target": "/subscriptions/x/vm", "timeLimitInSeconds": 1,
  "storageLocation": {"storageId": "/subscriptions/x/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/devstoreaccount1",
   "storagePath": "$ep/caps/cfg/st3.pcapng?$wsas"}}}
JSON
	when_running st3 pings
	on h0 "$bin" capture start st3 -i eth0 --config "$tmp/st3.json" >"$o/st3.out" 2>"$o/st3.err"
	expect "upload config: exit" 0 $?
	wait $!
	blob=$ep/caps/cfg/st3.pcapng
	expect "upload config: start line" "capture 'st3': writing '$sdir/st3.pcapng', then uploading it to '$blob?$q'; stop with Ctrl-C or 'analyze capture stop st3'" "$(cat "$o/st3.err")"
	expect "upload config: end line" "capture 'st3' stopped (TimeExceeded): $(field st3 packets) packets, $(field st3 bytes) bytes, uploaded to '$blob?$q'" "$(cat "$o/st3.out")"
	expect "upload config: status" "\"packetCaptureStatus\": \"Stopped\", \"stopReason\": \"TimeExceeded\", \"packetCaptureError\": [], \"file\": null, \"storagePath\": \"$blob?$q\", \"storageStatus\": \"Uploaded\", \"storageErrorMessage\": null" "$(json st3)"
	expect "upload config: staging file removed" "no" "$([ -e "$sdir/st3.pcapng" ] && echo yes || echo no)"
	on h0 "$bin" fetch -q -o "$tmp/dl3" az://devstoreaccount1/caps/cfg/st3.pcapng
	expect "upload config: the blob holds the packets" "$(field st3 packets)" "$(info_packets "$tmp/dl3/st3.pcapng")"

	# upload refused (a SAS for a container that does not exist): Error /
	# StorageFailed, exit 1, the file kept
	when_running sf pings
	on h0 "$bin" capture start sf -i eth0 --time-limit 1 --file "$tmp/sf.pcapng" --storage "$ep/nocont/sf.pcapng?$nsas" \
		>"$o/sf.out" 2>"$o/sf.err"
	expect "upload fails: exit" 1 $?
	wait $!
	blob=$ep/nocont/sf.pcapng
	msg="cannot upload '$tmp/sf.pcapng': '$blob?$q': 404 ContainerNotFound: not found"
	expect "upload fails: message" "analyze: capture 'sf' failed (StorageFailed): $msg" "$(sed -n 2p "$o/sf.err")"
	expect "upload fails: end line" "capture 'sf' failed (TimeExceeded): $(field sf packets) packets, $(field sf bytes) bytes in '$tmp/sf.pcapng', not uploaded" "$(cat "$o/sf.out")"
	expect "upload fails: status" "\"packetCaptureStatus\": \"Error\", \"stopReason\": \"TimeExceeded\", \"packetCaptureError\": [\"StorageFailed\"], \"file\": \"$tmp/sf.pcapng\", \"storagePath\": \"$blob?$q\", \"storageStatus\": \"Failed\", \"storageErrorMessage\": \"$msg\"" "$(json sf)"
	expect "upload fails: status text" "Error|StorageFailed|$msg|Failed" "$(field sf packetCaptureStatus)|$(field sf packetCaptureError)|$(field sf errorMessage)|$(field sf storageStatus)"
	expect "upload fails: the file reads" "$(field sf packets)" "$(info_packets "$tmp/sf.pcapng")"

	# an endpoint that does not answer (a closed port): retried meanwhile (Running,
	# Uploading; stop waits), then Error / StorageFailed; the staging file is kept
	dead="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$KEY;BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;"
	on h0 env AZURE_STORAGE_CONNECTION_STRING="$dead" "$bin" capture start sd -i eth0 --storage az://devstoreaccount1/c/ --detach >"$o/sd.start"
	expect "upload unreachable: start" 0 $?
	on h0 ping -c 2 -i 0.2 10.0.0.5 >/dev/null
	"$bin" capture stop sd >"$o/sd.out" 2>"$o/sd.err" &
	stopper=$!
	seen=""
	for _ in $(seq 50); do
		seen="$(field sd packetCaptureStatus) $(field sd storageStatus)"
		[ "$seen" = "Running Uploading" ] && break
		sleep 0.1
	done
	expect "upload unreachable: uploading" "Running Uploading" "$seen"
	wait $stopper
	expect "upload unreachable: stop exit" 1 $?
	blob=http://127.0.0.1:9/devstoreaccount1/c/sd.pcapng
	msg="cannot upload '$sdir/sd.pcapng': '$blob': cannot connect: Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server"
	expect "upload unreachable: message" "analyze: capture 'sd' failed (StorageFailed): $msg" "$(sed 's/after [0-9]* ms/after 0 ms/' "$o/sd.err")"
	expect "upload unreachable: stop line" "capture 'sd' failed (UserStopped): $(field sd packets) packets, $(field sd bytes) bytes in '$sdir/sd.pcapng', not uploaded" "$(cat "$o/sd.out")"
	expect "upload unreachable: status" "Error StorageFailed Failed $sdir/sd.pcapng" \
		"$(field sd packetCaptureStatus) $(field sd packetCaptureError) $(field sd storageStatus) $(field sd file)"
	expect "upload unreachable: the staging file reads" "$(field sd packets)" "$(info_packets "$sdir/sd.pcapng")"
	# the kept file is never overwritten by a new session of that name
	"$bin" capture delete sd
	cp "$sdir/sd.pcapng" "$tmp/sd-kept.pcapng"
	check_err 1 "analyze: capture 'sd': '$sdir/sd.pcapng' exists already (kept by an earlier session of that name); move it away or give --file" \
		on h0 "$bin" capture start sd -i eth0 --time-limit 1 --storage az://devstoreaccount1/c/
	if cmp -s "$sdir/sd.pcapng" "$tmp/sd-kept.pcapng"; then ok; else bad "the kept staging file changed"; fi
	expect "no session after the refusal" "no" "$([ -e "$sdir/sd" ] && echo yes || echo no)"

	# continuous capture to storage: 12 s, a new file every 3 s (on the
	# session's clock, by the packets' times), the last 3 kept, each uploaded
	# as it closes (a blob per file, all of them, in the directory)
	on h0 ping -c 130 -i 0.1 10.0.0.5 >/dev/null &
	ping_job=$!
	mkdir "$tmp/cr"
	on h0 "$bin" capture start cr -i eth0 --rotate-seconds 3 --ring 3 --time-limit 12 --file "$tmp/cr/cr.pcapng" \
		--storage az://devstoreaccount1/caps/cont/ >"$o/cr.out" 2>"$o/cr.err"
	expect "continuous upload: exit" 0 $?
	wait $ping_job
	expect "continuous upload: 4 files, all up, the last 3 kept" "4 1 4 3 Uploaded" \
		"$(field cr filesWritten) $(field cr filesRemoved) $(field cr filesUploaded) $(ls "$tmp/cr" | wc -l) $(field cr storageStatus)"
	set -- $(ls "$tmp/cr")
	expect "continuous upload: the files kept, by number and time" "cr_00002_ cr_00003_ cr_00004_" \
		"$(for f in "$@"; do printf '%s ' "$(echo "$f" | grep -oE '^cr_[0-9]{5}_')"; done | sed 's/ $//')"
	"$bin" capture status cr --format json >"$o/cr.json"
	sed -n 's/^ *"\(startNs\|endNs\)": \([0-9]*\).*/\2/p' "$o/cr.json" | paste - - >"$tmp/cr.times"
	"$bin" capture status cr | awk '$1 ~ /^\// {print $1, $4}' >"$tmp/cr.files"
	i=0
	while read -r f n && read -r s e <&3; do
		i=$((i + 1))
		expect "continuous upload: file $i's packets in status" "$n" "$(info_packets "$f")"
		if [ "$n" -ge 20 ]; then ok; else bad "continuous upload: $n packets in '$f'"; fi
		# every packet of the file arrived in its time
		first=$("$bin" list -T fields -e frame.time_epoch "$f" | head -n 1 | tr -d .)
		last=$("$bin" list -T fields -e frame.time_epoch "$f" | tail -n 1 | tr -d .)
		if [ "$first" -ge "$s" ] && [ "$last" -lt "$e" ]; then ok; else
			bad "continuous upload: '$f' runs $s-$e, its packets $first-$last"
		fi
		[ $i -lt 3 ] && expect "continuous upload: file $i lasts 3 s" 3000000000 $((e - s))
	done <"$tmp/cr.files" 3<"$tmp/cr.times"
	expect "continuous upload: three files in status" 3 $i
	on h0 "$bin" fetch -q -o "$tmp/dl5" az://devstoreaccount1/caps/cont/
	expect "continuous upload: a blob per file" "4" "$(ls "$tmp/dl5/cont" | wc -l)"
	for f in "$tmp/cr"/*; do
		if cmp -s "$f" "$tmp/dl5/cont/$(basename "$f")"; then ok; else bad "continuous upload: the blob of '$f' differs"; fi
	done
	total=0
	for f in "$tmp/dl5/cont"/*; do total=$((total + $(info_packets "$f"))); done
	expect "continuous upload: the blobs hold every packet" "$(field cr packets)" "$total"
	expect "continuous upload: end line" "capture 'cr' stopped (TimeExceeded): $(field cr packets) packets, $(field cr bytes) bytes in 4 files, 3 kept (the last '$(field cr file)'), each uploaded to '$ep/caps/cont/cr.pcapng' with its number and time" "$(cat "$o/cr.out")"

	# an upload refused (a SAS for a container not there yet) is reported per file
	# while the capture goes on, and retried: once the container exists the files
	# go up, the failed ones too
	lsas=$(AZURE_STORAGE_KEY=$KEY "$tools/mksas" devstoreaccount1 later - rcwl 2099-01-01T00:00:00Z)
	on h0 ping -c 200 -i 0.05 10.0.0.5 >/dev/null &
	ping_job=$!
	mkdir "$tmp/cf"
	on h0 "$bin" capture start cf -i eth0 --rotate-seconds 1 --file "$tmp/cf/cf.pcapng" --storage "$ep/later/cf/c.pcapng?$lsas" \
		--detach >"$o/cf.start"
	seen=""
	for _ in $(seq 200); do # until a file's upload failed
		"$bin" capture status cf >"$o/cf.status"
		seen=$(grep -c '  Failed: cannot upload .*404 ContainerNotFound' "$o/cf.status")
		[ "$seen" -ge 1 ] && break
		sleep 0.05
	done
	expect "upload retried: a failure reported, still running" "1 Running Pending" \
		"$(if [ "$seen" -ge 1 ]; then echo 1; fi) $(field cf packetCaptureStatus) $(field cf storageStatus)"
	first=$(awk '$1 ~ /^\// {print $1; exit}' "$o/cf.status")
	on h0 "$bin" upload -q "$tmp/st1.pcapng" az://devstoreaccount1/later/made-by-shared-key.pcapng
	for _ in $(seq 200); do # until the first file went up while capturing
		"$bin" capture status cf >"$o/cf.status"
		grep -q "^  $first .*  Uploaded$" "$o/cf.status" && break
		sleep 0.05
	done
	expect "upload retried: the first file up while capturing" "Running $first" \
		"$(field cf packetCaptureStatus) $(awk '$1 ~ /^\// && / Uploaded$/ {print $1; exit}' "$o/cf.status")"
	"$bin" capture stop cf >"$o/cf.out" 2>"$o/cf.err"
	expect "upload retried: stop" 0 $?
	kill $ping_job 2>/dev/null
	wait $ping_job 2>/dev/null
	expect "upload retried: every file up" "Stopped Uploaded $(field cf filesWritten)" \
		"$(field cf packetCaptureStatus) $(field cf storageStatus) $(field cf filesUploaded)"
	on h0 "$bin" fetch -q -o "$tmp/dl6" "$ep/later/cf/?$lsas"
	expect "upload retried: a blob per file, named after the destination's" "$(field cf filesWritten) $(field cf filesWritten)" \
		"$(ls "$tmp/dl6/cf" | wc -l) $(ls "$tmp/dl6/cf" | grep -cE '^c_[0-9]{5}_[0-9]{14}\.pcapng$')"

	# no secret anywhere: outputs, state files, logs
	cp -r "$sdir" "$o/state"
	for secret in "$KEY" "${wsas##*sig=}" "${nsas##*sig=}" "${lsas##*sig=}"; do
		if grep -rqF -- "$secret" "$o"; then bad "a secret appears in the output or the state"; else ok; fi
	done
	if grep -rqF 'sig=REDACTED' "$o/state"; then ok; else bad "no redacted signature in the state (the check would be void)"; fi
}
storage_tests

summary capture "$pass" "$fail"
[ "$fail" -eq 0 ]
