/* rsync.c — the rsync daemon's protocol (rsyncd, TCP port 873): a text
 * greeting each way, then the client's query and commands and the server's
 * message of the day, module list or answer, then the transfer's data.
 *
 *   server: "@RSYNCD: 31.0\n"   motd lines ...   (after a query of "\n": the
 *           module list, ending "@RSYNCD: EXIT\n"; "@RSYNCD: AUTHREQD ...")
 *   client: "@RSYNCD: 31.0\n"   "module\n"   "--server\n..."   data
 *
 * Each segment is one `rsync` layer, read by the state its side of the
 * connection was in, as Wireshark follows it.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"
#include "dissect/session.h"

enum { RSYNC_PORT = 873, RSYNC_MAGIC_LEN = 8 };

/* What a segment is, by the state of its side. */
enum rsync_state {
	RSYNC_CLIENT_INIT = 1, RSYNC_CLIENT_QUERY, RSYNC_COMMAND, RSYNC_SERVER_INIT, RSYNC_MOTD, RSYNC_MODULE_LIST,
	RSYNC_DATA,
};

static const struct field_def rsync_fields[] = {
	{"rsync.hdr_magic", "Magic Header", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"rsync.hdr_version", "Header Version", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"rsync.query", "Client Query String", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"rsync.motd", "Server MOTD String", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"rsync.module_list", "Server Module List", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"rsync.response", "RSYNCD Response String", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"rsync.command", "Client Command String", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"rsync.data", "rsync data", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(rsync);

/* The states of the connection's two sides. */
struct rsync_conv {
	uint8_t client, server;
};

static void *rsync_conv_new(void)
{
	struct rsync_conv *r = g_new0(struct rsync_conv, 1);
	r->client = RSYNC_CLIENT_INIT;
	r->server = RSYNC_SERVER_INIT;
	return r;
}

static bool starts(const uint8_t *d, uint32_t n, const char *s)
{
	size_t k = strlen(s);
	return n >= k && memcmp(d, s, k) == 0;
}

/* Whether a module list segment ends with the server's exit line. */
static bool rsync_list_end(const uint8_t *d, uint32_t n)
{
	static const char exit_line[] = "@RSYNCD: EXIT";
	uint32_t k = sizeof exit_line - 1;
	return n > k && memcmp(d + n - k - 1, exit_line, k) == 0;
}

/* The state a segment of D (N bytes) from the server (SERVER) or the
 * client is read in, moving the connection's states on. */
static enum rsync_state rsync_step(struct rsync_conv *r, bool server, const uint8_t *d, uint32_t n)
{
	bool greeting = n > RSYNC_MAGIC_LEN + 1; /* a shorter one stops Wireshark before its next state */
	if (server) {
		enum rsync_state s = r->server;
		if (s == RSYNC_SERVER_INIT && greeting)
			r->server = RSYNC_MOTD;
		else if (s == RSYNC_MODULE_LIST && (starts(d, n, "@RSYNCD: AUTHREQD ") || rsync_list_end(d, n)))
			r->server = RSYNC_DATA;
		return s;
	}
	enum rsync_state s = r->client;
	if (s == RSYNC_CLIENT_INIT) {
		if (greeting)
			r->client = RSYNC_CLIENT_QUERY;
	} else if (s == RSYNC_CLIENT_QUERY) {
		r->client = RSYNC_COMMAND;
		r->server = n == 1 && d[0] == '\n' ? RSYNC_MODULE_LIST : RSYNC_DATA;
	}
	return s;
}

static enum rsync_state rsync_state_of(const struct packet *p);

static void dissect_rsync(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_RSYNC, c->off);
	if (idx < 0)
		return;
	uint32_t avail = cursor_left(c), room = cursor_rleft(c);
	if (p->session && p->ip_layer >= 0) {
		struct rsync_conv *r = session_conv_data(p->session, p, PROTO_RSYNC, rsync_conv_new, g_free);
		char state = (char)rsync_step(r, p->sport == RSYNC_PORT, c->data + c->off, avail < room ? avail : room);
		pkt_set_app_info(p, PROTO_RSYNC, &state, 1);
	}
	if ((rsync_state_of(p) == RSYNC_CLIENT_INIT || rsync_state_of(p) == RSYNC_SERVER_INIT) &&
	    !cursor_need(c, RSYNC_MAGIC_LEN + 2)) {
		/* a greeting too short for its magic and a version (Wireshark
		 * reads one byte of it at least) */
		pkt_note_cursor(p, idx, c);
		return;
	}
	cursor_skip(c, room);
}

/* The state layer L was read in (the first segment's of its side when the
 * frame was read alone). */
static enum rsync_state rsync_state_of(const struct packet *p)
{
	if (p->app_info_proto == PROTO_RSYNC && p->app_info_len == 1)
		return (enum rsync_state)p->app_info[0];
	return p->sport == RSYNC_PORT ? RSYNC_SERVER_INIT : RSYNC_CLIENT_INIT;
}

static void rsync_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_proto(c, "RSYNC");
	col_clear(c);
	switch (rsync_state_of(p)) {
	case RSYNC_CLIENT_INIT:
	case RSYNC_SERVER_INIT: {
		uint32_t at = RSYNC_MAGIC_LEN + 1, len = d && n > at ? n - at : 0;
		if (!d || n <= at)
			break; /* too short: the exception's note alone */
		if (len && d[at + len - 1] == '\n')
			len--;
		col_set(c, "%s Initialisation (Version ", p->sport == RSYNC_PORT ? "Server" : "Client");
		if (len)
			col_append_text(c, d + at, len);
		col_append(c, ")");
		break;
	}
	case RSYNC_CLIENT_QUERY: col_set(c, "Client Query"); break;
	case RSYNC_COMMAND: col_set(c, "Client Command"); break;
	case RSYNC_MOTD: col_set(c, "Server MOTD"); break;
	case RSYNC_MODULE_LIST:
		if (d && starts(d, n, "@RSYNCD: AUTHREQD "))
			col_set(c, "Authentication");
		else
			col_set(c, "%s", d && rsync_list_end(d, n) ? "Final module list" : "Module list");
		break;
	case RSYNC_DATA: col_set(c, "Data"); break;
	}
}

