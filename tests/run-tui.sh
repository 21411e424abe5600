#!/bin/sh
# Terminal-UI tests: runs the real binary in a private tmux server, sends
# keys and reads the screen back (capture-pane).  Every wait polls the pane
# with a bounded timeout.  Skips when tmux is missing.
#   tests/run-tui.sh build/plain/analyze
set -u
BIN=$1
. "$(dirname "$0")/lib.sh"
need tui tmux:tmux
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
# UTF-8 whatever the caller's locale; one test below runs the UI in "C"
export LC_ALL=C.UTF-8
TMP=$(mktemp -d "${TMPDIR:-/tmp}/analyze-tui.XXXXXX")
# the UI keeps its columns in $XDG_CONFIG_HOME: a private one, never the user's
export XDG_CONFIG_HOME="$TMP/config"
# A server of its own: the socket lives in the test's directory (no shared
# /tmp/tmux-UID state, no name clash with another run), panes run /bin/sh
# whatever $SHELL says, and the server stays up between sessions.
cat > "$TMP/tmux.conf" <<'CONF'
set -g default-shell /bin/sh
set -s exit-empty off
CONF
T="tmux -S $TMP/sock -f $TMP/tmux.conf"
APPS=samples/gen/apps.pcap
pass=0
fail=0
# sanitizer builds start and draw slower
LIMIT=${TUI_TIMEOUT:-20}

