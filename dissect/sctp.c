/* sctp.c — the Stream Control Transmission Protocol (RFC 9260), IP
 * protocol 132: a common header, then chunks, each padded to 4 bytes.
 *
 *   0               16              32
 *   +---------------+---------------+
 *   | source port   | dest. port    |
 *   | verification tag              |
 *   | checksum (CRC32c)             |
 *   +-------+-------+---------------+
 *   | type  | flags | length        |  chunk (length counts its 4-byte
 *   | value ...                     |  header, not the padding)
 *
 *   DATA (0) value: TSN(4) stream id(2) stream seq(2) payload protocol(4),
 *   then the user data; flags U B E (unordered, first, last fragment).
 *
 * As Wireshark shows it (its TSN analysis on): Info lists each chunk's
 * name, DATA with "(TSN=n)" relative to the first TSN its direction sent
 * (" (retransmission)" when that TSN was sent before, " (Message
 * Fragment)" when it is not a message's last piece), SACK with
 * "(Ack=n[+gap end], Arwnd=n)" relative to the other direction's first
 * TSN (raw when that direction sent none).  A DATA chunk's user data is a
 * `data` layer (a message's last piece, or a whole one); a chunk after a
 * DATA chunk starts an `sctp` layer of its own, as Wireshark's tree
 * nests it.  A chunk whose fixed fields run past its length is
 * malformed; a DATA chunk too short for its header is only named.
 */
#include <stdio.h>
#include <string.h>

#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"
#include "dissect/session.h"

static const struct value_string sctp_chunk_names[] = {
	{0, "DATA"}, {1, "INIT"}, {2, "INIT_ACK"}, {3, "SACK"}, {4, "HEARTBEAT"},
	{5, "HEARTBEAT_ACK"}, {6, "ABORT"}, {7, "SHUTDOWN"}, {8, "SHUTDOWN_ACK"}, {9, "ERROR"},
	{10, "COOKIE_ECHO"}, {11, "COOKIE_ACK"}, {12, "ECNE"}, {13, "CWR"}, {14, "SHUTDOWN_COMPLETE"},
	{15, "AUTH"}, {16, "NR-SACK"}, {0x40, "I_DATA"}, {0x80, "ASCONF_ACK"}, {0x81, "PKTDROP"},
	{0x82, "RE_CONFIG"}, {0x84, "PAD"}, {0xc0, "FORWARD_TSN"}, {0xc1, "ASCONF"},
	{0xc2, "I_FORWARD_TSN"}, {0xff, "IETF_EXTENSION"}, {0, NULL},
};

