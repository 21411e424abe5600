/* rsh.c — the Remote Shell (BSD rshd), TCP port 514: the client sends NUL-ended
 * strings, then both sides exchange the command's input and output:
 *
 *   client: stderr port "1022\0" (or "\0"), client user "root\0",
 *           server user "root\0", command "ls -l\0"
 *   server: "\0" (or an error), then the command's output
 *
 * Each segment is one `rsh` layer, read by the state of the connection as
 * Wireshark follows it: a segment not ending in a NUL is data; else the
 * strings expected next are read while they look like them.  The Info
 * names the server user once known, as Wireshark's default preferences do.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"
#include "dissect/session.h"

enum {
	RSH_PORT = 514, RSH_PORT_LEN = 5, RSH_USER_LEN = 16, RSH_COMMAND_LEN = 256, RSH_USER_MAX = 64,
};

/* What the connection expects next. */
enum rsh_state { RSH_STDERR_PORT = 1, RSH_CLIENT_USER, RSH_SERVER_USER, RSH_COMMAND, RSH_DATA };

static const struct field_def rsh_fields[] = {
	{"rsh.stderr_port", "Stderr port (optional)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"rsh.client_username", "Client username", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"rsh.server_username", "Server username", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"rsh.command", "Command to execute", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"rsh.client_server_data", "Client -> Server Data", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"rsh.server_client_data", "Server -> Client Data", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(rsh);

struct rsh_conv {
	uint8_t state;             /* enum rsh_state */
	char server_user[RSH_USER_MAX]; /* the first server user read, "" until then */
};

static void *rsh_conv_new(void)
{
	struct rsh_conv *r = g_new0(struct rsh_conv, 1);
	r->state = RSH_STDERR_PORT;
	return r;
}

/* The NUL-ended string at D[AT] (N bytes): its length with the NUL, as
 * Wireshark counts it (to the end when no NUL follows, plus one). */
static uint32_t rsh_stringz(const uint8_t *d, uint32_t n, uint32_t at)
{
	const uint8_t *z = memchr(d + at, 0, n - at);
	return z ? (uint32_t)(z - (d + at)) + 1 : n - at + 1;
}

static bool all(const uint8_t *s, uint32_t n, gboolean (*is)(gchar))
{
	for (uint32_t i = 0; i < n; i++)
		if (!is((gchar)s[i]))
			return false;
	return true;
}

static gboolean is_digit(gchar c)
{
	return g_ascii_isdigit(c);
}

static gboolean is_print(gchar c)
{
	return g_ascii_isprint(c);
}

/* A walk over a segment from a state: the strings read, given to WANT's
 * FN; the server user read kept in USER, USER_LEN. */
struct rsh_walk {
	const char *want;
	fvalue_fn fn;
	void *data;
	const uint8_t *user;
	uint32_t user_len;
};

static void rsh_give(struct rsh_walk *w, const char *name, const uint8_t *s, uint32_t len)
{
	if (w->want && fv_same(w->want, name))
		fv_give_ptr(w->fn, w->data, FV_STRING, s, len > 0 ? len - 1 : 0);
}

static enum rsh_state rsh_walk(struct rsh_walk *w, enum rsh_state state, const uint8_t *d, uint32_t n)
{
	uint32_t at = 0, len;
	if (n == 0 || d[n - 1] != 0)
		return RSH_DATA;
	if (state == RSH_STDERR_PORT && at < n) {
		len = rsh_stringz(d, n, at);
		if (len == 1 || (all(d + at, len - 1, is_digit) && len <= RSH_PORT_LEN)) {
			rsh_give(w, "rsh.stderr_port", d + at, len);
			state = RSH_CLIENT_USER;
		} else {
			state = RSH_DATA;
		}
		at += len;
	}
	if (state == RSH_CLIENT_USER && at < n) {
		len = rsh_stringz(d, n, at);
		if (len != 1 && len <= RSH_USER_LEN && all(d + at, len - 1, is_print)) {
			rsh_give(w, "rsh.client_username", d + at, len);
			state = RSH_SERVER_USER;
		} else {
			state = RSH_DATA;
		}
		at += len;
	}
	if (state == RSH_SERVER_USER && at < n) {
		len = rsh_stringz(d, n, at);
		if (len != 1 && len <= RSH_USER_LEN && all(d + at, len - 1, is_print)) {
			rsh_give(w, "rsh.server_username", d + at, len);
			w->user = d + at;
			w->user_len = len - 1;
		}
		at += len;
		state = RSH_COMMAND; /* whether it looked like a user or not, as Wireshark */
	}
	if (state == RSH_COMMAND && at < n) {
		len = rsh_stringz(d, n, at);
		if (len != 1 && len <= RSH_COMMAND_LEN && all(d + at, len - 1, is_print))
			rsh_give(w, "rsh.command", d + at, len);
		else
			state = RSH_DATA;
	}
	return state;
}

static void dissect_rsh(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_RSH, c->off);
	if (idx < 0)
		return;
	uint32_t avail = cursor_left(c), room = cursor_rleft(c);
	if (p->session && p->ip_layer >= 0) {
		struct rsh_conv *r = session_conv_data(p->session, p, PROTO_RSH, rsh_conv_new, g_free);
		/* the state the segment starts in and the user known before it */
		char note[1 + RSH_USER_MAX];
		note[0] = (char)r->state;
		size_t ulen = strlen(r->server_user);
		memcpy(note + 1, r->server_user, ulen);
		struct rsh_walk w = {0};
		r->state = (uint8_t)rsh_walk(&w, (enum rsh_state)r->state, c->data + c->off, avail < room ? avail : room);
		if (w.user && !r->server_user[0] && w.user_len < RSH_USER_MAX) {
			memcpy(r->server_user, w.user, w.user_len);
			r->server_user[w.user_len] = 0;
		}
		pkt_set_app_info(p, PROTO_RSH, note, 1 + ulen);
	}
	cursor_skip(c, room);
}

/* The state segment P started in (a frame read alone: the session's
 * start) and the server user known before it. */
static enum rsh_state rsh_start(const struct packet *p, const char **user, size_t *ulen)
{
	*user = "";
	*ulen = 0;
	if (p->app_info_proto != PROTO_RSH || p->app_info_len < 1)
		return RSH_STDERR_PORT;
	*user = p->app_info + 1;
	*ulen = p->app_info_len - 1u;
	return (enum rsh_state)p->app_info[0];
}

static void rsh_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_proto(c, "RSH");
	col_clear(c);
	const char *user;
	size_t ulen;
	struct rsh_walk w = {0};
	enum rsh_state after = rsh_walk(&w, rsh_start(p, &user, &ulen), d, d ? n : 0);
	if (after != RSH_DATA) {
		col_set(c, "Session Establishment");
		return;
	}
	/* the user known before the segment: Wireshark writes it first */
	if (ulen)
		col_append(c, "Server username:%.*s ", (int)ulen, user);
	if (n)
		col_append(c, "%s", p->dport == RSH_PORT ? "Client -> Server data" : "Server -> Client Data");
}

static void rsh_values(const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d, uint32_t n,
		       const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d)
		return;
	const char *user;
	size_t ulen;
	struct rsh_walk w = {.want = f->abbrev, .fn = fn, .data = data};
	if (rsh_walk(&w, rsh_start(p, &user, &ulen), d, n) != RSH_DATA || n == 0)
		return;
	if (fv_same(f->abbrev, p->dport == RSH_PORT ? "rsh.client_server_data" : "rsh.server_client_data"))
		fv_give_ptr(fn, data, FV_BYTES, d, n);
}

/* What a segment is comes from the segments before it. */
static int rsh_depth(const struct field_def *f)
{
	return f ? DEPTH_TRACKED : -1;
}

/* Wireshark's registration: TCP port 514; each segment read alone. */
static const struct handoff rsh_handoff[] = {
	TCP_PORT(RSH_PORT, dissect_rsh),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(RSH, "rsh", "Remote Shell");
const struct protocol proto_rsh = {PROTO_RSH, .short_name = "RSH", .fields = &rsh_table, .columns = rsh_columns,
				   .values = rsh_values, .depth = rsh_depth, .handoff = rsh_handoff};
