/* gtp.c — the GPRS Tunnelling Protocol (3GPP TS 29.060, 29.281, 29.274):
 * GTP-U on UDP port 2152 carries the user's IP packets (T-PDU), GTP-C on
 * port 2123 the control messages of version 1 and, read as "gtpv2", of
 * version 2.
 *
 *   version 1:  | ver(3) PT E S PN | type | length(2) | TEID(4) |
 *               [ sequence(2) | N-PDU(1) | next extension type(1) ]  (when E, S or PN)
 *               extension headers: | length in 4 bytes | ... | next type |
 *   version 0:  | ver(3) PT 111 SNN | type | length(2) | sequence(2) |
 *               flow label(2) | SNDCP N-PDU(1) | spare(3) | TID(8) |
 *   version 2:  | ver(3) P T MP | type | length(2) | [TEID(4)] | sequence(3) | spare(1) |
 *               (P: another message follows this one, "piggybacked")
 *
 * The length counts the bytes after the TEID (version 0: after the TID);
 * the message ends there.  A T-PDU's payload is dissected as Wireshark's
 * default guesses it: IPv4 when its first byte is 0x45 to 0x4e, IPv6 when
 * its high nibble is 6, Ethernet when more than 14 bytes carry an ARP,
 * IPv4 or IPv6 type at bytes 12-13; the Protocol column then reads
 * "GTP <" the inner packet's ">", and its Info is the inner packet's.
 * A payload of 14 bytes or fewer that is none of these is shown as
 * "GTP <GTP>" with the Info "T-PDU".
 *
 * Like Wireshark, a message of an unknown type (or type 0), a version
 * above 2, or fewer than 2 bytes is not GTP.  A GTP' header (PT bit 0),
 * which Wireshark reads as another protocol, is not read here either: the
 * datagram is data.  Information elements of the control messages are
 * not decoded.
 */
#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/expert.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

enum {
	GTP_PORT_C = 2123, GTP_PORT_U = 2152,
	GTP_PT = 0x10, GTP_E = 0x04, GTP_S = 0x02, GTP_PN = 0x01,
	GTP_TPDU = 0xff,
	GTP_V0_HDR = 20, GTP_V1_HDR = 8,
	GTPV2_P = 0x10, GTPV2_T = 0x08, GTPV2_MP = 0x04,
	GTP_MAX_EXT = 16, /* extension headers whose lengths the fields give */
};

static const struct value_string gtp_message_names[] = {
	{1, "Echo request"},
	{2, "Echo response"},
	{3, "Version not supported"},
	{4, "Node alive request"},
	{5, "Node alive response"},
	{6, "Redirection request"},
	{7, "Redirection response"},
	{16, "Create PDP context request"},
	{17, "Create PDP context response"},
	{18, "Update PDP context request"},
	{19, "Update PDP context response"},
	{20, "Delete PDP context request"},
	{21, "Delete PDP context response"},
	{22, "Initiate PDP Context Activation Request"},
	{23, "Initiate PDP Context Activation Response"},
	{24, "Delete AA PDP Context Request"},
	{25, "Delete AA PDP Context Response"},
	{26, "Error indication"},
	{27, "PDU notification request"},
	{28, "PDU notification response"},
	{29, "PDU notification reject request"},
	{30, "PDU notification reject response"},
	{31, "Supported extension header notification"},
	{32, "Send routing information for GPRS request"},
	{33, "Send routing information for GPRS response"},
	{34, "Failure report request"},
	{35, "Failure report response"},
	{36, "Note MS GPRS present request"},
	{37, "Note MS GPRS present response"},
	{48, "Identification request"},
	{49, "Identification response"},
	{50, "SGSN context request"},
	{51, "SGSN context response"},
	{52, "SGSN context acknowledgement"},
	{53, "Forward relocation request"},
	{54, "Forward relocation response"},
	{55, "Forward relocation complete"},
	{56, "Relocation cancel request"},
	{57, "Relocation cancel response"},
	{58, "Forward SRNS context"},
	{59, "Forward relocation complete acknowledge"},
	{60, "Forward SRNS context acknowledge"},
	{61, "UE Registration Query Request"},
	{62, "UE Registration Query Response"},
	{70, "RAN Information Relay"},
	{96, "MBMS Notification Request"},
	{97, "MBMS Notification Response"},
	{98, "MBMS Notification Reject Request"},
	{99, "MBMS Notification Reject Response"},
	{100, "Create MBMS Context Request"},
	{101, "Create MBMS Context Response"},
	{102, "Update MBMS Context Request"},
	{103, "Update MBMS Context Response"},
	{104, "Delete MBMS Context Request"},
	{105, "Delete MBMS Context Response"},
	{112, "MBMS Registration Request"},
	{113, "MBMS Registration Response"},
	{114, "MBMS De-Registration Request"},
	{115, "MBMS De-Registration Response"},
	{116, "MBMS Session Start Request"},
	{117, "MBMS Session Start Response"},
	{118, "MBMS Session Stop Request"},
	{119, "MBMS Session Stop Response"},
	{120, "MBMS Session Update Request"},
	{121, "MBMS Session Update Response"},
	{128, "MS Info Change Notification Request"},
	{129, "MS Info Change Notification Response"},
	{240, "Data record transfer request"},
	{241, "Data record transfer response"},
	{254, "End Marker"},
	{255, "T-PDU"},
	{0, NULL},
};

