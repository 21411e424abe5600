/* bt_dht_values.c — field values of the BitTorrent DHT (bencoded KRPC,
 * BEP 5), in the order Wireshark's tree shows them: bt_dht.c's second file.
 *
 * DHT: every dictionary entry is a `dict_entry` holding its key (a
 * `bencoded.string`) and its value: a string, a `bencoded.dict` (its
 * entries, then a terminator), a `bencoded.list` (its items, then a
 * terminator) or an integer (a terminator, then the digits).  Some keys
 * give their value a shape: "nodes" / "nodes6" (a `nodes` item, then a
 * `node` of id, ip or ip6, port per 26 / 38 bytes, the rest as
 * `truncated_data`), "values" (a `peers` item, a `peer` of ip or ip6 and
 * port per 6- or 18-byte string, the list's terminator, then any other
 * string as `truncated_data`), "ip" (ip, port), "e" (an `error`: the code,
 * then the message; the list's own end closes the message).  Values of the
 * binary keys (id, info_hash, target, token, t, v) show as hex.  The top
 * dictionary shows its entries and its terminator only. */
#include <glib.h>

#include "dissect/dissect.h"
#include "dissect/fieldval_give.h"

#define DHT_MAX_DEPTH 32

enum dht_field {
	DF_STRING, DF_LIST, DF_INT, DF_DICT, DF_ENTRY, DF_TERM, DF_ERROR, DF_PEER, DF_PEERS, DF_NODE,
	DF_NODES, DF_ID, DF_IP, DF_IP6, DF_PORT, DF_TRUNCATED, DF_NONE,
};

static const char *const dht_names[] = {
	"bt-dht.bencoded.string", "bt-dht.bencoded.list", "bt-dht.bencoded.int", "bt-dht.bencoded.dict",
	"bt-dht.bencoded.dict_entry", "bt-dht.bencoded.list.terminator", "bt-dht.error", "bt-dht.peer",
	"bt-dht.peers", "bt-dht.node", "bt-dht.nodes", "bt-dht.id", "bt-dht.ip", "bt-dht.ip6", "bt-dht.port",
	"bt-dht.truncated_data",
};

struct dht_walk {
	const uint8_t *b;
	uint32_t n, at;
	uint8_t want; /* enum dht_field */
	fvalue_fn fn;
	void *data;
	unsigned given;
	bool stop;    /* the rest is not shown */
};

static void out(struct dht_walk *w, uint8_t field, uint8_t kind, const uint8_t *p, uint32_t len)
{
	if (w->want == field)
		w->given += fv_give_ptr(w->fn, w->data, kind, p, len);
}

static void out_none(struct dht_walk *w, uint8_t field)
{
	out(w, field, FV_NONE, NULL, 0);
}

static void out_term(struct dht_walk *w)
{
	out(w, DF_TERM, FV_STRING, (const uint8_t *)"e", 1);
}

static void out_hex(struct dht_walk *w, const uint8_t *p, uint32_t len)
{
	static __thread char hex[4096];
	static const char digits[] = "0123456789abcdef";
	if (w->want != DF_STRING)
		return;
	uint32_t k = 0;
	for (uint32_t i = 0; i < len && k + 2 <= sizeof hex; i++) {
		hex[k++] = digits[p[i] >> 4];
		hex[k++] = digits[p[i] & 15];
	}
	out(w, DF_STRING, FV_STRING, (const uint8_t *)hex, k);
}

static int peek(const struct dht_walk *w)
{
	return w->at < w->n ? w->b[w->at] : -1;
}

/* A string "<len>:<bytes>": its bytes, or NULL (and the walk stops) when
 * the length is not a positive decimal or the bytes run past the end. */
static const uint8_t *str(struct dht_walk *w, uint32_t *len)
{
	uint64_t v = 0;
	uint32_t i = w->at;
	while (i < w->n && w->b[i] >= '0' && w->b[i] <= '9' && v <= UINT32_MAX)
		v = v * 10 + (uint32_t)(w->b[i++] - '0');
	if (i == w->at || i >= w->n || w->b[i] != ':' || v == 0 || v > w->n - i - 1) {
		w->stop = true;
		return NULL;
	}
	w->at = i + 1;
	*len = (uint32_t)v;
	const uint8_t *p = w->b + w->at;
	w->at += (uint32_t)v;
	return p;
}

/* An integer "i<digits>e": the terminator, then the digits. */
static void integer(struct dht_walk *w)
{
	uint32_t start = ++w->at;
	while (w->at < w->n && w->b[w->at] != 'e')
		w->at++;
	if (w->at >= w->n) {
		w->stop = true;
		return;
	}
	out_term(w);
	out(w, DF_INT, FV_STRING, w->b + start, w->at - start);
	w->at++;
}

static void value(struct dht_walk *w, int depth, bool in_list);
static void entries(struct dht_walk *w, int depth);

static void list(struct dht_walk *w, int depth)
{
	out_none(w, DF_LIST);
	w->at++;
	while (!w->stop && peek(w) >= 0 && peek(w) != 'e')
		value(w, depth + 1, true);
	if (w->stop || peek(w) < 0) {
		w->stop = true;
		return;
	}
	out_term(w);
	w->at++;
}

