/* simple.c — protocols recognised by their port or link type and a fixed
 * check, shown as one layer (their contents are their own fields):
 *
 *   Cisco HDLC (LINKTYPE_C_HDLC): address(1) control(1) protocol(2); 0xfefe
 *       carries OSI: NLPID 0x83 is IS-IS, whose PDU type (byte 4, low 5
 *       bits) names the message: 15-17 hello, 18/20 LSP, 24/25 CSNP, 26/27 PSNP.
 *   RIP (UDP 520): command 1 or 2, version 1 or 2.
 *   PPTP control (TCP 1723): length(2) message type(2) magic 0x1a2b3c4d.
 *   FTP (TCP 21): a line protocol; Wireshark adds the working-directory
 *       pseudo-protocol to every FTP frame.
 *   SMTP (TCP 25, 587): a line protocol, every segment.
 *   MySQL (TCP 3306): packets of length(3, little-endian) sequence(1); after
 *       the client asks for SSL, TLS records.
 *   ISAKMP (UDP 500): an 8-byte initiator cookie ... length(4) >= 28.
 *   UDP encapsulation of IPsec (UDP 4500): four zero bytes then ISAKMP, a
 *       one-byte 0xff keepalive, or ESP.
 *   ESP (IP protocol 50).
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct field_def isis_fields[] = {
	{"isis.irpd", "Intradomain Routing Protocol Discriminator", FT_UINT8, BASE_HEX, 0, 1, 0, NULL},
	{"isis.len", "PDU Header Length", FT_UINT8, BASE_DEC, 1, 1, 0, NULL},
	{"isis.type", "PDU Type", FT_UINT8, BASE_DEC, 4, 1, 0x1f, NULL},
};
FIELD_TABLE_DEFINE(isis);

static const struct field_def rip_fields[] = {
	{"rip.command", "Command", FT_UINT8, BASE_DEC, 0, 1, 0, NULL},
	{"rip.version", "Version", FT_UINT8, BASE_DEC, 1, 1, 0, NULL},
};
FIELD_TABLE_DEFINE(rip);

static const struct field_def pptp_fields[] = {
	{"pptp.length", "Length", FT_UINT16, BASE_DEC, 0, 2, 0, NULL},
	{"pptp.type", "Message type", FT_UINT16, BASE_DEC, 2, 2, 0, NULL},
	{"pptp.magic_cookie", "Magic Cookie", FT_UINT32, BASE_HEX, 4, 4, 0, NULL},
	{"pptp.control_message_type", "Control Message Type", FT_UINT16, BASE_DEC, 8, 2, 0, NULL},
};
FIELD_TABLE_DEFINE(pptp);

static const struct field_def isakmp_fields[] = {
	{"isakmp.ispi", "Initiator SPI", FT_BYTES, BASE_NONE, 0, 8, 0, NULL},
	{"isakmp.rspi", "Responder SPI", FT_BYTES, BASE_NONE, 8, 8, 0, NULL},
	{"isakmp.nextpayload", "Next payload", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"isakmp.version", "Version", FT_UINT8, BASE_HEX, 17, 1, 0, NULL},
	{"isakmp.exchangetype", "Exchange type", FT_UINT8, BASE_DEC, 18, 1, 0, NULL},
	{"isakmp.length", "Length", FT_UINT32, BASE_DEC, 24, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(isakmp);

static const struct field_def esp_fields[] = {
	{"esp.spi", "ESP SPI", FT_UINT32, BASE_HEX, 0, 4, 0, NULL},
	{"esp.sequence", "ESP Sequence", FT_UINT32, BASE_DEC, 4, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(esp);

void dissect_chdlc(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_CHDLC, c->off);
	if (idx < 0)
		return;
	cursor_skip(c, 2);
	uint16_t proto = cursor_be16(c);
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	if (proto == 0xfefe) {
		/* OSI: the network layer protocol id, after a padding byte on
		 * some routers */
		if (cursor_rleft(c) > 0 && (cursor_peek(c, 0) < 0 ||
					    (cursor_peek(c, 0) != 0x83 && cursor_rleft(c) > 1 && cursor_peek(c, 1) < 0))) {
			pkt_mark(p, idx, PKT_TRUNCATED); /* the protocol id is cut off */
			return;
		}
		if (cursor_peek(c, 0) != 0x83 && cursor_peek(c, 1) == 0x83)
			cursor_skip(c, 1);
		if (cursor_peek(c, 0) == 0x83)
			dissect_isis(p, c);
		else
			dissect_data(p, c);
		return;
	}
	dispatch(&ethertype_table, proto, p, c);
}

