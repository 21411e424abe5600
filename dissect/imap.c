/* imap.c — the Internet Message Access Protocol (RFC 3501), TCP port 143:
 * lines, tagged commands and their tagged completions, untagged ("*")
 * data between; a FETCH response carries a message as a literal.
 *
 *   client:  a001 LOGIN bob secret CRLF           tag command [arguments]
 *   server:  * 18 EXISTS CRLF                     untagged data
 *            * 12 FETCH (BODY[] {342} CRLF        a literal of 342 bytes,
 *            ...342 bytes of the message...       read as IMF
 *            ) CRLF
 *            a001 OK LOGIN completed CRLF         tag status [text]
 *
 * As Wireshark reads it: a segment's whole lines are one message; a line
 * not ended yet, or a FETCH response whose literal has not all come, is
 * held and read again with the next segment ("[TCP segment of a
 * reassembled PDU]" while nothing before it was whole).  The Info is
 * "Request: " (sent to port 143) or "Response: " and the first tagged
 * line, or, when all lines are untagged, the segment's start; a FETCH
 * literal shows the message as IMF (IMAP/IMF) instead.  A tagged OK after
 * STARTTLS turns the connection to TLS from its next segment on.
 */
#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"
#include "dissect/session.h"

#define IMAP_PORT 143
#define HELD_MAX (32u << 20) /* bytes held for a message not whole yet (a FETCH literal) */

