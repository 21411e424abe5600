/* iec104.c — IEC 60870-5-104, telecontrol of power systems over TCP port
 * 2404: a stream of APDUs, each an APCI and, in an I-format APDU, an ASDU
 * (IEC 60870-5-101's application unit with 104's field sizes), shown as
 * two layers (`iec60870_104`, then `iec60870_asdu`) as Wireshark does:
 *
 *   APCI  +------+--------+------------------------------------------+
 *         | 0x68 | length | control field (4 bytes, little-endian)   |
 *         |      | 4..253 | I: bit 0 clear, send no. << 1, recv << 17 |
 *         |      |        | S: 01 00, receive number << 17            |
 *         |      |        | U: bits 0-1 set, function in bits 2-7     |
 *         +------+--------+------------------------------------------+
 *   ASDU  +------+--------+----------------+------------+-----------+-----------------+
 *         | type | SQ (1) | cause (6 bits) | originator | common    | objects: address|
 *         | id   | count  | P/N (1) T (1)  | address    | addr (2)  | (3) and element |
 *         +------+--------+----------------+------------+-----------+-----------------+
 *   with SQ set, one address (3) and COUNT elements at consecutive addresses.
 *
 * The length counts the bytes after it.  Like Wireshark, a message starts
 * at the first 0x68 (bytes before it are an error prefix) and six bytes are
 * gathered before its length is believed; several APDUs in a segment join
 * their Info with " | ".  The arrow of the Info is "->" from the server's
 * port, "<-" towards it.
 */
#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

enum {
	IEC104_PORT = 2404,
	APCI_START = 0x68,
	APCI_LEN = 6,      /* start, length, control field */
	APDU_MIN_LEN = 4,  /* a length byte below this is no APDU */
	APDU_MAX_LEN = 253,
	ASDU_HEAD = 9,     /* type, qualifier, cause (2), common address (2), first object address (3) */
	IOA_LEN = 3,
};

enum { APCI_I = 0, APCI_S = 1, APCI_U = 3 };

static const struct value_string apci_types[] = {
	{APCI_I, "I"}, {APCI_S, "S"}, {APCI_U, "U"}, {0, NULL},
};

static const struct value_string u_functions[] = {
	{0x01, "STARTDT act"}, {0x02, "STARTDT con"}, {0x04, "STOPDT act"},
	{0x08, "STOPDT con"}, {0x10, "TESTFR act"}, {0x20, "TESTFR con"}, {0, NULL},
};

static const struct value_string asdu_types[] = {
	{1, "M_SP_NA_1"}, {2, "M_SP_TA_1"}, {3, "M_DP_NA_1"}, {4, "M_DP_TA_1"}, {5, "M_ST_NA_1"},
	{6, "M_ST_TA_1"}, {7, "M_BO_NA_1"}, {8, "M_BO_TA_1"}, {9, "M_ME_NA_1"}, {10, "M_ME_TA_1"},
	{11, "M_ME_NB_1"}, {12, "M_ME_TB_1"}, {13, "M_ME_NC_1"}, {14, "M_ME_TC_1"}, {15, "M_IT_NA_1"},
	{16, "M_IT_TA_1"}, {20, "M_PS_NA_1"}, {21, "M_ME_ND_1"}, {30, "M_SP_TB_1"}, {31, "M_DP_TB_1"},
	{32, "M_ST_TB_1"}, {33, "M_BO_TB_1"}, {34, "M_ME_TD_1"}, {35, "M_ME_TE_1"}, {36, "M_ME_TF_1"},
	{37, "M_IT_TB_1"}, {38, "M_EP_TD_1"}, {39, "M_EP_TE_1"}, {40, "M_EP_TF_1"}, {41, "S_IT_TC_1"},
	{45, "C_SC_NA_1"}, {46, "C_DC_NA_1"}, {47, "C_RC_NA_1"}, {48, "C_SE_NA_1"}, {49, "C_SE_NB_1"},
	{50, "C_SE_NC_1"}, {51, "C_BO_NA_1"}, {58, "C_SC_TA_1"}, {59, "C_DC_TA_1"}, {60, "C_RC_TA_1"},
	{61, "C_SE_TA_1"}, {62, "C_SE_TB_1"}, {63, "C_SE_TC_1"}, {64, "C_BO_TA_1"}, {70, "M_EI_NA_1"},
	{81, "S_CH_NA_1"}, {82, "S_RP_NA_1"}, {83, "S_AR_NA_1"}, {84, "S_KR_NA_1"}, {85, "S_KS_NA_1"},
	{86, "S_KC_NA_1"}, {87, "S_ER_NA_1"}, {90, "S_US_NA_1"}, {91, "S_UQ_NA_1"}, {92, "S_UR_NA_1"},
	{93, "S_UK_NA_1"}, {94, "S_UA_NA_1"}, {95, "S_UC_NA_1"}, {100, "C_IC_NA_1"}, {101, "C_CI_NA_1"},
	{102, "C_RD_NA_1"}, {103, "C_CS_NA_1"}, {105, "C_RP_NA_1"}, {107, "C_TS_TA_1"}, {110, "P_ME_NA_1"},
	{111, "P_ME_NB_1"}, {112, "P_ME_NC_1"}, {113, "P_AC_NA_1"}, {120, "F_FR_NA_1"}, {121, "F_SR_NA_1"},
	{122, "F_SC_NA_1"}, {123, "F_LS_NA_1"}, {124, "F_AF_NA_1"}, {125, "F_SG_NA_1"}, {126, "F_DR_TA_1"},
	{127, "F_SC_NB_1"}, {0, NULL},
};

