/* cflow.c — Cisco NetFlow export (versions 1, 5, 7, 8 and 9, RFC 3954)
 * and IPFIX (version 10, RFC 7011) on UDP ports 2055 and 9996 (NetFlow)
 * and 4739 (IPFIX): Wireshark's "cflow".
 *
 *   versions 1-9                               version 10 (IPFIX)
 *   +----------------+----------------+        +----------------+----------------+
 *   | version        | count          |        | version        | length         |
 *   +----------------+----------------+        +----------------+----------------+
 *   | system uptime (ms)              |        | export time (s)                 |
 *   | export time (s)                 |        | sequence                        |
 *   | nanoseconds (versions 1-8)      |        | observation domain              |
 *   | sequence (not version 1)        |        +---------------------------------+
 *   | 5: engine type, id, sampling (2)|
 *   | 7: reserved (4)                 |
 *   | 8: engine type, id, aggregation |
 *   |    method, its version, reserved|
 *   | 9: source id (4)                |
 *   +---------------------------------+
 *
 * Versions 1 to 8 carry COUNT records of a fixed size (1 and 5: 48 bytes,
 * 7: 52, 8: by aggregation method).  Versions 9 and 10 carry flowsets
 * (sets): id (2), length (2) with the header, then for id 0 or 2
 * templates (id, field count, fields of type and length, in IPFIX with an
 * enterprise number when the type's top bit is set), for id 1 or 3
 * options templates, for 256 and above data records of a template an
 * earlier datagram defined.  Version 9 reads COUNT flowsets, IPFIX sets to
 * the datagram's end.  Each set says its kind and ids in Info, as Wireshark
 * does: " [Data-Template:256,257]", " [Options-Template:310]",
 * " [Data:256]".  Data records are not decoded (that needs the templates).
 */
#include <stdarg.h>

#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

enum {
	CFLOW_PORT = 2055, CFLOW_PORT_ALT = 9996, IPFIX_PORT = 4739,
	CFLOW_IPFIX = 10,
	CFLOW_SET_HDR = 4,
	CFLOW_DATA_SET_MIN = 256,
	CFLOW_ENTERPRISE_BIT = 0x8000,
};

