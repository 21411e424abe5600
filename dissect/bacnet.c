/* bacnet.c — BACnet/IP (ASHRAE 135 Annex J), building automation, UDP port
 * 47808: three layers as Wireshark shows them.
 *
 *   BVLC (bvlc):    | 0x81 | function(1) | length(2) | [B/IP address(6) when
 *                   | forwarded] NPDU ...  functions 0x04 forwarded, 0x09
 *                   | distribute-broadcast, 0x0a unicast, 0x0b broadcast carry one
 *   NPDU (bacnet):  | version 1 | control(1) | [DNET(2) DLEN(1) DADR] |
 *                   | [SNET(2) SLEN(1) SADR] | [hop count(1) with DNET] |
 *                   control 0x80: a network-layer message instead of an APDU
 *   APDU (bacapp):  | type(4) flags(4) | ... | service | tagged parameters |
 *     0 Confirmed-REQ: flags, max segments/APDU(1), invoke id(1),
 *       [sequence(1) window(1) when segmented], service(1)
 *     1 Unconfirmed-REQ: service(1);  2 Simple-ACK, 3 Complex-ACK: invoke
 *       id(1) [sequence, window], service(1);  5 Error: invoke id, service
 *
 * Info as Wireshark writes it: the APDU type padded to 16, the service
 * (with "[invoke id]" in confirmed exchanges) and a space, then for the
 * common services the object ("device,1000 ") and the property
 * ("present-value ") their parameters name.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct value_string bvlc_functions[] = {
	{0x00, "BVLC-Result"}, {0x01, "Write-Broadcast-Distribution-Table"},
	{0x02, "Read-Broadcast-Distribution-Table"}, {0x03, "Read-Broadcast-Distribution-Table-Ack"},
	{0x04, "Forwarded-NPDU"}, {0x05, "Register-Foreign-Device"}, {0x06, "Read-Foreign-Device-Table"},
	{0x07, "Read-Foreign-Device-Table-Ack"}, {0x08, "Delete-Foreign-Device-Table-Entry"},
	{0x09, "Distribute-Broadcast-To-Network"}, {0x0a, "Original-Unicast-NPDU"},
	{0x0b, "Original-Broadcast-NPDU"}, {0x0c, "Secured-BVLL"}, {0, NULL},
};

static const struct value_string bacapp_types[] = {
	{0, "Confirmed-REQ"}, {1, "Unconfirmed-REQ"}, {2, "Simple-ACK"}, {3, "Complex-ACK"}, {4, "Segment-ACK"},
	{5, "Error"}, {6, "Reject"}, {7, "Abort"}, {0, NULL},
};

static const char *const confirmed_services[] = {
	"acknowledgeAlarm", "confirmedCOVNotification", "confirmedEventNotification", "getAlarmSummary",
	"getEnrollmentSummary", "subscribeCOV", "atomicReadFile", "atomicWriteFile", "addListElement",
	"removeListElement", "createObject", "deleteObject", "readProperty", "readPropertyConditional",
	"readPropertyMultiple", "writeProperty", "writePropertyMultiple", "deviceCommunicationControl",
	"confirmedPrivateTransfer", "confirmedTextMessage", "reinitializeDevice", "vtOpen", "vtClose", "vtData",
	"authenticate", "requestKey", "readRange", "lifeSafetyOperation", "subscribeCOVProperty",
	"getEventInformation", "subscribeCovPropertyMultiple", "confirmedCovNotificationMultiple",
	"confirmedAuditNotification", "auditLogQuery",
};

static const char *const unconfirmed_services[] = {
	"i-Am", "i-Have", "unconfirmedCOVNotification", "unconfirmedEventNotification", "unconfirmedPrivateTransfer",
	"unconfirmedTextMessage", "timeSynchronization", "who-Has", "who-Is", "utcTimeSynchronization", "writeGroup",
	"unconfirmedCovNotificationMultiple", "unconfirmedAuditNotification", "who-am-I", "you-are",
};

static const char *const object_types[] = {
	"analog-input", "analog-output", "analog-value", "binary-input", "binary-output", "binary-value", "calendar",
	"command", "device", "event-enrollment", "file", "group", "loop", "multi-state-input", "multi-state-output",
	"notification-class", "program", "schedule", "averaging", "multi-state-value", "trend-log",
	"life-safety-point", "life-safety-zone", "accumulator", "pulse-converter", "event-log", "global-group",
	"trend-log-multiple", "load-control", "structured-view", "access-door", "timer", "access-credential",
	"access-point", "access-rights", "access-user", "access-zone", "credential-data-input", "network-security",
	"bitstring-value", "characterstring-value", "date-pattern-value", "date-value", "datetime-pattern-value",
	"datetime-value", "integer-value", "large-analog-value", "octetstring-value", "positive-integer-value",
	"time-pattern-value", "time-value", "notification-forwarder", "alert-enrollment", "channel",
	"lighting-output", "binary-lighting-output", "network-port", "elevator-group", "escalator", "lift",
	"staging", "audit-log", "audit-reporter", "color", "color-temperature",
};

static const struct field_def bvlc_fields[] = {
	{"bvlc.type", "Type", FT_UINT8, BASE_HEX, 0, 1, 0, NULL},
	{"bvlc.function", "Function", FT_UINT8, BASE_HEX, 1, 1, 0, bvlc_functions},
	{"bvlc.length", "BVLC-Length", FT_UINT16, BASE_DEC, 2, 2, 0, NULL},
};
FIELD_TABLE_DEFINE(bvlc);

static const struct field_def bacnet_fields[] = {
	{"bacnet.version", "Version", FT_UINT8, BASE_DEC, 0, 1, 0, NULL},
	{"bacnet.control", "Control", FT_UINT8, BASE_HEX, 1, 1, 0, NULL},
};
FIELD_TABLE_DEFINE(bacnet);

static const struct field_def bacapp_fields[] = {
	{"bacapp.type", "APDU Type", FT_UINT8, BASE_DEC, 0, 1, 0xf0, bacapp_types},
	{"bacapp.invoke_id", "Invoke ID", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"bacapp.confirmed_service", "Service Choice", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"bacapp.unconfirmed_service", "Unconfirmed Service Choice", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
};
FIELD_TABLE_DEFINE(bacapp);

enum { BACNET_PORT = 47808 };

static void dissect_bacapp(struct packet *p, struct cursor *c)
{
	pkt_push_layer(p, PROTO_BACAPP, c->off);
	cursor_skip(c, cursor_rleft(c));
}

static void dissect_npdu(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_BACNET, c->off);
	if (idx < 0)
		return;
	cursor_skip(c, 1);
	uint8_t control = cursor_u8(c);
	if (control & 0x20) { /* destination network, address */
		cursor_skip(c, 2);
		cursor_skip(c, cursor_u8(c));
	}
	if (control & 0x08) { /* source network, address */
		cursor_skip(c, 2);
		cursor_skip(c, cursor_u8(c));
	}
	if (control & 0x20)
		cursor_skip(c, 1); /* hop count */
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	if (control & 0x80)
		cursor_skip(c, cursor_rleft(c)); /* a network-layer message */
	else if (cursor_rleft(c) > 0)
		dissect_bacapp(p, c);
}

