/* cip.c — the Common Industrial Protocol's explicit messages (ODVA, "The
 * CIP Networks Library, Volume 1", chapter 2 and appendix C) as EtherNet/IP
 * carries them in its Common Packet Format's data items (enip.c):
 *
 *   request:  | service (1) | path size in words (1) | path (EPATH) | data |
 *   response: | service|0x80 (1) | reserved (1) | general status (1) |
 *             | additional status size in words (1) | additional status | data |
 *
 * The path is a list of segments: ports (0x00-0x1f, a link address after),
 * logical segments (0x20 class, 0x24 instance, 0x28 member, 0x2c connection
 * point, 0x30 attribute; 8-bit, or 16 and 32 bits after a pad byte), the
 * electronic key (0x34), symbolic names (0x91, ANSI, padded to a word) and
 * data segments (0x80).  A service of the generic set (Get Attributes All,
 * Get Attribute Single, ...) is CIP's own; another goes to the object
 * class's protocol: the Connection Manager's (`cipcm`: Forward Open and
 * Close, Unconnected Send, ...) or `cipcls`, the generic class one, as
 * Wireshark hands it over.  A reply names the service its request asked for
 * when the request went before in the same connection (matched by the
 * encapsulation's sender context), as Wireshark does.
 */
#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/expert.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"
#include "dissect/session.h"

enum {
	CIP_CM = 0x06, /* the Connection Manager's class */
	CIP_MODBUS = 0x44,
	CIP_PCCC = 0x67,
	CIP_GET_ATTRIBUTE_LIST = 0x03,
	CIP_SET_ATTRIBUTE_LIST = 0x04,
	CIP_MULTIPLE_SERVICE = 0x0a,
	CIP_FIND_NEXT = 0x11,
	CIP_FORWARD_CLOSE = 0x4e,
	CIP_UNCONNECTED_SEND = 0x52,
	CIP_FORWARD_OPEN = 0x54,
	CIP_LARGE_FORWARD_OPEN = 0x5b,
	CIP_NO_CLASS = 0xffffffff,
};

static const struct value_string cip_services[] = {
	{0x01, "Get Attributes All"}, {0x02, "Set Attributes All"}, {0x03, "Get Attribute List"},
	{0x04, "Set Attribute List"}, {0x05, "Reset"}, {0x06, "Start"}, {0x07, "Stop"}, {0x08, "Create"},
	{0x09, "Delete"}, {0x0a, "Multiple Service Packet"}, {0x0d, "Apply Attributes"},
	{0x0e, "Get Attribute Single"}, {0x10, "Set Attribute Single"}, {0x11, "Find Next Object Instance"},
	{0x15, "Restore"}, {0x16, "Save"}, {0x17, "Nop"}, {0x18, "Get Member"}, {0x19, "Set Member"},
	{0x1a, "Insert Member"}, {0x1b, "Remove Member"}, {0x1c, "Group Sync"}, {0, NULL},
};

static const struct value_string cip_cm_services[] = {
	{CIP_FORWARD_CLOSE, "Forward Close"}, {CIP_UNCONNECTED_SEND, "Unconnected Send"},
	{CIP_FORWARD_OPEN, "Forward Open"}, {0x56, "Get Connection Data"}, {0x57, "Search Connection Data"},
	{0x5a, "Get Connection Owner"}, {CIP_LARGE_FORWARD_OPEN, "Large Forward Open"}, {0, NULL},
};

static const struct value_string cip_mb_services[] = {
	{0x4b, "Read Discrete"}, {0x4c, "Read Coils"}, {0x4d, "Read Input Registers"},
	{0x4e, "Read Holding Registers"}, {0x4f, "Write Coils"}, {0x50, "Write Holding Registers"},
	{0x51, "Modbus Passthrough"}, {0, NULL},
};

static const struct value_string cip_pccc_services[] = {
	{0x4b, "Execute PCCC"}, {0, NULL},
};

