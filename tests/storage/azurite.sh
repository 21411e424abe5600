# azurite.sh — the emulator part of tests/run-storage.sh (sourced by it: uses
# bin, tools, tmp, top, KEY, pids, emulator_start and check/same/ok/bad).
# Starts azurite-blob on 127.0.0.1 on a free port with its data in memory,
# then uploads, lists, downloads and reads captures through the Blob API
# exactly as against Azure.

# every command's stdout and stderr, for the secrets check at the end
all=$tmp/all-output
: > "$all"
# az CMD...: runs analyze, output into $tmp/out and $tmp/err (and $all); status in $rc
az() {
	"$bin" "$@" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	cat "$tmp/out" "$tmp/err" >> "$all"
}
norm() { sed "s/127.0.0.1:$port/EMU/g" "$1"; }

if ! emulator_start "$tmp/azurite.log"; then
	bad "azurite did not start: $(tr '\n' ' ' < "$tmp/azurite.log")"
	return 0 2>/dev/null || true
fi
vm4=$top/samples/recorded/scaleset-vm4.pcap
apps=$top/samples/gen/apps.pcap
"$tools/faultserver" --dump 1 10000000 > "$tmp/big.bin"

# uploads: Put Blob (the container created on first use), then Put Block x3 + list
az upload "$vm4" az://devstoreaccount1/caps/vm/2024/05/a.pcap
check "upload small" "0 uploaded $vm4 to http://EMU/devstoreaccount1/caps/vm/2024/05/a.pcap" "$rc $(norm "$tmp/out")"
az upload -v "$tmp/big.bin" az://devstoreaccount1/caps/vm/2024/06/
check "upload blocks" "0 uploaded $tmp/big.bin to http://EMU/devstoreaccount1/caps/vm/2024/06/big.bin" "$rc $(norm "$tmp/out")"
check "upload blocks: requests" "analyze: PUT http://EMU/devstoreaccount1/caps/vm/2024/06/big.bin: 3 blocks up to #3|analyze: PUT http://EMU/devstoreaccount1/caps/vm/2024/06/big.bin: block list of 3|" "$(norm "$tmp/err" | tr '\n' '|')"
az upload -q "$apps" az://devstoreaccount1/caps/other/apps.cap
check "upload quiet" "0 " "$rc $(cat "$tmp/out")"

# listing over pages of two blobs
az fetch -v --list --page-size 2 az://devstoreaccount1/caps
check "list" "0 $(wc -c < "$apps" | tr -d ' ') other/apps.cap|153555 vm/2024/05/a.pcap|10000000 vm/2024/06/big.bin|" \
	"$rc $(awk '{print $1, $3}' "$tmp/out" | tr '\n' '|')"
check "list: pages" "2" "$(grep -c 'page [0-9]' "$tmp/err")"
az fetch --list --prefix vm/2024/05/ az://devstoreaccount1/caps
check "list --prefix" "vm/2024/05/a.pcap" "$(awk '{print $3}' "$tmp/out")"
az fetch --list --include '*.cap' az://devstoreaccount1/caps
check "list --include" "other/apps.cap" "$(awk '{print $3}' "$tmp/out")"
az fetch --list --since 2999-01-01 az://devstoreaccount1/caps
check "list --since" "0 " "$rc $(cat "$tmp/out")"

# download everything with Shared Key, blob paths kept
az fetch --page-size 2 -o "$tmp/sk" az://devstoreaccount1/caps
check "fetch shared key" "0 fetched $tmp/sk/other/apps.cap|fetched $tmp/sk/vm/2024/05/a.pcap|fetched $tmp/sk/vm/2024/06/big.bin|" \
	"$rc $(sort "$tmp/out" | tr '\n' '|')"
