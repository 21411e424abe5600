# lib.sh — what every test script shares (sourced; POSIX sh).
#
# need STAGE PROGRAM:PACKAGE...: every PROGRAM must be on the PATH; for the
#   first one missing prints one line naming it and the Debian package that
#   installs it, the stage's summary line, and exits 1 — before any test
#   runs, so a stage never fails halfway for want of a program.
# summary STAGE PASSED FAILED [SKIPPED]: the stage's last line, the one
#   tests/check.sh adds up: "STAGE: P passed, F failed, S skipped".

need() {
	_stage=$1
	shift
	for _pp in "$@"; do
		_prog=${_pp%%:*}
		if ! command -v "$_prog" >/dev/null 2>&1; then
			printf "FAIL %s: the tests need '%s', which is not installed (Debian package %s; setup.sh installs it)\n" \
				"$_stage" "$_prog" "${_pp#*:}"
			summary "$_stage" 0 1
			exit 1
		fi
	done
}

summary() {
	printf '%s: %d passed, %d failed, %d skipped\n' "$1" "$2" "$3" "${4:-0}"
}

# sanitized BIN: whether BIN is the AddressSanitizer build.  The parts that
# compare outputs over every shared capture run on the plain build only; the
# sanitized build reads those captures in its shared stage.
sanitized() {
	grep -q __asan_init "$1" 2>/dev/null
}
