/* list_detail.c — every field of a frame, as a tree or as JSON.  The fields
 * are the registry's, layer by layer; a field occurring several times in a
 * layer gives several lines (an array in JSON). */
#include "analyzer/list_detail.h"

#include <string.h>

#include "dissect/expert.h"
#include "dissect/protocol.h"

/* How many hex digits Wireshark shows for a number of F's type. */
static int hex_digits(const struct field_def *f)
{
	switch (f->type) {
	case FT_UINT8: return 2;
	case FT_UINT16: return 4;
	case FT_UINT24: return 6;
	case FT_UINT32: return 8;
	case FT_UINT64: return 16;
	default: return f->size ? f->size * 2 : 2;
	}
}

/* V as text; byte strings as hex, their bytes joined by SEP when not 0. */
static void value_text(GString *s, const struct field_def *f, const struct fvalue *v, char sep)
{
	char buf[64];
	switch (v->kind) {
	case FV_UINT:
		if (f && base_hex(f->base) && f->type != FT_BOOLEAN)
			g_string_append_printf(s, "0x%0*" G_GINT64_MODIFIER "x", hex_digits(f), v->u);
		else
			g_string_append_printf(s, "%" G_GUINT64_FORMAT, v->u);
		break;
	case FV_INT:
		g_string_append_printf(s, "%" G_GINT64_FORMAT, v->i);
		break;
	case FV_DOUBLE:
		g_string_append_printf(s, "%g", v->d);
		break;
	case FV_TIME:
		if (f && f->type == FT_ABSTIME && v->i == 0 && strncmp(f->abbrev, "ntp.", 4) == 0)
			g_string_append(s, "NULL"); /* an NTP timestamp of zero: not set */
		else if (f && f->type == FT_ABSTIME)
			g_string_append(s, abstime_str(buf, v->i));
		else
			g_string_append(s, seconds_str(buf, v->i));
		break;
	case FV_STRING:
		if (f && f->base == BASE_UTF8) {
			g_autofree char *t = g_utf8_make_valid((const char *)v->ptr, v->len);
			g_string_append(s, t);
			break;
		}
		/* As Wireshark shows its ASCII strings: up to a NUL, each byte
		 * outside ASCII as U+FFFD. */
		for (uint32_t i = 0; i < v->len && v->ptr[i]; i++) {
			if (v->ptr[i] < 0x80)
				g_string_append_c(s, (char)v->ptr[i]);
			else
				g_string_append(s, "\xef\xbf\xbd");
		}
		break;
	case FV_IPV4:
		g_string_append(s, addr_str(buf, 4, v->ptr));
		break;
	case FV_IPV6:
		g_string_append(s, addr_str(buf, 6, v->ptr));
		break;
	case FV_ETHER:
		sep = ':';
		/* fall through */
	case FV_BYTES:
		if (f && f->type == FT_GUID && v->len == 16) {
			for (uint32_t i = 0; i < 16; i++)
				g_string_append_printf(s, i == 4 || i == 6 || i == 8 || i == 10 ? "-%02x" : "%02x", v->ptr[i]);
			break;
		}
		for (uint32_t i = 0; i < v->len; i++) {
			if (i && sep)
				g_string_append_c(s, sep);
			g_string_append_printf(s, "%02x", v->ptr[i]);
		}
		break;
	default:
		break;
	}
}

void list_value_text(GString *s, const struct field_def *f, const struct fvalue *v)
{
	value_text(s, f, v, 0);
}

/* The tree's form: value names, set/not set for flag bits, units. */
static void tree_value(GString *s, const struct field_def *f, const struct fvalue *v)
{
	if (v->kind == FV_UINT && f->type == FT_BOOLEAN) {
		g_string_append(s, v->u ? (f->mask ? "Set" : "True") : (f->mask ? "Not set" : "False"));
		return;
	}
	const char *name = v->kind == FV_UINT ? value_name(f->vals, (uint32_t)v->u) : NULL;
	if (name) {
		g_string_append_printf(s, "%s (", name);
		list_value_text(s, f, v);
		g_string_append_c(s, ')');
		return;
	}
	list_value_text(s, f, v);
	if (v->kind == FV_TIME && f->type == FT_RELTIME)
		g_string_append(s, " seconds");
}

