#!/bin/sh
# run-cli.sh ANALYZE — the command line as a user meets it: outputs never
# destroy inputs (-o onto an input or a capture file), `list -w` writes
# exactly the frames a filter keeps (checked against tshark's frame lists
# in ../shared/captures/ref when the shared captures are there, read back by
# this program, bytes, times, lengths, interfaces and comments), attached
# short-option values, tshark's -E, -t and -r spellings.
set -u
bin=$1
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
. tests/lib.sh
need cli cmp:diffutils md5sum:coreutils
export TZ=UTC LC_ALL=C
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 skip=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); printf 'FAIL cli: %s\n' "$*"; }
# check WHAT WANT GOT
check() {
	if [ "$2" = "$3" ]; then ok; else bad "$1"; printf '  want: %s\n  got:  %s\n' "$2" "$3"; fi
}
# run STATUS-AND-STDERR...: "STATUS|STDERR" of the command, stdout dropped
run() {
	"$@" >/dev/null 2>"$tmp/err"
	printf '%s|%s' $? "$(cat "$tmp/err")"
}
vm4=samples/recorded/scaleset-vm4.pcap
apps=samples/gen/apps.pcap

# ---- outputs never destroy inputs ------------------------------------------------
cp "$vm4" "$tmp/in.pcap"
sum=$(md5sum <"$vm4")
check "-o onto the input" "2|analyze: output file '$tmp/in.pcap' is the input '$tmp/in.pcap': the report would destroy the capture; try 'analyze rtt --help'" \
	"$(run "$bin" rtt -o "$tmp/in.pcap" "$tmp/in.pcap")"
check "the input is unchanged" "$sum" "$(md5sum <"$tmp/in.pcap")"
ln "$tmp/in.pcap" "$tmp/link.pcap"
check "-o onto a hard link of the input" "2|analyze: output file '$tmp/link.pcap' is the input '$tmp/in.pcap': the report would destroy the capture; try 'analyze hierarchy --help'" \
	"$(run "$bin" hierarchy -o "$tmp/link.pcap" "$tmp/in.pcap")"
check "-o onto the input read from standard input" "2|analyze: output file '$tmp/in.pcap' is the input '-': the report would destroy the capture; try 'analyze dests --help'" \
	"$(run "$bin" dests -o "$tmp/in.pcap" - <"$tmp/in.pcap")"
check "--force never replaces an input" "2|analyze: output file '$tmp/in.pcap' is the input '$tmp/in.pcap': the report would destroy the capture; try 'analyze info --help'" \
	"$(run "$bin" info --force -o "$tmp/in.pcap" "$tmp/in.pcap")"
check "the input is still unchanged" "$sum" "$(md5sum <"$tmp/in.pcap")"
cp "$apps" "$tmp/other.pcap"
check "-o onto another capture" "2|analyze: output file '$tmp/other.pcap' is a capture file: give --force to replace it with the report (-w FILE writes the frames as a capture); try 'analyze list --help'" \
	"$(run "$bin" list -Y tcp -o "$tmp/other.pcap" "$tmp/in.pcap")"
check "the other capture is unchanged" "$(md5sum <"$apps")" "$(md5sum <"$tmp/other.pcap")"
check "--force replaces it" "0|" "$(run "$bin" list -Y tcp --force -o "$tmp/other.pcap" "$tmp/in.pcap")"
check "with the list" "$("$bin" list -Y tcp "$vm4")" "$(cat "$tmp/other.pcap")"
printf 'an old report\n' >"$tmp/report.txt"
check "-o onto a text file" "0|" "$(run "$bin" rtt -o "$tmp/report.txt" "$tmp/in.pcap")"
check "-o onto the input with -w" "2|analyze: -w '$tmp/in.pcap' is the input '$tmp/in.pcap': writing it would destroy the capture; try 'analyze list --help'" \
	"$(run "$bin" list -Y tcp -w "$tmp/in.pcap" "$tmp/in.pcap")"
check "the input is unchanged after all" "$sum" "$(md5sum <"$tmp/in.pcap")"

