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
need storage node:nodejs openssl:openssl curl:curl ps:procps
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
# the CA bundle and proxies are set by each test that wants them
unset CURL_CA_BUNDLE SSL_CERT_FILE http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
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
# newlog: the lines of $d/log since mark=$(wc -l < "$d/log")
newlog() { tail -n +$((mark + 1)) "$d/log"; }

fault cut
check "cut: exit" 0 "$(cat "$tmp/cut/rc")"
check "cut: resumed with a range" 'GET range=- if-match=- -> 200|GET range=150000- if-match="v1" -> 206|' "$(lines "$tmp/cut/log")"
same "cut: bytes" "$tmp/v1" "$tmp/cut/out/x.pcap"
check "cut: sidecar" '"v1"|300000|' "$(lines "$tmp/cut/out/.analyze/etag.x.pcap")"
absent "cut: no part left" "$tmp/cut/out/.analyze/part.x.pcap"
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
check "cut, no retry: the part kept" 150000 "$(wc -c < "$d/out/.analyze/part.x.pcap" | tr -d ' ')"
"$bin" fetch -o "$d/out" "$url" > /dev/null 2>&1
check "cut, next run: exit" 0 $?
check "cut, next run: resumed" 'GET range=- if-match=- -> 200|GET range=150000- if-match="v1" -> 206|' "$(lines "$d/log")"
same "cut, next run: bytes" "$tmp/v1" "$d/out/x.pcap"
absent "cut, next run: part gone" "$d/out/.analyze/part.x.pcap"
absent "cut, next run: part etag gone" "$d/out/.analyze/part-etag.x.pcap"
kill $fpid

fault busy
check "busy: exit" 0 "$(cat "$tmp/busy/rc")"
check "busy: retried" 'GET range=- if-match=- -> 503|GET range=- if-match=- -> 503|GET range=- if-match=- -> 200|' "$(lines "$tmp/busy/log")"
same "busy: bytes" "$tmp/v1" "$tmp/busy/out/x.pcap"

# Retry-After: seconds, then an HTTP date, waited for instead of the backoff
fault retryafter retryafter -V
check "retry-after: exit" 0 "$(cat "$tmp/retryafter/rc")"
check "retry-after: retried" 'GET range=- if-match=- -> 503|GET range=- if-match=- -> 429|GET range=- if-match=- -> 200|' "$(lines "$tmp/retryafter/log")"
check "retry-after: waited as told" "analyze: GET http://SERVER/caps/x.pcap|analyze: http://SERVER/caps/x.pcap: server busy (503), retrying in 1000 ms (Retry-After)|analyze: GET http://SERVER/caps/x.pcap|analyze: http://SERVER/caps/x.pcap: too many requests (429), retrying in N000 ms (Retry-After)|analyze: GET http://SERVER/caps/x.pcap|analyze: saved $tmp/retryafter/out/x.pcap (300000 bytes, MD5 verified)|" \
	"$(sed '/429/s/in [12]000 ms/in N000 ms/' "$tmp/retryafter/err" | tr '\n' '|')"
same "retry-after: bytes" "$tmp/v1" "$tmp/retryafter/out/x.pcap"
# a 500 is retried as a server error, not as a busy server
fault error500 error500 -V
check "500: exit" 0 "$(cat "$tmp/error500/rc")"
check "500: named" "analyze: http://SERVER/caps/x.pcap: server error (500), retrying in 1000 ms (Retry-After)" "$(grep retrying "$tmp/error500/err")"
# a drip of 20 KB/s: --max-time ends the file, --min-rate the transfer, one line each
fault drip drip-max --max-time 2
check "max-time: exit" 1 "$(cat "$tmp/drip-max/rc")"
check "max-time: message" "analyze: cannot fetch 'http://SERVER/caps/x.pcap': not done after 2 s (--max-time): N of 300000 bytes arrived" \
	"$(sed 's/: [0-9]* of/: N of/' "$tmp/drip-max/err")"
check "max-time: one attempt" 1 "$(wc -l < "$tmp/drip-max/log" | tr -d ' ')"
absent "max-time: nothing under the final name" "$tmp/drip-max/out/x.pcap"
if [ -s "$tmp/drip-max/out/.analyze/part.x.pcap" ]; then ok; else bad "max-time: the part is not kept"; fi
fault drip drip-rate --min-rate 100k
check "min-rate: exit" 1 "$(cat "$tmp/drip-rate/rc")"
check "min-rate: message" "analyze: cannot fetch 'http://SERVER/caps/x.pcap': R bytes/s over 1 s, below --min-rate 100000: N of 300000 bytes arrived" \
	"$(sed 's/: [0-9]* bytes\/s/: R bytes\/s/; s/: [0-9]* of/: N of/' "$tmp/drip-rate/err")"