static void value(struct dht_walk *w, int depth, bool in_list)
{
	int c = peek(w);
	uint32_t len;
	if (depth > DHT_MAX_DEPTH || c < 0) {
		w->stop = true;
	} else if (c == 'i') {
		integer(w);
	} else if (c == 'l') {
		list(w, depth);
	} else if (c == 'd') {
		out_none(w, DF_DICT);
		w->at++;
		entries(w, depth + 1);
	} else {
		const uint8_t *p = str(w, &len);
		if (p)
			out(w, DF_STRING, FV_STRING, p, len);
	}
	(void)in_list;
}

/* An address and port of LEN (6 or 18) bytes at P. */
static void addr_port(struct dht_walk *w, const uint8_t *p, uint32_t len)
{
	if (len == 6)
		out(w, DF_IP, FV_IPV4, p, 4);
	else
		out(w, DF_IP6, FV_IPV6, p, 16);
	if (w->want == DF_PORT)
		w->given += fv_give_uint(w->fn, w->data, (uint32_t)p[len - 2] << 8 | p[len - 1]);
}

static void nodes(struct dht_walk *w, bool v6)
{
	uint32_t len = 0, size = v6 ? 38 : 26;
	const uint8_t *p = NULL;
	if (peek(w) == '0' && w->at + 1 < w->n && w->b[w->at + 1] == ':')
		w->at += 2; /* empty */
	else if (!(p = str(w, &len)))
		return;
	out_none(w, DF_NODES);
	uint32_t i = 0;
	for (; i + size <= len; i += size) {
		out_none(w, DF_NODE);
		out(w, DF_ID, FV_BYTES, p + i, 20);
		addr_port(w, p + i + 20, size - 20);
	}
	if (i < len)
		out(w, DF_TRUNCATED, FV_BYTES, p + i, len - i);
}

static void peers(struct dht_walk *w)
{
	const uint8_t *odd = NULL;
	uint32_t odd_len = 0, len;
	out_none(w, DF_PEERS);
	w->at++;
	while (!w->stop && peek(w) >= 0 && peek(w) != 'e') {
		const uint8_t *p = str(w, &len);
		if (!p)
			return;
		if (len == 6 || len == 18) {
			out_none(w, DF_PEER);
			addr_port(w, p, len);
		} else if (!odd) {
			odd = p;
			odd_len = len;
		}
	}
	if (peek(w) < 0) {
		w->stop = true;
		return;
	}
	out_term(w);
	w->at++;
	if (odd)
		out(w, DF_TRUNCATED, FV_BYTES, odd, odd_len);
}

static bool key_is(const uint8_t *k, uint32_t n, const char *name)
{
	return n == strlen(name) && memcmp(k, name, n) == 0;
}

static bool binary_key(const uint8_t *k, uint32_t n)
{
	static const char *const keys[] = {"id", "info_hash", "target", "token", "t", "v"};
	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++)
		if (key_is(k, n, keys[i]))
			return true;
	return false;
}

static void entry(struct dht_walk *w, int depth)
{
	uint32_t klen, len;
	const uint8_t *key = str(w, &klen);
	if (!key)
		return;
	out_none(w, DF_ENTRY);
	out(w, DF_STRING, FV_STRING, key, klen);
	int c = peek(w);
	if (c < 0) {
		w->stop = true;
	} else if (c == 'l' && key_is(key, klen, "e")) {
		out_none(w, DF_ERROR);
		w->at++;
		if (peek(w) == 'i')
			integer(w);
		const uint8_t *p = w->stop ? NULL : str(w, &len);
		if (p)
			out(w, DF_STRING, FV_STRING, p, len);
	} else if (c == 'l' && key_is(key, klen, "values")) {
		peers(w);
	} else if (c != 'l' && c != 'd' && c != 'i' && (key_is(key, klen, "nodes") || key_is(key, klen, "nodes6"))) {
		nodes(w, klen == 6);
	} else if (c != 'l' && c != 'd' && c != 'i' && key_is(key, klen, "ip")) {
		const uint8_t *p = str(w, &len);
		if (p && (len == 6 || len == 18))
			addr_port(w, p, len);
		else if (p)
			out(w, DF_STRING, FV_STRING, p, len);
	} else if (c != 'l' && c != 'd' && c != 'i' && binary_key(key, klen)) {
		const uint8_t *p = str(w, &len);
		if (p)
			out_hex(w, p, len);
	} else {
		value(w, depth, false);
	}
}

/* A dictionary's entries after its 'd', then its terminator. */
static void entries(struct dht_walk *w, int depth)
{
	while (!w->stop && peek(w) >= 0 && peek(w) != 'e')
		entry(w, depth);
	if (w->stop || peek(w) < 0) {
		w->stop = true;
		return;
	}
	out_term(w);
	w->at++;
}

unsigned bt_dht_field_values(const uint8_t *b, uint32_t n, const char *abbrev, fvalue_fn fn, void *data)
{
	struct dht_walk w = {b, n, 1, DF_NONE, fn, data, 0, false};
	for (size_t i = 0; i < G_N_ELEMENTS(dht_names); i++)
		if (fv_same(abbrev, dht_names[i]))
			w.want = (uint8_t)i;
	if (!b || n == 0 || b[0] != 'd' || w.want == DF_NONE)
		return 0;
	entries(&w, 0);
	return w.given;
}