void dissect_isis(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_ISIS, c->off);
	if (idx < 0)
		return;
	cursor_skip(c, 4);
	uint8_t type = cursor_u8(c) & 0x1f;
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	enum proto_id pdu = type >= 15 && type <= 17 ? PROTO_ISIS_HELLO :
			    type == 18 || type == 20 ? PROTO_ISIS_LSP :
			    type == 24 || type == 25 ? PROTO_ISIS_CSNP :
			    type == 26 || type == 27 ? PROTO_ISIS_PSNP : PROTO_DATA;
	if (pdu != PROTO_DATA)
		pkt_push_layer(p, pdu, c->off);
}

void dissect_rip(struct packet *p, struct cursor *c)
{
	int cmd = cursor_peek(c, 0), ver = cursor_peek(c, 1);
	if ((cmd != 1 && cmd != 2) || (ver != 1 && ver != 2))
		return;
	pkt_push_layer(p, PROTO_RIP, c->off);
}

uint32_t pptp_pdu_len(const uint8_t *data, uint32_t avail)
{
	if (avail < 8)
		return PDU_NEED_MORE;
	if (data[4] != 0x1a || data[5] != 0x2b || data[6] != 0x3c || data[7] != 0x4d)
		return 0;
	uint32_t len = (uint32_t)data[0] << 8 | data[1];
	return len >= 12 ? len : 0;
}

void dissect_pptp(struct packet *p, struct cursor *c)
{
	uint32_t n = cursor_left(c);
	uint8_t head[8];
	for (uint32_t i = 0; i < 8; i++) {
		int b = cursor_peek(c, i);
		if (b < 0)
			return;
		head[i] = (uint8_t)b;
	}
	uint32_t len = pptp_pdu_len(head, n < 8 ? n : 8);
	if (len == 0 || len == PDU_NEED_MORE)
		return;
	pkt_push_layer(p, PROTO_PPTP, c->off);
}

void dissect_ftp(struct packet *p, struct cursor *c)
{
	if (pkt_push_layer(p, PROTO_FTP, c->off) >= 0)
		pkt_push_layer(p, PROTO_FTP_CWD, c->off);
}

void dissect_smtp(struct packet *p, struct cursor *c)
{
	if (pkt_push_layer(p, PROTO_SMTP, c->off) >= 0)
		imf_from_smtp(p, c, p->dport == 25 || p->dport == 587);
}

/* After a client's SSL request the connection carries TLS records. */
static bool tls_record_start(const uint8_t *data, uint32_t avail)
{
	return avail >= 3 && data[0] >= 20 && data[0] <= 23 && data[1] == 3 && data[2] <= 4;
}

uint32_t mysql_pdu_len(const uint8_t *data, uint32_t avail)
{
	if (tls_record_start(data, avail))
		return tls_pdu_len(data, avail);
	if (avail < 4)
		return PDU_NEED_MORE;
	return 4 + ((uint32_t)data[0] | (uint32_t)data[1] << 8 | (uint32_t)data[2] << 16);
}

void dissect_mysql(struct packet *p, struct cursor *c)
{
	uint8_t head[3];
	uint32_t n = 0;
	for (; n < 3 && cursor_peek(c, n) >= 0; n++)
		head[n] = (uint8_t)cursor_peek(c, n);
	if (tls_record_start(head, n)) {
		dissect_tls(p, c);
		return;
	}
	pkt_push_layer(p, PROTO_MYSQL, c->off);
}