same "fetch: small" "$vm4" "$tmp/sk/vm/2024/05/a.pcap"
same "fetch: blocks" "$tmp/big.bin" "$tmp/sk/vm/2024/06/big.bin"
same "fetch: apps" "$apps" "$tmp/sk/other/apps.cap"
az fetch -v -o "$tmp/sk" az://devstoreaccount1/caps
check "fetch again: unchanged" "0 unchanged $tmp/sk/other/apps.cap|unchanged $tmp/sk/vm/2024/05/a.pcap|unchanged $tmp/sk/vm/2024/06/big.bin|" \
	"$rc $(sort "$tmp/out" | tr '\n' '|')"
check "fetch again: no GET" "0" "$(grep -c 'GET ' "$tmp/err")"
az fetch -v -o "$tmp/sk" az://devstoreaccount1/caps/vm/2024/06/big.bin
check "fetch one blob: MD5 of the block list checked" "0 analyze: saved $tmp/sk/big.bin (10000000 bytes, MD5 verified)" "$rc $(grep saved "$tmp/err")"

# transfers at once: all three started before any ends; with --parallel 1 one after another
steps() { grep -o '^analyze: \(GET\|saved\)' "$tmp/err" | cut -c10- | tr '\n' ' ' | sed 's/ $//'; }
az fetch -v -o "$tmp/par4" az://devstoreaccount1/caps
check "parallel: three under way at once" "0 GET GET GET saved saved saved" "$rc $(steps)"
az fetch -v --parallel 1 -o "$tmp/par1" az://devstoreaccount1/caps
check "parallel 1: one after another" "0 GET saved GET saved GET saved" "$rc $(steps)"

# with a SAS on the container URL, flat
sas=$(AZURE_STORAGE_KEY=$KEY "$tools/mksas" devstoreaccount1 caps - rl 2099-01-01T00:00:00Z)
sig=$(printf '%s' "$sas" | sed 's/.*sig=//')
az fetch --flat -v -o "$tmp/sas" "$ep/caps?$sas"
check "fetch sas" "0 fetched $tmp/sas/a.pcap|fetched $tmp/sas/apps.cap|fetched $tmp/sas/big.bin|" "$rc $(sort "$tmp/out" | tr '\n' '|')"
same "fetch sas: bytes" "$tmp/big.bin" "$tmp/sas/big.bin"
az fetch -o "$tmp/sas1" "$ep/caps/vm/2024/05/a.pcap?$sas"
same "fetch sas: one blob" "$vm4" "$tmp/sas1/a.pcap"

