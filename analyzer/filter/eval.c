/* eval.c — tests one dissected packet against a checked filter tree.
 *
 * A value is walked rather than collected: each occurrence of a field (a
 * field may occur several times in a frame) is handed to a callback, which
 * can stop the walk as soon as the answer is known.  So "tcp.port == 80"
 * reads the ports and stops at the first match, without allocating.
 *
 * Occurrence rules: "==", ">", "<", ">=", "<=", "in", "contains",
 * "matches" and "!==" hold when some occurrence satisfies them; "!=" holds
 * when no occurrence is equal, "===" when every one is; both need at least
 * one occurrence (an absent field satisfies no relation). */
#include <string.h>

#include "analyzer/filter/filter_private.h"
#include "dissect/fieldval.h"

/* Receives one value; returns false to stop the walk. */
typedef bool (*dval_fn)(const struct dval *v, void *data);

static bool each_value(const struct vnode *v, const struct packet *p, dval_fn fn, void *data);

/* ---- fields and protocols ---- */

struct field_walk {
	dval_fn fn;
	void *data;
	bool stopped;
};

static bool from_fvalue(const struct fvalue *fv, void *data)
{
	struct field_walk *w = data;
	struct dval d = {.prefix = -1};
	switch ((enum fv_kind)fv->kind) {
	case FV_NONE: return true; /* presence only: no value to compare */
	case FV_UINT: d.cls = VC_UINT; d.u = fv->u; break;
	case FV_INT: d.cls = VC_INT; d.i = fv->i; break;
	case FV_DOUBLE: d.cls = VC_DOUBLE; d.d = fv->d; break;
	case FV_TIME: d.cls = VC_TIME; d.i = fv->i; break;
	case FV_BYTES: case FV_STRING: d.cls = VC_BYTES; d.ptr = fv->ptr; d.len = fv->len; break;
	case FV_IPV4: d.cls = VC_BYTES; d.ptr = fv->ptr; d.len = 4; break;
	case FV_IPV6: d.cls = VC_BYTES; d.ptr = fv->ptr; d.len = 16; break;
	case FV_ETHER: d.cls = VC_BYTES; d.ptr = fv->ptr; d.len = 6; break;
	}
	if (!w->fn(&d, w->data)) {
		w->stopped = true;
		return false;
	}
	return true;
}

/* The numbers of a field read through its plan (see field_plan_uints). */
static bool each_uint(const struct field_plan *pl, const struct packet *p, dval_fn fn, void *data)
{
	uint64_t u[FIELD_PLAN_MAX];
	unsigned n = field_plan_uints(pl, p, u);
	for (unsigned i = 0; i < n; i++) {
		struct dval d = {.cls = VC_UINT, .u = u[i], .prefix = -1};
		if (!fn(&d, data))
			return false;
	}
	return true;
}

/* The bytes of every layer of a protocol (the whole frame for `frame`). */
static bool each_proto_bytes(const struct vnode *v, const struct packet *p, dval_fn fn, void *data)
{
	const struct frame *fr = p->frame;
	if (v->is_frame) {
		struct dval d = {.cls = VC_BYTES, .ptr = fr->data, .len = fr->caplen, .prefix = -1};
		return fn(&d, data);
	}
	for (int i = 0; i < p->nlayers; i++) {
		const struct layer *l = &p->layers[i];
		if (l->proto != v->proto->id || (l->flags & PKT_REASSEMBLED))
			continue;
		size_t off = l->off < fr->caplen ? l->off : fr->caplen;
		size_t len = l->len < fr->caplen - off ? l->len : fr->caplen - off;
		struct dval d = {.cls = VC_BYTES, .ptr = fr->data + off, .len = len, .prefix = -1};
		if (!fn(&d, data))
			return false;
	}
	return true;
}

/* ---- slices ---- */

struct slice_walk {
	const struct vnode *v;
	dval_fn fn;
	void *data;
};