# A device or a FIFO named as the output is written, never replaced by a
# renamed file (as root, `-o /dev/null` would otherwise remove /dev/null).
mkfifo "$tmp/fifo"
cat "$tmp/fifo" >"$tmp/from-fifo" &
check "-o onto a FIFO" "0|" "$(run "$bin" rtt -o "$tmp/fifo" "$tmp/in.pcap")"
wait $!
check "the FIFO is still one" "yes" "$([ -p "$tmp/fifo" ] && echo yes)"
check "the report came through it" "$("$bin" rtt "$tmp/in.pcap")" "$(cat "$tmp/from-fifo")"
cat "$tmp/fifo" >"$tmp/from-fifo" &
check "-w onto a FIFO" "0|" "$(run "$bin" list -Y tcp -F pcap -w "$tmp/fifo" "$tmp/in.pcap")"
wait $!
check "the FIFO is still one after -w" "yes" "$([ -p "$tmp/fifo" ] && echo yes)"
check "the frames came through it" "$("$bin" list -Y tcp "$tmp/in.pcap" | wc -l)" "$("$bin" list "$tmp/from-fifo" | wc -l)"
if [ "$(id -u)" = 0 ] && mknod "$tmp/null" c 1 3 2>/dev/null; then
	check "-o onto a null device" "0|" "$(run "$bin" hierarchy -o "$tmp/null" "$tmp/in.pcap")"
	check "-w onto a null device" "0|" "$(run "$bin" list -w "$tmp/null" "$tmp/in.pcap")"
	check "the device is still one" "yes" "$([ -c "$tmp/null" ] && echo yes)"
	check "no temporary file beside it" "" "$(ls "$tmp" | grep 'null\.part' || true)"
else
	skip=$((skip + 1))
fi

# ---- list -w ----------------------------------------------------------------------
# table FILE [ID]: what each frame is, as this program reads it, without its
# number (its bytes by their MD5); with ID, the interface number too.
table() {
	"$bin" list -T fields -e frame.time_epoch -e frame.len -e frame.cap_len -e frame.comment \
		-e frame.md5_hash ${2:+-e frame.interface_id} "$1"
}
# written CAPTURE FILTER FRAMES...: -w of FILTER holds exactly FRAMES of CAPTURE
written() {
	cap=$1 flt=$2
	shift 2
	for fmt in pcapng pcap; do
		[ $fmt = pcap ] && [ "$(cat "$tmp/ifs")" != 1 ] && continue
		out=$tmp/w.$fmt
		rm -f "$out"
		"$bin" list -Y "$flt" -w "$out" -F $fmt "$cap" 2>"$tmp/err"
		rc=$?
		id=""
		[ $fmt = pcapng ] && [ -s "$tmp/all-id" ] && id=1
		want=$(printf '%s\n' "$@" | awk 'NR == FNR { keep[$1] = 1; next } keep[FNR]' - "$tmp/all${id:+-id}")
		got=$(table "$out" $id)
		if [ $rc = 0 ] && [ "$want" = "$got" ] && [ -z "$(ls "$tmp" | grep part)" ]; then
			ok
		else
			bad "-w $fmt of '$flt' on $(basename "$cap"): exit $rc $(cat "$tmp/err"), $(printf '%s\n' "$got" | grep -c .) frames for $# wanted"
		fi
	done
}
# capture_tables CAPTURE: the tables written() compares with
capture_tables() {
	table "$1" >"$tmp/all"
	: >"$tmp/all-id"
	"$bin" info "$1" | grep -q '^File type: *pcapng' && table "$1" 1 >"$tmp/all-id"
	"$bin" info "$1" | sed -n 's/^Interfaces: *//p' >"$tmp/ifs"
}
# expand "1-3,7" into "1 2 3 7"
expand() {
	printf '%s\n' "$1" | tr ',' '\n' | awk -F- 'NF == 2 { for (i = $1; i <= $2; i++) print i; next } NF == 1 && $1 != "" { print }'
}
"$bin" list -T fields -e frame.number -Y 'tcp.flags.syn == 1' "$apps" >"$tmp/syn"
capture_tables "$apps"
# shellcheck disable=SC2046
written "$apps" 'tcp.flags.syn == 1' $(cat "$tmp/syn")
written "$apps" 'frame.number > 100000' 
"$bin" list -w - -F pcap "$vm4" | cmp -s - "$vm4" && ok || bad "-w - -F pcap of every frame differs from the pcap read"
check "-F without -w" "2|analyze: -F FORMAT goes with -w FILE; try 'analyze list --help'" "$(run "$bin" list -F pcap "$vm4")"
check "-F unknown" "2|analyze: unknown capture file format 'erf' (pcapng or pcap); try 'analyze list --help'" \
	"$(run "$bin" list -w "$tmp/x" -F erf "$vm4")"
