/* memcache.c — the memcached protocol, TCP and UDP port 11211, in its two
 * forms, told apart by the first byte:
 *
 *   text:    get foo\r\n        VALUE foo 0 3\r\nbar\r\nEND\r\n
 *            set foo 0 0 3\r\nbar\r\n               STORED\r\n
 *            a command line, and after a storage command or a VALUE line
 *            a data block of the size the line gives, ended by CR LF;
 *
 *   binary:  +-------+--------+---------+--------+-------+---------------+
 *            | magic | opcode | key len | ext len| dtype | status/resvd  |
 *            | 0x80/ |   (1)  |   (2)   |  (1)   |  (1)  |     (2)       |
 *            | 0x81  +--------+---------+--------+-------+---------------+
 *            | total body length (4) | opaque (4) | CAS (8)            |
 *            +-----------------------+------------+--------------------+
 *            extras, key, value: total body length bytes
 *
 * Over TCP a binary message is framed by its header; a text message runs
 * to the end of the segment it starts in (more are gathered only for a
 * line not ended yet or a data block not all there).  A datagram is one
 * message: Wireshark 4.0 knows no UDP frame header (request id, sequence
 * number, datagrams: 8 bytes before the message), so a datagram that has
 * one is no command it knows ("MEMCACHE Continuation").
 */
#include <string.h>

#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

enum {
	MC_PORT = 11211,
	MC_HEADER = 24,
	MC_REQUEST = 0x80,
	MC_RESPONSE = 0x81,
	/* the opcodes the text form shares with the binary one, and its own */
	MC_GET = 0x00, MC_SET = 0x01, MC_ADD = 0x02, MC_REPLACE = 0x03, MC_DELETE = 0x04,
	MC_INCR = 0x05, MC_DECR = 0x06, MC_QUIT = 0x07, MC_FLUSH = 0x08, MC_GETQ = 0x09,
	MC_VERSION = 0x0b, MC_GETK = 0x0c, MC_GETKQ = 0x0d, MC_APPEND = 0x0e, MC_PREPEND = 0x0f,
	MC_STAT = 0x10, MC_SETQ = 0x11, MC_ADDQ = 0x12, MC_REPLACEQ = 0x13, MC_INCRQ = 0x15,
	MC_DECRQ = 0x16, MC_FLUSHQ = 0x18,
	MC_GETS = 0xf0, MC_CAS = 0xf1, MC_NONE = 0xff,
};

static const struct value_string mc_magics[] = {{MC_REQUEST, "Request"}, {MC_RESPONSE, "Response"}, {0, NULL}};

static const struct value_string mc_opcodes[] = {
	{0x00, "Get"}, {0x01, "Set"}, {0x02, "Add"}, {0x03, "Replace"}, {0x04, "Delete"},
	{0x05, "Increment"}, {0x06, "Decrement"}, {0x07, "Quit"}, {0x08, "Flush"},
	{0x09, "Get Quietly"}, {0x0a, "No-op"}, {0x0b, "Version"}, {0x0c, "Get Key"},
	{0x0d, "Get Key Quietly"}, {0x0e, "Append"}, {0x0f, "Prepend"}, {0x10, "Statistics"},
	{0x11, "Set Quietly"}, {0x12, "Add Quietly"}, {0x13, "Replace Quietly"},
	{0x14, "Delete Quietly"}, {0x15, "Increment Quietly"}, {0x16, "Decrement Quietly"},
	{0x17, "Quit Quietly"}, {0x18, "Flush Quietly"}, {0x19, "Append Quietly"},
	{0x1a, "Prepend Quietly"}, {0, NULL},
};

static const struct value_string mc_statuses[] = {
	{0x0000, "No error"}, {0x0001, "Key not found"}, {0x0002, "Key exists"},
	{0x0003, "Value too big"}, {0x0004, "Invalid arguments"}, {0x0005, "Item not stored"},
	{0x0081, "Unknown command"}, {0x0082, "Out of memory"}, {0, NULL},
};

