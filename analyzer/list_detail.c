/* list_detail.c — every field of a frame, as a tree or as JSON.  The fields
 * are the registry's, layer by layer; a field occurring several times in a
 * layer gives several lines (an array in JSON). */
#include "analyzer/list_detail.h"

#include <string.h>

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

struct tree_ctx {
	const struct packet *p;
	detail_line_fn fn;
	void *data;
	struct detail_line line;
	GString *s;
};

static bool tree_line(const struct fvalue *v, void *data)
{
	struct tree_ctx *t = data;
	if (v->kind == FV_NONE)
		return true;
	g_string_printf(t->s, "%s: ", t->line.field->name);
	tree_value(t->s, t->line.field, v);
	t->line.value = v;
	t->line.text = t->s->str;
	t->fn(&t->line, t->data);
	return true;
}

static void tree_note(struct tree_ctx *t, int layer, bool quoted, const char *text)
{
	t->line = (struct detail_line){layer, quoted, NULL, NULL, text};
	t->fn(&t->line, t->data);
}

/* The frame's fields a tree or JSON shows: not the MD5 of its bytes, which
 * Wireshark computes only when a preference asks for it (filters and -e
 * still give it). */
static bool frame_field_shown(const struct field_def *f)
{
	return strcmp(f->abbrev, "frame.md5_hash") != 0;
}

void list_detail_walk(const struct packet *p, detail_line_fn fn, void *data)
{
	const struct frame *fr = p->frame;
	struct tree_ctx t = {p, fn, data, {0}, g_string_new(NULL)};
	g_autofree char *head = g_strdup_printf("Frame %" G_GUINT64_FORMAT
						": %u bytes on wire (%u bits), %u bytes captured (%u bits)",
						fr->number, fr->len, fr->len * 8, fr->caplen, fr->caplen * 8);
	tree_note(&t, -1, false, head);
	const struct proto_def *frame = proto_get(PROTO_FRAME);
	for (size_t i = 0; i < frame->n_fields; i++) {
		if (!frame_field_shown(&frame->fields[i]))
			continue;
		t.line = (struct detail_line){-1, false, &frame->fields[i], NULL, NULL};
		frame_field_values(p, t.line.field, tree_line, &t);
	}
	for (int k = 0; k < p->nlayers; k++) {
		const struct layer *l = &p->layers[k];
		const struct proto_def *pd = proto_get((enum proto_id)l->proto);
		/* layers quoted in an ICMP error sit inside it */
		bool quoted = (l->flags & PKT_IN_ERROR) != 0;
		g_autofree char *name = g_strdup_printf("%s%s", pd->name,
							(l->flags & PKT_REASSEMBLED) ? " [reassembled]" : "");
		tree_note(&t, k, quoted, name);
		for (size_t i = 0; i < pd->n_fields; i++) {
			t.line = (struct detail_line){k, quoted, &pd->fields[i], NULL, NULL};
			layer_field_values(p, k, t.line.field, tree_line, &t);
		}
	}
	if (p->flags & PKT_MALFORMED)
		tree_note(&t, -1, false, "[Malformed Packet]");
	else if (p->flags & PKT_TRUNCATED)
		tree_note(&t, -1, false, "[Packet size limited during capture]");
	g_string_free(t.s, TRUE);
}

static void print_line(const struct detail_line *l, void *data)
{
	FILE *fp = data;
	fprintf(fp, "%s%s%s\n", l->quoted ? "    " : "", l->field ? "    " : "", l->text);
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