fault drip:2000000 drip-fast --min-rate 100k
check "min-rate: a fast enough transfer" 0 "$(cat "$tmp/drip-fast/rc")"
same "min-rate: bytes" "$tmp/v1" "$tmp/drip-fast/out/x.pcap"
check_err0() { # check_err0 NAME MESSAGE CMD...: exit 2 and MESSAGE
	n=$1 msg=$2
	shift 2
	"$@" > /dev/null 2> "$tmp/cerr"
	check "$n" "2 $msg" "$? $(cat "$tmp/cerr")"
}
check_err0 "--min-rate fast" "analyze: --min-rate 'fast': give bytes a second, as 50000, 50k or 2M; try 'analyze fetch --help'" \
	"$bin" fetch --min-rate fast http://127.0.0.1:9/x.pcap
check_err0 "--max-time -1" "analyze: --max-time -1: give a number of seconds; try 'analyze fetch --help'" \
	"$bin" fetch --max-time -1 http://127.0.0.1:9/x.pcap

fault reset
check "reset: exit" 0 "$(cat "$tmp/reset/rc")"
check "reset: retried" 'GET (closed)|GET range=- if-match=- -> 200|' "$(lines "$tmp/reset/log")"
same "reset: bytes" "$tmp/v1" "$tmp/reset/out/x.pcap"

fault badmd5
check "badmd5: exit" 1 "$(cat "$tmp/badmd5/rc")"
check "badmd5: message" "analyze: cannot fetch 'http://SERVER/caps/x.pcap': MD5 mismatch: the service says AAAAAAAAAAAAAAAAAAAAAA==, the data is dzqplMz9Y3tqpUAgkrHejA==" "$(cat "$tmp/badmd5/err")"
absent "badmd5: nothing under the final name" "$tmp/badmd5/out/x.pcap"
absent "badmd5: no part left" "$tmp/badmd5/out/.analyze/part.x.pcap"

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
check "change: sidecar" '"v2"|300000|' "$(lines "$tmp/change/out/.analyze/etag.x.pcap")"

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
# every command that reads a URL takes the CA bundle from CURL_CA_BUNDLE or
# SSL_CERT_FILE, and its proxy from http_proxy / https_proxy (reports too)
port=$(cat "$d/port")
CURL_CA_BUNDLE=$tmp/no-ca-bundle.pem SSL_CERT_FILE=$tmp/no-such-ca.pem "$bin" fetch --retries 0 -o "$tmp/none" "https://127.0.0.1:$port/x.pcap" > /dev/null 2> "$tmp/tls"
check "fetch, CURL_CA_BUNDLE before SSL_CERT_FILE" "analyze: cannot fetch 'https://SERVER/x.pcap': TLS failure: error setting certificate file: $tmp/no-ca-bundle.pem" "$(sed "s/127.0.0.1:$port/SERVER/" "$tmp/tls")"
CURL_CA_BUNDLE=$tmp/no-ca-bundle.pem "$bin" fetch --cacert "$tmp/no-such-ca.pem" --retries 0 -o "$tmp/none" "https://127.0.0.1:$port/x.pcap" > /dev/null 2> "$tmp/tls"
check "fetch, --cacert before the environment" "analyze: cannot fetch 'https://SERVER/x.pcap': TLS failure: error setting certificate file: $tmp/no-such-ca.pem" "$(sed "s/127.0.0.1:$port/SERVER/" "$tmp/tls")"
mark=$(wc -l < "$d/log")
env -u no_proxy -u NO_PROXY http_proxy="http://127.0.0.1:$port" ANALYZE_CACHE_DIR="$d/pcache" "$bin" info http://through.proxy.invalid/x.pcap > "$d/pinfo" 2>&1
check "report through http_proxy" "analyze: cannot read 'http://through.proxy.invalid/x.pcap': not a capture file (no pcap, pcapng, Network Monitor or snoop header)|GET range=- if-match=- -> 200" \
	"$(head -1 "$d/pinfo")|$(newlog)"
mark=$(wc -l < "$d/log")
env -u no_proxy -u NO_PROXY https_proxy="http://127.0.0.1:$port" ANALYZE_CACHE_DIR="$d/pcache" "$bin" info https://through.proxy.invalid/x.pcap > /dev/null 2>&1
check "report through https_proxy: a tunnel asked for" "CONNECT through.proxy.invalid:443" "$(newlog | sort -u)"