/* BVLC of BACnet/IP (type 0x81); BACnet/IPv6's (0x82, Annex U) is named
 * but not read further.  Anything else on the port is data. */
static void dissect_bvlc(struct packet *p, struct cursor *c)
{
	int type = cursor_peek(c, 0);
	if (type != 0x81 && type != 0x82) {
		dissect_data(p, c);
		return;
	}
	int idx = pkt_push_layer(p, PROTO_BVLC, c->off);
	if (idx < 0)
		return;
	if (type == 0x82) {
		cursor_skip(c, cursor_rleft(c));
		return;
	}
	cursor_skip(c, 1);
	uint8_t function = cursor_u8(c);
	uint16_t len = cursor_be16(c);
	if (cursor_ok(c) && len < 4)
		c->err = CUR_MALFORMED;
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	struct cursor body = cursor_sub(c, len - 4u);
	if (function == 0x04)
		cursor_skip(&body, 6);
	if (!cursor_ok(&body) || !cursor_ok(c)) {
		pkt_note_cursor(p, idx, cursor_ok(c) ? &body : c);
		return;
	}
	if ((function == 0x04 || function == 0x09 || function == 0x0a || function == 0x0b) && cursor_rleft(&body) > 0)
		dissect_npdu(p, &body);
}

/* Reading the tagged parameters of a service for the Info. */
struct tags {
	const uint8_t *d;
	uint32_t n, at;
};

