/* sketch.c — the relative-error quantile sketch: bucket counts in an array
 * sorted by index (a few hundred buckets span a microsecond to minutes). */
#include "stats/sketch.h"

#include <math.h>

struct sketch {
	GArray *bins;              /* struct sketch_bin, by index, counts > 0 */
	uint64_t zeros;            /* values of 0 or less */
	uint64_t count;            /* all values, zeros included */
};

static double gamma_ln(void)
{
	return log((1 + SKETCH_ALPHA) / (1 - SKETCH_ALPHA));
}

sketch *sketch_new(void)
{
	sketch *s = g_new0(sketch, 1);
	s->bins = g_array_new(FALSE, FALSE, sizeof(struct sketch_bin));
	return s;
}

void sketch_free(sketch *s)
{
	if (!s)
		return;
	g_array_free(s->bins, TRUE);
	g_free(s);
}

void sketch_add_bin(sketch *s, int32_t index, uint64_t n)
{
	guint lo = 0, hi = s->bins->len;
	while (lo < hi) {
		guint mid = (lo + hi) / 2;
		if (g_array_index(s->bins, struct sketch_bin, mid).index < index)
			lo = mid + 1;
		else
			hi = mid;
	}
	s->count += n;
	if (lo < s->bins->len && g_array_index(s->bins, struct sketch_bin, lo).index == index) {
		g_array_index(s->bins, struct sketch_bin, lo).count += n;
		return;
	}
	struct sketch_bin b = {index, n};
	g_array_insert_val(s->bins, lo, b);
}

void sketch_add_zeros(sketch *s, uint64_t n)
{
	s->zeros += n;
	s->count += n;
}

void sketch_add(sketch *s, int64_t v, uint64_t n)
{
	if (!n)
		return;
	if (v <= 0) {
		sketch_add_zeros(s, n);
		return;
	}
	sketch_add_bin(s, (int32_t)ceil(log((double)v) / gamma_ln()), n);
}

void sketch_merge(sketch *dst, const sketch *src)
{
	sketch_add_zeros(dst, src->zeros);
	for (guint i = 0; i < src->bins->len; i++) {
		const struct sketch_bin *b = &g_array_index(src->bins, struct sketch_bin, i);
		sketch_add_bin(dst, b->index, b->count);
	}
}

uint64_t sketch_count(const sketch *s)
{
	return s->count;
}

uint64_t sketch_zeros(const sketch *s)
{
	return s->zeros;
}

const GArray *sketch_bins(const sketch *s)
{
	return s->bins;
}

int64_t sketch_at_rank(const sketch *s, uint64_t r)
{
	if (r < s->zeros)
		return 0;
	uint64_t seen = s->zeros;
	double g = exp(gamma_ln());
	for (guint i = 0; i < s->bins->len; i++) {
		const struct sketch_bin *b = &g_array_index(s->bins, struct sketch_bin, i);
		seen += b->count;
		if (r < seen)
			return llround(2 * exp(b->index * gamma_ln()) / (g + 1));
	}
	return INT64_MIN;
}

int64_t sketch_quantile(const sketch *s, double q)
{
	if (!s->count)
		return INT64_MIN;
	double pos = q * (double)(s->count - 1);
	uint64_t lo = (uint64_t)floor(pos);
	uint64_t hi = lo + 1 < s->count ? lo + 1 : lo;
	double frac = pos - (double)lo;
	int64_t a = sketch_at_rank(s, lo), b = sketch_at_rank(s, hi);
	return a + (int64_t)llround(frac * (double)(b - a));
}