static const struct value_string cip_statuses[] = {
	{0x00, "Success"}, {0x01, "Connection failure"}, {0x02, "Resource unavailable"},
	{0x03, "Invalid parameter value"}, {0x04, "Path segment error"}, {0x05, "Path destination unknown"},
	{0x06, "Partial transfer"}, {0x07, "Connection lost"}, {0x08, "Service not supported"},
	{0x09, "Invalid attribute value"}, {0x0a, "Attribute list error"},
	{0x0b, "Already in requested mode/state"}, {0x0c, "Object state conflict"},
	{0x0d, "Object already exists"}, {0x0e, "Attribute not settable"}, {0x0f, "Privilege violation"},
	{0x10, "Device state conflict"}, {0x11, "Reply data too large"},
	{0x12, "Fragmentation of a primitive value"}, {0x13, "Not enough data"},
	{0x14, "Attribute not supported"}, {0x15, "Too much data"}, {0x16, "Object does not exist"},
	{0x17, "Service fragmentation sequence not in progress"}, {0x18, "No stored attribute data"},
	{0x19, "Store operation failure"}, {0x1a, "Routing failure, request packet too large"},
	{0x1b, "Routing failure, response packet too large"}, {0x1c, "Missing attribute list entry data"},
	{0x1d, "Invalid attribute value list"}, {0x1e, "Embedded service error"},
	{0x1f, "Vendor specific error"}, {0x20, "Invalid parameter"},
	{0x21, "Write-once value or medium already written"}, {0x22, "Invalid reply received"},
	{0x23, "Buffer overflow"}, {0x24, "Invalid message format"}, {0x25, "Key failure in path"},
	{0x26, "Path size invalid"}, {0x27, "Unexpected attribute in list"}, {0x28, "Invalid Member ID"},
	{0x29, "Member not settable"}, {0x2a, "Group 2 only server general failure"},
	{0x2b, "Unknown Modbus error"}, {0x2c, "Attribute not gettable"}, {0, NULL},
};

/* The object classes Wireshark 4.0 names. */
static const struct value_string cip_classes[] = {
	{0x01, "Identity"}, {0x02, "Message Router"}, {0x03, "DeviceNet"}, {0x04, "Assembly"},
	{0x05, "Connection"}, {0x06, "Connection Manager"}, {0x07, "Register"},
	{0x08, "Discrete Input Point"}, {0x09, "Discrete Output Point"}, {0x0a, "Analog Input Point"},
	{0x0b, "Analog Output Point"}, {0x0e, "Presence Sensing"}, {0x0f, "Parameter"},
	{0x10, "Parameter Group"}, {0x12, "Group"}, {0x1d, "Discrete Input Group"},
	{0x1e, "Discrete Output Group"}, {0x1f, "Discrete Group"}, {0x20, "Analog Input Group"},
	{0x21, "Analog Output Group"}, {0x22, "Analog Group"}, {0x23, "Position Sensor"},
	{0x24, "Position Controller Supervisor"}, {0x25, "Position Controller"},
	{0x26, "Block Sequencer"}, {0x27, "Command Block"}, {0x28, "Motor Data"},
	{0x29, "Control Supervisor"}, {0x2a, "AC/DC Drive"}, {0x2b, "Acknowledge Handler"},
	{0x2c, "Overload"}, {0x2d, "Softstart"}, {0x2e, "Selection"}, {0x30, "S-Device Supervisor"},
	{0x31, "S-Analog Sensor"}, {0x32, "S-Analog Actuator"}, {0x33, "S-Single Stage Controller"},
	{0x34, "S-Gas Calibration"}, {0x35, "Trip Point"}, {0x37, "File"}, {0x38, "S-Partial Pressure"},
	{0x39, "Safety Supervisor"}, {0x3a, "Safety Validator"}, {0x3b, "Safety Discrete Output Point"},
	{0x3c, "Safety Discrete Output Group"}, {0x3d, "Safety Discrete Input Point"},
	{0x3e, "Safety Discrete Input Group"}, {0x3f, "Safety Dual Channel Output"},
	{0x40, "S-Sensor Calibration"}, {0x41, "Event Log"}, {0x42, "Motion Device Axis"},
	{0x43, "Time Sync"}, {0x44, "Modbus"}, {0x45, "Originator Connection List"},
	{0x46, "Modbus Serial Link"}, {0x47, "Device Level Ring (DLR)"}, {0x48, "QoS"},
	{0x49, "Safety Analog Input Point"}, {0x4a, "Safety Analog Input Group"},
	{0x4b, "Safety Dual Channel Analog Input"}, {0x4c, "SERCOS III Link"},
	{0x4d, "Target Connection List"}, {0x4e, "Base Energy"}, {0x4f, "Electrical Energy"},
	{0x50, "Non-Electrical Energy"}, {0x51, "Base Switch"}, {0x52, "SNMP"}, {0x53, "Power Management"},
	{0x54, "RSTP Bridge"}, {0x55, "RSTP Port"}, {0x56, "PRP/HSR Protocol"}, {0x57, "PRP/HSR Nodes Table"},
	{0x58, "Safety Feedback"}, {0x59, "Safety Dual Channel Feedback"}, {0x5a, "Safety Stop Functions"},
	{0x5b, "Safety Limit Functions"}, {0x5c, "Power Curtailment"}, {0x5d, "CIP Security"},
	{0x5e, "EtherNet/IP Security"}, {0x5f, "Certificate Management"}, {0x60, "Authority"},
	{0x61, "Password Authenticator"}, {0x62, "Certificate Authenticator"}, {0x67, "PCCC Class"},
	{0xf0, "ControlNet"}, {0xf1, "ControlNet Keeper"}, {0xf2, "ControlNet Scheduling"},
	{0xf3, "Connection Configuration"}, {0xf4, "Port"}, {0xf5, "TCP/IP Interface"},
	{0xf6, "Ethernet Link"}, {0xf7, "CompoNet"}, {0xf8, "CompoNet Repeater"},
	{0xf9, "HART Master Port"}, {0xfa, "I/O Aggregation"}, {0x100, "Protection Trip"},
	{0x101, "Protection Alarm"}, {0x102, "Circuit Breaker Supervisor"}, {0x103, "Circuit Breaker Statistics"},
	{0x104, "Electrical Demand"}, {0x105, "Electrical Statistics"}, {0x106, "Machine Base Data"},
	{0x107, "HART Process Device"}, {0x108, "Process Device Diagnostics"}, {0x109, "LLDP Management"},
	{0x10a, "LLDP Data Table"}, {0x10b, "IO-Link Service Parameter"}, {0x10c, "IO-Link Master PHY"},
	{0x10d, "IO-Link Device PHY"}, {0x10e, "Pilot Light Supervisor"}, {0x10f, "Select Line Link"},
	{0x110, "In-Cabinet Actual Topology"}, {0x111, "In-Cabinet Commissioning"}, {0, NULL},
};

