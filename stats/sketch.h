/* sketch.h — a relative-error quantile sketch (DDSketch's logarithmic
 * buckets): values in (γ^(i-1), γ^i] count in bucket i, γ = (1+α)/(1-α);
 * a bucket stands for 2γ^i/(γ+1), which is within α of every value in it.
 * Sketches merge exactly (bucket counts add), so a quantile of a merge is
 * what one sketch of all the values would give.  α is SKETCH_ALPHA. */
#ifndef ANALYZE_SKETCH_H
#define ANALYZE_SKETCH_H

#include <glib.h>
#include <stdint.h>

#define SKETCH_ALPHA 0.01  /* relative accuracy: 1% */

struct sketch_bin {
	int32_t index;             /* i: values in (γ^(i-1), γ^i] */
	uint64_t count;
};

typedef struct sketch sketch;

/* An empty sketch; cannot fail. */
sketch *sketch_new(void);
void sketch_free(sketch *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(sketch, sketch_free)

/* Counts value V (a time in ns; 0 and below count as 0) N times. */
void sketch_add(sketch *s, int64_t v, uint64_t n);
/* Adds N to bucket INDEX (as sketch_bins gives them), or to the zeros when
 * ZERO; what reading a written sketch back does. */
void sketch_add_bin(sketch *s, int32_t index, uint64_t n);
void sketch_add_zeros(sketch *s, uint64_t n);
/* Adds every count of SRC to DST. */
void sketch_merge(sketch *dst, const sketch *src);

uint64_t sketch_count(const sketch *s);
uint64_t sketch_zeros(const sketch *s);
/* The buckets with a count, by index (struct sketch_bin, owned by S). */
const GArray *sketch_bins(const sketch *s);

/* The estimate of the value of rank R (0-based, R < count) in ns. */
int64_t sketch_at_rank(const sketch *s, uint64_t r);
/* The value at fraction Q (0..1), interpolated between the two ranks around
 * Q·(count-1) as rtt_quantile does over exact values, so it is within α of
 * that exact quantile (to the nanosecond); INT64_MIN when empty. */
int64_t sketch_quantile(const sketch *s, double q);

#endif
