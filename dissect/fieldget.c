/* fieldget.c — a field's first value (or all of them) in a packet by its
 * filter name: what a protocol's column text reads from its own fields. */
#include <string.h>

#include "dissect/fieldval.h"

static bool take_first(const struct fvalue *v, void *data)
{
	*(struct fvalue *)data = *v;
	return false;
}

bool pkt_field_first(const struct packet *p, const char *abbrev, struct fvalue *out)
{
	const struct proto_def *proto;
	const struct field_def *f = field_lookup(abbrev, &proto);
	return f && field_values(p, proto, f, take_first, out) > 0;
}

uint64_t pkt_field_uint(const struct packet *p, const char *abbrev, uint64_t dflt)
{
	struct fvalue v;
	return pkt_field_first(p, abbrev, &v) && v.kind == FV_UINT ? v.u : dflt;
}

const char *pkt_field_text(const struct packet *p, const char *abbrev, char *buf, size_t cap)
{
	struct fvalue v;
	size_t w = 0;
	if (cap == 0)
		return buf;
	if (pkt_field_first(p, abbrev, &v) && v.kind == FV_STRING) {
		for (uint32_t i = 0; i < v.len && v.ptr[i] && w + 4 < cap; i++) {
			if (v.ptr[i] < 0x80) {
				buf[w++] = (char)v.ptr[i];
			} else {
				memcpy(buf + w, "\xef\xbf\xbd", 3);
				w += 3;
			}
		}
	}
	buf[w] = 0;
	return buf;
}

struct some {
	struct fvalue *out;
	unsigned n, max;
};

static bool keep(const struct fvalue *v, void *data)
{
	struct some *s = data;
	if (s->n < s->max)
		s->out[s->n++] = *v;
	return s->n < s->max;
}

unsigned pkt_field_all(const struct packet *p, const char *abbrev, struct fvalue *out, unsigned max)
{
	const struct proto_def *proto;
	const struct field_def *f = field_lookup(abbrev, &proto);
	struct some s = {out, 0, max};
	if (f && max)
		field_values(p, proto, f, keep, &s);
	return s.n;
}
