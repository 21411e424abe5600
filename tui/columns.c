/* columns.c — the packet list's field columns and hidden fixed columns,
 * and their file: a GLib key file,
 *     [columns]
 *     fields=ip.ttl;tcp.window_size
 *     hidden=Source;Length
 * in $XDG_CONFIG_HOME/analyze/tui.conf (~/.config when unset). */
#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "analyzer/list_detail.h"
#include "dissect/packet.h"
#include "tui/columns.h"

const char *const tui_col_names[TUI_COL_FIXED] = {"No.", "Time", "Source", "Destination", "Protocol", "Length"};

static void column_clear(gpointer data)
{
	g_free(((struct tui_column *)data)->abbrev);
}

static bool column_of(const char *abbrev, struct tui_column *col)
{
	const struct proto_def *proto = NULL;
	const struct field_def *field = field_lookup(abbrev, &proto);
	if (!field)
		proto = proto_lookup(abbrev);
	if (!proto)
		return false;
	*col = (struct tui_column){g_strdup(abbrev), proto, field};
	return true;
}

bool tui_columns_add(struct tui_columns *c, const char *abbrev)
{
	for (guint i = 0; i < c->fields->len; i++)
		if (strcmp(g_array_index(c->fields, struct tui_column, i).abbrev, abbrev) == 0)
			return false;
	struct tui_column col;
	if (!column_of(abbrev, &col))
		return false;
	g_array_append_val(c->fields, col);
	return true;
}

void tui_columns_load(struct tui_columns *c, char **warning)
{
	*warning = NULL;
	c->fields = g_array_new(FALSE, FALSE, sizeof(struct tui_column));
	g_array_set_clear_func(c->fields, column_clear);
	c->hidden = 0;
	c->path = g_build_filename(g_get_user_config_dir(), "analyze", "tui.conf", NULL);
	g_autoptr(GKeyFile) kf = g_key_file_new();
	g_autoptr(GError) err = NULL;
	if (!g_key_file_load_from_file(kf, c->path, G_KEY_FILE_NONE, &err)) {
		if (!g_error_matches(err, G_FILE_ERROR, G_FILE_ERROR_NOENT))
			*warning = g_strdup_printf("%s: %s (columns as they come)", c->path, err->message);
		return;
	}
	g_auto(GStrv) fields = g_key_file_get_string_list(kf, "columns", "fields", NULL, NULL);
	GString *dropped = g_string_new(NULL);
	for (char **f = fields; f && *f; f++)
		if (**f && !tui_columns_add(c, *f))
			g_string_append_printf(dropped, "%s'%s'", dropped->len ? ", " : "", *f);
	g_auto(GStrv) hidden = g_key_file_get_string_list(kf, "columns", "hidden", NULL, NULL);
	for (char **h = hidden; h && *h; h++)
		for (int k = 0; k < TUI_COL_FIXED; k++)
			if (strcmp(*h, tui_col_names[k]) == 0)
				c->hidden |= 1u << k;
	if (dropped->len)
		*warning = g_strdup_printf("%s: no such field %s: column left out", c->path, dropped->str);
	g_string_free(dropped, TRUE);
}

void tui_columns_free(struct tui_columns *c)
{
	if (c->fields)
		g_array_free(c->fields, TRUE);
	g_free(c->path);
	memset(c, 0, sizeof *c);
}

bool tui_columns_save(const struct tui_columns *c, char **error)
{
	g_autoptr(GKeyFile) kf = g_key_file_new();
	GPtrArray *names = g_ptr_array_new();
	for (guint i = 0; i < c->fields->len; i++)
		g_ptr_array_add(names, g_array_index(c->fields, struct tui_column, i).abbrev);
	g_key_file_set_string_list(kf, "columns", "fields", (const char *const *)names->pdata, names->len);
	g_ptr_array_set_size(names, 0);
	for (int k = 0; k < TUI_COL_FIXED; k++)
		if (c->hidden & (1u << k))
			g_ptr_array_add(names, (gpointer)tui_col_names[k]);
	g_key_file_set_string_list(kf, "columns", "hidden", (const char *const *)names->pdata, names->len);
	g_ptr_array_free(names, TRUE);
	g_autofree char *dir = g_path_get_dirname(c->path);
	g_autoptr(GError) err = NULL;
	if (g_mkdir_with_parents(dir, 0700) != 0) {
		*error = g_strdup_printf("cannot create %s: %s", dir, g_strerror(errno));
		return false;
	}
	/* a temporary file renamed over the old one: complete or not at all */
	if (!g_key_file_save_to_file(kf, c->path, &err)) {
		*error = g_strdup(err->message);
		return false;
	}
	return true;
}

/* Appends one value of a field column, occurrences joined by ','. */
static bool column_value(const struct fvalue *v, void *data)
{
	void **ctx = data;
	GString *s = ctx[0];
	if (s->len > GPOINTER_TO_SIZE(ctx[2]))
		g_string_append_c(s, ',');
	list_value_text(s, ctx[1], v);
	return true;
}

void tui_column_text(GString *out, const struct tui_column *c, const struct packet *p)
{
	if (c->field) {
		void *ctx[3] = {out, (void *)c->field, GSIZE_TO_POINTER(out->len)};
		field_values(p, c->proto, c->field, column_value, ctx);
	} else if (proto_count(p, c->proto->id)) {
		g_string_append(out, c->proto->abbrev);
	}
}