static const struct field_def cip_fields[] = {
	{"cip.service", "Service", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, NULL},
	{"cip.rr", "Request/Response", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0x80, NULL},
	{"cip.sc", "Service", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0x7f, NULL},
	{"cip.request_path_size", "Request Path Size", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"cip.epath", "EPath", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"cip.genstat", "General Status", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, cip_statuses},
	{"cip.addstat_size", "Additional Status Size", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"cip.class", "Class", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, cip_classes},
	{"cip.instance", "Instance", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, NULL},
	{"cip.member", "Member", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, NULL},
	{"cip.attribute", "Attribute", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"cip.connpoint", "Connection Point", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, NULL},
	{"cip.symbol", "ANSI Symbol", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"cip.port", "Port", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0x0f, NULL},
	{"cip.linkaddress.byte", "Link Address", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
};
FIELD_TABLE_DEFINE(cip);

static const struct field_def cipcm_fields[] = {
	{"cip.cm.sc", "Service", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0x7f, cip_cm_services},
	{"cip.cm.genstat", "General Status", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, cip_statuses},
	{"cip.cm.ot_connid", "O->T Network Connection ID", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, NULL},
	{"cip.cm.to_connid", "T->O Network Connection ID", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, NULL},
	{"cip.cm.conn_serial_num", "Connection Serial Number", FT_UINT16, BASE_HEX, FIELD_VAR, 2, 0, NULL},
	{"cip.cm.vendor", "Originator Vendor ID", FT_UINT16, BASE_HEX, FIELD_VAR, 2, 0, NULL},
	{"cip.cm.orig_serial_num", "Originator Serial Number", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, NULL},
	{"cip.cm.msg_req_size", "Embedded Message Request Size", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
};
FIELD_TABLE_DEFINE(cipcm);

/* A request's path, as far as it reads: the first class, instance,
 * attribute, member and connection point, the symbol, the port. */
struct cip_path {
	uint32_t class_id, instance, attribute, member, connpoint; /* CIP_NO_CLASS: none */
	const uint8_t *symbol;
	uint8_t symbol_len;
	int port;           /* -1: none */
	int link;           /* a one-byte link address, -1: none */
	bool ok;            /* every segment read inside the path */
};

/* The N-byte little-endian number of a logical segment at D (8, 16 or 32
 * bits: after a pad byte for the wider); its bytes in *USED. */
static uint32_t cip_logical(const uint8_t *d, uint32_t n, unsigned format, uint32_t *used)
{
	if (format == 0) {
		*used = 2;
		return n >= 2 ? d[1] : 0;
	}
	*used = format == 1 ? 4 : 6;
	if (n < *used)
		return 0;
	return format == 1 ? fv_get16(d + 2, false) : fv_get32(d + 2, false);
}

/* Reads path D of N bytes. */
static void cip_path_read(const uint8_t *d, uint32_t n, struct cip_path *pa)
{
	*pa = (struct cip_path){CIP_NO_CLASS, CIP_NO_CLASS, CIP_NO_CLASS, CIP_NO_CLASS, CIP_NO_CLASS, NULL, 0, -1, -1, true};
	uint32_t at = 0;
	while (at < n) {
		uint8_t s = d[at];
		uint32_t used = 0;
		if (s < 0x20) { /* a port */
			if (s & 0x10) {
				used = at + 1 < n ? 2u + d[at + 1] : 2;
				used += used & 1;
			} else {
				used = 2;
				if (at + 1 < n && pa->link < 0)
					pa->link = d[at + 1];
			}
			if (pa->port < 0)
				pa->port = s & 0x0f;
		} else if ((s & 0xe0) == 0x20 && (s & 0x1c) != 0x14) { /* logical */
			uint32_t v = cip_logical(d + at, n - at, s & 3, &used);
			uint32_t *slot[] = {&pa->class_id, &pa->instance, &pa->member, &pa->connpoint, &pa->attribute};
			unsigned type = (s >> 2) & 7;
			if (type < G_N_ELEMENTS(slot) && *slot[type] == CIP_NO_CLASS)
				*slot[type] = v;
		} else if (s == 0x34) { /* electronic key */
			used = 10;
		} else if (s == 0x91) { /* ANSI symbol */
			uint32_t len = at + 1 < n ? d[at + 1] : 0;
			used = 2 + len + (len & 1);
			if (!pa->symbol && at + 2 + len <= n) {
				pa->symbol = d + at + 2;
				pa->symbol_len = (uint8_t)len;
			}
		} else if (s == 0x80) { /* simple data */
			used = 2 + 2u * (at + 1 < n ? d[at + 1] : 0);
		} else {
			break; /* a segment this reader does not walk */
		}
		if (at + used > n) {
			pa->ok = false;
			break;
		}
		at += used;
	}
}

/* What the connection keeps of a request, by its sender context: its
 * bytes (the first CIP_ASKED_MAX). */
enum { CIP_ASKED_MAX = 255 };
struct cip_asked {
	uint8_t len;
	uint8_t msg[CIP_ASKED_MAX];
};

static void *cip_conv_new(void)
{
	return g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
}

static void cip_conv_free(void *t)
{
	g_hash_table_destroy(t);
}

/* The encapsulation's sender context (8 bytes at D), the key of its
 * request. */
static gint64 cip_context(const uint8_t *d)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v |= (uint64_t)d[i] << (8 * i);
	return (gint64)v;
}

/* The service and path an Unconnected Send request D of N bytes carries
 * inside (a reply answers with that request's service), in *SERVICE and
 * PA; false when D is no such request. */
static bool cip_embedded(const uint8_t *d, uint32_t n, unsigned *service, struct cip_path *pa);

/* Keeps request D, or hands a reply its request's bytes (the packet's
 * app_info) when the reply answers its service or its Unconnected Send. */
static void cip_match(struct packet *p, const uint8_t *context, const uint8_t *d, uint32_t n)
{
	if (!p->session || p->ip_layer < 0 || n < 2)
		return;
	GHashTable *asked = session_conv_data(p->session, p, PROTO_CIP, cip_conv_new, cip_conv_free);
	if (!asked)
		return;
	gint64 key = cip_context(context);
	if (!(d[0] & 0x80)) {
		struct cip_asked *a = g_new0(struct cip_asked, 1);
		a->len = (uint8_t)(n < CIP_ASKED_MAX ? n : CIP_ASKED_MAX);
		memcpy(a->msg, d, a->len);
		g_hash_table_insert(asked, g_memdup2(&key, sizeof key), a);
		return;
	}
	const struct cip_asked *a = g_hash_table_lookup(asked, &key);
	unsigned inner;
	struct cip_path pa;
	if (a && ((a->msg[0] & 0x7f) == (d[0] & 0x7f) || cip_embedded(a->msg, a->len, &inner, &pa)))
		pkt_set_app_info(p, PROTO_CIP, (const char *)a->msg, a->len);
}

/* The bytes of the request a reply of P answers (*N of them), NULL when it
 * was not seen. */
static const uint8_t *cip_reply_asked(const struct packet *p, uint32_t *n)
{
	*n = p->app_info_len;
	return p->app_info_proto == PROTO_CIP && p->app_info_len >= 2 ? (const uint8_t *)p->app_info : NULL;
}

/* What a reply of P answers: the request's service and path, or those of
 * the request an Unconnected Send carried; false when not seen. */
static bool cip_reply_target(const struct packet *p, unsigned *service, struct cip_path *pa)
{
	uint32_t n;
	const uint8_t *r = cip_reply_asked(p, &n);
	if (!r || n < 2u + 2u * r[1])
		return false;
	if (cip_embedded(r, n, service, pa))
		return true;
	*service = r[0];
	cip_path_read(r + 2, 2u * r[1], pa);
	return true;
}

static bool cip_embedded(const uint8_t *d, uint32_t n, unsigned *service, struct cip_path *pa)
{
	if (n < 2 || (d[0] & 0x7f) != CIP_UNCONNECTED_SEND || n < 2u + 2u * d[1])
		return false;
	cip_path_read(d + 2, 2u * d[1], pa);
	uint32_t head = 2u + 2u * d[1];
	if (pa->class_id != CIP_CM || n < head + 4)
		return false;
	uint32_t len = fv_get16(d + head + 2, false);
	const uint8_t *m = d + head + 4;
	if (len < 2 || n - head - 4 < len || len < 2u + 2u * m[1])
		return false;
	*service = m[0];
	cip_path_read(m + 2, 2u * m[1], pa);
	return true;
}

/* Which protocol takes a service of class CLASS_ID: CIP's generic set, the
 * Connection Manager's, or the generic class one. */
static enum proto_id cip_service_proto(uint32_t class_id, unsigned service)
{
	if (value_name(cip_services, service & 0x7f))
		return PROTO_CIP;
	switch (class_id) {
	case CIP_CM: return PROTO_CIPCM;
	case CIP_MODBUS: return PROTO_CIPMB;
	case CIP_PCCC: return PROTO_CIPPCCC;
	default: return PROTO_CIPCLS;
	}
}

/* The protocol after CIP's layer for message D: a request's class's
 * (cip_service_proto()), a reply's request's; a reply to an Unconnected
 * Send is the Connection Manager's. */
static enum proto_id cip_next_proto(const struct packet *p, const uint8_t *d, uint32_t n)
{
	struct cip_path pa;
	if (!(d[0] & 0x80)) {
		cip_path_read(d + 2, n - 2 < 2u * d[1] ? n - 2 : 2u * d[1], &pa);
		return cip_service_proto(pa.class_id, d[0]);
	}
	uint32_t rn;
	const uint8_t *r = cip_reply_asked(p, &rn);
	unsigned inner;
	if (r && cip_embedded(r, rn, &inner, &pa))
		return PROTO_CIPCM;
	if (!r || rn < 2u + 2u * r[1])
		return cip_service_proto(CIP_NO_CLASS, d[0]);
	cip_path_read(r + 2, 2u * r[1], &pa);
	return cip_service_proto(pa.class_id, d[0]);
}

void dissect_cip(struct packet *p, struct cursor *c, const uint8_t *context)
{
	int idx = pkt_push_layer(p, PROTO_CIP, c->off);
	if (idx < 0)
		return;
	uint32_t n = cursor_left(c);
	p->layers[idx].len = n;
	const uint8_t *d = cursor_peek_all(c, n);
	uint32_t head = 2;
	if (d && n >= 1 && (d[0] & 0x80))
		head = n >= 4 ? 4u + 2u * d[3] : 4;
	else if (d && n >= 2)
		head = 2u + 2u * d[1];
	if (!d || n < head) {
		cursor_skip(c, head);
		pkt_note_cursor(p, idx, c);
		return;
	}
	cip_match(p, context, d, n);
	enum proto_id next = cip_next_proto(p, d, n);
	if (n == head && (d[0] == CIP_FIND_NEXT || (next == PROTO_CIPPCCC && !(d[0] & 0x80)))) {
		/* a Find Next's maximum count, a PCCC request's requestor id */
		int at = next != PROTO_CIP ? pkt_push_layer(p, next, c->off + head) : idx;
		cursor_skip(c, head + 1);
		pkt_note_cursor(p, at < 0 ? idx : at, c);
		return;
	}
	cursor_skip(c, head);
	if (next != PROTO_CIP)
		pkt_push_layer(p, next, c->off);
	cursor_skip(c, cursor_left(c));
}

static void cip_give_path(const struct cip_path *pa, const struct field_def *f, fvalue_fn fn, void *data)
{
	static const char *const names[] = {"cip.class", "cip.instance", "cip.attribute", "cip.member", "cip.connpoint"};
	const uint32_t vals[] = {pa->class_id, pa->instance, pa->attribute, pa->member, pa->connpoint};
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
		if (vals[i] != CIP_NO_CLASS && fv_same(f->abbrev, names[i]))
			fv_give_uint(fn, data, vals[i]);
	if (pa->symbol && fv_same(f->abbrev, "cip.symbol"))
		fv_give_ptr(fn, data, FV_STRING, pa->symbol, pa->symbol_len);
	if (pa->port >= 0 && fv_same(f->abbrev, "cip.port"))
		fv_give_uint(fn, data, (unsigned)pa->port);
	if (pa->link >= 0 && fv_same(f->abbrev, "cip.linkaddress.byte"))
		fv_give_uint(fn, data, (unsigned)pa->link);
}

/* A request's service, path size and path (WORDS words at PATH). */
static void cip_give_request(unsigned service, unsigned words, const uint8_t *path, const struct field_def *f,
			     fvalue_fn fn, void *data)
{
	if (fv_same(f->abbrev, "cip.service"))
		fv_give_uint(fn, data, service);
	else if (fv_same(f->abbrev, "cip.sc"))
		fv_give_uint(fn, data, service & 0x7f);
	else if (fv_same(f->abbrev, "cip.rr"))
		fv_give_uint(fn, data, service >> 7);
	else if (fv_same(f->abbrev, "cip.request_path_size"))
		fv_give_uint(fn, data, words);
	else if (fv_same(f->abbrev, "cip.epath"))
		fv_give_ptr(fn, data, FV_BYTES, path, 2u * words);
	struct cip_path pa;
	cip_path_read(path, 2u * words, &pa);
	cip_give_path(&pa, f, fn, data);
}

/* The paths inside a Connection Manager request after its own (B, LEFT
 * bytes): a Forward Open's connection path; an Unconnected Send's embedded
 * request and its route path. */
static void cip_give_cm(unsigned service, const uint8_t *b, uint32_t left, const struct field_def *f, fvalue_fn fn,
			void *data)
{
	if (service == CIP_FORWARD_OPEN || service == CIP_LARGE_FORWARD_OPEN) {
		uint32_t at = service == CIP_LARGE_FORWARD_OPEN ? 39 : 35;
		if (left > at && left - at - 1 >= 2u * b[at]) {
			if (fv_same(f->abbrev, "cip.epath"))
				fv_give_ptr(fn, data, FV_BYTES, b + at + 1, 2u * b[at]);
			struct cip_path pa;
			cip_path_read(b + at + 1, 2u * b[at], &pa);
			cip_give_path(&pa, f, fn, data);
		}
	} else if (service == CIP_UNCONNECTED_SEND && left >= 4) {
		uint32_t len = fv_get16(b + 2, false);
		const uint8_t *m = b + 4;
		if (len >= 2 && left - 4 >= len && len >= 2u + 2u * m[1])
			cip_give_request(m[0], m[1], m + 2, f, fn, data);
		uint32_t at = 4 + len + (len & 1);
		if (left > at + 1 && left - at - 2 >= 2u * b[at] && fv_same(f->abbrev, "cip.epath"))
			fv_give_ptr(fn, data, FV_BYTES, b + at + 2, 2u * b[at]);
		if (left > at + 1 && left - at - 2 >= 2u * b[at]) {
			struct cip_path pa;
			cip_path_read(b + at + 2, 2u * b[at], &pa);
			if (!fv_same(f->abbrev, "cip.epath"))
				cip_give_path(&pa, f, fn, data);
		}
	}
}

/* A reply's status, and what its request asked (when seen); a request's
 * service and path, then the paths a Connection Manager request holds. */
static void cip_values(const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d, uint32_t n,
		       const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d || n < 2)
		return;
	if (d[0] & 0x80) {
		if (fv_same(f->abbrev, "cip.service"))
			fv_give_uint(fn, data, d[0]);
		else if (fv_same(f->abbrev, "cip.sc"))
			fv_give_uint(fn, data, d[0] & 0x7f);
		else if (fv_same(f->abbrev, "cip.rr"))
			fv_give_uint(fn, data, 1);
		else if (n >= 3 && fv_same(f->abbrev, "cip.genstat"))
			fv_give_uint(fn, data, d[2]);
		else if (n >= 4 && fv_same(f->abbrev, "cip.addstat_size"))
			fv_give_uint(fn, data, d[3]);
		uint32_t rn;
		const uint8_t *r = cip_reply_asked(p, &rn);
		if (r && rn >= 2u + 2u * r[1] && !fv_same(f->abbrev, "cip.epath") && !fv_same(f->abbrev, "cip.service") &&
		    !fv_same(f->abbrev, "cip.sc") && !fv_same(f->abbrev, "cip.rr"))
			cip_give_request(r[0], r[1], r + 2, f, fn, data);
		return;
	}
	uint32_t plen = 2u * d[1];
	if (n < 2 + plen) {
		if (fv_same(f->abbrev, "cip.service"))
			fv_give_uint(fn, data, d[0]);
		return;
	}
	cip_give_request(d[0], d[1], d + 2, f, fn, data);
	struct cip_path pa;
	cip_path_read(d + 2, plen, &pa);
	if (cip_service_proto(pa.class_id, d[0]) != PROTO_CIPCM)
		return;
	if (fv_same(f->abbrev, "cip.rr"))
		fv_give_uint(fn, data, 0); /* the Connection Manager's own line */
	cip_give_cm(d[0] & 0x7f, d + 2 + plen, n - 2 - plen, f, fn, data);
}

