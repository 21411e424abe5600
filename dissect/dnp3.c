/* dnp3.c — DNP 3.0 (IEEE 1815), the SCADA protocol of electric and water
 * utilities, on TCP and UDP port 20000: link frames, each
 *
 *   +-------+-----+------+---------+---------+--------+------------------------+
 *   | 05 64 | len | ctrl | dst (2) | src (2) | CRC(2) | user data: blocks of   |
 *   |       |     | DIR PRM FCB FCV func(4)  |        | 16 bytes + CRC(2) each |
 *   +-------+-----+------+---------+---------+--------+------------------------+
 *     addresses little-endian; len counts ctrl, dst, src and the user data
 *   user data: transport byte (FIN 0x80, FIR 0x40, sequence), then the
 *   application layer: control(1) function(1) [response: IIN(2)] objects
 *
 * Info as Wireshark writes it: a frame without user data "from 3 to 1,
 * len=5, Request Link Status" (a fragment of a longer application message
 * adds that it was not put together); an application message in one
 * fragment its function, a read with ", Class 0123" when it asks for class
 * objects (group 60).  Other objects are not named.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct value_string dnp3_al_funcs[] = {
	{0, "Confirm"}, {1, "Read"}, {2, "Write"}, {3, "Select"}, {4, "Operate"}, {5, "Direct Operate"},
	{6, "Direct Operate No Ack"}, {7, "Immediate Freeze"}, {8, "Immediate Freeze No Ack"},
	{9, "Freeze and Clear"}, {10, "Freeze and Clear No ACK"}, {11, "Freeze With Time"},
	{12, "Freeze With Time No ACK"}, {13, "Cold Restart"}, {14, "Warm Restart"}, {15, "Initialize Data"},
	{16, "Initialize Application"}, {17, "Start Application"}, {18, "Stop Application"},
	{19, "Save Configuration"}, {20, "Enable Spontaneous Messages"}, {21, "Disable Spontaneous Messages"},
	{22, "Assign Classes"}, {23, "Delay Measurement"}, {24, "Record Current Time"}, {25, "Open File"},
	{26, "Close File"}, {27, "Delete File"}, {28, "Get File Info"}, {29, "Authenticate File"},
	{30, "Abort File"}, {31, "Activate Config"}, {32, "Authentication Request"},
	{33, "Authentication Error"}, {129, "Response"}, {130, "Unsolicited Response"},
	{131, "Authentication Response"}, {0, NULL},
};

static const struct value_string dnp3_prifuncs[] = {
	{0, "Reset of Remote Link"}, {1, "Reset of User Process"}, {2, "Test Function For Link"},
	{3, "User Data"}, {4, "Unconfirmed User Data"}, {9, "Request Link Status"}, {0, NULL},
};

static const struct value_string dnp3_secfuncs[] = {
	{0, "ACK"}, {1, "NACK"}, {11, "Status of Link"}, {14, "Link Service Not Functioning"},
	{15, "Link Service Not Used or Implemented"}, {0, NULL},
};

static const struct field_def dnp3_fields[] = {
	{"dnp3.start", "Start Bytes", FT_UINT16, BASE_HEX, 0, 2, 0, NULL},
	{"dnp3.len", "Length", FT_UINT8, BASE_DEC, 2, 1, 0, NULL},
	{"dnp3.ctl", "Control", FT_UINT8, BASE_HEX, 3, 1, 0, NULL},
	{"dnp3.ctl.dir", "Direction", FT_BOOLEAN, BASE_NONE, 3, 1, 0x80, NULL},
	{"dnp3.ctl.prm", "Primary", FT_BOOLEAN, BASE_NONE, 3, 1, 0x40, NULL},
	{"dnp3.dst", "Destination", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"dnp3.src", "Source", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"dnp3.al.func", "Application Layer Function Code", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, dnp3_al_funcs},
};
FIELD_TABLE_DEFINE(dnp3);

enum { DNP3_HEADER = 10, DNP3_BLOCK = 16, DNP3_USER_MAX = 250 };

/* The frame's length from its header's length byte: the header, then the
 * user data with a CRC after every 16 bytes. */
static uint32_t frame_len(uint8_t len)
{
	uint32_t user = len > 5 ? len - 5u : 0;
	return DNP3_HEADER + user + 2 * ((user + DNP3_BLOCK - 1) / DNP3_BLOCK);
}

static uint32_t dnp3_pdu_len(const uint8_t *d, uint32_t avail)
{
	if ((avail >= 1 && d[0] != 0x05) || (avail >= 2 && d[1] != 0x64))
		return 0;
	if (avail < 3)
		return PDU_NEED_MORE;
	return d[2] < 5 ? 0 : frame_len(d[2]);
}

