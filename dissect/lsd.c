/* lsd.c — BitTorrent's Local Service Discovery (BEP 14): a peer announces
 * the torrents it serves to a multicast group, UDP port 6771, in an
 * HTTP-like request of header lines:
 *
 *   BT-SEARCH * HTTP/1.1\r\n
 *   Host: 239.192.152.143:6771\r\n
 *   Port: 6881\r\n
 *   Infohash: <40 hex digits>\r\n
 *   cookie: <optional>\r\n
 *   \r\n
 *
 * As Wireshark 4.0 finds it: a datagram of some bytes to port 6771 and the
 * IPv4 group 239.192.152.143, or to port 6771 over IPv6.  Info stays empty.
 */
#include <string.h>

#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

enum { LSD_PORT = 6771 };

static const struct field_def lsd_fields[] = {
	{"lsd.header", "Header", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"lsd.host", "Host", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"lsd.port", "Port", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"lsd.infohash", "Infohash", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"lsd.cookie", "cookie", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(lsd);

static void dissect_lsd_heur(struct packet *p, struct cursor *c)
{
	static const uint8_t group[4] = {239, 192, 152, 143};
	if (p->dport != LSD_PORT || cursor_rleft(c) == 0)
		return;
	if (!(p->ip_version == 6 || (p->ip_version == 4 && memcmp(p->ip_dst, group, 4) == 0)))
		return;
	int idx = pkt_push_layer(p, PROTO_LSD, c->off);
	if (idx < 0)
		return;
	cursor_skip(c, cursor_rleft(c));
	pkt_note_cursor(p, idx, c);
}

static void lsd_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	col_begin(c, p, idx, &n);
}

/* The line at D[*AT..N) (its end CR LF, LF or the bytes' end), *AT moved
 * past it; false when no bytes are left. */
static bool lsd_line(const uint8_t *d, uint32_t n, uint32_t *at, const uint8_t **line, uint32_t *len)
{
	if (*at >= n)
		return false;
	const uint8_t *nl = memchr(d + *at, '\n', n - *at);
	uint32_t end = nl ? (uint32_t)(nl - d) : n;
	*line = d + *at;
	*len = end - *at;
	if (*len > 0 && (*line)[*len - 1] == '\r')
		(*len)--;
	*at = nl ? end + 1 : n;
	return true;
}

/* The header line, then each "Name: value" line's value (blanks after the
 * colon left out) for the field of that name. */
static void lsd_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d,
		       uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	const uint8_t *line;
	uint32_t len, at = 0;
	if (!d || !lsd_line(d, n, &at, &line, &len))
		return;
	if (fv_same(f->abbrev, "lsd.header")) {
		fv_give_ptr(fn, data, FV_STRING, line, len);
		return;
	}
	const char *name = f->abbrev + 4;
	size_t nlen = strlen(name);
	while (lsd_line(d, n, &at, &line, &len)) {
		if (len < nlen || g_ascii_strncasecmp((const char *)line, name, nlen) != 0)
			continue;
		const uint8_t *colon = memchr(line, ':', len);
		if (!colon)
			continue;
		uint32_t v = (uint32_t)(colon + 1 - line);
		while (v < len && g_ascii_isspace(line[v]))
			v++;
		if (fv_same(f->abbrev, "lsd.port")) {
			uint32_t port = 0, i = v;
			for (; i < len && g_ascii_isdigit(line[i]) && port <= 65535; i++)
				port = port * 10 + (uint32_t)(line[i] - '0');
			if (i > v && i == len && port <= 65535)
				fv_give_uint(fn, data, port);
		} else {
			fv_give_ptr(fn, data, FV_STRING, line + v, len - v);
		}
		return;
	}
}

/* Wireshark's registration: a heuristic on UDP, by the destination. */
static const struct handoff lsd_handoff[] = {
	UDP_HEUR(15, dissect_lsd_heur),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(LSD, "lsd", "Local Service Discovery");
const struct protocol proto_lsd = {PROTO_LSD, .short_name = "LSD", .fields = &lsd_table, .columns = lsd_columns,
				   .values = lsd_values, .handoff = lsd_handoff};