/* The size of one information element of the types whose objects are
 * read one by one; 0: the others, shown as their first object's address
 * and the raw bytes after it. */
static const uint8_t element_size[128] = {
	[1] = 1, [2] = 4, [3] = 1, [4] = 4, [5] = 2, [6] = 5, [7] = 5, [8] = 8, [9] = 3, [10] = 6,
	[11] = 3, [12] = 6, [13] = 5, [14] = 8, [15] = 5, [16] = 8, [21] = 2, [30] = 8, [31] = 8,
	[32] = 9, [33] = 12, [34] = 10, [35] = 10, [36] = 12, [37] = 12, [45] = 1, [46] = 1, [47] = 1,
	[48] = 3, [49] = 3, [50] = 5, [51] = 4, [58] = 8, [59] = 8, [60] = 8, [61] = 10, [62] = 10,
	[63] = 12, [64] = 11, [70] = 1, [100] = 1, [101] = 1, [103] = 7, [105] = 1, [107] = 9,
	[110] = 3, [111] = 3, [112] = 5,
};

static const struct value_string causes[] = {
	{1, "Per/Cyc"}, {2, "Back"}, {3, "Spont"}, {4, "Init"}, {5, "Req"}, {6, "Act"}, {7, "ActCon"},
	{8, "Deact"}, {9, "DeactCon"}, {10, "ActTerm"}, {11, "Retrem"}, {12, "Retloc"}, {13, "File"},
	{14, "Auth"}, {15, "Seskey"}, {16, "Usrkey"}, {20, "Inrogen"}, {21, "Inro1"}, {22, "Inro2"},
	{23, "Inro3"}, {24, "Inro4"}, {25, "Inro5"}, {26, "Inro6"}, {27, "Inro7"}, {28, "Inro8"},
	{29, "Inro9"}, {30, "Inro10"}, {31, "Inro11"}, {32, "Inro12"}, {33, "Inro13"}, {34, "Inro14"},
	{35, "Inro15"}, {36, "Inro16"}, {37, "Reqcogen"}, {38, "Reqco1"}, {39, "Reqco2"}, {40, "Reqco3"},
	{41, "Reqco4"}, {44, "UkTypeId"}, {45, "UkCauseTx"}, {46, "UkComAdrASDU"}, {47, "UkIOA"}, {0, NULL},
};

