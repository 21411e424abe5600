#!/bin/sh
# run-findings.sh ANALYZE [TOOLS] — `analyze findings` and `analyze review` on
# stored captures (and one TOOLS/mkjump writes):
#  - every nmap capture in samples/scan is found as its scan kind, with
#    the scanner 10.9.0.1 and the target 10.9.0.2, exit status 3, and
#    misc.pcap's sweep, refusals, brute force and cleartext credentials
#    (never printed whole);
#  - no scan, sweep, refusal storm or brute force on any sample or shared
#    capture (../shared/captures, skipped when absent) that holds none:
#    every one of them is listed below or read from its folder;
#  - review: a policy without bittorrent exits 3 on a BitTorrent capture and
#    names it with its frames, bytes and filter; the policy learnt from the
#    same capture exits 0; a bad policy exits 1, no policy 2.
set -u
bin=$1
tools=${2:-$(dirname "$bin")/tools}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/lib.sh"
export TZ=UTC LC_ALL=C
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 skip=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL findings: $*"; fail=$((fail + 1)); }

# capture  category,kind,source,destination of the row expected
while read -r cap want; do
	out=$("$bin" findings --no-info -q -T csv "$top/samples/scan/$cap" 2>"$tmp/err")
	rc=$?
	rows=$(printf '%s\n' "$out" | tail -n +2 | cut -d, -f2,3,5,6 | sort | tr '\n' ' ')
	if [ $rc = 3 ] && [ "$rows" = "$want " ]; then ok; else bad "$cap: exit $rc, rows '$rows', want '$want'"; fi
done <<'LIST'
scan-syn.pcap scan,syn,10.9.0.1,10.9.0.2
scan-connect.pcap scan,connect,10.9.0.1,10.9.0.2
scan-fin.pcap scan,fin,10.9.0.1,10.9.0.2
scan-null.pcap scan,null,10.9.0.1,10.9.0.2
scan-xmas.pcap scan,xmas,10.9.0.1,10.9.0.2
scan-ack.pcap scan,ack,10.9.0.1,10.9.0.2
scan-window.pcap scan,ack,10.9.0.1,10.9.0.2
scan-udp.pcap scan,udp,10.9.0.1,10.9.0.2
scan-ipproto.pcap scan,ipproto,10.9.0.1,10.9.0.2
scan-version.pcap scan,rpc,10.9.0.1,10.9.0.2 scan,version,10.9.0.1,10.9.0.2
misc.pcap bruteforce,bruteforce,10.9.0.1,10.9.0.2 cleartext,ftp,10.9.0.1,10.9.0.2 cleartext,http-basic,10.9.0.1,10.9.0.2 cleartext,imap,10.9.0.1,10.9.0.2 cleartext,pop3,10.9.0.1,10.9.0.2 cleartext,snmp,10.9.0.1,10.9.0.2 cleartext,telnet,10.9.0.1,10.9.0.2 refused,refused,10.9.0.1,10.9.0.2 sweep,syn,10.9.0.1,
LIST

# credentials are named, never printed: no password, no whole user name or community
for fmt in text json jsonl csv; do
	"$bin" findings -T $fmt "$top/samples/scan/misc.pcap" > "$tmp/out" 2>&1
	if grep -qE "s3cret|hunter2|pop-secret|imap-secret|basic-secret|private|alice|carol|dave|erin" "$tmp/out"; then
		bad "misc.pcap: a credential printed in $fmt"
	else
		ok
	fi
done

# a host whose connections jump (tests/tools/mkjump.c): that row alone
if [ -x "$tools/mkjump" ] && "$tools/mkjump" "$tmp" > /dev/null; then
	out=$("$bin" findings --no-info -T csv "$tmp/jump.pcap" 2>&1)
	rc=$?
	rows=$(printf '%s\n' "$out" | tail -n +2 | cut -d, -f2,3,5,13 | tr '\n' ' ')
	if [ $rc = 3 ] && [ "$rows" = "talker,jump,10.0.0.4,152 " ]; then ok; else bad "jump.pcap: exit $rc, rows '$rows'"; fi
else
	bad "no $tools/mkjump (make tools)"
fi