/* An expert item of the frame being walked. */
struct kept_item {
	struct expert_item it;  /* its summary owned */
	bool shown;             /* given to the walk already */
};

static void kept_item_clear(gpointer data)
{
	g_free((char *)((struct kept_item *)data)->it.summary);
}

static void keep_item(const struct expert_item *it, void *data)
{
	struct kept_item k = {*it, false};
	k.it.summary = g_strdup(it->summary);
	g_array_append_val((GArray *)data, k);
}

struct tree_ctx {
	const struct packet *p;
	detail_line_fn fn;
	void *data;
	struct detail_line line;
	GString *s;
	GArray *items;          /* struct kept_item: the frame's expert items, in order */
	bool quoted;            /* the layer being walked is quoted in an ICMP error */
};

static void emit(struct tree_ctx *t, int layer, int depth, const struct field_def *f, const struct fvalue *v,
		 const char *abbrev, const char *text)
{
	t->line = (struct detail_line){layer, depth, layer >= 0 && t->quoted, f, v, abbrev, text};
	t->fn(&t->line, t->data);
}

/* An expert item as Wireshark's tree shows it, at DEPTH: its label, then
 * its message, severity and group. */
static void item_lines(struct tree_ctx *t, const struct expert_item *it, int layer, int depth)
{
	GString *s = g_string_new("[");
	expert_label(s, it);
	g_string_append_c(s, ']');
	emit(t, layer, depth, NULL, NULL, "_ws.expert", s->str);
	g_string_printf(s, "[%s]", it->summary);
	struct fvalue v = {.kind = FV_STRING, .ptr = (const uint8_t *)it->summary, .len = (uint32_t)strlen(it->summary)};
	emit(t, layer, depth + 1, field_lookup("_ws.expert.message", NULL), &v, "_ws.expert.message", s->str);
	g_string_printf(s, "[Severity level: %s]", expert_severity_name(it->severity));
	v = (struct fvalue){.kind = FV_UINT, .u = expert_severity_value(it->severity)};
	emit(t, layer, depth + 1, field_lookup("_ws.expert.severity", NULL), &v, "_ws.expert.severity", s->str);
	g_string_printf(s, "[Group: %s]", expert_group_name(it->group));
	v = (struct fvalue){.kind = FV_UINT, .u = expert_group_value(it->group)};
	emit(t, layer, depth + 1, field_lookup("_ws.expert.group", NULL), &v, "_ws.expert.group", s->str);
	g_string_free(s, TRUE);
}

/* The items of layer LAYER not shown yet that hang on ANCHOR (NULL: those
 * that hang on no line; ALL: every one left), at DEPTH. */
static void items_at(struct tree_ctx *t, int layer, const char *anchor, int depth, bool all)
{
	for (guint i = 0; i < t->items->len; i++) {
		struct kept_item *k = &g_array_index(t->items, struct kept_item, i);
		if (k->shown || k->it.layer != layer)
			continue;
		const char *a = k->it.anchor;
		if (all || (anchor ? a && strcmp(a, anchor) == 0 : !a)) {
			k->shown = true;
			/* the exception's items (layer nlayers) hang on a frame line */
			item_lines(t, &k->it, layer < t->p->nlayers ? layer : -1, depth);
		}
	}
}

static bool tree_line(const struct fvalue *v, void *data)
{
	struct tree_ctx *t = data;
	if (v->kind == FV_NONE)
		return true;
	const struct field_def *f = t->line.field;
	int layer = t->line.layer;
	g_string_printf(t->s, "%s: ", f->name);
	tree_value(t->s, f, v);
	emit(t, layer, 1, f, v, f->abbrev, t->s->str);
	items_at(t, layer, f->abbrev, 2, false);
	t->line = (struct detail_line){layer, 1, layer >= 0 && t->quoted, f, NULL, NULL, NULL}; /* for the next occurrence */
	return true;
}

static void tree_note(struct tree_ctx *t, int layer, const char *text, const char *abbrev)
{
	emit(t, layer, 0, NULL, NULL, abbrev, text);
}