static const struct field_def cflow_fields[] = {
	{"cflow.version", "Version", FT_UINT16, BASE_DEC, 0, 2, 0, NULL},
	{"cflow.count", "Count", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"cflow.len", "Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"cflow.sysuptime", "SysUptime", FT_RELTIME, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"cflow.timestamp", "Timestamp", FT_ABSTIME, BASE_NONE, FIELD_VAR, 8, 0, NULL},
	{"cflow.unix_secs", "CurrentSecs", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"cflow.unix_nsecs", "CurrentNSecs", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"cflow.exporttime", "ExportTime", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"cflow.sequence", "FlowSequence", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"cflow.engine_type", "EngineType", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"cflow.engine_id", "EngineId", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"cflow.aggmethod", "AggMethod", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"cflow.aggversion", "AggVersion", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"cflow.source_id", "SourceId", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"cflow.od_id", "Observation Domain Id", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"cflow.flowset_id", "FlowSet Id", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"cflow.flowset_length", "FlowSet Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"cflow.template_id", "Template Id", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"cflow.template_field_count", "Field Count", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"cflow.srcaddr", "SrcAddr", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"cflow.dstaddr", "DstAddr", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"cflow.nexthop", "NextHop", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"cflow.inputint", "InputInt", FT_UINT32, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"cflow.outputint", "OutputInt", FT_UINT32, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"cflow.packets", "Packets", FT_UINT64, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"cflow.octets", "Octets", FT_UINT64, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"cflow.timestart", "StartTime", FT_RELTIME, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"cflow.timeend", "EndTime", FT_RELTIME, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"cflow.srcport", "SrcPort", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"cflow.dstport", "DstPort", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"cflow.tcpflags", "TCP Flags", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, NULL},
	{"cflow.protocol", "Protocol", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"cflow.tos", "IP ToS", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, NULL},
	{"cflow.srcas", "SrcAS", FT_UINT32, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"cflow.dstas", "DstAS", FT_UINT32, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"cflow.srcmask", "SrcMask", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"cflow.dstmask", "DstMask", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
};
FIELD_TABLE_DEFINE(cflow);

/* The fields of a version 5 or 7 record (7 adds flags and a router
 * shortcut after them) and of a version 1 record: where each is (0 after
 * the first: not in version 1) and what it is. */
static const struct {
	const char *name;
	uint8_t at, v1_at, size, kind; /* kind: FV_UINT, FV_IPV4 or FV_TIME (milliseconds) */
} cflow_record[] = {
	{"cflow.srcaddr", 0, 0, 4, FV_IPV4},    {"cflow.dstaddr", 4, 4, 4, FV_IPV4},
	{"cflow.nexthop", 8, 8, 4, FV_IPV4},    {"cflow.inputint", 12, 12, 2, FV_UINT},
	{"cflow.outputint", 14, 14, 2, FV_UINT}, {"cflow.packets", 16, 16, 4, FV_UINT},
	{"cflow.octets", 20, 20, 4, FV_UINT},   {"cflow.timestart", 24, 24, 4, FV_TIME},
	{"cflow.timeend", 28, 28, 4, FV_TIME},  {"cflow.srcport", 32, 32, 2, FV_UINT},
	{"cflow.dstport", 34, 34, 2, FV_UINT},  {"cflow.tcpflags", 37, 40, 1, FV_UINT},
	{"cflow.protocol", 38, 38, 1, FV_UINT}, {"cflow.tos", 39, 39, 1, FV_UINT},
	{"cflow.srcas", 40, 0, 2, FV_UINT},     {"cflow.dstas", 42, 0, 2, FV_UINT},
	{"cflow.srcmask", 44, 0, 1, FV_UINT},   {"cflow.dstmask", 45, 0, 1, FV_UINT},
};

/* The size of a version 8 record by aggregation method (1 to 14); 0: a
 * method Wireshark does not know, whose records it does not read. */
static uint32_t cflow_v8_size(uint8_t method)
{
	static const uint8_t sizes[] = {0, 28, 28, 32, 32, 40, 32, 40, 44, 32, 32, 32, 32, 40, 40};
	return method < G_N_ELEMENTS(sizes) ? sizes[method] : 0;
}

/* One reading of a datagram: the dissector writes Info, a field value
 * walk gives the values of one field. */
struct cflow_walk {
	GString *info;    /* Info as it is written, or NULL */
	const char *want; /* the field asked for, or NULL */
	fvalue_fn fn;
	void *data;
};

static void cflow_info(struct cflow_walk *w, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void cflow_info(struct cflow_walk *w, const char *fmt, ...)
{
	if (!w->info)
		return;
	va_list ap;
	va_start(ap, fmt);
	g_string_append_vprintf(w->info, fmt, ap);
	va_end(ap);
}

static void cflow_give(struct cflow_walk *w, const char *name, uint8_t kind, uint64_t v, const uint8_t *ptr)
{
	if (!w->want || !fv_same(w->want, name))
		return;
	struct fvalue fv = {.kind = kind, .u = v, .i = (int64_t)v, .ptr = ptr, .len = 4};
	w->fn(&fv, w->data);
}

static void cflow_give_uint(struct cflow_walk *w, const char *name, uint64_t v)
{
	cflow_give(w, name, FV_UINT, v, NULL);
}

/* The header after the version and count: false when its bytes run out. */
static bool cflow_header(struct cursor *c, unsigned ver, struct cflow_walk *w, uint32_t *v8_size)
{
	if (ver != CFLOW_IPFIX) {
		uint32_t up = cursor_be32(c);
		if (!cursor_ok(c))
			return false;
		cflow_give(w, "cflow.sysuptime", FV_TIME, (uint64_t)up * 1000000u, NULL);
	}
	uint32_t secs = cursor_be32(c), nsecs = ver < 9 ? cursor_be32(c) : 0;
	if (!cursor_ok(c))
		return false;
	cflow_give(w, "cflow.timestamp", FV_TIME, (uint64_t)secs * 1000000000u + nsecs, NULL);
	cflow_give_uint(w, ver == CFLOW_IPFIX ? "cflow.exporttime" : "cflow.unix_secs", secs);
	if (ver < 9)
		cflow_give_uint(w, "cflow.unix_nsecs", nsecs);
	if (ver != 1) {
		uint32_t seq = cursor_be32(c);
		if (!cursor_ok(c))
			return false;
		cflow_give_uint(w, "cflow.sequence", seq);
	}
	if (ver == 5 || ver == 8) {
		uint8_t type = cursor_u8(c), id = cursor_u8(c);
		if (!cursor_ok(c))
			return false;
		cflow_give_uint(w, "cflow.engine_type", type);
		cflow_give_uint(w, "cflow.engine_id", id);
	} else if (ver >= 9) {
		uint32_t id = cursor_be32(c);
		if (!cursor_ok(c))
			return false;
		cflow_give_uint(w, ver == 9 ? "cflow.source_id" : "cflow.od_id", id);
		cflow_info(w, " Obs-Domain-ID=%5u", id);
	}
	if (ver == 8) {
		uint8_t method = cursor_u8(c), aggver = cursor_u8(c);
		if (!cursor_ok(c))
			return false;
		*v8_size = cflow_v8_size(method);
		cflow_give_uint(w, "cflow.aggmethod", *v8_size ? method : 0);
		cflow_give_uint(w, "cflow.aggversion", aggver);
	}
	return cursor_skip(c, ver == 7 || ver == 8 ? 4 : ver == 5 ? 2 : 0);
}

/* Versions 1 to 8: COUNT records of SIZE bytes, as many as the datagram
 * declares; each must be captured whole. */
static void cflow_records(struct cursor *c, unsigned ver, uint32_t count, uint32_t size, struct cflow_walk *w)
{
	for (uint32_t x = 0; size && x < count && cursor_rleft(c) >= size; x++) {
		const uint8_t *r = cursor_take(c, size);
		if (!r)
			return;
		for (size_t i = 0; w->want && i < G_N_ELEMENTS(cflow_record); i++) {
			if (ver == 8 || (ver == 1 && i > 0 && cflow_record[i].v1_at == 0))
				continue;
			const uint8_t *b = r + (ver == 1 ? cflow_record[i].v1_at : cflow_record[i].at);
			uint32_t v = cflow_record[i].size == 4 ? bytes_be32(b) : cflow_record[i].size == 2 ? bytes_be16(b) : b[0];
			uint8_t kind = cflow_record[i].kind;
			cflow_give(w, cflow_record[i].name, kind, kind == FV_TIME ? (uint64_t)v * 1000000u : v, b);
		}
	}
}

/* One field specifier of a template: type and length, in IPFIX with an
 * enterprise number when the type's top bit is set.  Its size. */
static uint32_t cflow_field_spec(struct cursor *c, unsigned ver)
{
	uint16_t type = cursor_be16(c);
	cursor_skip(c, 2);
	if (ver == CFLOW_IPFIX && (type & CFLOW_ENTERPRISE_BIT)) {
		cursor_skip(c, 4);
		return 8;
	}
	return 4;
}

/* The templates of template set ID (0 or 2: data templates, 1 or 3:
 * options templates) of LEN body bytes, each read wherever its fields
 * reach (past the set, even, as Wireshark reads them): " [Data-Template:
 * 256,257]".  An options template is read as its set id says (1: version
 * 9's, 3: IPFIX's), whatever the version; an IPFIX one without scope
 * fields, or with more scope fields than fields, ends the set's reading
 * before the closing bracket. */
static void cflow_templates(struct cursor *c, unsigned ver, uint16_t id, int32_t len, struct cflow_walk *w)
{
	bool options = id & 1;
	cflow_info(w, " [%s-Template:", options ? "Options" : "Data");
	for (bool first = true; len > 3; first = false) {
		uint16_t tid = cursor_be16(c);
		if (!cursor_ok(c))
			return;
		cflow_info(w, "%s%u", first ? "" : ",", tid);
		if (options)
			cflow_give_uint(w, "cflow.template_id", tid);
		uint16_t a = cursor_be16(c);
		uint32_t size = 4, fields = a;
		if (options) {
			/* set 1: scope and option lengths in bytes (of 4-byte
			 * fields: a part of one is not read, nor counted); set 3:
			 * the field count and, of them, the scope fields */
			uint16_t b = cursor_be16(c);
			size = 6;
			if (id == 1) {
				fields = a / 4u + b / 4u;
			} else if (cursor_ok(c) && (b == 0 || b > a)) {
				return; /* no scope field, or more than fields */
			}
		}
		for (uint32_t i = 0; i < fields && cursor_ok(c); i++)
			size += cflow_field_spec(c, ver);
		if (!cursor_ok(c))
			return; /* Info names it; a data template's fields were never added */
		if (!options) {
			cflow_give_uint(w, "cflow.template_id", tid);
			cflow_give_uint(w, "cflow.template_field_count", fields);
		}
		len -= (int32_t)size;
	}
	cflow_info(w, "]");
}

/* Versions 9 and 10: the flowsets (COUNT of them in version 9, to the
 * datagram's end in IPFIX).  One whose length the datagram does not hold,
 * or shorter than its own header, ends the reading; one the capture did
 * not keep whole ends it with the capture. */
static void cflow_sets(struct cursor *c, unsigned ver, uint32_t count, struct cflow_walk *w)
{
	for (uint32_t x = 0; ver == CFLOW_IPFIX ? cursor_rleft(c) > 0 : x < count; x++) {
		uint32_t at = c->off, avail = cursor_rleft(c);
		if (avail < CFLOW_SET_HDR)
			return;
		c->off = at + 2;
		uint16_t len = cursor_be16(c);
		c->off = at;
		if (!cursor_ok(c) || len > avail)
			return;
		const uint8_t *set = cursor_take(c, len < CFLOW_SET_HDR ? CFLOW_SET_HDR : len);
		if (!set)
			return;
		uint16_t id = bytes_be16(set);
		cflow_give_uint(w, "cflow.flowset_id", id);
		cflow_give_uint(w, "cflow.flowset_length", len);
		if (len < CFLOW_SET_HDR)
			return;
		if (id < 4) {
			c->off = at + CFLOW_SET_HDR;
			cflow_templates(c, ver, id, len - CFLOW_SET_HDR, w);
			if (!cursor_ok(c))
				return;
		} else if (id >= CFLOW_DATA_SET_MIN) {
			cflow_info(w, " [Data:%u]", id);
		}
		c->off = at + len;
	}
}

/* Reads the datagram after its version VER, up to where its bytes run out. */
static void cflow_read(struct cursor *c, unsigned ver, struct cflow_walk *w)
{
	uint32_t reported = cursor_rleft(c) + 2;
	uint16_t count = cursor_be16(c);
	if (!cursor_ok(c))
		return;
	cflow_give_uint(w, ver == CFLOW_IPFIX ? "cflow.len" : "cflow.count", count);
	if (ver == CFLOW_IPFIX && reported == count)
		cflow_info(w, "IPFIX flow (%4u bytes)", count);
	else if (ver == CFLOW_IPFIX)
		cflow_info(w, "IPFIX partial flow (%u/%u bytes)", reported, count);
	else
		cflow_info(w, "total: %u (v%u) %s%s", count, ver, ver == 9 ? "record" : "flow", count == 1 ? "" : "s");
	uint32_t size = ver == 7 ? 52 : ver == 8 ? 0 : 48;
	if (!cflow_header(c, ver, w, &size) || count == 0)
		return;
	if (ver >= 9)
		cflow_sets(c, ver, count, w);
	else
		cflow_records(c, ver, count, size, w);
}

/* The versions Wireshark reads; any other is data. */
static bool cflow_version_known(unsigned ver)
{
	return ver == 1 || ver == 5 || ver == 7 || ver == 8 || ver == 9 || ver == CFLOW_IPFIX;
}

static void dissect_cflow(struct packet *p, struct cursor *c)
{
	const uint8_t *v = cursor_peek_all(c, 2);
	if (!v) {
		if (!cursor_ok(c) || cursor_rleft(c) == 0)
			return;
		/* Wireshark reads the version before it shows anything: the
		 * protocol is entered (frame.protocols) but adds no line, no
		 * node of the hierarchy, no column */
		int idx = pkt_push_layer(p, PROTO_CFLOW, c->off);
		if (idx < 0)
			return;
		p->layers[idx].flags |= PKT_NESTED | PKT_NO_ITEM;
		cursor_skip(c, 2);
		app_note(p, idx, c);
		return;
	}
	unsigned ver = bytes_be16(v);
	if (!cflow_version_known(ver))
		return; /* not taken: the datagram is data */
	int idx = pkt_push_layer(p, PROTO_CFLOW, c->off);
	if (idx < 0)
		return;
	cursor_skip(c, 2);
	GString *info = g_string_new(NULL);
	struct cflow_walk w = {.info = info};
	cflow_read(c, ver, &w);
	pkt_set_app_info(p, PROTO_CFLOW, info->str, info->len);
	g_string_free(info, TRUE);
	app_note(p, idx, c);
}

static void cflow_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d,
			 uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d || n < 2 || !cflow_version_known(bytes_be16(d)))
		return;
	struct cursor c = cursor_init(d, n, n);
	cursor_skip(&c, 2);
	struct cflow_walk w = {.want = f->abbrev, .fn = fn, .data = data};
	cflow_read(&c, bytes_be16(d), &w);
}

/* "total: 2 (v5) flows", "total: 1 (v9) record Obs-Domain-ID=    5
 * [Data:256]", "IPFIX flow (  32 bytes) Obs-Domain-ID=..." as the
 * dissector wrote it; empty when the bytes ended before the count. */
static void cflow_columns(struct columns *c, const struct packet *p, int idx)
{
	if (p->layers[idx].flags & PKT_NO_ITEM)
		return; /* no version: the columns stay UDP's */
	col_proto(c, "CFLOW");
	col_clear(c);
	if (p->app_info_proto == PROTO_CFLOW && p->app_info_len)
		col_set(c, "%s", p->app_info);
}

/* Wireshark's registration: NetFlow on UDP ports 2055 and 9996, IPFIX on
 * 4739; all go to the one dissector, which reads the version. */
static const struct handoff cflow_handoff[] = {
	UDP_PORT(CFLOW_PORT, dissect_cflow),
	UDP_PORT(IPFIX_PORT, dissect_cflow),
	UDP_PORT(CFLOW_PORT_ALT, dissect_cflow),
	HANDOFF_LIST_END,
};

PROTOCOL_ID(CFLOW, "cflow", "Cisco NetFlow/IPFIX");
const struct protocol proto_cflow = {PROTO_CFLOW, .short_name = "CFLOW", .fields = &cflow_table,
				     .columns = cflow_columns, .values = cflow_values, .handoff = cflow_handoff};
