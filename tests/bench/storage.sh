#!/bin/sh
# storage.sh ANALYZE TOOLSDIR CAPTURE — download throughput from the local
# storage emulator: `analyze fetch` beside `curl` for the benchmark capture
# (about 1 GB), best of 3 each, with a SAS URL.  Needs node and the emulator
# installed by setup.sh (tests/storage); says so and stops otherwise.
set -u
bin=$1
tools=$2
cap=$3
top=$(cd "$(dirname "$0")/../.." && pwd)
azurite=$top/tests/storage/node_modules/.bin/azurite-blob
if ! command -v node > /dev/null 2>&1 || [ ! -x "$azurite" ]; then
	echo "storage download: skipped (node or the emulator is not installed: run setup.sh)"
	exit 0
fi
KEY='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
tmp=$(mktemp -d)
apid=""
trap 'if [ -n "$apid" ]; then kill $apid; fi; rm -rf "$tmp"' EXIT INT TERM
port=$((20000 + $(od -An -N2 -tu2 /dev/urandom) % 20000))
"$azurite" --blobHost 127.0.0.1 --blobPort $port -l "$tmp/data" --silent --skipApiVersionCheck \
	--disableTelemetry --loose > "$tmp/azurite.log" 2>&1 &
apid=$!
n=0
until grep -q "successfully listens" "$tmp/azurite.log" || [ $n -ge 100 ]; do sleep 0.1; n=$((n + 1)); done
ep=http://127.0.0.1:$port/devstoreaccount1
export AZURE_STORAGE_CONNECTION_STRING="AccountName=devstoreaccount1;AccountKey=$KEY;BlobEndpoint=$ep"
"$bin" upload -q "$cap" az://devstoreaccount1/bench/bench.pcap || exit 1
sas=$(AZURE_STORAGE_KEY=$KEY "$tools/mksas" devstoreaccount1 bench - r 2099-01-01T00:00:00Z)
url="$ep/bench/bench.pcap?$sas"
size=$(stat -c %s "$cap")
# best WALL of 3 runs of CMD... (the output directory emptied before each)
best() {
	b=""
	for i in 1 2 3; do
		rm -rf "$tmp/out"
		mkdir -p "$tmp/out"
		s=$(date +%s.%N)
		"$@" > /dev/null 2>> "$tmp/log" || { echo "failed: $*" >&2; tail -3 "$tmp/log" >&2; exit 1; }
		e=$(date +%s.%N)
		b=$(awk -v s="$s" -v e="$e" -v b="$b" 'BEGIN { w = e - s; if (b == "" || w < b) b = w; printf "%.3f", b }')
	done
	cmp -s "$cap" "$tmp/out/bench.pcap" || { echo "storage download: $1 fetched different bytes" >&2; exit 1; }
	echo "$b"
}
a=$(best "$bin" fetch -q -o "$tmp/out" "$url")
an=$(best "$bin" fetch -q --check-md5 no -o "$tmp/out" "$url")
row() { printf '  %-34s %8s s  %8s MB/s\n' "$1" "$2" "$(awk -v s="$size" -v w="$2" 'BEGIN { printf "%.0f", s / w / 1e6 }')"; }
ratio() { awk -v a="$1" -v c="$2" 'BEGIN { printf "%.2f", a / c }'; }
printf '\nstorage download from the emulator (%s bytes, best of 3):\n' "$size"
row "analyze fetch (MD5 verified)" "$a"
row "analyze fetch --check-md5 no" "$an"
if command -v curl > /dev/null 2>&1; then
	c=$(best curl -sf -o "$tmp/out/bench.pcap" "$url")
	# curl does not check the blob's MD5: the same work is curl, then md5sum
	cm=$(best sh -c 'curl -sf -o "$1/bench.pcap" "$2" && md5sum "$1/bench.pcap"' sh "$tmp/out" "$url")
	row "curl" "$c"
	row "curl, then md5sum" "$cm"
	printf '  transfer alike:  analyze --check-md5 no / curl   %s (goal: <= 1.05)\n' "$(ratio "$an" "$c")"
	printf '  verified alike:  analyze / (curl, then md5sum)   %s (goal: <= 1.05)\n' "$(ratio "$a" "$cm")"
	printf '  analyze verified / curl unverified               %s\n' "$(ratio "$a" "$c")"
else
	echo "  curl                               not installed"
fi