# --overwrite and --dry-run on a file fetched before
mark=$(wc -l < "$d/log")
"$bin" fetch --overwrite never -o "$d/out" "$url" > "$d/stdout" 2>&1
check "overwrite never: kept, nothing asked" "kept $d/out/x.pcap|" "$(lines "$d/stdout")$(newlog)"
"$bin" fetch --overwrite always -o "$d/out" "$url" > "$d/stdout" 2>&1
check "overwrite always: fetched again, unconditionally" "fetched $d/out/x.pcap|GET range=- if-match=- -> 200" "$(lines "$d/stdout")$(newlog)"
"$bin" fetch --dry-run -o "$d/out" "$url" > "$d/stdout" 2>&1
check "dry-run: asked whether it changed" "would fetch http://127.0.0.1:$port/x.pcap to $d/out/x.pcap if it changed" "$(cat "$d/stdout")"
"$bin" fetch --dry-run --overwrite never -o "$d/out" "$url" > "$d/stdout" 2>&1
check "dry-run, overwrite never" "kept $d/out/x.pcap" "$(cat "$d/stdout")"
"$bin" fetch --dry-run -o "$d/new" "$url" "http://127.0.0.1:$port/y.pcap" > "$d/stdout" 2>&1
check "dry-run: new files" "would fetch http://127.0.0.1:$port/x.pcap to $d/new/x.pcap|would fetch http://127.0.0.1:$port/y.pcap to $d/new/y.pcap|" "$(lines "$d/stdout")"
absent "dry-run: nothing written" "$d/new"
check "dry-run: no request" "GET range=- if-match=- -> 200" "$(newlog)"
check_err "--overwrite sometimes" 2 "analyze: --overwrite 'sometimes': say if-newer, never or always; try 'analyze fetch --help'" \
	"$bin" fetch --overwrite sometimes "$url"

# sidecars of earlier versions beside the file are left alone, not read
mkdir -p "$d/old"
cp "$tmp/v1" "$d/old/x.pcap"
printf '"v1"\n300000\n' > "$d/old/.x.pcap.etag"
mark=$(wc -l < "$d/log")
"$bin" fetch -o "$d/old" "$url" > "$d/stdout" 2>&1
check "old sidecar: not read, fetched again" "fetched $d/old/x.pcap|GET range=- if-match=- -> 200" "$(lines "$d/stdout")$(newlog)"
check "old sidecar: left as it was" '"v1"|300000|' "$(lines "$d/old/.x.pcap.etag")"

# -o -: one blob to standard output, nothing left behind
mkdir -p "$d/tmpdir"
TMPDIR=$d/tmpdir "$bin" fetch -o - "$url" > "$d/stdout.bin" 2> "$d/stderr"
check "-o -: exit, no message" "0 " "$? $(cat "$d/stderr")"
same "-o -: the bytes" "$tmp/v1" "$d/stdout.bin"
check "-o -: no temporary file left" "" "$(find "$d/tmpdir" -mindepth 1)"
TMPDIR=$d/tmpdir "$bin" fetch -o - "$url" "http://127.0.0.1:$port/y.pcap" > "$d/stdout.bin" 2> "$d/stderr"
check "-o -: two sources" "1 analyze: -o - writes one blob to standard output; the sources name 2" "$? $(cat "$d/stderr")"
check "-o -: nothing written" "0" "$(wc -c < "$d/stdout.bin" | tr -d ' ')"
kill $fpid

# https with a CA made here (openssl s_server -WWW serving a folder): a
# report trusts it through SSL_CERT_FILE or CURL_CA_BUNDLE, or not at all
d=$tmp/https
mkdir -p "$d/www"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$d/key.pem" -out "$d/ca.pem" -days 2 -subj /CN=127.0.0.1 \
	-addext subjectAltName=IP:127.0.0.1 > /dev/null 2>&1
