/* tftp.c — Trivial File Transfer Protocol (RFC 1350, options RFC 2347),
 * UDP 69 for the request, then any port the server picks.
 *
 *   0       2                                       opcode
 *   +-------+----------+---+--------+---+-----
 *   | 1 / 2 | filename | 0 |  mode  | 0 | [option 0 value 0]...   RRQ, WRQ
 *   | 3     | block    | data (0 to blksize bytes)                DATA
 *   | 4     | block    |                                          ACK
 *   | 5     | code     | message | 0 |                            ERROR
 *   | 6     | option 0 value 0 ...                                OACK
 *   +-------+----------
 *
 * Everything on port 69 is TFTP.  A read or write request to port 69 (or,
 * on other ports, one whose body looks like a request: printable names, an
 * even number of NULs, mode netascii, octet or mail) opens the transfer:
 * from then on the datagrams between the client's address and port and the
 * server's address, whatever its port, are TFTP too.  A data block's
 * payload is `data`.
 */
#include <glib.h>
#include <string.h>

#include "dissect/expect.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/session.h"
#include "dissect/protocol.h"

enum { TFTP_RRQ = 1, TFTP_WRQ, TFTP_DATA, TFTP_ACK, TFTP_ERROR, TFTP_OACK, TFTP_INFO = 255 };

static const struct value_string tftp_opcode_vals[] = {
	{TFTP_RRQ, "Read Request"}, {TFTP_WRQ, "Write Request"}, {TFTP_DATA, "Data Packet"},
	{TFTP_ACK, "Acknowledgement"}, {TFTP_ERROR, "Error Code"}, {TFTP_OACK, "Option Acknowledgement"},
	{TFTP_INFO, "Information (MSDP)"}, {0, NULL},
};

static const struct value_string tftp_error_vals[] = {
	{0, "Not defined"}, {1, "File not found"}, {2, "Access violation"},
	{3, "Disk full or allocation exceeded"}, {4, "Illegal TFTP Operation"}, {5, "Unknown transfer ID"},
	{6, "File already exists"}, {7, "No such user"}, {8, "Option negotiation failed"}, {0, NULL},
};

