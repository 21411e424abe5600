/* editline.c — editing one line of text (see editline.h). */
#include "tui/editline.h"

#include <curses.h>
#include <string.h>

#include "dissect/field.h"

void tui_editline_init(struct tui_editline *e)
{
	*e = (struct tui_editline){0};
	e->text = g_string_new(NULL);
	e->history = g_ptr_array_new_with_free_func(g_free);
}

void tui_editline_clear(struct tui_editline *e)
{
	e->selected = false;
	g_string_truncate(e->text, 0);
	e->cursor = 0;
	e->hist_pos = e->history->len;
	g_clear_pointer(&e->draft, g_free);
}

void tui_editline_free(struct tui_editline *e)
{
	if (e->text)
		g_string_free(e->text, TRUE);
	if (e->history)
		g_ptr_array_free(e->history, TRUE);
	g_free(e->draft);
	*e = (struct tui_editline){0};
}

void tui_editline_set(struct tui_editline *e, const char *text)
{
	g_string_assign(e->text, text ? text : "");
	e->cursor = e->text->len;
	e->selected = false;
}

void tui_editline_set_selected(struct tui_editline *e, const char *text)
{
	tui_editline_set(e, text);
	e->selected = e->text->len > 0;
}

static bool is_name_char(char c)
{
	return g_ascii_isalnum(c) || c == '.' || c == '_' || c == '-';
}

bool tui_editline_key(struct tui_editline *e, int key)
{
	if (e->selected) {
		e->selected = false;
		if ((key >= 32 && key < 127) || key == KEY_BACKSPACE || key == 127 || key == 8 || key == KEY_DC) {
			g_string_truncate(e->text, 0);
			e->cursor = 0;
			if (!(key >= 32 && key < 127))
				return true;
		}
	}
	switch (key) {
	case KEY_BACKSPACE: case 127: case 8:
		if (e->cursor > 0) {
			g_string_erase(e->text, (gssize)e->cursor - 1, 1);
			e->cursor--;
		}
		return true;
	case KEY_DC:
		if (e->cursor < e->text->len)
			g_string_erase(e->text, (gssize)e->cursor, 1);
		return true;
	case KEY_LEFT:
		if (e->cursor > 0)
			e->cursor--;
		return true;
	case KEY_RIGHT:
		if (e->cursor < e->text->len)
			e->cursor++;
		return true;
	case KEY_HOME: case 1:
		e->cursor = 0;
		return true;
	case KEY_END: case 5:
		e->cursor = e->text->len;
		return true;
	case 21:
		g_string_erase(e->text, 0, (gssize)e->cursor);
		e->cursor = 0;
		return true;
	case 23: {
		gsize start = e->cursor;
		while (start > 0 && e->text->str[start - 1] == ' ')
			start--;
		while (start > 0 && e->text->str[start - 1] != ' ')
			start--;
		g_string_erase(e->text, (gssize)start, (gssize)(e->cursor - start));
		e->cursor = start;
		return true;
	}
	default:
		if (key >= 32 && key < 127) {
			g_string_insert_c(e->text, (gssize)e->cursor, (char)key);
			e->cursor++;
			return true;
		}
		return false;
	}
}

void tui_editline_remember(struct tui_editline *e, const char *text)
{
	if (text && *text &&
	    (e->history->len == 0 || strcmp(e->history->pdata[e->history->len - 1], text) != 0))
		g_ptr_array_add(e->history, g_strdup(text));
	e->hist_pos = e->history->len;
	g_clear_pointer(&e->draft, g_free);
}

void tui_editline_history(struct tui_editline *e, int dir)
{
	if (e->hist_pos > e->history->len)
		e->hist_pos = e->history->len;
	if (dir < 0 && e->hist_pos > 0) {
		if (e->hist_pos == e->history->len) {
			g_free(e->draft);
			e->draft = g_strdup(e->text->str);
		}
		e->hist_pos--;
		tui_editline_set(e, e->history->pdata[e->hist_pos]);
	} else if (dir > 0 && e->hist_pos < e->history->len) {
		e->hist_pos++;
		tui_editline_set(e, e->hist_pos == e->history->len ? e->draft : e->history->pdata[e->hist_pos]);
	}
}

static gint by_name(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Every protocol and field name starting with PREFIX (N bytes) into OUT. */
static void candidates(const char *prefix, size_t n, GPtrArray *out)
{
	for (int id = 0; id < PROTO_COUNT; id++) {
		const struct proto_def *pd = proto_get((enum proto_id)id);
		if (strncmp(pd->abbrev, prefix, n) == 0)
			g_ptr_array_add(out, (gpointer)pd->abbrev);
		for (size_t i = 0; i < pd->n_fields; i++)
			if (strncmp(pd->fields[i].abbrev, prefix, n) == 0 &&
			    strcmp(pd->fields[i].abbrev, pd->abbrev) != 0)
				g_ptr_array_add(out, (gpointer)pd->fields[i].abbrev);
	}
	g_ptr_array_sort(out, by_name);
	/* a name may sit in two tables (a field shared by protocols) */
	for (guint i = 1; i < out->len;) {
		if (strcmp(out->pdata[i], out->pdata[i - 1]) == 0)
			g_ptr_array_remove_index(out, i);
		else
			i++;
	}
}

GPtrArray *tui_editline_complete(struct tui_editline *e)
{
	GPtrArray *out = g_ptr_array_new();
	e->selected = false;
	gsize start = e->cursor;
	while (start > 0 && is_name_char(e->text->str[start - 1]))
		start--;
	size_t n = e->cursor - start;
	if (n == 0)
		return out;
	g_autofree char *prefix = g_strndup(e->text->str + start, n);
	candidates(prefix, n, out);
	if (out->len == 0)
		return out;
	/* the longest prefix every candidate shares */
	const char *first = out->pdata[0];
	size_t common = strlen(first);
	for (guint i = 1; i < out->len; i++) {
		const char *c = out->pdata[i];
		size_t k = 0;
		while (k < common && c[k] == first[k])
			k++;
		common = k;
	}
	if (common > n) {
		g_string_insert_len(e->text, (gssize)e->cursor, first + n, (gssize)(common - n));
		e->cursor += common - n;
	}
	return out;
}
