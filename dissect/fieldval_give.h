/* fieldval_give.h — small helpers the protocols' field values share:
 * compare names, read numbers, hand one value to a walk's callback. */
#ifndef ANALYZE_DISSECT_FIELDVAL_GIVE_H
#define ANALYZE_DISSECT_FIELDVAL_GIVE_H

#include <arpa/inet.h>
#include <string.h>

#include "dissect/fieldval.h"

static inline bool fv_same(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

/* The 16-, 32- or 64-bit number at D, big-endian when BE (else little). */
static inline uint32_t fv_get16(const uint8_t *d, bool be)
{
	return be ? (uint32_t)d[0] << 8 | d[1] : (uint32_t)d[1] << 8 | d[0];
}

static inline uint32_t fv_get32(const uint8_t *d, bool be)
{
	return be ? (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 | d[3]
		  : (uint32_t)d[3] << 24 | (uint32_t)d[2] << 16 | (uint32_t)d[1] << 8 | d[0];
}

static inline uint64_t fv_get64le(const uint8_t *d)
{
	return (uint64_t)fv_get32(d + 4, false) << 32 | fv_get32(d, false);
}

static inline unsigned fv_give_uint(fvalue_fn fn, void *data, uint64_t u)
{
	struct fvalue v = {.kind = FV_UINT, .u = u};
	fn(&v, data);
	return 1;
}

/* A number a header reader found, by its field's name, and whether the
 * message has it. */
struct fv_named_uint {
	const char *name;
	uint64_t value;
	bool present;
};

/* Gives the number of V (N of them) named A, when the message has it. */
static inline void fv_give_named(fvalue_fn fn, void *data, const char *a, const struct fv_named_uint *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].present && fv_same(a, v[i].name)) {
			fv_give_uint(fn, data, v[i].value);
			return;
		}
}

/* A field asked for and where its values go, for a walk over a message's
 * parts (attributes, options) that gives each part's value in turn. */
struct fv_want {
	const char *abbrev;
	fvalue_fn fn;
	void *data;
};

static inline unsigned fv_give_ptr(fvalue_fn fn, void *data, uint8_t kind, const uint8_t *p, uint32_t len)
{
	struct fvalue v = {.kind = kind, .ptr = p, .len = len};
	fn(&v, data);
	return 1;
}

/* An IP address as its host name would be with name resolution off, as
 * Wireshark's `.src_host` fields give it: its text (FAMILY AF_INET or
 * AF_INET6, address at A). */
static inline unsigned fv_give_host(fvalue_fn fn, void *data, int family, const uint8_t *a)
{
	static __thread char s[INET6_ADDRSTRLEN]; /* outlives the call: pkt_field_first() keeps the pointer */
	if (!inet_ntop(family, a, s, sizeof s))
		return 0;
	return fv_give_ptr(fn, data, FV_STRING, (const uint8_t *)s, (uint32_t)strlen(s));
}

#endif