/* Where range R of a LEN-byte value lies; false when it does not fit. */
static bool range_bounds(const struct srange *r, size_t len, size_t *start, size_t *n)
{
	/* compared before any sum, so no bound of the filter's can overflow */
	int64_t l = (int64_t)len, a = r->a < 0 ? l + r->a : r->a, e;
	if (a < 0 || a > l)
		return false;
	switch (r->kind) {
	case SR_LEN:
		if (r->b > l - a)
			return false;
		e = a + r->b;
		break;
	case SR_END: {
		int64_t last = r->b < 0 ? l + r->b : r->b;
		if (last >= l)
			return false;
		e = last + 1;
		break;
	}
	default: e = l; break;
	}
	if (e < a)
		return false;
	*start = (size_t)a;
	*n = (size_t)(e - a);
	return true;
}

static bool slice_one(const struct dval *in, void *data)
{
	struct slice_walk *w = data;
	if (in->cls != VC_BYTES)
		return true;
	struct dval d = {.cls = VC_BYTES, .prefix = -1};
	uint8_t buf[2048];
	size_t start, n;
	if (w->v->nranges == 1) {
		if (!range_bounds(&w->v->ranges[0], in->len, &start, &n))
			return true;
		d.ptr = in->ptr + start;
		d.len = n;
		return w->fn(&d, w->data);
	}
	/* several ranges are joined */
	for (int k = 0; k < w->v->nranges; k++) {
		if (!range_bounds(&w->v->ranges[k], in->len, &start, &n) || d.len + n > sizeof buf)
			return true;
		memcpy(buf + d.len, in->ptr + start, n);
		d.len += n;
	}
	d.ptr = buf;
	return w->fn(&d, w->data);
}

/* ---- functions and "&" ---- */

struct func_walk {
	const struct vnode *v;
	dval_fn fn;
	void *data;
	uint64_t count;
	const struct packet *p;
	const struct dval *left; /* "&": the value being masked */
	unsigned given;          /* "&": the values given so far */
};

/* Counts every occurrence, labels included. */
static bool fv_count(const struct fvalue *v, void *data)
{
	(void)v;
	(void)data;
	return true;
}

static bool count_one(const struct dval *in, void *data)
{
	(void)in;
	((struct func_walk *)data)->count++;
	return true;
}

static bool func_one(const struct dval *in, void *data)
{
	struct func_walk *w = data;
	if (in->cls != VC_BYTES)
		return true;
	if (w->v->func == F_LEN) {
		struct dval d = {.cls = VC_UINT, .u = in->len, .prefix = -1};
		return w->fn(&d, w->data);
	}
	uint8_t small[512];
	uint8_t *buf = in->len <= sizeof small ? small : g_malloc(in->len);
	for (size_t i = 0; i < in->len; i++)
		buf[i] = (uint8_t)(w->v->func == F_UPPER ? g_ascii_toupper((char)in->ptr[i]) : g_ascii_tolower((char)in->ptr[i]));
	struct dval d = {.cls = VC_BYTES, .ptr = buf, .len = in->len, .prefix = -1};
	bool go_on = w->fn(&d, w->data);
	if (buf != small)
		g_free(buf);
	return go_on;
}

static uint64_t as_uint(const struct dval *d)
{
	return d->cls == VC_INT ? (uint64_t)d->i : d->u;
}

/* The values one "&" gives at most in a frame: each value on its left is
 * masked with each on its right, so a chain of "&" between fields would
 * multiply them without end. */
#define BITAND_MAX_VALUES 1024

static bool mask_one(const struct dval *m, void *data)
{
	struct func_walk *w = data;
	if (w->given++ >= BITAND_MAX_VALUES)
		return false;
	struct dval d = {.cls = VC_UINT, .u = as_uint(w->left) & as_uint(m), .prefix = -1};
	return w->fn(&d, w->data);
}

static bool bitand_one(const struct dval *in, void *data)
{
	struct func_walk *w = data;
	if (in->cls != VC_UINT && in->cls != VC_INT)
		return true;
	w->left = in;
	return each_value(w->v->mask, w->p, mask_one, w);
}

