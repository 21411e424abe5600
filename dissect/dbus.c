/* dbus.c — D-Bus (LINKTYPE_DBUS): one message: endianness ('l' or 'B')
 * type(1) flags(1) version(1) body length(4) serial(4), then the header
 * fields as an array of (code, variant) structures, padded to 8, and the
 * body (the D-Bus specification's wire format).
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct value_string dbus_type_vals[] = {
	{0, "Invalid"}, {1, "Method call"}, {2, "Method reply"}, {3, "Error reply"}, {4, "Signal emission"},
	{0, NULL},
};

static const struct field_def dbus_fields[] = {
	{"dbus.endianness", "Endianness", FT_UINT8, BASE_DEC, 0, 1, 0, NULL},
	{"dbus.message_type", "Message Type", FT_UINT8, BASE_DEC, 1, 1, 0, dbus_type_vals},
	{"dbus.flags", "Message Flags", FT_UINT8, BASE_HEX, 2, 1, 0, NULL},
	{"dbus.flags.no_reply_expected", "No Reply Expected", FT_BOOLEAN, BASE_NONE, 2, 1, 0x01, NULL},
	{"dbus.flags.no_auto_start", "No Auto Start", FT_BOOLEAN, BASE_NONE, 2, 1, 0x02, NULL},
	{"dbus.flags.allow_interactive_authorization", "Allow Interactive Authorization", FT_BOOLEAN, BASE_NONE, 2,
	 1, 0x04, NULL},
	{"dbus.version", "Protocol Version", FT_UINT8, BASE_DEC, 3, 1, 0, NULL},
	{"dbus.body_length", "Message Body Length", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"dbus.serial", "Message Serial", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"dbus.field_code", "Field Code", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"dbus.path", "Path", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"dbus.interface", "Interface", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"dbus.member", "Member", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"dbus.error_name", "Error name", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"dbus.reply_serial", "Reply serial", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"dbus.destination", "Destination", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"dbus.sender", "Sender", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"dbus.signature", "Signature", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"dbus.unix_fds", "Unix FDs", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(dbus);

void dissect_dbus(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_DBUS, c->off);
	if (idx < 0)
		return;
	cursor_skip(c, 16);
	pkt_note_cursor(p, idx, c);
}

static uint32_t align_up(uint32_t v, uint32_t to)
{
	return (v + to - 1) & ~(to - 1);
}

/* D-Bus header field N's name, or NULL when it has no field of its own. */
static const char *dbus_field_name(uint8_t code)
{
	static const char *const names[] = {NULL, "dbus.path", "dbus.interface", "dbus.member", "dbus.error_name",
					    "dbus.reply_serial", "dbus.destination", "dbus.sender", "dbus.signature",
					    "dbus.unix_fds"};
	return code < sizeof names / sizeof names[0] ? names[code] : NULL;
}

/* One header field of a D-Bus message (B, N bytes): the entry at *AT (a
 * multiple of 8 from the start), its code, and its value (a string's span
 * from B, or a number).  *AT moves to the next entry; false at the end of
 * the array or at a value that cannot be read. */
static bool dbus_next_field(const uint8_t *d, uint32_t end, bool be, uint32_t *at, uint8_t *code, struct span *str,
			    uint32_t *num)
{
	uint32_t i = *at;
	if (i + 4 > end || d[i + 1] != 1)
		return false;
	char sig = (char)d[i + 2];
	*code = d[i];
	i += 4;
	if (sig == 'g') {
		if (i + 1u + d[i] > end)
			return false;
		*str = (struct span){i + 1, d[i]};
		i += 2u + d[i];
	} else if (sig == 's' || sig == 'o' || sig == 'u') {
		i = align_up(i, 4);
		if (i + 4 > end)
			return false;
		uint32_t v = fv_get32(d + i, be);
		i += 4;
		if (sig == 'u') {
			*num = v;
		} else {
			if (v > end - i)
				return false;
			*str = (struct span){i, v};
			i += v + 1;
		}
	} else {
		return false;
	}
	*at = align_up(i, 8);
	return true;
}

