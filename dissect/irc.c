/* irc.c — Internet Relay Chat (RFC 1459, RFC 2812), TCP ports 6667 and
 * 57000 (Wireshark's): lines of messages, several to a segment.
 *
 *   [:prefix SP] command {SP parameter} [SP :trailer] CRLF
 *                                        (a CTCP message between two 0x01 bytes)
 *
 * Each segment is read on its own, as Wireshark reads it: a segment sent
 * to an IRC port is "Request", any other "Response", then " (COMMAND)" for
 * each of its lines that has a command.
 */
#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct field_def irc_fields[] = {
	{"irc.request", "Request", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"irc.request.prefix", "Prefix", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"irc.request.command", "Command", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"irc.request.command_parameter", "Parameter", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"irc.request.trailer", "Trailer", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"irc.response", "Response", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"irc.response.prefix", "Prefix", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"irc.response.command", "Command", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"irc.response.num_command", "Command", FT_UINT16, BASE_DEC, FIELD_VAR, 0, 0, NULL},
	{"irc.response.command_parameter", "Parameter", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"irc.response.trailer", "Trailer", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"irc.ctcp", "CTCP Data", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(irc);

static bool irc_port(uint16_t port)
{
	return port == 6667 || port == 57000;
}

static void dissect_irc(struct packet *p, struct cursor *c)
{
	pkt_push_layer(p, PROTO_IRC, c->off);
}

enum irc_part { IRC_LINE, IRC_PREFIX, IRC_COMMAND, IRC_PARAM, IRC_TRAILER, IRC_CTCP };

/* Gives PART, D[OFF..OFF+LEN), to the reader; false to stop. */
typedef bool (*irc_visit_fn)(enum irc_part part, const uint8_t *d, uint32_t off, uint32_t len, void *ctx);

static uint32_t irc_skip_spaces(const uint8_t *d, uint32_t at, uint32_t end)
{
	while (at < end && d[at] == ' ')
		at++;
	return at;
}

/* Tag data D[OFF..OFF+LEN) (a trailer, or a parameter between 0x01
 * bytes; OFF counts from the segment's first byte): with a 0x01 in it,
 * its CTCP data is all but its first and last byte, as Wireshark takes it.
 * Wireshark then looks for the ending 0x01 from OFF over LEN - OFF bytes,
 * to the segment's end when that is negative; none there: no CTCP data. */
static bool irc_tag(const uint8_t *d, uint32_t off, uint32_t len, irc_visit_fn visit, void *ctx)
{
	if (find_byte(d, off + len, off, 1) == off + len || len < 2)
		return true;
	if (len >= off && find_byte(d, len, off, 1) == len)
		return true; /* "missing ending tag delimiter" */
	return visit(IRC_CTCP, d, off + 1, len - 2, ctx);
}

/* The parts of the line D[AT..END) as Wireshark reads them: a prefix
 * after ':' up to a space (none: the line stops there), the command, the
 * parameters, a trailer after ':', CTCP data between 0x01 bytes (not in
 * the last parameter). */
static bool irc_line(const uint8_t *d, uint32_t at, uint32_t end, irc_visit_fn visit, void *ctx)
{
	if (!visit(IRC_LINE, d, at, end - at, ctx))
		return false;
	if (d[at] == ':') {
		uint32_t sp = find_byte(d, end, at + 1, ' ');
		if (sp == end)
			return true; /* the prefix has no space after it */
		if (!visit(IRC_PREFIX, d, at + 1, sp - at - 1, ctx))
			return false;
		at = sp + 1;
	}
	at = irc_skip_spaces(d, at, end);
	if (at == end)
		return true; /* no command */
	uint32_t sp = find_byte(d, end, at, ' ');
	if (!visit(IRC_COMMAND, d, at, sp - at, ctx))
		return false;
	at = irc_skip_spaces(d, sp + 1, end);
	while (at < end) {
		if (d[at] == ':')
			return visit(IRC_TRAILER, d, at + 1, end - at - 1, ctx) &&
			       irc_tag(d, at + 1, end - at - 1, visit, ctx);
		uint32_t space = find_byte(d, end, at, ' '), tag = find_byte(d, end, at, 1);
		if (space < end && tag < space) {
			uint32_t tag_end = find_byte(d, end, tag + 1, 1);
			if (tag_end == end)
				return true; /* no ending 0x01 */
			if (!irc_tag(d, tag, tag_end - tag, visit, ctx))
				return false;
			at = tag_end + 1;
			continue;
		}
		if (!visit(IRC_PARAM, d, at, space - at, ctx))
			return false;
		if (space == end)
			return true;
		at = irc_skip_spaces(d, space + 1, end);
	}
	return true;
}

/* Each line of D[0..N) that is not empty, read by irc_line(). */
static void irc_lines(const uint8_t *d, uint32_t n, irc_visit_fn visit, void *ctx)
{
	for (uint32_t at = 0, next, end; at < n; at = next) {
		next = line_next(d, n, at, &end);
		if (end > at && !irc_line(d, at, end, visit, ctx))
			return;
	}
}

struct irc_want {
	enum irc_part part;
	bool numeric;  /* irc.response.num_command */
	fvalue_fn fn;
	void *data;
};

static bool irc_give(enum irc_part part, const uint8_t *d, uint32_t off, uint32_t len, void *ctx)
{
	struct irc_want *w = ctx;
	if (part != w->part)
		return true;
	if (!w->numeric)
		return w->fn(&(struct fvalue){.kind = FV_STRING, .ptr = d + off, .len = len}, w->data);
	const uint8_t *s = d + off;
	if (len != 3 || !g_ascii_isdigit(s[0]) || !g_ascii_isdigit(s[1]) || !g_ascii_isdigit(s[2]))
		return true;
	fv_give_uint(w->fn, w->data, (uint64_t)((s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0')));
	return true;
}

static void irc_values(const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d, uint32_t n,
		       const struct field_def *f, fvalue_fn fn, void *data)
{
	static const struct {
		const char *name;
		enum irc_part part;
	} parts[] = {{"", IRC_LINE},          {".prefix", IRC_PREFIX},   {".command", IRC_COMMAND},
		     {".num_command", IRC_COMMAND}, {".command_parameter", IRC_PARAM}, {".trailer", IRC_TRAILER}};
	if (!d)
		return;
	struct irc_want w = {.fn = fn, .data = data};
	const char *a = f->abbrev + 3;
	if (fv_same(a, ".ctcp")) {
		w.part = IRC_CTCP;
	} else {
		const char *side = irc_port(p->dport) ? ".request" : ".response";
		size_t sl = strlen(side);
		if (strncmp(a, side, sl) != 0)
			return;
		size_t i = 0;
		while (i < G_N_ELEMENTS(parts) && !fv_same(a + sl, parts[i].name))
			i++;
		if (i == G_N_ELEMENTS(parts))
			return;
		w.part = parts[i].part;
		w.numeric = fv_same(a + sl, ".num_command");
	}
	irc_lines(d, n, irc_give, &w);
}

static bool irc_col_command(enum irc_part part, const uint8_t *d, uint32_t off, uint32_t len, void *ctx)
{
	if (part != IRC_COMMAND)
		return true;
	/* as Wireshark writes the command read as an ASCII string: up to a
	 * NUL, a byte above 0x7f as U+FFFD, control bytes as they are */
	GString *s = g_string_new(" (");
	for (uint32_t i = off; i < off + len && d[i]; i++) {
		if (d[i] < 0x80)
			g_string_append_c(s, (char)d[i]);
		else
			g_string_append(s, "\xef\xbf\xbd");
	}
	g_string_append_c(s, ')');
	col_append(ctx, "%s", s->str);
	g_string_free(s, TRUE);
	return true;
}

static void irc_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_short_name(c, p, idx);
	col_set(c, "%s", irc_port(p->dport) ? "Request" : "Response");
	irc_lines(d, n, irc_col_command, c);
}

static const struct handoff irc_handoff[] = {
	TCP_PORT(6667, dissect_irc),
	TCP_PORT(57000, dissect_irc),
	HANDOFF_LIST_END,
};

PROTOCOL_ID(IRC, "irc", "Internet Relay Chat");
const struct protocol proto_irc = {PROTO_IRC, .short_name = "IRC", .fields = &irc_table, .columns = irc_columns,
				   .values = irc_values, .handoff = irc_handoff};