static void dissect_dnp3(struct packet *p, struct cursor *c)
{
	if (cursor_peek(c, 0) != 0x05 || cursor_peek(c, 1) != 0x64) {
		dissect_data(p, c);
		return;
	}
	int idx = pkt_push_layer(p, PROTO_DNP3, c->off);
	if (idx < 0)
		return;
	int len = cursor_peek(c, 2);
	if (len >= 0 && len < 5)
		c->err = CUR_MALFORMED;
	else
		cursor_skip(c, frame_len((uint8_t)(len < 0 ? 5 : len)));
	pkt_note_cursor(p, idx, c);
}

/* The user data of frame D (N bytes) without its CRCs, into OUT; returns
 * its length, or 0 when the frame is not all there. */
static uint32_t user_data(const uint8_t *d, uint32_t n, uint8_t out[DNP3_USER_MAX])
{
	uint32_t user = d[2] > 5 ? d[2] - 5u : 0, got = 0, at = DNP3_HEADER;
	if (frame_len(d[2]) > n)
		return 0;
	while (got < user) {
		uint32_t k = user - got < DNP3_BLOCK ? user - got : DNP3_BLOCK;
		memcpy(out + got, d + at, k);
		got += k;
		at += k + 2;
	}
	return got;
}

static void dnp3_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	if (!d || n < DNP3_HEADER)
		return; /* cut before the header's end: the columns stay UDP's or TCP's */
	col_proto(c, "DNP 3.0");
	col_clear(c);
	uint8_t u[DNP3_USER_MAX];
	uint32_t un = user_data(d, n, u);
	/* one whole application fragment: FIR and FIN in the transport byte */
	if (un >= 3 && (u[0] & 0xc0) == 0xc0) {
		const char *f = value_name(dnp3_al_funcs, u[2]);
		if (f)
			col_append(c, "%s", f);
		else
			col_append(c, "Unknown function (0x%02x)", u[2]);
		if (u[2] != 1)
			return; /* only a read names what it asks for */
		uint32_t at = u[2] >= 129 ? 5 : 3; /* responses carry IIN */
		unsigned classes = 0;
		/* object headers: group, variation, qualifier; class objects (group
		 * 60, variation 1..4 for classes 0..3) have no range (qualifier 6) */
		while (at + 3 <= un && u[at] == 60 && u[at + 2] == 0x06 && u[at + 1] >= 1 && u[at + 1] <= 4) {
			classes |= 1u << (u[at + 1] - 1);
			at += 3;
		}
		if (classes)
			col_append(c, ", Class ");
		for (unsigned k = 0; k < 4; k++)
			if (classes & (1u << k))
				col_append(c, "%u", k);
		return;
	}
	const char *fn = value_name((d[3] & 0x40) ? dnp3_prifuncs : dnp3_secfuncs, d[3] & 0x0f);
	col_append(c, "from %u to %u, len=%u, %s", fv_get16(d + 6, false), fv_get16(d + 4, false), d[2],
		   fn ? fn : "Unknown");
	if (un >= 1)
		col_append(c, " (Application Layer Unreassembled fragment %u)", u[0] & 0x3f);
}

static void dnp3_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d,
			uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	const char *a = f->abbrev;
	if (!d || n < DNP3_HEADER)
		return;
	if (fv_same(a, "dnp3.dst"))
		fv_give_uint(fn, data, fv_get16(d + 4, false));
	else if (fv_same(a, "dnp3.src"))
		fv_give_uint(fn, data, fv_get16(d + 6, false));
	else if (fv_same(a, "dnp3.al.func")) {
		uint8_t u[DNP3_USER_MAX];
		if (user_data(d, n, u) >= 3 && (u[0] & 0x40))
			fv_give_uint(fn, data, u[2]);
	}
}

/* Wireshark's registration: TCP and UDP port 20000; over TCP each frame
 * framed by its link header's length. */
static const struct handoff dnp3_handoff[] = {
	TCP_PORT(20000, dissect_dnp3),
	UDP_PORT(20000, dissect_dnp3),
	HANDOFF_LIST_END,
};
static const struct pdu_framing dnp3_framing[] = {
	{dissect_dnp3, dnp3_pdu_len, NULL, false, NULL, false},
	{NULL, NULL, NULL, false, NULL, false},
};
PROTOCOL_ID(DNP3, "dnp3", "Distributed Network Protocol 3.0");
const struct protocol proto_dnp3 = {PROTO_DNP3, .short_name = "DNP 3.0", .fields = &dnp3_table, .columns = dnp3_columns, .values = dnp3_values,
				    .handoff = dnp3_handoff, .framing = dnp3_framing};