/* Gives every value of V in P to FN; false when FN stopped the walk. */
static bool each_value(const struct vnode *v, const struct packet *p, dval_fn fn, void *data)
{
	switch (v->kind) {
	case V_LITERAL:
		return fn(&v->c, data);
	case V_FIELD:
		if (!v->field)
			return each_proto_bytes(v, p, fn, data);
		if (v->plan.uints)
			return each_uint(&v->plan, p, fn, data);
		else {
			struct field_walk w = {fn, data, false};
			field_plan_values(&v->plan, p, from_fvalue, &w);
			return !w.stopped;
		}
	case V_SLICE: {
		struct slice_walk w = {v, fn, data};
		return each_value(v->arg, p, slice_one, &w);
	}
	case V_FUNC: {
		struct func_walk w = {.v = v, .fn = fn, .data = data, .p = p};
		if (v->func != F_COUNT)
			return each_value(v->arg, p, func_one, &w);
		if (v->arg->kind == V_FIELD && !v->arg->field && !v->arg->is_frame)
			w.count = proto_count(p, v->arg->proto->id); /* layers, as presence counts them */
		else if (v->arg->kind == V_FIELD && v->arg->field)
			w.count = field_plan_values(&v->arg->plan, p, fv_count, NULL);
		else
			each_value(v->arg, p, count_one, &w);
		struct dval d = {.cls = VC_UINT, .u = w.count, .prefix = -1};
		return fn(&d, data);
	}
	case V_BITAND: {
		struct func_walk w = {.v = v, .fn = fn, .data = data, .p = p};
		return each_value(v->arg, p, bitand_one, &w);
	}
	}
	return true;
}

/* ---- comparing two values ---- */

/* Compares the first BITS bits of A and B. */
static int cmp_prefix(const uint8_t *a, const uint8_t *b, int bits)
{
	int k = 0;
	for (; bits >= 8; bits -= 8, k++)
		if (a[k] != b[k])
			return a[k] < b[k] ? -1 : 1;
	if (bits > 0) {
		uint8_t m = (uint8_t)(0xff << (8 - bits)), x = a[k] & m, y = b[k] & m;
		if (x != y)
			return x < y ? -1 : 1;
	}
	return 0;
}

static double as_double(const struct dval *d)
{
	switch (d->cls) {
	case VC_UINT: return (double)d->u;
	case VC_INT: return (double)d->i;
	case VC_TIME: return (double)d->i / 1e9;
	default: return d->d;
	}
}

/* A compared with B: <0, 0, >0; *OK false when they cannot be compared. */
static int cmp_vals(const struct dval *a, const struct dval *b, bool *ok)
{
	*ok = true;
	if (a->cls == VC_BYTES || b->cls == VC_BYTES) {
		if (a->cls != b->cls) {
			*ok = false;
			return 0;
		}
		int prefix = a->prefix >= 0 ? a->prefix : b->prefix;
		if (prefix >= 0 && a->len == b->len && (size_t)prefix <= a->len * 8)
			return cmp_prefix(a->ptr, b->ptr, prefix);
		size_t n = a->len < b->len ? a->len : b->len;
		int c = n ? memcmp(a->ptr, b->ptr, n) : 0;
		if (c)
			return c;
		return a->len < b->len ? -1 : a->len > b->len;
	}
	if (a->cls == VC_TIME && b->cls == VC_TIME)
		return a->i < b->i ? -1 : a->i > b->i;
	if (a->cls == VC_DOUBLE || b->cls == VC_DOUBLE || a->cls == VC_TIME || b->cls == VC_TIME) {
		double x = as_double(a), y = as_double(b);
		return x < y ? -1 : x > y;
	}
	if (a->cls == VC_INT && b->cls == VC_INT)
		return a->i < b->i ? -1 : a->i > b->i;
	if (a->cls == VC_INT && a->i < 0)
		return -1; /* below every unsigned value */
	if (b->cls == VC_INT && b->i < 0)
		return 1;
	uint64_t x = as_uint(a), y = as_uint(b);
	return x < y ? -1 : x > y;
}