/* The Info's object part: the class name, "Class (0x6b)", or the symbol
 * quoted. */
static void cip_info_object(struct columns *c, uint32_t class_id, const uint8_t *symbol, uint32_t symbol_len)
{
	if (symbol) {
		col_append(c, "'");
		col_append_text(c, symbol, symbol_len);
		col_append(c, "' - ");
	} else if (class_id != CIP_NO_CLASS) {
		const char *name = value_name(cip_classes, class_id);
		if (name)
			col_append(c, "%s - ", name);
		else
			col_append(c, "Class (0x%02x) - ", class_id);
	}
}

static void cip_info_service(struct columns *c, uint32_t class_id, unsigned service)
{
	const char *name = value_name(cip_services, service & 0x7f);
	if (!name)
		name = value_name(class_id == CIP_CM	     ? cip_cm_services
				  : class_id == CIP_MODBUS ? cip_mb_services
				  : class_id == CIP_PCCC   ? cip_pccc_services
							   : NULL,
				  service & 0x7f);
	if (name)
		col_append(c, "%s", name);
	else
		col_append(c, "Service (0x%02x)", service & 0x7f);
}

/* The Connection Manager's additions: a Forward Open's target class, an
 * Unconnected Send's embedded request. */
static void cip_cm_info(struct columns *c, const uint8_t *d, uint32_t n, uint32_t head);

