/* netmon.c — the records Network Monitor files carry besides packets, and
 * the comment layer: an ETW event record (EVENT_HEADER) is `netmon_event`,
 * followed by a layer named after the event's provider for the providers
 * whose events describe the system:
 *
 *   0      2      4      6      8        12       16          24             40
 *   | size | type | flags| prop | thread | process| timestamp | provider GUID | descriptor ...
 *
 * A frame the file attaches a comment to gets a first layer of its own, as
 * Wireshark shows it: `netmon_header` in Network Monitor files, `pkt_comment`
 * in pcapng files. */
#include <string.h>

#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct field_def netmon_event_fields[] = {
	{"netmon_event.size", "Size", FT_UINT16, BASE_DEC_LE, 0, 2, 0, NULL},
	{"netmon_event.header_type", "Header Type", FT_UINT16, BASE_DEC_LE, 2, 2, 0, NULL},
	{"netmon_event.flags", "Flags", FT_UINT16, BASE_HEX_LE, 4, 2, 0, NULL},
	{"netmon_event.event_property", "Event Property", FT_UINT16, BASE_HEX_LE, 6, 2, 0, NULL},
	{"netmon_event.thread_id", "Thread ID", FT_UINT32, BASE_DEC_LE, 8, 4, 0, NULL},
	{"netmon_event.process_id", "Process ID", FT_UINT32, BASE_DEC_LE, 12, 4, 0, NULL},
	{"netmon_event.provider_id", "Provider ID", FT_GUID, BASE_NONE, FIELD_VAR, 16, 0, NULL},
};
FIELD_TABLE_DEFINE(netmon_event);

/* Provider GUIDs as stored (first three groups little-endian). */
static const struct {
	uint8_t guid[16];
	enum proto_id proto;
} providers[] = {
	/* 68fdd900-4a3e-11d1-84f4-0000f80464e3: kernel event-trace header */
	{{0x00, 0xd9, 0xfd, 0x68, 0x3e, 0x4a, 0xd1, 0x11, 0x84, 0xf4, 0x00, 0x00, 0xf8, 0x04, 0x64, 0xe3},
	 PROTO_NETMON_SYSTEM_TRACE},
	/* 3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c: kernel process events */
	{{0xd0, 0xa8, 0x6f, 0x3d, 0x05, 0xfe, 0xd0, 0x11, 0x9d, 0xda, 0x00, 0xc0, 0x4f, 0xd7, 0xba, 0x7c},
	 PROTO_NETMON_PROCESS},
	/* 01853a65-418f-4f36-aefc-dc0f1d2fd235: kernel system configuration */
	{{0x65, 0x3a, 0x85, 0x01, 0x8f, 0x41, 0x36, 0x4f, 0xae, 0xfc, 0xdc, 0x0f, 0x1d, 0x2f, 0xd2, 0x35},
	 PROTO_NETMON_SYSTEM_CONFIG},
};

void dissect_netmon_event(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_NETMON_EVENT, c->off);
	if (idx < 0)
		return;
	cursor_skip(c, 24);
	const uint8_t *guid = cursor_take(c, 16);
	if (!guid) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	for (size_t i = 0; i < sizeof providers / sizeof providers[0]; i++)
		if (memcmp(guid, providers[i].guid, 16) == 0) {
			pkt_push_layer(p, providers[i].proto, c->off);
			return;
		}
}

/* The packet list: the event header names its thread, process and
 * provider; a provider's layer above it names itself and clears that. */
static void netmon_event_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n = 0;
	const uint8_t *b = col_layer_bytes(p, idx, &n);
	col_proto(c, "NetMon Event");
	col_clear(c);
	if (n < 40)
		return;
	struct cursor r = cursor_init(b, n, n);
	cursor_skip(&r, 8);
	int32_t thread = (int32_t)cursor_le32(&r), process = (int32_t)cursor_le32(&r);
	const uint8_t *g = b + 24;
	col_set(c, "Thread ID: %d, Process ID: %d, Provider ID: %08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		thread, process, (unsigned)(g[0] | g[1] << 8 | g[2] << 16 | (uint32_t)g[3] << 24),
		(unsigned)(g[4] | g[5] << 8), (unsigned)(g[6] | g[7] << 8), g[8], g[9], g[10], g[11], g[12], g[13],
		g[14], g[15]);
}