cleanup() {
	$T kill-server 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

# When no server can be started at all (the environment, not the program),
# say what tmux said, with its own logs, and skip as when tmux is missing.
probe() {
	$T new-session -d -s probe "sleep 600" 2> "$TMP/probe.err" && return 0
	sleep 1
	$T new-session -d -s probe "sleep 600" 2>> "$TMP/probe.err" && return 0
	(cd "$TMP" && $T -vv new-session -d -s probe "sleep 600") >> "$TMP/probe.err" 2>&1 && return 0
	return 1
}
if ! probe; then
	echo "SKIP tui: $(tmux -V 2>&1) cannot start a server here: $(tr '\n' ' ' < "$TMP/probe.err")"
	for f in "$TMP"/tmux-*.log; do
		[ -f "$f" ] && { echo "--- $(basename "$f") (last lines):"; tail -n 15 "$f"; }
	done
	ls -l /dev/ptmx /dev/pts 2>&1 | head -n 4
	summary tui 0 0 1
	exit 0
fi

ok() { pass=$((pass + 1)); }
bad() {
	fail=$((fail + 1))
	echo "FAIL tui: $*"
	echo "--- screen:"
	screen
	echo "---"
}
screen() { $T capture-pane -p -t ui 2>/dev/null; }

# start [ENV=VALUE ...] -- ARGS: a 120x40 session running the binary; its
# exit status lands in $TMP/exit.
start() {
	rm -f "$TMP/exit"
	$T kill-session -t ui 2>/dev/null
	$T new-session -d -s ui -x 120 -y 40 \
		"env $1 '$BIN' $2; echo \$? > '$TMP/exit'; sleep 60" 2> "$TMP/start.err" ||
		{ bad "tmux would not start a session: $(cat "$TMP/start.err")"; exit 1; }
}

# wait_for TEXT [ABSENT]: until the screen shows TEXT (fixed string);
# false after the time limit.
wait_for() {
	i=0
	while [ $i -lt $((LIMIT * 20)) ]; do
		if screen | grep -qF -- "$1"; then
			return 0
		fi
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}
expect() { # expect WHAT TEXT
	if wait_for "$2"; then ok; else bad "$1: '$2' not on the screen"; fi
}
keys() { $T send-keys -t ui "$@"; }
wait_exit() {
	i=0
	while [ ! -s "$TMP/exit" ] && [ $i -lt $((LIMIT * 20)) ]; do
		sleep 0.05
		i=$((i + 1))
	done
	cat "$TMP/exit" 2>/dev/null
}
# The frame numbers the list pane shows (rows between its header and the
# detail pane, or the status line when maximised).
listed() {
	screen | sed '$d' | awk '/^>? *No\. / {on = 1; next} /^- Detail -/ {on = 0} on {sub(/^\*/, " ")} on && $1 ~ /^[0-9]+$/ {print $1}' | tr '\n' ' '
}

# ---- opening, moving, the tree ----
start "TERM=xterm-256color" "tui $APPS"
expect "first screen" "Standard query 0x1a2b A www.example.test"
expect "indexed" "Frames: 132"
expect "frame 1 selected" "> Frame 1: 76 bytes on wire"
keys j j
expect "down twice" "> Frame 3: 73 bytes on wire"
if screen | grep -E '^ +3 +1\.000000 +10\.0\.0\.4 +224\.0\.0\.251 +MDNS +73 Standard query 0x0000 A printer\.local' >/dev/null; then ok; else bad "frame 3's line"; fi
keys k
expect "up" "> Frame 2: 92 bytes on wire"
keys G
expect "end" "> Frame 132:"
keys g
expect "home" "> Frame 1: 76"
keys NPage
expect "page down" "> Frame 19:"
keys PPage
expect "page up" "> Frame 1: 76"
keys : 2 9 Enter
expect "go to 29" "> Frame 29: 74 bytes on wire"
keys C-g 1 3 Enter
expect "Ctrl-G to 13" "> Frame 13:"
keys : 9 9 9 Enter
expect "go to a frame past the end" "no frame 999"
# the detail tree: focus it, open IPv4, the status line names the field
keys g Tab j j
expect "tree heading selected" "field: ip"
keys Enter
expect "tree opened" "Header Length: 20"
keys j
expect "field's filter name" "field: ip.version"
keys Left
expect "back on the heading" "field: ip"
keys Left
if wait_for "> Internet Protocol Version 4" && ! screen | grep -qF "Header Length: 20"; then ok; else bad "tree closed"; fi
# maximise and back
keys z
i=0
while [ $i -lt $((LIMIT * 20)) ] && screen | grep -qF -- "- Bytes -"; do sleep 0.05; i=$((i + 1)); done
if wait_for "field: ip" && ! screen | grep -qF -- "- Bytes -"; then ok; else bad "maximised tree"; fi
keys z Tab Tab
expect "back to three panes" "- Bytes -"

# ---- the list shows what `analyze list` shows (relative TCP numbers,
# messages completed over segments) ----
keys : 3 8 Enter
expect "go to 38" "> Frame 38:"
for n in 21 27 29 30 32 33 34 35 38; do
	want=$("$BIN" list -Y "frame.number == $n" $APPS | sed -E 's/^ *[0-9]+ +[0-9.]+ +[^ ]+ → [^ ]+ +//' | tr -s " " | cut -c1-45 | sed "s/ *$//")
	if screen | tr -s ' ' | grep -qF -- " $n " && screen | tr -s ' ' | grep -F -- " $n " | grep -qF -- "$want"; then ok; else bad "frame $n's line is not '$want'"; fi
done
# time formats, tshark's -t in turn: absolute (UTC), delta, delta shown,
# epoch, UTC time, UTC date and time, local time (with the date), back to
# relative
keys t
expect "absolute time" "2023-11-14T22:13:36.024840000Z"
keys t
expect "delta time" " 34     0.000020 192.0.2.10"
keys t
expect "delta from the frame shown before, every frame shown" " 34     0.000020 192.0.2.10"
keys t
expect "epoch time" " 34    1700000016.024860 192.0.2.10"
keys t
expect "UTC time" " 34    22:13:36.024860 192.0.2.10"
keys t
expect "UTC date and time" " 34     2023-11-14 22:13:36.024860 192.0.2.10"
want=$(TZ=${TZ:-} date -d @1700000016 +%H:%M:%S)
keys t
expect "local time" " 34    $want.024860 192.0.2.10"
keys t
expect "local date and time" "time: local date and time (-t ad)"
keys t
expect "relative time" "15.024860 192.0.2.10"
# marks
keys m
expect "mark" "frame 38 marked"
if screen | grep -qE '^\* +38 '; then ok; else bad "marked frame shows '*'"; fi
keys g "'"
expect "next mark" "> Frame 38:"
keys m g

# ---- filters ----
keys / t c p . p o r t Space = = Space 8 0
expect "filter validated" "filter is good"
keys Enter
expect "filter applied" "Displayed: 14 of 132 frames"
want="29 30 31 32 33 34 35 36 37 38 39 40 41 42 "
cli=$("$BIN" list -Y 'tcp.port == 80' -T fields -e frame.number $APPS | tr '\n' ' ')
got=$(listed)
if [ "$got" = "$want" ] && [ "$cli" = "$want" ]; then ok; else bad "tcp.port == 80 lists '$got' (want '$want', list says '$cli')"; fi
expect "selection kept on a listed frame" "> Frame 29:"
# -t dd under a filter counts from the frame shown before, as analyze list
keys t t t
expect "delta shown" "time: since the previous frame shown (-t dd)"
for n in 29 33 36; do
	want=$("$BIN" list -t dd -Y 'tcp.port == 80' $APPS | awk -v n=$n '$1 == n { print $2 }')
	if screen | grep -qE "^[ *] +$n +$want "; then ok; else bad "frame $n's time since the frame shown before is not '$want'"; fi
done
keys t t t t t t
expect "back to relative time" "time: seconds since the first frame"
keys / C-u t c p . p r o t Space = = Space 1
expect "bad filter marked" '"tcp.prot" is not a field or protocol'
keys Enter
expect "bad filter not applied" "Displayed: 14 of 132 frames"
# Tab completes a field name
keys C-u t c p . s t r
keys Tab
expect "completion" "Filter: tcp.stream"
# Esc leaves the bar and keeps the filter applied
keys Escape
expect "Esc cancels the edit" "edit cancelled: the filter stays"
expect "Esc keeps the filter" "Filter: tcp.port == 80"
expect "Esc keeps the frames" "Displayed: 14 of 132 frames"
# an empty filter shows every frame
keys / C-u Enter
expect "empty filter clears" "filter cleared"
expect "every frame again" "Frames: 132"
# history: the last filter comes back with Up
keys / Up
expect "history" "Filter: tcp.port == 80"
keys Escape
expect "history left" "edit cancelled"

# ---- statistics ----
keys s
expect "hierarchy" "Protocol Hierarchy"
expect "hierarchy rows" "dns"
keys j j j Enter
expect "filter from a hierarchy row" "Filter: dns"
expect "dns frames" "Displayed: 5 of 132 frames"
got=$(listed)
cli=$("$BIN" list -Y dns -T fields -e frame.number $APPS | tr '\n' ' ')
if [ "$got" = "$cli" ] && [ "$got" = "1 2 22 23 24 " ]; then ok; else bad "dns lists '$got' (list says '$cli')"; fi

# stats_filter VIEW ROWTEXT WANTFILTER: opens statistics view VIEW, moves
# to the first row containing ROWTEXT, applies its filter and checks the
# listed frames against `analyze list -Y`
clear_filter() {
	keys /
	wait_for "filter is good"
	keys C-u Enter
	wait_for "Frames: 132"
}
stats_filter() {
	clear_filter
	keys s "$1"
	if ! wait_for "$2"; then bad "statistics view $1: no row '$2'"; return; fi
	# the first row with the text (after a row with $4, when given)
	line=$(screen | awk -v want="$2" -v after="${4:-}" 'after == "" || index($0, after) {on = 1} on && index($0, want) {print NR; exit}')
	n=$((line - 5))
	while [ $n -gt 0 ]; do keys j; n=$((n - 1)); done
	keys Enter
	expect "view $1 row '$2' filter" "Filter: $3"
	expect "view $1 filter applied" "Displayed: "
	got=$(listed)
	cli=$("$BIN" list -Y "$3" -T fields -e frame.number $APPS | tr '\n' ' ')
	if [ -n "$got" ] && [ "$got" = "$cli" ]; then ok; else bad "'$3' lists '$got' (list says '$cli')"; fi
}
keys z
stats_filter 2 "    111 (sunrpc)" "tcp.port == 111" "10.0.0.5      "
stats_filter 3 "10.0.0.4:40202" "ip.addr == 10.0.0.4 && tcp.port == 40202 && ip.addr == 192.0.2.10 && tcp.port == 80"
clear_filter
keys s 3 T
expect "UDP conversations" "Conversations: udp"
keys T
expect "IPv4 conversations" "Conversations: ip"
keys T T T q
stats_filter 4 "10.0.0.5:22 " "ip.addr == 10.0.0.5 && tcp.port == 22"
stats_filter 5 "10.0.0.7:40302" "tcp.stream == 7"
clear_filter
keys s 5
expect "RTT histogram" "histogram (network RTT):"
expect "RTT summary" "10 connections: 10 established"
keys o
expect "RTT sorted by network RTT" "sorted by network RTT"
if screen | awk '/^stream/ {getline; print; exit}' | grep -qE '^ +1  10\.0\.0\.4:40202'; then ok; else bad "slowest first after sorting"; fi
keys q z

# ---- follow a stream ----
# the HTTP exchange: both sides, each behind its marker, in frame order
keys : 3 3 Enter
expect "go to 33" "> Frame 33:"
keys F
expect "follow TCP" "Follow TCP stream 1 (tcp.stream == 1)  [ASCII]"
expect "client side" "> 10.0.0.4:40202: 175 bytes"
expect "server side" "< 192.0.2.10:80: 3224 bytes"
expect "request line" "> GET /index.html HTTP/1.1"
expect "status line" "< HTTP/1.1 200 OK"
expect "whole stream read" "end of stream: 3399 bytes"
got=$(screen | sed -n '5,11p' | tr '\n' '|')
if [ "$got" = "> GET /index.html HTTP/1.1|> Host: example.test|> User-Agent: mkapps|> Accept: */*|>|< HTTP/1.1 200 OK|< Server: mkapps|" ]; then ok; else bad "follow: first lines '$got'"; fi
# w saves the bytes of the sides shown, as sent
keys w
expect "save prompt" "Save the stream's bytes to:"
keys -l "$TMP/both.bin"
keys Enter
expect "stream saved" "saved 3399 bytes of the stream to '$TMP/both.bin'"
if [ "$(wc -c < "$TMP/both.bin")" -eq 3399 ] && [ "$(head -c 26 "$TMP/both.bin")" = "$(printf 'GET /index.html HTTP/1.1\r\n')" ] &&
	grep -qaF 'HTTP/1.1 200 OK' "$TMP/both.bin" && [ -z "$(ls "$TMP"/both.bin.* 2>/dev/null)" ]; then ok; else bad "the saved stream is not the 3399 bytes sent"; fi
keys d w
expect "save prompt, one side" "Save the '>' side's bytes to:"
keys -l "$TMP/client.bin"
keys Enter
expect "one side saved" "saved 175 bytes of the stream ('>' side) to '$TMP/client.bin'"
if [ "$(head -c 26 "$TMP/client.bin")" = "$(printf 'GET /index.html HTTP/1.1\r\n')" ] && [ "$(wc -c < "$TMP/client.bin")" -eq 175 ]; then ok; else bad "the client side saved is not its 175 bytes"; fi
keys w
keys -l "$APPS"
keys Enter
expect "the capture itself is not overwritten" "'$APPS' is the capture being read: not saved"
keys d d
expect "both sides again" "d: sides [both]"
# a file there: asked before it is replaced, kept on n, replaced on y; no temporary file left
APPSUM=$(cksum < "$APPS")
keys w
keys -l "$TMP/client.bin"
keys Enter
expect "stream save: asks before replacing" "'$TMP/client.bin' exists: y replaces it, n or Esc keeps it"
keys n
expect "stream save: kept" "'$TMP/client.bin' kept: not saved"
if [ "$(wc -c < "$TMP/client.bin")" -eq 175 ]; then ok; else bad "stream save: the file was changed after n"; fi
keys w
keys -l "$TMP/client.bin"
keys Enter
expect "stream save: asks again" "'$TMP/client.bin' exists: y replaces it"
keys y
expect "stream save: replaced" "saved 3399 bytes of the stream to '$TMP/client.bin'"
if cmp -s "$TMP/client.bin" "$TMP/both.bin" && [ -z "$(ls "$TMP"/client.bin.* "$TMP"/both.bin.* 2>/dev/null)" ] &&
	[ "$(cksum < "$APPS")" = "$APPSUM" ]; then ok; else bad "stream save: the replaced file, a temporary file left or the capture changed"; fi
# / finds a text in any case, n again, wrapping to the start
keys /
expect "find prompt" "Find in the stream (any case):"
keys -l "api/STATUS"
keys Enter
expect "found" "found 'api/status' ending at byte"
if screen | grep -qF "> GET /api/status HTTP/1.1"; then ok; else bad "the line found is not shown"; fi
keys n
expect "found again, wrapped" "(search wrapped to the start)"
keys / C-u
keys -l "no such text"
keys Enter
expect "not found" "not found: 'no such text' in the stream"
keys g
keys G
expect "second request, after scrolling" "> GET /api/status HTTP/1.1"
if screen | grep -F "> GET /api/status" -A 6 | grep -qE '^< HTTP/1\.1 200 OK'; then ok; else bad "follow: the second answer after the second request"; fi
keys x
expect "hex dump" "Follow TCP stream 1 (tcp.stream == 1)  [hex]"
keys g
expect "hex: request bytes" "> 00000000  47 45 54 20 2f 69 6e 64  65 78 2e 68 74 6d 6c 20  GET /index.html"
expect "hex: request end" "> 00000050  0a                                                ."
expect "hex: answer bytes" "< 00000000  48 54 54 50 2f 31 2e 31  20 32 30 30 20 4f 4b 0d  HTTP/1.1 200 OK."
keys G
expect "hex: last answer line" '< 00000c8a  22 61 70 70 73 22 2c 22  72 74 74 22 5d 7d        "apps","rtt"]}'
keys x
expect "back to ASCII" "[ASCII]  x: hex"
keys f
expect "stream filter applied" "Filter: tcp.stream == 1"
expect "stream filter listed" "Displayed: 14 of 132 frames"
got=$(listed)
cli=$("$BIN" list -Y 'tcp.stream == 1' -T fields -e frame.number $APPS | tr '\n' ' ')
if [ "$got" = "29 30 31 32 33 34 35 36 37 38 39 40 41 42 " ] && [ "$got" = "$cli" ]; then ok; else bad "tcp.stream == 1 lists '$got' (list says '$cli')"; fi
clear_filter
# a UDP stream: the DNS query and its answer
keys g F
expect "follow UDP" "Follow UDP stream 0 (udp.stream == 0)"
expect "UDP query" "> .+...........www.example.test....."
expect "UDP sides" "< 10.0.0.1:53: 50 bytes"
keys f
expect "udp.stream filter" "Filter: udp.stream == 0"
expect "udp.stream listed" "Displayed: 2 of 132 frames"
if [ "$(listed)" = "1 2 " ]; then ok; else bad "udp.stream == 0 lists '$(listed)'"; fi
clear_filter
# Esc goes back
keys F
expect "follow again" "Follow UDP stream 0"
keys Escape
expect "Esc: back to the list" "- Detail -"

# ---- search: string, any case, hex bytes, filter; next and previous ----
keys g C-f
expect "search prompt" "Search string:"
keys -l "HTTP/1.1 200"
keys Enter
expect "string found" "found string 'HTTP/1.1 200' in frame 33"
expect "string: frame selected" "> Frame 33:"
cli=$("$BIN" list -Y 'frame contains "HTTP/1.1 200"' -T fields -e frame.number $APPS | tr '\n' ' ')
if [ "$cli" = "33 38 " ]; then ok; else bad "frame contains lists '$cli'"; fi
keys n
expect "next" "found string 'HTTP/1.1 200' in frame 38"
expect "next: frame selected" "> Frame 38:"
keys n
expect "next wraps" "found string 'HTTP/1.1 200' in frame 33 (search wrapped to the start)"
keys N
expect "previous wraps" "found string 'HTTP/1.1 200' in frame 38 (search wrapped to the end)"
keys N
expect "previous" "found string 'HTTP/1.1 200' in frame 33"
if ! screen | grep -qF "wrapped"; then ok; else bad "previous without wrapping says it wrapped"; fi
keys C-f C-u
keys -l "get /INDEX"
keys Enter
expect "as typed: not found" "not found: string 'get /INDEX'"
keys C-f Tab
expect "any case mode" "Search string, any case: get /INDEX"
keys Enter
expect "any case found" "found string, any case 'get /INDEX' in frame 32"
keys C-f Tab C-u
expect "hex mode" "Search hex bytes:"
keys -l "47 45 54 20 2f 61 70 69"
keys Enter
expect "hex found" "found hex bytes '47 45 54 20 2f 61 70 69' in frame 37"
keys g C-f C-u
keys -l "474554202F617069"
keys Enter
expect "hex without blanks" "found hex bytes '474554202F617069' in frame 37"
keys C-f C-u z z
keys Enter
expect "bad hex" "'zz' is not hex bytes"
keys Escape
keys C-f Tab
expect "filter mode" "Search filter:"
keys C-u
keys -l "tcp.port == 443"
keys Enter
expect "filter search found" "found filter 'tcp.port == 443' in frame 43"
expect "filter search: frame selected" "> Frame 43:"
if screen | grep -qF "Frames: 132" && ! screen | grep -qF "Displayed:"; then ok; else bad "filter search changed the list"; fi
keys C-f C-u
keys -l "tcp.prot == 1"
keys Enter
expect "bad filter search" 'bad filter: "tcp.prot" is not a field or protocol'
keys Escape C-f Tab C-u
keys -l "no such text"
keys Enter
expect "not found" "not found: string 'no such text'"
# among the frames a filter kept
keys / C-u
keys -l "tcp.port == 80"
keys Enter
expect "filter for search" "Displayed: 14 of 132 frames"
keys g C-f C-u
keys -l "GET /"
keys Enter
expect "search among shown" "found string 'GET /' in frame 32"
keys n
expect "search among shown, next" "found string 'GET /' in frame 37"
keys C-f C-u
keys -l "www.example.test"
keys Enter
expect "not among shown" "not found: string 'www.example.test' (in the frames shown)"
clear_filter

# ---- help, resize, quit ----
keys ?
expect "help" "Keys everywhere"
expect "help lists the filter key" "edit the display filter"
expect "help lists follow" "follow the selected frame's TCP or UDP stream"
expect "help lists search" "search the frames"
expect "help lists the graphs" "graphs: I/O graph (frames or bytes per interval"
expect "help lists sorting" "sort by the next / previous column, ascending"
keys -N 20 j
expect "help lists saving a line" "save the line's bytes / its value to a file"
keys -N 60 j
expect "help lists the graphs' keys" "I/O graph / handshake RTT over time"
keys q
expect "help closed" "- Detail -"
$T resize-window -t ui -x 90 -y 24
if wait_for "Frames: 132" && [ "$(screen | wc -l)" -eq 24 ] && screen | tail -n 1 | grep -qF "Frames: 132"; then ok; else bad "resize to 90x24"; fi
keys q
st=$(wait_exit)
if [ "$st" = "0" ]; then ok; else bad "quit: exit status '$st'"; fi

# ---- colour, and none with NO_COLOR ----
start "TERM=xterm-256color" "tui $APPS"
expect "coloured start" "Frames: 132"
if $T capture-pane -e -p -t ui | grep -q "$(printf '\033')\[[0-9;]*3[0-7]m"; then ok; else bad "no colour on a colour terminal"; fi
# the colouring rules: name resolution blue, other UDP cyan
pane=$($T capture-pane -e -p -t ui)
if printf '%s\n' "$pane" | grep " LLMNR " | grep -q "$(printf '\033')\[34m"; then ok; else bad "an LLMNR row is not in DNS's colour"; fi
if printf '%s\n' "$pane" | grep " NBNS " | grep -q "$(printf '\033')\[36m"; then ok; else bad "an NBNS row is not in UDP's colour"; fi
keys q
wait_exit >/dev/null
start "TERM=xterm-256color NO_COLOR=1" "tui $APPS"
expect "NO_COLOR start" "Frames: 132"
if $T capture-pane -e -p -t ui | grep -q "$(printf '\033')\[[0-9;]*3[0-7]m"; then bad "colour despite NO_COLOR"; else ok; fi
keys q
wait_exit >/dev/null

# ---- mouse: the xterm (SGR) reports a terminal sends, typed into the pane ----
start "TERM=xterm-256color" "tui $APPS"
expect "mouse start" "Frames: 132"
# a click on screen line 5 (the list's third row) selects frame 3
keys -l "$(printf '\033[<0;10;5M\033[<0;10;5m')"
expect "click selects a row" "> Frame 3: 73 bytes on wire"
keys -l "$(printf '\033[<65;10;5M')"
expect "wheel down" "> Frame 6: 342 bytes on wire"
keys -l "$(printf '\033[<64;10;5M')"
expect "wheel up" "> Frame 3: 73 bytes on wire"
# a click in the detail pane gives it the keys: j moves its cursor
dline=$(screen | grep -n -- "^- Detail -" | cut -d: -f1)
if [ -n "$dline" ]; then
	keys -l "$(printf '\033[<0;10;%dM\033[<0;10;%dm' $((dline + 2)) $((dline + 2)))"
	expect "click focuses the detail pane" "field: frame"
	keys j j
	expect "the detail pane takes the keys" "field: ip"
else
	bad "no detail pane to click"
fi
keys q
wait_exit >/dev/null

# ---- 8, 256 and no colours: each starts, draws and follows a stream ----
for term in xterm xterm-256color xterm-mono "xterm-256color NO_COLOR=1"; do
	start "TERM=$term" "tui $APPS"
	expect "TERM=$term starts" "Frames: 132"
	expect "TERM=$term draws the list" "Standard query 0x1a2b A www.example.test"
	keys : 3 3 Enter F
	expect "TERM=$term follows" "< HTTP/1.1 200 OK"
	coloured=no
	if $T capture-pane -e -p -t ui | grep -q "$(printf '\033')\[[0-9;]*3[0-7]m"; then coloured=yes; fi
	case $term in
	xterm|xterm-256color) want=yes ;;
	*) want=no ;;
	esac
	if [ $coloured = $want ]; then ok; else bad "TERM=$term: colour '$coloured', want '$want'"; fi
	keys q q
	st=$(wait_exit)
	if [ "$st" = "0" ]; then ok; else bad "TERM=$term: exit status '$st'"; fi
