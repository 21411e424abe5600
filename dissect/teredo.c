/* teredo.c — Teredo, IPv6 over UDP through NATs (RFC 4380), on UDP port
 * 3544: optional indicators, then an IPv6 packet.
 *
 *   authentication: | 00 01 | id len(1) | auth len(1) | id | auth | nonce(8) | conf(1) |
 *   origin:         | 00 00 | port(2) ^ 0xffff | IPv4 address(4) ^ 0xffffffff |
 *   then:           | IPv6 header ...
 *
 * Wireshark 4.0 also has a heuristic for other ports, off by default; like
 * tshark, only the port is used here.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct field_def teredo_fields[] = {
	{"teredo.auth.idlen", "Client identifier length", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"teredo.auth.aulen", "Authentication value length", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"teredo.orig.port", "Origin UDP port", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"teredo.orig.addr", "Origin IPv4 address", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(teredo);

/* Where the origin indication (or the IPv6 packet, with no indication)
 * starts in D of N bytes, past an authentication indicator; -1 cut short. */
static int after_auth(const uint8_t *d, uint32_t n)
{
	if (n < 2 || d[0] != 0 || d[1] != 1)
		return 0;
	if (n < 4)
		return -1;
	uint32_t len = 13u + d[2] + d[3];
	return len <= n ? (int)len : -1;
}

static void dissect_teredo(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_TEREDO, c->off);
	if (idx < 0)
		return;
	int at = after_auth(c->data + c->off, cursor_left(c));
	if (at < 0) {
		cursor_skip(c, cursor_rleft(c) + 1); /* fails: truncated or malformed */
		pkt_note_cursor(p, idx, c);
		return;
	}
	cursor_skip(c, (uint32_t)at);
	if (cursor_peek(c, 0) == 0 && cursor_peek(c, 1) == 0)
		cursor_skip(c, 8);
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	/* what is not IPv6 is left as data, as Wireshark's IPv6 refuses it */
	if (cursor_rleft(c) > 0 && (cursor_peek(c, 0) >> 4) == 6)
		dissect_ipv6(p, c);
	else if (cursor_rleft(c) > 0)
		dissect_data(p, c);
}

/* Protocol "Teredo" and an empty Info, which the IPv6 packet fills; what is
 * no IPv6 packet shows what Wireshark's IPv6 says of it before refusing. */
static void teredo_columns(struct columns *c, const struct packet *p, int idx)
{
	col_proto(c, "Teredo");
	col_clear(c);
	if (idx + 1 < p->nlayers && p->layers[idx + 1].proto == PROTO_DATA) {
		const struct layer *l = &p->layers[idx + 1];
		if (l->off < p->frame->caplen) {
			col_proto(c, "IPv6");
			col_set(c, "Bogus IPv6 version (%u, must be 6)", p->frame->data[l->off] >> 4);
		}
	}
}

static void teredo_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
			  const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	const char *a = f->abbrev;
	if (!d)
		return;
	int at = after_auth(d, n);
	if (at > 0 && fv_same(a, "teredo.auth.idlen"))
		fv_give_uint(fn, data, d[2]);
	else if (at > 0 && fv_same(a, "teredo.auth.aulen"))
		fv_give_uint(fn, data, d[3]);
	if (at < 0 || (uint32_t)at + 8 > n || d[at] != 0 || d[at + 1] != 0)
		return;
	const uint8_t *o = d + at;
	if (fv_same(a, "teredo.orig.port")) {
		fv_give_uint(fn, data, fv_get16(o + 2, true) ^ 0xffff);
	} else if (fv_same(a, "teredo.orig.addr")) {
		static __thread uint8_t addr[4];
		for (int i = 0; i < 4; i++)
			addr[i] = (uint8_t)~o[4 + i];
		fv_give_ptr(fn, data, FV_IPV4, addr, 4);
	}
}

/* Wireshark's registration: UDP port 3544. */
static const struct handoff teredo_handoff[] = {
	UDP_PORT(3544, dissect_teredo),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(TEREDO, "teredo", "Teredo IPv6 over UDP tunneling");
const struct protocol proto_teredo = {PROTO_TEREDO, .short_name = "Teredo", .fields = &teredo_table, .columns = teredo_columns,
				      .values = teredo_values, .handoff = teredo_handoff};
