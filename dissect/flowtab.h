/* flowtab.h — an open-addressing hash table from a directional address/port
 * key to a caller's record.  Built for the per-packet path: keys live inline
 * (an IPv4 key in 12 bytes), a lookup touches one or two cache lines,
 * nothing is allocated per lookup.  Keys are made by flow_key_set() or
 * flow_key_reverse(), so the bytes past an IPv4 address are zero. */
#ifndef ANALYZE_FLOWTAB_H
#define ANALYZE_FLOWTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct flow_key {
	uint8_t src[16], dst[16]; /* IPv4 in the first 4 bytes, the rest zero */
	uint16_t sport, dport;
	uint8_t family;           /* 4 or 6 */
	uint8_t pad[3];           /* always zero: keys are compared as bytes */
};

struct flowtab;

/* A new empty table; cannot fail (aborts on out-of-memory like GLib). */
struct flowtab *flowtab_new(void);
/* Frees the table, not the values. */
void flowtab_free(struct flowtab *t);

/* The value stored under KEY, or NULL. */
void *flowtab_get(const struct flowtab *t, const struct flow_key *key);
/* The value stored under KEY, else under KEY reversed (*REVERSED then
 * true), or NULL.  The reversed key's memory is asked for before KEY is
 * looked up: in a table larger than the cache the two misses overlap. */
void *flowtab_get_either(const struct flowtab *t, const struct flow_key *key, bool *reversed);
/* Stores VALUE under KEY, replacing any earlier value. */
void flowtab_put(struct flowtab *t, const struct flow_key *key, void *value);
/* Removes KEY; returns the value it held, or NULL. */
void *flowtab_remove(struct flowtab *t, const struct flow_key *key);
/* Removes KEY only while it holds VALUE (any value when VALUE is NULL);
 * returns the value removed, or NULL.  One probe, where a get and a
 * remove would take two. */
void *flowtab_remove_if(struct flowtab *t, const struct flow_key *key, const void *value);
/* Starts bringing the memory where KEY is looked up into the cache, so
 * that an operation on KEY a little later does not wait for it: for a
 * table too large for the cache, where the key is known ahead. */
void flowtab_prefetch(const struct flowtab *t, const struct flow_key *key);
/* Calls FN(value, DATA) for every entry. */
void flowtab_foreach(const struct flowtab *t, void (*fn)(void *value, void *data), void *data);
size_t flowtab_size(const struct flowtab *t);

/* Fills KEY from addresses and ports (FAMILY 4 or 6); every TCP and UDP
 * frame makes one: inline, each family's copy of a fixed size. */
static inline void flow_key_set(struct flow_key *key, uint8_t family, const uint8_t *src, const uint8_t *dst,
				uint16_t sport, uint16_t dport)
{
	memset(key, 0, sizeof *key);
	if (family == 4) {
		memcpy(key->src, src, 4);
		memcpy(key->dst, dst, 4);
	} else {
		memcpy(key->src, src, 16);
		memcpy(key->dst, dst, 16);
	}
	key->sport = sport;
	key->dport = dport;
	key->family = family;
}
/* KEY with source and destination swapped. */
void flow_key_reverse(struct flow_key *out, const struct flow_key *key);

#endif