static const struct field_def iec104_fields[] = {
	{"iec60870_104.apdulen", "ApduLen", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"iec60870_104.type", "Type", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, apci_types},
	{"iec60870_104.utype", "UType", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, u_functions},
	{"iec60870_104.tx", "Tx", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"iec60870_104.rx", "Rx", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"iec60870_104.data", "Data", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(iec104);

static const struct field_def iec104_asdu_fields[] = {
	{"iec60870_asdu.typeid", "TypeId", FT_UINT8, BASE_DEC, 0, 1, 0, asdu_types},
	{"iec60870_asdu.sq", "SQ", FT_BOOLEAN, BASE_NONE, 1, 1, 0x80, NULL},
	{"iec60870_asdu.numix", "NumIx", FT_UINT8, BASE_DEC, 1, 1, 0x7f, NULL},
	{"iec60870_asdu.causetx", "CauseTx", FT_UINT8, BASE_DEC, 2, 1, 0x3f, causes},
	{"iec60870_asdu.nega", "Negative", FT_BOOLEAN, BASE_NONE, 2, 1, 0x40, NULL},
	{"iec60870_asdu.test", "Test", FT_BOOLEAN, BASE_NONE, 2, 1, 0x80, NULL},
	{"iec60870_asdu.oa", "OA", FT_UINT8, BASE_DEC, 3, 1, 0, NULL},
	{"iec60870_asdu.addr", "Addr", FT_UINT16, BASE_DEC_LE, 4, 2, 0, NULL},
	{"iec60870_asdu.ioa", "IOA", FT_UINT24, BASE_DEC, FIELD_VAR, 3, 0, NULL},
};
FIELD_TABLE_DEFINE(iec104_asdu);

/* Where the APCI of the N bytes at D starts: the first 0x68 with a byte
 * after it; N when there is none. */
static uint32_t apci_at(const uint8_t *d, uint32_t n)
{
	for (uint32_t i = 0; i + 1 < n; i++)
		if (d[i] == APCI_START)
			return i;
	return n;
}

/* The APDU's length: up to the end of the first APCI's length, the bytes
 * before it included; all there is when no APCI starts. */
static uint32_t iec104_pdu_len(const uint8_t *d, uint32_t avail)
{
	if (avail < APCI_LEN)
		return PDU_NEED_MORE;
	uint32_t at = apci_at(d, avail);
	if (at == avail)
		return avail;
	uint32_t n = at + d[at + 1] + 2;
	return n < APCI_LEN ? 0 : n; /* shorter than the six bytes read: no message */
}

/* The format of control field byte B: I when bit 0 is clear, else S or U. */
static unsigned apci_type(uint8_t b)
{
	return (b & 1) ? (b & 3u) : APCI_I;
}

static uint32_t ioa24(const uint8_t *d)
{
	return (uint32_t)d[2] << 16 | (uint32_t)d[1] << 8 | d[0];
}

/* Walks the information objects of the ASDU D, whose declared length is
 * N (its header there; the bytes, when FN is not NULL): gives each
 * object's address to FN.  Returns the end of what Wireshark reads: past N
 * where an object runs past the ASDU, as its reading stops there. */
static uint32_t asdu_objects(const uint8_t *d, uint32_t n, fvalue_fn fn, void *data)
{
	uint8_t size = d[0] < sizeof element_size ? element_size[d[0]] : 0;
	if (!size) {
		if (fn)
			fv_give_uint(fn, data, ioa24(d + 6));
		return ASDU_HEAD;
	}
	bool sq = d[1] & 0x80;
	unsigned count = d[1] & 0x7f;
	uint32_t at = 6, ioa = 0;
	for (unsigned i = 0; i < count; i++) {
		bool addressed = i == 0 || !sq;
		uint32_t need = (addressed ? IOA_LEN : 0) + size;
		if (at + need > n)
			return at + need;
		ioa = addressed ? ioa24(d + at) : ioa + 1;
		if (fn)
			fv_give_uint(fn, data, ioa);
		at += need;
	}
	return at;
}

/* One APDU: the APCI layer, then the ASDU's of an I-format one. */
static void dissect_iec104(struct packet *p, struct cursor *c)
{
	uint32_t left = cursor_rleft(c), avail = cursor_left(c);
	const uint8_t *d = c->data + c->off;
	uint32_t at = apci_at(d, avail < left ? avail : left);
	if (at + 1 < left && at + 1 < avail && at + d[at + 1] + 2 < APCI_LEN) {
		/* too short for the six bytes the length is read from: Wireshark's
		 * framing stops the segment there, malformed, before the APCI
		 * shows anything (the protocol is named in frame.protocols only) */
		int bad = pkt_push_layer(p, PROTO_IEC104, c->off);
		if (bad >= 0) {
			p->layers[bad].flags |= PKT_NESTED | PKT_NO_ITEM;
			pkt_ran_out_early(p, PROTO_IEC104, PKT_MALFORMED);
		}
		cursor_skip(c, left);
		return;
	}
	int idx = pkt_push_layer(p, PROTO_IEC104, c->off);
	if (idx < 0)
		return;
	/* a message after the first of its segment is handed to the dissector
	 * directly: no protocol of the frame of its own */
	if (idx > 0) {
		uint16_t before = p->layers[idx - 1].proto;
		if ((before == PROTO_IEC104 || before == PROTO_IEC104_ASDU) &&
		    !(p->layers[idx - 1].flags & PKT_REASSEMBLED))
			p->layers[idx].flags |= PKT_TREE_ONLY;
	}
	if (left < p->layers[idx].len)
		p->layers[idx].len = left;
	struct cursor apdu = cursor_rest(c);
	int len = cursor_peek(&apdu, at + 1);
	if (at + 1 >= left || len < APDU_MIN_LEN) {
		/* no APCI, or one whose length is too small: nothing more read */
		cursor_skip(&apdu, cursor_rleft(&apdu));
		pkt_note_cursor(p, idx, &apdu);
		return;
	}
	cursor_skip(&apdu, at + 2);
	int ctrl = cursor_peek(&apdu, 0);
	if (!cursor_skip(&apdu, 4) || apci_type((uint8_t)ctrl) != APCI_I) {
		pkt_note_cursor(p, idx, &apdu);
		return;
	}
	int a = pkt_push_layer(p, PROTO_IEC104_ASDU, apdu.off);
	if (a < 0)
		return;
	struct cursor asdu = cursor_sub(&apdu, (uint32_t)len - 4);
	if (asdu.rend - asdu.off < p->layers[a].len)
		p->layers[a].len = asdu.rend - asdu.off;
	uint32_t declared = cursor_rleft(&asdu);
	const uint8_t *h = cursor_peek_all(&asdu, ASDU_HEAD);
	if (h) {
		/* the objects that do not fit stop the reading, malformed */
		uint32_t end = asdu_objects(h, declared, NULL, NULL);
		cursor_skip(&asdu, end > declared ? end : declared);
	} else {
		cursor_skip(&asdu, ASDU_HEAD);
	}
	pkt_note_cursor(p, a, &asdu);
}

/* Sets the Protocol column, which Wireshark keeps locked in the messages
 * that follow one completed from earlier segments. */
static void iec104_proto(struct columns *c, const struct packet *p, int idx, const char *name)
{
	for (int i = idx - 1; i >= 0; i--)
		if (p->layers[i].proto == PROTO_TCP_SEGMENTS)
			return;
	col_proto(c, name);
}

/* The Info of one APDU: "<- I (0,0) ", "-> S (1) ", "-> U (STARTDT con) ";
 * an error prefix or length said first. */
static void iec104_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_given(p, idx, &n);
	iec104_proto(c, p, idx, "IEC 60870-5-104");
	uint32_t at = apci_at(d, n);
	if (at + 6 > n || d[at + 1] < APDU_MIN_LEN)
		return;
	char text[96];
	size_t k = 0;
	if (at > 0)
		k += (size_t)g_snprintf(text + k, sizeof text - k, "<ERR prefix %u bytes> ", at);
	uint8_t len = d[at + 1];
	unsigned type = apci_type(d[at + 2]);
	if (len <= APDU_MAX_LEN)
		k += (size_t)g_snprintf(text + k, sizeof text - k, "%s %s ", p->sport == IEC104_PORT ? "->" : "<-",
					value_name(apci_types, type));
	else
		k += (size_t)g_snprintf(text + k, sizeof text - k, "<ERR ApduLen=%u bytes> ", len);
	const uint8_t *ctl = d + at + 2;
	if (type == APCI_I) {
		g_snprintf(text + k, sizeof text - k, "(%u,%u) ", fv_get16(ctl, false) >> 1, fv_get16(ctl + 2, false) >> 1);
	} else if (type == APCI_S) {
		g_snprintf(text + k, sizeof text - k, "(%u) ", fv_get16(ctl + 2, false) >> 1);
	} else {
		const char *u = value_name(u_functions, ctl[0] >> 2);
		g_snprintf(text + k, sizeof text - k, "(%s) ", u ? u : "<ERR>");
	}
	col_clear(c);
	col_append_sep(c, " | ", "%s", text);
	col_fence(c);
}

/* "ASDU=1 C_IC_NA_1 Act     IOA=0": the common address, the type, the
 * cause (padded to seven, or with _NEGA and _TEST), the objects' addresses:
 * "IOA[3]=10-12" for a sequence, "IOA[3]=10,..." for a list. */
static void iec104_asdu_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_given(p, idx, &n);
	iec104_proto(c, p, idx, "IEC 60870-5 ASDU");
	if (n < ASDU_HEAD)
		return;
	char type[24], cause[24];
	const char *t = value_name(asdu_types, d[0]), *cs = value_name(causes, d[2] & 0x3f);
	if (!t)
		g_snprintf(type, sizeof type, "<TypeId=%u>", d[0]);
	if (!cs)
		g_snprintf(cause, sizeof cause, " <CauseTx=%u>", d[2] & 0x3f);
	col_append(c, "ASDU=%u %s %s", fv_get16(d + 4, false), t ? t : type, cs ? cs : cause);
	if (d[2] & 0x40)
		col_append(c, "_NEGA");
	if (d[2] & 0x80)
		col_append(c, "_TEST");
	size_t w = strlen(cs ? cs : cause);
	if (!(d[2] & 0xc0) && w < 7)
		col_append(c, "%*s", (int)(7 - w), "");
	unsigned count = d[1] & 0x7f;
	uint32_t ioa = ioa24(d + 6);
	if (count > 1)
		col_append(c, (d[1] & 0x80) ? " IOA[%u]=%u-%u" : " IOA[%u]=%u,...", count, ioa, ioa + count - 1);
	else
		col_append(c, " IOA=%u", ioa);
	col_fence(c);
}