/* "Identity - Get Attributes All"; a reply "Success: Identity - Get
 * Attributes All" when its request was seen, else "Success: Get
 * Attributes All". */
static void cip_info(struct columns *c, const struct packet *p, const uint8_t *d, uint32_t n)
{
	col_clear(c);
	if (d[0] & 0x80) {
		col_set_value(c, cip_statuses, n > 2 ? d[2] : 0, "Unknown Response (%x)");
		col_append(c, ": ");
		struct cip_path pa;
		unsigned service = d[0];
		if (!cip_reply_target(p, &service, &pa)) {
			cip_info_service(c, CIP_NO_CLASS, d[0]);
			return;
		}
		cip_info_object(c, pa.class_id, pa.symbol, pa.symbol_len);
		cip_info_service(c, pa.class_id, service);
		uint32_t rn;
		const uint8_t *r = cip_reply_asked(p, &rn);
		if (pa.class_id == CIP_CM && (r[0] & 0x7f) != CIP_UNCONNECTED_SEND)
			cip_cm_info(c, r, rn, 2u + 2u * r[1]);
		return;
	}
	struct cip_path pa;
	uint32_t plen = 2u * d[1];
	cip_path_read(d + 2, plen, &pa);
	cip_info_object(c, pa.class_id, pa.symbol, pa.symbol_len);
	cip_info_service(c, pa.class_id, d[0]);
	if (pa.class_id == CIP_CM)
		cip_cm_info(c, d, n, 2 + plen);
}

