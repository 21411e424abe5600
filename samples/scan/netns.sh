# netns.sh — sourced by record.sh and record-misc.sh (run as root): two
# network namespaces joined by one veth pair, nothing reaching the host's own
# network.  ns-scan ($S: 10.9.0.1, MAC 02:00:0a:09:00:01) and ns-target ($T:
# 10.9.0.2, MAC 02:00:0a:09:00:02), loopback up and IPv6 off in both.  The
# processes a script starts in them go in PIDS; on exit they are killed and
# the namespaces deleted.
S=ns-scan T=ns-target
PIDS=""
netns_cleanup() {
	[ -n "${PIDS:-}" ] && kill $PIDS 2>/dev/null || true
	ip netns del $S 2>/dev/null || true
	ip netns del $T 2>/dev/null || true
}
trap netns_cleanup EXIT
netns_cleanup
ip netns add $S
ip netns add $T
ip link add veth-s type veth peer name veth-t
ip link set veth-s netns $S
ip link set veth-t netns $T
ip -n $S link set veth-s address 02:00:0a:09:00:01
ip -n $T link set veth-t address 02:00:0a:09:00:02
ip -n $S addr add 10.9.0.1/24 dev veth-s
ip -n $T addr add 10.9.0.2/24 dev veth-t
for n in $S $T; do
	ip -n $n link set lo up
	ip netns exec $n sysctl -qw net.ipv6.conf.all.disable_ipv6=1
done
ip -n $S link set veth-s up
ip -n $T link set veth-t up