/* Whether A OP B holds for one pair of values. */
static bool holds(enum cmp_op op, const struct dval *a, const struct dval *b)
{
	bool ok;
	int c = cmp_vals(a, b, &ok);
	if (!ok)
		return false;
	switch (op) {
	case OP_EQ: case OP_ALL_EQ: return c == 0;
	case OP_NE: case OP_ANY_NE: return c != 0;
	case OP_GT: return c > 0;
	case OP_LT: return c < 0;
	case OP_GE: return c >= 0;
	case OP_LE: return c <= 0;
	}
	return false;
}

/* ---- tests ---- */

/* The values of the right-hand side, copied, when it is not a constant. */
struct vlist {
	GArray *vals;
};

static bool collect(const struct dval *in, void *data)
{
	struct vlist *l = data;
	struct dval d = *in;
	if (d.cls == VC_BYTES)
		d.ptr = g_memdup2(in->ptr, in->len ? in->len : 1);
	g_array_append_val(l->vals, d);
	return true;
}

static void vlist_clear(struct vlist *l)
{
	for (guint i = 0; i < l->vals->len; i++) {
		struct dval *d = &g_array_index(l->vals, struct dval, i);
		if (d->cls == VC_BYTES)
			g_free((void *)d->ptr);
	}
	g_array_free(l->vals, TRUE);
}

struct test_walk {
	const struct node *n;
	enum cmp_op op;
	const struct dval *rhs;   /* the values of the right side */
	guint nrhs;
	unsigned seen;            /* left values met */
	bool any;                 /* some pair satisfied the relation */
	bool all;                 /* every pair did */
};

static bool pair_one(const struct dval *a, void *data)
{
	struct test_walk *w = data;
	const struct node *n = w->n;
	w->seen++;
	for (guint k = 0; k < w->nrhs; k++) {
		const struct dval *b = &w->rhs[k];
		bool r;
		if (n->kind == N_CONTAINS)
			r = a->cls == VC_BYTES && b->cls == VC_BYTES && memmem(a->ptr, a->len, b->ptr, b->len) != NULL;
		else
			r = holds(w->op == OP_NE ? OP_EQ : w->op, a, b);
		if (w->op == OP_NE)
			r = !r; /* "!=": no occurrence may be equal */
		if (r)
			w->any = true;
		else
			w->all = false;
	}
	/* stop once the answer cannot change */
	if (w->op == OP_NE || w->op == OP_ALL_EQ)
		return w->all;
	return !w->any;
}

/* eval_pair() for a field of numbers read through its plan compared with
 * a number C: the same occurrence rules, without a walk. */
static bool cmp_uints(const struct vnode *a, enum cmp_op op, uint64_t c, const struct packet *p)
{
	uint64_t u[FIELD_PLAN_MAX];
	unsigned n = field_plan_uints(&a->plan, p, u);
	bool any = false, all = true;
	for (unsigned i = 0; i < n; i++) {
		bool r;
		switch (op) {
		case OP_EQ: case OP_ALL_EQ: r = u[i] == c; break;
		case OP_NE: case OP_ANY_NE: r = u[i] != c; break;
		case OP_GT: r = u[i] > c; break;
		case OP_LT: r = u[i] < c; break;
		case OP_GE: r = u[i] >= c; break;
		default: r = u[i] <= c; break;
		}
		any |= r;
		all &= r;
	}
	if (!n)
		return false;
	return op == OP_NE || op == OP_ALL_EQ ? all : any;
}