static const struct field_def imap_fields[] = {
	{"imap.isrequest", "Request", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"imap.line", "Line", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"imap.request", "Request", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"imap.request_tag", "Request Tag", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"imap.response", "Response", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"imap.response_tag", "Response Tag", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"imap.request.command", "Request Command", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"imap.response.command", "Response Command", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"imap.response.status", "Response Status", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"imap.tag", "Tag", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"imap.command", "Command", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"imap.request.folder", "Request Folder", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"imap.request.command.uid", "Request isUID", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"imap.request.username", "Request Username", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"imap.request.password", "Request Password", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(imap);

/* The end of the line at AT of D[0..N) as Wireshark finds it when it may
 * wait for more: after its LF, CR LF or CR; 0 when it has no end yet (with
 * OPEN, more bytes may follow: a last CR may still be followed by LF).
 * *TEXT_END: where its text ends. */
static uint32_t imap_line_end(const uint8_t *d, uint32_t n, uint32_t at, uint32_t *text_end, bool open)
{
	while (at < n && d[at] != '\r' && d[at] != '\n')
		at++;
	*text_end = at;
	if (at >= n || (d[at] == '\r' && at + 1 >= n && open))
		return 0;
	if (at + 1 >= n)
		return n;
	return at + (d[at] == '\r' && d[at + 1] == '\n' ? 2 : 1);
}

/* A FETCH literal: its SIZE bytes start at BODY. */
struct imap_literal {
	bool has;
	uint32_t body, size;
};

/* Whether the untagged line D[AT..EOL) (its end at NEXT) names FETCH among
 * its first three words with everything it carries there: a '(' after
 * FETCH, and for a literal "{N}" after it, a ')' past the literal's N
 * bytes (*LIT, and *NEXT moved past them).  Wireshark looks for these
 * through the rest of the bytes, not only the line; false: not yet all
 * there, the line waits for more. */
static bool imap_fetch(const uint8_t *d, uint32_t n, uint32_t at, uint32_t *next, struct imap_literal *lit,
		       bool open)
{
	uint32_t tokens = 0, fetch_end = 0;
	bool fetch = false;
	for (uint32_t start = at + 1, pat = at; tokens < 3; start = pat + 1) {
		pat = start;
		while (pat < *next && !(d[pat] == ' ' || d[pat] == '\t' || d[pat] == '\r' || d[pat] == '\n'))
			pat++;
		if (pat >= *next)
			break; /* no more white space: the last word is not counted */
		if (pat > start) {
			uint32_t len = pat - start;
			if (!fetch && len <= 5 && !g_ascii_strncasecmp((const char *)d + start, "FETCH", len)) {
				fetch = true;
				fetch_end = pat;
			}
			tokens++;
		}
	}
	if (tokens < 2 || !fetch)
		return true;
	uint32_t paren = find_byte(d, n, fetch_end, '(');
	if (paren >= n || paren + 1 >= n)
		return false;
	uint32_t brace = find_byte(d, n - 1, paren, '{');
	if (brace >= n - 1) {
		uint32_t eol, end = imap_line_end(d, n, paren, &eol, open);
		if (!end)
			return false;
		*next = end;
		return true;
	}
	uint32_t close = find_byte(d, n, brace + 1, '}');
	if (close >= n || close == brace + 1)
		return false;
	uint64_t size = 0;
	for (uint32_t i = brace + 1; i < close; i++) {
		if (!g_ascii_isdigit(d[i]))
			return false;
		size = size * 10 + (uint32_t)(d[i] - '0');
		if (size > UINT32_MAX)
			return false;
	}
	if ((uint64_t)close + size >= n || find_byte(d, n, close + (uint32_t)size, ')') >= n ||
	    (uint64_t)*next + size > n)
		return false;
	lit->has = true;
	lit->body = *next;
	lit->size = (uint32_t)size;
	*next += (uint32_t)size;
	return true;
}

/* One unit of D[0..N) from AT: a line and, for a FETCH response, its
 * literal.  Its end (0: not all there), its line's text end, its literal.
 * OPEN: bytes may follow N (a segment's end), else N is a message's end. */
static uint32_t imap_unit(const uint8_t *d, uint32_t n, uint32_t at, uint32_t *eol, struct imap_literal *lit, bool open)
{
	lit->has = false;
	uint32_t next = imap_line_end(d, n, at, eol, open);
	if (!next)
		return 0;
	if (d[at] == '*' && !imap_fetch(d, n, at, &next, lit, open))
		return 0;
	return next;
}

/* Where the whole units of D[0..N) end. */
static uint32_t imap_whole(const uint8_t *d, uint32_t n)
{
	uint32_t at = 0, eol, next;
	struct imap_literal lit;
	while (at < n && (next = imap_unit(d, n, at, &eol, &lit, true)) != 0)
		at = next;
	return at;
}

/* A word of the line: its length up to a space (or CR, LF) or the line's
 * end, and where the next starts (*NEXT, past that one byte: a second
 * space starts an empty word, as Wireshark reads it). */
static uint32_t imap_token(const uint8_t *d, uint32_t at, uint32_t end, uint32_t *next)
{
	uint32_t i = at;
	while (i < end && d[i] != ' ' && d[i] != '\r' && d[i] != '\n')
		i++;
	*next = i < end ? i + 1 : i;
	return i - at;
}

enum imap_field {
	IF_LINE, IF_REQUEST, IF_RESPONSE, IF_REQUEST_TAG, IF_RESPONSE_TAG, IF_TAG, IF_REQUEST_COMMAND,
	IF_RESPONSE_COMMAND, IF_RESPONSE_STATUS, IF_COMMAND, IF_FOLDER, IF_UID, IF_USERNAME, IF_PASSWORD,
	IF_MALFORMED, /* LOGIN without a password: Wireshark's reading stops with an exception */
};

/* Gives field F, D[OFF..OFF+LEN); false to stop. */
typedef bool (*imap_visit_fn)(enum imap_field f, const uint8_t *d, uint32_t off, uint32_t len, void *ctx);

static bool imap_prefix_of(const uint8_t *d, uint32_t at, uint32_t len, const char *word)
{
	return len > 0 && len <= strlen(word) && !g_ascii_strncasecmp((const char *)d + at, word, len);
}

/* The fields of the tagged line D[AT..AT+LINELEN) of message D[0..N) as
 * Wireshark reads them: its tag, its command (after UID, in a UID request)
 * or status, a folder, LOGIN's user name and password (without its first
 * and last byte; one shorter than two bytes is malformed). */
static bool imap_tagged(const uint8_t *d, uint32_t at, uint32_t linelen, bool request, imap_visit_fn visit, void *ctx)
{
	uint32_t end = at + linelen, next, len;
	if (linelen && !visit(request ? IF_REQUEST : IF_RESPONSE, d, at, linelen, ctx))
		return false;
	if ((len = imap_token(d, at, end, &next)) != 0) {
		if (!visit(request ? IF_REQUEST_TAG : IF_RESPONSE_TAG, d, at, len, ctx) || !visit(IF_TAG, d, at, len, ctx))
			return false;
		at = next;
	}
	if ((len = imap_token(d, at, end, &next)) == 0)
		return true;
	uint32_t cmd = 0, cmd_len = 0, folder = 0, folder_len = 0, folder_next = 0;
	if (request && imap_prefix_of(d, at, len, "UID")) {
		if (!visit(IF_UID, d, at, len, ctx))
			return false;
		uint32_t uid_next;
		cmd_len = imap_token(d, next, end, &uid_next);
		if (cmd_len) {
			cmd = next;
			if (!visit(IF_REQUEST_COMMAND, d, cmd, cmd_len, ctx) || !visit(IF_COMMAND, d, at, len, ctx))
				return false;
			folder = uid_next;
			folder_len = imap_token(d, folder, end, &folder_next);
		}
	} else {
		if (!visit(request ? IF_REQUEST_COMMAND : IF_RESPONSE_STATUS, d, at, len, ctx))
			return false;
		if (request) {
			if (!visit(IF_COMMAND, d, at, len, ctx))
				return false;
			cmd = at;
			cmd_len = len;
			folder = next;
			folder_len = imap_token(d, folder, end, &folder_next);
		}
	}
	if (cmd_len) {
		static const char *const with_folder[] = {"select", "examine", "create", "delete", "rename",
							  "subscribe", "unsubscribe", "status", "append", "search"};
		bool takes_folder = false;
		for (size_t i = 0; i < G_N_ELEMENTS(with_folder); i++)
			takes_folder |= imap_prefix_of(d, cmd, cmd_len, with_folder[i]);
		if (takes_folder) {
			if (folder_len && !visit(IF_FOLDER, d, folder, folder_len, ctx))
				return false;
		} else if (end > at && imap_prefix_of(d, cmd, cmd_len, "copy")) {
			uint32_t second_next, second = folder_next;
			uint32_t second_len = imap_token(d, second, end, &second_next);
			if (second_len && !visit(IF_FOLDER, d, second, second_len, ctx))
				return false;
		} else if (imap_prefix_of(d, cmd, cmd_len, "login")) {
			uint32_t user_next, pass_next;
			uint32_t user_len = imap_token(d, next, end, &user_next);
			uint32_t pass_len = imap_token(d, user_next, end, &pass_next);
			if (!visit(IF_USERNAME, d, next, user_len, ctx))
				return false;
			if (pass_len < 2) {
				visit(IF_MALFORMED, d, user_next, 0, ctx);
				return false;
			}
			if (!visit(IF_PASSWORD, d, user_next + 1, pass_len - 2, ctx))
				return false;
		}
	}
	if (!request) {
		uint32_t status_next;
		uint32_t status_cmd_len = imap_token(d, next, end, &status_next);
		if (status_cmd_len && (!visit(IF_RESPONSE_COMMAND, d, next, status_cmd_len, ctx) ||
				       !visit(IF_COMMAND, d, next, status_cmd_len, ctx)))
			return false;
	}
	return true;
}

/* What a message D[0..N) shows: each unit's line (IF_LINE), the fields of
 * its tagged lines, and (LIT_FN) each FETCH literal. */
static void imap_walk(const uint8_t *d, uint32_t n, bool request, imap_visit_fn visit, void *ctx)
{
	uint32_t at = 0, eol, next;
	struct imap_literal lit;
	while (at < n && (next = imap_unit(d, n, at, &eol, &lit, false)) != 0) {
		uint32_t line_next = lit.has ? lit.body : next;
		if (!visit(IF_LINE, d, at, line_next - at, ctx))
			return;
		if (d[at] != '*' && !imap_tagged(d, at, eol - at, request, visit, ctx))
			return;
		at = next;
	}
}

/* The text the Info shows of message D[0..N) (after "Request: " or
 * "Response: "): its first tagged line (true), else its first bytes, as
 * many as the last line read holds (Wireshark's). */
static bool imap_info(const uint8_t *d, uint32_t n, const uint8_t **text, uint32_t *len)
{
	uint32_t at = 0, eol = 0, next, last = 0;
	struct imap_literal lit;
	while (at < n && (next = imap_unit(d, n, at, &eol, &lit, false)) != 0) {
		if (d[at] != '*') {
			*text = d + at;
			*len = eol - at;
			return true;
		}
		last = eol - at;
		at = next;
	}
	*text = d;
	*len = MIN(last, n);
	return false;
}

/* One direction of an IMAP connection: the start of a message not whole
 * yet. */
struct imap_side {
	GByteArray *held;
	bool seq_known;
	bool no_eol; /* the bytes held have no CR or LF: a first line still open */
	uint32_t next_seq;
};

struct imap_conv {
	struct imap_side side[2];
};

static void *imap_conv_new(void)
{
	struct imap_conv *s = g_new0(struct imap_conv, 1);
	s->side[0].held = g_byte_array_new();
	s->side[1].held = g_byte_array_new();
	return s;
}

static void imap_conv_free(void *data)
{
	struct imap_conv *s = data;
	g_byte_array_unref(s->side[0].held);
	g_byte_array_unref(s->side[1].held);
	g_free(s);
}

/* What the connection learns from a message's tagged lines: a STARTTLS
 * request (a command that is a prefix of the word, as Wireshark compares
 * it) asks for TLS, and a status that is a prefix of "OK" grants it. */
static bool imap_learn(enum imap_field f, const uint8_t *d, uint32_t off, uint32_t len, void *ctx)
{
	if (f == IF_REQUEST_COMMAND && imap_prefix_of(d, off, len, "starttls"))
		tcp_tls_ask(ctx);
	else if (f == IF_RESPONSE_STATUS && imap_prefix_of(d, off, len, "ok"))
		tcp_tls_answer(ctx, true);
	return true;
}

/* The message D[0..N) of this segment, its layer IDX at OFF: the text of
 * its Info, each FETCH literal as IMF, up to a line Wireshark stops at
 * (malformed: false).  REST: bytes after it wait for the
 * next segment; Wireshark then stops before it writes the Info of a
 * message with no tagged line (TCP's stays). */
static bool imap_message(struct packet *p, int idx, const uint8_t *d, uint32_t n, uint32_t off, bool request, bool rest)
{
	const uint8_t *text;
	uint32_t len;
	if (imap_info(d, n, &text, &len) || !rest)
		pkt_set_app_info(p, PROTO_IMAP, (const char *)text, len);
	uint32_t at = 0, eol, next;
	struct imap_literal lit;
	while (at < n && (next = imap_unit(d, n, at, &eol, &lit, false)) != 0) {
		if (lit.has)
			imf_message(p, d + lit.body, lit.size, off);
		if (d[at] != '*' && !imap_tagged(d, at, eol - at, request, imap_learn, p)) {
			pkt_mark(p, idx, PKT_MALFORMED);
			return false;
		}
		at = next;
	}
	return true;
}

static void dissect_imap(struct packet *p, struct cursor *c)
{
	bool request = p->dport == IMAP_PORT;
	const uint8_t *b = c->data + c->off;
	uint32_t n = cursor_left(c), len = cursor_rleft(c);
	if (!p->session || !pkt_has_tcp(p) || n < len) {
		/* read alone: a segment the capture cut short, or without its connection */
		if (pkt_push_layer(p, PROTO_IMAP, c->off) >= 0)
			imap_message(p, p->nlayers - 1, b, n, c->off, request, false);
		return;
	}
	struct imap_conv *s = session_conv_data(p->session, p, PROTO_IMAP, imap_conv_new, imap_conv_free);
	struct imap_side *side = &s->side[request ? 0 : 1];
	uint32_t seq = p->tcp_seq + ((p->tcp_flags & TH_SYN) ? 1 : 0);
	if (side->seq_known && seq != side->next_seq)
		g_byte_array_set_size(side->held, 0); /* a gap: what was held never ends */
	side->seq_known = true;
	side->next_seq = seq + len;
	uint32_t before = side->held->len;
	bool eol_in_b = memchr(b, '\r', n) || memchr(b, '\n', n);
	if (before && side->no_eol && !eol_in_b) {
		/* the first line goes on: not looked through again */
		if (before + n <= HELD_MAX)
			g_byte_array_append(side->held, b, n);
		else
			g_byte_array_set_size(side->held, 0);
		p->tcp_seg = TCP_SEG_PART;
		return;
	}
	const uint8_t *d = b;
	uint32_t total = n;
	if (before) {
		g_byte_array_append(side->held, b, n);
		d = side->held->data;
		total = side->held->len;
	}
	uint32_t whole = imap_whole(d, total);
	if (whole == 0) {
		if (!before)
			g_byte_array_append(side->held, b, n);
		side->no_eol = (!before || side->no_eol) && !eol_in_b;
		if (side->held->len > HELD_MAX)
			g_byte_array_set_size(side->held, 0); /* too long a wait: given up */
		p->tcp_seg = TCP_SEG_PART;
		/* a first line already whole (of a FETCH waiting for its
		 * literal) was read: the protocol is named, as in Wireshark */
		uint32_t eol;
		int idx = imap_line_end(d, total, 0, &eol, true) ? pkt_push_layer(p, PROTO_IMAP, c->off) : -1;
		if (idx >= 0)
			p->layers[idx].len = 0;
		return;
	}
	int idx = pkt_push_layer(p, PROTO_IMAP, c->off);
	if (idx >= 0) {
		if (before) {
			p->reasm_len = MIN(whole, PKT_REASSEMBLED_MAX);
			memcpy(p->reasm, d, p->reasm_len);
			p->layers[idx].flags |= PKT_REASSEMBLED;
			p->layers[idx].off = 0;
			p->layers[idx].len = p->reasm_len;
		} else {
			p->layers[idx].len = whole;
		}
		bool read = imap_message(p, idx, d, whole, c->off, request, whole < total);
		/* joined from earlier segments and not read again with the next */
		if (read && before && (whole == total || whole > before)) {
			int seg = pkt_push_layer(p, PROTO_TCP_SEGMENTS, c->off);
			if (seg >= 0)
				p->layers[seg].flags |= PKT_REASSEMBLED;
		}
	}
	/* the rest waits for the next segment; when what was read ends within
	 * the bytes earlier segments brought, Wireshark's TCP keeps them all
	 * and hands them over again with the next */
	if (!before) {
		g_byte_array_append(side->held, b + whole, n - whole);
		side->no_eol = !memchr(b + whole, '\r', n - whole) && !memchr(b + whole, '\n', n - whole);
	} else if (whole == total) {
		g_byte_array_set_size(side->held, 0);
	} else if (whole <= before) {
		side->no_eol = false; /* all kept: its first line has its end */
	} else {
		g_byte_array_remove_range(side->held, 0, whole);
		side->no_eol = !memchr(side->held->data, '\r', side->held->len) &&
			       !memchr(side->held->data, '\n', side->held->len);
	}
}

struct imap_want {
	enum imap_field f;
	fvalue_fn fn;
	void *data;
};

static bool imap_give(enum imap_field f, const uint8_t *d, uint32_t off, uint32_t len, void *ctx)
{
	struct imap_want *w = ctx;
	if (f != w->f)
		return true;
	if (f == IF_UID) {
		fv_give_uint(w->fn, w->data, 1);
		return true;
	}
	return w->fn(&(struct fvalue){.kind = FV_STRING, .ptr = d + off, .len = len}, w->data);
}

static void imap_values(const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d, uint32_t n,
			const struct field_def *f, fvalue_fn fn, void *data)
{
	static const char *const names[] = {
		[IF_LINE] = "imap.line", [IF_REQUEST] = "imap.request", [IF_RESPONSE] = "imap.response",
		[IF_REQUEST_TAG] = "imap.request_tag", [IF_RESPONSE_TAG] = "imap.response_tag", [IF_TAG] = "imap.tag",
		[IF_REQUEST_COMMAND] = "imap.request.command", [IF_RESPONSE_COMMAND] = "imap.response.command",
		[IF_RESPONSE_STATUS] = "imap.response.status", [IF_COMMAND] = "imap.command",
		[IF_FOLDER] = "imap.request.folder", [IF_UID] = "imap.request.command.uid",
		[IF_USERNAME] = "imap.request.username", [IF_PASSWORD] = "imap.request.password",
	};
	bool request = p->dport == IMAP_PORT;
	if (fv_same(f->abbrev, "imap.isrequest")) {
		fv_give_uint(fn, data, request);
		return;
	}
	if (!d)
		return;
	for (unsigned i = 0; i < G_N_ELEMENTS(names); i++) {
		if (fv_same(f->abbrev, names[i])) {
			struct imap_want w = {.f = (enum imap_field)i, .fn = fn, .data = data};
			imap_walk(d, n, request, imap_give, &w);
			return;
		}
	}
}

static void imap_columns(struct columns *c, const struct packet *p, int idx)
{
	if (p->layers[idx].len == 0 && !(p->layers[idx].flags & PKT_REASSEMBLED))
		return; /* a first line read while the message waits for more: TCP's columns */
	col_short_name(c, p, idx);
	if (p->app_info_proto != PROTO_IMAP)
		return; /* no Info written: TCP's stays */
	col_set(c, "%s: ", p->dport == IMAP_PORT ? "Request" : "Response");
	if (p->app_info_proto == PROTO_IMAP)
		col_append_text(c, (const uint8_t *)p->app_info, p->app_info_len);
}

static const struct handoff imap_handoff[] = {
	TCP_PORT(IMAP_PORT, dissect_imap),
	HANDOFF_LIST_END,
};

PROTOCOL_ID(IMAP, "imap", "Internet Message Access Protocol");
const struct protocol proto_imap = {PROTO_IMAP, .short_name = "IMAP", .fields = &imap_table, .columns = imap_columns,
				    .values = imap_values, .handoff = imap_handoff};
