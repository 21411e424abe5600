/* fieldval.c — a field's values in one packet: the engine.
 *
 * Fields with a fixed place are read from their layer's bytes through the
 * registry (offset, size, mask).  Fields that name two others (ip.addr is
 * ip.src and ip.dst) give both.  The frame's own fields are computed here.
 * The rest a layer's protocol gives through its descriptor's .values
 * (dissect/protocol.h), reading the layer's bytes again; a protocol whose
 * layers carry another's fields (mDNS: DNS's) says so with .shows. */
#include "dissect/fieldval.h"

#include <glib.h>
#include <string.h>

#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/expert.h"
#include "dissect/protocol.h"
#include "dissect/tcp_conv.h"
#include "dissect/tcp_expert.h"

static const struct field_def frame_fields[] = {
	{"frame.number", "Frame Number", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"frame.len", "Frame Length", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"frame.cap_len", "Capture Length", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"frame.time_relative", "Time since reference or first frame", FT_RELTIME, BASE_NONE, FIELD_VAR, 8, 0, NULL},
	{"frame.time_delta", "Time delta from previous captured frame", FT_RELTIME, BASE_NONE, FIELD_VAR, 8, 0, NULL},
	{"frame.time_epoch", "Epoch Time", FT_RELTIME, BASE_NONE, FIELD_VAR, 8, 0, NULL},
	{"frame.time", "Arrival Time", FT_ABSTIME, BASE_NONE, FIELD_VAR, 8, 0, NULL},
	{"frame.interface_id", "Interface id", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"frame.protocols", "Protocols in frame", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"frame.marked", "Frame is marked", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 1, 0, NULL},
	{"frame.comment", "Comment", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"frame.md5_hash", "Frame MD5 Hash", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(frame);

struct walk {
	fvalue_fn fn;
	void *data;
	unsigned n;
	bool stop;
};

static void give(struct walk *w, const struct fvalue *v)
{
	if (w->stop)
		return;
	w->n++;
	if (!w->fn(v, w->data))
		w->stop = true;
}

static void give_uint(struct walk *w, uint64_t u)
{
	struct fvalue v = {.kind = FV_UINT, .u = u};
	give(w, &v);
}

static void give_ptr(struct walk *w, uint8_t kind, const uint8_t *ptr, uint32_t len)
{
	struct fvalue v = {.kind = kind, .ptr = ptr, .len = len};
	give(w, &v);
}

static bool same(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

static uint8_t kind_of(uint8_t type)
{
	switch (type) {
	case FT_IPV4: return FV_IPV4;
	case FT_IPV6: return FV_IPV6;
	case FT_ETHER: return FV_ETHER;
	case FT_BYTES: case FT_GUID: return FV_BYTES;
	case FT_STRING: return FV_STRING;
	case FT_RELTIME: case FT_ABSTIME: return FV_TIME;
	case FT_DOUBLE: return FV_DOUBLE;
	case FT_INT32: return FV_INT;
	case FT_PROTOCOL: case FT_NONE: return FV_NONE;
	default: return FV_UINT;
	}
}

const uint8_t *fv_layer_base(const struct packet *p, const struct layer *l, uint32_t *cap)
{
	if (l->flags & PKT_REASSEMBLED) {
		*cap = p->reasm_len;
		return p->reasm;
	}
	*cap = p->frame->caplen;
	return p->frame->data;
}

/* The bytes of the field at a fixed place F in layer L of protocol PR, or
 * NULL when they were not captured or the layer lacks the field. */
static inline const uint8_t *fixed_bytes(const struct packet *p, const struct layer *l, const struct field_def *f,
				  const struct protocol *pr)
{
	uint32_t cap;
	const uint8_t *base = fv_layer_base(p, l, &cap);
	uint64_t at = (uint64_t)l->off + f->offset;
	if (at + f->size > cap)
		return NULL;
	if (pr && pr->absent && pr->absent(p, l, f))
		return NULL;
	return base + at;
}

/* What a field at a fixed place gives: its bytes (FV_IPV4 ... FV_STRING),
 * a signed number (FV_INT), else an unsigned one read from 1 to 8 bytes
 * (FV_UINT), or nothing (FV_NONE: a number of another size). */
static uint8_t fixed_kind(const struct field_def *f)
{
	uint8_t kind = kind_of(f->type);
	if (kind == FV_IPV4 || kind == FV_IPV6 || kind == FV_ETHER || kind == FV_BYTES || kind == FV_STRING)
		return kind;
	if (f->size == 0 || f->size > 8)
		return FV_NONE;
	return kind == FV_INT ? FV_INT : FV_UINT;
}

/* A field at a fixed place in layer L. */
static void fixed_value(struct walk *w, const struct packet *p, const struct layer *l, const struct field_def *f,
			const struct protocol *pr)
{
	uint8_t kind = fixed_kind(f);
	const uint8_t *b = fixed_bytes(p, l, f, pr);
	if (!b || kind == FV_NONE)
		return;
	if (kind != FV_INT && kind != FV_UINT) {
		give_ptr(w, kind, b, f->size);
		return;
	}
	uint64_t u = field_uint_at(b, f);
	if (kind == FV_INT) {
		struct fvalue v = {.kind = FV_INT, .i = (int32_t)(uint32_t)u};
		give(w, &v);
		return;
	}
	give_uint(w, u);
}

/* The pair field F of protocol PROTO is (its descriptor's .pairs), or NULL. */
static const struct field_pair *pair_of(const struct proto_def *proto, const struct field_def *f)
{
	const struct protocol *d = proto ? protocol_of(proto->id) : NULL;
	for (const struct field_pair *fp = d ? d->pairs : NULL; fp && fp->name; fp++)
		if (same(f->abbrev, fp->name))
			return fp;
	return NULL;
}

static const uint8_t *layer_bytes(const struct packet *p, const struct layer *l, uint32_t *n)
{
	uint32_t cap;
	const uint8_t *base = fv_layer_base(p, l, &cap);
	if (l->off >= cap) {
		*n = 0;
		return NULL;
	}
	uint32_t end = l->off + l->len;
	if (end > cap || end < l->off)
		end = cap;
	*n = end - l->off;
	return base + l->off;
}

/* The frame's own fields. */
static void frame_value(struct walk *w, const struct packet *p, const struct field_def *f)
{
	static __thread char protocols[PKT_MAX_LAYERS * 24];
	const struct frame *fr = p->frame;
	struct fvalue v = {.kind = FV_TIME};
	if (same(f->abbrev, "frame.number")) {
		give_uint(w, fr->number);
	} else if (same(f->abbrev, "frame.len")) {
		give_uint(w, fr->len);
	} else if (same(f->abbrev, "frame.cap_len")) {
		give_uint(w, fr->caplen);
	} else if (same(f->abbrev, "frame.interface_id")) {
		/* only pcapng numbers interfaces */
		if (fr->interface != FRAME_NO_INTERFACE && (fr->flags & FRAME_PCAPNG))
			give_uint(w, fr->interface);
	} else if (same(f->abbrev, "frame.marked")) {
		give_uint(w, (fr->flags & FRAME_MARKED) != 0);
	} else if (same(f->abbrev, "frame.comment")) {
		if ((fr->flags & (FRAME_COMMENT | FRAME_PCAPNG)) == (FRAME_COMMENT | FRAME_PCAPNG) && fr->comment)
			give_ptr(w, FV_STRING, fr->comment, fr->comment_len);
	} else if (same(f->abbrev, "frame.md5_hash")) {
		/* of the captured bytes, as Wireshark gives it when asked to */
		static __thread char md5[33];
		g_autofree char *hex = g_compute_checksum_for_data(G_CHECKSUM_MD5, fr->data, fr->caplen);
		g_strlcpy(md5, hex, sizeof md5);
		give_ptr(w, FV_STRING, (const uint8_t *)md5, 32);
	} else if (same(f->abbrev, "frame.time_relative")) {
		v.i = ts_diff(fr->ts_ns, p->first_ns);
		give(w, &v);
	} else if (same(f->abbrev, "frame.time_delta")) {
		v.i = ts_diff(fr->ts_ns, p->prev_ns);
		give(w, &v);
	} else if (same(f->abbrev, "frame.time_epoch") || same(f->abbrev, "frame.time")) {
		v.i = fr->ts_ns;
		give(w, &v);
	} else if (same(f->abbrev, "frame.protocols")) {
		size_t used = 0;
		protocols[0] = 0;
		/* Messages after the first in a segment add no protocol of
		 * their own (Wireshark hands them to the dissector directly);
		 * one completed from earlier segments does. */
		bool reassembled = false;
		for (int i = 0; i < p->nlayers; i++) {
			const struct layer *l = &p->layers[i];
			if (l->proto == PROTO_TCP_SEGMENTS) {
				reassembled = true;
				continue; /* a hierarchy node, not a protocol of the frame */
			}
			if (l->proto == PROTO_PKT_COMMENT || (l->flags & PKT_TREE_ONLY))
				continue; /* the file's comment, an RPC program's NULL procedure:
					   * in the hierarchy, not in the frame */
			if (i > 0 && l->proto == p->layers[i - 1].proto && !reassembled)
				continue;
			reassembled = false;
			const struct protocol *pr = protocol_of((enum proto_id)l->proto);
			const char *after = pr && pr->protocols_after ? pr->protocols_after(p, i) : NULL;
			for (int k = 0; k < 1 + (after != NULL); k++) {
				const char *a = !k ? proto_get((enum proto_id)l->proto)->abbrev : after;
				size_t n = strlen(a);
				if (used + n + 2 > sizeof protocols)
					break;
				if (used)
					protocols[used++] = ':';
				memcpy(protocols + used, a, n);
				used += n;
			}
		}
		give_ptr(w, FV_STRING, (const uint8_t *)protocols, (uint32_t)used);
	}
}

/* Hands a value found elsewhere to the walk. */
static bool relay(const struct fvalue *v, void *data)
{
	struct walk *w = data;
	give(w, v);
	return !w->stop;
}

static void layer_value(struct walk *w, const struct packet *p, int idx, const struct field_def *f)
{
	const struct layer *l = &p->layers[idx];
	if (f->type == FT_PROTOCOL) {
		give_ptr(w, FV_NONE, NULL, 0);
		return;
	}
	const struct protocol *pr = protocol_of((enum proto_id)l->proto);
	if (f->offset != FIELD_VAR && !(pr && pr->values_all)) {
		fixed_value(w, p, l, f, pr);
		return;
	}
	if (pr && pr->values) {
		uint32_t n;
		const uint8_t *d = layer_bytes(p, l, &n);
		pr->values(p, l, d, n, f, relay, w);
	}
}

/* Whether a layer of protocol LP gives field F of protocol ID as well
 * (mDNS gives DNS's fields, SSDP HTTP's, IPv6 ip.version). */
static bool shows(uint16_t lp, enum proto_id id, const struct field_def *f)
{
	const struct protocol *pr = protocol_of((enum proto_id)lp);
	return pr && pr->shows == id && id != PROTO_FRAME && !(pr->shows_values && f->type == FT_PROTOCOL) &&
	       (!pr->shows_only || same(f->abbrev, pr->shows_only));
}

/* The two fields of PAIR, looked up by name once for a run of frames that
 * ask for the same pair (a filter on ip.addr asks every frame). */
static void pair_fields(const struct field_pair *pair, const struct field_def **a, const struct field_def **b)
{
	static __thread const struct field_pair *last;
	static __thread const struct field_def *first, *second;
	if (pair != last) {
		first = field_lookup(pair->first, NULL);
		second = field_lookup(pair->second, NULL);
		last = pair;
	}
	*a = first;
	*b = second;
}

unsigned field_values(const struct packet *p, const struct proto_def *proto, const struct field_def *f,
		      fvalue_fn fn, void *data)
{
	struct walk w = {fn, data, 0, false};
	if (!proto || !f)
		return 0;
	if (proto->id == PROTO_FRAME) {
		frame_value(&w, p, f);
		return w.n;
	}
	if (proto->id == PROTO_WS_COL)
		return f->type == FT_PROTOCOL ? 0 : col_field_values(p, f, fn, data);
	if (proto->id == PROTO_WS_EXPERT)
		return f->type == FT_PROTOCOL ? 0 : expert_field_values(p, f, fn, data);
	const struct field_pair *pair = pair_of(proto, f);
	if (pair) {
		const struct field_def *a, *b;
		pair_fields(pair, &a, &b);
		for (int k = 0; k < p->nlayers && !w.stop; k++)
			if (p->layers[k].proto == proto->id && !(p->layers[k].flags & PKT_NO_ITEM)) {
				layer_value(&w, p, k, a);
				layer_value(&w, p, k, b);
			}
		return w.n;
	}
	for (int k = 0; k < p->nlayers && !w.stop; k++) {
		uint16_t lp = p->layers[k].proto;
		if (p->layers[k].flags & PKT_NO_ITEM)
			continue;
		if (lp == proto->id || shows(lp, proto->id, f))
			layer_value(&w, p, k, f);
	}
	return w.n;
}

/* Whether layer_value() reads F of a layer of protocol PR at its fixed
 * place. */
static bool fixed_in(const struct protocol *pr, const struct field_def *f)
{
	return f && f->type != FT_PROTOCOL && f->offset != FIELD_VAR && !(pr && pr->values_all);
}

/* Whether a layer of a protocol other than ID gives its field F. */
static bool shown_elsewhere(enum proto_id id, const struct field_def *f)
{
	for (int lp = 0; lp < PROTO_COUNT; lp++)
		if (lp != (int)id && shows((uint16_t)lp, id, f))
			return true;
	return false;
}

void field_plan_init(struct field_plan *pl, const struct proto_def *proto, const struct field_def *f)
{
	*pl = (struct field_plan){.proto = proto, .f = f};
	if (!proto || !f || proto->id == PROTO_FRAME || proto->id == PROTO_WS_COL || proto->id == PROTO_WS_EXPERT)
		return;
	const struct protocol *pr = protocol_of(proto->id);
	const struct field_pair *pair = pair_of(proto, f);
	if (pair)
		pair_fields(pair, &pl->part[0], &pl->part[1]);
	else if (!shown_elsewhere(proto->id, f))
		pl->part[0] = f;
	pl->pr = pr;
	pl->direct = fixed_in(pr, pl->part[0]) && (!pair || fixed_in(pr, pl->part[1]));
	pl->uints = pl->direct;
	for (int i = 0; i < 2 && pl->part[i]; i++)
		pl->uints = pl->uints && fixed_kind(pl->part[i]) == FV_UINT;
}

unsigned field_plan_uints(const struct field_plan *pl, const struct packet *p, uint64_t *out)
{
	unsigned n = 0;
	uint16_t id = (uint16_t)pl->proto->id;
	for (int k = 0; k < p->nlayers; k++) {
		const struct layer *l = &p->layers[k];
		if (l->proto != id || (l->flags & PKT_NO_ITEM))
			continue;
		for (int i = 0; i < 2 && pl->part[i]; i++) {
			const uint8_t *b = fixed_bytes(p, l, pl->part[i], pl->pr);
			if (b)
				out[n++] = field_uint_at(b, pl->part[i]);
		}
	}
	return n;
}

unsigned field_plan_values(const struct field_plan *pl, const struct packet *p, fvalue_fn fn, void *data)
{
	if (!pl->direct)
		return field_values(p, pl->proto, pl->f, fn, data);
	struct walk w = {fn, data, 0, false};
	uint16_t id = (uint16_t)pl->proto->id;
	for (int k = 0; k < p->nlayers && !w.stop; k++) {
		const struct layer *l = &p->layers[k];
		if (l->proto != id || (l->flags & PKT_NO_ITEM))
			continue;
		fixed_value(&w, p, l, pl->part[0], pl->pr);
		if (pl->part[1])
			fixed_value(&w, p, l, pl->part[1], pl->pr);
	}
	return w.n;
}

unsigned proto_count(const struct packet *p, enum proto_id proto)
{
	if (proto == PROTO_FRAME)
		return 1;
	if (proto == PROTO_WS_EXPERT)
		return expert_count(p);
	if (proto == PROTO_WS_MALFORMED || proto == PROTO_WS_SHORT || proto == PROTO_WS_UNREASSEMBLED) {
		enum pkt_exception x = pkt_exception(p, NULL);
		if (proto == PROTO_WS_MALFORMED && x != PKT_EXC_MALFORMED)
			for (int i = 0; i < p->nlayers; i++)
				if (p->layers[i].proto == PROTO_WS_MALFORMED)
					return 1; /* a protocol's own error that raised no exception */
		return (x == PKT_EXC_MALFORMED && proto == PROTO_WS_MALFORMED) ||
		       (x == PKT_EXC_SHORT && proto == PROTO_WS_SHORT) ||
		       (x == PKT_EXC_UNREASSEMBLED && proto == PROTO_WS_UNREASSEMBLED);
	}
	unsigned n = 0;
	for (int i = 0; i < p->nlayers; i++)
		n += p->layers[i].proto == proto && !(p->layers[i].flags & PKT_NO_ITEM);
	return n;
}

bool field_is_pair(const struct field_def *f)
{
	const struct proto_def *owner = NULL;
	return field_lookup(f->abbrev, &owner) && pair_of(owner, f);
}

unsigned layer_field_values(const struct packet *p, int idx, const struct field_def *f, fvalue_fn fn, void *data)
{
	struct walk w = {fn, data, 0, false};
	if (idx < 0 || idx >= p->nlayers || field_is_pair(f))
		return 0;
	layer_value(&w, p, idx, f);
	return w.n;
}

unsigned frame_field_values(const struct packet *p, const struct field_def *f, fvalue_fn fn, void *data)
{
	struct walk w = {fn, data, 0, false};
	frame_value(&w, p, f);
	return w.n;
}

/* frame.protocols names the application protocols too. */
static int frame_depth(const struct field_def *f)
{
	return f && strcmp(f->abbrev, "frame.protocols") == 0 ? DEPTH_APPLICATION : -1;
}

PROTOCOL_ID(FRAME, "frame", "Frame");
const struct protocol proto_frame = {PROTO_FRAME, .short_name = "Frame", .depth = frame_depth, .transport = true,
                                     .fields = &frame_table};