static const struct field_def memcache_fields[] = {
	{"memcache.magic", "Magic", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, mc_magics},
	{"memcache.opcode", "Opcode", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, mc_opcodes},
	{"memcache.extras.length", "Extras length", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"memcache.key.length", "Key Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"memcache.value.length", "Value length", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"memcache.data_type", "Data type", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"memcache.reserved", "Reserved", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"memcache.status", "Status", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, mc_statuses},
	{"memcache.total_body_length", "Total body length", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"memcache.opaque", "Opaque", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"memcache.cas", "CAS", FT_UINT64, BASE_DEC, FIELD_VAR, 8, 0, NULL},
	{"memcache.extras.flags", "Flags", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, NULL},
	{"memcache.extras.expiration", "Expiration", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"memcache.extras.delta", "Amount to add", FT_UINT64, BASE_DEC, FIELD_VAR, 8, 0, NULL},
	{"memcache.extras.initial", "Initial value", FT_UINT64, BASE_DEC, FIELD_VAR, 8, 0, NULL},
	{"memcache.extras.response", "Response", FT_UINT64, BASE_DEC, FIELD_VAR, 8, 0, NULL},
	{"memcache.key", "Key", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"memcache.value", "Value", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"memcache.command", "Command", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"memcache.subcommand", "Sub command", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"memcache.flags", "Flags", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"memcache.expiration", "Expiration", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"memcache.noreply", "Noreply", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"memcache.response", "Response", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"memcache.version", "Version", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"memcache.name", "Stat name", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"memcache.name_value", "Stat value", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(memcache);

static bool mc_binary(uint8_t magic)
{
	return magic == MC_REQUEST || magic == MC_RESPONSE;
}

/* ---- the text form ---- */

/* A text message's first line and what its first word makes it. */
struct mc_line {
	uint32_t len;  /* the line without its end (all the bytes when none) */
	uint32_t next; /* where the line after it starts */
	bool ended;    /* a CR or LF ends it */
	bool known;    /* a command or response word Wireshark knows */
	bool response;
	bool content;  /* a data block follows (storage commands, VALUE) */
	uint8_t op;
};

/* The word W (N bytes) as a response, then as a request. */
static void mc_classify(struct mc_line *m, const uint8_t *w, uint32_t n)
{
	static const struct {
		const char *word;
		bool response, content;
		uint8_t op;
	} words[] = {
		{"OK", true, false, MC_NONE}, {"END", true, false, MC_NONE}, {"STAT", true, false, MC_STAT},
		{"VALUE", true, true, MC_GET}, {"EXISTS", true, false, MC_NONE}, {"STORED", true, false, MC_NONE},
		{"VERSION", true, false, MC_VERSION}, {"DELETED", true, false, MC_DELETE},
		{"NOT_FOUND", true, false, MC_NONE}, {"NOT_STORED", true, false, MC_NONE},
		{"get", false, false, MC_GET}, {"set", false, true, MC_SET}, {"add", false, true, MC_ADD},
		{"cas", false, true, MC_CAS}, {"gets", false, false, MC_GETS}, {"incr", false, false, MC_INCR},
		{"decr", false, false, MC_DECR}, {"quit", false, false, MC_QUIT}, {"stats", false, false, MC_STAT},
		{"append", false, true, MC_APPEND}, {"delete", false, false, MC_DELETE},
		{"replace", false, true, MC_REPLACE}, {"prepend", false, true, MC_PREPEND},
		{"version", false, false, MC_VERSION}, {"flush_all", false, false, MC_FLUSH},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(words); i++)
		if (strlen(words[i].word) == n && memcmp(words[i].word, w, n) == 0) {
			m->known = true;
			m->response = words[i].response;
			m->content = words[i].content;
			m->op = words[i].op;
			return;
		}
}

/* The first line of D (N bytes): up to a CR, LF or CR LF. */
static struct mc_line mc_first_line(const uint8_t *d, uint32_t n)
{
	struct mc_line m = {.len = n, .next = n, .op = MC_NONE};
	for (uint32_t i = 0; i < n; i++)
		if (d[i] == '\r' || d[i] == '\n') {
			m.len = i;
			m.next = i + 1 + (d[i] == '\r' && i + 1 < n && d[i + 1] == '\n');
			m.ended = true;
			break;
		}
	uint32_t w = 0;
	while (w < m.len && d[w] != ' ')
		w++;
	mc_classify(&m, d, w);
	return m;
}

/* Reading a line word by word. */
struct mc_words {
	const uint8_t *d;
	uint32_t at, end;
};

/* The next word (its length, 0 at the line's end) at *W. */
static uint32_t mc_word(struct mc_words *r, const uint8_t **w)
{
	*w = r->d + r->at;
	uint32_t n = 0;
	while (r->at + n < r->end && r->d[r->at + n] != ' ')
		n++;
	r->at += n;
	while (r->at < r->end && r->d[r->at] == ' ')
		r->at++;
	return n;
}

/* A number's leading digits (strtoul's), false when it starts with none. */
static bool mc_number(const uint8_t *w, uint32_t n, uint64_t *v)
{
	uint32_t i = 0;
	*v = 0;
	if (i < n && w[i] == '+')
		i++;
	if (i >= n || w[i] < '0' || w[i] > '9')
		return false;
	for (; i < n && w[i] >= '0' && w[i] <= '9'; i++)
		*v = *v * 10 + (uint64_t)(w[i] - '0');
	return true;
}

/* The data block's size a line's word gives (the fifth of a storage
 * command, the fourth of VALUE); false when the word is no number. */
static bool mc_content_len(const uint8_t *d, const struct mc_line *m, uint32_t *len)
{
	struct mc_words r = {.d = d, .end = m->len};
	const uint8_t *w = d;
	uint32_t n = 0;
	for (int i = 0; i < (m->response ? 4 : 5); i++)
		n = mc_word(&r, &w);
	uint64_t v;
	if (n == 0 || !mc_number(w, n, &v))
		return false;
	*len = (uint32_t)v;
	return true;
}

/* The length of a message over TCP: a binary one's header and body; a text
 * one the rest of the segment, unless its line has no end yet, or its data
 * block is not all there (the line, the block and its CR LF). */
static uint32_t memcache_pdu_len(const uint8_t *d, uint32_t avail)
{
	if (avail == 0)
		return PDU_NEED_MORE;
	if (mc_binary(d[0])) {
		if (avail < 12)
			return PDU_NEED_MORE;
		uint64_t len = (uint64_t)MC_HEADER + fv_get32(d + 8, true);
		return len > UINT32_MAX - 1 ? UINT32_MAX - 1 : (uint32_t)len;
	}
	struct mc_line m = mc_first_line(d, avail);
	if (!m.known)
		return avail;
	if (!m.ended)
		return PDU_NEED_MORE;
	uint32_t content;
	if (!m.content || !mc_content_len(d, &m, &content))
		return avail;
	uint64_t need = (uint64_t)m.next + content + 2;
	return need <= avail ? avail : need > UINT32_MAX - 1 ? UINT32_MAX - 1 : (uint32_t)need;
}

static bool mc_over_udp(const struct packet *p)
{
	return p->l4_layer >= 0 && p->layers[p->l4_layer].proto == PROTO_UDP;
}

static void dissect_memcache(struct packet *p, struct cursor *c)
{
	const uint8_t *d = c->data + c->off;
	uint32_t avail = cursor_left(c), room = cursor_rleft(c);
	if (avail > 0 && !mc_binary(d[0]) && !mc_over_udp(p)) {
		/* a storage command or VALUE line whose size is no number:
		 * Wireshark shows nothing of it */
		struct mc_line m = mc_first_line(d, avail);
		uint32_t content;
		if (m.known && m.ended && m.content && !mc_content_len(d, &m, &content)) {
			p->flags |= PKT_TAKEN;
			cursor_skip(c, room);
			return;
		}
	}
	int idx = pkt_push_layer(p, PROTO_MEMCACHE, c->off);
	if (idx < 0)
		return;
	if (avail > 0 && mc_binary(d[0])) {
		if (room < MC_HEADER) {
			cursor_skip(c, room);
			cursor_fail(c, MC_HEADER - room);
			app_note(p, idx, c);
			return;
		}
	}
	cursor_skip(c, room);
}

/* ---- fields ---- */

struct mc_give {
	const char *want;
	fvalue_fn fn;
	void *data;
};

static void mc_give_str(const struct mc_give *g, const char *name, const uint8_t *s, uint32_t n)
{
	if (fv_same(g->want, name))
		fv_give_ptr(g->fn, g->data, FV_STRING, s, n);
}

static void mc_give_uint(const struct mc_give *g, const char *name, uint64_t v)
{
	if (fv_same(g->want, name))
		fv_give_uint(g->fn, g->data, v);
}

/* A number word of at most MAX characters as field NAME; false when it is
 * longer (Wireshark stops reading the message there). */
static bool mc_give_number(const struct mc_give *g, const char *name, const uint8_t *w, uint32_t n, uint32_t max)
{
	if (n == 0 || n > max)
		return false;
	uint64_t v;
	mc_number(w, n, &v);
	mc_give_uint(g, name, v);
	return true;
}

/* A data block of LEN bytes at AT: the value, or what there is of it. */
static void mc_give_block(const struct mc_give *g, const uint8_t *d, uint32_t n, uint32_t at, uint32_t len)
{
	if (at >= n)
		return;
	uint32_t have = n - at;
	mc_give_str(g, "memcache.value", d + at, (uint64_t)len + 2 <= have ? len : have);
}

/* A storage command: key flags expiration bytes [cas] [noreply], then its
 * data block. */
static void mc_storage(const struct mc_give *g, const uint8_t *d, uint32_t n, const struct mc_line *m,
		       struct mc_words *r)
{
	const uint8_t *w;
	uint32_t k = mc_word(r, &w);
	if (k == 0)
		return;
	mc_give_str(g, "memcache.key", w, k);
	if (!mc_give_number(g, "memcache.flags", w, k = mc_word(r, &w), 5) ||
	    !mc_give_number(g, "memcache.expiration", w, k = mc_word(r, &w), 10))
		return;
	k = mc_word(r, &w);
	uint64_t bytes;
	if (k == 0 || k > 10)
		return;
	mc_number(w, k, &bytes);
	mc_give_uint(g, "memcache.value.length", bytes);
	if (m->op == MC_CAS && !mc_give_number(g, "memcache.cas", w, k = mc_word(r, &w), 20))
		return;
	k = mc_word(r, &w);
	if (k == 7 && memcmp(w, "noreply", 7) == 0)
		mc_give_str(g, "memcache.noreply", w, k);
	mc_give_block(g, d, n, m->next, (uint32_t)bytes);
}

/* An optional expiration or noreply word (delete, flush_all). */
static void mc_expiration_or_noreply(const struct mc_give *g, struct mc_words *r)
{
	const uint8_t *w;
	uint32_t k = mc_word(r, &w);
	if (k == 7 && memcmp(w, "noreply", 7) == 0)
		mc_give_str(g, "memcache.noreply", w, k);
	else if (k > 0 && k <= 10)
		mc_give_number(g, "memcache.expiration", w, k, 10);
}

static void mc_request(const struct mc_give *g, const uint8_t *d, uint32_t n, const struct mc_line *m)
{
	struct mc_words r = {.d = d, .end = m->len};
	const uint8_t *w;
	uint32_t k = mc_word(&r, &w);
	mc_give_str(g, "memcache.command", w, k);
	switch (m->op) {
	case MC_SET: case MC_ADD: case MC_REPLACE: case MC_APPEND: case MC_PREPEND: case MC_CAS:
		mc_storage(g, d, n, m, &r);
		break;
	case MC_INCR: case MC_DECR:
		if ((k = mc_word(&r, &w)) == 0)
			break;
		mc_give_str(g, "memcache.key", w, k);
		if ((k = mc_word(&r, &w)) == 0)
			break;
		mc_give_str(g, "memcache.value", w, k);
		k = mc_word(&r, &w);
		if (k == 7 && memcmp(w, "noreply", 7) == 0)
			mc_give_str(g, "memcache.noreply", w, k);
		break;
	case MC_DELETE:
		if ((k = mc_word(&r, &w)) == 0)
			break;
		mc_give_str(g, "memcache.key", w, k);
		mc_expiration_or_noreply(g, &r);
		break;
	case MC_GET: case MC_GETS:
		while ((k = mc_word(&r, &w)) != 0)
			mc_give_str(g, "memcache.key", w, k);
		break;
	case MC_STAT:
		if ((k = mc_word(&r, &w)) != 0)
			mc_give_str(g, "memcache.subcommand", w, k);
		break;
	case MC_FLUSH:
		mc_expiration_or_noreply(g, &r);
		k = mc_word(&r, &w);
		if (k == 7 && memcmp(w, "noreply", 7) == 0)
			mc_give_str(g, "memcache.noreply", w, k);
		break;
	default:
		break;
	}
}

/* The line at *AT (up to N) as a word reader; *AT moves past its end.
 * False when no line end follows. */
static bool mc_next_line(const uint8_t *d, uint32_t n, uint32_t *at, struct mc_words *r)
{
	struct mc_line m = mc_first_line(d + *at, n - *at);
	if (!m.ended)
		return false;
	*r = (struct mc_words){.d = d + *at, .end = m.len};
	*at += m.next;
	return true;
}

/* VALUE key flags bytes [cas] lines, each with its data block, to END. */
static void mc_values(const struct mc_give *g, const uint8_t *d, uint32_t n)
{
	uint32_t at = 0;
	struct mc_words r;
	while (at < n && mc_next_line(d, n, &at, &r)) {
		const uint8_t *w;
		uint32_t k = mc_word(&r, &w);
		if (k != 5 || memcmp(w, "VALUE", 5) != 0)
			return;
		if ((k = mc_word(&r, &w)) == 0)
			return;
		mc_give_str(g, "memcache.key", w, k);
		if (!mc_give_number(g, "memcache.flags", w, k = mc_word(&r, &w), 5))
			return;
		k = mc_word(&r, &w);
		uint64_t bytes;
		if (k == 0 || k > 10)
			return;
		mc_number(w, k, &bytes);
		mc_give_uint(g, "memcache.value.length", bytes);
		if ((k = mc_word(&r, &w)) != 0) {
			/* Wireshark reads the CAS word again as the line's end:
			 * not one, so it stops before the data block */
			mc_give_number(g, "memcache.cas", w, k, 20);
			return;
		}
		mc_give_block(g, d, n, at, (uint32_t)bytes);
		at = (uint64_t)at + bytes + 2 <= n ? at + (uint32_t)bytes + 2 : n;
	}
}

/* STAT [sub:[class:]]name value lines, to END. */
static void mc_stats(const struct mc_give *g, const uint8_t *d, uint32_t n)
{
	uint32_t at = 0;
	struct mc_words r;
	while (at < n && mc_next_line(d, n, &at, &r)) {
		const uint8_t *w;
		uint32_t k = mc_word(&r, &w);
		if (k != 4 || memcmp(w, "STAT", 4) != 0)
			return;
		mc_give_str(g, "memcache.command", w, k);
		k = mc_word(&r, &w);
		const uint8_t *colon = memchr(w, ':', k);
		if (colon && memchr(colon + 1, ':', k - (uint32_t)(colon + 1 - w))) {
			mc_give_str(g, "memcache.subcommand", w, (uint32_t)(colon - w));
			k -= (uint32_t)(colon + 1 - w);
			w = colon + 1;
			colon = memchr(w, ':', k);
		}
		if (colon) {
			k -= (uint32_t)(colon + 1 - w);
			w = colon + 1;
		}
		mc_give_str(g, "memcache.name", w, k);
		if ((k = mc_word(&r, &w)) != 0)
			mc_give_str(g, "memcache.name_value", w, k);
	}
}

static void mc_response(const struct mc_give *g, const uint8_t *d, uint32_t n, const struct mc_line *m)
{
	struct mc_words r = {.d = d, .end = m->len};
	const uint8_t *w;
	uint32_t k;
	switch (m->op) {
	case MC_GET:
		mc_values(g, d, n);
		return;
	case MC_STAT:
		mc_stats(g, d, n);
		return;
	case MC_VERSION:
		mc_word(&r, &w);
		if ((k = mc_word(&r, &w)) != 0)
			mc_give_str(g, "memcache.version", w, k);
		return;
	default:
		k = mc_word(&r, &w);
		mc_give_str(g, "memcache.response", w, k);
		return;
	}
}

/* A binary message's extras as its opcode has them. */
static void mc_extras(const struct mc_give *g, const uint8_t *x, uint32_t n, uint8_t op, bool request)
{
	switch (op) {
	case MC_GET: case MC_GETQ: case MC_GETK: case MC_GETKQ:
		if (!request && n >= 4)
			mc_give_uint(g, "memcache.extras.flags", fv_get32(x, true));
		break;
	case MC_SET: case MC_SETQ: case MC_ADD: case MC_ADDQ: case MC_REPLACE: case MC_REPLACEQ:
		if (request && n >= 8) {
			mc_give_uint(g, "memcache.extras.flags", fv_get32(x, true));
			mc_give_uint(g, "memcache.extras.expiration", fv_get32(x + 4, true));
		}
		break;
	case MC_INCR: case MC_INCRQ: case MC_DECR: case MC_DECRQ:
		if (request && n >= 20) {
			mc_give_uint(g, "memcache.extras.delta", (uint64_t)fv_get32(x, true) << 32 | fv_get32(x + 4, true));
			mc_give_uint(g, "memcache.extras.initial", (uint64_t)fv_get32(x + 8, true) << 32 | fv_get32(x + 12, true));
			mc_give_uint(g, "memcache.extras.expiration", fv_get32(x + 16, true));
		}
		break;
	case MC_FLUSH: case MC_FLUSHQ:
		if (n >= 4)
			mc_give_uint(g, "memcache.extras.expiration", fv_get32(x, true));
		break;
	default:
		break;
	}
}

/* The header's fields, those the bytes reach (a read past them stops
 * Wireshark there). */
static void mc_binary_fields(const struct mc_give *g, const uint8_t *d, uint32_t n)
{
	uint8_t h[MC_HEADER] = {0};
	memcpy(h, d, n < MC_HEADER ? n : MC_HEADER);
	uint8_t op = h[1], extras = h[4];
	uint32_t key = fv_get16(h + 2, true), body = fv_get32(h + 8, true), status = fv_get16(h + 6, true);
	bool request = !(h[0] & 1);
	const struct fv_named_uint v[] = {
		{"memcache.magic", h[0], true},
		{"memcache.opcode", op, n >= 2},
		{"memcache.key.length", key, n >= 4},
		{"memcache.extras.length", extras, n >= 5},
		{"memcache.data_type", h[5], n >= 6},
		{"memcache.status", status, !request && n >= 8},
		{"memcache.reserved", status, request && n >= 8},
		{"memcache.value.length", (uint32_t)(body - extras - key), n >= 12},
		{"memcache.total_body_length", body, n >= 12},
		{"memcache.opaque", fv_get32(h + 12, true), n >= 16},
		{"memcache.cas", (uint64_t)fv_get32(h + 16, true) << 32 | fv_get32(h + 20, true), n >= MC_HEADER},
	};
	fv_give_named(g->fn, g->data, g->want, v, G_N_ELEMENTS(v));
	if (n < MC_HEADER)
		return;
	uint32_t end = (uint64_t)MC_HEADER + body < n ? MC_HEADER + body : n, at = MC_HEADER;
	if (status != 0) {
		if (body)
			mc_give_str(g, "memcache.value", d + at, end - at);
		return;
	}
	if (at + extras > end)
		return;
	mc_extras(g, d + at, extras, op, request);
	at += extras;
	if (at + key > end)
		return;
	if (key)
		mc_give_str(g, "memcache.key", d + at, key);
	at += key;
	uint32_t value = body - extras - key;
	if (value == 0 || value > body)
		return;
	if (!request && (op == MC_INCR || op == MC_DECR)) {
		if (at + 8 <= end)
			mc_give_uint(g, "memcache.extras.response",
				     (uint64_t)fv_get32(d + at, true) << 32 | fv_get32(d + at + 4, true));
		return;
	}
	mc_give_str(g, "memcache.value", d + at, end - at < value ? end - at : value);
}

static void memcache_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d,
			    uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d || n == 0)
		return;
	struct mc_give g = {f->abbrev, fn, data};
	if (mc_binary(d[0])) {
		mc_binary_fields(&g, d, n);
		return;
	}
	struct mc_line m = mc_first_line(d, n);
	if (!m.known)
		return;
	if (m.response)
		mc_response(&g, d, n, &m);
	else
		mc_request(&g, d, n, &m);
}

/* ---- columns ---- */

/* Binary: the opcode's and the magic's names, and an error status's;
 * each message of a segment replaces the Info.  Text: the first line and
 * a space, a second message of the segment added after it; a line of no
 * word Wireshark knows "MEMCACHE Continuation". */
static void memcache_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_proto(c, "MEMCACHE");
	if (!d || n == 0) {
		col_clear(c);
		return;
	}
	if (mc_binary(d[0])) {
		col_clear(c);
		const char *op = n > 1 ? value_name(mc_opcodes, d[1]) : NULL;
		if (op)
			col_append(c, "%s ", op);
		else
			col_append(c, "Unknown opcode (%d) ", n > 1 ? d[1] : 0);
		col_append(c, "%s", d[0] == MC_REQUEST ? "Request" : "Response");
		if (n >= 12 && (d[0] & 1) && fv_get16(d + 6, true) != 0 && fv_get32(d + 8, true) != 0) {
			const char *s = value_name(mc_statuses, fv_get16(d + 6, true));
			if (s)
				col_append(c, " (%s)", s);
			else
				col_append(c, " (Unknown status: %u)", fv_get16(d + 6, true));
		}
		return;
	}
	if (!col_follows_same(p, idx))
		col_clear(c);
	struct mc_line m = mc_first_line(d, n);
	if (!m.known) {
		col_set(c, "MEMCACHE Continuation");
		return;
	}
	col_append_text(c, d, m.len);
	col_append(c, " ");
}

/* Wireshark's registration: TCP and UDP port 11211; over TCP a binary
 * message framed by its header, a text one by its line and data block. */
static const struct handoff memcache_handoff[] = {
	TCP_PORT(MC_PORT, dissect_memcache),
	UDP_PORT(MC_PORT, dissect_memcache),
	HANDOFF_LIST_END,
};
static const struct pdu_framing memcache_framing[] = {
	{dissect_memcache, memcache_pdu_len, NULL, false, NULL, false},
	{NULL, NULL, NULL, false, NULL, false},
};
PROTOCOL_ID(MEMCACHE, "memcache", "Memcache Protocol");
const struct protocol proto_memcache = {PROTO_MEMCACHE, .short_name = "MEMCACHE", .fields = &memcache_table,
					.columns = memcache_columns, .values = memcache_values,
					.handoff = memcache_handoff, .framing = memcache_framing};