done

# ---- `analyze FILE` on a terminal, and errors ----
start "TERM=xterm-256color" "$APPS"
expect "analyze FILE opens the UI" "Frames: 132"
keys q
st=$(wait_exit)
if [ "$st" = "0" ]; then ok; else bad "analyze FILE: exit status '$st'"; fi
start "TERM=xterm-256color" "tui samples/no-such.pcap"
st=$(wait_exit)
if [ "$st" = "1" ] && screen | grep -qF "analyze: cannot read 'samples/no-such.pcap'"; then ok; else bad "missing file: status '$st'"; fi
"$BIN" $APPS >/dev/null 2>"$TMP/err" </dev/null
st=$?
if [ $st -eq 2 ] && grep -qxF "analyze: '$APPS' is a file, not a command: give a command first ('analyze tui $APPS' opens it on a terminal); try 'analyze --help'" "$TMP/err"; then ok; else bad "analyze FILE off a terminal: status $st"; fi
"$BIN" tui $APPS >/dev/null 2>"$TMP/err" </dev/null
st=$?
if [ $st -eq 1 ] && grep -qF "needs a terminal" "$TMP/err"; then ok; else bad "tui off a terminal: status $st"; fi

# ---- follow: segments out of order, a retransmission, nothing to follow ----
start "TERM=xterm-256color NO_COLOR=1" "tui samples/gen/ipv4-options-frag.pcap"
expect "out-of-order capture" "Frames: 14"
keys F x
expect "out of order: the server's bytes once each" "< 192.0.2.10:5201: 2896 bytes"
expect "out of order: in sequence order" "< 00000000  61 62 63 64 65 66 67 68  69 6a 6b 6c 6d 6e 6f 70  abcdefghijklmnop"
keys G
expect "out of order: the last line" "< 00000b40  63 64 65 66 67 68 69 6a  6b 6c 6d 6e 6f 70 71 72  cdefghijklmnopqr"
if ! screen | grep -qF "missing"; then ok; else bad "out of order: a gap where none is"; fi
keys q q
wait_exit >/dev/null
start "TERM=xterm-256color" "tui samples/gen/rtt-portreuse.pcap"
expect "retransmission capture" "Frames: "
keys : 1 2 Enter F
expect "retransmitted bytes shown once" "1000 bytes"
if screen | grep -E '^> [0-9.]+:[0-9]+: 1000 bytes$' >/dev/null && screen | grep -qF "end of stream: 1000 bytes"; then ok; else bad "retransmission counted twice"; fi
keys q q
wait_exit >/dev/null
start "TERM=xterm-256color" "tui samples/gen/icmp.pcap"
expect "icmp capture" "Frames: "
keys F
expect "nothing to follow" "frame 1 is not in a TCP or UDP stream: nothing to follow"
keys q
st=$(wait_exit)
if [ "$st" = "0" ]; then ok; else bad "follow errors: exit status '$st'"; fi

# ---- the SYN-ACK's [SEQ/ACK analysis]: open it, read the RTT; its expert item ----
start "TERM=xterm-256color" "tui samples/gen/rtt-basic.pcap"
expect "rtt capture" "Frames: 27"
keys : 4 Enter Tab
expect "SYN-ACK's tree" "> Frame 4: 74 bytes on wire"
keys G Enter z G
expect "TCP's subtrees, closed" "> [SEQ/ACK analysis]"
if ! screen | grep -qF "[The RTT to ACK"; then ok; else bad "SEQ/ACK analysis shown open"; fi
expect "subtree's filter name" "field: tcp.analysis"
keys Enter
expect "SEQ/ACK analysis opened" "v [SEQ/ACK analysis]"
# its lines may run below the pane: the last one brings them into view
keys G
expect "acked frame" "        [This is an ACK to the segment in frame: 1]"
expect "the RTT" "        [The RTT to ACK the segment was: 0.012345000 seconds]"
expect "RTT line's filter name" "field: tcp.analysis.ack_rtt"
keys Left
if wait_for "> [SEQ/ACK analysis]" && ! screen | grep -qF "[The RTT to ACK"; then ok; else bad "Left on the RTT closes SEQ/ACK analysis"; fi
# the SYN flag's expert item opens like any subtree
keys g
n=0
while [ $n -lt 80 ] && ! screen | tail -n 1 | grep -qF "field: tcp.flags.syn"; do
	keys j
	sleep 0.05
	n=$((n + 1))
done
expect "on the Syn flag" "field: tcp.flags.syn"
keys Enter
expect "expert item" "      > [Expert Info (Chat/Sequence): Connection establish acknowledge (SYN+ACK): server port 80]"
keys j Enter
expect "expert item opened" "          [Severity level: Chat]"
keys q q
wait_exit >/dev/null

