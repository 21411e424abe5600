/* bt_dht.c — the BitTorrent DHT (BEP 5, KRPC over UDP; BEP 42 "ip" key).
 *
 * Every datagram is one bencoded dictionary:
 *
 *   integer  i<decimal>e          string  <length>:<bytes>
 *   list     l<values>e           dict    d<string key><value>...e
 *
 * A query has keys "a" (arguments, a dict) and "q", a response "r" (a dict),
 * an error "e" (a list [code, message]); keys come in sorted order, so a
 * datagram opens with one of "d1:ad", "d1:rd", "d1:el" or, with BEP 42's
 * "ip" key first, "d2:ip".  Only those openings are taken for the DHT.
 *
 * Some values have a shape of their own: "nodes" (26 bytes per node: id 20,
 * IPv4 4, port 2), "nodes6" (38 bytes: id, IPv6, port), "values" (a list of
 * 6- or 18-byte peer addresses), "ip" (6 bytes: IPv4 and port).
 *
 * The walk stops quietly where a string length is not a positive decimal
 * (the rest is not shown); it fails (truncated or malformed) where an item
 * runs past the end of the datagram.
 */
#include <string.h>

#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/protocol.h"

#define DHT_MAX_DEPTH 32 /* deeper nesting is not a DHT message */