static const struct value_string gtpv2_message_names[] = {
	{0, "Reserved"},
	{1, "Echo Request"},
	{2, "Echo Response"},
	{3, "Version Not Supported Indication"},
	{4, "Node Alive Request"},
	{5, "Node Alive Response"},
	{6, "Redirection Request"},
	{7, "Redirection Response"},
	{25, "SRVCC PS to CS Request"},
	{26, "SRVCC PS to CS Response"},
	{27, "SRVCC PS to CS Complete Notification"},
	{28, "SRVCC PS to CS Complete Acknowledge"},
	{29, "SRVCC PS to CS Cancel Notification"},
	{30, "SRVCC PS to CS Cancel Acknowledge"},
	{31, "SRVCC CS to PS Request"},
	{32, "Create Session Request"},
	{33, "Create Session Response"},
	{34, "Modify Bearer Request"},
	{35, "Modify Bearer Response"},
	{36, "Delete Session Request"},
	{37, "Delete Session Response"},
	{38, "Change Notification Request"},
	{39, "Change Notification Response"},
	{40, "Remote UE Report Notification"},
	{41, "Remote UE Report Acknowledge"},
	{64, "Modify Bearer Command"},
	{65, "Modify Bearer Failure Indication"},
	{66, "Delete Bearer Command"},
	{67, "Delete Bearer Failure Indication"},
	{68, "Bearer Resource Command"},
	{69, "Bearer Resource Failure Indication"},
	{70, "Downlink Data Notification Failure Indication"},
	{71, "Trace Session Activation"},
	{72, "Trace Session Deactivation"},
	{73, "Stop Paging Indication"},
	{95, "Create Bearer Request"},
	{96, "Create Bearer Response"},
	{97, "Update Bearer Request"},
	{98, "Update Bearer Response"},
	{99, "Delete Bearer Request"},
	{100, "Delete Bearer Response"},
	{101, "Delete PDN Connection Set Request"},
	{102, "Delete PDN Connection Set Response"},
	{103, "PGW Downlink Triggering Notification"},
	{104, "PGW Downlink Triggering Acknowledge"},
	{128, "Identification Request"},
	{129, "Identification Response"},
	{130, "Context Request"},
	{131, "Context Response"},
	{132, "Context Acknowledge"},
	{133, "Forward Relocation Request"},
	{134, "Forward Relocation Response"},
	{135, "Forward Relocation Complete Notification"},
	{136, "Forward Relocation Complete Acknowledge"},
	{137, "Forward Access Context Notification"},
	{138, "Forward Access Context Acknowledge"},
	{139, "Relocation Cancel Request"},
	{140, "Relocation Cancel Response"},
	{141, "Configuration Transfer Tunnel"},
	{149, "Detach Notification"},
	{150, "Detach Acknowledge"},
	{151, "CS Paging Indication"},
	{152, "RAN Information Relay"},
	{153, "Alert MME Notification"},
	{154, "Alert MME Acknowledge"},
	{155, "UE Activity Notification"},
	{156, "UE Activity Acknowledge"},
	{157, "ISR Status Indication"},
	{158, "UE Registration Query Request"},
	{159, "UE Registration Query Response"},
	{160, "Create Forwarding Tunnel Request"},
	{161, "Create Forwarding Tunnel Response"},
	{162, "Suspend Notification"},
	{163, "Suspend Acknowledge"},
	{164, "Resume Notification"},
	{165, "Resume Acknowledge"},
	{166, "Create Indirect Data Forwarding Tunnel Request"},
	{167, "Create Indirect Data Forwarding Tunnel Response"},
	{168, "Delete Indirect Data Forwarding Tunnel Request"},
	{169, "Delete Indirect Data Forwarding Tunnel Response"},
	{170, "Release Access Bearers Request"},
	{171, "Release Access Bearers Response"},
	{176, "Downlink Data Notification"},
	{177, "Downlink Data Notification Acknowledgement"},
	{178, "Reserved. Allocated in earlier version of the specification."},
	{179, "PGW Restart Notification"},
	{180, "PGW Restart Notification Acknowledge"},
	{200, "Update PDN Connection Set Request"},
	{201, "Update PDN Connection Set Response"},
	{211, "Modify Access Bearers Request"},
	{212, "Modify Access Bearers Response"},
	{231, "MBMS Session Start Request"},
	{232, "MBMS Session Start Response"},
	{233, "MBMS Session Update Request"},
	{234, "MBMS Session Update Response"},
	{235, "MBMS Session Stop Request"},
	{236, "MBMS Session Stop Response"},
	{240, "SRVCC CS to PS Response"},
	{241, "SRVCC CS to PS Complete Notification"},
	{242, "SRVCC CS to PS Complete Acknowledge"},
	{243, "SRVCC CS to PS Cancel Notification"},
	{244, "SRVCC CS to PS Cancel Acknowledge"},
	{0, NULL},
};