static bool eval_pair(const struct node *n, const struct packet *p)
{
	const struct vnode *a = n->a, *b = n->b;
	enum cmp_op op = n->kind == N_CMP ? n->op : OP_EQ;
	if (a->kind == V_LITERAL && b->kind != V_LITERAL) {
		/* walk the field on the left: 80 < tcp.port is tcp.port > 80 */
		static const enum cmp_op flip[] = {OP_EQ, OP_NE, OP_ALL_EQ, OP_ANY_NE, OP_LT, OP_GT, OP_LE, OP_GE};
		const struct vnode *t = a;
		a = b;
		b = t;
		op = flip[op];
	}
	if (n->kind == N_CMP && b->kind == V_LITERAL && b->c.cls == VC_UINT && a->kind == V_FIELD && a->plan.uints)
		return cmp_uints(a, op, b->c.u, p);
	struct test_walk w = {.n = n, .op = op, .all = true};
	if (b->kind == V_LITERAL) {
		w.rhs = &b->c;
		w.nrhs = 1;
		each_value(a, p, pair_one, &w);
	} else {
		struct vlist l = {g_array_new(FALSE, FALSE, sizeof(struct dval))};
		each_value(b, p, collect, &l);
		w.rhs = (const struct dval *)(void *)l.vals->data;
		w.nrhs = l.vals->len;
		if (w.nrhs)
			each_value(a, p, pair_one, &w);
		vlist_clear(&l);
	}
	if (!w.seen || !w.nrhs)
		return false;
	return op == OP_NE || op == OP_ALL_EQ ? w.all : w.any;
}

struct in_walk {
	const struct node *n;
	bool found;
};

static bool in_one(const struct dval *a, void *data)
{
	struct in_walk *w = data;
	for (guint k = 0; k < w->n->set_lo->len && !w->found; k++) {
		const struct vnode *lo = w->n->set_lo->pdata[k], *hi = w->n->set_hi->pdata[k];
		w->found = hi ? holds(OP_GE, a, &lo->c) && holds(OP_LE, a, &hi->c) : holds(OP_EQ, a, &lo->c);
	}
	return !w->found;
}

struct re_walk {
	const GRegex *re;
	bool found;
	bool *gave_up;
};

static bool match_one(const struct dval *a, void *data)
{
	struct re_walk *w = data;
	if (a->cls != VC_BYTES)
		return true;
	GError *err = NULL;
	w->found = g_regex_match_full(w->re, (const char *)a->ptr, (gssize)a->len, 0, 0, NULL, &err);
	if (err) {
		/* the backtracking bound (or PCRE2's stack) was reached */
		*w->gave_up = true;
		g_error_free(err);
	}
	return !w->found;
}

/* Stops a field walk at once: presence only. */
static bool fv_stop(const struct fvalue *v, void *data)
{
	(void)v;
	(void)data;
	return false;
}

/* Stops at the first value; for presence. */
static bool stop_at_first(const struct dval *d, void *data)
{
	(void)d;
	*(bool *)data = true;
	return false;
}

/* Stops at the first non-zero value; for "tcp.flags & 0x02". */
static bool stop_at_nonzero(const struct dval *d, void *data)
{
	if (d->cls == VC_BYTES ? d->len > 0 : as_uint(d) != 0) {
		*(bool *)data = true;
		return false;
	}
	return true;
}

static bool present(const struct vnode *v, const struct packet *p)
{
	bool found = false;
	if (v->kind == V_FIELD) {
		if (v->is_frame)
			return true;
		if (!v->field)
			return proto_count(p, v->proto->id) > 0;
		return field_plan_values(&v->plan, p, fv_stop, NULL) > 0;
	}
	each_value(v, p, v->kind == V_BITAND ? stop_at_nonzero : stop_at_first, &found);
	return found;
}

bool df_eval(const struct node *n, const struct packet *p, bool *gave_up)
{
	switch (n->kind) {
	case N_AND: case N_OR: {
		/* "and" stops at the first false operand, "or" at the first true */
		bool want = n->kind == N_OR;
		for (guint k = 0; k < n->kids->len; k++)
			if (df_eval(n->kids->pdata[k], p, gave_up) == want)
				return want;
		return !want;
	}
	case N_NOT: return !df_eval(n->l, p, gave_up);
	case N_TRUE: return true;
	case N_TEST: return present(n->a, p);
	case N_CMP: case N_CONTAINS: return eval_pair(n, p);
	case N_IN: {
		struct in_walk w = {n, false};
		each_value(n->a, p, in_one, &w);
		return w.found;
	}
	case N_MATCHES: {
		struct re_walk w = {n->re, false, gave_up};
		each_value(n->a, p, match_one, &w);
		return w.found;
	}
	}
	return false;
}
