/* ftp.c — FTP (RFC 959, RFC 2428), TCP port 21, and its data connections
 * (FTP-DATA), TCP port 20 or as the control connection announced them.
 *
 *   client:  COMMAND [argument] CRLF           (PORT 10,0,0,1,4,1 / EPRT |1|10.0.0.1|1025|)
 *   server:  NNN[- ]text CRLF                  (227 ... (10,0,0,2,4,3) / 229 ... (|||1027|))
 *
 * Each segment is read on its own.  One sent to port 21 is a request: its
 * first word the command, the rest of the line its argument; any other is a
 * response: three digits the code, the rest of the line after a space or
 * hyphen its argument (a line without the digits is one in the middle of a
 * multi-line response).  Wireshark adds the working-directory pseudo-protocol
 * to every FTP frame.
 *
 * A data connection is announced four ways, each making, from the next
 * frame on, a TCP connection between one endpoint and another address (any
 * port there) FTP-DATA:
 *   PORT request     the server's address, port 20  <-> the address given
 *   227 (PASV)       the address and port given     <-> the client's address
 *   EPRT request     the client's address, the port <-> the address given
 *   229 (EPSV)       the server's address, the port <-> the client's address
 * (as Wireshark keys them; an EPRT naming the client's own address keys a
 * connection from the client to itself, which no data connection is).  The
 * next request on the control connection is the command the data answers.
 * A data segment shows "FTP Data: N bytes (METHOD) (COMMAND)" and, under
 * ftp-data, what links it to its control connection: the setup frame, and
 * when announced the method, the command and its frame and the working
 * directory; text (its first 20 bytes printable) is line-based text.
 * A 234 response after "AUTH TLS" turns the connection to TLS from its next
 * segment on.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"
#include "dissect/session.h"

#define FTP_PORT 21
#define FTP_DATA_PORT 20
#define XFERS_MAX 4096 /* announcements kept per file; the oldest forgotten first */