void dissect_isakmp(struct packet *p, struct cursor *c)
{
	if (cursor_rleft(c) < 28)
		return;
	int idx = pkt_push_layer(p, PROTO_ISAKMP, c->off);
	if (idx < 0)
		return;
	cursor_skip(c, 28);
	pkt_note_cursor(p, idx, c);
}

/* IKEv2: "IKE_AUTH MID=03 Initiator Request" (the exchange, the message
 * ID, the sender's role, request or response); IKEv1: the exchange. */
static void isakmp_columns(struct columns *c, const struct packet *p, int idx)
{
	static const char *const v1[] = {
		"NONE", "Base", "Identity Protection (Main Mode)", "Authentication Only", "Aggressive",
		"Informational", "Transaction (Config Mode)",
	};
	static const char *const v2[] = {
		"IKE_SA_INIT", "IKE_AUTH", "CREATE_CHILD_SA", "INFORMATIONAL", "IKE_SESSION_RESUME",
	};
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_proto(c, "ISAKMP");
	col_clear(c);
	if (n < 28)
		return;
	uint8_t type = d[18], flags = d[19];
	if (d[17] >> 4 == 2) {
		if (type >= 34 && type - 34 < (int)G_N_ELEMENTS(v2))
			col_append(c, "%s", v2[type - 34]);
		else
			col_append(c, "Unknown %u", type);
		col_append(c, " MID=%02u %s %s", (uint32_t)d[20] << 24 | (uint32_t)d[21] << 16 | d[22] << 8 | d[23],
			   flags & 0x08 ? "Initiator" : "Responder", flags & 0x20 ? "Response" : "Request");
		return;
	}
	if (type < G_N_ELEMENTS(v1))
		col_append(c, "%s", v1[type]);
	else if (type == 32 || type == 33)
		col_append(c, "%s", type == 32 ? "Quick Mode" : "New Group Mode");
	else
		col_append(c, "Unknown %u", type);
}

/* The proposals of a Security Association payload from AT to END, and the
 * transforms in each: each one's "next" byte (2 or 3 while more follow, 0
 * for the last). */
static unsigned isakmp_proposals(const uint8_t *d, uint32_t at, uint32_t end, fvalue_fn fn, void *data)
{
	unsigned given = 0;
	for (int k = 0; at + 8 <= end && k < 64; k++) {
		given += fv_give_uint(fn, data, d[at]);
		uint32_t len = fv_get16(d + at + 2, true);
		if (len < 8 || at + len > end)
			break;
		uint32_t t = at + 8 + d[at + 6], tend = at + len;
		for (int j = 0; j < d[at + 7] && t + 4 <= tend; j++) {
			given += fv_give_uint(fn, data, d[t]);
			uint32_t tlen = fv_get16(d + t + 2, true);
			if (tlen < 4)
				break;
			t += tlen;
		}
		if (d[at] == 0)
			break;
		at += len;
	}
	return given;
}

/* ISAKMP / IKE: the header's next payload, then each payload's, up to an
 * encrypted part (IKEv1's encryption flag; IKEv2's Encrypted payload, 46,
 * whose own next payload is still shown). */
static unsigned isakmp_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (!fv_same(a, "isakmp.nextpayload") || n < 28)
		return 0;
	unsigned given = fv_give_uint(fn, data, d[16]);
	bool v1 = (d[17] >> 4) == 1;
	if (v1 && (d[19] & 1))
		return given;
	uint32_t np = d[16], at = 28, end = fv_get32(d + 24, true) < n ? fv_get32(d + 24, true) : n;
	for (int k = 0; np != 0 && at + 4 <= end && k < 64; k++) {
		given += fv_give_uint(fn, data, d[at]);
		uint32_t len = fv_get16(d + at + 2, true);
		if (np == 46 || len < 4 || at + len > end)
			break;
		if (np == 1 || np == 33) /* a Security Association: its proposals and their transforms */
			given += isakmp_proposals(d, at + (np == 1 ? 12 : 4), at + len, fn, data);
		np = d[at];
		at += len;
	}
	return given;
}

static void isakmp_field_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
				const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		isakmp_values(d, n, f->abbrev, fn, data);
}

