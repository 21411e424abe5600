#!/bin/sh
# run-storage.sh ANALYZE TOOLS — storage transfers end to end.
#  1. downloads from tests/tools/faultserver (plain HTTP on 127.0.0.1): a body
#     cut halfway (resumed), 503s (retried), a wrong MD5 (rejected), a blob
#     that changes between two ranges (restarted), a server that never answers
#     (bounded timeout);
#  2. against Azurite, the storage emulator (tests/storage, installed by
#     setup.sh): uploads small and in blocks, listing over several pages,
#     downloads with Shared Key and with a SAS, skip-if-unchanged, errors,
#     reports on az:// and SAS URL sources;
#  3. no account key or SAS signature in any output, --verbose included;
#     a SAS given in an argument is not in ps or /proc/PID/cmdline;
#  4. (tests/storage/signin.sh) a SAS from the environment, a connection
#     string or a file; sign-in with Microsoft Entra ID tokens from a service
#     principal, workload identity, managed identity and the Azure CLI (a
#     stand-in), served by tests/tools/tokenserver, against the emulator over
#     https with OAuth (a test CA made with openssl).
# Skips part 2 with one line when node or the emulator is missing.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tools=$(cd "$2" && pwd)
top=$(pwd)
. "$top/tests/lib.sh"
need storage node:nodejs openssl:openssl ps:procps
pass=0
fail=0
tmp=$(mktemp -d)
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
export TZ=UTC LC_ALL=C
unset AZURE_STORAGE_CONNECTION_STRING AZURE_STORAGE_ACCOUNT AZURE_STORAGE_KEY AZURE_STORAGE_SAS_TOKEN \
	AZURE_STORAGE_AUTH_MODE AZURE_TENANT_ID AZURE_CLIENT_ID AZURE_CLIENT_SECRET AZURE_FEDERATED_TOKEN_FILE \
	AZURE_AUTHORITY_HOST IDENTITY_ENDPOINT IDENTITY_HEADER
# sign-in finds nothing on this machine: no metadata endpoint (a closed
# port), an Azure CLI that is not signed in
export AZURE_POD_IDENTITY_AUTHORITY_HOST=http://127.0.0.1:9
mkdir -p "$tmp/nologin"
printf '#!/bin/sh\necho "ERROR: Please run '"'"'az login'"'"' to setup account." >&2\nexit 1\n' > "$tmp/nologin/az"
chmod +x "$tmp/nologin/az"
PATH=$tmp/nologin:$PATH
nosignin="no account key or SAS in the environment, and cannot sign in: no service principal (AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET or AZURE_FEDERATED_TOKEN_FILE), no managed identity (no instance metadata endpoint), the Azure CLI is not signed in ('az login')"
export ANALYZE_CACHE_DIR="$tmp/cache"
. "$top/tests/storage/emulator.sh"

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); printf 'FAIL storage %s\n' "$*"; }
# check NAME WANT GOT
check() {
	if [ "$2" = "$3" ]; then ok; else bad "$1"; printf '  want: %s\n  got:  %s\n' "$2" "$3"; fi
}
# same NAME FILE1 FILE2: byte for byte
same() {
	if cmp -s "$2" "$3"; then ok; else bad "$1: $2 and $3 differ"; fi
}
absent() {
	if [ ! -e "$2" ]; then ok; else bad "$1: $2 exists"; fi
}