/* The next tag: its number, whether a context tag, its value and length;
 * false at the end or when cut short.  Opening and closing tags (length
 * 6 and 7 of a context tag) have no value. */
static bool next_tag(struct tags *t, unsigned *num, bool *context, const uint8_t **val, uint32_t *len)
{
	if (t->at >= t->n)
		return false;
	uint8_t b = t->d[t->at++];
	*num = b >> 4;
	*context = b & 0x08;
	uint32_t l = b & 0x07;
	if (*num == 15) {
		if (t->at >= t->n)
			return false;
		*num = t->d[t->at++];
	}
	if (*context && (l == 6 || l == 7)) {
		*len = 0;
		*val = t->d + t->at;
		return true;
	}
	if (l == 5) {
		if (t->at >= t->n)
			return false;
		l = t->d[t->at++];
		if (l == 254 || l == 255)
			return false; /* longer lengths: not for the Info */
	}
	if (l > t->n - t->at)
		return false;
	*val = t->d + t->at;
	*len = l;
	t->at += l;
	return true;
}

static uint32_t be_value(const uint8_t *v, uint32_t len)
{
	uint32_t x = 0;
	for (uint32_t i = 0; i < len && i < 4; i++)
		x = x << 8 | v[i];
	return x;
}

static void object_info(struct columns *c, const uint8_t *v)
{
	uint32_t id = be_value(v, 4), type = id >> 22;
	if (type < G_N_ELEMENTS(object_types))
		col_append(c, "%s,%u ", object_types[type], id & 0x3fffff);
	else
		col_append(c, "(%u) Vendor Proprietary Value,%u ", type, id & 0x3fffff);
}

/* The object and property the first parameters name: an object identifier
 * (context tag 0, or application tag 12 in i-Am), then a property (context
 * tag 1). */
static void parameters_info(struct columns *c, const uint8_t *d, uint32_t n, bool iam)
{
	struct tags t = {d, n, 0};
	unsigned num;
	bool context;
	const uint8_t *v;
	uint32_t len;
	if (!next_tag(&t, &num, &context, &v, &len) || len != 4 || num != (iam ? 12u : 0u) || context == iam)
		return;
	object_info(c, v);
	if (iam || !next_tag(&t, &num, &context, &v, &len) || !context || num != 1 || len == 0 || len > 4)
		return;
	const char *prop = bacnet_property_name(be_value(v, len));
	if (prop)
		col_append(c, "%s ", prop);
	else
		col_append(c, "%u ", be_value(v, len));
}

static void bacapp_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_proto(c, "BACnet-APDU");
	col_clear(c);
	if (!d || n < 1)
		return;
	unsigned type = d[0] >> 4;
	const char *tn = value_name(bacapp_types, type);
	col_append(c, "%-16s", tn ? tn : "# unknown APDU #");
	uint32_t at;
	bool segmented = d[0] & 0x08;
	if (type == 1 && n >= 2) {
		const char *s = d[1] < G_N_ELEMENTS(unconfirmed_services) ? unconfirmed_services[d[1]] : NULL;
		if (s)
			col_append(c, "%s ", s);
		else
			col_append(c, "Reserved by ASHRAE ");
		if (d[1] == 0)
			parameters_info(c, d + 2, n - 2, true);
		return;
	}
	if (type == 0)
		at = segmented ? 5 : 3;
	else if (type == 2 || type == 5)
		at = 2;
	else if (type == 3)
		at = segmented ? 4 : 2;
	else
		return;
	if (n <= at)
		return;
	uint8_t invoke = type == 0 ? d[2] : d[1], service = d[at];
	const char *s = service < G_N_ELEMENTS(confirmed_services) ? confirmed_services[service] : NULL;
	col_append(c, "%s[%3u] ", s ? s : "Reserved by ASHRAE", invoke);
	/* the object and property of a property read or write (not in an
	 * error, nor in a segment after the first) */
	if ((service == 12 || service == 15) && (type == 0 || type == 3) && !segmented)
		parameters_info(c, d + at + 1, n - at - 1, false);
}

