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

#include "dissect/fieldval.h"
#include "dissect/packet.h"

/* Severities, lowest first, as Wireshark orders them. */
enum expert_severity { EXPERT_COMMENT, EXPERT_CHAT, EXPERT_NOTE, EXPERT_WARN, EXPERT_ERROR, EXPERT_NSEVERITIES };

/* Groups (a subset of Wireshark's, with its names). */
enum expert_group {
	EXPERT_SEQUENCE, EXPERT_MALFORMED, EXPERT_PROTOCOL, EXPERT_RESPONSE_CODE, EXPERT_REQUEST_CODE,
	EXPERT_UNDECODED, EXPERT_REASSEMBLE, EXPERT_COMMENT_GROUP, EXPERT_DECRYPTION, EXPERT_NGROUPS
};

/* The longest summary, in bytes: Wireshark formats an item's message into a
 * buffer of 240 bytes, so a longer one (an HTTP request line, a packet
 * comment) is cut there, in the summary and in _ws.expert.message. */
#define EXPERT_SUMMARY_MAX 239

/* One item of one frame. */
struct expert_item {
	uint8_t severity;      /* enum expert_severity */
	uint8_t group;         /* enum expert_group */
	int layer;             /* the layer that raised it (index in p->layers);
	                        * p->nlayers: the frame's exception */
	const char *protocol;  /* as the Protocol column names it: "TCP" */
	const char *anchor;    /* the field whose detail line it hangs under, as
	                        * Wireshark nests it ("tcp.flags.syn"); NULL:
	                        * first under its layer's heading */
	const char *summary;   /* valid during the listener's call */
};

typedef void (*expert_listener)(const struct expert_item *it, void *data);

/* Where a protocol's expert function puts its items. */
struct experts {
	expert_listener fn;
	void *data;
	char buf[EXPERT_SUMMARY_MAX + 1]; /* summary being built */
	int layer;             /* the layer whose items are being asked for */
};

/* A protocol's expert function: the items of layer IDX of P. */
typedef void (*expert_fn)(struct experts *e, const struct packet *p, int idx);

/* Adds an item; the summary is formatted from FMT. */
void expert_add(struct experts *e, enum expert_severity sev, enum expert_group group, const char *protocol,
		const char *fmt, ...) G_GNUC_PRINTF(5, 6);

/* The same, hung under the detail line of field ANCHOR of the layer (see
 * struct expert_item). */
void expert_add_at(struct experts *e, const char *anchor, enum expert_severity sev, enum expert_group group,
		   const char *protocol, const char *fmt, ...) G_GNUC_PRINTF(6, 7);

/* Hands every item of P to FN, in the order of P's layers: each layer's
 * protocol's items, then a malformed layer's error.  Cannot fail. */
void experts_fill(const struct packet *p, expert_listener fn, void *data);

/* The name of the protocol that raised P's exception (pkt_exception()), as
 * its expert item and its node in the detail tree say it ("DNS"), in BUF of
 * N bytes (or a constant). */
const char *pkt_exception_proto(const struct packet *p, char *buf, size_t n);

/* "Chat", "Note", "Warning", "Error", "Comment": the word of the tree and
 * the fields; "Chats", "Notes", "Warns", "Errors", "Comments": tshark's -z
 * expert headings; "chat" ...: the field value name. */
const char *expert_severity_name(enum expert_severity s);
const char *expert_severity_heading(enum expert_severity s);
/* "Sequence", "Malformed", "Protocol", ... */
const char *expert_group_name(enum expert_group g);

/* Wireshark's numbers for a severity (PI_CHAT: 0x00200000 ...) and a group
 * (PI_SEQUENCE: 0x02000000 ...), the values of _ws.expert.severity and
 * _ws.expert.group. */
uint32_t expert_severity_value(enum expert_severity s);
uint32_t expert_group_value(enum expert_group g);

/* Appends IT as the detail tree and `-e _ws.expert` show it:
 * "Expert Info (Chat/Sequence): Connection finish (FIN)". */
void expert_label(GString *s, const struct expert_item *it);

/* The values of the _ws.expert fields in P (message, severity, group: one
 * per item, in the detail tree's order), to FN; how many were given.  F is
 * one of PROTO_WS_EXPERT's fields. */
unsigned expert_field_values(const struct packet *p, const struct field_def *f, fvalue_fn fn, void *data);
/* How many expert items P has (the presence of _ws.expert). */
unsigned expert_count(const struct packet *p);

#endif