# ---- URL sources: fetched into the cache, then opened; a failed fetch ----
FAULT=$(dirname "$BIN")/tools/faultserver
if [ -x "$FAULT" ]; then
	"$FAULT" ok 0 "$TMP/port" "$TMP/log" "$APPS" &
	fpid=$!
	n=0
	while [ ! -s "$TMP/port" ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
	url=http://127.0.0.1:$(cat "$TMP/port")/caps/apps.pcap
	start "TERM=xterm-256color ANALYZE_CACHE_DIR=$TMP/cache" "tui $url"
	expect "URL opened" "Frames: 132"
	keys : 3 3 Enter F
	expect "URL: follow works on the fetched copy" "< HTTP/1.1 200 OK"
	keys q q
	st=$(wait_exit)
	if [ "$st" = "0" ] && screen | grep -qF "analyze: fetching the capture before the terminal UI opens"; then ok; else bad "URL: exit status '$st'"; fi
	if cmp -s "$APPS" "$TMP/cache"/*/apps.pcap; then ok; else bad "URL: the cached copy differs"; fi
	kill $fpid 2>/dev/null
	wait $fpid 2>/dev/null
	# the server gone: the cached copy opens after a one-line warning; --offline asks nothing
	start "TERM=xterm-256color ANALYZE_CACHE_DIR=$TMP/cache" "tui $url"
	expect "server gone: the cached copy opened" "Frames: 132"
	keys q q
	st=$(wait_exit)
	if [ "$st" = "0" ] && [ "$(screen | grep -c '^analyze: warning: could not check for a newer version, reading the cached copy: ')" = "1" ]; then ok; else bad "server gone: exit status '$st'"; fi
	start "TERM=xterm-256color ANALYZE_CACHE_DIR=$TMP/cache" "tui --offline $url"
	expect "--offline: the cached copy opened" "Frames: 132"
	keys q q
	st=$(wait_exit)
	if [ "$st" = "0" ] && ! screen | grep -q '^analyze: warning'; then ok; else bad "--offline: exit status '$st'"; fi
	# a closed port: retried (each retry said while it waits), then one line and exit 1
	start "TERM=xterm-256color ANALYZE_CACHE_DIR=$TMP/cache" "tui http://127.0.0.1:1/x.pcap"
	if wait_for "analyze: http://127.0.0.1:1/x.pcap: " && screen | grep -qE '^analyze: http://127\.0\.0\.1:1/x\.pcap: .+, retrying in [0-9]+ ms$'; then ok; else bad "failed fetch: the retries not said"; fi
	LIMIT=60 wait_exit >/dev/null
	st=$(cat "$TMP/exit" 2>/dev/null)
	if [ "$st" = "1" ] && [ "$(screen | grep -c '^analyze: cannot fetch ')" = "1" ] &&
		screen | grep -qF "analyze: cannot fetch 'http://127.0.0.1:1/x.pcap': cannot connect"; then ok; else bad "failed fetch: status '$st'"; fi
else
	echo "SKIP tui: URL sources ($FAULT is not built)"
fi

# ---- marks: seen by filters, search and the tree ----
start "TERM=xterm-256color" "tui $APPS"
expect "marks: start" "Frames: 132"
keys : 3 3 Enter m
expect "frame 33 marked" "frame 33 marked"
keys : 3 8 Enter m
expect "frame 38 marked" "frame 38 marked"
keys Tab e
expect "tree: a marked frame" "Frame is marked: True"
keys Tab Tab : 3 7 Enter
expect "tree: an unmarked frame" "Frame is marked: False"
keys / C-u
keys -l "frame.marked == 1"
keys Enter
expect "filter on marks" "Displayed: 2 of 132 frames"
if [ "$(listed)" = "33 38 " ]; then ok; else bad "frame.marked == 1 lists '$(listed)'"; fi
keys / C-u
keys -l "frame.marked == 0 && tcp.stream == 1"
keys Enter
expect "filter on unmarked frames" "Displayed: 12 of 132 frames"
if [ "$(listed)" = "29 30 31 32 34 35 36 37 39 40 41 42 " ]; then ok; else bad "frame.marked == 0 lists '$(listed)'"; fi
keys / C-u Enter
expect "filter cleared" "Frames: 132"
keys : 3 8 Enter m
expect "frame 38 unmarked" "frame 38 unmarked"
expect "tree follows the unmark" "Frame is marked: False"
keys q
wait_exit >/dev/null

# ---- the filter bar: completion's candidates, the old text selected, Esc ----
start "TERM=xterm-256color" "tui $APPS"
expect "bar: start" "Frames: 132"
keys /
keys -l "tcp.s"
keys Tab
expect "completion candidates shown" "tcp.srcport"
if screen | tail -n 1 | grep -qF "tcp.stream" && screen | tail -n 1 | grep -qF "tcp.seq"; then ok; else bad "completion: candidates not on the status line"; fi
keys C-u
keys -l "udp"
keys Enter
expect "udp applied" "Displayed: 18 of 132 frames"
keys /
expect "reopened with the filter" "Filter: udp"
keys -l "tcp.port == 80"
expect "typing replaces the old text" "Filter: tcp.port == 80"
if [ "$(screen | head -n 1 | sed 's/ *$//')" = "Filter: tcp.port == 80" ]; then ok; else bad "the old text was not replaced: '$(screen | head -n 1)'"; fi
keys Escape
expect "Esc: edit cancelled" "edit cancelled: the filter stays"
if [ "$(screen | head -n 1 | sed 's/ *$//')" = "Filter: udp" ] && screen | tail -n 1 | grep -qF "Displayed: 18 of 132 frames"; then ok; else bad "Esc changed the filter applied"; fi
keys / BSpace Enter
expect "Backspace on the selection, Enter: every frame" "filter cleared"
expect "every frame" "Frames: 132"
# search: the last text comes back selected, typing replaces it
keys C-f
keys -l "GET /"
keys Enter
expect "search: first" "found string 'GET /' in frame 32"
keys C-f
expect "search: reopened" "Search string: GET /"
keys -l "HTTP/1.1 200"
keys Enter
expect "search: typing replaced the old text" "found string 'HTTP/1.1 200' in frame 33"
keys q
wait_exit >/dev/null

# ---- go to a frame past the end; statistics reopen where they were ----
start "TERM=xterm-256color" "tui $APPS"
expect "reopen: start" "Frames: 132"
keys : 9 9 9 Enter
expect "past the end, after indexing" "no frame 999: the capture has 132 frames"
keys s 2
expect "destinations" "[2 Destinations and Ports]"
expect "destinations counted" "51413"
keys j j j Enter
expect "destinations: a port's filter" "Filter: tcp.port == 51413"
expect "its frames" "Displayed: 36 of 132 frames"
keys / C-u Enter
expect "reopen: every frame" "Frames: 132"
keys s
expect "s reopens the last view" "[2 Destinations and Ports]"
expect "reopened view counted" "51413"
keys Enter
expect "the same row selected" "Filter: tcp.port == 51413"
keys / C-u Enter
expect "reopen: every frame again" "Frames: 132"
# a view keeps its place when another is shown between
keys s 3 j 2 1 2 Enter
expect "destinations kept its row across views" "Filter: tcp.port == 51413"
keys q
wait_exit >/dev/null
# a file that does not exist, on a terminal: one line, exit 1
start "TERM=xterm-256color" "/nonexistent.pcap"
st=$(wait_exit)
if [ "$st" = "1" ] && [ "$(screen | grep -c .)" = "1" ] && screen | grep -qxF "analyze: cannot read '/nonexistent.pcap': No such file or directory"; then ok; else bad "missing file on a terminal: status '$st'"; fi

# ---- small windows: Info keeps 20 columns, addresses elided in the middle,
# every column in line, the bytes pane's lines whole, the selection kept ----
# aligned: every list row's Length column ends where its heading does
aligned() {
	screen | sed 's/…/~/g; s/→/>/g' | awk '
		/^>? *No\. +Time/ {on = 1; end = index($0, "Length") + 5; next}
		/^- Detail -/ {on = 0}
		on && $0 ~ /^.? +[0-9]+ / {n++; if (substr($0, end, 1) !~ /[0-9]/ || substr($0, end + 1, 1) != " ") bad++}
		END {exit !(n > 0 && bad == 0)}'
}
# redrawn W: after a resize to W columns, until the status line's right
# part (" Frames: N ", its last blank trimmed) ends at the new right edge
redrawn() {
	i=0
	while [ $i -lt $((LIMIT * 20)) ]; do
		at=$(screen | tail -n 1 | awk '/ Frames: [0-9]+$/ {print length($0) + 1}')
		[ "$at" = "$1" ] && return 0
		sleep 0.05
		i=$((i + 1))
	done
	bad "not redrawn at $1 columns"
}
start "TERM=xterm-256color" "tui $APPS"
expect "small: start" "Frames: 132"
keys : 8 Enter
expect "small: frame 8" "> Frame 8:"
$T resize-window -t ui -x 80 -y 24
redrawn 80
expect "80x24: the selection kept" "> Frame 8:"
col=$(screen | sed -n 2p | awk '{print index($0, "Info")}')
if [ "$col" -gt 0 ] && [ "$col" -le 61 ]; then ok; else bad "80x24: Info starts at column '$col'"; fi
expect "80x24: Info shown" "Network Time Protoco"
expect "80x24: an address elided in the middle" " 198.5…00.20 10.0.0.4 "
if aligned; then ok; else bad "80x24: columns out of line"; fi
$T resize-window -t ui -x 60 -y 15
redrawn 60
expect "60x15: the selection kept" "> Frame 8:"
# each line of the bytes pane holds the bytes its offset says: 90 bytes, 8 a line
got=$(screen | awk '/^- Bytes -/ {on = 1; next} on && /^[0-9a-f][0-9a-f][0-9a-f][0-9a-f]  / {n = 0; for (i = 2; i <= NF && $i ~ /^[0-9a-f][0-9a-f]$/; i++) n++; printf "%s:%d ", $1, n}')
if [ "$got" = "0000:8 0008:8 " ]; then ok; else bad "60x15: bytes lines '$got'"; fi
keys Tab Tab G
expect "60x15: the last bytes line" "0058  "
if screen | grep -qE '^0050  ([0-9a-f]{2} ){8}  ' && screen | grep -qE '^0058  [0-9a-f]{2} [0-9a-f]{2}   '; then ok; else bad "60x15: the last lines are not 8 and 2 bytes"; fi
keys Tab
$T resize-window -t ui -x 120 -y 40
redrawn 120
expect "back to 120x40: the selection kept" "> Frame 8:"
if screen | grep -qE '^0000  ([0-9a-f]{2} ){8} ([0-9a-f]{2} ){8} '; then ok; else bad "120x40: 16 bytes a line again"; fi
keys q
wait_exit >/dev/null
# IPv6 addresses wider than the column stay in it (a shared capture, when present)
V6=../shared/captures/real/ndpi__6in4tunnel.pcap
if [ -f "$V6" ]; then
	start "TERM=xterm-256color" "tui $V6"
	expect "IPv6: start" "Frames: "
	expect "IPv6: elided" "2001:470:1…fe73:4dec 2604:a880:…:224:b001"
	if aligned; then ok; else bad "IPv6 at 120x40: columns out of line"; fi
	$T resize-window -t ui -x 80 -y 24
	redrawn 80
	if aligned; then ok; else bad "IPv6 at 80x24: columns out of line"; fi
	keys q
	wait_exit >/dev/null
else
	echo "SKIP tui: IPv6 columns ($V6 is not here)"
fi

# ---- follow a stream bigger than what is held: its size at once, G at the
# end in one press, scrolling back across what was dropped, g at the start ----
MKSTREAM=$(dirname "$BIN")/tools/mkstream
if [ -x "$MKSTREAM" ] && "$MKSTREAM" "$TMP" 5; then
	n=$("$BIN" list -T fields -e frame.number "$TMP/stream.pcap" | wc -l)
	start "TERM=xterm-256color" "tui $TMP/stream.pcap"
	expect "big stream indexed" "Frames: $n"
	keys : 5 Enter F
	# 15 bytes of request, 5 MiB of 1024-byte lines
	expect "big stream: its size" "q: back  5242895 bytes"
	expect "big stream: the server's side" "< 192.0.2.10:5201: 5242880 bytes"
	expect "big stream: the first line" "< line 000000000 pqrstuvwxyz"
	expect "big stream: a part held" "bytes 0-"
	keys G
	expect "G: the last line at once" "< line 000005119 pqrstuvwxyz"
	expect "G: the end, the last part held" "end of stream: 5242895 bytes (bytes 4194447-5242895 held; g: the start)"
	# 70 pages of 34 lines back from the last page: two parts before
	i=0
	while [ $i -lt 7 ]; do keys PPage PPage PPage PPage PPage PPage PPage PPage PPage PPage; i=$((i + 1)); done
	expect "back across what was dropped" "< line 000002706 pqrstuvwxyz"
	if screen | grep -E '^< line 0000027[0-9][0-9] ' | awk '{print $3 + 0}' | awk 'NR > 1 && $1 != prev + 1 {bad = 1} {prev = $1} END {exit bad}'; then ok; else bad "big stream: lines out of order after scrolling back"; fi
	expect "a part further back held" "bytes 2097935-4195855 of 5242895"
	keys g
	expect "g: the start" "< line 000000000 pqrstuvwxyz"
	expect "g: the first part held" "bytes 0-"
	# finding past what is held: the part with it is read, the line on top
	keys /
	keys -l "LINE 000004000"
	keys Enter
	expect "big stream: found past what is held" "found 'line 000004000' ending at byte 4096029 of the stream"
	if screen | sed -n 5p | grep -qF "< line 000004000 pqrstuvwxyz"; then ok; else bad "big stream: the line found is not on top"; fi
	# saving it all: 5 MiB and the request, never held whole
	keys w
	keys -l "$TMP/big.bin"
	keys Enter
	expect "big stream saved" "saved 5242895 bytes of the stream to '$TMP/big.bin'"
	if [ "$(wc -c < "$TMP/big.bin")" -eq 5242895 ] && [ "$(tail -c 1024 "$TMP/big.bin" | head -c 14)" = "line 000005119" ]; then ok; else bad "big stream: the saved bytes"; fi
	keys q q
	wait_exit >/dev/null
else
	echo "SKIP tui: a stream bigger than what is held ($MKSTREAM is not built)"
fi

# ---- columns: a field added from the tree (+), a fixed one hidden (C), both
# kept in the configuration for the next run ----
start "TERM=xterm-256color" "tui $APPS"
expect "columns: start" "Frames: 132"
keys : 3 2 Enter Tab e
expect "columns: tree of 32" "Frame 32: 147 bytes"
n=0
while [ $n -lt 60 ] && ! screen | tail -n 1 | grep -qF "field: ip.ttl "; do keys j; sleep 0.03; n=$((n + 1)); done
keys +
expect "+: a column added" "column ip.ttl added (C: the columns)"
expect "the column's heading" "Length ip.ttl   Info"
want=$("$BIN" list -Y 'frame.number == 15' -T fields -e ip.ttl $APPS)
if [ "$want" = "64,64" ] && screen | grep -E '^. +15 ' | grep -qF " $want "; then ok; else bad "frame 15's ip.ttl column is not '$want'"; fi
keys +
expect "+ again: refused" "ip.ttl: a column already"
keys C
expect "columns screen" "Columns  Space: show or hide"
expect "columns screen lists the field" "[x] ip.ttl (field)"
keys j j Space
expect "Source hidden" "column Source hidden"
keys q
if wait_for "Destination          Protocol" && ! screen | grep -F "Destination" | grep -qF "Source"; then ok; else bad "the Source column still shows"; fi
if grep -qx 'fields=ip.ttl;' "$XDG_CONFIG_HOME/analyze/tui.conf" && grep -qx 'hidden=Source;' "$XDG_CONFIG_HOME/analyze/tui.conf"; then ok; else bad "columns not kept: $(cat "$XDG_CONFIG_HOME/analyze/tui.conf" 2>&1)"; fi
keys q
wait_exit >/dev/null
start "TERM=xterm-256color" "tui $APPS"
expect "columns kept for the next run" "Length ip.ttl   Info"
if ! screen | grep -F "Destination" | grep -qF "Source"; then ok; else bad "Source hidden is not kept"; fi
keys C j j Space j j j j j d
expect "field column removed" "column ip.ttl removed"
keys q
if wait_for "Length Info" && screen | grep -qF "Source"; then ok; else bad "columns not back as they were"; fi
keys q
wait_exit >/dev/null
printf '[columns]\nfields=no.such.field;tcp.window_size\n' > "$XDG_CONFIG_HOME/analyze/tui.conf"
start "TERM=xterm-256color" "tui $APPS"
expect "a column that is no field is said" "no such field 'no.such.field': column left out"
expect "the others kept" "Length tcp.window_size Info"
keys q
wait_exit >/dev/null
rm -rf "$XDG_CONFIG_HOME"

# ---- a filter from a tree line: apply, prepare, and the and/or/not menu ----
# find_field NAME: moves the tree's cursor from its top to the line of NAME
find_field() {
	keys g
	n=0
	while [ $n -lt 120 ] && ! screen | tail -n 1 | grep -qF "field: $1 "; do
		keys j
		sleep 0.03
		n=$((n + 1))
	done
	expect "tree line $1" "field: $1 "
}
# frames_of FILTER: what `analyze list -Y` lists
frames_of() { "$BIN" list -Y "$1" -T fields -e frame.number $APPS | tr '\n' ' '; }
start "TERM=xterm-256color" "tui $APPS"
expect "apply: start" "Frames: 132"
keys : 3 2 Enter Tab e
expect "apply: tree of 32" "Frame 32: 147 bytes"
# y / Y copy a line's value / bytes through OSC 52 (tmux keeps them as a buffer)
$T set -g set-clipboard on
find_field ip.dst
keys y
expect "y: value copied" "copied the value of ip.dst ('192.0.2.10') to the clipboard"
if [ "$($T show-buffer 2>/dev/null)" = "192.0.2.10" ]; then ok; else bad "y: the clipboard holds '$($T show-buffer 2>/dev/null)'"; fi
keys Y
expect "Y: bytes copied" "copied 4 bytes of ip.dst as hex to the clipboard"
if [ "$($T show-buffer 2>/dev/null)" = "c000020a" ]; then ok; else bad "Y: the clipboard holds '$($T show-buffer 2>/dev/null)'"; fi
find_field tcp.srcport
keys a
expect "a: applied" "Filter: tcp.srcport == 40202"
want=$(frames_of "tcp.srcport == 40202")
expect "a: its frames" "Displayed: $(echo $want | wc -w) of 132 frames"
if [ "$(listed)" = "$want" ]; then ok; else bad "tcp.srcport == 40202 lists '$(listed)' (want '$want')"; fi
find_field ip.dst
keys A
expect "A: the menu" "& ...and selected"
keys "&"
expect "A &: joined" "Filter: (tcp.srcport == 40202) && ip.dst == 192.0.2.10"
want=$(frames_of "(tcp.srcport == 40202) && ip.dst == 192.0.2.10")
expect "A &: its frames" "Displayed: $(echo $want | wc -w) of 132 frames"
if [ "$(listed)" = "$want" ]; then ok; else bad "and-joined filter lists '$(listed)' (want '$want')"; fi
keys P n
expect "P n: prepared, not applied" "Filter: !(ip.dst == 192.0.2.10)"
expect "P n: being edited" "filter is good"
if screen | tail -n 1 | grep -qF "Displayed: $(echo $want | wc -w) of 132 frames"; then ok; else bad "P applied the filter"; fi
keys Escape
expect "prepared filter left" "edit cancelled"
find_field http.request.method
keys p
expect "p: a string quoted" 'Filter: http.request.method == "GET"'
keys Enter
want=$(frames_of 'http.request.method == "GET"')
expect "p, Enter: applied" "Displayed: $(echo $want | wc -w) of 132 frames"
if [ "$(listed)" = "$want" ] && [ "$want" = "32 37 " ]; then ok; else bad "http.request.method lists '$(listed)' (want '$want')"; fi
keys A Escape
expect "menu closed" "filter menu closed"
keys q
wait_exit >/dev/null

# ---- Expert Information: the rows of `analyze expert`, Enter filters ----
start "TERM=xterm-256color" "tui $APPS"
expect "expert: start" "Frames: 132"
keys s 6
expect "expert view" "[6 Expert Info]"
expect "expert rows" "Connection finish (FIN)"
# every item of `analyze expert` on a row of its own, in its order
"$BIN" expert -T csv $APPS | tail -n +2 | awk -F, '{printf "%s %s %s %s  %s\n", $1, $2, $3, $NF, $4}' | tr -s ' ' > "$TMP/expert.want"
screen | awk '/^Severity +Group/ {on = 1; next} on && NF' | tr -s ' ' | head -n "$(wc -l < "$TMP/expert.want")" > "$TMP/expert.got"
if [ -s "$TMP/expert.want" ] && sed 's/ $//' "$TMP/expert.got" | cmp -s - "$TMP/expert.want"; then ok; else bad "expert rows differ from analyze expert: $(diff "$TMP/expert.want" "$TMP/expert.got" | head -n 4 | tr '\n' '|')"; fi
# Enter on the seventh row (Connection finish), then on an HTTP status line
keys j j j j j j Enter
expect "expert: a row's filter" 'Filter: _ws.expert.message == "Connection finish (FIN)"'
want=$("$BIN" list -Y '_ws.expert.message == "Connection finish (FIN)"' -T fields -e frame.number $APPS | tr '\n' ' ')
expect "expert: its frames" "Displayed: 20 of 132 frames"
if [ "$(listed | cut -d' ' -f1-18)" = "$(echo "$want" | cut -d' ' -f1-18)" ]; then ok; else bad "expert filter lists '$(listed)' (want '$want')"; fi
# s reopens the view on the row left (counted again first; every frame again)
keys / C-u Enter
expect "expert: every frame" "Frames: 132"
keys s
expect "expert: reopened" "This frame initiates the connection closing"
keys j j j j Enter
expect "expert: a message with CR LF" 'Filter: _ws.expert.message == "HTTP/1.1 200 OK\\r\\n"'
expect "expert: its frames" "Displayed: 2 of 132 frames"
want=$("$BIN" list -Y '_ws.expert.message == "HTTP/1.1 200 OK\\r\\n"' -T fields -e frame.number $APPS | tr '\n' ' ')
if [ "$(listed)" = "$want" ] && [ "$want" = "35 38 " ]; then ok; else bad "HTTP status expert filter lists '$(listed)' (want '$want')"; fi
keys q
wait_exit >/dev/null

# ---- capture file properties: what `analyze info` prints ----
start "TERM=xterm-256color" "tui $APPS"
expect "props: start" "Frames: 132"
keys I
expect "properties" "Capture File Properties (analyze info)"
expect "properties read" "Malformed packets:"
"$BIN" info $APPS > "$TMP/info.want"
screen | sed -n "3,$(($(wc -l < "$TMP/info.want") + 2))p" | sed 's/ *$//' > "$TMP/info.got"
if cmp -s "$TMP/info.got" "$TMP/info.want"; then ok; else bad "properties differ from analyze info: $(diff "$TMP/info.want" "$TMP/info.got" | head -n 4 | tr '\n' '|')"; fi
keys q
expect "properties closed" "- Detail -"
keys q
st=$(wait_exit)
if [ "$st" = "0" ]; then ok; else bad "properties: exit status '$st'"; fi
# a compressed capture: the decompressed copy is read through this process's descriptor
mkdir -p "$TMP/zp"
gzip -c "$APPS" > "$TMP/zp/apps.pcap.gz"
start "TERM=xterm-256color TMPDIR=$TMP/zp" "tui $TMP/zp/apps.pcap.gz"
expect "props of a compressed file: start" "Frames: 132"
keys I
expect "props of a compressed file" "Number of packets:     132"
keys q q
wait_exit >/dev/null

# ---- export: the frames shown, the marked ones, a range; the files read back ----
# same_frames FILE FILTER: FILE holds the frames FILTER keeps in $APPS (times and lengths)
same_frames() {
	"$BIN" list -T fields -e frame.time_epoch -e frame.len -e frame.cap_len "$1" > "$TMP/ex.got" 2>&1
	"$BIN" list -Y "$2" -T fields -e frame.time_epoch -e frame.len -e frame.cap_len $APPS > "$TMP/ex.want"
	cmp -s "$TMP/ex.got" "$TMP/ex.want" || return 1
	if command -v tshark >/dev/null 2>&1; then
		# tshark reads it as the same frames (not a test dependency: checked when installed)
		tshark -r "$1" -T fields -e frame.len > "$TMP/ex.tshark" 2>/dev/null || return 1
		cut -f2 "$TMP/ex.want" | cmp -s - "$TMP/ex.tshark" || return 1
	fi
	return 0
}
start "TERM=xterm-256color" "tui $APPS"
expect "export: start" "Frames: 132"
keys / C-u
keys -l "tcp.port == 80"
keys Enter
expect "export: filtered" "Displayed: 14 of 132 frames"
keys w
expect "export menu" "Export: d the frames shown (14)  m marked (0)  a all (132)  r a range"
keys d
expect "export: file prompt" "Export to (.pcapng or .pcap):"
keys -l "$TMP/shown.pcapng"
keys Enter
expect "export: shown written" "exported 14 frames to '$TMP/shown.pcapng'"
if "$BIN" info "$TMP/shown.pcapng" | grep -qx "File type:             pcapng" && same_frames "$TMP/shown.pcapng" "tcp.port == 80"; then ok; else bad "export of the frames shown: $(head -c 300 "$TMP/ex.got")"; fi
keys / C-u Enter
expect "export: every frame" "Frames: 132"
# a file there: asked before it is replaced, kept on n, replaced on y; no temporary file left
APPSUM=$(cksum < "$APPS")
cp "$TMP/shown.pcapng" "$TMP/shown.before"
keys w a
keys -l "$TMP/shown.pcapng"
keys Enter
expect "export: asks before replacing" "'$TMP/shown.pcapng' exists: y replaces it, n or Esc keeps it"
keys n
expect "export: kept" "'$TMP/shown.pcapng' kept: not saved"
if cmp -s "$TMP/shown.pcapng" "$TMP/shown.before"; then ok; else bad "export: the file was changed after n"; fi
keys w a
keys -l "$TMP/shown.pcapng"
keys Enter
expect "export: asks again" "'$TMP/shown.pcapng' exists: y replaces it"
keys y
expect "export: replaced" "exported 132 frames to '$TMP/shown.pcapng'"
if same_frames "$TMP/shown.pcapng" "frame" && [ -z "$(ls "$TMP"/shown.pcapng.* 2>/dev/null)" ] &&
	[ "$(cksum < "$APPS")" = "$APPSUM" ]; then ok; else bad "export: the replaced file, a temporary file left or the capture changed"; fi
keys w a
keys -l "$APPS"
keys Enter
expect "export: not over the capture" "'$APPS' is the capture being read: not exported"
keys : 3 Enter m : 5 Enter m : 1 1 0 Enter m
expect "export: marked" "frame 110 marked"
keys w m
keys -l "$TMP/marked.pcap"
keys Enter
expect "export: marked written" "exported 3 frames to '$TMP/marked.pcap'"
if "$BIN" info "$TMP/marked.pcap" | grep -qx "File type:             pcap" && same_frames "$TMP/marked.pcap" "frame.number in {3, 5, 110}"; then ok; else bad "export of the marked frames"; fi
keys w r
keys -l "30-10"
keys Enter
expect "export: a bad range" "not a range of frames 1-132: '30-10'"
keys -l "10-20"
keys Enter
expect "export: range file prompt" "Export to (.pcapng or .pcap):"
keys -l "$TMP/range.pcapng"
keys Enter
expect "export: range written" "exported 11 frames to '$TMP/range.pcapng'"
if same_frames "$TMP/range.pcapng" "frame.number >= 10 && frame.number <= 20"; then ok; else bad "export of a range"; fi
keys w Escape
expect "export cancelled" "export cancelled"
keys w a
keys -l "$TMP/no-such-dir/x.pcapng"
keys Enter
expect "export: a file that cannot be written" "cannot write '$TMP/no-such-dir/x.pcapng': No such file or directory: not exported"
keys q
wait_exit >/dev/null

# ---- an export interrupted (the UI killed mid-write): no temporary file
# left, none mistaken for output; those of ended processes are removed at
# the next export to the name, a live process's kept ----
GENCAP=$(dirname "$BIN")/tools/gencap
if [ -x "$GENCAP" ]; then
	mkdir -p "$TMP/int"
	"$GENCAP" -n 60000 -o "$TMP/big.pcap" > /dev/null
	OUT=$TMP/int/big.pcapng
	dead=$(sh -c 'echo $$') # a process that has ended
	: > "$OUT.part-$dead"
	: > "$OUT.part-$dead.part-1"
	: > "$OUT.part-$$"     # this script's, alive
	# interrupt MODE: exports every frame to $OUT, kills the UI with MODE
	# while the writer runs; sets $ui and $writer
	interrupt() {
		start "TERM=xterm-256color" "tui $TMP/big.pcap"
		expect "interrupted export ($1): indexed" "Frames: "
		ui=$(pgrep -P "$($T display -p -t ui '#{pane_pid}')" | head -n 1)
		keys w a
		keys -l "$OUT"
		keys Enter
		expect "interrupted export ($1): writing" "writing "
		writer=$(pgrep -P "$ui" | head -n 1)
		if [ -n "$writer" ]; then ok; else bad "interrupted export ($1): the export ended before it was interrupted"; fi
		kill "-$1" "$ui"
		i=0
		while [ -n "$writer" ] && kill -0 "$writer" 2> /dev/null && [ $i -lt $((LIMIT * 20)) ]; do
			sleep 0.05
			i=$((i + 1))
		done
		if [ -n "$writer" ] && kill -0 "$writer" 2> /dev/null; then bad "interrupted export ($1): the writer outlived the UI"; else ok; fi
	}
	interrupt TERM
	st=$(wait_exit)
	left=$(cd "$TMP/int" && ls -A | tr '\n' ' ')
	if [ "$st" = "143" ] && [ "$left" = "big.pcapng.part-$$ " ]; then ok; else
		bad "interrupted export (TERM): status '$st', files left: '$left'"; fi
	# killed outright: it cannot clean up; what it left is not the output,
	# and the next export to the name removes it
	interrupt KILL
	st=$(wait_exit)
	if [ "$st" = "137" ] && [ ! -e "$OUT" ]; then ok; else bad "interrupted export (KILL): status '$st', output there"; fi
	start "TERM=xterm-256color" "tui $TMP/big.pcap"
	expect "export after an interrupted one: indexed" "Frames: "
	keys w a
	keys -l "$OUT"
	keys Enter
	expect "export after an interrupted one" "exported "
	left=$(cd "$TMP/int" && ls -A | tr '\n' ' ')
	if [ "$left" = "big.pcapng big.pcapng.part-$$ " ]; then ok; else bad "export after an interrupted one: files there: '$left'"; fi
	if [ "$("$BIN" list -T fields -e frame.len "$OUT" | cksum)" = "$("$BIN" list -T fields -e frame.len "$TMP/big.pcap" | cksum)" ]; then
		ok; else bad "export after an interrupted one: not the capture's frames"; fi
	keys q
	wait_exit > /dev/null
	rm -rf "$TMP/int" "$TMP/big.pcap"
else
	echo "SKIP tui: an interrupted export ($GENCAP is not built)"
fi

# ---- the time reference (Ctrl-T): later times count from it, *REF* on its row ----
start "TERM=xterm-256color" "tui $APPS"
expect "ref: start" "Frames: 132"
keys : 2 9 Enter C-t
expect "ref set" "frame 29 is the time reference (*REF*)"
if screen | grep -qE '^> +29 +\*REF\* 10\.0\.0\.4 ' || screen | grep -qE '^ +29 +\*REF\* '; then ok; else bad "ref: no *REF* on frame 29's row"; fi
# frame 33 is 0.024840 s after frame 29; frame 28 still counts from frame 1
keys : 3 3 Enter
expect "ref: a later frame" " 33     0.024840 192.0.2.10"
expect "ref: an earlier frame" " 28    14.004902 10.0.0.4"
keys Tab e
expect "ref: the tree" "Time since reference or first frame: 0.024840000 seconds"
keys Tab Tab : 2 9 Enter C-t
expect "ref removed" "no time reference: times since the first frame"
expect "ref removed: times from the first frame" " 33    15.024840 192.0.2.10"
keys q
wait_exit >/dev/null

# ---- statistics of the frames shown, when a filter is applied ----
start "TERM=xterm-256color" "tui $APPS"
expect "limit: start" "Frames: 132"
keys / C-u
keys -l "tcp.port == 80"
keys Enter
expect "limit: filtered" "Displayed: 14 of 132 frames"
keys s 1
expect "hierarchy of the frames shown" "Protocol Hierarchy of the frames shown (tcp.port == 80)"
expect "hierarchy counted" "data-text-lines"
# each row's frames as `analyze hierarchy -Y` counts them
"$BIN" hierarchy -Y "tcp.port == 80" $APPS | awk 'NR > 1 && $1 != "total" {print $1, $2}' > "$TMP/phs.want"
screen | sed '$d' | awk '/^Protocol +% Frames/ {on = 1; next} on && NF >= 5 {print $1, $3}' > "$TMP/phs.got"
if [ -s "$TMP/phs.want" ] && cmp -s "$TMP/phs.got" "$TMP/phs.want"; then ok; else bad "filtered hierarchy: $(tr '\n' '|' < "$TMP/phs.got") (want $(tr '\n' '|' < "$TMP/phs.want"))"; fi
keys 2
expect "destinations of the frames shown" "Destinations and Ports of the frames shown (tcp.port == 80)"
expect "destinations counted" "40202"
"$BIN" dests -Y "tcp.port == 80" $APPS | awk 'NR > 2 {print $1, $(NF - 1)}' > "$TMP/dests.want"
screen | sed '$d' | awk '/^Destination \/ transport/ {on = 1; next} on && NF >= 3 && $0 !~ /destinations and ports/ {print $1, $(NF - 1)}' > "$TMP/dests.got"
if [ -s "$TMP/dests.want" ] && cmp -s "$TMP/dests.got" "$TMP/dests.want"; then ok; else bad "filtered destinations: $(tr '\n' '|' < "$TMP/dests.got") (want $(tr '\n' '|' < "$TMP/dests.want"))"; fi
# every frame again: the views count them all
keys q / C-u Enter
expect "limit: every frame" "Frames: 132"
keys s 1
expect "hierarchy of every frame" "Protocol Hierarchy   Enter"
keys q q
wait_exit >/dev/null

# ---- the pane with the keys says so ----
start "TERM=xterm-256color NO_COLOR=1" "tui $APPS"
expect "focus: start" "Frames: 132"
if screen | sed -n 2p | grep -qE '^> +No\. +Time' && ! screen | grep -qF "(the keys go here)"; then ok; else bad "focus: the list's heading does not say it has the keys"; fi
keys Tab
expect "focus: detail" "- Detail -  (the keys go here)"
if screen | sed -n 2p | grep -qE '^ +No\. +Time' && screen | grep -qx -- "- Bytes -"; then ok; else bad "focus: the list or the bytes still say they have the keys"; fi
keys Tab
expect "focus: bytes" "- Bytes -  (the keys go here)"
if screen | grep -qx -- "- Detail -"; then ok; else bad "focus: the detail pane still says it has the keys"; fi
keys Tab
i=0
while [ $i -lt $((LIMIT * 20)) ] && screen | grep -qF "(the keys go here)"; do sleep 0.05; i=$((i + 1)); done
if screen | sed -n 2p | grep -qE '^> +No\. +Time' && ! screen | grep -qF "(the keys go here)"; then ok; else bad "focus: back on the list"; fi
keys q
wait_exit >/dev/null

# ---- follow: one side only (d) ----
start "TERM=xterm-256color NO_COLOR=1" "tui $APPS"
expect "sides: start" "Frames: 132"
keys : 3 3 Enter F
expect "sides: both" "d: sides [both]"
expect "sides: both, the answer" "< HTTP/1.1 200 OK"
keys d
expect "sides: the client only" "d: sides [> only]"
# the text lines between the sides' totals and the footer
body() { screen | sed '$d' | sed -n '5,$p' | sed '$d' | grep -v '^ *$'; }
if body | grep -q '^> GET /index.html HTTP/1.1$' && ! body | grep -q '^<'; then ok; else bad "sides: '>' only shows '<' lines"; fi
keys d
expect "sides: the server only" "d: sides [< only]"
if body | grep -q '^< HTTP/1.1 200 OK$' && ! body | grep -q '^>'; then ok; else bad "sides: '<' only shows '>' lines"; fi
keys x
expect "sides: hex of the server only" "< 00000000  48 54 54 50 2f 31 2e 31  20 32 30 30 20 4f 4b 0d  HTTP/1.1 200 OK."
keys x d
expect "sides: both again" "d: sides [both]"
keys g
expect "sides: both, from the start" "> GET /index.html HTTP/1.1"
if body | grep -q '^>' && body | grep -q '^<'; then ok; else bad "sides: both not shown again"; fi
keys q q
wait_exit >/dev/null

# ---- the list scrolls sideways (Right / Left) ----
start "TERM=xterm-256color" "tui $APPS"
expect "hscroll: start" "Frames: 132"
$T resize-window -t ui -x 80 -y 24
redrawn 80
if ! screen | grep -qF "www.example.test"; then ok; else bad "hscroll: the end of frame 1's Info shows at 80 columns"; fi
keys Right Right Right Right
expect "hscroll: the end of Info" "Standard query 0x1a2b A www.example.test"
if ! screen | grep -qE '^ +1 +0\.000000 '; then ok; else bad "hscroll: the row did not move"; fi
keys Left Left Left Left
expect "hscroll: back" "     1     0.000000 10.0.0.4"
keys q
wait_exit >/dev/null

# ---- a conversation one way: > A to B, < B to A ----
start "TERM=xterm-256color" "tui $APPS"
expect "conv: start" "Frames: 132"
keys s 3
expect "conv: the view" "Enter: A<->B  >: A->B  <: B->A"
expect "conv: the row" "10.0.0.4:40202"
line=$(screen | awk 'index($0, "10.0.0.4:40202") {print NR; exit}')
n=$((line - 5))
while [ $n -gt 0 ]; do keys j; n=$((n - 1)); done
keys ">"
f="ip.src == 10.0.0.4 && tcp.srcport == 40202 && ip.dst == 192.0.2.10 && tcp.dstport == 80"
expect "conv: A to B" "Filter: $f"
want=$("$BIN" list -Y "$f" -T fields -e frame.number $APPS | tr '\n' ' ')
expect "conv: A to B frames" "Displayed: $(echo $want | wc -w) of 132 frames"
if [ "$(listed)" = "$want" ] && [ "$want" = "29 31 32 36 37 39 40 42 " ]; then ok; else bad "A to B lists '$(listed)' (want '$want')"; fi
keys / C-u Enter
expect "conv: every frame" "Frames: 132"
keys s
expect "conv: reopened" "Address A"
expect "conv: its rows" "10.0.0.4:40202"
keys "<"
f="ip.src == 192.0.2.10 && tcp.srcport == 80 && ip.dst == 10.0.0.4 && tcp.dstport == 40202"
expect "conv: B to A" "Filter: $f"
want=$("$BIN" list -Y "$f" -T fields -e frame.number $APPS | tr '\n' ' ')
expect "conv: B to A frames" "Displayed: $(echo $want | wc -w) of 132 frames"
if [ "$(listed)" = "$want" ] && [ "$want" = "30 33 34 35 38 41 " ]; then ok; else bad "B to A lists '$(listed)' (want '$want')"; fi
keys q
wait_exit >/dev/null

# ---- conversations and endpoints of Ethernet and IPv6 ----
start "TERM=xterm-256color" "tui $APPS"
expect "eth: start" "Frames: 132"
keys s 3 T T T
expect "IPv6 conversations" "Conversations: ipv6"
keys T
expect "Ethernet conversations" "Conversations: eth"
expect "Ethernet conversation row" "02:00:0a:00:00:04"
line=$(screen | awk 'index($0, "02:00:0a:00:00:04") && index($0, "02:00:0a:00:00:01") {print NR; exit}')
n=$((line - 5))
while [ $n -gt 0 ]; do keys j; n=$((n - 1)); done
keys Enter
f="eth.addr == 02:00:0a:00:00:04 && eth.addr == 02:00:0a:00:00:01"
expect "Ethernet conversation filter" "Filter: $f"
want=$("$BIN" list -Y "$f" -T fields -e frame.number $APPS | wc -l)
expect "Ethernet conversation frames" "Displayed: $want of 132 frames"
n=$("$BIN" conv --type eth $APPS | awk '$1 == "02:00:0a:00:00:04" && $2 == "02:00:0a:00:00:01" {print $7}')
if [ "$want" = "$n" ] && [ "$n" = "78" ]; then ok; else bad "Ethernet conversation: $want frames, conv says '$n'"; fi
keys q
wait_exit >/dev/null

# ---- / finds a row in a statistics view, n the next ----
start "TERM=xterm-256color" "tui $APPS"
expect "find: start" "Frames: 132"
keys s 2
expect "find: destinations" "51413"
keys /
expect "find: the prompt" "Find in the rows:"
keys -l "HTTPS"
keys Enter
keys Enter
expect "find: the first row with https" "Filter: tcp.port == 443"
keys / C-u Enter
expect "find: every frame" "Frames: 132"
keys s
expect "find: reopened" "Destination / transport / port"
keys n Enter
expect "find: the next row with https" "Filter: udp.port == 443"
keys s / C-u
keys -l "no such row"
keys Enter
expect "find: nothing" "no row has 'no such row'"
keys q q
wait_exit >/dev/null

# ---- the recorded captures: indexed whole, last frame readable ----
for f in samples/recorded/*.pcap samples/recorded/*.pcapng; do
	n=$("$BIN" list -T fields -e frame.number "$f" | wc -l)
	start "TERM=xterm-256color" "tui $f"
	expect "$f indexed" "Frames: $n"
	keys G
	expect "$f last frame" "> Frame $n:"
	keys Tab e
	expect "$f tree opens" "Frame Number: $n"
	keys q
	st=$(wait_exit)
	if [ "$st" = "0" ]; then ok; else bad "$f: exit status '$st'"; fi
done

# ---- compressed captures: decompressed into a temporary file, which is
# gone when the UI ends; frames read again on demand, filters, follow ----
mkdir -p "$TMP/z" "$TMP/ztmp"
gzip -c "$APPS" > "$TMP/z/apps.pcap.gz"
ZPACK=$(dirname "$BIN")/tools/zpack
zfiles="$TMP/z/apps.pcap.gz"
if [ -x "$ZPACK" ]; then
	"$ZPACK" zstd 3 < "$APPS" > "$TMP/z/apps.pcap.zst"
	zfiles="$zfiles $TMP/z/apps.pcap.zst"
fi
for zf in $zfiles; do
	start "TERM=xterm-256color TMPDIR=$TMP/ztmp" "tui $zf"
	expect "$zf indexed" "Frames: 132"
	keys G
	expect "$zf last frame" "> Frame 132:"
	keys g : 3 3 Enter F
	expect "$zf follow" "< HTTP/1.1 200 OK"
	keys q / t c p . p o r t Space = = Space 8 0 Enter
	expect "$zf filter" "Displayed: 14 of 132 frames"
	keys q
	st=$(wait_exit)
	if [ "$st" = "0" ]; then ok; else bad "$zf: exit status '$st'"; fi
	if [ -z "$(ls -A "$TMP/ztmp")" ]; then ok; else bad "$zf: left $(ls "$TMP/ztmp")"; fi
done
# damaged part-way: the frames before the damage, and a message
head -c 12000 "$TMP/z/apps.pcap.gz" > "$TMP/z/cut.pcap.gz"
start "TERM=xterm-256color TMPDIR=$TMP/ztmp" "tui $TMP/z/cut.pcap.gz"
expect "damaged compressed file opens" "Frames: "
keys q
st=$(wait_exit)
if [ "$st" = "0" ] && screen | grep -qF "analyze: '$TMP/z/cut.pcap.gz' is damaged: gzip data is cut short at compressed offset 12000" &&
	[ -z "$(ls -A "$TMP/ztmp")" ]; then ok; else bad "damaged compressed file: status '$st'"; fi

# ---- sorting the list by a column: stable, both ways, numbers as numbers,
# addresses as addresses; selection, filters and marks keep working ----
# sorted_want FIELD SORTARGS [FILTER]: the frame numbers, in the order `sort
# -s` puts FIELD's values in (frame order among equals), the first 37 (the
# maximised list's rows)
sorted_want() {
	"$BIN" list ${3:+-Y "$3"} -T fields -e frame.number -e "$1" "$APPS" | LC_ALL=C sort -s -t "$(printf '\t')" $2 |
		head -n 37 | cut -f1 | tr '\n' ' '
}
# sorted_check WHAT WANT: the first rows (the list maximised, the first row
# selected) are WANT
sorted_check() {
	keys g z
	i=0
	while [ $i -lt $((LIMIT * 20)) ] && [ "$(listed)" != "$2" ]; do sleep 0.05; i=$((i + 1)); done
	if [ "$(listed)" = "$2" ]; then ok; else bad "$1: lists '$(listed)', want '$2'"; fi
	keys z
}
start "TERM=xterm-256color" "tui $APPS"
expect "sort: indexed" "Frames: 132"
keys : 3 8 Enter
expect "sort: frame 38 selected" "> Frame 38:"
keys '>' '>' '>' '>' '>'
expect "sort: by Length" "sorted by Length, ascending"
expect "sort: the arrow on Length's heading" "Protocol   Leng ▲ Info"
expect "sort: the selected frame stays selected" "> Frame 38:"
sorted_check "sort by Length" "$(sorted_want frame.len -k2,2n)"
keys o
expect "sort: descending" "sorted by Length, descending"
expect "sort: the arrow down" "Protocol   Leng ▼ Info"
sorted_check "sort by Length, descending" "$(sorted_want frame.len -k2,2nr)"
# search in a sorted list: n goes to the next match down the rows shown, N
# up them, wrapping at the last and first row (the order the command line
# sorts the matches in)
found_only() { # found_only WHAT FRAME: found in FRAME, the search not wrapped
	expect "$1" "found string 'GET /' in frame $2"
	if screen | grep -qF "in frame $2 (search wrapped"; then bad "$1: the search wrapped"; else ok; fi
	expect "$1: selected" "> Frame $2:"
}
want=$("$BIN" list -Y 'frame contains "GET /"' -T fields -e frame.number -e frame.len "$APPS" |
	LC_ALL=C sort -s -t "$(printf '\t')" -k2,2nr | cut -f1 | tr '\n' ' ')
if [ "$want" = "37 32 " ]; then ok; else bad "sorted search: the matches sorted are '$want'"; fi
keys g C-f C-u
keys -l "GET /"
keys Enter
found_only "sorted search: the first match down the list" 37
keys n
found_only "sorted search: n, the next row down, not the next frame" 32
keys n
expect "sorted search: n wraps to the top row's side" "found string 'GET /' in frame 37 (search wrapped to the start)"
keys n
found_only "sorted search: n again" 32
keys N
found_only "sorted search: N, the row above" 37
keys N
expect "sorted search: N wraps" "found string 'GET /' in frame 32 (search wrapped to the end)"
# addresses as addresses: 10.0.0.4 before 192.0.2.10 before 198.51.100.20
keys '<' '<'
expect "sort: by Destination" "sorted by Destination, ascending"
sorted_check "sort by Destination" "$(sorted_want _ws.col.Destination '-k2,2V')"
keys '>'
expect "sort: by Protocol" "sorted by Protocol, ascending"
sorted_check "sort by Protocol" "$(sorted_want _ws.col.Protocol -k2,2)"
# a filter applied while sorted: the frames it keeps, in the same order
keys / t c p . p o r t Space = = Space 8 0 Enter
expect "sort: filtered" "Displayed: 14 of 132 frames"
sorted_check "sorted and filtered" "$(sorted_want _ws.col.Protocol -k2,2 'tcp.port == 80')"
keys : 3 3 Enter
expect "sort: go to a frame in the sorted list" "> Frame 33:"
# marks: the next marked frame is the next row marked, in the order shown
keys : 4 0 Enter m : 3 5 Enter m g "'"
expect "sort: next mark in the sorted order" "> Frame 35:"
keys "'"
expect "sort: the one after" "> Frame 40:"
clear_filter
sorted_check "sorted, every frame again" "$(sorted_want _ws.col.Protocol -k2,2)"
keys O
expect "sort: back to frame order" "frame order"
sorted_check "frame order" "$(seq 1 37 | tr '\n' ' ')"
# Time in the delta format: by the time since the frame before
keys t t
expect "sort: delta times" "time: since the previous frame"
keys '>'
expect "sort: by Time" "sorted by Time, ascending"
sorted_check "sort by the time since the frame before" "$(sorted_want frame.time_delta -k2,2n)"
keys t
expect "sort: delta from the frame shown before" "time: since the previous frame shown"
# every frame shown: the frame shown before is the frame before
sorted_check "sort by the time since the frame shown before" "$(sorted_want frame.time_delta -k2,2n)"
keys q
wait_exit >/dev/null
# a bigger capture: sorted by Info in the background, the first rows as the
# command line's (a shared capture, when present)
BIGCAP=../shared/captures/real/ppp__http-packets.pcap
if [ -f "$BIGCAP" ]; then
	start "TERM=xterm-256color" "tui $BIGCAP"
	expect "sort big: indexed" "Frames: "
	keys '<'
	expect "sort big: sorted by Info" "sorted by Info, ascending"
	want=$("$BIN" list -T fields -e frame.number -e _ws.col.Info "$BIGCAP" | LC_ALL=C sort -s -t "$(printf '\t')" -k2 | head -n 37 | cut -f1 | tr '\n' ' ')
	sorted_check "sort big by Info" "$want"
	keys q
	wait_exit >/dev/null
else
	echo "SKIP tui: sorting a bigger capture ($BIGCAP is not here)"
fi

# ---- saving a tree line's bytes or value to a file; never over a file
# without asking, never over the capture, no temporary file left ----
mkdir -p "$TMP/save"
SAVED=$TMP/save/ip.bin
start "TERM=xterm-256color" "tui $APPS"
expect "save: indexed" "Frames: 132"
keys Tab j j
expect "save: the IPv4 heading" "field: ip"
keys x
expect "save: the prompt" "Save 62 bytes of ip to:"
keys -l "$SAVED"
keys Enter
expect "save: saved" "saved 62 bytes of ip to '$SAVED'"
# frame 1's IPv4 packet: after the file header (24), the record header (16)
# and Ethernet (14)
dd if="$APPS" bs=1 skip=54 count=62 2>/dev/null > "$TMP/save.want"
if cmp -s "$SAVED" "$TMP/save.want"; then ok; else bad "save: the bytes saved are not the IPv4 packet"; fi
keys Enter j
expect "save: ip.version" "field: ip.version"
keys X
expect "save: the value's prompt" "Save the value of ip.version to:"
keys -l "$SAVED"
keys Enter
expect "save: asks before replacing" "'$SAVED' exists: y replaces it, n or Esc keeps it"
keys n
expect "save: kept" "'$SAVED' kept: not saved"
if cmp -s "$SAVED" "$TMP/save.want"; then ok; else bad "save: the file was changed after n"; fi
keys X
keys -l "$SAVED"
keys Enter
expect "save: asks again" "exists: y replaces it"
keys y
expect "save: replaced" "saved the value of ip.version to '$SAVED'"
if [ "$(cat "$SAVED")" = "4" ] && [ "$(wc -c < "$SAVED")" -eq 2 ]; then ok; else bad "save: the value saved is not '4\\n'"; fi
if [ "$(ls -A "$TMP/save")" = "ip.bin" ]; then ok; else bad "save: files left: $(ls -A "$TMP/save")"; fi
keys x
keys -l "$APPS"
keys Enter
expect "save: not over the capture" "is the capture being read: not saved"
keys x C-u Escape
expect "save: Esc" "not saved"
keys q
wait_exit >/dev/null
if [ "$(wc -c < "$APPS")" -gt 1000 ]; then ok; else bad "save: the capture was written over"; fi

# ---- graphs: the I/O graph (frames, bytes, a filter more, zoom, Enter goes
# to the interval's first frame) and handshake RTT over time ----
VM4=samples/recorded/scaleset-vm4.pcap
# io_want INTERVAL FIELD FIRST_INTERVAL [FILTER]: frames (FIELD "") or the sum
# of FIELD in interval FIRST_INTERVAL of INTERVAL seconds
io_want() {
	"$BIN" list ${4:+-Y "$4"} -T fields -e frame.time_relative -e frame.len "$VM4" |
		awk -v iv="$1" -v f="$2" -v at="$3" 'int($1 / iv) == at {n += (f == "" ? 1 : $2)} END {print n + 0}'
}
io_max() {
	"$BIN" list -T fields -e frame.time_relative "$VM4" |
		awk -v iv="$1" '{n[int($1 / iv)]++} END {for (k in n) if (n[k] > m) m = n[k]; print m}'
}
start "TERM=xterm-256color" "tui $VM4"
expect "graph: indexed" "Frames: 251"
keys v
expect "graph: the I/O graph" "I/O graph: frames per 50 ms"
expect "graph: the series and its highest" "[1] all frames  (max $(io_max 0.05) frames)"
expect "graph: the cursor's interval" "cursor 0.000 - 0.050 s:  [1] $(io_want 0.05 '' 0)"
if screen | grep -qF "█"; then ok; else bad "graph: no block bars"; fi
keys b
expect "graph: bytes" "I/O graph: bytes per 50 ms"
expect "graph: the bytes in the cursor's interval" "cursor 0.000 - 0.050 s:  [1] $(io_want 0.05 len 0)"
keys b f
expect "graph: the filter prompt" "Filter for series 2:"
keys -l "tcp.port == 8080"
keys Enter
expect "graph: the second series" "[2] tcp.port == 8080"
keys l l l l l l l l l l l l l l l l l l l l l l l l l l l l l l l l
expect "graph: both series at the cursor" "cursor 1.600 - 1.650 s:  [1] $(io_want 0.05 '' 32)  [2] $(io_want 0.05 '' 32 'tcp.port == 8080')"
keys -
expect "graph: zoomed out" "I/O graph: frames per 100 ms"
expect "graph: the cursor keeps its time" "cursor 1.600 - 1.700 s:"
keys + +
expect "graph: zoomed in" "I/O graph: frames per 20 ms"
keys - d
expect "graph: the filter dropped" "cursor 1.600 - 1.650 s:  [1] $(io_want 0.05 '' 32)"
if ! screen | grep -qF "[2] tcp.port"; then ok; else bad "graph: the second series stays"; fi
first=$("$BIN" list -Y 'frame.time_relative >= 1.6 && frame.time_relative < 1.65' -T fields -e frame.number "$VM4" | head -n 1)
keys Enter
expect "graph: Enter goes to the interval's first frame" "> Frame $first:"
# handshake RTT: each SYN-ACK's SYN -> SYN-ACK time; Enter on the slowest
keys v Tab
expect "graph: RTT over time" "Handshake RTT over time, 50 ms a column"
expect "graph: the handshakes" "SYN -> SYN-ACK (ms) of 5 handshakes, max 30.683 ms"
keys l l l l l l l l l l l l l l l l l l l l l l l l l l l l l l l l l l l l l l l
expect "graph: the slowest handshake's interval" "cursor 1.950 - 2.000 s: 1 handshake, slowest 30.683 ms"
keys Enter
expect "graph: Enter goes to its SYN-ACK" "> Frame 229:"
keys v Tab
expect "graph: nothing under the cursor" "cursor 0.000 - 0.050 s: 2 handshakes, slowest 0.015 ms"
keys G Enter
expect "graph: an interval without a handshake" "no handshake in this interval"
keys q q
wait_exit >/dev/null
# no UTF-8: the bars and dots in ASCII
start "TERM=xterm LC_ALL=C" "tui $VM4"
expect "graph ASCII: indexed" "Frames: 251"
keys v
expect "graph ASCII: the I/O graph" "I/O graph: frames per 50 ms"
if screen | grep -qF "#" && ! screen | LC_ALL=C grep -q '[^ -~]'; then ok; else bad "graph ASCII: bars not in ASCII"; fi
keys Tab
expect "graph ASCII: RTT" "SYN -> SYN-ACK (ms)"
if screen | grep -qF "*" && ! screen | LC_ALL=C grep -q '[^ -~]'; then ok; else bad "graph ASCII: dots not in ASCII"; fi
keys q q
wait_exit >/dev/null

# ---- a locale that is not UTF-8: ASCII only, the arrow as "->" ----
start "TERM=xterm LC_ALL=C" "tui $APPS"
keys : 2 1 Enter
expect "ASCII arrow" "40201 -> 53 [ACK] Seq=1 Ack=1 Win=642"
if ! screen | LC_ALL=C grep -q '[^ -~]'; then ok; else bad "bytes outside ASCII on the screen"; fi
keys q
wait_exit >/dev/null

summary tui "$pass" "$fail"
[ $fail -eq 0 ]