check "nothing left of a refused -w" "" "$(ls "$tmp" | grep '^x')"
"$bin" list -w "$tmp/cut.pcapng" tests/broken/pcap-record-cut.pcap 2>"$tmp/err"
check "-w of a damaged capture: exit" "1 $("$bin" info tests/broken/pcap-record-cut.pcap 2>/dev/null | sed -n 's/^Number of packets: *//p')" \
	"$? $("$bin" info "$tmp/cut.pcapng" | sed -n 's/^Number of packets: *//p')"

shared=${ANALYZE_SHARED_CAPTURES:-$top/../shared/captures}
if sanitized "$bin"; then
	skip=$((skip + 1))
	echo "cli: -w against tshark's frame lists checked by the plain build only"
elif [ -d "$shared/ref" ]; then
	for name in real/ppp__pcapng-example.pcapng real/pcapngtg_be__test100.pcapng real/ndpi__bittorrent.pcap \
		real/libpcap__http_PPI.pcap real/ppp__solaris.snoop \
		netmon/msod__MS-ADOD_Example1_3_Win2016_X64_Win2016_X64_Domain_JoiningADomainByCreatingAnAccountViaLDAP.cap; do
		cap=$shared/$name
		stem=$(basename "${name%.*}")
		[ -f "$cap" ] && [ -f "$shared/ref/$stem.filters.tsv" ] || { bad "no $name in the shared captures"; continue; }
		capture_tables "$cap"
		while IFS="$(printf '\t')" read -r flt _ ranges; do
			# shellcheck disable=SC2046
			written "$cap" "$flt" $(expand "$ranges")
		done <"$shared/ref/$stem.filters.tsv"
	done
else
	skip=$((skip + 1))
	echo "cli: -w against tshark's frame lists skipped (no $shared)"
fi

# ---- tshark's spellings --------------------------------------------------------------
check "attached values" "$("$bin" list -c 1 -T fields -e frame.number -e ip.src -Y tcp "$vm4")" \
	"$("$bin" list -c1 -Tfields -eframe.number -eip.src -Ytcp "$vm4")"
check "-E header, quote, separator" 'frame.number,ip.src|"3","10.0.0.6"|"4","10.0.0.4"' \
	"$("$bin" list -c 2 -Y tcp -T fields -E header=y -E quote=d -E separator=, -e frame.number -e ip.src "$vm4" | tr '\n' '|' | sed 's/|$//')"
check "-E quote leaves empty values" '"1"	|"2"	' \
	"$("$bin" list -c 2 -T fields -E quote=d -e frame.number -e ip.src "$vm4" | tr '\n' '|' | sed 's/|$//')"
check "-E occurrence" "10.0.0.6|10.0.0.4" \
	"$("$bin" list -c 1 -Y tcp -T fields -E occurrence=f -e ip.addr "$vm4")|$("$bin" list -c 1 -Y tcp -T fields -E occurrence=l -e ip.addr "$vm4")"
check "-E aggregator" "10.0.0.6 10.0.0.4" "$("$bin" list -c 1 -Y tcp -T fields -E aggregator=/s -e ip.addr "$vm4")"
check "-E bad" "2|analyze: -E 'quote=x': not one of header=y|n, separator=/t|/s|C, aggregator=,|/s|C, quote=d|s|n, occurrence=f|l|a; try 'analyze list --help'" \
	"$(run "$bin" list -T fields -e frame.number -E quote=x "$vm4")"