static const struct field_def gtp_fields[] = {
	{"gtp.flags", "Flags", FT_UINT8, BASE_HEX, 0, 1, 0, NULL},
	{"gtp.flags.version", "Version", FT_UINT8, BASE_DEC, 0, 1, 0xe0, NULL},
	{"gtp.flags.payload", "Protocol type", FT_UINT8, BASE_DEC, 0, 1, 0x10, NULL},
	{"gtp.flags.e", "Is Next Extension Header present?", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 1, 0x04, NULL},
	{"gtp.flags.s", "Is Sequence Number present?", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 1, 0x02, NULL},
	{"gtp.flags.pn", "Is N-PDU number present?", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 1, 0x01, NULL},
	{"gtp.flags.snn", "Is SNDCP N-PDU included?", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 1, 0x01, NULL},
	{"gtp.message", "Message Type", FT_UINT8, BASE_HEX, 1, 1, 0, gtp_message_names},
	{"gtp.length", "Length", FT_UINT16, BASE_DEC, 2, 2, 0, NULL},
	{"gtp.teid", "TEID", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, NULL},
	{"gtp.seq_number", "Sequence number", FT_UINT16, BASE_HEX, FIELD_VAR, 2, 0, NULL},
	{"gtp.npdu_number", "N-PDU Number", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, NULL},
	{"gtp.ext_hdr.next", "Next extension header type", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, NULL},
	{"gtp.ext_hdr.length", "Extension Header Length", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
};
FIELD_TABLE_DEFINE(gtp);

static const struct field_def gtpv2_fields[] = {
	{"gtpv2.flags", "Flags", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, NULL},
	{"gtpv2.version", "Version", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0xe0, NULL},
	{"gtpv2.p", "Piggybacking flag (P)", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0x10, NULL},
	{"gtpv2.t", "TEID flag (T)", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0x08, NULL},
	{"gtpv2.mp", "Message Priority(MP)", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0x04, NULL},
	{"gtpv2.message_type", "Message Type", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, gtpv2_message_names},
	{"gtpv2.msg_length", "Message Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"gtpv2.teid", "Tunnel Endpoint Identifier", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, NULL},
	{"gtpv2.seq", "Sequence Number", FT_UINT24, BASE_HEX, FIELD_VAR, 3, 0, NULL},
};
FIELD_TABLE_DEFINE(gtpv2);

/* ---- version 0 and 1 --------------------------------------------------- */

/* A version 0 or 1 header as read from D (N bytes, the datagram's): what
 * it has, where its payload starts, where the message ends, and whether
 * the reading stopped (past the message's end: malformed; past the bytes
 * there: cut short). */
struct gtp_hdr {
	uint8_t flags, type, npdu;
	uint16_t length, seq;
	uint32_t teid;
	bool has_length, has_teid, has_seq, has_npdu;
	uint8_t next[GTP_MAX_EXT + 1]; /* the next-type fields, the first from the header */
	uint8_t ext_len[GTP_MAX_EXT];  /* each extension header's length */
	unsigned n_next, n_ext;
	bool zero_ext;                 /* an extension header of length 0 stopped it */
	uint32_t payload, end;         /* where the payload starts; the message's end */
	bool stop, past_end;           /* the reading stopped, past the message's end */
};

/* Whether the datagram D (N bytes) is GTP version 0 or 1 Wireshark takes. */
static bool gtp_taken(const uint8_t *d, uint32_t n)
{
	return n >= 2 && (d[0] >> 5) <= 1 && (d[0] & GTP_PT) && d[1] != 0 && value_name(gtp_message_names, d[1]);
}

/* Reads K bytes at *AT of H's message (D, N bytes there): their place, or
 * NULL with H stopped. */
static const uint8_t *gtp_take(struct gtp_hdr *h, const uint8_t *d, uint32_t n, uint32_t *at, uint32_t k)
{
	if (h->stop)
		return NULL;
	if (*at + k > h->end || *at + k > n) {
		h->stop = true;
		h->past_end = *at + k > h->end;
		return NULL;
	}
	const uint8_t *b = d + *at;
	*at += k;
	return b;
}

static struct gtp_hdr gtp_read(const uint8_t *d, uint32_t n)
{
	struct gtp_hdr h = {.flags = d[0], .type = d[1], .end = UINT32_MAX};
	bool v0 = (d[0] >> 5) == 0;
	uint32_t at = 2;
	const uint8_t *b = gtp_take(&h, d, n, &at, 2);
	if (!b)
		return h;
	h.length = (uint16_t)bytes_be16(b);
	h.has_length = true;
	if (v0) {
		if ((b = gtp_take(&h, d, n, &at, 2))) {
			h.seq = (uint16_t)bytes_be16(b);
			h.has_seq = true;
		}
		gtp_take(&h, d, n, &at, 14);
		h.end = GTP_V0_HDR + (uint32_t)h.length;
		h.payload = at;
		return h;
	}
	if (!(b = gtp_take(&h, d, n, &at, 4)))
		return h;
	h.teid = bytes_be32(b);
	h.has_teid = true;
	h.end = at + (uint32_t)h.length;
	if (h.flags & (GTP_E | GTP_S | GTP_PN)) {
		if ((b = gtp_take(&h, d, n, &at, 2)) && (h.flags & GTP_S)) {
			h.seq = (uint16_t)bytes_be16(b);
			h.has_seq = true;
		}
		if ((b = gtp_take(&h, d, n, &at, 1)) && (h.flags & GTP_PN)) {
			h.npdu = *b;
			h.has_npdu = true;
		}
		b = gtp_take(&h, d, n, &at, 1);
		if (b && (h.flags & GTP_E)) {
			h.next[h.n_next++] = *b;
			while (b && *b != 0) {
				const uint8_t *len = gtp_take(&h, d, n, &at, 1);
				if (!len)
					break;
				if (h.n_ext < GTP_MAX_EXT)
					h.ext_len[h.n_ext++] = *len;
				if (*len == 0) {
					h.zero_ext = true;
					break;
				}
				if (!gtp_take(&h, d, n, &at, (uint32_t)*len * 4 - 2))
					break;
				b = gtp_take(&h, d, n, &at, 1);
				if (b && h.n_next <= GTP_MAX_EXT)
					h.next[h.n_next++] = *b;
			}
		}
	}
	h.payload = at;
	return h;
}

/* How a T-PDU's payload of LEFT bytes at D (CAPT of them captured) is
 * dissected. */
enum gtp_inner { INNER_NONE, INNER_IPV4, INNER_IPV6, INNER_ETH, INNER_SHORT, INNER_CUT };

static enum gtp_inner gtp_inner_kind(const uint8_t *d, uint32_t capt, uint32_t left)
{
	if (left == 0)
		return INNER_NONE;
	if (capt == 0)
		return INNER_CUT; /* the bytes that would tell were not captured */
	if (d[0] >= 0x45 && d[0] <= 0x4e)
		return INNER_IPV4;
	if ((d[0] & 0xf0) == 0x60)
		return INNER_IPV6;
	if (left <= 14)
		return INNER_SHORT;
	if (capt < 14)
		return INNER_CUT;
	uint16_t type = (uint16_t)bytes_be16(d + 12);
	return type == 0x0806 || type == 0x86dd || type == 0x0800 ? INNER_ETH : INNER_NONE;
}

void dissect_gtpv2(struct packet *p, struct cursor *c);

static void dissect_gtp(struct packet *p, struct cursor *c)
{
	const uint8_t *d = c->data + c->off;
	uint32_t n = cursor_left(c);
	if (n < 1 || (d[0] >> 5) > 2)
		return;
	if ((d[0] >> 5) == 2) {
		/* Wireshark's GTP hands version 2 on before it shows anything */
		int idx = pkt_push_layer(p, PROTO_GTP, c->off);
		if (idx >= 0)
			p->layers[idx].flags |= PKT_NESTED | PKT_NO_ITEM;
		dissect_gtpv2(p, c);
		return;
	}
	if (!gtp_taken(d, n))
		return;
	int idx = pkt_push_layer(p, PROTO_GTP, c->off);
	if (idx < 0)
		return;
	/* the header is read from the bytes the datagram declares; a length
	 * past the datagram's end changes nothing (Wireshark's
	 * set_actual_length() only shortens) */
	p->layers[idx].len = n;
	struct gtp_hdr h = gtp_read(d, n);
	if (h.stop) {
		cursor_skip(c, h.past_end ? cursor_rleft(c) + 1 : cursor_left(c) + 1);
		app_note(p, idx, c);
		return;
	}
	if (h.end < cursor_rleft(c)) {
		cursor_limit(c, h.end);
		p->layers[idx].len = cursor_left(c);
	}
	if (h.zero_ext || h.type != GTP_TPDU)
		return;
	cursor_skip(c, h.payload);
	struct cursor in = cursor_rest(c);
	switch (gtp_inner_kind(in.data + in.off, cursor_left(&in), cursor_rleft(&in))) {
	case INNER_IPV4:
		dissect_ipv4(p, &in);
		break;
	case INNER_IPV6:
		dissect_ipv6(p, &in);
		break;
	case INNER_ETH:
		dissect_eth(p, &in);
		break;
	case INNER_CUT:
		cursor_skip(&in, cursor_left(&in) + 1);
		app_note(p, idx, &in);
		break;
	default:
		break;
	}
}

/* The header of GTP layer L, read again from its bytes D (N of them). */
static bool gtp_layer_hdr(const struct layer *l, const uint8_t *d, uint32_t n, struct gtp_hdr *h)
{
	n = n < l->len ? n : l->len;
	if (!d || (l->flags & PKT_NO_ITEM) || !gtp_taken(d, n))
		return false;
	*h = gtp_read(d, n);
	return true;
}

static void gtp_values(G_GNUC_UNUSED const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
		       const struct field_def *f, fvalue_fn fn, void *data)
{
	struct gtp_hdr h;
	if (!gtp_layer_hdr(l, d, n, &h))
		return;
	const char *a = f->abbrev;
	bool v1 = (h.flags >> 5) == 1;
	const struct fv_named_uint hdr[] = {
		{"gtp.flags.e", (h.flags & GTP_E) != 0, v1},
		{"gtp.flags.s", (h.flags & GTP_S) != 0, v1},
		{"gtp.flags.pn", (h.flags & GTP_PN) != 0, v1},
		{"gtp.flags.snn", h.flags & 1, !v1},
		{"gtp.teid", h.teid, h.has_teid},
		{"gtp.seq_number", h.seq, h.has_seq},
		{"gtp.npdu_number", h.npdu, h.has_npdu},
	};
	fv_give_named(fn, data, a, hdr, G_N_ELEMENTS(hdr));
	if (fv_same(a, "gtp.ext_hdr.next"))
		for (unsigned i = 0; i < h.n_next; i++)
			fv_give_uint(fn, data, h.next[i]);
	else if (fv_same(a, "gtp.ext_hdr.length"))
		for (unsigned i = 0; i < h.n_ext; i++)
			fv_give_uint(fn, data, h.ext_len[i]);
}

/* Whether the T-PDU of layer IDX handed its payload on (or showed it as
 * GTP's own short data) and nothing after raised an exception: Wireshark
 * then writes "GTP <" and ">" around the Protocol column. */
static bool gtp_wraps(const struct packet *p, int idx, const struct gtp_hdr *h, const uint8_t *d, uint32_t n)
{
	if (h->type != GTP_TPDU || h->zero_ext || h->stop)
		return false;
	uint32_t end = h->end < n ? h->end : n;
	uint32_t left = end > h->payload ? end - h->payload : 0;
	enum gtp_inner k = gtp_inner_kind(d + h->payload, left, left);
	/* an inner Ethernet frame's type dispatch catches what its payload
	 * raises; an inner IP packet's exception passes GTP by */
	int at = -1;
	if (k != INNER_ETH && pkt_exception(p, &at) != PKT_EXC_NONE && at > idx)
		return false;
	return k == INNER_SHORT || (k != INNER_NONE && k != INNER_CUT && idx + 1 < p->nlayers);
}

/* "GTP" and the message's name; a T-PDU's inner packet writes the rest. */
static void gtp_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_begin(c, p, idx, &n);
	struct gtp_hdr h;
	if (!gtp_layer_hdr(&p->layers[idx], d, n, &h))
		return;
	col_set(c, "%s", value_name(gtp_message_names, h.type));
	if (!gtp_wraps(p, idx, &h, d, n))
		return;
	col_fill_layers(c, p, idx + 1);
	char inner[COL_PROTO_MAX];
	g_strlcpy(inner, c->proto, sizeof inner);
	g_snprintf(c->proto, sizeof c->proto, "GTP <%s>", inner[0] ? inner : "GTP");
	col_exception(c, p);
	col_lock(c);
}

static void gtp_expert(struct experts *e, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	struct gtp_hdr h;
	if (gtp_layer_hdr(&p->layers[idx], d, n, &h) && h.zero_ext)
		expert_add(e, EXPERT_ERROR, EXPERT_MALFORMED, "GTP", "Extension header length is zero");
}

/* ---- version 2 ------------------------------------------------------- */

/* One version 2 message header at D (N bytes there, maybe none), and
 * where the next (piggybacked) message starts. */
struct gtpv2_hdr {
	uint8_t flags, type, prio;
	uint16_t length;
	uint32_t teid, seq;
	bool has_type, has_length, has_teid, has_seq, whole;
	bool overrun;  /* P set, and the length runs past the datagram */
	uint32_t next; /* the message after it when P is set, else 0 */
};

static struct gtpv2_hdr gtpv2_read(const uint8_t *d, uint32_t n)
{
	struct gtpv2_hdr h = {.flags = n ? d[0] : 0};
	h.has_type = n >= 2;
	h.type = h.has_type ? d[1] : 0;
	if (n < 4)
		return h;
	h.length = (uint16_t)bytes_be16(d + 2);
	h.has_length = true;
	uint32_t at = 4;
	if (h.flags & GTPV2_T) {
		if (n < at + 4)
			return h;
		h.teid = bytes_be32(d + at);
		h.has_teid = true;
		at += 4;
	}
	if (n < at + 3)
		return h;
	h.seq = bytes_be32(d + at - 1) & 0xffffff;
	h.has_seq = true;
	h.whole = n >= at + 4;
	h.prio = h.whole ? d[at + 3] >> 4 : 0;
	if (h.whole && (h.flags & GTPV2_P)) {
		/* the piggybacked message follows, even when no byte is left for it */
		h.overrun = 4u + h.length > n;
		h.next = h.overrun ? 0 : 4u + h.length;
	}
	return h;
}

/* A version 2 message and the ones piggybacked on it, a layer each: a
 * piggybacked message is in GTPv2's tree (and hierarchy), not in
 * frame.protocols; one with fewer than 4 bytes adds no line of its own.
 * The header fields and the names are read, the information elements
 * not.  A header cut short, or a piggybacking message whose length runs
 * past the datagram, stops it. */
void dissect_gtpv2(struct packet *p, struct cursor *c)
{
	uint32_t n = cursor_left(c);
	const uint8_t *d = c->data + c->off;
	for (uint32_t at = 0;;) {
		int idx = pkt_push_layer(p, PROTO_GTPV2, c->off + at);
		if (idx < 0)
			return;
		struct gtpv2_hdr h = gtpv2_read(d + at, n - at);
		struct layer *l = &p->layers[idx];
		l->len = h.next ? h.next : n - at;
		if (at)
			l->flags |= PKT_TREE_ONLY;
		if (!h.has_length) /* Wireshark reads the length before it adds its line */
			l->flags |= PKT_NESTED | PKT_NAMES_PROTO | PKT_NO_ITEM;
		if (!h.whole || h.overrun) {
			cursor_skip(c, cursor_left(c) + 1);
			app_note(p, idx, c);
			return;
		}
		if (!h.next)
			break;
		at += h.next;
	}
	cursor_skip(c, cursor_rleft(c));
}

/* The header fields of the message of layer L. */
static void gtpv2_values(G_GNUC_UNUSED const struct packet *p, const struct layer *l, const uint8_t *d,
			 uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d || (l->flags & PKT_NO_ITEM))
		return;
	struct gtpv2_hdr h = gtpv2_read(d, n < l->len ? n : l->len);
	const struct fv_named_uint hdr[] = {
		{"gtpv2.flags", h.flags, true},
		{"gtpv2.version", h.flags >> 5, true},
		{"gtpv2.p", (h.flags & GTPV2_P) != 0, true},
		{"gtpv2.t", (h.flags & GTPV2_T) != 0, true},
		{"gtpv2.message_type", h.type, true},
		{"gtpv2.msg_length", h.length, true},
		{"gtpv2.teid", h.teid, h.has_teid},
		{"gtpv2.seq", h.seq, h.has_seq},
	};
	fv_give_named(fn, data, f->abbrev, hdr, G_N_ELEMENTS(hdr));
	/* Wireshark names the flag and the priority it announces alike */
	if (fv_same(f->abbrev, "gtpv2.mp")) {
		fv_give_uint(fn, data, (h.flags & GTPV2_MP) != 0);
		if ((h.flags & GTPV2_MP) && h.whole)
			fv_give_uint(fn, data, h.prio);
	}
}