# No scan-like row on captures that hold no scan.
noscan() {
	out=$(timeout 60 "$bin" findings --no-info -q -T csv "$1" 2>/dev/null)
	case $? in 0|3|1) ;; *) bad "$1: exit status"; return ;; esac
	if printf '%s\n' "$out" | cut -d, -f2 | grep -qE '^(scan|sweep|refused|bruteforce)$'; then
		bad "$(basename "$1"): a scan where there is none: $(printf '%s\n' "$out" | grep -E ',(scan|sweep|refused|bruteforce),' | head -1)"
	else
		ok
	fi
}
for f in "$top"/samples/gen/*.pcap "$top"/samples/gen/*.pcapng "$top"/samples/recorded/*.pcap*; do
	noscan "$f"
done
shared=${ANALYZE_SHARED_CAPTURES:-$top/../shared/captures}
if [ -d "$shared/real" ]; then
	for f in "$shared"/real/* "$shared"/netmon/*; do
		[ -f "$f" ] && noscan "$f"
	done
	# the real BitTorrent capture: named with its frames, bytes and filter; learnt, nothing
	btr=$shared/real/ndpi__bittorrent.pcap
	if [ -f "$btr" ]; then
		printf '[protocols]\nallowed=eth;ip;tcp\n' > "$tmp/nobt.ini"
		"$bin" review --policy "$tmp/nobt.ini" -T csv "$btr" > "$tmp/out" 2>&1
		rc=$?
		row=$(grep ',protocol,bittorrent,' "$tmp/out" | cut -d, -f11,12,18)
		want=$("$bin" list -Y bittorrent -T fields -e frame.len "$btr" | awk '{ n++; b += $1 } END { print n "," b }')
		if [ $rc = 3 ] && [ "$row" = "$want,bittorrent" ]; then ok; else bad "review bittorrent: exit $rc, '$row', want '$want,bittorrent'"; fi
		"$bin" review --learn "$btr" > "$tmp/bt.ini" 2>/dev/null
		"$bin" review --policy "$tmp/bt.ini" "$btr" > /dev/null 2>&1
		rc=$?
		[ $rc = 0 ] && ok || bad "review bittorrent with its learnt policy: exit $rc"
	fi
else
	echo "findings: shared captures skipped (no $shared)"
	skip=$((skip + 1))
fi

# review against a policy
bt=$top/samples/gen/apps.pcap
printf '[protocols]\nallowed=eth;ip;udp;tcp;dns\n[findings]\nenabled=scans\n' > "$tmp/p.ini"
"$bin" review --policy "$tmp/p.ini" -T csv "$bt" > "$tmp/out" 2>&1
rc=$?
row=$(grep '^[^,]*,protocol,bittorrent,' "$tmp/out" | cut -d, -f11,12,18)
frames=$("$bin" list -Y bittorrent -T fields -e frame.len "$bt" | awk '{ n++; b += $1 } END { print n "," b }')
if [ $rc = 3 ] && [ "$row" = "$frames,bittorrent" ]; then ok; else bad "review: exit $rc, row '$row', want '$frames,bittorrent'"; fi
"$bin" review --learn "$bt" > "$tmp/learnt.ini" 2>"$tmp/err" || bad "review --learn failed"
"$bin" review --policy "$tmp/learnt.ini" "$bt" > "$tmp/out" 2>&1
rc=$?
if [ $rc = 0 ] && grep -q '^review: 0 unexpected' "$tmp/out"; then ok; else bad "review with the learnt policy: exit $rc"; fi
printf '[protocols]\nallowed=eth;nosuch\n' > "$tmp/bad.ini"
"$bin" review --policy "$tmp/bad.ini" "$bt" > /dev/null 2>"$tmp/err"
rc=$?
if [ $rc = 1 ] && grep -q "^analyze: policy '.*': \[protocols\] allowed: unknown protocol 'nosuch'$" "$tmp/err"; then ok
else bad "bad policy: exit $rc, $(cat "$tmp/err")"; fi
"$bin" review "$bt" > /dev/null 2>&1
[ $? = 2 ] && ok || bad "review without a policy: not a usage error"
summary findings $pass $fail $skip
[ $fail = 0 ]