/* Offsets in a provider's layer (which starts at the event descriptor):
 * the descriptor's opcode, the extended-data count, and the first byte after
 * the fixed part (descriptor, processor time, activity ID, buffer context,
 * counts and the reassembled flag), where the extended data items and then
 * the event's user data lie. */
enum { NM_OPCODE = 5, NM_EXT_COUNT = 44, NM_FIXED = 49 };

/* The UTF-16LE string at OFF of B (N bytes), at most MAX characters (0: up
 * to its NUL), appended to OUT (if not NULL) as UTF-8; returns the offset after its NUL. */
static uint32_t nm_wstring(const uint8_t *b, uint32_t n, uint32_t off, uint32_t max, GString *out)
{
	g_autofree gunichar2 *u = g_new0(gunichar2, n / 2 + 1);
	uint32_t k = 0;
	while (off + 1 < n && (max == 0 || k < max)) {
		uint16_t ch = (uint16_t)(b[off] | b[off + 1] << 8);
		off += 2;
		if (ch == 0)
			break;
		u[k++] = ch;
	}
	if (!out)
		return off;
	g_autofree char *s = g_utf16_to_utf8(u, k, NULL, NULL, NULL);
	if (s)
		g_string_append(out, s);
	return off;
}

/* The offset of the user data in B (N bytes), past the extended data
 * items; 0 when they run past the end. */
static uint32_t nm_user_data(const uint8_t *b, uint32_t n)
{
	if (n < NM_FIXED)
		return 0;
	uint32_t off = NM_FIXED, items = (uint32_t)(b[NM_EXT_COUNT] | b[NM_EXT_COUNT + 1] << 8);
	for (uint32_t i = 0; i < items; i++) {
		if (off + 8 > n)
			return 0;
		off += 8 + (uint32_t)(b[off + 6] | b[off + 7] << 8);
	}
	return off <= n ? off : 0;
}

/* What a system configuration event describes, by its opcode: a physical
 * disk (11), a logical disk (12), a network card (13), a service (15), an
 * interrupt (21), an IDE channel (23), the platform (25). */
static void netmon_config_info(GString *s, const uint8_t *b, uint32_t n)
{
	uint32_t u = nm_user_data(b, n);
	if (u == 0)
		return;
	const uint8_t *d = b + u;
	uint32_t left = n - u, off;
	switch (b[NM_OPCODE]) {
	case 11:
		if (left < 564)
			return;
		g_string_append(s, "Manufacturer: ");
		nm_wstring(b, n, u + 40, 256, s);
		g_string_append(s, ", BootDriveLetter: ");
		nm_wstring(b, n, u + 558, 3, s);
		break;
	case 12:
		if (left < 104)
			return;
		g_string_append(s, "Drive: ");
		nm_wstring(b, n, u + 28, 4, s);
		g_string_append(s, ", FileSystem: ");
		nm_wstring(b, n, u + 72, 16, s);
		break;
	case 13:
		if (left < 20)
			return;
		off = nm_wstring(b, n, u + 20, 0, NULL);
		g_string_append(s, "IP Addresses: ");
		nm_wstring(b, n, off, 0, s);
		break;
	case 15:
		if (left < 12)
			return;
		g_string_append(s, "Service: ");
		nm_wstring(b, n, u + 12, 0, s);
		g_string_append_printf(s, ", (PID=%u)", (unsigned)(d[0] | d[1] << 8 | d[2] << 16 | (uint32_t)d[3] << 24));
		break;
	case 21:
		if (left >= 16)
			g_string_append_printf(s, "IRQ: %u", (unsigned)(d[12] | d[13] << 8 | d[14] << 16 | (uint32_t)d[15] << 24));
		break;
	case 23:
		if (left < 16)
			return;
		g_string_append(s, "Location: ");
		nm_wstring(b, n, u + 16, 0, s);
		break;
	case 25:
		off = u;
		for (int i = 0; i < 4; i++) {
			static const char *const label[] = {"Manufacturer: ", ", ProductName: ", ", BiosDate: ",
							    ", BiosVersion: "};
			g_string_append(s, label[i]);
			off = nm_wstring(b, n, off, 0, s);
		}
		break;
	default: break;
	}
}

