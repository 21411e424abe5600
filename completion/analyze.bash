# bash completion for analyze                                   -*- shell-script -*-
#
# Completes commands, each command's options, option values, capture files,
# and the protocol and field names of display filters (-Y) and fields (-e).
# Everything is read from the program being completed, so it always matches
# it: the commands from `analyze --help`, each command's options from
# `analyze CMD --help`, the names from `analyze list -G fields`.  What it
# reads is kept for the rest of the shell session.
#
# Installed as share/bash-completion/completions/analyze; to try it without
# installing: `. completion/analyze.bash`.

# The program on the command line being completed (~ expanded), or analyze.
_analyze_prog()
{
	local p=${COMP_WORDS[0]}
	[[ $p == "~"* ]] && p=${p/#\~/$HOME}
	command -v -- "$p" >/dev/null 2>&1 || p=analyze
	printf '%s\n' "$p"
}

# Cached output of PROG ARGS... (one cache entry per program and arguments).
declare -gA _analyze_cache
_analyze_run()
{
	local key="$*"
	if [[ -z ${_analyze_cache[$key]+set} ]]; then
		_analyze_cache[$key]=$(LC_ALL=C "$@" 2>/dev/null)
	fi
	printf '%s\n' "${_analyze_cache[$key]}"
}

# The commands and their aliases, from the program's usage.
_analyze_commands()
{
	_analyze_run "$1" --help | sed -n 's/^  \([a-z][a-z]*\)\(, \([a-z][a-z]*\)\)\{0,1\}  .*/\1 \3/p'
}

# "SHORT LONG METAVAR" per option of a command's --help ("-" for none).
_analyze_options()
{
	local prog=$1
	shift
	_analyze_run "$prog" "$@" --help | sed -n \
		-e 's/^  -\(.\), --\([a-z0-9-]*\)=\([^ ]*\) .*/-\1 --\2 \3/p' \
		-e 's/^  -\(.\), --\([a-z0-9-]*\) .*/-\1 --\2 -/p' \
		-e 's/^  --\([a-z0-9-]*\)=\([^ ]*\) .*/- --\1 \2/p' \
		-e 's/^  --\([a-z0-9-]*\) .*/- --\1 -/p'
}

# The metavar of option OPT ("-" when it takes no value, empty when unknown).
_analyze_metavar()
{
	local opt=$1 s l m
	shift
	while read -r s l m; do
		if [[ $opt == "$s" || $opt == "$l" ]]; then
			printf '%s\n' "$m"
			return
		fi
	done < <(_analyze_options "$@")
}

# Protocol and field names (-G fields' third column).
_analyze_names()
{
	_analyze_run "$1" list -G fields | cut -f 3
}

# Completes the name the word CUR ends with (a filter is an expression:
# `tcp.port == 80 && ht` completes `ht`), keeping what comes before it.
_analyze_complete_name()
{
	local prog=$1 cur=$2 nospace=$3
	# inside an open quote readline completes the text after the quote
	[[ $cur == [\'\"]* ]] && cur=${cur:1}
	local name=${cur##*[^A-Za-z0-9._-]}
	local before=${cur:0:${#cur}-${#name}}
	mapfile -t COMPREPLY < <(compgen -P "$before" -W "$(_analyze_names "$prog")" -- "$name")
	# a filter goes on after the name: no space after it
	[[ $nospace == 1 ]] && compopt -o nospace 2>/dev/null
}

# Values of option LONG (its metavar META) of command CMD.
_analyze_complete_value()
{
	local prog=$1 cmd=$2 long=$3 meta=$4 cur=$5
	local words=""
	case $cmd:$long in
	findings:--format | review:--format) words="text json jsonl csv partial" ;;
	merge:--format) words="text json csv jsonl partial" ;;
	rtt:--format | hierarchy:--format | phs:--format | dests:--format | destinations:--format | expert:--format | \
		conv:--format | conversations:--format | endpoints:--format | info:--format)
		words="text json csv partial"
		;;
	*:--format) words="text json csv" ;;
	findings:--only | findings:--skip) words="scans sweeps refused bruteforce cleartext p2p tunnels talkers" ;;
	list:--type) words="text fields json" ;;
	*:--type) words="eth ip ipv6 tcp udp" ;;
	list:--time) words="r a ad u ud d dd e" ;;
	list:--file-format) words="pcapng pcap" ;;
	list:--fields-option)
		words="header=y header=n separator=/t separator=/s separator=, aggregator=, aggregator=/s"
		words+=" quote=d quote=s quote=n occurrence=f occurrence=l occurrence=a"
		;;
	*:--check-md5) words="yes no require" ;;
	fetch:--overwrite) words="if-newer never always" ;;
	*:--auth) words="key sas login auto" ;;
	esac
	if [[ -n $words ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$words" -- "$cur")
		return
	fi
	case $meta in
	FILTER) _analyze_complete_name "$prog" "$cur" 1 ;;
	FIELD) _analyze_complete_name "$prog" "$cur" 0 ;;
	FILE | FILE.json | PATH)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		;;
	DIR)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		;;
	IF)
		local ifs=(/sys/class/net/*)
		mapfile -t COMPREPLY < <(compgen -W "any ${ifs[*]##*/}" -- "$cur")
		;;
	*) COMPREPLY=() ;;
	esac
}