check "-t ud" "2026-11-23 20:15:31.267762" "$("$bin" list -c 1 -t ud "$vm4" | awk '{print $2, $3}')"
check "-t u" "20:15:31.267782" "$("$bin" list -c 2 -t u "$vm4" | awk 'NR == 2 {print $2}')"
check "-t e" "1795464931.267762" "$("$bin" list -c 1 -t e "$vm4" | awk '{print $2}')"
check "-t dd" "0.000000 0.005246" "$("$bin" list -Y 'frame.number == 1 || frame.number == 3' -t dd "$vm4" | awk '{printf "%s%s", sep, $2; sep = " "}')"
check "-t d" "0.000000 0.005226" "$("$bin" list -Y 'frame.number == 1 || frame.number == 3' -t d "$vm4" | awk '{printf "%s%s", sep, $2; sep = " "}')"

check "-r FILE, -n, -T for the format" "$("$bin" rtt --format csv --top 2 "$vm4")" "$("$bin" rtt -n -T csv -r "$vm4" --top 2)"
check "older spellings: -F, -n N, -t TYPE" "$("$bin" conv --format csv --top 2 --type tcp "$vm4")" "$("$bin" conv -F csv -n 2 -t tcp "$vm4")"
check "a tshark command line: -r -Y -T fields" "248 249" "$("$bin" -r "$vm4" -Y 'tcp.port == 8081' -T fields -e frame.number | tr '\n' ' ' | sed 's/ $//')"
check "a tshark command line: -q -z io,phs" "$("$bin" hierarchy --tshark "$vm4")" "$("$bin" -r "$vm4" -q -z io,phs)"
check "-q -z conv,tcp" "$("$bin" conv --tshark --type tcp "$vm4")" "$("$bin" -r "$vm4" -q -z conv,tcp)"
check "-q -z conv,udp" "$("$bin" conv --tshark --type udp "$apps")" "$("$bin" -r "$apps" -q -z conv,udp)"
check "-qz endpoints,ip" "$("$bin" endpoints --tshark --type ip "$vm4")" "$("$bin" -r "$vm4" -qz endpoints,ip)"
check "-q -z dests,tree" "$("$bin" dests --tshark "$apps")" "$("$bin" -r "$apps" -q -z dests,tree)"
check "-z conv,tcp,FILTER is -Y FILTER" "$("$bin" conv --tshark --type tcp -Y 'tcp.port == 8080' "$vm4")" \
	"$("$bin" -r "$vm4" -q -z 'conv,tcp,tcp.port == 8080')"
check "-z dests,tree,FILTER is -Y FILTER" "$("$bin" dests --tshark -Y udp "$apps")" "$("$bin" -r "$apps" -q -z dests,tree,udp)"
check "-z io,phs,FILTER is -Y FILTER" "$("$bin" hierarchy --tshark -Y udp "$apps")" "$("$bin" -r "$apps" -q -z io,phs,udp)"
check "-Y does not narrow a -z statistic" "$("$bin" endpoints --tshark --type tcp "$vm4")" \
	"$("$bin" -r "$vm4" -Y 'tcp.port == 8080' -q -z endpoints,tcp)"
check "-Y does not narrow io,phs" "$("$bin" hierarchy --tshark "$apps")" "$("$bin" -r "$apps" -Y dns -q -z io,phs)"
check "a bad -Y with -z" "2|analyze: bad filter: unexpected end of filter; expected a field or a value (column 6)
foo==
     ^" "$(run "$bin" -r "$vm4" -Y 'foo==' -q -z conv,tcp)"
check "-z conv,TYPE unknown" "2|analyze: unknown type 'sctp' (eth, ip, ipv6, tcp or udp); try 'analyze conv --help'" \
	"$(run "$bin" -r "$vm4" -q -z conv,sctp)"