static const struct field_def sctp_fields[] = {
	{"sctp.srcport", "Source port", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"sctp.dstport", "Destination port", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"sctp.verification_tag", "Verification tag", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, NULL},
	{"sctp.checksum", "Checksum", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, NULL},
	{"sctp.port", "Port", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"sctp.chunk_type", "Chunk type", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, sctp_chunk_names},
	{"sctp.chunk_flags", "Chunk flags", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, NULL},
	{"sctp.chunk_length", "Chunk length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"sctp.data_tsn_raw", "Transmission sequence number (absolute)", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"sctp.data_sid", "Stream identifier", FT_UINT16, BASE_HEX, FIELD_VAR, 2, 0, NULL},
	{"sctp.data_ssn", "Stream sequence number", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"sctp.data_payload_proto_id", "Payload protocol identifier", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(sctp);

#define SEEN_MAX 65536 /* TSNs remembered per direction for retransmissions */

/* An association's two directions (0: from the lower address and port):
 * the first TSN each sent, and the TSNs it sent. */
struct sctp_assoc {
	bool base_known[2];
	uint32_t base[2];
	GHashTable *seen[2];
};

static void sctp_assoc_free(void *data)
{
	struct sctp_assoc *a = data;
	g_hash_table_destroy(a->seen[0]);
	g_hash_table_destroy(a->seen[1]);
	g_free(a);
}

/* The associations between two addresses, by their two ports. */
static void *sctp_conv_new(void)
{
	return g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, sctp_assoc_free);
}

static void sctp_conv_free(void *data)
{
	g_hash_table_destroy(data);
}

/* The association of P (ports SPORT, DPORT) and the side it sends on. */
static struct sctp_assoc *sctp_assoc_of(struct packet *p, uint16_t sport, uint16_t dport, int *side)
{
	uint8_t n = p->ip_version == 4 ? 4 : 16;
	int cmp = memcmp(p->ip_src, p->ip_dst, n);
	*side = cmp < 0 || (cmp == 0 && sport <= dport) ? 0 : 1;
	GHashTable *t = session_conv_data(p->session, p, PROTO_SCTP, sctp_conv_new, sctp_conv_free);
	uint32_t lo = *side ? dport : sport, hi = *side ? sport : dport;
	gpointer key = GUINT_TO_POINTER((guint)(lo << 16 | hi));
	struct sctp_assoc *a = g_hash_table_lookup(t, key);
	if (!a) {
		a = g_new0(struct sctp_assoc, 1);
		a->seen[0] = g_hash_table_new(g_direct_hash, g_direct_equal);
		a->seen[1] = g_hash_table_new(g_direct_hash, g_direct_equal);
		g_hash_table_insert(t, key, a);
	}
	return a;
}

/* The minimum value length of a chunk of TYPE whose fixed fields Wireshark
 * reads (a shorter one is malformed); 0 for none or a DATA-like chunk. */
static uint32_t sctp_fixed_len(uint8_t type)
{
	switch (type) {
	case 1: case 2: return 16;             /* INIT, INIT_ACK */
	case 3: return 12;                     /* SACK */
	case 16: return 16;                    /* NR-SACK */
	case 7: case 12: case 13: return 4;    /* SHUTDOWN, ECNE, CWR */
	case 15: return 4;                     /* AUTH: key id, HMAC id */
	case 0xc0: case 0xc2: return 4;        /* FORWARD_TSN, I_FORWARD_TSN */
	default: return 0;
	}
}

/* A DATA or I_DATA chunk's Info and user data: its value is VLEN bytes at
 * VOFF of C, FLAGS its flags, SIDE its direction in association S.  False
 * for a retransmission: Wireshark reads its user data no more, and the
 * chunks after it stay in the same layer. */
static bool sctp_data(struct packet *p, const struct cursor *c, uint32_t voff, uint32_t vlen, uint8_t type,
		      uint8_t flags, struct sctp_assoc *s, int side, GString *info)
{
	uint32_t hdr = type == 0 ? 12 : 16;
	if (vlen < hdr)
		return true; /* named only */
	uint32_t tsn = bytes_be32(c->data + voff);
	if (s && !s->base_known[side]) {
		s->base_known[side] = true;
		s->base[side] = tsn;
	}
	g_string_append_printf(info, "(TSN=%u) ", s ? tsn - s->base[side] : tsn);
	if (s) {
		gpointer key = GUINT_TO_POINTER((guint)tsn);
		if (g_hash_table_contains(s->seen[side], key)) {
			g_string_append(info, "(retransmission) ");
			return false;
		}
		if (g_hash_table_size(s->seen[side]) < SEEN_MAX)
			g_hash_table_add(s->seen[side], key);
	}
	if (!(flags & 0x01)) {
		g_string_append(info, "(Message Fragment) ");
		return true;
	}
	if (vlen > hdr) {
		struct cursor user = *c;
		user.off = voff + hdr;
		user.rend = voff + vlen;
		if (user.end > user.rend)
			user.end = user.rend;
		dissect_data(p, &user);
	}
	return true;
}

static void dissect_sctp(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_SCTP, c->off);
	if (idx < 0)
		return;
	uint16_t sport = cursor_be16(c), dport = cursor_be16(c);
	cursor_skip(c, 8);
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	struct sctp_assoc *s = NULL;
	int side = 0;
	if (p->session && p->ip_layer >= 0) {
		s = sctp_assoc_of(p, sport, dport, &side);
		p->layers[idx].flags |= PKT_BY_SESSION;
	}
	GString *info = g_string_new(NULL);
	bool after_data = false;
	while (cursor_rleft(c) > 0) {
		uint32_t at = c->off;
		uint8_t type = cursor_u8(c), flags = cursor_u8(c);
		uint16_t len = cursor_be16(c);
		if (!cursor_ok(c) || len < 4)
			break;
		if (after_data) {
			int next = pkt_push_layer(p, PROTO_SCTP, at);
			if (next >= 0)
				idx = next;
		}
		const char *name = value_name(sctp_chunk_names, type);
		g_string_append_printf(info, "%s ", name ? name : "RESERVED");
		uint32_t vlen = len - 4u;
		if (vlen > cursor_rleft(c) || vlen < sctp_fixed_len(type)) {
			/* past the packet's end, or fixed fields past the chunk's */
			c->err = vlen > cursor_left(c) && cursor_left(c) < cursor_rleft(c) ? CUR_TRUNCATED : CUR_MALFORMED;
			break;
		}
		if (vlen > cursor_left(c)) {
			c->err = CUR_TRUNCATED;
			break;
		}
		uint32_t voff = c->off;
		after_data = false;
		if (type == 0 || type == 0x40) {
			after_data = sctp_data(p, c, voff, vlen, type, flags, s, side, info);
		} else if (type == 3) {
			uint32_t cum = bytes_be32(c->data + voff), arwnd = bytes_be32(c->data + voff + 4);
			uint16_t ngaps = (uint16_t)(c->data[voff + 8] << 8 | c->data[voff + 9]);
			int other = 1 - side;
			if (s && s->base_known[other])
				cum -= s->base[other];
			g_string_append_printf(info, "(Ack=%u", cum);
			if (ngaps && vlen >= 12u + 4u * ngaps) {
				const uint8_t *last = c->data + voff + 12 + 4u * (ngaps - 1u);
				g_string_append_printf(info, "+%u", (unsigned)(last[2] << 8 | last[3]));
			}
			g_string_append_printf(info, ", Arwnd=%u) ", arwnd);
		}
		uint32_t padded = (vlen + 3u) & ~3u;
		cursor_skip(c, padded <= cursor_rleft(c) ? padded : vlen);
	}
	pkt_note_cursor(p, idx, c);
	pkt_set_app_info(p, PROTO_SCTP, info->str, info->len);
	g_string_free(info, TRUE);
}

/* The fields of the packet's first SCTP layer (D[0..N) from its common
 * header): the header's, and each chunk's as far as its bytes go; the
 * layers a DATA chunk's followers start give none. */
static void sctp_values(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
			const struct field_def *f, fvalue_fn fn, void *data)
{
	for (int i = 0; i < p->nlayers && &p->layers[i] != l; i++)
		if (p->layers[i].proto == PROTO_SCTP)
			return;
	if (!d || n < 12)
		return;
	const char *a = f->abbrev + 5;
	uint16_t sport = (uint16_t)(d[0] << 8 | d[1]), dport = (uint16_t)(d[2] << 8 | d[3]);
	if (!strcmp(a, "srcport") || !strcmp(a, "port"))
		fv_give_uint(fn, data, sport);
	if (!strcmp(a, "dstport") || !strcmp(a, "port"))
		fv_give_uint(fn, data, dport);
	if (!strcmp(a, "verification_tag"))
		fv_give_uint(fn, data, bytes_be32(d + 4));
	if (!strcmp(a, "checksum"))
		fv_give_uint(fn, data, bytes_be32(d + 8));
	for (uint32_t at = 12; at + 4 <= n;) {
		uint16_t len = (uint16_t)(d[at + 2] << 8 | d[at + 3]);
		if (!strcmp(a, "chunk_type"))
			fv_give_uint(fn, data, d[at]);
		if (!strcmp(a, "chunk_flags"))
			fv_give_uint(fn, data, d[at + 1]);
		if (!strcmp(a, "chunk_length"))
			fv_give_uint(fn, data, len);
		if (d[at] == 0 && len >= 16 && at + 16 <= n) {
			if (!strcmp(a, "data_tsn_raw"))
				fv_give_uint(fn, data, bytes_be32(d + at + 4));
			if (!strcmp(a, "data_sid"))
				fv_give_uint(fn, data, (uint32_t)(d[at + 8] << 8 | d[at + 9]));
			if (!strcmp(a, "data_ssn"))
				fv_give_uint(fn, data, (uint32_t)(d[at + 10] << 8 | d[at + 11]));
			if (!strcmp(a, "data_payload_proto_id"))
				fv_give_uint(fn, data, bytes_be32(d + at + 12));
		}
		if (len < 4)
			break;
		at += (len + 3u) & ~3u;
	}
}

/* The Info built as the chunks were read (it depends on earlier frames),
 * on the first SCTP layer only. */
static void sctp_columns(struct columns *c, const struct packet *p, int idx)
{
	for (int i = 0; i < idx; i++)
		if (p->layers[i].proto == PROTO_SCTP)
			return;
	col_proto(c, "SCTP");
	col_clear(c);
	if (p->app_info_proto == PROTO_SCTP)
		col_append(c, "%s", p->app_info);
}

static const struct handoff sctp_handoff[] = {
	IP_PROTO(132, dissect_sctp),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(SCTP, "sctp", "Stream Control Transmission Protocol");
const struct protocol proto_sctp = {PROTO_SCTP, .short_name = "SCTP", .fields = &sctp_table,
				    .values = sctp_values, .columns = sctp_columns, .handoff = sctp_handoff};