/* A line of a protocol's generated subtrees, in brackets as Wireshark
 * shows generated lines, then the items that hang on it. */
struct hook_ctx {
	struct tree_ctx *t;
	int layer;
};

static void hook_line(const struct tree_line *l, void *data)
{
	struct hook_ctx *h = data;
	g_autoptr(GString) s = g_string_new("[");
	if (l->field && l->value && l->value->kind != FV_NONE) {
		g_string_append_printf(s, "%s: ", l->field->name);
		tree_value(s, l->field, l->value);
	} else {
		g_string_append(s, l->label ? l->label : l->field ? l->field->name : "");
	}
	g_string_append_c(s, ']');
	emit(h->t, h->layer, l->depth, l->field, l->value, l->abbrev, s->str);
	if (l->abbrev)
		items_at(h->t, h->layer, l->abbrev, l->depth + 1, false);
}

/* Whether D shows field F in its generated subtrees only, or hides it. */
static bool in_subtree(const struct protocol *d, const struct field_def *f)
{
	for (const char *const *pre = d && d->tree_fields ? d->tree_fields : NULL; pre && *pre; pre++)
		if (g_str_has_prefix(f->abbrev, *pre))
			return true;
	for (const char *const *h = d && d->hidden ? d->hidden : NULL; h && *h; h++)
		if (strcmp(f->abbrev, *h) == 0)
			return true;
	return false;
}

/* The frame's fields a tree or JSON shows: not the MD5 of its bytes, which
 * Wireshark computes only when a preference asks for it (filters and -e
 * still give it). */
static bool frame_field_shown(const struct field_def *f)
{
	return strcmp(f->abbrev, "frame.md5_hash") != 0;
}

/* Layer K: its heading, items on no line, fields, subtrees, items left. */
static void layer_lines(struct tree_ctx *t, int k)
{
	const struct packet *p = t->p;
	const struct layer *l = &p->layers[k];
	const struct proto_def *pd = proto_get((enum proto_id)l->proto);
	const struct protocol *d = protocol_of((enum proto_id)l->proto);
	/* layers quoted in an ICMP error sit inside it */
	t->quoted = (l->flags & PKT_IN_ERROR) != 0;
	g_autofree char *name = g_strdup_printf("%s%s", pd->name, (l->flags & PKT_REASSEMBLED) ? " [reassembled]" : "");
	tree_note(t, k, name, pd->abbrev);
	items_at(t, k, NULL, 1, false);
	for (size_t i = 0; i < pd->n_fields; i++) {
		if (in_subtree(d, &pd->fields[i]))
			continue;
		t->line = (struct detail_line){k, 1, t->quoted, &pd->fields[i], NULL, NULL, NULL};
		layer_field_values(p, k, t->line.field, tree_line, t);
	}
	if (d && d->tree) {
		struct hook_ctx h = {t, k};
		d->tree(p, k, hook_line, &h);
	}
	items_at(t, k, NULL, 1, true);
}

