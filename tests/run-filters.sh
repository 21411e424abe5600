#!/bin/sh
# run-filters.sh ANALYZE — the display-filter table (tests/filters/apps.tsv):
# each filter through `analyze list -Y FILTER -T fields -e frame.number` on
# samples/gen/apps.pcap must keep exactly the frames the table lists.
set -u
bin=$1
. "$(dirname "$0")/lib.sh"
table=tests/filters/apps.tsv
cap=samples/gen/apps.pcap
pass=0
fail=0
tab=$(printf '\t')
while IFS="$tab" read -r filter want; do
	case $filter in '#'* | '') continue ;; esac
	# bounded: a filter that never finishes fails instead of stopping the run
	got=$(timeout 60 "$bin" list -Y "$filter" -T fields -e frame.number "$cap" 2>&1 | tr '\n' ' ' | sed 's/ $//')
	if [ "$got" = "$want" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		printf 'FAIL filter %s\n  want: %s\n  got:  %s\n' "$filter" "$want" "$got"
	fi
done < "$table"
summary filters "$pass" "$fail"
[ "$fail" -eq 0 ]