cp "$top/samples/recorded/scaleset-vm4.pcap" "$d/www/x.pcap"
(cd "$d/www" && exec openssl s_server -WWW -accept 127.0.0.1:0 -cert "$d/ca.pem" -key "$d/key.pem" > "$d/log" 2>&1) &
spid=$!
pids="$pids $spid"
n=0
while ! grep -q '^ACCEPT' "$d/log" 2>/dev/null && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
hurl=https://127.0.0.1:$(sed -n 's/^ACCEPT .*:\([0-9]*\)$/\1/p' "$d/log")/x.pcap
"$bin" info "$top/samples/recorded/scaleset-vm4.pcap" | sed 1d > "$d/want"
ANALYZE_CACHE_DIR=$d/c1 "$bin" info "$hurl" > /dev/null 2> "$d/err"
check "https, CA not trusted: refused" "1 analyze: cannot fetch 'https://SERVER/x.pcap': TLS failure: SSL certificate problem: self-signed certificate" \
	"$? $(sed 's|127.0.0.1:[0-9]*|SERVER|' "$d/err")"
ANALYZE_CACHE_DIR=$d/c2 SSL_CERT_FILE=$d/ca.pem "$bin" info "$hurl" > "$d/out" 2> "$d/err"
check "https, report, SSL_CERT_FILE: read" "0 " "$? $(cat "$d/err")"
check "https, report, SSL_CERT_FILE: the capture" "" "$(sed 1d "$d/out" | diff - "$d/want")"
ANALYZE_CACHE_DIR=$d/c3 CURL_CA_BUNDLE=$d/ca.pem SSL_CERT_FILE=$tmp/no-such-ca.pem "$bin" info "$hurl" > "$d/out" 2> "$d/err"
check "https, report, CURL_CA_BUNDLE before SSL_CERT_FILE" "0 " "$? $(cat "$d/err")"
ANALYZE_CACHE_DIR=$d/c4 CURL_CA_BUNDLE=$tmp/no-ca-bundle.pem "$bin" info --cacert "$d/ca.pem" "$hurl" > "$d/out" 2> "$d/err"
check "https, report, --cacert before CURL_CA_BUNDLE" "0 " "$? $(cat "$d/err")"
check "https, report, --cacert: the capture" "" "$(sed 1d "$d/out" | diff - "$d/want")"
SSL_CERT_FILE=$d/ca.pem "$bin" fetch -q -o "$d/f" "$hurl" 2> "$d/err"
check "https, fetch, SSL_CERT_FILE" "0 " "$? $(cat "$d/err")"
same "https, fetch: bytes" "$d/www/x.pcap" "$d/f/x.pcap"
kill $spid