static void cip_cm_info(struct columns *c, const uint8_t *d, uint32_t n, uint32_t head)
{
	unsigned service = d[0] & 0x7f;
	if (service == CIP_FORWARD_OPEN || service == CIP_LARGE_FORWARD_OPEN) {
		/* the connection path after the parameters (4 bytes longer in a
		 * Large Forward Open) */
		uint32_t at = head + (service == CIP_LARGE_FORWARD_OPEN ? 39 : 35);
		if (n <= at)
			return;
		uint32_t plen = 2u * d[at];
		struct cip_path pa;
		cip_path_read(d + at + 1, n - at - 1 < plen ? n - at - 1 : plen, &pa);
		const char *name = pa.class_id != CIP_NO_CLASS ? value_name(cip_classes, pa.class_id) : NULL;
		if (name)
			col_append(c, " (%s)", name);
	} else if (service == CIP_FORWARD_CLOSE && n > head + 11) {
		/* its connection path after the serial numbers */
		uint32_t plen = 2u * d[head + 10];
		struct cip_path pa;
		cip_path_read(d + head + 12, n - head - 12 < plen ? n - head - 12 : plen, &pa);
		const char *name = pa.class_id != CIP_NO_CLASS ? value_name(cip_classes, pa.class_id) : NULL;
		if (name)
			col_append(c, " (%s)", name);
	} else if (service == CIP_UNCONNECTED_SEND && n >= head + 4) {
		uint32_t len = fv_get16(d + head + 2, false);
		const uint8_t *m = d + head + 4;
		if (len < 2 || n - head - 4 < len || n - head - 4 < 2u + 2u * m[1])
			return;
		col_append(c, ": ");
		struct cip_path pa;
		cip_path_read(m + 2, 2u * m[1], &pa);
		cip_info_object(c, pa.class_id, pa.symbol, pa.symbol_len);
		cip_info_service(c, pa.class_id, m[0]);
	}
}

