/* expert.h — Wireshark's expert information: what a dissector notices about
 * a frame (a connection opening or reset, a retransmission, a malformed
 * header), each item with a severity, a group, the protocol that says it
 * and a summary.  A protocol gives its items through the expert function
 * of its descriptor (dissect/protocol.h); experts_fill() walks a frame's
 * layers and hands every item to a listener. */
#ifndef ANALYZE_EXPERT_H
#define ANALYZE_EXPERT_H

#include <glib.h>
#include <stdint.h>

#include "dissect/packet.h"

/* Severities, lowest first, as Wireshark orders them. */
enum expert_severity { EXPERT_COMMENT, EXPERT_CHAT, EXPERT_NOTE, EXPERT_WARN, EXPERT_ERROR, EXPERT_NSEVERITIES };

/* Groups (a subset of Wireshark's, with its names). */
enum expert_group {
	EXPERT_SEQUENCE, EXPERT_MALFORMED, EXPERT_PROTOCOL, EXPERT_RESPONSE_CODE, EXPERT_REQUEST_CODE,
	EXPERT_UNDECODED, EXPERT_REASSEMBLE, EXPERT_NGROUPS
};

/* One item of one frame. */
struct expert_item {
	uint8_t severity;      /* enum expert_severity */
	uint8_t group;         /* enum expert_group */
	const char *protocol;  /* as the Protocol column names it: "TCP" */
	const char *summary;   /* valid during the listener's call */
};

typedef void (*expert_listener)(const struct expert_item *it, void *data);

/* Where a protocol's expert function puts its items. */
struct experts {
	expert_listener fn;
	void *data;
	GString *buf;          /* summary being built */
};

/* A protocol's expert function: the items of layer IDX of P. */
typedef void (*expert_fn)(struct experts *e, const struct packet *p, int idx);

/* Adds an item; the summary is formatted from FMT. */
void expert_add(struct experts *e, enum expert_severity sev, enum expert_group group, const char *protocol,
		const char *fmt, ...) G_GNUC_PRINTF(5, 6);

/* Hands every item of P to FN, in the order of P's layers: each layer's
 * protocol's items, then a malformed layer's error.  Cannot fail. */
void experts_fill(const struct packet *p, expert_listener fn, void *data);

/* "Chat", "Note", "Warning", "Error", "Comment": the word of the tree and
 * the fields; "Chats", "Notes", "Warns", "Errors", "Comments": tshark's -z
 * expert headings; "chat" ...: the field value name. */
const char *expert_severity_name(enum expert_severity s);
const char *expert_severity_heading(enum expert_severity s);
/* "Sequence", "Malformed", "Protocol", ... */
const char *expert_group_name(enum expert_group g);

#endif