static const struct handoff isakmp_handoff[] = {
	UDP_PORT(500, dissect_isakmp),
	HANDOFF_LIST_END,
};
const struct protocol proto_isakmp = {PROTO_ISAKMP, .columns = isakmp_columns, .values = isakmp_field_values,
				      .fields = &isakmp_table, .handoff = isakmp_handoff};

void dissect_udpencap(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_UDPENCAP, c->off);
	if (idx < 0)
		return;
	if (cursor_rleft(c) == 1 && cursor_peek(c, 0) == 0xff)
		return; /* NAT keepalive */
	if (cursor_rleft(c) >= 4 && cursor_peek(c, 0) == 0 && cursor_peek(c, 1) == 0 &&
	    cursor_peek(c, 2) == 0 && cursor_peek(c, 3) == 0) {
		cursor_skip(c, 4);
		if (!dissect_try(dissect_isakmp, p, c))
			dissect_data(p, c);
		return;
	}
	dissect_esp(p, c);
}

void dissect_esp(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_ESP, c->off);
	if (idx < 0)
		return;
	cursor_skip(c, 8);
	pkt_note_cursor(p, idx, c);
}

/* Wireshark cannot read the payload without keys: ESP names its SPI. */
static void esp_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *b = col_layer_bytes(p, idx, &n);
	col_proto(c, "ESP");
	if (n < 4) {
		col_clear(c);
		return;
	}
	col_set(c, "ESP (SPI=0x%08x)", (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3]);
}

static const struct handoff esp_handoff[] = {
	IP_PROTO(50, dissect_esp),
	HANDOFF_LIST_END,
};
const struct protocol proto_esp = {PROTO_ESP, .columns = esp_columns, .fields = &esp_table,
                                   .handoff = esp_handoff};

const struct protocol proto_isis = {PROTO_ISIS, .fields = &isis_table};

static const struct handoff rip_handoff[] = {
	UDP_PORT(520, dissect_rip),
	HANDOFF_LIST_END,
};
const struct protocol proto_rip = {PROTO_RIP, .fields = &rip_table, .handoff = rip_handoff};

static const struct handoff pptp_handoff[] = {
	TCP_PORT(1723, dissect_pptp),
	HANDOFF_LIST_END,
};
static const struct pdu_framing pptp_framing[] = {
	{dissect_pptp, pptp_pdu_len, NULL, false, NULL},
	{NULL, NULL, NULL, false, NULL},
};
const struct protocol proto_pptp = {PROTO_PPTP, .fields = &pptp_table,
                                    .handoff = pptp_handoff, .framing = pptp_framing};

static const struct handoff chdlc_handoff[] = {
	LINKTYPE(LINKTYPE_C_HDLC, dissect_chdlc),
	HANDOFF_LIST_END,
};
const struct protocol proto_chdlc = {PROTO_CHDLC, .handoff = chdlc_handoff};

static const struct handoff udpencap_handoff[] = {
	UDP_PORT(4500, dissect_udpencap),
	HANDOFF_LIST_END,
};
const struct protocol proto_udpencap = {PROTO_UDPENCAP, .handoff = udpencap_handoff};

static const struct handoff ftp_handoff[] = {
	TCP_PORT(21, dissect_ftp),
	HANDOFF_LIST_END,
};
const struct protocol proto_ftp = {PROTO_FTP, .handoff = ftp_handoff};

static const struct handoff smtp_handoff[] = {
	TCP_PORT(25, dissect_smtp),
	TCP_PORT(587, dissect_smtp), /* submission */
	HANDOFF_LIST_END,
};
const struct protocol proto_smtp = {PROTO_SMTP, .handoff = smtp_handoff};

static const struct handoff mysql_handoff[] = {
	TCP_PORT(3306, dissect_mysql),
	HANDOFF_LIST_END,
};
static const struct pdu_framing mysql_framing[] = {
	{dissect_mysql, mysql_pdu_len, NULL, false, NULL},
	{NULL, NULL, NULL, false, NULL},
};
const struct protocol proto_mysql = {PROTO_MYSQL, .handoff = mysql_handoff, .framing = mysql_framing};
