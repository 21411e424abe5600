/* eapol.c — 802.1X authentication (EAPOL, IEEE 802.1X-2010), ethertype
 * 0x888e, wired or behind LLC/SNAP in 802.11 data frames, and the EAP
 * packets it carries (RFC 3748):
 *
 *   EAPOL: | version(1) | type(1) | length(2) | body ...
 *     type 0 EAP packet, 1 Start, 2 Logoff, 3 Key
 *   Key:   | descriptor type(1) | key info(2) | key length(2) | replay(8) |
 *          | nonce(32) | IV(16) | RSC(8) | id(8) | MIC(16) | data length(2) | data |
 *   EAP:   | code(1) | id(1) | length(2) | [type(1) | type data] |
 *
 * Info as Wireshark writes it: the EAPOL type, a key message placed in the
 * 4-way (or group) handshake by its key-info bits, an EAP packet's code and
 * type ("Request, Identity").
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct value_string eapol_types[] = {
	{0, "EAP Packet"}, {1, "Start"}, {2, "Logoff"}, {3, "Key"}, {4, "Encapsulated ASF Alert"}, {5, "MKA"},
	{6, "Announcement (Generic)"}, {7, "Announcement (Specific)"}, {8, "Announcement Request"}, {0, NULL},
};

static const struct value_string eap_codes[] = {
	{1, "Request"}, {2, "Response"}, {3, "Success"}, {4, "Failure"}, {5, "Initiate"}, {6, "Finish"}, {0, NULL},
};

static const struct value_string eap_types[] = {
	{1, "Identity"}, {2, "Notification"}, {3, "Legacy Nak (Response Only)"},
	{4, "MD5-Challenge EAP (EAP-MD5-CHALLENGE)"}, {5, "One-Time Password EAP (EAP-OTP)"},
	{6, "Generic Token Card EAP (EAP-GTC)"}, {13, "TLS EAP (EAP-TLS)"},
	{17, "Cisco Wireless EAP / Lightweight EAP (EAP-LEAP)"}, {18, "GSM Subscriber Identity Modules EAP (EAP-SIM)"},
	{21, "Tunneled TLS EAP (EAP-TTLS)"}, {23, "UMTS Authentication and Key Agreement EAP (EAP-AKA)"},
	{25, "Protected EAP (EAP-PEAP)"}, {26, "MS-Authentication EAP (EAP-MS-AUTH)"},
	{29, "MS-CHAP-v2 EAP (EAP-MS-CHAP-V2)"}, {43, "Flexible Authentication via Secure Tunneling EAP (EAP-FAST)"},
	{47, "Pre-Shared Key EAP (EAP-PSK)"}, {49, "Internet Key Exchange v2 EAP (EAP-IKEv2)"},
	{50, "UMTS Authentication and Key Agreement' EAP (EAP-AKA')"}, {52, "Password EAP (EAP-pwd)"},
	{254, "Expanded Type"}, {255, "Experimental"}, {0, NULL},
};

static const struct field_def eapol_fields[] = {
	{"eapol.version", "Version", FT_UINT8, BASE_DEC, 0, 1, 0, NULL},
	{"eapol.type", "Type", FT_UINT8, BASE_DEC, 1, 1, 0, eapol_types},
	{"eapol.len", "Length", FT_UINT16, BASE_DEC, 2, 2, 0, NULL},
	{"eapol.keydes.type", "Key Descriptor Type", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
};
FIELD_TABLE_DEFINE(eapol);

static const struct field_def eap_fields[] = {
	{"eap.code", "Code", FT_UINT8, BASE_DEC, 0, 1, 0, eap_codes},
	{"eap.id", "Id", FT_UINT8, BASE_DEC, 1, 1, 0, NULL},
	{"eap.len", "Length", FT_UINT16, BASE_DEC, 2, 2, 0, NULL},
	{"eap.type", "Type", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, eap_types},
};
FIELD_TABLE_DEFINE(eap);

enum { EAPOL_EAP = 0, EAPOL_KEY = 3, EAPOL_KEY_MIN = 95 };

/* EAP is in the tree and the hierarchy, yet Wireshark's frame.protocols
 * does not list it. */
