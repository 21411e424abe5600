/* spec.h — 5-tuple filters: Network Watcher's value forms ("10.0.0.4",
 * "fd00::4", "10.0.0.4-10.0.0.20", "80;443;"), the command line's SPEC
 * ("protocol=TCP,local-ip=...,local-port=...,remote-ip=...,remote-port=..."),
 * and their translation to a kernel (BPF) filter expression. */
#ifndef ANALYZE_CAPTURE_SPEC_H
#define ANALYZE_CAPTURE_SPEC_H

#include "capture/capture.h"

/* Parses TEXT as protocol "TCP", "UDP" or "Any" (any case).  False with a
 * CAPTURE_ERROR_USAGE error naming FIELD and TEXT otherwise. */
bool spec_parse_protocol(const char *field, const char *text, CaptureProto *out, GError **error);

/* Parses TEXT as IPv4 or IPv6 addresses (IS_PORT false) or ports (0-65535)
 * in one of the value forms into *OUT (empty or NULL TEXT: any); a range's
 * ends are of one family, a list may mix them.  On failure returns false
 * with a CAPTURE_ERROR_USAGE error "FIELD 'TEXT': what is wrong" and leaves
 * *OUT cleared. */
bool spec_parse_values(const char *field, const char *text, bool is_port, struct value_set *out,
		       GError **error);

/* Parses one --filter SPEC into *OUT.  Keys may repeat no more than once;
 * missing keys match anything; blanks around keys and values are ignored.
 * On failure returns false with a CAPTURE_ERROR_USAGE error "filter 'SPEC':
 * ..." and leaves *OUT cleared. */
bool spec_parse(const char *spec, struct capture_filter *out, GError **error);

/* The BPF expression (pcap-filter syntax) for the union of FILTERS (struct
 * capture_filter): IP packets only (never ARP), or "" when there is no
 * filter (every frame).  Caller frees; cannot fail. */
char *spec_to_bpf(const GArray *filters);

/* The kernel filter of a session: the union of FILTERS (as spec_to_bpf)
 * and (when not NULL or empty) the raw expression RAW, both to match.
 * Caller frees; cannot fail. */
char *spec_capture_filter(const GArray *filters, const char *raw);

#endif
