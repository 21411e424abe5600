/* Helpers shared by the dissector unit tests: dissect a frame held in a byte
 * array, show its layers as "eth:ip:tcp", find a layer and read its fields,
 * copy a frame cut short or with one byte changed, and check every cut of a
 * frame.  All static inline: each test program is built from its own file
 * and takes only what it uses. */
#ifndef ANALYZE_TESTS_DISSECT_TEST_H
#define ANALYZE_TESTS_DISSECT_TEST_H

#include <glib.h>
#include <string.h>

#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval.h"

/* Dissects DATA into P as frame 1 of LINKTYPE with CAPLEN of its LEN bytes
 * captured; F holds the frame P refers to. */
static inline void run_frame(struct packet *p, struct frame *f, const uint8_t *data, uint32_t caplen,
			     uint32_t len, uint32_t linktype)
{
	*f = (struct frame){.number = 1, .caplen = caplen, .len = len, .linktype = linktype, .data = data};
	dissect_frame(p, f);
}

/* run_frame() for an Ethernet frame. */
static inline void run_ether(struct packet *p, struct frame *f, const uint8_t *data, uint32_t caplen,
			     uint32_t len)
{
	run_frame(p, f, data, caplen, len, LINKTYPE_ETHERNET);
}

/* P's layers by protocol abbreviation, joined by ':' ("eth:ip:tcp"), in BUF
 * of N bytes; returns BUF. */
static inline const char *layer_stack(const struct packet *p, char *buf, size_t n)
{
	buf[0] = 0;
	for (int i = 0; i < p->nlayers; i++) {
		if (i)
			g_strlcat(buf, ":", n);
		g_strlcat(buf, proto_get(p->layers[i].proto)->abbrev, n);
	}
	return buf;
}

/* The index of the NTH (from 0) layer of PROTO in P, or -1. */
static inline int layer_index(const struct packet *p, enum proto_id proto, int nth)
{
	for (int i = 0; i < p->nlayers; i++)
		if (p->layers[i].proto == proto && nth-- == 0)
			return i;
	return -1;
}

/* The first layer of PROTO in P, or NULL. */
static inline const struct layer *find_layer(const struct packet *p, enum proto_id proto)
{
	int i = layer_index(p, proto, 0);
	return i < 0 ? NULL : &p->layers[i];
}

/* The first layer of PROTO in P; the test fails when there is none. */
static inline const struct layer *first_layer(const struct packet *p, enum proto_id proto)
{
	const struct layer *l = find_layer(p, proto);
	g_assert_nonnull(l);
	return l;
}

static inline bool first_uint(const struct fvalue *v, void *data)
{
	*(uint64_t *)data = v->u;
	return false;
}

/* How many values field NAME has in layer number IDX of P. */
static inline unsigned layer_value_count(const struct packet *p, int idx, const char *name)
{
	const struct field_def *fd = field_lookup(name, NULL);
	g_assert_nonnull(fd);
	uint64_t v;
	return layer_field_values(p, idx, fd, first_uint, &v);
}

static inline bool first_text(const struct fvalue *v, void *data)
{
	GString *s = data;
	if (v->kind == FV_STRING)
		g_string_append_len(s, (const char *)v->ptr, v->len);
	return false;
}

/* The first value of string field NAME in layer number IDX of P, in BUF of
 * N bytes ("" when none). */
static inline const char *layer_text(const struct packet *p, int idx, const char *name, char *buf, size_t n)
{
	const struct field_def *fd = field_lookup(name, NULL);
	g_assert_nonnull(fd);
	GString *s = g_string_new(NULL);
	layer_field_values(p, idx, fd, first_text, s);
	g_strlcpy(buf, s->str, n);
	g_string_free(s, TRUE);
	return buf;
}

/* P's frame.protocols, in BUF of N bytes. */
static inline const char *frame_protocols(const struct packet *p, char *buf, size_t n)
{
	const struct field_def *fd = field_lookup("frame.protocols", NULL);
	g_assert_nonnull(fd);
	GString *s = g_string_new(NULL);
	frame_field_values(p, fd, first_text, s);
	g_strlcpy(buf, s->str, n);
	g_string_free(s, TRUE);
	return buf;
}

/* Field NAME of layer L of P as a number: read through the field table at
 * its fixed place, or the first value the layer gives; the test fails when
 * the field is unknown or has no value there. */
static inline uint64_t field_at(const struct packet *p, const struct layer *l, const char *name)
{
	const struct field_def *fd = field_lookup(name, NULL);
	g_assert_nonnull(fd);
	uint64_t v = 0;
	if (fd->offset == FIELD_VAR)
		g_assert_cmpuint(layer_field_values(p, (int)(l - p->layers), fd, first_uint, &v), >, 0);
	else
		g_assert_true(field_read_uint(p, l, fd, &v));
	return v;
}

/* Field NAME of P's layer number IDX (see field_at()). */
static inline uint64_t layer_field(const struct packet *p, int idx, const char *name)
{
	return field_at(p, &p->layers[idx], name);
}

/* Field NAME of the first layer of PROTO in P, which must be there (see field_at()). */
static inline uint64_t proto_field(const struct packet *p, enum proto_id proto, const char *name)
{
	return field_at(p, first_layer(p, proto), name);
}

/* The first CAP bytes of DATA in a buffer of exactly that size (1 byte when
 * CAP is 0), so that the sanitizers see any read past the cut; g_free() it. */
static inline uint8_t *cut_copy(const uint8_t *data, uint32_t cap)
{
	uint8_t *copy = g_malloc(cap ? cap : 1);
	memcpy(copy, data, cap);
	return copy;
}

/* A copy of the N bytes of DATA with the byte at AT set to V; g_free() it. */
static inline uint8_t *patched_copy(const uint8_t *data, uint32_t n, uint32_t at, uint8_t v)
{
	uint8_t *copy = g_memdup2(data, n);
	copy[at] = v;
	return copy;
}

/* DATA (LEN bytes of LINKTYPE) cut at every length below LEN, each cut in a
 * buffer of its own size: never malformed, and flagged truncated whenever
 * the cut falls before the start of the whole frame's last layer. */
static inline void check_every_cut(const uint8_t *data, uint32_t len, uint32_t linktype)
{
	struct packet whole, p;
	struct frame f;
	run_frame(&whole, &f, data, len, len, linktype);
	uint32_t last = whole.layers[whole.nlayers - 1].off;
	for (uint32_t cap = 0; cap < len; cap++) {
		uint8_t *copy = cut_copy(data, cap);
		run_frame(&p, &f, copy, cap, len, linktype);
		g_assert_false(p.flags & PKT_MALFORMED);
		if (cap < last)
			g_assert_true(p.flags & PKT_TRUNCATED);
		g_free(copy);
	}
}

#endif