static const struct field_def bt_dht_fields[] = {
	{"bt-dht.bencoded.string", "String", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"bt-dht.bencoded.list", "List", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"bt-dht.bencoded.int", "Int", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"bt-dht.bencoded.dict", "Dictionary", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"bt-dht.bencoded.dict_entry", "Dictionary Entry", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"bt-dht.bencoded.list.terminator", "Terminator", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"bt-dht.error", "Error", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"bt-dht.peer", "Peer", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"bt-dht.peers", "Peers", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"bt-dht.node", "Node", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"bt-dht.nodes", "Nodes", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"bt-dht.id", "ID", FT_BYTES, BASE_NONE, FIELD_VAR, 20, 0, NULL},
	{"bt-dht.ip", "IP", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"bt-dht.ip6", "IP", FT_IPV6, BASE_NONE, FIELD_VAR, 16, 0, NULL},
	{"bt-dht.port", "Port", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"bt-dht.truncated_data", "Truncated data", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(bt_dht);

/* Walk results: go on, or stop without showing the rest (no fault). */
enum walk { DHT_GO, DHT_STOP };

/* The byte at C's position without moving, or -1 (and C failed: an item
 * runs past the end) when there is none. */
static int dht_peek(struct cursor *c)
{
	if (!cursor_need(c, 1))
		return -1;
	return c->data[c->off];
}

/* A string's length prefix "<decimal>:"; moves C past the colon.  Returns
 * false, C unmoved, when the digits are not a positive 32-bit number; fails
 * C when no colon comes before the end. */
static bool dht_str_len(struct cursor *c, uint32_t *len)
{
	uint32_t at = c->off;
	uint64_t v = 0;
	bool digits_only = true;
	for (;;) {
		int b = cursor_peek(c, at - c->off);
		if (b < 0) {
			c->off = at;
			cursor_fail(c, 1);
			return false;
		}
		if (b == ':')
			break;
		if (b < '0' || b > '9')
			digits_only = false;
		else if (v <= UINT32_MAX)
			v = v * 10 + (uint32_t)(b - '0');
		at++;
	}
	if (!digits_only || at == c->off || v == 0 || v > UINT32_MAX)
		return false;
	c->off = at + 1;
	*len = (uint32_t)v;
	return true;
}

/* A string; its bytes are returned in *S / *N when wanted. */
static enum walk dht_string(struct cursor *c, const uint8_t **s, uint32_t *n)
{
	uint32_t len;
	if (!dht_str_len(c, &len))
		return DHT_STOP;
	const uint8_t *b = cursor_take(c, len);
	if (!b)
		return DHT_STOP;
	if (s) {
		*s = b;
		*n = len;
	}
	return DHT_GO;
}

/* An integer "i...e": everything up to the first 'e'. */
static enum walk dht_int(struct cursor *c)
{
	cursor_skip(c, 1);
	int b;
	while ((b = dht_peek(c)) >= 0 && b != 'e')
		c->off++;
	return cursor_skip(c, 1) ? DHT_GO : DHT_STOP;
}

static enum walk dht_dict(struct cursor *c, int depth);

static enum walk dht_list(struct cursor *c, int depth)
{
	if (depth > DHT_MAX_DEPTH)
		return DHT_STOP;
	cursor_skip(c, 1);
	int b;
	while ((b = dht_peek(c)) >= 0 && b != 'e') {
		enum walk w = b == 'i' ? dht_int(c)
			      : b == 'l' ? dht_list(c, depth + 1)
			      : b == 'd' ? dht_dict(c, depth + 1)
			      : dht_string(c, NULL, NULL);
		if (w != DHT_GO)
			return DHT_STOP;
	}
	return cursor_skip(c, 1) ? DHT_GO : DHT_STOP;
}

/* "values": a list of peer addresses, each a non-empty string. */
static enum walk dht_values(struct cursor *c)
{
	cursor_skip(c, 1);
	int b;
	while ((b = dht_peek(c)) >= 0 && b != 'e')
		if (dht_string(c, NULL, NULL) != DHT_GO)
			return DHT_STOP;
	return cursor_skip(c, 1) ? DHT_GO : DHT_STOP;
}

/* "e": [code, message] — the code and message are read, and the list's own
 * end is left for the dictionary, which then ends there. */
static enum walk dht_error(struct cursor *c)
{
	cursor_skip(c, 1);
	if (dht_int(c) != DHT_GO)
		return DHT_STOP;
	return dht_string(c, NULL, NULL);
}

static bool key_is(const uint8_t *k, uint32_t n, const char *name)
{
	return n == strlen(name) && memcmp(k, name, n) == 0;
}

/* A string value whose key gives it a shape; a zero length counts here as
 * an empty value (nodes) rather than a fault. */
static enum walk dht_shaped_string(struct cursor *c, const uint8_t *key, uint32_t klen)
{
	if (key_is(key, klen, "nodes") || key_is(key, klen, "nodes6")) {
		uint32_t len;
		if (cursor_peek(c, 0) == '0' && cursor_peek(c, 1) == ':')
			return cursor_skip(c, 2) ? DHT_GO : DHT_STOP;
		if (!dht_str_len(c, &len))
			return DHT_STOP;
		return cursor_skip(c, len) ? DHT_GO : DHT_STOP;
	}
	return dht_string(c, NULL, NULL);
}

static enum walk dht_entry(struct cursor *c, int depth)
{
	const uint8_t *key;
	uint32_t klen;
	if (dht_string(c, &key, &klen) != DHT_GO)
		return DHT_STOP;
	int b = dht_peek(c);
	if (b < 0)
		return DHT_STOP;
	if (b == 'd')
		return dht_dict(c, depth + 1);
	if (b == 'l') {
		if (key_is(key, klen, "e"))
			return dht_error(c);
		if (key_is(key, klen, "values"))
			return dht_values(c);
		return dht_list(c, depth + 1);
	}
	if (b == 'i')
		return dht_int(c);
	return dht_shaped_string(c, key, klen);
}

static enum walk dht_dict(struct cursor *c, int depth)
{
	if (depth > DHT_MAX_DEPTH)
		return DHT_STOP;
	cursor_skip(c, 1);
	int b;
	while ((b = dht_peek(c)) >= 0 && b != 'e')
		if (dht_entry(c, depth) != DHT_GO)
			return DHT_STOP;
	return cursor_skip(c, 1) ? DHT_GO : DHT_STOP;
}

/* The openings a DHT datagram can have (see the top of the file). */
static bool dht_opening(const struct cursor *c)
{
	static const char *const open[] = {"d1:ad", "d1:rd", "d2:ip", "d1:el"};
	if (cursor_left(c) < 5)
		return false;
	for (size_t i = 0; i < sizeof open / sizeof open[0]; i++)
		if (memcmp(c->data + c->off, open[i], 5) == 0)
			return true;
	return false;
}

void dissect_bt_dht(struct packet *p, struct cursor *c)
{
	if (!dht_opening(c))
		return;
	int idx = pkt_push_layer(p, PROTO_BT_DHT, c->off);
	if (idx < 0)
		return;
	dht_dict(c, 0);
	pkt_note_cursor(p, idx, c);
}

void dissect_bt_dht_heur(struct packet *p, struct cursor *c)
{
	dissect_bt_dht(p, c);
}

static void bt_dht_layer_values(const struct packet *p, const struct layer *l,
				const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	(void)p;
	(void)l;
	if (d)
		bt_dht_field_values(d, n, f->abbrev, fn, data);
}

static const struct handoff bt_dht_handoff[] = {
	UDP_HEUR(20, dissect_bt_dht_heur), /* uTP has no heuristic: its header is too weak a signature */
	HANDOFF_LIST_END,
};
PROTOCOL_ID(BT_DHT, "bt-dht", "BitTorrent DHT Protocol");
const struct protocol proto_bt_dht = {PROTO_BT_DHT, .short_name = "BT-DHT", .values = bt_dht_layer_values, .fields = &bt_dht_table,
                                      .handoff = bt_dht_handoff};
