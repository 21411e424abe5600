# emulator.sh — starting Azurite, the storage emulator, for the test scripts
# (sourced; POSIX sh).  Sets:
#   KEY        the emulator's well-known account key (devstoreaccount1)
#   azurite    the azurite-blob command that setup.sh installs here ($top:
#              the checkout, set by the caller)
# emulator_missing: prints why the emulator cannot run (node or azurite
#   missing), nothing when it can.
# emulator_start LOG [PREFIX...]: starts azurite-blob on 127.0.0.1 on a free
#   port with its data in memory (through PREFIX, e.g. `ip netns exec NS`,
#   when given), its output in LOG.  Sets port, ep (the account's endpoint
#   URL) and apid, adds apid to $pids, exports AZURE_STORAGE_CONNECTION_STRING
#   for the account at ep.  Returns 1 when it did not start (LOG says why).
#   $emulator_args (when set) are added to azurite's options, and ep is then
#   https when they hold --cert.
KEY='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
azurite=$top/tests/storage/node_modules/.bin/azurite-blob

emulator_missing() {
	if ! command -v node > /dev/null 2>&1; then
		echo "node is not installed"
	elif [ ! -x "$azurite" ]; then
		echo "the emulator is not installed: run setup.sh"
	fi
}

emulator_start() {
	elog=$1
	shift
	port=""
	for _ in 1 2 3 4 5; do
		try_port=$((20000 + $(od -An -N2 -tu2 /dev/urandom) % 20000))
		"$@" "$azurite" --blobHost 127.0.0.1 --blobPort $try_port --inMemoryPersistence --silent \
			--skipApiVersionCheck --disableTelemetry --loose ${emulator_args:-} > "$elog" 2>&1 &
		apid=$!
		pids="$pids $apid"
		n=0
		while [ $n -lt 100 ] && kill -0 $apid 2>/dev/null; do
			if grep -q "successfully listens" "$elog" 2>/dev/null; then port=$try_port; break; fi
			sleep 0.1
			n=$((n + 1))
		done
		[ -n "$port" ] && break
		kill $apid 2>/dev/null
	done
	[ -n "$port" ] || return 1
	case " ${emulator_args:-} " in
	*" --cert "*) ep=https://127.0.0.1:$port/devstoreaccount1 ;;
	*) ep=http://127.0.0.1:$port/devstoreaccount1 ;;
	esac
	export AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$KEY;BlobEndpoint=$ep;"
}