/* "GTPv2" and the message's name; a piggybacked one adds " / " and its own. */
static void gtpv2_columns(struct columns *c, const struct packet *p, int idx)
{
	const struct layer *l = &p->layers[idx];
	uint32_t n;
	const uint8_t *d;
	if (l->flags & PKT_TREE_ONLY) {
		d = col_layer_bytes(p, idx, &n);
		col_append(c, " / ");
	} else {
		d = col_begin(c, p, idx, &n);
	}
	struct gtpv2_hdr h = gtpv2_read(d, d ? (n < l->len ? n : l->len) : 0);
	if (!h.has_type)
		return;
	const char *name = value_name(gtpv2_message_names, h.type);
	col_append(c, "%s", name ? name : "Unknown");
}

/* Wireshark's registration: GTP on UDP ports 2123 (GTP-C) and 2152 (GTP-U),
 * followed even when only transport headers are wanted, as a tunnel; GTP
 * hands version 2 to GTPv2. */
static const struct handoff gtp_handoff[] = {
	UDP_TUNNEL_PORT(GTP_PORT_C, dissect_gtp),
	UDP_TUNNEL_PORT(GTP_PORT_U, dissect_gtp),
	HANDOFF_LIST_END,
};

PROTOCOL_ID(GTP, "gtp", "GPRS Tunneling Protocol");
const struct protocol proto_gtp = {PROTO_GTP, .short_name = "GTP", .transport = true, .fields = &gtp_table,
				   .columns = gtp_columns, .expert = gtp_expert, .values = gtp_values,
				   .handoff = gtp_handoff};

PROTOCOL_ID(GTPV2, "gtpv2", "GPRS Tunneling Protocol V2");
const struct protocol proto_gtpv2 = {PROTO_GTPV2, .short_name = "GTPv2", .transport = true, .fields = &gtpv2_table,
				     .columns = gtpv2_columns, .values = gtpv2_values};