static void rsync_values(const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d, uint32_t n,
			 const struct field_def *f, fvalue_fn fn, void *data)
{
	const char *a = f->abbrev, *whole = NULL;
	if (!d)
		return;
	switch (rsync_state_of(p)) {
	case RSYNC_CLIENT_INIT:
	case RSYNC_SERVER_INIT:
		if (fv_same(a, "rsync.hdr_magic") && n >= RSYNC_MAGIC_LEN)
			fv_give_ptr(fn, data, FV_STRING, d, RSYNC_MAGIC_LEN);
		else if (fv_same(a, "rsync.hdr_version") && n >= RSYNC_MAGIC_LEN + 1)
			fv_give_ptr(fn, data, FV_STRING, d + RSYNC_MAGIC_LEN + 1, n - RSYNC_MAGIC_LEN - 1);
		return;
	case RSYNC_CLIENT_QUERY: whole = "rsync.query"; break;
	case RSYNC_COMMAND: whole = "rsync.command"; break;
	case RSYNC_MOTD: whole = "rsync.motd"; break;
	case RSYNC_MODULE_LIST: whole = starts(d, n, "@RSYNCD: AUTHREQD ") ? "rsync.response" : "rsync.module_list"; break;
	case RSYNC_DATA:
		if (fv_same(a, "rsync.data"))
			fv_give_ptr(fn, data, FV_BYTES, d, n);
		return;
	}
	if (fv_same(a, whole))
		fv_give_ptr(fn, data, FV_STRING, d, n);
}

/* Which field a segment gives comes from the segments before it. */
static int rsync_depth(const struct field_def *f)
{
	return f ? DEPTH_TRACKED : -1;
}

/* Wireshark's registration: TCP port 873; each segment read alone. */
static const struct handoff rsync_handoff[] = {
	TCP_PORT(RSYNC_PORT, dissect_rsync),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(RSYNC, "rsync", "RSYNC File Synchroniser");
const struct protocol proto_rsync = {PROTO_RSYNC, .short_name = "RSYNC", .fields = &rsync_table, .columns = rsync_columns,
				     .values = rsync_values, .depth = rsync_depth, .handoff = rsync_handoff};
