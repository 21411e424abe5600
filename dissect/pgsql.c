/* pgsql.c — PostgreSQL's frontend/backend protocol (version 3.0, the
 * PostgreSQL documentation's "Frontend/Backend Protocol"), TCP port 5432:
 * messages of type(1) length(4, itself and what follows), several to a
 * segment or one over many; the frontend's first messages have no type:
 *
 *   +--------+-----------+-------------+     +-----------+------------------+
 *   | type(1)| length(4) | body        |     | length(4) | code(4) body     |
 *   | 'Q'... |           |             |     |           | 196608: startup  |
 *   +--------+-----------+-------------+     +-----------+------------------+
 *     most messages                            startup, SSL request (80877103),
 *                                              cancel request (80877102)
 *
 * Which side sent a message is told by the port: to 5432 is the frontend.
 * The server answers an SSL request with one byte, 'S' (TLS follows, both
 * ways) or 'N'.  Info as Wireshark writes it: ">" from the frontend, "<"
 * from the backend, then each message's type letter, joined with "/".
 */
#include <string.h>

#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"
#include "dissect/session.h"

enum {
	PGSQL_PORT = 5432,
	PGSQL_MIN = 5, /* the shortest message: type and length */
	PGSQL_STARTUP = 196608, /* version 3.0 */
	PGSQL_SSL_REQUEST = 80877103,
	PGSQL_CANCEL = 80877102,
};