/* The APCI's fields, from its first 0x68. */
static void iec104_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
			  const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d)
		return;
	const char *a = f->abbrev;
	uint32_t at = apci_at(d, n);
	if (fv_same(a, "iec60870_104.data")) {
		/* the bytes before the APCI; without one, all but the last */
		uint32_t k = at < n ? at : n - 1;
		if (n > 0 && k > 0)
			fv_give_ptr(fn, data, FV_BYTES, d, k);
		return;
	}
	if (at + 1 >= n)
		return;
	if (fv_same(a, "iec60870_104.apdulen")) {
		fv_give_uint(fn, data, d[at + 1]);
		return;
	}
	if (d[at + 1] < APDU_MIN_LEN || at + APCI_LEN > n)
		return;
	const uint8_t *ctl = d + at + 2;
	unsigned type = apci_type(ctl[0]);
	if (fv_same(a, "iec60870_104.type"))
		fv_give_uint(fn, data, type);
	else if (fv_same(a, "iec60870_104.utype") && type == APCI_U)
		fv_give_uint(fn, data, ctl[0] >> 2);
	else if (fv_same(a, "iec60870_104.tx") && type == APCI_I)
		fv_give_uint(fn, data, fv_get16(ctl, false) >> 1);
	else if (fv_same(a, "iec60870_104.rx") && type != APCI_U)
		fv_give_uint(fn, data, fv_get16(ctl + 2, false) >> 1);
}