# errors: expired SAS, wrong key, missing blob, missing container
old=$(AZURE_STORAGE_KEY=$KEY "$tools/mksas" devstoreaccount1 caps - rl 2020-01-01T00:00:00Z)
az fetch -o "$tmp/e" "$ep/caps/vm/2024/05/a.pcap?$old"
check "expired sas" "1 analyze: cannot fetch 'http://EMU/devstoreaccount1/caps/vm/2024/05/a.pcap?sv=2021-08-06&sp=rl&se=2020-01-01T00%3A00%3A00Z&sr=c&sig=REDACTED': 403 AuthorizationFailure: the SAS token has expired" "$rc $(norm "$tmp/err")"
absent "expired sas: nothing written" "$tmp/e/a.pcap"
wrong=$(printf 'x%.0s' $(seq 64) | base64 -w0)
AZURE_STORAGE_CONNECTION_STRING="AccountName=devstoreaccount1;AccountKey=$wrong;BlobEndpoint=$ep" az fetch -o "$tmp/e" az://devstoreaccount1/caps/vm/2024/05/a.pcap
check "wrong key" "1 analyze: cannot fetch 'http://EMU/devstoreaccount1/caps/vm/2024/05/a.pcap': 403 AuthorizationFailure: not authorized: wrong account key or SAS token, or it does not allow this" "$rc $(norm "$tmp/err")"
# a redirect to another port: the Authorization header is not sent on, and
# the message says so rather than blaming the key
rd=$tmp/redirect
mkdir -p "$rd"
"$tools/faultserver" "redirect:$port" 0 "$rd/port" "$rd/log" &
rdpid=$!
pids="$pids $rdpid"
n=0
while [ ! -s "$rd/port" ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
AZURE_STORAGE_CONNECTION_STRING="AccountName=devstoreaccount1;AccountKey=$KEY;BlobEndpoint=http://127.0.0.1:$(cat "$rd/port")/devstoreaccount1" \
	az fetch --retries 0 -o "$tmp/e" az://devstoreaccount1/caps/vm/2024/05/a.pcap
check "redirect: message" "1 analyze: cannot fetch 'http://REDIRECTOR/devstoreaccount1/caps/vm/2024/05/a.pcap': 403 AuthorizationFailure after a redirect to http://EMU: credentials are not sent on to another host or port; use the address it redirects to" \
	"$rc $(sed "s/127.0.0.1:$(cat "$rd/port")/REDIRECTOR/" "$tmp/err" | norm /dev/stdin)"
AZURE_STORAGE_CONNECTION_STRING="AccountName=devstoreaccount1;AccountKey=$KEY;BlobEndpoint=http://127.0.0.1:$(cat "$rd/port")/devstoreaccount1" \
	az fetch --list az://devstoreaccount1/caps
check "redirect: listing" "1 analyze: cannot list 'az://devstoreaccount1/caps': 403 AuthorizationFailure after a redirect to http://EMU: credentials are not sent on to another host or port; use the address it redirects to" \
	"$rc $(norm "$tmp/err")"
kill $rdpid
az fetch -o "$tmp/e" az://devstoreaccount1/caps/vm/none.pcap
check "missing blob" "1 analyze: cannot fetch 'http://EMU/devstoreaccount1/caps/vm/none.pcap': 404 BlobNotFound: not found" "$rc $(norm "$tmp/err")"
az fetch --list az://devstoreaccount1/nocontainer
check "missing container" "1 analyze: cannot list 'az://devstoreaccount1/nocontainer': 404 ContainerNotFound: not found" "$rc $(norm "$tmp/err")"
absent "errors: no files" "$tmp/e/a.pcap"

# upload with a SAS that may write
wsas=$(AZURE_STORAGE_KEY=$KEY "$tools/mksas" devstoreaccount1 caps - rcw 2099-01-01T00:00:00Z)
az upload "$vm4" "$ep/caps/sas/b.pcap?$wsas"
check "upload sas" "0 uploaded $vm4 to http://EMU/devstoreaccount1/caps/sas/b.pcap?sv=2021-08-06&sp=rcw&se=2099-01-01T00%3A00%3A00Z&sr=c&sig=REDACTED" "$rc $(norm "$tmp/out")"
az upload "$vm4" "$ep/caps/sas/c.pcap?$sas"
check "upload sas without write" "1" "$rc"

# reports straight from storage, cached and reused
"$bin" rtt "$vm4" > "$tmp/rtt-local"
az rtt az://devstoreaccount1/caps/vm/2024/05/a.pcap
check "rtt az:// exit" "0" "$rc"
same "rtt az:// output" "$tmp/rtt-local" "$tmp/out"
az rtt "$ep/caps/vm/2024/05/a.pcap?$sas"
same "rtt sas url output" "$tmp/rtt-local" "$tmp/out"
cached=$(find "$ANALYZE_CACHE_DIR" -name a.pcap | wc -l)
check "cache: one copy per blob (az:// and SAS URL alike)" "1" "$cached"
az info az://devstoreaccount1/caps/vm/2024/05/a.pcap
check "info names the source" "File name:             az://devstoreaccount1/caps/vm/2024/05/a.pcap" "$(head -1 "$tmp/out")"
az rtt az://devstoreaccount1/caps/vm/none.pcap
check "rtt missing blob" "1 analyze: cannot fetch 'http://EMU/devstoreaccount1/caps/vm/none.pcap': 404 BlobNotFound: not found" "$rc $(norm "$tmp/err")"

# two reports at once on one uncached az:// source: both read it, one
# download (the other's request is conditional: If-None-Match), five times
az upload -q "$vm4" az://devstoreaccount1/caps/conc/x.pcap
i=0
while [ $i -lt 5 ]; do
	i=$((i + 1))
	c=$tmp/conc$i
	ANALYZE_CACHE_DIR=$c "$bin" rtt az://devstoreaccount1/caps/conc/x.pcap > "$c.a" 2> "$c.ea" &
	pa=$!
	ANALYZE_CACHE_DIR=$c "$bin" rtt az://devstoreaccount1/caps/conc/x.pcap > "$c.b" 2> "$c.eb" &
	pb=$!
	wait $pa
	ra=$?
	wait $pb
	rb=$?
	check "az:// two reports at once, run $i" "0 0 " "$ra $rb $(cat "$c.ea" "$c.eb")"
	same "az:// two reports at once, run $i: first" "$tmp/rtt-local" "$c.a"
	same "az:// two reports at once, run $i: second" "$tmp/rtt-local" "$c.b"
done
gets() { grep 'RequestMethod=GET RequestURL=http://127.0.0.1/devstoreaccount1/caps/conc/x.pcap ' "$tmp/azurite.log.debug"; }
check "az:// two reports at once: five downloads, five conditional requests" "10 5" \
	"$(gets | wc -l | tr -d ' ') $(gets | grep -c '"if-none-match"')"

# --flat with two blobs of one name: the first is fetched, the second refused
az upload -q "$vm4" az://devstoreaccount1/caps/vm/2024/07/a.pcap
az fetch --flat --prefix vm/ -o "$tmp/dup" az://devstoreaccount1/caps
check "flat duplicate: exit" "1" "$rc"
check "flat duplicate: fetched" "fetched $tmp/dup/a.pcap|fetched $tmp/dup/big.bin|" "$(sort "$tmp/out" | tr '\n' '|')"
check "flat duplicate: message" "analyze: 'http://EMU/devstoreaccount1/caps/vm/2024/07/a.pcap' would also be written to '$tmp/dup/a.pcap'; skipped" "$(norm "$tmp/err")"

# blob names against the fetch's own files: a blob named as an old-style
# sidecar is an ordinary file; a blob path with an .analyze folder, and a
# blob "dir" beside "dir/x.cap", are refused with one line each
az upload -q "$vm4" az://devstoreaccount1/caps/names/x.pcap
az upload -q "$apps" az://devstoreaccount1/caps/names/.x.pcap.etag
az upload -q "$apps" az://devstoreaccount1/caps/names/.x.pcap.part
az upload -q "$apps" az://devstoreaccount1/caps/names/.analyze/etag.x.pcap
az upload -q "$apps" az://devstoreaccount1/caps/names/dir
az upload -q "$vm4" az://devstoreaccount1/caps/names/dir/x.cap
az fetch -o "$tmp/names" az://devstoreaccount1/caps/names/
check "names: exit" 1 "$rc"
check "names: fetched" "fetched $tmp/names/names/.x.pcap.etag|fetched $tmp/names/names/.x.pcap.part|fetched $tmp/names/names/dir/x.cap|fetched $tmp/names/names/x.pcap|" \
	"$(sort "$tmp/out" | tr '\n' '|')"
check "names: refused" "analyze: 'az://devstoreaccount1/caps/names/': blob name 'names/.analyze/etag.x.pcap' has a folder '.analyze', kept for the transfers' own files; skipped|analyze: 'http://EMU/devstoreaccount1/caps/names/dir': '$tmp/names/names/dir' would be a file and the folder of '$tmp/names/names/dir/x.cap'; skipped|" \
	"$(norm "$tmp/err" | tr '\n' '|')"
same "names: x.pcap" "$vm4" "$tmp/names/names/x.pcap"
same "names: a blob named as an old sidecar" "$apps" "$tmp/names/names/.x.pcap.etag"
same "names: another" "$apps" "$tmp/names/names/.x.pcap.part"
same "names: dir/x.cap" "$vm4" "$tmp/names/names/dir/x.cap"
az fetch --include '*.pcap*' -o "$tmp/names" az://devstoreaccount1/caps/names/
check "names: again, all unchanged" "1 unchanged $tmp/names/names/.x.pcap.etag|unchanged $tmp/names/names/.x.pcap.part|unchanged $tmp/names/names/x.pcap|" \
	"$rc $(sort "$tmp/out" | tr '\n' '|')"

# --overwrite if-newer (the default) with a file fetched otherwise (no
# version recorded): kept when newer than the blob, replaced when older;
# for a single blob the service says so (If-Modified-Since: 304)
mkdir -p "$tmp/ifnewer/vm/2024/05"
cp "$apps" "$tmp/ifnewer/vm/2024/05/a.pcap"
touch -d '2099-01-01' "$tmp/ifnewer/vm/2024/05/a.pcap"
az fetch --prefix vm/2024/05/ -o "$tmp/ifnewer" az://devstoreaccount1/caps
check "if-newer, listed, local file newer: kept" "0 kept $tmp/ifnewer/vm/2024/05/a.pcap" "$rc $(cat "$tmp/out")"
az fetch -o "$tmp/ifnewer/vm/2024/05" az://devstoreaccount1/caps/vm/2024/05/a.pcap
check "if-newer, one blob, local file newer: kept (304)" "0 kept $tmp/ifnewer/vm/2024/05/a.pcap" "$rc $(cat "$tmp/out")"
same "if-newer: the local file untouched" "$apps" "$tmp/ifnewer/vm/2024/05/a.pcap"
touch -d '2000-01-01' "$tmp/ifnewer/vm/2024/05/a.pcap"
az fetch --prefix vm/2024/05/ -o "$tmp/ifnewer" az://devstoreaccount1/caps
check "if-newer, local file older: fetched" "0 fetched $tmp/ifnewer/vm/2024/05/a.pcap" "$rc $(cat "$tmp/out")"
same "if-newer: the blob" "$vm4" "$tmp/ifnewer/vm/2024/05/a.pcap"

# uploads: the content type from the name, several files, folders
ctype() { # ctype BLOB: the Content-Type the service gives for it
	curl -sI "$ep/caps/$1?$sas" | tr -d '\r' | sed -n 's/^[Cc]ontent-[Tt]ype: //p'
}
cp "$vm4" "$tmp/ng.pcapng"
cp "$tmp/big.bin" "$tmp/big.pcap"
az upload -q "$vm4" "$tmp/ng.pcapng" "$tmp/big.pcap" "$tmp/big.bin" az://devstoreaccount1/caps/types/
check "upload several: exit" "0 " "$rc $(cat "$tmp/out" "$tmp/err")"
check "content type: pcap" "application/vnd.tcpdump.pcap" "$(ctype types/scaleset-vm4.pcap)"
check "content type: pcapng" "application/x-pcapng" "$(ctype types/ng.pcapng)"
check "content type: pcap in blocks" "application/vnd.tcpdump.pcap" "$(ctype types/big.pcap)"
check "content type: other" "application/octet-stream" "$(ctype types/big.bin)"
check "content type: .cap" "application/vnd.tcpdump.pcap" "$(ctype other/apps.cap)"
az upload "$vm4" "$apps" az://devstoreaccount1/caps/multi/
check "upload several: one line each" "0 uploaded $vm4 to http://EMU/devstoreaccount1/caps/multi/scaleset-vm4.pcap|uploaded $apps to http://EMU/devstoreaccount1/caps/multi/apps.pcap|" \
	"$rc $(norm "$tmp/out" | tr '\n' '|')"
az upload "$vm4" "$apps" az://devstoreaccount1/caps/multi/one.pcap
check "upload several to one blob: refused" "2 analyze: 2 files for the one blob 'http://EMU/devstoreaccount1/caps/multi/one.pcap': give a DEST ending in '/' or a container; try 'analyze upload --help'" \
	"$rc $(norm "$tmp/err")"
mkdir -p "$tmp/tree/sub" "$tmp/tree/.analyze"
cp "$vm4" "$tmp/tree/a.pcap"
cp "$apps" "$tmp/tree/sub/b.pcap"
cp "$apps" "$tmp/tree/.hidden.pcap"
cp "$apps" "$tmp/tree/.analyze/etag.a.pcap"
az upload "$tmp/tree" az://devstoreaccount1/caps/rec/
check "upload a folder without --recursive" "1 analyze: '$tmp/tree' is a folder: give --recursive to upload what it holds" "$rc $(cat "$tmp/err")"
az upload --recursive "$tmp/tree/" az://devstoreaccount1/caps/rec/
check "upload --recursive" "0 uploaded $tmp/tree/a.pcap to http://EMU/devstoreaccount1/caps/rec/tree/a.pcap|uploaded $tmp/tree/sub/b.pcap to http://EMU/devstoreaccount1/caps/rec/tree/sub/b.pcap|" \
	"$rc $(norm "$tmp/out" | tr '\n' '|')"
az fetch --list az://devstoreaccount1/caps/rec/
check "upload --recursive: the blobs, hidden files left out" "rec/tree/a.pcap rec/tree/sub/b.pcap" "$(awk '{print $3}' "$tmp/out" | tr '\n' ' ' | sed 's/ $//')"

# an upload interrupted after its blocks (the fault server in front of the
# emulator fails the Put Block List): run again, it sends only the list
fw=$tmp/forward
mkdir -p "$fw"
"$tools/faultserver" "forward:$port" 0 "$fw/port" "$fw/log" &
fwpid=$!
pids="$pids $fwpid"
n=0
while [ ! -s "$fw/port" ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
fwcs="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$KEY;BlobEndpoint=http://127.0.0.1:$(cat "$fw/port")/devstoreaccount1;"
AZURE_STORAGE_CONNECTION_STRING=$fwcs az upload --retries 0 "$tmp/big.bin" az://devstoreaccount1/caps/resume/big.bin
check "interrupted upload: exit" "1 analyze: cannot upload '$tmp/big.bin': 'http://127.0.0.1:PORT/devstoreaccount1/caps/resume/big.bin': HTTP 500" \
	"$rc $(sed "s/127.0.0.1:$(cat "$fw/port")/127.0.0.1:PORT/" "$tmp/err")"
check "interrupted upload: requests" "GET comp=blocklist -> 404|PUT comp=block -> 201|PUT comp=block -> 201|PUT comp=block -> 201|PUT comp=blocklist -> 500 (interrupted here)|" "$(lines "$fw/log")"
mark=$(wc -l < "$fw/log")
AZURE_STORAGE_CONNECTION_STRING=$fwcs az upload -V "$tmp/big.bin" az://devstoreaccount1/caps/resume/big.bin
check "resumed upload: exit" 0 "$rc"
check "resumed upload: only the list sent" "GET comp=blocklist -> 200|PUT comp=blocklist -> 201|" "$(tail -n +$((mark + 1)) "$fw/log" | tr '\n' '|')"
check "resumed upload: said" "analyze: PUT http://127.0.0.1:PORT/devstoreaccount1/caps/resume/big.bin: 3 blocks kept from an earlier try|analyze: PUT http://127.0.0.1:PORT/devstoreaccount1/caps/resume/big.bin: block list of 3|" \
	"$(sed "s/127.0.0.1:$(cat "$fw/port")/127.0.0.1:PORT/" "$tmp/err" | tr '\n' '|')"
kill $fwpid
az fetch -o "$tmp/resumed" az://devstoreaccount1/caps/resume/big.bin
same "resumed upload: the blob" "$tmp/big.bin" "$tmp/resumed/big.bin"
# the file changed since (another mtime): its blocks are not taken for it
touch -d '2001-01-01' "$tmp/big.bin"
az upload -V "$tmp/big.bin" az://devstoreaccount1/caps/resume/big.bin
check "changed file: every block sent" "0 0" "$rc $(grep -c 'kept from an earlier try' "$tmp/err")"

# findings and review over an az:// prefix of 50 blobs, then --since
scan=$top/samples/scan/scan-syn.pcap
i=0
while [ $i -lt 49 ]; do
	i=$((i + 1))
	"$bin" upload -q "$vm4" "az://devstoreaccount1/watch/vm4/cap$i.pcap" > /dev/null 2>&1 || bad "upload cap$i"
done
"$bin" upload -q "$scan" az://devstoreaccount1/watch/vm4/cap50.pcap > /dev/null 2>&1 || bad "upload cap50"
az findings --no-info -F csv az://devstoreaccount1/watch/vm4/
check "findings az:// prefix: 50 blobs, the one scan" "3 az://devstoreaccount1/watch/vm4/cap50.pcap,scan,syn,10.9.0.1,10.9.0.2" \
	"$rc $(sed 1d "$tmp/out" | cut -d, -f1,2,3,5,6 | tr '\n' ' ' | sed 's/ $//')"
az findings -F json az://devstoreaccount1/watch/vm4/
check "findings az:// prefix: 50 files read" "50" "$(grep -c '"complete": true' "$tmp/out")"
az review --learn az://devstoreaccount1/watch/vm4/cap1.pcap
cp "$tmp/out" "$tmp/vm4.policy"
az review --policy "$tmp/vm4.policy" az://devstoreaccount1/watch/vm4/
check "review az:// prefix: exit 3, the scan and the ports it opened" "3 scan" \
	"$rc $(grep -c '^scan ' "$tmp/out" | sed 's/^1$/scan/')"
sleep 1
since=$(date -u +%Y-%m-%dT%H:%M:%SZ)
sleep 1
"$bin" upload -q "$vm4" az://devstoreaccount1/watch/vm4/new1.pcap > /dev/null 2>&1 || bad "upload new1"
"$bin" upload -q "$top/samples/scan/scan-fin.pcap" az://devstoreaccount1/watch/vm4/new2.pcap > /dev/null 2>&1 || bad "upload new2"
az findings --no-info -F csv --since "$since" az://devstoreaccount1/watch/vm4/
check "findings --since: the new blobs only" "3 az://devstoreaccount1/watch/vm4/new2.pcap,scan,fin" \
	"$rc $(sed 1d "$tmp/out" | cut -d, -f1,2,3 | tr '\n' ' ' | sed 's/ $//')"
az findings -F json --since "$since" az://devstoreaccount1/watch/vm4/
check "findings --since: two files read" "2" "$(grep -c '"complete": true' "$tmp/out")"
az review --policy "$tmp/vm4.policy" --since 2999-01-01 az://devstoreaccount1/watch/vm4/
check "review --since: nothing new is an empty review" "0 review: 0 unexpected (nothing to act on)" "$rc $(cat "$tmp/out")"

# no secret anywhere
for secret in "$KEY" "$sig" "$(printf '%s' "$sig" | sed 's/%2B/+/g; s/%2F/\//g; s/%3D/=/g')"; do
	if grep -qF -- "$secret" "$all"; then bad "a secret appears in the output"; else ok; fi
done
if grep -qF 'sig=REDACTED' "$all"; then ok; else bad "no redacted signature seen (the check would be void)"; fi
unset AZURE_STORAGE_CONNECTION_STRING
