#!/bin/sh
# Installs what building and testing analyze needs on Debian 12 (run as root
# or with sudo).  Safe to run again.
set -eu
packages="build-essential pkg-config libpcap-dev libglib2.0-dev libncurses-dev libcurl4-openssl-dev zlib1g-dev libzstd-dev libisal-dev tmux iperf3 tcpdump iproute2 iputils-ping util-linux mount diffutils coreutils bsdutils gzip valgrind man-db openssl curl procps parallel python3-yaml"
if [ "$(id -u)" != 0 ]; then
	exec sudo sh "$0" "$@"
fi
export DEBIAN_FRONTEND=noninteractive
missing=""
for p in $packages; do
	dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing
fi
# The storage tests run against Azurite, the storage emulator, pinned in
# tests/storage/package-lock.json and installed there (not globally).
if ! command -v npm > /dev/null 2>&1; then
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends nodejs npm
fi
st="$(dirname "$0")/tests/storage"
if [ ! -x "$st/node_modules/.bin/azurite-blob" ] || [ "$st/package-lock.json" -nt "$st/node_modules/.package-lock.json" ]; then
	npm ci --prefix "$st" --no-audit --no-fund --loglevel=error
fi
