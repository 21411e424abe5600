/* ripng.c — RIPng (RFC 2080), UDP port 521: command(1) version(1)
 * reserved(2), then route table entries of 20 bytes each (IPv6 prefix,
 * route tag, prefix length, metric).  As in Wireshark every datagram on the
 * port is RIPng, whatever its command and version; an entry the datagram
 * ends inside makes it malformed.  Info: " Command Response, Version 1"
 * (with Wireshark's leading space). */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

#define RIPNG_RTE_LEN 20

static const struct value_string ripng_cmd_vals[] = {
	{1, "Request"},
	{2, "Response"},
	{0, NULL},
};

static const struct field_def ripng_fields[] = {
	{"ripng.cmd", "Command", FT_UINT8, BASE_DEC, 0, 1, 0, ripng_cmd_vals},
	{"ripng.version", "Version", FT_UINT8, BASE_DEC, 1, 1, 0, NULL},
	{"ripng.reserved", "Reserved", FT_BYTES, BASE_NONE, 2, 2, 0, NULL},
	{"ripng.rte.ipv6_prefix", "IPv6 Prefix", FT_IPV6, BASE_NONE, FIELD_VAR, 16, 0, NULL},
	{"ripng.rte.route_tag", "Route Tag", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"ripng.rte.prefix_length", "Prefix Length", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"ripng.rte.metric", "Metric", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
};
FIELD_TABLE_DEFINE(ripng);

static void dissect_ripng(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_RIPNG, c->off);
	if (idx < 0 || !app_skip(c, 4))
		goto done;
	while (cursor_rleft(c) > 0 && app_skip(c, RIPNG_RTE_LEN))
		;
done:
	app_note(p, idx, c);
}

static void ripng_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_proto(c, "RIPng");
	col_clear(c);
	if (n < 2)
		return;
	const char *name = value_name(ripng_cmd_vals, d[0]);
	if (name)
		col_append(c, " Command %s, Version %u", name, d[1]);
	else
		col_append(c, " Command Unknown (%u), Version %u", d[0], d[1]);
}

/* Each whole entry's prefix, tag, length and metric. */
static void ripng_field_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
			       const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d)
		return;
	for (uint32_t at = 4; at + RIPNG_RTE_LEN <= n; at += RIPNG_RTE_LEN) {
		const uint8_t *e = d + at;
		if (fv_same(f->abbrev, "ripng.rte.ipv6_prefix"))
			fv_give_ptr(fn, data, FV_IPV6, e, 16);
		else if (fv_same(f->abbrev, "ripng.rte.route_tag"))
			fv_give_uint(fn, data, fv_get16(e + 16, true));
		else if (fv_same(f->abbrev, "ripng.rte.prefix_length"))
			fv_give_uint(fn, data, e[18]);
		else if (fv_same(f->abbrev, "ripng.rte.metric"))
			fv_give_uint(fn, data, e[19]);
	}
}

static const struct handoff ripng_handoff[] = {
	UDP_PORT(521, dissect_ripng),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(RIPNG, "ripng", "RIPng");
const struct protocol proto_ripng = {PROTO_RIPNG, .short_name = "RIPng", .columns = ripng_columns,
                                     .values = ripng_field_values, .fields = &ripng_table, .handoff = ripng_handoff};