# serve NAME MODE [FILE]: starts the fault server in MODE (serving FILE's
# bytes when given) in $tmp/NAME; sets d, fpid and url (.../x.pcap)
serve() {
	d=$tmp/$1
	mkdir -p "$d"
	"$tools/faultserver" "$2" $size "$d/port" "$d/log" ${3:+"$3"} &
	fpid=$!
	pids="$pids $fpid"
	n=0
	while [ ! -s "$d/port" ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
	url=http://127.0.0.1:$(cat "$d/port")/x.pcap
}
# n_lines PATTERN FILE: how many lines of FILE hold PATTERN
n_lines() { grep -c -- "$1" "$2"; }

# one cache, several processes: two reports started at once on one uncached
# source share one download (the second waits for the first's lock, then
# asks whether it changed: 304), five times over, each in a fresh cache
vm4=$top/samples/recorded/scaleset-vm4.pcap
"$bin" rtt "$vm4" > "$tmp/rtt-vm4"
serve shared drip:400000 "$vm4"
i=0
while [ $i -lt 5 ]; do
	i=$((i + 1))
	export ANALYZE_CACHE_DIR="$d/cache$i"
	"$bin" rtt "$url" > "$d/a$i" 2> "$d/ea$i" &
	pa=$!
	"$bin" rtt "$url" > "$d/b$i" 2> "$d/eb$i" &
	pb=$!
	wait $pa
	ra=$?
	wait $pb
	rb=$?
	check "two reports at once, run $i: both succeed" "0 0 " "$ra $rb $(cat "$d/ea$i" "$d/eb$i")"
	same "two reports at once, run $i: first report" "$tmp/rtt-vm4" "$d/a$i"
	same "two reports at once, run $i: second report" "$tmp/rtt-vm4" "$d/b$i"
	check "two reports at once, run $i: one copy, no lock or part left" "$d/cache$i/.analyze/etag.x.pcap $d/cache$i/x.pcap" \
		"$(find "$d/cache$i" -type f | sed "s|/[0-9a-f]\{16\}/|/|" | sort | tr '\n' ' ' | sed 's/ $//')"
done
check "two reports at once: one download a run, the other asks and gets 304" "5 5 10" \
	"$(n_lines '-> 200' "$d/log") $(n_lines '-> 304' "$d/log") $(wc -l < "$d/log" | tr -d ' ')"
# two fetch -o into one folder at once: one fetches, the other finds it fetched
"$bin" fetch -o "$d/out" "$url" > "$d/fa" 2>&1 &
pa=$!
"$bin" fetch -o "$d/out" "$url" > "$d/fb" 2>&1 &
pb=$!
wait $pa
ra=$?
wait $pb
rb=$?
check "two fetches at once: both succeed" "0 0" "$ra $rb"
check "two fetches at once: one fetched, one unchanged" "fetched $d/out/x.pcap|unchanged $d/out/x.pcap|" \
	"$(cat "$d/fa" "$d/fb" | sort | tr '\n' '|')"
check "two fetches at once: one more download" "6" "$(n_lines '-> 200' "$d/log")"
same "two fetches at once: bytes" "$vm4" "$d/out/x.pcap"
# the service gone: the cached copy is read, with a warning; ANALYZE_OFFLINE skips the check
kill $fpid
wait $fpid 2>/dev/null
export ANALYZE_CACHE_DIR="$d/cache1"
"$bin" rtt "$url" > "$d/off" 2> "$d/eoff"
check "unreachable, cached: exit" 0 $?
same "unreachable, cached: the cached copy" "$tmp/rtt-vm4" "$d/off"
check "unreachable, cached: one warning" "analyze: warning: could not check for a newer version, reading the cached copy: 'http://SERVER/x.pcap': cannot connect: Failed to connect to 127.0.0.1 port PORT after 0 ms: Couldn't connect to server" \
	"$(sed "s/127.0.0.1:$(cat "$d/port")/SERVER/; s/port $(cat "$d/port") after [0-9]* ms/port PORT after 0 ms/" "$d/eoff")"
ANALYZE_OFFLINE=1 "$bin" rtt "$url" > "$d/off" 2> "$d/eoff"
check "ANALYZE_OFFLINE: no check, no warning" "0 " "$? $(cat "$d/eoff")"
same "ANALYZE_OFFLINE: the cached copy" "$tmp/rtt-vm4" "$d/off"
"$bin" rtt --offline "$url" > "$d/off" 2> "$d/eoff"
check "--offline: no check, no warning" "0 " "$? $(cat "$d/eoff")"
same "--offline: the cached copy" "$tmp/rtt-vm4" "$d/off"
# not cached and unreachable: an error, and nothing left in the cache
export ANALYZE_CACHE_DIR="$d/cache-none"
"$bin" rtt "$url" > /dev/null 2> "$d/enone"
check "unreachable, not cached: exit" 1 $?
check "unreachable, not cached: nothing left in the cache" "" "$(find "$d/cache-none" -mindepth 1)"
export ANALYZE_CACHE_DIR="$tmp/cache"

# an account key that is not base64: one line, before any request
serve badkey ok
for cmd in "fetch -o $tmp/none az://devstoreaccount1/caps/x.pcap" "fetch -o $tmp/none az://devstoreaccount1/caps/" \
	"upload $top/samples/recorded/scaleset-vm4.pcap az://devstoreaccount1/caps/"; do
	AZURE_STORAGE_CONNECTION_STRING="AccountName=devstoreaccount1;AccountKey=not*base64!;BlobEndpoint=http://127.0.0.1:$(cat "$d/port")/devstoreaccount1" \
		"$bin" $cmd > /dev/null 2> "$d/err"
	echo "$? $(sed "s/127.0.0.1:$(cat "$d/port")/SERVER/" "$d/err")" >> "$d/all"
done
check "key not base64: one line each, exit 1" "1 analyze: cannot fetch 'http://SERVER/devstoreaccount1/caps/x.pcap': the account key is not base64 (11 characters; a key is 88, of A-Z, a-z, 0-9, '+' and '/', ending in '='): check AccountKey or AZURE_STORAGE_KEY|1 analyze: cannot list 'az://devstoreaccount1/caps/': the account key is not base64 (11 characters; a key is 88, of A-Z, a-z, 0-9, '+' and '/', ending in '='): check AccountKey or AZURE_STORAGE_KEY|1 analyze: cannot upload '$top/samples/recorded/scaleset-vm4.pcap': 'http://SERVER/devstoreaccount1/caps/scaleset-vm4.pcap': the account key is not base64 (11 characters; a key is 88, of A-Z, a-z, 0-9, '+' and '/', ending in '='): check AccountKey or AZURE_STORAGE_KEY|" \
	"$(lines "$d/all")"
check "key not base64: no request made" "" "$(cat "$d/log")"
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