static void cip_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_given(p, idx, &n);
	col_proto(c, "CIP");
	if (!d || n < 2)
		return;
	cip_info(c, p, d, n);
}

/* A list or a multiple service packet without its count. */
static void cip_expert(struct experts *e, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_given(p, idx, &n);
	if (!d || n < 2)
		return;
	bool reply = d[0] & 0x80;
	uint32_t head = reply ? (n >= 4 ? 4u + 2u * d[3] : 4) : 2u + 2u * d[1];
	if (n < head || n - head >= 2 || (reply && d[2] != 0))
		return; /* a reply's data is read only on success */
	unsigned service = d[0] & 0x7f;
	if (service == CIP_MULTIPLE_SERVICE)
		expert_add(e, EXPERT_ERROR, EXPERT_MALFORMED, "CIP",
			   "Multiple Service Packet service missing Number of Services field");
	else if (!reply && (service == CIP_GET_ATTRIBUTE_LIST || service == CIP_SET_ATTRIBUTE_LIST))
		expert_add(e, EXPERT_ERROR, EXPERT_MALFORMED, "CIP", "Malformed %s Attribute List service",
			   service == CIP_GET_ATTRIBUTE_LIST ? "Get" : "Set");
}

/* The class protocols write nothing of their own but the Connection
 * Manager's name. */