static const struct field_def ftp_fields[] = {
	{"ftp.request", "Request", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ftp.response", "Response", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ftp.request.command", "Request command", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ftp.request.arg", "Request arg", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ftp.response.code", "Response code", FT_UINT32, BASE_DEC, FIELD_VAR, 0, 0, NULL},
	{"ftp.response.arg", "Response arg", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ftp.passive.ip", "Passive IP address", FT_IPV4, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ftp.passive.port", "Passive port", FT_UINT16, BASE_DEC, FIELD_VAR, 0, 0, NULL},
	{"ftp.active.cip", "Active IP address", FT_IPV4, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ftp.active.port", "Active port", FT_UINT16, BASE_DEC, FIELD_VAR, 0, 0, NULL},
	{"ftp.eprt.af", "Extended active address family", FT_UINT8, BASE_DEC, FIELD_VAR, 0, 0, NULL},
	{"ftp.eprt.ip", "Extended active IP address", FT_IPV4, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ftp.eprt.ipv6", "Extended active IPv6 address", FT_IPV6, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ftp.eprt.port", "Extended active port", FT_UINT16, BASE_DEC, FIELD_VAR, 0, 0, NULL},
	{"ftp.epsv.port", "Extended passive port", FT_UINT16, BASE_DEC, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(ftp);

static const char *const ftp_hidden[] = {"ftp.request", "ftp.response", NULL};

/* What a segment's first line says. */
struct ftp_line {
	bool request;
	uint32_t end;   /* the line's text ends here */
	uint32_t token; /* a request's command: its length (0: none) */
	bool has_code;  /* a response line starting with three digits */
	uint32_t code;
	uint32_t arg;   /* where the argument starts (arg == end: none) */
};

static void ftp_read_line(const struct packet *p, const uint8_t *d, uint32_t n, struct ftp_line *l)
{
	*l = (struct ftp_line){.request = p->dport == FTP_PORT};
	line_next(d, n, 0, &l->end);
	uint32_t at = 0;
	if (l->request) {
		while (at < l->end && d[at] != ' ')
			at++;
		l->token = at;
		while (at < l->end && d[at] == ' ')
			at++;
	} else if (l->end >= 3 && g_ascii_isdigit(d[0]) && g_ascii_isdigit(d[1]) && g_ascii_isdigit(d[2])) {
		l->has_code = true;
		l->code = (uint32_t)(d[0] - '0') * 100 + (uint32_t)(d[1] - '0') * 10 + (uint32_t)(d[2] - '0');
		at = l->end >= 4 ? 4 : l->end;
	}
	l->arg = at;
}

/* A number as sscanf's "%d" reads it from S[*AT..N): blanks, a sign,
 * digits; false without a digit. */
static bool scan_int(const uint8_t *s, uint32_t n, uint32_t *at, int32_t *out)
{
	uint32_t i = *at;
	while (i < n && g_ascii_isspace(s[i]))
		i++;
	bool neg = i < n && s[i] == '-';
	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	if (i >= n || !g_ascii_isdigit(s[i]))
		return false;
	int64_t v = 0;
	while (i < n && g_ascii_isdigit(s[i])) {
		if (v < INT32_MAX)
			v = v * 10 + (s[i] - '0');
		i++;
	}
	*out = (int32_t)(neg ? -v : v);
	*at = i;
	return true;
}

/* The first run of six numbers "h1,h2,h3,h4,p1,p2" in S[0..N) that starts
 * at a digit, as Wireshark reads PORT arguments and 227 responses (any text
 * around them; each number taken modulo 256). */
static bool parse_port_pasv(const uint8_t *s, uint32_t n, uint8_t ip[4], uint16_t *port)
{
	for (uint32_t i = 0; i < n && s[i]; i++) {
		if (!g_ascii_isdigit(s[i]))
			continue;
		int32_t v[6];
		uint32_t at = i;
		int k = 0;
		while (k < 6 && scan_int(s, n, &at, &v[k])) {
			k++;
			if (k < 6 && (at >= n || s[at] != ','))
				break;
			if (k < 6)
				at++;
		}
		if (k == 6) {
			uint32_t a = (uint32_t)v[0] << 24 | (uint32_t)v[1] << 16 | (uint32_t)v[2] << 8 | (uint32_t)v[3];
			ip[0] = (uint8_t)(a >> 24), ip[1] = (uint8_t)(a >> 16), ip[2] = (uint8_t)(a >> 8), ip[3] = (uint8_t)a;
			*port = (uint16_t)((v[4] & 0xff) << 8 | (v[5] & 0xff));
			return true;
		}
		while (i + 1 < n && g_ascii_isdigit(s[i + 1]))
			i++; /* skip the first number found, and try again */
	}
	return false;
}

/* RFC 2428's rule for a delimiter: printable, no digit, hex letter, '.' or ':'. */
static bool valid_delimiter(uint8_t c)
{
	return g_ascii_isgraph(c) && !strchr("0123456789abcdef.:", g_ascii_tolower(c));
}

/* A decimal number of 1 to 5 digits, the whole of S[0..N), at most MAX. */
static bool parse_decimal(const uint8_t *s, uint32_t n, uint32_t max, uint32_t *out)
{
	if (n == 0 || n > 10)
		return false;
	uint64_t v = 0;
	for (uint32_t i = 0; i < n; i++) {
		if (!g_ascii_isdigit(s[i]))
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > max)
		return false;
	*out = (uint32_t)v;
	return true;
}

/* "EPRT <d>af<d>address<d>port<d>": the delimiter four times, no field
 * empty, af 1 (an IPv4 address) or 2 (IPv6). */
static bool parse_eprt(const uint8_t *s, uint32_t n, uint32_t *af, uint8_t addr[16], uint16_t *port)
{
	const uint8_t *nul = memchr(s, 0, n);
	if (nul)
		n = (uint32_t)(nul - s);
	if (n < 4 || !valid_delimiter(s[0]))
		return false;
	uint32_t at[4], seen = 0;
	for (uint32_t i = 0; i < n; i++)
		if (s[i] == s[0] && seen++ < 4)
			at[seen - 1] = i;
	if (seen != 4)
		return false;
	for (int k = 1; k < 4; k++)
		if (at[k] - at[k - 1] <= 1)
			return false;
	uint32_t p;
	if (!parse_decimal(s + at[0] + 1, at[1] - at[0] - 1, UINT32_MAX, af) || (*af != 1 && *af != 2))
		return false;
	if (!parse_decimal(s + at[2] + 1, at[3] - at[2] - 1, 65535, &p))
		return false;
	*port = (uint16_t)p;
	char text[INET6_ADDRSTRLEN + 1];
	uint32_t len = at[2] - at[1] - 1;
	if (len >= sizeof text)
		return false;
	memcpy(text, s + at[1] + 1, len);
	text[len] = '\0';
	return inet_pton(*af == 1 ? AF_INET : AF_INET6, text, addr) == 1;
}

/* "... (<d><d><d>port<d>)": the port after the first '(' and up to three
 * of one delimiter, a ')' somewhere after it. */
static bool parse_epsv(const uint8_t *s, uint32_t n, uint16_t *port)
{
	const uint8_t *nul = memchr(s, 0, n);
	if (nul)
		n = (uint32_t)(nul - s);
	const uint8_t *open = memchr(s, '(', n);
	if (!open)
		return false;
	uint32_t at = (uint32_t)(open - s) + 1;
	uint8_t delim = 0;
	for (int k = 0; k < 3 && at < n; k++, at++) {
		if (!delim && valid_delimiter(s[at]))
			delim = s[at];
		if (s[at] != delim)
			break;
	}
	uint32_t start = at, v = 0;
	while (at < n && g_ascii_isdigit(s[at]) && v <= 65535)
		v = v * 10 + (uint32_t)(s[at++] - '0');
	if (at == start || v > 65535 || !memchr(s + at, ')', n - at))
		return false;
	*port = (uint16_t)v;
	return true;
}

/* One announced data connection; shared (counted) by the control
 * connection, the file's table of announcements and the data connection. */
struct ftp_xfer {
	unsigned refs;
	uint64_t setup_frame;
	const char *method;     /* "PORT", "PASV", "EPRT", "EPASV" */
	char *command;          /* the request after it (NULL: none yet) */
	uint64_t command_frame;
};

static struct ftp_xfer *xfer_ref(struct ftp_xfer *x)
{
	if (x)
		x->refs++;
	return x;
}

static void xfer_unref(void *data)
{
	struct ftp_xfer *x = data;
	if (x && --x->refs == 0) {
		g_free(x->command);
		g_free(x);
	}
}

/* A control connection: the data connection it announced last. */
struct ftp_conv {
	struct ftp_xfer *current;
};

static void *ftp_conv_new(void)
{
	return g_new0(struct ftp_conv, 1);
}

static void ftp_conv_free(void *data)
{
	struct ftp_conv *s = data;
	xfer_unref(s->current);
	g_free(s);
}

/* The file's announcements: (address, port, address, 0) -> struct ftp_xfer,
 * in the order made. */
struct ftp_xfers {
	struct flowtab *by_key; /* -> struct ftp_xfer * (a reference) */
	GQueue order;           /* struct flow_key * (owned), the keys in the order put */
};

static void *xfers_new(void)
{
	struct ftp_xfers *t = g_new0(struct ftp_xfers, 1);
	t->by_key = flowtab_new();
	g_queue_init(&t->order);
	return t;
}

static void xfer_unref_each(void *value, G_GNUC_UNUSED void *data)
{
	xfer_unref(value);
}

static void xfers_free(void *data)
{
	struct ftp_xfers *t = data;
	flowtab_foreach(t->by_key, xfer_unref_each, NULL);
	flowtab_free(t->by_key);
	g_queue_clear_full(&t->order, g_free);
	g_free(t);
}

static gint key_cmp(gconstpointer a, gconstpointer b)
{
	return memcmp(a, b, sizeof(struct flow_key));
}

/* P announced a data connection between A:PORT_A and B (any port) by METHOD. */
static void ftp_announce(struct packet *p, const uint8_t *a, uint16_t port_a, const uint8_t *b, const char *method)
{
	struct dissect_session *s = p->session;
	struct ftp_conv *conv = session_conv_data(s, p, PROTO_FTP, ftp_conv_new, ftp_conv_free);
	struct ftp_xfers *t = session_proto_data(s, PROTO_FTP_DATA, xfers_new, xfers_free);
	struct ftp_xfer *x = g_new0(struct ftp_xfer, 1);
	x->refs = 1;
	x->setup_frame = p->frame->number;
	x->method = method;
	struct flow_key *k = g_new(struct flow_key, 1);
	flow_key_set(k, p->ip_version, a, b, port_a, 0);
	struct ftp_xfer *old = flowtab_remove(t->by_key, k);
	if (old) {
		/* replaced: its key goes to the end of the order */
		GList *l = g_queue_find_custom(&t->order, k, key_cmp);
		g_free(l->data);
		g_queue_delete_link(&t->order, l);
		xfer_unref(old);
	}
	flowtab_put(t->by_key, k, xfer_ref(x));
	g_queue_push_tail(&t->order, k);
	if (g_queue_get_length(&t->order) > XFERS_MAX) {
		struct flow_key *oldest = g_queue_pop_head(&t->order);
		xfer_unref(flowtab_remove(t->by_key, oldest));
		g_free(oldest);
	}
	xfer_unref(conv->current);
	conv->current = x;
	session_expect_tcp(s, p, a, port_a, b, PROTO_FTP_DATA);
}

/* What request or response P's line L (of D) announces; the request after
 * an announcement is the command its data connection answers. */
static void ftp_follow(struct packet *p, const uint8_t *d, const struct ftp_line *l)
{
	const uint8_t *arg = d + l->arg;
	uint32_t alen = l->end - l->arg;
	uint8_t addr[16];
	uint16_t port;
	if (l->request) {
		struct ftp_conv *conv = session_conv_data(p->session, p, PROTO_FTP, ftp_conv_new, ftp_conv_free);
		if (conv->current && !conv->current->command) {
			conv->current->command = g_strndup((const char *)d, l->end);
			conv->current->command_frame = p->frame->number;
		}
		uint32_t af;
		if (l->token == 4 && !memcmp(d, "PORT", 4) && p->ip_version == 4 && parse_port_pasv(arg, alen, addr, &port))
			ftp_announce(p, p->ip_dst, FTP_DATA_PORT, addr, "PORT");
		else if (l->token == 4 && !memcmp(d, "EPRT", 4) && parse_eprt(arg, alen, &af, addr, &port) &&
			 (af == 1 ? 4 : 6) == p->ip_version)
			ftp_announce(p, p->ip_src, port, addr, "EPRT");
		return;
	}
	if (l->code == 227 && p->ip_version == 4 && parse_port_pasv(arg, alen, addr, &port))
		ftp_announce(p, addr, port, p->ip_dst, "PASV");
	else if (l->code == 229 && parse_epsv(arg, alen, &port))
		ftp_announce(p, p->ip_src, port, p->ip_dst, "EPASV");
}

void dissect_ftp(struct packet *p, struct cursor *c)
{
	if (pkt_push_layer(p, PROTO_FTP, c->off) < 0)
		return;
	pkt_push_layer(p, PROTO_FTP_CWD, c->off);
	const uint8_t *d = c->data + c->off;
	uint32_t n = cursor_left(c);
	struct ftp_line l;
	ftp_read_line(p, d, n, &l);
	if (p->session && !(p->flags & PKT_IN_ERROR))
		ftp_follow(p, d, &l);
	if (l.request && l.end == 8 && !memcmp(d, "AUTH TLS", 8))
		tcp_tls_ask(p);
	else if (!l.request && l.code == 234)
		tcp_tls_answer(p, true);
}

static void ftp_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n, len = 0;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	while (len < n && d[len] != '\r' && d[len] != '\n')
		len++;
	col_short_name(c, p, idx);
	col_set(c, "%s: ", p->dport == FTP_PORT ? "Request" : "Response");
	col_append_text(c, d, len);
}

static void ftp_values(const struct packet *p, G_GNUC_UNUSED const struct layer *layer, const uint8_t *d, uint32_t n,
		       const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d)
		return;
	struct ftp_line l;
	ftp_read_line(p, d, n, &l);
	const char *a = f->abbrev + 4;
	const uint8_t *arg = d + l.arg;
	uint32_t alen = l.end - l.arg;
	static __thread uint8_t addr[16]; /* outlives the call, as a value's bytes must */
	uint16_t port;
	uint32_t af;
	if (fv_same(a, "request") || fv_same(a, "response"))
		fv_give_uint(fn, data, fv_same(a, "request") == l.request);
	else if (l.request && fv_same(a, "request.command") && l.token)
		fv_give_ptr(fn, data, FV_STRING, d, l.token);
	else if (l.request && fv_same(a, "request.arg") && alen)
		fv_give_ptr(fn, data, FV_STRING, arg, alen);
	else if (!l.request && fv_same(a, "response.code") && l.has_code)
		fv_give_uint(fn, data, l.code);
	else if (!l.request && fv_same(a, "response.arg") && alen)
		fv_give_ptr(fn, data, FV_STRING, arg, alen);
	else if (l.request && l.token == 4 && !memcmp(d, "PORT", 4) && parse_port_pasv(arg, alen, addr, &port)) {
		if (fv_same(a, "active.cip"))
			fv_give_ptr(fn, data, FV_IPV4, addr, 4);
		else if (fv_same(a, "active.port"))
			fv_give_uint(fn, data, port);
	} else if (l.request && l.token == 4 && !memcmp(d, "EPRT", 4) && parse_eprt(arg, alen, &af, addr, &port)) {
		if (fv_same(a, "eprt.af"))
			fv_give_uint(fn, data, af);
		else if (fv_same(a, af == 1 ? "eprt.ip" : "eprt.ipv6"))
			fv_give_ptr(fn, data, af == 1 ? FV_IPV4 : FV_IPV6, addr, af == 1 ? 4 : 16);
		else if (fv_same(a, "eprt.port"))
			fv_give_uint(fn, data, port);
	} else if (l.code == 227 && parse_port_pasv(arg, alen, addr, &port)) {
		if (fv_same(a, "passive.ip"))
			fv_give_ptr(fn, data, FV_IPV4, addr, 4);
		else if (fv_same(a, "passive.port"))
			fv_give_uint(fn, data, port);
	} else if (l.code == 229 && fv_same(a, "epsv.port") && parse_epsv(arg, alen, &port)) {
		fv_give_uint(fn, data, port);
	}
}

static void ftp_cwd_columns(G_GNUC_UNUSED struct columns *c, G_GNUC_UNUSED const struct packet *p,
			    G_GNUC_UNUSED int idx)
{
}

/* A data connection: the announcement it answers (NULL: none). */
struct ftp_data_conv {
	bool looked; /* the announcements were searched */
	struct ftp_xfer *x;
};

static void *ftp_data_conv_new(void)
{
	return g_new0(struct ftp_data_conv, 1);
}

static void ftp_data_conv_free(void *data)
{
	struct ftp_data_conv *s = data;
	xfer_unref(s->x);
	g_free(s);
}

/* The announcement P's connection answers, looked up as the TCP layer looks
 * up the connection's dissector (session_expect_tcp()); NULL when none. */
static struct ftp_xfer *ftp_data_xfer(struct packet *p)
{
	if (!p->session || (p->flags & PKT_IN_ERROR))
		return NULL;
	struct ftp_data_conv *s = session_conv_data(p->session, p, PROTO_FTP_DATA, ftp_data_conv_new, ftp_data_conv_free);
	if (s->looked)
		return s->x;
	s->looked = true;
	struct ftp_xfers *t = session_proto_data(p->session, PROTO_FTP_DATA, xfers_new, xfers_free);
	struct flow_key k;
	flow_key_set(&k, p->ip_version, p->ip_src, p->ip_dst, p->sport, 0);
	struct ftp_xfer *x = flowtab_get(t->by_key, &k);
	if (!x) {
		flow_key_set(&k, p->ip_version, p->ip_dst, p->ip_src, p->dport, 0);
		x = flowtab_get(t->by_key, &k);
	}
	s->x = xfer_ref(x);
	return x;
}

static void dissect_ftp_data(struct packet *p, struct cursor *c)
{
	if (pkt_push_layer(p, PROTO_FTP_DATA, c->off) < 0)
		return;
	/* the TCP conversation's setup frame: every data connection has one */
	pkt_push_layer(p, PROTO_FTP_DATA_SETUP_FRAME, c->off);
	struct ftp_xfer *x = ftp_data_xfer(p);
	GString *info = g_string_new(NULL);
	g_string_printf(info, "FTP Data: %u bytes", cursor_rleft(c));
	if (x) {
		pkt_push_layer(p, PROTO_FTP_DATA_SETUP_METHOD, c->off);
		g_string_append_printf(info, " (%s)", x->method);
		if (x->command) {
			pkt_push_layer(p, PROTO_FTP_DATA_COMMAND, c->off);
			pkt_push_layer(p, PROTO_FTP_DATA_COMMAND_FRAME, c->off);
			g_string_append_printf(info, " (%s)", x->command);
		}
		pkt_push_layer(p, PROTO_FTP_DATA_CWD, c->off);
		p->other_conv_info = true; /* from the control connection */
	}
	pkt_set_app_info(p, PROTO_FTP_DATA, info->str, info->len);
	g_string_free(info, TRUE);
	/* text when its first 20 bytes are */
	const uint8_t *d = c->data + c->off;
	uint32_t n = cursor_left(c);
	bool text = true;
	for (uint32_t i = 0; i < n && i < 20 && text; i++)
		text = d[i] == '\r' || d[i] == '\n' || g_ascii_isprint(d[i]);
	if (text)
		dissect_text_lines(p, c);
	cursor_skip(c, cursor_rleft(c));
}

static void ftp_data_columns(struct columns *c, const struct packet *p, int idx)
{
	col_short_name(c, p, idx);
	if (p->app_info_proto == PROTO_FTP_DATA)
		col_set(c, "%s", p->app_info);
}

static const struct handoff ftp_handoff[] = {
	TCP_PORT(FTP_PORT, dissect_ftp),
	HANDOFF_LIST_END,
};
static const struct handoff ftp_data_handoff[] = {
	TCP_PORT(FTP_DATA_PORT, dissect_ftp_data),
	TCP_CONV(PROTO_FTP_DATA, dissect_ftp_data),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(FTP, "ftp", "File Transfer Protocol (FTP)");
const struct protocol proto_ftp = {PROTO_FTP, .short_name = "FTP", .fields = &ftp_table, .columns = ftp_columns,
				   .values = ftp_values, .hidden = ftp_hidden, .handoff = ftp_handoff};
PROTOCOL_ID(FTP_CWD, "ftp.current-working-directory", "Current working directory");
const struct protocol proto_ftp_cwd = {PROTO_FTP_CWD, .short_name = "FTP", .columns = ftp_cwd_columns};
PROTOCOL_ID(FTP_DATA, "ftp-data", "FTP Data");
const struct protocol proto_ftp_data = {PROTO_FTP_DATA, .short_name = "FTP-DATA", .columns = ftp_data_columns,
					.handoff = ftp_data_handoff};
/* what links a data connection to its control connection, each its own
 * node as Wireshark's hierarchy counts them */
PROTOCOL_ID(FTP_DATA_SETUP_FRAME, "ftp-data.setup-frame", "Setup frame");
const struct protocol proto_ftp_data_setup_frame = {PROTO_FTP_DATA_SETUP_FRAME, .short_name = "FTP-DATA", .columns = ftp_cwd_columns};
PROTOCOL_ID(FTP_DATA_SETUP_METHOD, "ftp-data.setup-method", "Setup method");
const struct protocol proto_ftp_data_setup_method = {PROTO_FTP_DATA_SETUP_METHOD, .short_name = "FTP-DATA", .columns = ftp_cwd_columns};
PROTOCOL_ID(FTP_DATA_COMMAND, "ftp-data.command", "Command");
const struct protocol proto_ftp_data_command = {PROTO_FTP_DATA_COMMAND, .short_name = "FTP-DATA", .columns = ftp_cwd_columns};
PROTOCOL_ID(FTP_DATA_COMMAND_FRAME, "ftp-data.command-frame", "Command frame");
const struct protocol proto_ftp_data_command_frame = {PROTO_FTP_DATA_COMMAND_FRAME, .short_name = "FTP-DATA", .columns = ftp_cwd_columns};
PROTOCOL_ID(FTP_DATA_CWD, "ftp-data.current-working-directory", "Current working directory");
const struct protocol proto_ftp_data_cwd = {PROTO_FTP_DATA_CWD, .short_name = "FTP-DATA", .columns = ftp_cwd_columns};
