#!/bin/sh
# Installs what building and testing analyze needs on Debian 12 (run as root
# or with sudo).  Safe to run again.
set -eu
packages="build-essential pkg-config libpcap-dev libglib2.0-dev libncurses-dev libcurl4-openssl-dev tmux iperf3 iproute2 util-linux"
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