/* "CIP CM", but for a reply to an Unconnected Send: its embedded request's
 * reply, CIP's. */
static void cipcm_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n = 0, rn;
	const uint8_t *d = idx > 0 ? col_layer_given(p, idx - 1, &n) : NULL;
	const uint8_t *r = cip_reply_asked(p, &rn);
	unsigned inner;
	struct cip_path pa;
	if (d && n >= 1 && (d[0] & 0x80) && r && cip_embedded(r, rn, &inner, &pa))
		return;
	col_proto(c, "CIP CM");
}

static void cipcls_columns(G_GNUC_UNUSED struct columns *c, G_GNUC_UNUSED const struct packet *p,
			   G_GNUC_UNUSED int idx)
{
}

static void cipmb_columns(struct columns *c, G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED int idx)
{
	col_proto(c, "CIP MB");
}

static void cippccc_columns(struct columns *c, G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED int idx)
{
	col_proto(c, "CIP PCCC");
}

/* The Connection Manager's fields: its layer starts after the request's
 * path (or the reply's status), so they are read from the CIP layer. */
static void cipcm_values(const struct packet *p, const struct layer *l, G_GNUC_UNUSED const uint8_t *d0,
			 G_GNUC_UNUSED uint32_t n0, const struct field_def *f, fvalue_fn fn, void *data)
{
	int i = (int)(l - p->layers);
	uint32_t n;
	const uint8_t *d = i > 0 ? col_layer_given(p, i - 1, &n) : NULL;
	if (!d || n < 2)
		return;
	if (fv_same(f->abbrev, "cip.cm.sc"))
		fv_give_uint(fn, data, d[0] & 0x7f);
	if (d[0] & 0x80) {
		if (n >= 3 && fv_same(f->abbrev, "cip.cm.genstat"))
			fv_give_uint(fn, data, d[2]);
		return;
	}
	const uint8_t *b = d + 2 + 2u * d[1];
	uint32_t left = (uint32_t)(d + n - b);
	unsigned service = d[0] & 0x7f;
	if ((service == CIP_FORWARD_OPEN || service == CIP_LARGE_FORWARD_OPEN) && left >= 20) {
		static const struct {
			const char *name;
			uint8_t off, size;
		} fo[] = {{"cip.cm.ot_connid", 2, 4}, {"cip.cm.to_connid", 6, 4}, {"cip.cm.conn_serial_num", 10, 2},
			  {"cip.cm.vendor", 12, 2}, {"cip.cm.orig_serial_num", 14, 4}};
		for (size_t k = 0; k < G_N_ELEMENTS(fo); k++)
			if (fv_same(f->abbrev, fo[k].name))
				fv_give_uint(fn, data, fo[k].size == 4 ? fv_get32(b + fo[k].off, false)
								       : fv_get16(b + fo[k].off, false));
	} else if (service == CIP_UNCONNECTED_SEND && left >= 4 && fv_same(f->abbrev, "cip.cm.msg_req_size")) {
		fv_give_uint(fn, data, fv_get16(b + 2, false));
	}
}

/* A reply's class, path and protocol come from its request, an earlier
 * frame: every filter on CIP needs the frames in order. */
static int cip_depth(G_GNUC_UNUSED const struct field_def *f)
{
	return DEPTH_TRACKED;
}

PROTOCOL_ID(CIP, "cip", "Common Industrial Protocol");
const struct protocol proto_cip = {PROTO_CIP, .short_name = "CIP", .depth = cip_depth, .fields = &cip_table, .columns = cip_columns,
				   .expert = cip_expert, .values = cip_values};
PROTOCOL_ID(CIPCM, "cipcm", "CIP Connection Manager");
const struct protocol proto_cipcm = {PROTO_CIPCM, .short_name = "CIPCM", .depth = cip_depth, .fields = &cipcm_table,
				     .columns = cipcm_columns, .values = cipcm_values};
PROTOCOL_ID(CIPCLS, "cipcls", "CIP Class Generic");
const struct protocol proto_cipcls = {PROTO_CIPCLS, .short_name = "CIPCLS", .depth = cip_depth, .columns = cipcls_columns};
PROTOCOL_ID(CIPMB, "cipmb", "CIP Modbus Object");
const struct protocol proto_cipmb = {PROTO_CIPMB, .short_name = "CIPMB", .depth = cip_depth, .columns = cipmb_columns};
PROTOCOL_ID(CIPPCCC, "cippccc", "CIP PCCC Object");
const struct protocol proto_cippccc = {PROTO_CIPPCCC, .short_name = "CIPPCCC", .depth = cip_depth, .columns = cippccc_columns};