static const struct field_def pgsql_fields[] = {
	{"pgsql.frontend", "Frontend", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"pgsql.type", "Type", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"pgsql.length", "Length", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"pgsql.version_major", "Protocol major version", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"pgsql.version_minor", "Protocol minor version", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"pgsql.parameter_name", "Parameter name", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"pgsql.parameter_value", "Parameter value", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"pgsql.query", "Query", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"pgsql.password", "Password", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"pgsql.authtype", "Authentication type", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"pgsql.salt", "Salt value", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"pgsql.statement", "Statement", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"pgsql.tag", "Tag", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"pgsql.status", "Status", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"pgsql.pid", "PID", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"pgsql.key", "Key", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"pgsql.condition", "Condition", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"pgsql.severity", "Severity", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"pgsql.code", "Code", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"pgsql.message", "Message", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"pgsql.detail", "Detail", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"pgsql.hint", "Hint", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(pgsql);

static const struct value_string pgsql_frontend_types[] = {
	{'p', "Password message"}, {'Q', "Simple query"}, {'P', "Parse"}, {'B', "Bind"}, {'E', "Execute"},
	{'D', "Describe"}, {'C', "Close"}, {'H', "Flush"}, {'S', "Sync"}, {'F', "Function call"},
	{'d', "Copy data"}, {'c', "Copy completion"}, {'f', "Copy failure"}, {'X', "Termination"}, {0, NULL},
};

static const struct value_string pgsql_backend_types[] = {
	{'R', "Authentication request"}, {'K', "Backend key data"}, {'S', "Parameter status"},
	{'1', "Parse completion"}, {'2', "Bind completion"}, {'3', "Close completion"},
	{'C', "Command completion"}, {'t', "Parameter description"}, {'T', "Row description"},
	{'D', "Data row"}, {'I', "Empty query"}, {'n', "No data"}, {'E', "Error"}, {'N', "Notice"},
	{'s', "Portal suspended"}, {'Z', "Ready for query"}, {'A', "Notification"},
	{'V', "Function call response"}, {'G', "CopyIn response"}, {'H', "CopyOut response"},
	{'d', "Copy data"}, {'c', "Copy completion"}, {0, NULL},
};

static bool pgsql_tls_start(const uint8_t *d, uint32_t avail)
{
	return avail >= 3 && d[0] == 22 && d[1] == 3 && d[2] <= 4;
}

/* The message's length as Wireshark's framing reads it: the type byte (none
 * when it is 0) and the length, in 32 bits; 0 asks for more, as does a
 * start of fewer than 5 bytes.  A length below 5 is a broken message
 * (PDU_MIN_BAD: 1..4).  A lone 'S' or 'N' answers an SSL request; a TLS
 * handshake record is TLS's, after it. */
static uint32_t pgsql_pdu_len(const uint8_t *d, uint32_t avail)
{
	if (pgsql_tls_start(d, avail))
		return tls_pdu_len(d, avail);
	if (avail == 1 && (d[0] == 'S' || d[0] == 'N'))
		return 1;
	if (avail < PGSQL_MIN)
		return PDU_NEED_MORE;
	uint32_t n = d[0] ? 1 : 0;
	uint32_t total = fv_get32(d + n, true) + n;
	if (total == 0)
		return PDU_NEED_MORE;
	return total < PGSQL_MIN ? 0 : total;
}

/* What a connection keeps: an SSL request waits for its answer; the answer
 * 'S' turns what follows into TLS. */
struct pgsql_conv {
	bool ssl_requested;
	bool tls;
};

static void *pgsql_conv_new(void)
{
	return g_new0(struct pgsql_conv, 1);
}

static bool pgsql_frontend(const struct packet *p)
{
	return p->dport == PGSQL_PORT;
}

/* Reading one message's fields: each given to FN when it is WANT; a read
 * past the message stops it (field_reader). */
struct pgsql_walk {
	struct field_reader r;
	const char *want;
	fvalue_fn fn;
	void *data;
};

static uint32_t pgsql_uint(struct pgsql_walk *w, const char *name, uint32_t size)
{
	const uint8_t *p = field_take(&w->r, size);
	if (!p)
		return 0;
	uint32_t v = size == 4 ? fv_get32(p, true) : size == 2 ? fv_get16(p, true) : p[0];
	if (name && w->want && fv_same(w->want, name))
		fv_give_uint(w->fn, w->data, v);
	return v;
}

/* A NUL-ended string (field NAME); returns its length without the NUL. */
static uint32_t pgsql_stringz(struct pgsql_walk *w, const char *name)
{
	uint32_t lim = w->r.n < w->r.end ? w->r.n : w->r.end, len = 0;
	while (w->r.at + len < lim && w->r.d[w->r.at + len])
		len++;
	const uint8_t *p = field_take(&w->r, len + 1);
	if (p && name && w->want && fv_same(w->want, name))
		fv_give_ptr(w->fn, w->data, FV_STRING, p, len);
	return len;
}

/* The type's name, as the message's direction reads it. */
static const char *pgsql_type_name(const uint8_t *d, uint32_t n, bool fe)
{
	if (d[0] || !fe) {
		const char *s = value_name(fe ? pgsql_frontend_types : pgsql_backend_types, d[0]);
		return s ? s : "Unknown";
	}
	if (n < 8)
		return "Unknown";
	uint32_t len = fv_get32(d, true), tag = fv_get32(d + 4, true);
	if (len == 16 && tag == PGSQL_CANCEL)
		return "Cancel request";
	if (len == 8 && tag == PGSQL_SSL_REQUEST)
		return "SSL request";
	if (tag == PGSQL_STARTUP)
		return "Startup message";
	return "Unknown";
}

/* A message without a type byte: startup (version, then name and value
 * pairs to an empty name) or cancel request. */
static void pgsql_untyped(struct pgsql_walk *w)
{
	uint32_t tag = fv_get32(w->r.d + 4, true);
	if (tag == PGSQL_CANCEL) {
		w->r.at = 8;
		pgsql_uint(w, "pgsql.pid", 4);
		pgsql_uint(w, "pgsql.key", 4);
		return;
	}
	if (tag != PGSQL_STARTUP)
		return;
	pgsql_uint(w, "pgsql.version_major", 2);
	pgsql_uint(w, "pgsql.version_minor", 2);
	while (!w->r.stop && w->r.at + 1 < w->r.end) {
		pgsql_stringz(w, "pgsql.parameter_name");
		pgsql_stringz(w, "pgsql.parameter_value");
	}
}

/* An error or notice: fields of code(1) text, to a 0 code. */
static void pgsql_notice(struct pgsql_walk *w)
{
	while (!w->r.stop && w->r.at < w->r.end) {
		const uint8_t *code = field_take(&w->r, 1);
		if (!code || code[0] == 0)
			return;
		const char *name = code[0] == 'S' ? "pgsql.severity" : code[0] == 'C' ? "pgsql.code" :
				   code[0] == 'M' ? "pgsql.message" : code[0] == 'D' ? "pgsql.detail" :
				   code[0] == 'H' ? "pgsql.hint" : NULL;
		pgsql_stringz(w, name);
	}
}

static void pgsql_frontend_body(struct pgsql_walk *w, uint8_t type)
{
	if (type == 'Q') {
		pgsql_stringz(w, "pgsql.query");
	} else if (type == 'P') {
		pgsql_stringz(w, "pgsql.statement");
		pgsql_stringz(w, "pgsql.query");
	} else if (type == 'p') {
		pgsql_stringz(w, "pgsql.password");
	}
}

static void pgsql_backend_body(struct pgsql_walk *w, uint8_t type)
{
	switch (type) {
	case 'R': {
		uint32_t auth = pgsql_uint(w, "pgsql.authtype", 4);
		if (!w->r.stop && (auth == 4 || auth == 5)) {
			uint32_t k = auth == 4 ? 2 : 4;
			const uint8_t *s = field_take(&w->r, k);
			if (s && w->want && fv_same(w->want, "pgsql.salt"))
				fv_give_ptr(w->fn, w->data, FV_BYTES, s, k);
		}
		break;
	}
	case 'K':
		pgsql_uint(w, "pgsql.pid", 4);
		pgsql_uint(w, "pgsql.key", 4);
		break;
	case 'S':
		pgsql_stringz(w, "pgsql.parameter_name");
		pgsql_stringz(w, "pgsql.parameter_value");
		break;
	case 'C':
		pgsql_stringz(w, "pgsql.tag");
		break;
	case 'Z':
		pgsql_uint(w, "pgsql.status", 1);
		break;
	case 'E':
	case 'N':
		pgsql_notice(w);
		break;
	case 'A':
		pgsql_uint(w, "pgsql.pid", 4);
		pgsql_stringz(w, "pgsql.condition");
		break;
	default:
		break;
	}
}

/* One message at D (N bytes there) sent by the frontend (FE) or not. */
static void pgsql_walk_run(struct pgsql_walk *w, bool fe)
{
	w->r.end = UINT32_MAX;
	if (w->r.n < PGSQL_MIN)
		return;
	uint8_t type = w->r.d[0];
	uint32_t at = type ? 1 : 0, len = fv_get32(w->r.d + at, true);
	w->r.end = (uint32_t)((uint64_t)len + at > UINT32_MAX ? UINT32_MAX : len + at);
	if (w->want && fv_same(w->want, "pgsql.frontend"))
		fv_give_uint(w->fn, w->data, fe);
	if (w->want && fv_same(w->want, "pgsql.type")) {
		const char *s = pgsql_type_name(w->r.d, w->r.n, fe);
		fv_give_ptr(w->fn, w->data, FV_STRING, (const uint8_t *)s, (uint32_t)strlen(s));
	}
	w->r.at = at;
	pgsql_uint(w, "pgsql.length", 4);
	if (type == 0 && fe) {
		if (w->r.n >= 8)
			pgsql_untyped(w);
		w->r.at = w->r.at < 8 ? 8 : w->r.at;
	} else if (fe) {
		pgsql_frontend_body(w, type);
	} else {
		pgsql_backend_body(w, type);
	}
}

/* The server's one-byte answer to an SSL request: a layer of no bytes
 * that names the protocol in the columns but is in no list of protocols
 * (Wireshark sets them, adds nothing to its tree). */
static void pgsql_answer(struct packet *p, struct cursor *c, struct pgsql_conv *conv)
{
	int idx = pkt_push_layer(p, PROTO_PGSQL, c->off);
	if (idx >= 0)
		p->layers[idx].flags |= PKT_NESTED | PKT_NAMES_PROTO | PKT_NO_ITEM | PKT_TREE_ONLY;
	if (conv && cursor_peek(c, 0) == 'S')
		conv->tls = true;
	p->flags |= PKT_PDU_STOP; /* what else the segment holds shows nothing */
	cursor_skip(c, cursor_rleft(c));
}

static void dissect_pgsql(struct packet *p, struct cursor *c)
{
	struct pgsql_conv *conv = p->session && p->ip_layer >= 0 ?
		session_conv_data(p->session, p, PROTO_PGSQL, pgsql_conv_new, g_free) : NULL;
	bool first = p->l4_layer == p->nlayers - 1;
	if (conv && conv->tls && pgsql_tls_start(c->data + c->off, cursor_left(c))) {
		dissect_tls(p, c);
		return;
	}
	if (first && conv && conv->ssl_requested) {
		conv->ssl_requested = false;
		pgsql_answer(p, c, conv);
		return;
	}
	if (cursor_rleft(c) == 1 && !pgsql_frontend(p)) {
		pgsql_answer(p, c, NULL);
		return;
	}
	int idx = pkt_push_layer(p, PROTO_PGSQL, c->off);
	if (idx < 0)
		return;
	uint32_t avail = cursor_left(c), room = cursor_rleft(c);
	bool fe = pgsql_frontend(p);
	struct pgsql_walk w = {.r = {.d = c->data + c->off, .n = avail < room ? avail : room}};
	if (room < PGSQL_MIN || fv_get32(w.r.d + (w.r.d[0] ? 1 : 0), true) + (w.r.d[0] ? 1u : 0u) < PGSQL_MIN) {
		/* a length below the shortest message: malformed in the framing,
		 * before the message is read (no pgsql item, no node) */
		tcp_pdu_refused(p, idx, c, PKT_NAMES_PROTO);
		return;
	}
	pgsql_walk_run(&w, fe);
	if (conv && fe && w.r.d[0] == 0 && w.r.n >= 8 && fv_get32(w.r.d, true) == 8 &&
	    fv_get32(w.r.d + 4, true) == PGSQL_SSL_REQUEST)
		conv->ssl_requested = true;
	field_reader_end(p, idx, c, &w.r);
}

/* ">" or "<", then each message's type letter, "/" between them. */
static void pgsql_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_proto(c, "PGSQL");
	bool follows = col_follows_same(p, idx);
	if (!follows)
		col_set(c, "%s", pgsql_frontend(p) ? ">" : "<");
	const struct layer *l = &p->layers[idx];
	if ((l->flags & PKT_NO_ITEM) || !d || n == 0)
		return;
	if (follows)
		col_append(c, "/");
	if (d[0])
		col_append(c, "%c", d[0]);
}

/* A message TCP still gathers, in the segment it starts in: the
 * direction only. */
static void pgsql_partial(struct columns *c, const struct packet *p, G_GNUC_UNUSED const uint8_t *d,
			  G_GNUC_UNUSED uint32_t n)
{
	col_set(c, "%s", pgsql_frontend(p) ? ">" : "<");
}

static void pgsql_values(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
			 const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d || (l->flags & PKT_NO_ITEM))
		return;
	struct pgsql_walk w = {.r = {.d = d, .n = n}, .want = f->abbrev, .fn = fn, .data = data};
	pgsql_walk_run(&w, pgsql_frontend(p));
}

/* Wireshark's registration: TCP port 5432, each message framed by its
 * length. */
static const struct handoff pgsql_handoff[] = {
	TCP_PORT(PGSQL_PORT, dissect_pgsql),
	HANDOFF_LIST_END,
};
static const struct pdu_framing pgsql_framing[] = {
	{dissect_pgsql, pgsql_pdu_len, NULL, false, NULL, false},
	{NULL, NULL, NULL, false, NULL, false},
};
PROTOCOL_ID(PGSQL, "pgsql", "PostgreSQL");
const struct protocol proto_pgsql = {PROTO_PGSQL, .short_name = "PGSQL", .fields = &pgsql_table,
				     .columns = pgsql_columns, .partial = pgsql_partial, .values = pgsql_values,
				     .handoff = pgsql_handoff, .framing = pgsql_framing};
