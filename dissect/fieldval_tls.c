/* fieldval_tls.c — TLS field values, record by record as Wireshark gives
 * them: every record whole in the layer (a record continuing in later
 * segments shows where it completes), every handshake message of a
 * readable handshake record, the cipher suites a ClientHello offers and the
 * one a ServerHello chooses, and the versions of supported_versions.  Once
 * a connection chose TLS 1.3, its application-data records show an opaque
 * type instead of a content type.
 *
 * Record: type(1) version(2) length(2) fragment.  Handshake message:
 * type(1) length(3) body.  Hello body: version(2) random(32) session id
 * (1 + n) [client: cipher suites (2 + n), compression (1 + n); server:
 * cipher suite(2), compression(1)] extensions (2 + n) of type(2)
 * length(2) data. */
#include "dissect/fieldval_give.h"

#define TLS_CCS 20
#define TLS_HANDSHAKE 22
#define TLS_APP_DATA 23

static uint32_t be16(const uint8_t *d)
{
	return (uint32_t)d[0] << 8 | d[1];
}

static bool record_ok(const uint8_t *b)
{
	return b[0] >= 20 && b[0] <= 24 && b[1] == 3 && b[2] <= 4 && be16(b + 3) > 0 && be16(b + 3) <= 18432;
}

struct tls_walk {
	const char *a;
	fvalue_fn fn;
	void *data;
	unsigned given;
};

static void give_u(struct tls_walk *t, uint64_t u)
{
	t->given += fv_give_uint(t->fn, t->data, u);
}

/* The extensions of a hello, bytes [at, end) of B. */
static void extensions(struct tls_walk *t, const uint8_t *b, uint32_t at, uint32_t end, bool client)
{
	while (at + 4 <= end) {
		uint32_t type = be16(b + at), len = be16(b + at + 2);
		uint32_t x = at + 4, xend = x + len;
		if (xend > end)
			return;
		if (type == 0 && client && fv_same(t->a, "tls.handshake.extensions_server_name") && x + 2 <= xend) {
			for (uint32_t i = x + 2; i + 3 <= xend;) {
				uint32_t nl = be16(b + i + 1);
				if (i + 3 + nl > xend)
					break;
				if (b[i] == 0)
					t->given += fv_give_ptr(t->fn, t->data, FV_STRING, b + i + 3, nl);
				i += 3 + nl;
			}
		} else if (type == 43 && fv_same(t->a, "tls.handshake.extensions.supported_version")) {
			if (!client && len >= 2)
				give_u(t, be16(b + x));
			else if (client && len >= 1)
				for (uint32_t i = x + 1; i + 2 <= xend && i + 2 <= x + 1 + b[x]; i += 2)
					give_u(t, be16(b + i));
		}
		at = xend;
	}
}

/* A ClientHello or ServerHello body, bytes [at, end) of B. */
static void hello(struct tls_walk *t, const uint8_t *b, uint32_t at, uint32_t end, bool client)
{
	if (at + 35 > end)
		return;
	if (fv_same(t->a, "tls.handshake.version"))
		give_u(t, be16(b + at));
	uint32_t i = at + 34;
	i += 1 + b[i]; /* session id */
	if (client) {
		if (i + 2 > end)
			return;
		uint32_t n = be16(b + i);
		for (uint32_t k = i + 2; k + 2 <= i + 2 + n && k + 2 <= end; k += 2)
			if (fv_same(t->a, "tls.handshake.ciphersuite"))
				give_u(t, be16(b + k));
		i += 2 + n;
		if (i + 1 > end)
			return;
		i += 1 + b[i]; /* compression methods */
	} else {
		if (i + 3 > end)
			return;
		if (fv_same(t->a, "tls.handshake.ciphersuite"))
			give_u(t, be16(b + i));
		i += 3;
	}
	if (i + 2 <= end)
		extensions(t, b, i + 2, i + 2 + be16(b + i) < end ? i + 2 + be16(b + i) : end, client);
}

/* The handshake messages of a record's fragment, bytes [at, end) of B; a
 * fragment that is not a sequence of whole messages is encrypted (a
 * Finished after ChangeCipherSpec) and gives nothing.  When CUT, only the
 * first END - AT bytes of the fragment are kept: what they hold is read. */
static void handshake(struct tls_walk *t, const uint8_t *b, uint32_t at, uint32_t end, bool cut)
{
	uint32_t i = at;
	while (i + 4 <= end)
		i += 4 + ((uint32_t)b[i + 1] << 16 | be16(b + i + 2));
	if (i != end && !cut)
		return;
	for (i = at; i + 4 <= end;) {
		uint32_t len = (uint32_t)b[i + 1] << 16 | be16(b + i + 2);
		if (cut && i + 4 + len > end)
			len = end - i - 4;
		if (fv_same(t->a, "tls.handshake.type"))
			give_u(t, b[i]);
		else if (fv_same(t->a, "tls.handshake.length"))
			give_u(t, len);
		else if (b[i] == 1 || b[i] == 2)
			hello(t, b, i + 4, i + 4 + len, b[i] == 1);
		i += 4 + len;
	}
}

unsigned tls_field_values(const uint8_t *b, uint32_t n, bool first_whole, bool tls13, const char *abbrev,
			  fvalue_fn fn, void *data)
{
	struct tls_walk t = {abbrev, fn, data, 0};
	bool encrypted = false;
	for (uint32_t at = 0; at + 5 <= n && record_ok(b + at);) {
		uint32_t len = be16(b + at + 3), end = at + 5 + len;
		if (end > n && !(first_whole && at == 0))
			break; /* shown where it completes */
		uint32_t have = end < n ? end : n;
		if (fv_same(abbrev, "tls.record"))
			t.given += fv_give_ptr(fn, data, FV_NONE, NULL, 0);
		else if (fv_same(abbrev, "tls.record.content_type") && !(tls13 && b[at] == TLS_APP_DATA))
			give_u(&t, b[at]);
		else if (fv_same(abbrev, "tls.record.opaque_type") && tls13 && b[at] == TLS_APP_DATA)
			give_u(&t, b[at]);
		else if (fv_same(abbrev, "tls.record.version"))
			give_u(&t, be16(b + at + 1));
		else if (fv_same(abbrev, "tls.record.length"))
			give_u(&t, len);
		else if (fv_same(abbrev, "tls.app_data") && b[at] == TLS_APP_DATA)
			t.given += fv_give_ptr(fn, data, FV_BYTES, b + at + 5, have - at - 5);
		else if (b[at] == TLS_HANDSHAKE && !encrypted)
			handshake(&t, b, at + 5, have, end > n);
		if (b[at] == TLS_CCS)
			encrypted = true;
		at = end;
	}
	return t.given;
}
