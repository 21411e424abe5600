/* tds.c — Tabular Data Stream (Microsoft's [MS-TDS], Sybase's TDS), the
 * protocol of SQL Server, TCP ports 1433 and 2433: packets of an 8-byte
 * header and a body, several to a segment or one over many:
 *
 *   +---------+-----------+-------------+------------+--------+--------+
 *   | type(1) | status(1) | length(2)   | channel(2) | pkt(1) | win(1) |
 *   +---------+-----------+-------------+------------+--------+--------+
 *   | body: length - 8 bytes (SQL batch text, pre-login options, tokens) |
 *   +--------------------------------------------------------------------+
 *
 * The length (big-endian) counts the header.  Status bit 0 marks the last
 * packet of a message; a message of several packets (numbered from 1) is
 * read when its last packet completes it, the packets before show their
 * body as data.  TLS goes two ways: inside pre-login packets while the
 * handshake runs, then as bare TLS records (a first byte of 23, TLS's
 * application data), which the framing sizes by the record's length.
 */
#include <string.h>

#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"
#include "dissect/session.h"

enum {
	TDS_HEADER = 8,
	TDS_QUERY = 1,
	TDS_PRELOGIN = 18,
	TDS_TLS = 23, /* a bare TLS record: TLS's application data */
	TDS_LAST = 0x01, /* status: last packet of the message */
};

static const struct value_string tds_types[] = {
	{1, "SQL batch"}, {2, "Pre-TDS7 login"}, {3, "Remote Procedure Call"}, {4, "Response"},
	{5, "Unused"}, {6, "Attention"}, {7, "Bulk load data"}, {8, "Unused"}, {9, "Unused"},
	{10, "Unused"}, {11, "Unused"}, {12, "Unused"}, {13, "Unused"},
	{14, "Transaction Manager Request"}, {15, "TDS5 query"}, {16, "TDS7 login"},
	{17, "SSPI message"}, {18, "TDS7 pre-login message"}, {23, "TLS exchange"}, {0, NULL},
};