# The long name of option OPT of a command (OPT itself when it is long).
_analyze_long()
{
	local opt=$1
	shift
	_analyze_options "$@" | awk -v o="$opt" '$1 == o || $2 == o { print $2; exit }'
}

_analyze()
{
	local cur=${COMP_WORDS[COMP_CWORD]}
	local prog
	prog=$(_analyze_prog)
	COMPREPLY=()
	if ((COMP_CWORD == 1)); then
		if [[ $cur == -* ]]; then
			mapfile -t COMPREPLY < <(compgen -W "--help --version -h -v" -- "$cur")
		else
			mapfile -t COMPREPLY < <(compgen -W "$(_analyze_commands "$prog")" -- "$cur")
		fi
		return 0
	fi
	local cmd=${COMP_WORDS[1]} first=2
	local -a sub=("$cmd")
	if [[ $cmd == capture ]]; then
		if ((COMP_CWORD == 2)); then
			local subs
			subs=$(_analyze_run "$prog" capture --help | sed -n 's/^  \([a-z][a-z]*\)\( .*\)\{0,1\}$/\1/p')
			mapfile -t COMPREPLY < <(compgen -W "$subs" -- "$cur")
			return 0
		fi
		sub=(capture "${COMP_WORDS[2]}")
		first=3
	fi
	# the value of an option: "-Y VALUE", "--filter VALUE" or "--filter=VALUE"
	# (bash splits the last at "=", giving the words "--filter" "=" "VALUE")
	local prev=${COMP_WORDS[COMP_CWORD - 1]} opt=""
	if [[ $cur == = ]]; then
		opt=$prev
		cur=""
	elif [[ $prev == = ]] && ((COMP_CWORD - 2 >= first)); then
		opt=${COMP_WORDS[COMP_CWORD - 2]}
	elif ((COMP_CWORD > first)) && [[ $prev == -* ]]; then
		opt=$prev
	fi
	if [[ -n $opt ]]; then
		local meta
		meta=$(_analyze_metavar "$opt" "$prog" "${sub[@]}")
		if [[ -n $meta && $meta != - ]]; then
			_analyze_complete_value "$prog" "$cmd" "$(_analyze_long "$opt" "$prog" "${sub[@]}")" "$meta" "$cur"
			return 0
		fi
	fi
	if [[ $cur == -* ]]; then
		local s l m words=""
		while read -r s l m; do
			[[ $s != - ]] && words+=" $s"
			words+=" $l"
		done < <(_analyze_options "$prog" "${sub[@]}")
		mapfile -t COMPREPLY < <(compgen -W "$words" -- "$cur")
		return 0
	fi
	# `list -G` names a report
	if [[ $cmd == list && $prev == -G ]]; then
		mapfile -t COMPREPLY < <(compgen -W "fields protocols" -- "$cur")
		return 0
	fi
	compopt -o filenames 2>/dev/null
	mapfile -t COMPREPLY < <(compgen -f -- "$cur")
	return 0
}

complete -F _analyze analyze