/* The objects' addresses: each one read, or counted on in a sequence. */
static void iec104_asdu_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
			       const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d && n >= ASDU_HEAD && fv_same(f->abbrev, "iec60870_asdu.ioa"))
		(void)asdu_objects(d, n, fn, data);
}

/* A header field of an ASDU shorter than the header is not there. */
static bool iec104_asdu_absent(G_GNUC_UNUSED const struct packet *p, const struct layer *l, const struct field_def *f)
{
	return !(l->flags & PKT_REASSEMBLED) && (uint32_t)f->offset + f->size > l->len;
}

/* Wireshark's registration: TCP port 2404, each APDU framed by its length. */
static const struct handoff iec104_handoff[] = {
	TCP_PORT(IEC104_PORT, dissect_iec104),
	HANDOFF_LIST_END,
};
static const struct pdu_framing iec104_framing[] = {
	{dissect_iec104, iec104_pdu_len, NULL, false, NULL, false},
	{NULL, NULL, NULL, false, NULL, false},
};
PROTOCOL_ID(IEC104, "iec60870_104", "IEC 60870-5-104");
const struct protocol proto_iec104 = {PROTO_IEC104, .short_name = "IEC 60870-5-104", .fields = &iec104_table,
				      .columns = iec104_columns, .values = iec104_values, .handoff = iec104_handoff,
				      .framing = iec104_framing};
PROTOCOL_ID(IEC104_ASDU, "iec60870_asdu", "IEC 60870-5-101/104 ASDU");
const struct protocol proto_iec104_asdu = {PROTO_IEC104_ASDU, .short_name = "IEC 60870-5-101/104 ASDU",
					   .fields = &iec104_asdu_table, .columns = iec104_asdu_columns,
					   .values = iec104_asdu_values, .absent = iec104_asdu_absent};
