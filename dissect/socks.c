/* socks.c — SOCKS versions 4 and 5 (RFC 1928, RFC 1929), TCP port 1080: a
 * short negotiation, then the connection carries what the client asked
 * the proxy to reach.
 *
 *   v5 client: | 05 | n methods | methods ... |          server: | 05 | method |
 *      method 02: | 01 | ulen | user | plen | password |  server: | 01 | status |
 *      client: | 05 | cmd | 00 | atyp | address | port(2) | (atyp 1 IPv4, 3 name, 4 IPv6)
 *      server: | 05 | rep | 00 | atyp | address | port(2) |
 *   v4 client: | 04 | cmd | port(2) | IPv4(4) | user ... 0 | [v4a: name ... 0] |
 *      server: | 00 | status | port(2) | IPv4(4) |
 *
 * Each segment's meaning depends on where its connection stands, so the
 * Info ("Version: 5 Command Request - Connect") is worked out as frames are
 * dissected; once the negotiation is over, the data goes to the dissector
 * of the port the client asked for, as in Wireshark.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"
#include "dissect/session.h"

static const struct field_def socks_fields[] = {
	{"socks.version", "Version", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
};
FIELD_TABLE_DEFINE(socks);

enum { SOCKS_PORT = 1080 };

/* Where a connection stands: what its next segment from each side is. */
enum socks_state {
	S_GREETING,   /* v5: the client's methods; v4: its request */
	S_METHOD,     /* v5: the server's chosen method */
	S_AUTH,       /* v5: user name and password, then the server's status */
	S_AUTH_REPLY,
	S_COMMAND,    /* v5: the client's command */
	S_REPLY,      /* the server's answer to the command (v4: to the request) */
	S_DONE,       /* the data of the connection asked for */
	S_UNKNOWN,    /* a version other than 4 or 5 */
};

struct socks_conv {
	uint8_t version;
	uint8_t state;     /* enum socks_state */
	uint8_t command;   /* the client's command (1 connect, 2 bind, 3 UDP) */
	uint16_t port;     /* the port asked for */
	uint64_t done_at;  /* the frame that ended the negotiation */
};

static void *socks_conv_new(void)
{
	return g_new0(struct socks_conv, 1);
}

static const char *command_name(uint8_t cmd)
{
	switch (cmd) {
	case 1: return "Connect";
	case 2: return "Bind";
	case 3: return "UdpAssociate";
	case 0xf0: return "Ping";
	case 0xf1: return "Traceroute";
	default: return "Unknown";
	}
}

/* The port a v5 command names after its address, 0 when cut short. */
static uint16_t v5_port(const uint8_t *d, uint32_t n)
{
	if (n < 5)
		return 0;
	uint32_t at = d[3] == 1 ? 8 : d[3] == 4 ? 20 : d[3] == 3 ? 5u + d[4] : 0;
	return at && at + 2 <= n ? (uint16_t)fv_get16(d + at, true) : 0;
}

/* One negotiation segment D (N bytes, FROM_CLIENT or not) of connection S:
 * its Info after "Version: V", the state moved on. */
static const char *negotiate(struct socks_conv *s, const uint8_t *d, uint32_t n, bool from_client, char *buf,
			     size_t size)
{
	switch ((enum socks_state)s->state) {
	case S_GREETING:
		if (!from_client)
			return "";
		if (s->version == 4) {
			s->command = n >= 2 ? d[1] : 0;
			s->port = n >= 4 ? (uint16_t)fv_get16(d + 2, true) : 0;
			s->state = S_REPLY;
		} else {
			s->state = S_METHOD;
		}
		return " Connect to server request";
	case S_METHOD:
		if (from_client)
			return "";
		s->state = n >= 2 && d[1] == 2 ? S_AUTH : S_COMMAND;
		return " Connect to server response";
	case S_AUTH:
		if (!from_client)
			return "";
		s->state = S_AUTH_REPLY;
		return " User authentication request";
	case S_AUTH_REPLY:
		if (from_client)
			return "";
		s->state = S_COMMAND;
		return " User authentication reply";
	case S_COMMAND:
		if (!from_client)
			return "";
		s->command = n >= 2 ? d[1] : 0;
		s->port = v5_port(d, n);
		s->state = S_REPLY;
		g_snprintf(buf, size, " Command Request - %s", command_name(s->command));
		return buf;
	case S_REPLY:
		if (from_client)
			return "";
		s->state = S_DONE;
		if (s->version == 4)
			return " Connect Response";
		g_snprintf(buf, size, " Command Response - %s", command_name(s->command));
		return buf;
	default:
		return "";
	}
}

static void dissect_socks(struct packet *p, struct cursor *c)
{
	struct socks_conv alone = {0}, *s = p->session ? session_conv_data(p->session, p, PROTO_SOCKS, socks_conv_new, g_free)
						       : &alone;
	const uint8_t *d = c->data + c->off;
	uint32_t n = cursor_left(c);
	bool from_client = p->dport == SOCKS_PORT;
	if (s->version == 0 && n > 0 && from_client) {
		s->version = d[0];
		if (d[0] != 4 && d[0] != 5)
			s->state = S_UNKNOWN;
	}
	int idx = pkt_push_layer(p, PROTO_SOCKS, c->off);
	if (idx < 0)
		return;
	char info[64], buf[48];
	if (s->state == S_UNKNOWN || s->version == 0) {
		pkt_set_app_info(p, PROTO_SOCKS, "Unknown", 7);
		cursor_skip(c, cursor_rleft(c));
		return;
	}
	if (s->state == S_DONE && p->frame->number > s->done_at) {
		/* the connection asked for: its port's dissector */
		int len = g_snprintf(info, sizeof info, "Version: %u", s->version);
		pkt_set_app_info(p, PROTO_SOCKS, info, (size_t)len);
		dissector_fn fn = s->port ? dispatch_find(&tcp_port_table, s->port) : NULL;
		if (fn)
			fn(p, c);
		else
			dissect_data(p, c);
		return;
	}
	const char *what = negotiate(s, d, n, from_client, buf, sizeof buf);
	if (s->state == S_DONE)
		s->done_at = p->frame->number;
	int len = g_snprintf(info, sizeof info, "Version: %u%s", s->version, what);
	pkt_set_app_info(p, PROTO_SOCKS, info, (size_t)len);
	cursor_skip(c, cursor_rleft(c));
}

static void socks_columns(struct columns *c, const struct packet *p, G_GNUC_UNUSED int idx)
{
	col_proto(c, "Socks");
	col_clear(c);
	if (p->app_info_proto == PROTO_SOCKS)
		col_append(c, "%s", p->app_info);
}

/* The version byte of a v5 message, or of a v4 request. */
static void socks_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d,
			 uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d && n >= 1 && (d[0] == 4 || d[0] == 5) && fv_same(f->abbrev, "socks.version"))
		fv_give_uint(fn, data, d[0]);
}

/* Wireshark's registration: TCP port 1080. */
static const struct handoff socks_handoff[] = {
	TCP_PORT(1080, dissect_socks),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(SOCKS, "socks", "Socks Protocol");
const struct protocol proto_socks = {PROTO_SOCKS, .short_name = "Socks", .fields = &socks_table, .columns = socks_columns,
				     .values = socks_values, .handoff = socks_handoff};
