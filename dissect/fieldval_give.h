/* fieldval_give.h — small helpers the per-protocol field value files share:
 * compare names, hand one value to a walk's callback. */
#ifndef ANALYZE_DISSECT_FIELDVAL_GIVE_H
#define ANALYZE_DISSECT_FIELDVAL_GIVE_H

#include <string.h>

#include "dissect/fieldval.h"

static inline bool fv_same(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

static inline unsigned fv_give_uint(fvalue_fn fn, void *data, uint64_t u)
{
	struct fvalue v = {.kind = FV_UINT, .u = u};
	fn(&v, data);
	return 1;
}

static inline unsigned fv_give_ptr(fvalue_fn fn, void *data, uint8_t kind, const uint8_t *p, uint32_t len)
{
	struct fvalue v = {.kind = kind, .ptr = p, .len = len};
	fn(&v, data);
	return 1;
}

#endif