# ---- 1. the fault-injecting server ----
size=300000
"$tools/faultserver" --dump 1 $size > "$tmp/v1"
"$tools/faultserver" --dump 2 $size > "$tmp/v2"
# fault MODE [NAME [FETCH-OPTION...]]: starts the server in MODE, fetches
# from it into $tmp/NAME/out (NAME: MODE)
fault() {
	mode=$1
	d=$tmp/${2:-$1}
	shift $(($# < 2 ? $# : 2))
	mkdir -p "$d"
	"$tools/faultserver" "$mode" $size "$d/port" "$d/log" &
	fpid=$!
	pids="$pids $fpid"
	n=0
	while [ ! -s "$d/port" ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
	port=$(cat "$d/port")
	url=http://127.0.0.1:$port/caps/x.pcap
	"$bin" fetch --timeout 1 --retries 2 "$@" -o "$d/out" "$url" > "$d/stdout" 2> "$d/stderr"
	echo $? > "$d/rc"
	kill "$fpid" 2>/dev/null
	wait "$fpid" 2>/dev/null
	sed "s/127.0.0.1:$port/SERVER/" "$d/stderr" > "$d/err"
}
lines() { tr '\n' '|' < "$1"; }

fault cut
check "cut: exit" 0 "$(cat "$tmp/cut/rc")"
check "cut: resumed with a range" 'GET range=- if-match=- -> 200|GET range=150000- if-match="v1" -> 206|' "$(lines "$tmp/cut/log")"
same "cut: bytes" "$tmp/v1" "$tmp/cut/out/x.pcap"
check "cut: sidecar" '"v1"|300000|' "$(lines "$tmp/cut/out/.x.pcap.etag")"
absent "cut: no part left" "$tmp/cut/out/.x.pcap.part"
check "cut: stdout" "fetched $tmp/cut/out/x.pcap" "$(cat "$tmp/cut/stdout")"

# a cut with no retries left: the part stays, the next run resumes it
d=$tmp/cut2
mkdir -p "$d"
"$tools/faultserver" cut $size "$d/port" "$d/log" &
fpid=$!
pids="$pids $fpid"
while [ ! -s "$d/port" ]; do sleep 0.1; done
url=http://127.0.0.1:$(cat "$d/port")/x.pcap
"$bin" fetch --retries 0 -o "$d/out" "$url" > /dev/null 2> "$d/err1"
check "cut, no retry: exit" 1 $?
check "cut, no retry: message" "analyze: cannot fetch 'http://SERVER/x.pcap': transfer failed: transfer closed with 150000 bytes remaining to read" "$(sed "s/127.0.0.1:$(cat "$d/port")/SERVER/" "$d/err1")"
absent "cut, no retry: nothing under the final name" "$d/out/x.pcap"
check "cut, no retry: the part kept" 150000 "$(wc -c < "$d/out/.x.pcap.part" | tr -d ' ')"
"$bin" fetch -o "$d/out" "$url" > /dev/null 2>&1
check "cut, next run: exit" 0 $?
check "cut, next run: resumed" 'GET range=- if-match=- -> 200|GET range=150000- if-match="v1" -> 206|' "$(lines "$d/log")"
same "cut, next run: bytes" "$tmp/v1" "$d/out/x.pcap"
absent "cut, next run: part gone" "$d/out/.x.pcap.part"
absent "cut, next run: part etag gone" "$d/out/.x.pcap.part.etag"
kill $fpid

fault busy
check "busy: exit" 0 "$(cat "$tmp/busy/rc")"
check "busy: retried" 'GET range=- if-match=- -> 503|GET range=- if-match=- -> 503|GET range=- if-match=- -> 200|' "$(lines "$tmp/busy/log")"
same "busy: bytes" "$tmp/v1" "$tmp/busy/out/x.pcap"

fault reset
check "reset: exit" 0 "$(cat "$tmp/reset/rc")"
check "reset: retried" 'GET (closed)|GET range=- if-match=- -> 200|' "$(lines "$tmp/reset/log")"
same "reset: bytes" "$tmp/v1" "$tmp/reset/out/x.pcap"

fault badmd5
check "badmd5: exit" 1 "$(cat "$tmp/badmd5/rc")"
check "badmd5: message" "analyze: cannot fetch 'http://SERVER/caps/x.pcap': MD5 mismatch: the service says AAAAAAAAAAAAAAAAAAAAAA==, the data is dzqplMz9Y3tqpUAgkrHejA==" "$(cat "$tmp/badmd5/err")"
absent "badmd5: nothing under the final name" "$tmp/badmd5/out/x.pcap"
absent "badmd5: no part left" "$tmp/badmd5/out/.x.pcap.part"

# the check can be skipped (as with a service known to keep stale MD5s) ...
fault badmd5 badmd5-no --check-md5 no
check "badmd5, --check-md5 no: exit" 0 "$(cat "$tmp/badmd5-no/rc")"
same "badmd5, --check-md5 no: bytes" "$tmp/v1" "$tmp/badmd5-no/out/x.pcap"
# ... or made mandatory
fault nomd5 nomd5-require --check-md5 require
check "nomd5, --check-md5 require: exit" 1 "$(cat "$tmp/nomd5-require/rc")"
check "nomd5, --check-md5 require: message" "analyze: cannot fetch 'http://SERVER/caps/x.pcap': the service has no MD5 for it, and --check-md5 require asks for one" "$(cat "$tmp/nomd5-require/err")"
absent "nomd5, --check-md5 require: nothing under the final name" "$tmp/nomd5-require/out/x.pcap"
fault nomd5
check "nomd5: exit" 0 "$(cat "$tmp/nomd5/rc")"
same "nomd5: bytes" "$tmp/v1" "$tmp/nomd5/out/x.pcap"
check_err() { # check_err NAME STATUS MESSAGE CMD...
	n=$1 st=$2 msg=$3
	shift 3
	"$@" > /dev/null 2> "$tmp/cerr"
	check "$n: exit" "$st" $?
	check "$n: message" "$msg" "$(cat "$tmp/cerr")"
}
check_err "--check-md5 maybe" 2 "analyze: --check-md5 'maybe': say yes, no or require; try 'analyze fetch --help'" \
	"$bin" fetch --check-md5 maybe http://127.0.0.1:9/x.pcap

fault change
check "change: exit" 0 "$(cat "$tmp/change/rc")"
check "change: restarted from zero" 'GET range=- if-match=- -> 200|GET range=150000- if-match="v1" -> 412|GET range=- if-match=- -> 200|' "$(lines "$tmp/change/log")"
same "change: the new version" "$tmp/v2" "$tmp/change/out/x.pcap"
check "change: sidecar" '"v2"|300000|' "$(lines "$tmp/change/out/.x.pcap.etag")"

start=$(date +%s)
fault hang
took=$(($(date +%s) - start))
check "hang: exit" 1 "$(cat "$tmp/hang/rc")"
check "hang: message" "analyze: cannot fetch 'http://SERVER/caps/x.pcap': timed out: no answer for 1 s" "$(cat "$tmp/hang/err")"
check "hang: three attempts" 'GET (no answer)|GET (no answer)|GET (no answer)|' "$(lines "$tmp/hang/log")"
if [ "$took" -le 15 ]; then ok; else bad "hang: took ${took}s"; fi
absent "hang: nothing under the final name" "$tmp/hang/out/x.pcap"

# a SAS given in an argument: while the transfer runs, neither ps nor
# /proc/PID/cmdline shows its signature
d=$tmp/ps
mkdir -p "$d"
"$tools/faultserver" hang $size "$d/port" "$d/log" &
fpid=$!
pids="$pids $fpid"
while [ ! -s "$d/port" ]; do sleep 0.1; done
url="http://127.0.0.1:$(cat "$d/port")/devstoreaccount1/caps/x.pcap?sv=2021-08-06&sr=c&sp=r"
"$bin" fetch --timeout 10 --retries 0 -o "$d/out" "$url&sig=PsHiddenSignature%2Bx%3D" > /dev/null 2>&1 &
fetch_pid=$!
n=0
while ! grep -q 'no answer' "$d/log" 2>/dev/null && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
check "ps: the request is under way" "GET (no answer)" "$(cat "$d/log")"
check "ps: /proc/PID/cmdline" "$bin|fetch|--timeout|10|--retries|0|-o|$d/out|$url&sig=REDACTED|" \
	"$(tr '\0' '\n' < /proc/$fetch_pid/cmdline | grep -v '^$' | tr '\n' '|')"
check "ps: ps -ww -o args" "$bin fetch --timeout 10 --retries 0 -o $d/out $url&sig=REDACTED" \
	"$(ps -ww -o args= -p $fetch_pid | sed 's/ *$//')"
kill $fetch_pid $fpid
wait $fetch_pid 2>/dev/null

# unchanged on the server: If-None-Match gets 304, the file stays
d=$tmp/ok
mkdir -p "$d"
"$tools/faultserver" ok $size "$d/port" "$d/log" &
fpid=$!
pids="$pids $fpid"
while [ ! -s "$d/port" ]; do sleep 0.1; done
url=http://127.0.0.1:$(cat "$d/port")/x.pcap
"$bin" fetch -q -o "$d/out" "$url"
"$bin" fetch -o "$d/out" "$url" > "$d/stdout" 2>&1
check "ok: second fetch" "unchanged $d/out/x.pcap" "$(cat "$d/stdout")"
check "ok: conditional request" 'GET range=- if-match=- -> 200|GET range=- if-match=- -> 304|' "$(lines "$d/log")"
# a URL straight into a report: fetched into the cache, read
"$bin" info "$url" > "$d/info" 2>&1
check "ok: report on a URL" "analyze: cannot read 'http://127.0.0.1:$(cat "$d/port")/x.pcap': not a capture file (no pcap, pcapng, Network Monitor or snoop header)" "$(head -1 "$d/info")"
# https to a plain HTTP server: a TLS failure, at once; a missing CA bundle
"$bin" fetch --retries 0 -o "$tmp/none" "https://127.0.0.1:$(cat "$d/port")/x.pcap" > /dev/null 2> "$tmp/tls"
check "tls: exit" 1 $?
check "tls: message" "analyze: cannot fetch 'https://SERVER/x.pcap': TLS failure: error:0A00010B:SSL routines::wrong version number" "$(sed "s/127.0.0.1:$(cat "$d/port")/SERVER/; s|OpenSSL/[0-9.]*: ||" "$tmp/tls")"
"$bin" fetch --cacert "$tmp/no-such-ca.pem" -o "$tmp/none" "https://127.0.0.1:$(cat "$d/port")/x.pcap" > /dev/null 2> "$tmp/tls"
check "tls: missing CA bundle" "analyze: cannot fetch 'https://SERVER/x.pcap': TLS failure: error setting certificate file: $tmp/no-such-ca.pem" "$(sed "s/127.0.0.1:$(cat "$d/port")/SERVER/" "$tmp/tls")"
"$bin" fetch --list "$url" > /dev/null 2> "$tmp/list"
check "list on a plain URL" "analyze: 'http://SERVER/x.pcap': not a blob container: --list and --prefix need a container or directory URL with a SAS, or az://" "$(sed "s/127.0.0.1:$(cat "$d/port")/SERVER/" "$tmp/list")"
kill $fpid

# connection refused and DNS: one line, exit 1
"$bin" fetch --retries 0 -o "$tmp/none" http://127.0.0.1:9/x.pcap > /dev/null 2> "$tmp/refused"
check "refused: exit" 1 $?
check "refused: message" "analyze: cannot fetch 'http://127.0.0.1:9/x.pcap': cannot connect: Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server" "$(sed 's/after [0-9]* ms/after 0 ms/' "$tmp/refused")"
"$bin" fetch -o "$tmp/none" nope://x > /dev/null 2> "$tmp/usage"
"$bin" fetch --retries 0 -o "$tmp/none" http://no-such-host.invalid/x.pcap > /dev/null 2> "$tmp/dns"
check "dns: message" "analyze: cannot fetch 'http://no-such-host.invalid/x.pcap': cannot resolve the host: Could not resolve host: no-such-host.invalid" "$(cat "$tmp/dns")"
check "tls, dns, refused: no file written" "0" "$(find "$tmp/none" -type f | wc -l)"
check "bad source" "analyze: 'nope://x': not an http(s) URL or az://ACCOUNT/CONTAINER/PATH" "$(cat "$tmp/usage")"
"$bin" fetch az://acct/cont/x.pcap > /dev/null 2> "$tmp/nocreds"
check "no credentials" "analyze: 'az://acct/cont/x.pcap': $nosignin" "$(cat "$tmp/nocreds")"

# usage errors: exit 2, one line
"$bin" fetch > /dev/null 2> "$tmp/u1"
check "usage: fetch without source" "2 analyze: no source given; try 'analyze fetch --help'" "$? $(cat "$tmp/u1")"
"$bin" fetch --parallel 0 http://x/y > /dev/null 2> "$tmp/u1"
check "usage: --parallel 0" "2 analyze: --parallel must be 1 to 64; try 'analyze fetch --help'" "$? $(cat "$tmp/u1")"
"$bin" fetch --since yesterday az://a/b > /dev/null 2> "$tmp/u1"
check "usage: --since" "2 analyze: cannot read the date 'yesterday'; try 'analyze fetch --help'" "$? $(cat "$tmp/u1")"
"$bin" upload x > /dev/null 2> "$tmp/u1"
check "usage: upload one argument" "2 analyze: give one FILE and one DEST; try 'analyze upload --help'" "$? $(cat "$tmp/u1")"
"$bin" upload "$tmp/v1" http://example.org/x > /dev/null 2> "$tmp/u1"
check "upload: not a blob" "1 analyze: cannot upload '$tmp/v1': 'http://example.org/x' is not a blob: give az://ACCOUNT/CONTAINER/NAME or a blob URL with a SAS" "$? $(cat "$tmp/u1")"
"$bin" upload "$tmp/v1" az://acct/c/x > /dev/null 2> "$tmp/u1"
check "upload: no credentials" "1 analyze: cannot upload '$tmp/v1': 'az://acct/c/x': $nosignin" "$? $(cat "$tmp/u1")"
AZURE_STORAGE_CONNECTION_STRING=UseDevelopmentStorage=true "$bin" upload "$tmp/none.pcap" az://devstoreaccount1/c/x > /dev/null 2> "$tmp/u1"
check "upload: missing file" "1 analyze: cannot read '$tmp/none.pcap': No such file or directory" "$? $(cat "$tmp/u1")"

# ---- 2. Azurite ----
missing=$(emulator_missing)
if [ -n "$missing" ]; then
	bad "azurite part: $missing"
else
	. "$top/tests/storage/azurite.sh"
	. "$top/tests/storage/signin.sh"
fi

summary storage "$pass" "$fail"
[ "$fail" -eq 0 ]