static const struct field_def tds_fields[] = {
	{"tds.type", "Type", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, tds_types},
	{"tds.status", "Status", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, NULL},
	{"tds.length", "Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"tds.channel", "Channel", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"tds.packet_number", "Packet Number", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"tds.window", "Window", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"tds.query", "Query", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(tds);

/* A TLS record at D (AVAIL bytes there, N in the packet): content type 20
 * to 24, version 3.0 to 3.3, its whole length within the packet. */
static bool tds_tls_record(const uint8_t *d, uint32_t avail, uint32_t n)
{
	return avail >= 5 && d[0] >= 20 && d[0] <= 24 && d[1] == 3 && d[2] <= 3 &&
	       fv_get16(d + 3, true) + 5u <= n;
}

/* A packet's length: its header's, or a bare TLS record's (type 23); 0 for
 * a length shorter than the header. */
static uint32_t tds_pdu_len(const uint8_t *d, uint32_t avail)
{
	if (avail < TDS_HEADER)
		return PDU_NEED_MORE;
	uint32_t len = d[0] == TDS_TLS ? fv_get16(d + 3, true) + 5u : fv_get16(d + 2, true);
	return len < TDS_HEADER ? 0 : len;
}

/* A message of several packets, in each direction: the number the next
 * packet must have to go on with it (0: none under way). */
struct tds_conv {
	uint16_t port[2];
	uint8_t next[2];
};

static void *tds_conv_new(void)
{
	return g_new0(struct tds_conv, 1);
}

/* Whether the packet of STATUS and number PN shows its body: a packet of a
 * message of one shows it; of several, only the last, when the packets
 * numbered from 1 came before it in its direction. */
static bool tds_body_shown(struct tds_conv *conv, const struct packet *p, uint8_t status, uint8_t pn)
{
	bool last = status & TDS_LAST;
	if (pn <= 1 && last)
		return true;
	if (!conv)
		return false;
	int i = conv->port[0] == p->sport ? 0 : conv->port[1] == p->sport ? 1 : conv->port[0] ? 1 : 0;
	conv->port[i] = p->sport;
	if (pn == 1)
		conv->next[i] = 2;
	else if (conv->next[i] && pn == conv->next[i])
		conv->next[i]++;
	else
		conv->next[i] = 0;
	bool whole = last && conv->next[i] != 0;
	if (last)
		conv->next[i] = 0;
	return whole;
}

static void dissect_tds(struct packet *p, struct cursor *c);

/* TLS inside TDS: the connection stays TDS's, both ways (TLS would frame
 * a connection nobody claimed by its own records once it knows their
 * version). */
static void tds_tls(struct packet *p, struct cursor *c)
{
	tcp_conn_follow(p, dissect_tds, true);
	dissect_tls(p, c);
}

static void dissect_tds(struct packet *p, struct cursor *c)
{
	uint32_t avail = cursor_left(c), room = cursor_rleft(c);
	const uint8_t *d = c->data + c->off;
	int idx = pkt_push_layer(p, PROTO_TDS, c->off);
	if (idx < 0)
		return;
	if (tds_tls_record(d, avail, room)) {
		/* a bare TLS record: TDS adds no item of its own, TLS shows
		 * where TCP's payload would */
		p->layers[idx].flags |= PKT_NESTED | PKT_NO_ITEM;
		tds_tls(p, c);
		return;
	}
	if (room < TDS_HEADER || avail < 4 || fv_get16(d + 2, true) < TDS_HEADER) {
		/* a length shorter than the header: the framing's error, before
		 * the packet is read (no item, the columns TCP's) */
		tcp_pdu_refused(p, idx, c, 0);
		return;
	}
	if (avail < TDS_HEADER) {
		cursor_skip(c, avail);
		cursor_fail(c, TDS_HEADER - avail);
		app_note(p, idx, c);
		return;
	}
	uint8_t type = d[0], status = d[1], pn = d[6];
	struct tds_conv *conv = p->session && p->ip_layer >= 0 ?
		session_conv_data(p->session, p, PROTO_TDS, tds_conv_new, g_free) : NULL;
	bool shown = tds_body_shown(conv, p, status, pn);
	cursor_skip(c, TDS_HEADER);
	if (!shown) {
		dissect_data_nested(p, c);
		cursor_skip(c, cursor_rleft(c));
		return;
	}
	if (type == TDS_PRELOGIN && tds_tls_record(c->data + c->off, cursor_left(c), cursor_rleft(c))) {
		/* the handshake inside the pre-login item: TLS writes the
		 * columns, but is no node of the hierarchy */
		uint8_t before = p->nlayers;
		tds_tls(p, c);
		for (uint8_t i = before; i < p->nlayers; i++)
			p->layers[i].flags |= PKT_NESTED | PKT_NAMES_PROTO;
		return;
	}
	cursor_skip(c, cursor_rleft(c));
}

/* The type's name, "," before it after another packet of the segment;
 * " (Not last buffer)" after it for a message's packet before its last. */
static void tds_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	if (!d || n == 0 || (p->layers[idx].flags & PKT_NO_ITEM))
		return;
	col_proto(c, "TDS");
	const char *name = value_name(tds_types, d[0]);
	char unknown[32];
	if (!name) {
		g_snprintf(unknown, sizeof unknown, "Unknown Packet Type: %u", d[0]);
		name = unknown;
	}
	if (col_follows_same(p, idx))
		col_append(c, ",%s", name);
	else
		col_set(c, "%s", name);
	if (d[0] != TDS_TLS && n >= 2 && !(d[1] & TDS_LAST))
		col_append(c, " (Not last buffer)");
}

/* A SQL batch's text (UTF-16LE), after the headers TDS 7.2 puts before it
 * (their total length, then each header's): given as UTF-8. */
static void tds_query(const uint8_t *d, uint32_t n, fvalue_fn fn, void *data)
{
	if (n >= 8) {
		uint32_t total = fv_get32(d, false), first = fv_get32(d + 4, false);
		if (total >= 8 && total <= n && first <= total - 4) {
			d += total;
			n -= total;
		}
	}
	g_autofree gunichar2 *u = g_new(gunichar2, n / 2 + 1);
	for (uint32_t i = 0; i < n / 2; i++)
		u[i] = (gunichar2)fv_get16(d + 2 * i, false);
	g_autofree char *s = g_utf16_to_utf8(u, n / 2, NULL, NULL, NULL);
	if (s)
		fv_give_ptr(fn, data, FV_STRING, (const uint8_t *)s, (uint32_t)strlen(s));
}

static void tds_values(G_GNUC_UNUSED const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
		       const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d || n < TDS_HEADER || (l->flags & PKT_NO_ITEM) || tds_tls_record(d, n, n))
		return;
	const struct fv_named_uint v[] = {
		{"tds.type", d[0], true},         {"tds.status", d[1], true},
		{"tds.length", fv_get16(d + 2, true), true}, {"tds.channel", fv_get16(d + 4, true), true},
		{"tds.packet_number", d[6], true}, {"tds.window", d[7], true},
	};
	fv_give_named(fn, data, f->abbrev, v, G_N_ELEMENTS(v));
	uint32_t len = fv_get16(d + 2, true);
	if (fv_same(f->abbrev, "tds.query") && d[0] == TDS_QUERY && (d[1] & TDS_LAST) && d[6] <= 1)
		tds_query(d + TDS_HEADER, (len < n ? len : n) - TDS_HEADER, fn, data);
}

/* Wireshark's registration: TCP ports 1433 and 2433, each packet framed by
 * its length. */
static const struct handoff tds_handoff[] = {
	TCP_PORT(1433, dissect_tds),
	TCP_PORT(2433, dissect_tds),
	HANDOFF_LIST_END,
};
static const struct pdu_framing tds_framing[] = {
	{dissect_tds, tds_pdu_len, NULL, false, NULL, false},
	{NULL, NULL, NULL, false, NULL, false},
};
PROTOCOL_ID(TDS, "tds", "Tabular Data Stream");
const struct protocol proto_tds = {PROTO_TDS, .short_name = "TDS", .fields = &tds_table, .columns = tds_columns,
				   .values = tds_values, .handoff = tds_handoff, .framing = tds_framing};
