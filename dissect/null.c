/* null.c — BSD loopback headers: LINKTYPE_NULL (a 4-byte address family in
 * the byte order of the machine that wrote the capture) and LINKTYPE_LOOP
 * (the same, always big-endian).
 *
 *   0               4
 *   +---------------+------------
 *   | family        | IP packet ...     AF_INET = 2; AF_INET6 = 24, 28, 30 (BSDs), 10 (Linux)
 *   +---------------+------------
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct value_string family_vals[] = {
	{2, "IP"}, {10, "IPv6 (Linux)"}, {24, "IPv6 (NetBSD, OpenBSD)"},
	{28, "IPv6 (FreeBSD)"}, {30, "IPv6 (macOS)"}, {0, NULL},
};

static const struct field_def null_fields[] = {
	{"null.family", "Family", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, family_vals},
};
FIELD_TABLE_DEFINE(null);

static void null_family(struct packet *p, int idx, struct cursor *c, uint32_t family)
{
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	switch (family) {
	case 2:
		dissect_ipv4(p, c);
		break;
	case 10: case 24: case 28: case 30:
		dissect_ipv6(p, c);
		break;
	default:
		dissect_data(p, c);
	}
}

void dissect_null(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_NULL_LINK, c->off);
	if (idx < 0)
		return;
	uint32_t family = cursor_le32(c);
	/* Written little-endian, small family numbers leave the top half zero;
	 * a non-zero top half means the writer was big-endian. */
	if (family & 0xffff0000u)
		family = __builtin_bswap32(family);
	/* Some systems write an ethertype in the low half instead of a family. */
	if ((family & 0xffff) > 1500 && cursor_ok(c)) {
		dispatch(&ethertype_table, family & 0xffff, p, c);
		return;
	}
	null_family(p, idx, c, family);
}

void dissect_loop(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_NULL_LINK, c->off);
	if (idx < 0)
		return;
	null_family(p, idx, c, cursor_be32(c));
}

/* BSD loopback: the address family in the capturing host's byte order. */
static unsigned null_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (n < 4 || !fv_same(a, "null.family"))
		return 0;
	uint32_t v = fv_get32(d, true);
	if (v & 0xffff0000u)
		v = __builtin_bswap32(v);
	return fv_give_uint(fn, data, v);
}

static void null_field_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
			      const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		null_values(d, n, f->abbrev, fn, data);
}

static const struct handoff null_handoff[] = {
	LINKTYPE(LINKTYPE_NULL, dissect_null),
	LINKTYPE(LINKTYPE_LOOP, dissect_loop),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(NULL_LINK, "null", "Null/Loopback");
const struct protocol proto_null = {PROTO_NULL_LINK, .short_name = "Null", .transport = true, .values = null_field_values, .fields = &null_table,
                                    .handoff = null_handoff};