static void netmon_provider_columns(struct columns *c, const struct packet *p, int idx)
{
	switch (p->layers[idx].proto) {
	case PROTO_NETMON_PROCESS: col_proto(c, "NetMon Process"); break;
	case PROTO_NETMON_SYSTEM_TRACE: col_proto(c, "NetMon System Trace"); break;
	default: col_proto(c, "NetMon System Config"); break;
	}
	col_clear(c);
	if (p->layers[idx].proto != PROTO_NETMON_SYSTEM_CONFIG)
		return;
	uint32_t n = 0;
	const uint8_t *b = col_layer_bytes(p, idx, &n);
	g_autoptr(GString) s = g_string_new(NULL);
	netmon_config_info(s, b, n);
	if (s->len)
		col_set(c, "%s", s->str);
}

/* A Network Monitor event's provider, a GUID whose first three parts are
 * little-endian, turned to the order a GUID is written in. */
static unsigned netmon_event_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	static __thread uint8_t g[16];
	if (!fv_same(a, "netmon_event.provider_id") || n < 40)
		return 0;
	const uint8_t *s = d + 24;
	static const uint8_t order[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
	for (int i = 0; i < 16; i++)
		g[i] = s[order[i]];
	return fv_give_ptr(fn, data, FV_BYTES, g, 16);
}

static void netmon_event_field_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
				      const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn,
				      void *data)
{
	if (d)
		netmon_event_values(d, n, f->abbrev, fn, data);
}

static const struct handoff netmon_event_handoff[] = {
	LINKTYPE(LINKTYPE_NETMON_EVENT, dissect_netmon_event),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(NETMON_HEADER, "netmon_header", "Network Monitor Header");
PROTOCOL_ID(NETMON_EVENT, "netmon_event", "Network Monitor Event");
const struct protocol proto_netmon_event = {PROTO_NETMON_EVENT, .short_name = "NetMon Event", .columns = netmon_event_columns,
					    .values = netmon_event_field_values, .fields = &netmon_event_table,
					    .handoff = netmon_event_handoff};
PROTOCOL_ID(NETMON_PROCESS, "netmon_process", "Network Monitor Process");
const struct protocol proto_netmon_process = {PROTO_NETMON_PROCESS, .short_name = "NetMon Process", .columns = netmon_provider_columns};
PROTOCOL_ID(NETMON_SYSTEM_TRACE, "netmon_system_trace", "Network Monitor System Trace");
const struct protocol proto_netmon_system_trace = {PROTO_NETMON_SYSTEM_TRACE, .short_name = "NetMon System Trace", .columns = netmon_provider_columns};
PROTOCOL_ID(NETMON_SYSTEM_CONFIG, "netmon_system_config", "Network Monitor System Config");
const struct protocol proto_netmon_system_config = {PROTO_NETMON_SYSTEM_CONFIG, .short_name = "NetMon System Config", .columns = netmon_provider_columns};

/* A pcapng packet comment: Wireshark's Comment item, said by the frame,
 * whose summary is the comment's text. */
static void pkt_comment_expert(struct experts *e, const struct packet *p, G_GNUC_UNUSED int idx)
{
	const struct frame *f = p->frame;
	if ((f->flags & (FRAME_COMMENT | FRAME_PCAPNG)) == (FRAME_COMMENT | FRAME_PCAPNG) && f->comment)
		expert_add(e, EXPERT_COMMENT, EXPERT_COMMENT_GROUP, "Frame", "%.*s", (int)f->comment_len,
			   (const char *)f->comment);
}

PROTOCOL_ID(PKT_COMMENT, "pkt_comment", "Packet comments");
const struct protocol proto_pkt_comment = {PROTO_PKT_COMMENT, .short_name = "Pkt_Comment", .expert = pkt_comment_expert};

void dissect_comment_layer(struct packet *p)
{
	pkt_push_layer(p, (p->frame->flags & FRAME_NETMON) ? PROTO_NETMON_HEADER : PROTO_PKT_COMMENT, 0);
}