static const struct field_def tftp_fields[] = {
	{"tftp.opcode", "Opcode", FT_UINT16, BASE_DEC, 0, 2, 0, tftp_opcode_vals},
	{"tftp.source_file", "Source File", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"tftp.destination_file", "Destination File", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"tftp.type", "Type", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"tftp.block", "Block", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"tftp.error.code", "Error code", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, tftp_error_vals},
	{"tftp.error.message", "Error message", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"tftp.option.name", "Option name", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"tftp.option.value", "Option value", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"tftp.data", "Data", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(tftp);

/* Moves C past a NUL-terminated string; a string without its NUL fails C
 * (truncated when the capture cut the datagram, malformed otherwise). */
static bool skip_stringz(struct cursor *c)
{
	uint32_t n = cursor_left(c);
	const uint8_t *s = c->data + c->off;
	for (uint32_t i = 0; i < n && cursor_ok(c); i++)
		if (s[i] == 0)
			return cursor_skip(c, i + 1);
	cursor_fail(c, n + 1);
	return false;
}

/* Whether the bytes after the opcode (B, N bytes) look like a request's:
 * printable text and an even, non-zero number of NULs, the second string
 * a mode (netascii, octet or mail, in any case). */
static bool tftp_request_body(const uint8_t *b, uint32_t n)
{
	uint32_t zeros = 0, first = 0;
	for (uint32_t i = 2; i < n; i++) {
		if (b[i] == 0) {
			if (!zeros)
				first = i;
			zeros++;
		} else if (b[i] < 0x20 || b[i] > 0x7e) {
			return false;
		}
	}
	if (zeros == 0 || zeros % 2)
		return false;
	const char *mode = (const char *)b + first + 1;
	uint32_t len = 0;
	while (first + 1 + len < n && mode[len])
		len++;
	static const char *const modes[] = {"netascii", "octet", "mail"};
	for (size_t i = 0; i < G_N_ELEMENTS(modes); i++)
		if (strlen(modes[i]) == len && g_ascii_strncasecmp(mode, modes[i], len) == 0)
			return true;
	return false;
}

static void tftp_options(struct cursor *c)
{
	while (cursor_left(c) > 0 && cursor_ok(c) && skip_stringz(c))
		skip_stringz(c);
}

static void tftp_message(struct packet *p, struct cursor *c)
{
	uint32_t start = c->off;
	int idx = pkt_push_layer(p, PROTO_TFTP, start);
	if (idx < 0)
		return;
	p->layers[idx].len = c->end - start;
	uint16_t op = cursor_be16(c);
	switch (cursor_ok(c) ? op : 0) {
	case TFTP_RRQ: case TFTP_WRQ:
		if (skip_stringz(c) && skip_stringz(c))
			tftp_options(c);
		break;
	case TFTP_DATA:
		if (cursor_skip(c, 2) && cursor_left(c) > 0)
			dissect_data(p, c);
		break;
	case TFTP_ACK:
		cursor_skip(c, 2);
		break;
	case TFTP_ERROR:
		if (cursor_skip(c, 2))
			skip_stringz(c);
		break;
	case TFTP_OACK: case TFTP_INFO:
		tftp_options(c);
		break;
	default:
		break;
	}
	app_note(p, idx, c);
}

static bool tftp_is_request(const struct cursor *c)
{
	const uint8_t *b = c->data + c->off;
	uint32_t n = cursor_left(c);
	return n >= 4 && b[0] == 0 && (b[1] == TFTP_RRQ || b[1] == TFTP_WRQ) && tftp_request_body(b, n);
}

void dissect_tftp(struct packet *p, struct cursor *c)
{
	if (p->dport == 69 && p->session && !(p->flags & PKT_IN_ERROR) && tftp_is_request(c))
		session_expect_client(p->session, p, PROTO_TFTP);
	tftp_message(p, c);
}

void dissect_tftp_heur(struct packet *p, struct cursor *c)
{
	/* Wireshark's check looks at the body only, whatever the opcode */
	if (!tftp_request_body(c->data + c->off, cursor_left(c)))
		return;
	if (p->session && !(p->flags & PKT_IN_ERROR))
		session_expect_client(p->session, p, PROTO_TFTP);
	tftp_message(p, c);
}

void dissect_tftp_conv(struct packet *p, struct cursor *c)
{
	tftp_message(p, c);
}

/* ---- the packet list ------------------------------------------------------ */

/* TFTP options as ", name=value" each. */
static void tftp_options_info(struct columns *c, const struct packet *p)
{
	struct fvalue names[16], values[16];
	unsigned nn = pkt_field_all(p, "tftp.option.name", names, G_N_ELEMENTS(names));
	unsigned nv = pkt_field_all(p, "tftp.option.value", values, G_N_ELEMENTS(values));
	for (unsigned i = 0; i < nn && i < nv; i++)
		col_append(c, ", %.*s=%.*s", (int)names[i].len, (const char *)names[i].ptr, (int)values[i].len,
			   (const char *)values[i].ptr);
}

/* TFTP: the opcode, then what it carries ("Read Request, File: f,
 * Transfer type: octet", "Data Packet, Block: 3 (last)"). */
static void tftp_columns(struct columns *c, const struct packet *p, int idx)
{
	col_default(c, p, idx);
	uint64_t op = pkt_field_uint(p, "tftp.opcode", 0);
	const char *n = col_value_name("tftp.opcode", op);
	if (n)
		col_set(c, "%s", n);
	else
		col_set(c, "Unknown (0x%04" G_GINT64_MODIFIER "x)", op);
	char a[256], b[256];
	if (op == 1 || op == 2)
		col_append(c, ", File: %s, Transfer type: %s",
			   pkt_field_text(p, op == 1 ? "tftp.source_file" : "tftp.destination_file", a, sizeof a),
			   pkt_field_text(p, "tftp.type", b, sizeof b));
	if (op == 1 || op == 2 || op == 6)
		tftp_options_info(c, p);
	if (op == 3 || op == 4)
		col_append(c, ", Block: %" G_GUINT64_FORMAT, pkt_field_uint(p, "tftp.block", 0));
	if (op == 3 && p->layers[idx].len < 4 + 512) /* shorter than the default block: the last */
		col_append(c, " (last)");
	if (op == 5) {
		uint64_t code = pkt_field_uint(p, "tftp.error.code", 0);
		const char *cn = col_value_name("tftp.error.code", code);
		if (cn)
			col_append(c, ", Code: %s", cn);
		else
			col_append(c, ", Code: Unknown (%" G_GUINT64_FORMAT ")", code);
		col_append(c, ", Message: %s", pkt_field_text(p, "tftp.error.message", a, sizeof a));
	}
}

/* An ERROR packet is a warning of the Response group. */
static void tftp_expert(struct experts *e, const struct packet *p, int idx)
{
	(void)idx;
	if (pkt_field_uint(p, "tftp.opcode", 0) == 5)
		expert_add(e, EXPERT_WARN, EXPERT_RESPONSE_CODE, "TFTP", "TFTP ERROR packet");
}

/* The NUL-terminated string at *AT of B (N bytes), to FN when WANTED;
 * false when it has no NUL. */
static bool tftp_string(const uint8_t *b, uint32_t n, uint32_t *at, bool wanted, unsigned *given, fvalue_fn fn,
			void *data)
{
	uint32_t s = *at, e = s;
	while (e < n && b[e])
		e++;
	if (e >= n)
		return false;
	if (wanted)
		*given += fv_give_ptr(fn, data, FV_STRING, b + s, e - s);
	*at = e + 1;
	return true;
}

static unsigned tftp_values(const uint8_t *b, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (n < 2)
		return 0;
	unsigned op = (unsigned)b[0] << 8 | b[1], given = 0;
	uint32_t at = 2;
	bool two = n >= 4;
	unsigned word = two ? (unsigned)b[2] << 8 | b[3] : 0;
	switch (op) {
	case 1: case 2: {
		bool file = fv_same(a, op == 1 ? "tftp.source_file" : "tftp.destination_file");
		if (!tftp_string(b, n, &at, file, &given, fn, data) ||
		    !tftp_string(b, n, &at, fv_same(a, "tftp.type"), &given, fn, data))
			return given;
		break;
	}
	case 3: case 4:
		return two && fv_same(a, "tftp.block") ? fv_give_uint(fn, data, word) : 0;
	case 5:
		if (two && fv_same(a, "tftp.error.code"))
			return fv_give_uint(fn, data, word);
		at = 4;
		if (two)
			tftp_string(b, n, &at, fv_same(a, "tftp.error.message"), &given, fn, data);
		return given;
	case 6: case 255:
		break;
	default:
		return fv_same(a, "tftp.data") && n > 2 ? fv_give_ptr(fn, data, FV_BYTES, b + 2, n - 2) : 0;
	}
	/* options: name, value */
	bool name = fv_same(a, "tftp.option.name"), value = fv_same(a, "tftp.option.value");
	while (at < n && tftp_string(b, n, &at, name, &given, fn, data) &&
	       tftp_string(b, n, &at, value, &given, fn, data))
		;
	return given;
}

static void tftp_field_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
			      const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		tftp_values(d, n, f->abbrev, fn, data);
}

static const struct handoff tftp_handoff[] = {
	UDP_PORT(69, dissect_tftp),
	UDP_HEUR(70, dissect_tftp_heur),
	UDP_CONV(PROTO_TFTP, dissect_tftp_conv),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(TFTP, "tftp", "Trivial File Transfer Protocol");
const struct protocol proto_tftp = {PROTO_TFTP, .short_name = "TFTP", .columns = tftp_columns, .expert = tftp_expert,
				    .values = tftp_field_values, .fields = &tftp_table,
				    .handoff = tftp_handoff};
