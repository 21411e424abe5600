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

static void netmon_provider_columns(struct columns *c, const struct packet *p, int idx)
{
	switch (p->layers[idx].proto) {
	case PROTO_NETMON_PROCESS: col_proto(c, "NetMon Process"); break;
	case PROTO_NETMON_SYSTEM_TRACE: col_proto(c, "NetMon System Trace"); break;
	default: col_proto(c, "NetMon System Config"); break;
	}
	col_clear(c);
}

const struct protocol proto_netmon_event = {PROTO_NETMON_EVENT, .columns = netmon_event_columns};
const struct protocol proto_netmon_process = {PROTO_NETMON_PROCESS, .columns = netmon_provider_columns};
const struct protocol proto_netmon_system_trace = {PROTO_NETMON_SYSTEM_TRACE, .columns = netmon_provider_columns};
const struct protocol proto_netmon_system_config = {PROTO_NETMON_SYSTEM_CONFIG, .columns = netmon_provider_columns};

void dissect_comment_layer(struct packet *p)
{
	pkt_push_layer(p, (p->frame->flags & FRAME_NETMON) ? PROTO_NETMON_HEADER : PROTO_PKT_COMMENT, 0);
}