check "-z unknown" "2|analyze: -z 'foo' is not a statistic analyze prints (io,phs, conv,TYPE, endpoints,TYPE, dests,tree, expert; each may end with ,FILTER); try 'analyze --help'" \
	"$(run "$bin" -r "$vm4" -z foo)"
check "did you mean" "2|analyze: 'rrt' is not a command; did you mean 'rtt'?" "$(run "$bin" rrt "$vm4")"
check "did you mean, by prefix" "2|analyze: 'hier' is not a command; did you mean 'hierarchy'?" "$(run "$bin" hier "$vm4")"
check "a missing file alone" "1|analyze: cannot read '$tmp/none.pcap': No such file or directory" "$(run "$bin" "$tmp/none.pcap")"
check "fetch's older -v is --verbose" "2|analyze: no source given; try 'analyze fetch --help'" "$(run "$bin" fetch -v)"
check "upload's older -v is --verbose" "2|analyze: give one FILE and one DEST; try 'analyze upload --help'" \
	"$(run "$bin" upload -v)"
check "list has no -v (tshark's -v is its version)" "2|analyze: unknown option -v; try 'analyze list --help'" \
	"$(run "$bin" list -v "$vm4")"

# ---- one file on two threads (docs/sharding.md) ----------------------------------
# ANALYZE_SHARD_TEST=1 shards any file, however small, and says how it went;
# whatever it says, the report is byte for byte that of one thread.
# shard_same WHAT CMD...: the same output and messages on one thread and two
shard_same() {
	what=$1
	shift
	ANALYZE_THREADS=1 "$@" >"$tmp/one.out" 2>"$tmp/one.err"
	echo "status $?" >>"$tmp/one.out"
	ANALYZE_SHARD_TEST=1 "$@" >"$tmp/two.out" 2>"$tmp/two.err"
	echo "status $?" >>"$tmp/two.out"
	grep -v '^analyze: sharded: ' "$tmp/two.err" >"$tmp/two.msg"
	if cmp -s "$tmp/one.out" "$tmp/two.out" && cmp -s "$tmp/one.err" "$tmp/two.msg"; then ok; else
		bad "sharded $what differs from one thread"
		diff "$tmp/one.out" "$tmp/two.out" | head -n 10
	fi
}
for f in samples/gen/*.pcap samples/gen/*.pcapng samples/recorded/*.pcap*; do
	[ -f "$f" ] || continue
	shard_same "hierarchy $f" "$bin" hierarchy "$f"
	shard_same "hierarchy --tshark $f" "$bin" hierarchy --tshark "$f"
	shard_same "hierarchy -T json $f" "$bin" hierarchy -T json "$f"
	shard_same "dests $f" "$bin" dests "$f"
	shard_same "dests -T csv $f" "$bin" dests -T csv "$f"
done
# shard_says WHAT WANT CMD...: the hook's line
shard_says() {
	what=$1 want=$2
	shift 2
	ANALYZE_SHARD_TEST=1 "$@" >/dev/null 2>"$tmp/err"
	check "$what" "$want" "$(grep '^analyze: sharded: ' "$tmp/err")"
}
shard_says "a file with no crossing state is sharded" "analyze: sharded: 2 threads" "$bin" hierarchy "$vm4"
shard_says "dests too, through VLAN tags" "analyze: sharded: 2 threads" "$bin" dests samples/gen/rtt-vlan.pcap
# SDP in SIP between 10.0.0.4 and 10.0.0.5 announces RTP at 203.0.113.9
shard_says "media announced for another pair: one thread" \
	"analyze: sharded: 2 threads gave up: state of one address pair is read by frames of another" \
	"$bin" hierarchy samples/gen/voip.pcap
shard_says "dests reads no SDP: sharded" "analyze: sharded: 2 threads" "$bin" dests samples/gen/voip.pcap
# ICMP errors from a router quote a datagram of two other addresses
shard_says "ICMP errors quoting another pair: one thread" \
	"analyze: sharded: 2 threads gave up: state of one address pair is read by frames of another" \
	"$bin" dests samples/gen/icmp.pcap
shard_says "ANALYZE_THREADS=1: one thread" "" env ANALYZE_THREADS=1 "$bin" hierarchy "$vm4"
shard_says "ANALYZE_THREADS=3: three" "analyze: sharded: 3 threads" env ANALYZE_THREADS=3 "$bin" dests "$vm4"
for f in "$vm4" samples/gen/rtt-vlan.pcap samples/gen/tcp-reasm.pcap; do
	check "hierarchy of $f on three threads" "$(ANALYZE_THREADS=1 "$bin" hierarchy "$f")" \
		"$(ANALYZE_THREADS=3 ANALYZE_SHARD_TEST=1 "$bin" hierarchy "$f" 2>/dev/null)"
	check "dests of $f on three threads" "$(ANALYZE_THREADS=1 "$bin" dests -T json "$f")" \
		"$(ANALYZE_THREADS=3 ANALYZE_SHARD_TEST=1 "$bin" dests -T json "$f" 2>/dev/null)"
done
# a file of more than 4 MiB is mapped: its frames reach the threads as
# pointers into the mapping, a smaller one's as copies (above)
gencap=$(dirname "$bin")/tools/gencap
if [ -x "$gencap" ]; then
	"$gencap" -n 3000 -o "$tmp/gen3k.pcap" >/dev/null
	shard_says "a mapped file is sharded" "analyze: sharded: 2 threads" "$bin" hierarchy "$tmp/gen3k.pcap"
	shard_same "hierarchy of a mapped file" "$bin" hierarchy "$tmp/gen3k.pcap"
	shard_same "dests -T json of a mapped file" "$bin" dests -T json "$tmp/gen3k.pcap"
	check "hierarchy of a mapped file on three threads" "$(ANALYZE_THREADS=1 "$bin" hierarchy "$tmp/gen3k.pcap")" \
		"$(ANALYZE_THREADS=3 ANALYZE_SHARD_TEST=1 "$bin" hierarchy "$tmp/gen3k.pcap" 2>/dev/null)"
fi
shard_says "a display filter: one thread" "" "$bin" hierarchy -Y tcp "$vm4"
shard_says "two files: one thread each" "" "$bin" dests "$vm4" "$apps"
shard_says "dests --tshark: one thread" "" "$bin" dests --tshark "$vm4"
gzip -c "$vm4" >"$tmp/vm4.pcap.gz"
shard_says "a compressed file: not tried" \
	"analyze: sharded: 2 threads not tried: not a regular uncompressed file of the size that pays" \
	"$bin" hierarchy "$tmp/vm4.pcap.gz"
shard_same "hierarchy of a compressed file" "$bin" hierarchy "$tmp/vm4.pcap.gz"
shard_says "standard input: not tried (and not read)" \
	"analyze: sharded: 2 threads not tried: not a regular uncompressed file of the size that pays" \
	sh -c "\"\$0\" hierarchy - <\"\$1\"" "$bin" "$vm4"
check "hierarchy of standard input" "$(ANALYZE_THREADS=1 "$bin" hierarchy - <"$vm4")" \
	"$(ANALYZE_SHARD_TEST=1 "$bin" hierarchy - <"$vm4" 2>/dev/null)"
mkfifo "$tmp/shard-fifo"
cat "$vm4" >"$tmp/shard-fifo" &
check "dests of a named pipe" "$(ANALYZE_THREADS=1 "$bin" dests "$vm4")" \
	"$(ANALYZE_SHARD_TEST=1 "$bin" dests "$tmp/shard-fifo" 2>/dev/null)"
wait
head -c 20000 "$apps" >"$tmp/cut.pcap"
shard_says "a damaged file: one thread" "analyze: sharded: 2 threads gave up: the file could not be read whole" \
	"$bin" hierarchy "$tmp/cut.pcap"
shard_same "hierarchy of a damaged file" "$bin" hierarchy "$tmp/cut.pcap"
shard_same "dests of a missing file" "$bin" dests "$tmp/none.pcap"

summary cli "$pass" "$fail" "$skip"
[ "$fail" = 0 ]