void list_detail_walk(const struct packet *p, detail_line_fn fn, void *data)
{
	const struct frame *fr = p->frame;
	struct tree_ctx t = {p, fn, data, {0}, g_string_new(NULL), g_array_new(FALSE, FALSE, sizeof(struct kept_item)),
			     false};
	g_array_set_clear_func(t.items, kept_item_clear);
	experts_fill(p, keep_item, t.items);
	g_autofree char *head = g_strdup_printf("Frame %" G_GUINT64_FORMAT
						": %u bytes on wire (%u bits), %u bytes captured (%u bits)",
						fr->number, fr->len, fr->len * 8, fr->caplen, fr->caplen * 8);
	tree_note(&t, -1, head, "frame");
	const struct proto_def *frame = proto_get(PROTO_FRAME);
	for (size_t i = 0; i < frame->n_fields; i++) {
		if (!frame_field_shown(&frame->fields[i]))
			continue;
		t.line = (struct detail_line){-1, 1, false, &frame->fields[i], NULL, NULL, NULL};
		frame_field_values(p, t.line.field, tree_line, &t);
	}
	for (int k = 0; k < p->nlayers; k++)
		if (!(p->layers[k].flags & PKT_NO_ITEM))
			layer_lines(&t, k);
	t.quoted = false;
	/* the exception's node, named after the protocol that raised it, and
	 * its expert item */
	static const char *const heads[] = {
		[PKT_EXC_SHORT] = "[Packet size limited during capture: %s truncated]",
		[PKT_EXC_MALFORMED] = "[Malformed Packet: %s]",
		[PKT_EXC_UNREASSEMBLED] = "[BoundError Unreassembled Packet: %s]",
	};
	static const char *const abbrevs[] = {
		[PKT_EXC_SHORT] = "_ws.short",
		[PKT_EXC_MALFORMED] = "_ws.malformed",
		[PKT_EXC_UNREASSEMBLED] = "_ws.unreassembled",
	};
	enum pkt_exception x = pkt_exception(p, NULL);
	if (x != PKT_EXC_NONE) {
		char name[64];
		g_autofree char *note = g_strdup_printf(heads[x], pkt_exception_proto(p, name, sizeof name));
		tree_note(&t, -1, note, abbrevs[x]);
		items_at(&t, p->nlayers, NULL, 1, true);
	}
	g_string_free(t.s, TRUE);
	g_array_free(t.items, TRUE);
}

static void print_line(const struct detail_line *l, void *data)
{
	FILE *fp = data;
	fprintf(fp, "%*s%s\n", (l->quoted ? 4 : 0) + 4 * l->depth, "", l->text);
}

void list_detail_text(FILE *fp, const struct packet *p)
{
	list_detail_walk(p, print_line, fp);
	fputc('\n', fp);
}

struct json_ctx {
	struct json *j;
	const struct field_def *f;
	GPtrArray *texts;
	GString *s;
};

static bool json_collect(const struct fvalue *v, void *data)
{
	struct json_ctx *c = data;
	if (v->kind == FV_NONE)
		return true;
	g_string_truncate(c->s, 0);
	value_text(c->s, c->f, v, ':'); /* tshark's JSON joins bytes with ':' */
	g_ptr_array_add(c->texts, g_strdup(c->s->str));
	return true;
}

static void json_field(struct json_ctx *c)
{
	if (c->texts->len == 0)
		return;
	json_key(c->j, c->f->abbrev);
	if (c->texts->len == 1) {
		json_string(c->j, c->texts->pdata[0]);
	} else {
		json_begin_array(c->j);
		for (guint i = 0; i < c->texts->len; i++)
			json_string(c->j, c->texts->pdata[i]);
		json_end_array(c->j);
	}
	g_ptr_array_set_size(c->texts, 0);
}

void list_detail_json(struct json *j, const struct packet *p)
{
	struct json_ctx c = {j, NULL, g_ptr_array_new_with_free_func(g_free), g_string_new(NULL)};
	json_begin_object(j);
	json_kv_string(j, "_index", "packets");
	json_key(j, "_source");
	json_begin_object(j);
	json_key(j, "layers");
	json_begin_object(j);
	const struct proto_def *frame = proto_get(PROTO_FRAME);
	json_key(j, "frame");
	json_begin_object(j);
	for (size_t i = 0; i < frame->n_fields; i++) {
		if (!frame_field_shown(&frame->fields[i]))
			continue;
		c.f = &frame->fields[i];
		frame_field_values(p, c.f, json_collect, &c);
		json_field(&c);
	}
	json_end_object(j);
	for (int k = 0; k < p->nlayers; k++) {
		if (p->layers[k].flags & PKT_NO_ITEM)
			continue;
		const struct proto_def *pd = proto_get((enum proto_id)p->layers[k].proto);
		json_key(j, pd->abbrev);
		json_begin_object(j);
		for (size_t i = 0; i < pd->n_fields; i++) {
			c.f = &pd->fields[i];
			layer_field_values(p, k, c.f, json_collect, &c);
			json_field(&c);
		}
		json_end_object(j);
	}
	json_end_object(j);
	json_end_object(j);
	json_end_object(j);
	g_ptr_array_free(c.texts, TRUE);
	g_string_free(c.s, TRUE);
}