static void bacapp_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d,
			  uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d || n < 2)
		return;
	unsigned type = d[0] >> 4;
	const char *a = f->abbrev;
	if (type == 1 && fv_same(a, "bacapp.unconfirmed_service"))
		fv_give_uint(fn, data, d[1]);
	if (type == 1)
		return;
	if (type <= 7 && fv_same(a, "bacapp.invoke_id"))
		fv_give_uint(fn, data, type == 0 ? (n >= 3 ? d[2] : 0) : d[1]);
	uint32_t at = type == 0 ? ((d[0] & 0x08) ? 5 : 3) : type == 3 && (d[0] & 0x08) ? 4 : 2;
	if ((type == 0 || type == 2 || type == 3 || type == 5) && n > at && fv_same(a, "bacapp.confirmed_service"))
		fv_give_uint(fn, data, d[at]);
}

/* BVLC and the NPDU leave the columns to the APDU; alone they name
 * themselves. */
static void bvlc_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_proto(c, "BVLC");
	col_clear(c);
	const char *f = d && n >= 2 ? value_name(bvlc_functions, d[1]) : NULL;
	col_append(c, "BACnet Virtual Link Control BVLC Function %s ", f ? f : "Unknown");
}

/* A network-layer message's name (ASHRAE 135 6.2.4). */
static const char *const network_messages[] = {
	"Who-Is-Router-To-Network", "I-Am-Router-To-Network", "I-Could-Be-Router-To-Network",
	"Reject-Message-To-Network", "Router-Busy-To-Network", "Router-Available-To-Network",
	"Initialize-Routing-Table", "Initialize-Routing-Table-Ack", "Establish-Connection-To-Network",
	"Disconnect-Connection-To-Network", "Challenge-Request", "Security-Payload", "Security-Response",
	"Request-Key-Update", "Update-Key-Set", "Update-Distribution-Key", "Request-Master-Key", "Set-Master-Key",
	"What-Is-Network-Number", "Network-Number-Is",
};

static void bacnet_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_proto(c, "BACnet-NPDU");
	col_clear(c);
	if (!d || n < 2 || !(d[1] & 0x80))
		return;
	uint32_t at = 2;
	if ((d[1] & 0x20) && n >= at + 3)
		at += 3 + d[at + 2];
	if ((d[1] & 0x08) && n >= at + 3)
		at += 3 + d[at + 2];
	if (d[1] & 0x20)
		at++;
	if (at < n && d[at] < G_N_ELEMENTS(network_messages))
		col_append(c, "%s", network_messages[d[at]]);
}

/* Wireshark's registration: UDP port 47808 (0xBAC0). */
static const struct handoff bvlc_handoff[] = {
	UDP_PORT(47808, dissect_bvlc),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(BVLC, "bvlc", "BACnet Virtual Link Control");
const struct protocol proto_bvlc = {PROTO_BVLC, .short_name = "BVLC", .fields = &bvlc_table, .columns = bvlc_columns,
				    .handoff = bvlc_handoff};
PROTOCOL_ID(BACNET, "bacnet", "Building Automation and Control Network NPDU");
const struct protocol proto_bacnet = {PROTO_BACNET, .short_name = "BACnet", .fields = &bacnet_table, .columns = bacnet_columns};
PROTOCOL_ID(BACAPP, "bacapp", "Building Automation and Control Network APDU");
const struct protocol proto_bacapp = {PROTO_BACAPP, .short_name = "BACapp", .fields = &bacapp_table, .columns = bacapp_columns,
				      .values = bacapp_values};