static void dissect_eap(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_EAP, c->off);
	if (idx < 0)
		return;
	p->layers[idx].flags |= PKT_TREE_ONLY;
	cursor_skip(c, 2);
	uint16_t len = cursor_be16(c);
	if (cursor_ok(c) && len < 4)
		c->err = CUR_MALFORMED;
	else
		cursor_skip(c, len - 4u);
	pkt_note_cursor(p, idx, c);
}

static void dissect_eapol(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_EAPOL, c->off);
	if (idx < 0)
		return;
	cursor_skip(c, 1);
	uint8_t type = cursor_u8(c);
	uint16_t len = cursor_be16(c);
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	struct cursor body = cursor_sub(c, len); /* padding after it is not ours */
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		c->err = CUR_OK;
	}
	if (type == EAPOL_EAP && cursor_rleft(&body) > 0)
		dissect_eap(p, &body);
	else
		cursor_skip(&body, cursor_rleft(&body));
	if (!cursor_ok(&body))
		pkt_note_cursor(p, idx, &body);
}

/* A key message's place in the handshake: 1 to 4 of the pairwise one,
 * 5 and 6 for the group one's first and second; 0 not a key message. */
static unsigned key_message(const uint8_t *d, uint32_t n)
{
	if (n < 4 + EAPOL_KEY_MIN || d[1] != EAPOL_KEY)
		return 0;
	const uint8_t *k = d + 4;
	uint16_t info = (uint16_t)(k[1] << 8 | k[2]);
	bool pairwise = info & 0x0008, install = info & 0x0040, ack = info & 0x0080, mic = info & 0x0100;
	uint16_t data_len = (uint16_t)(k[93] << 8 | k[94]);
	if (!pairwise)
		return ack ? 5 : 6;
	if (ack)
		return install ? 3 : 1;
	if (!mic)
		return 0;
	/* no acknowledgement asked: 2 carries the supplicant's RSN element, 4
	 * no data */
	return data_len == 0 ? 4 : 2;
}

static void eapol_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_proto(c, "EAPOL");
	col_clear(c);
	if (!d || n < 4)
		return;
	unsigned m = key_message(d, n);
	const char *t = value_name(eapol_types, d[1]);
	if (m >= 1 && m <= 4)
		col_append(c, "Key (Message %u of 4)", m);
	else if (m)
		col_append(c, "Key (Group Message %u of 2)", m - 4);
	else
		col_append(c, "%s", t ? t : "Unknown");
}

/* "Request, Identity"; a success or failure has no type. */
static void eap_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_proto(c, "EAP");
	col_clear(c);
	if (!d || n < 4)
		return;
	const char *code = value_name(eap_codes, d[0]);
	col_append(c, "%s", code ? code : "Unknown");
	if ((d[0] == 1 || d[0] == 2) && n >= 5) {
		const char *t = value_name(eap_types, d[4]);
		if (t)
			col_append(c, ", %s", t);
		else
			col_append(c, ", Unknown type (0x%02x)", d[4]);
	}
}

static void eapol_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d,
			 uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d || n < 5 || d[1] != EAPOL_KEY)
		return;
	if (fv_same(f->abbrev, "eapol.keydes.type"))
		fv_give_uint(fn, data, d[4]);
}

static void eap_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d,
		       uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d && n >= 5 && (d[0] == 1 || d[0] == 2) && fv_same(f->abbrev, "eap.type"))
		fv_give_uint(fn, data, d[4]);
}

/* Wireshark's registration: ethertype 0x888e. */
static const struct handoff eapol_handoff[] = {
	ETHERTYPE(0x888e, dissect_eapol),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(EAPOL, "eapol", "802.1X Authentication");
const struct protocol proto_eapol = {PROTO_EAPOL, .short_name = "EAPOL", .fields = &eapol_table, .columns = eapol_columns,
				     .values = eapol_values, .handoff = eapol_handoff};
PROTOCOL_ID(EAP, "eap", "Extensible Authentication Protocol");
const struct protocol proto_eap = {PROTO_EAP, .short_name = "EAP", .fields = &eap_table, .columns = eap_columns, .values = eap_values};