/* The end of the header field array of the D-Bus message D (N bytes). */
static uint32_t dbus_fields_end(const uint8_t *d, uint32_t n)
{
	uint32_t end = 16 + fv_get32(d + 12, d[0] == 'B');
	return end > n || end < 16 ? n : end;
}

bool dbus_header_field(const uint8_t *d, uint32_t n, uint8_t want, struct span *str, uint32_t *num)
{
	if (n < 16 || (d[0] != 'l' && d[0] != 'B'))
		return false;
	uint32_t end = dbus_fields_end(d, n);
	uint8_t code;
	for (uint32_t at = 16; dbus_next_field(d, end, d[0] == 'B', &at, &code, str, num);)
		if (code == want)
			return true;
	return false;
}

static void dbus_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (n < 16 || (d[0] != 'l' && d[0] != 'B'))
		return;
	bool be = d[0] == 'B';
	if (fv_same(a, "dbus.body_length") || fv_same(a, "dbus.serial")) {
		fv_give_uint(fn, data, fv_get32(d + (a[5] == 'b' ? 4 : 8), be));
		return;
	}
	uint32_t end = dbus_fields_end(d, n), num = 0;
	uint8_t code;
	struct span s = {0, 0};
	for (uint32_t at = 16; dbus_next_field(d, end, be, &at, &code, &s, &num);) {
		const char *name = dbus_field_name(code);
		if (fv_same(a, "dbus.field_code"))
			fv_give_uint(fn, data, code);
		else if (name && fv_same(a, name) && (code == 5 || code == 9))
			fv_give_uint(fn, data, num);
		else if (name && fv_same(a, name))
			fv_give_ptr(fn, data, FV_STRING, d + s.off, s.len);
	}
}

static void dbus_field_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
			      const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		dbus_values(d, n, f->abbrev, fn, data);
}

static void dbus_string(struct columns *c, const uint8_t *d, uint32_t n, uint8_t code)
{
	struct span v;
	uint32_t num;
	if (dbus_header_field(d, n, code, &v, &num))
		col_append(c, "%.*s", (int)v.len, (const char *)d + v.off);
}

/* D-Bus: sender and destination as addresses; the member called, the
 * signature returned or the error. */
static void dbus_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_short_name(c, p, idx);
	col_clear(c);
	if (n < 16)
		return;
	struct span v;
	uint32_t num;
	char a[COL_ADDR_MAX];
	if (dbus_header_field(d, n, 7, &v, &num)) {
		g_snprintf(a, sizeof a, "%.*s", (int)v.len, (const char *)d + v.off);
		col_addrs(c, a, NULL);
	}
	if (dbus_header_field(d, n, 6, &v, &num)) {
		g_snprintf(a, sizeof a, "%.*s", (int)v.len, (const char *)d + v.off);
		col_addrs(c, NULL, a);
	}
	switch (d[1]) {
	case 1:
	case 4:
		col_append(c, "%s", d[1] == 4 ? "* " : "");
		dbus_string(c, d, n, 3);
		col_append(c, "() @ ");
		dbus_string(c, d, n, 1);
		break;
	case 2:
		col_append(c, "-> '");
		dbus_string(c, d, n, 8);
		col_append(c, "'");
		break;
	case 3:
		col_append(c, "-> ");
		dbus_string(c, d, n, 4);
		break;
	default:
		col_append(c, "Unknown message type");
	}
}

static const struct handoff dbus_handoff[] = {
	LINKTYPE(LINKTYPE_DBUS, dissect_dbus),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(DBUS, "dbus", "D-Bus");
const struct protocol proto_dbus = {PROTO_DBUS, .short_name = "D-Bus", .columns = dbus_columns, .values = dbus_field_values,
				    .fields = &dbus_table, .handoff = dbus_handoff};
