/* storage_list.c — the Blob service's XML answers, read with GMarkup: List
 * Blobs (EnumerationResults/Blobs/Blob with Name and Properties, NextMarker)
 * and errors (Error/Code, Message, AuthenticationErrorDetail). */
#include <stdio.h>
#include <string.h>

#include "capture/storage.h"
#include "capture/storage_http.h"

void storage_blob_free(struct storage_blob *b)
{
	if (!b)
		return;
	g_free(b->name);
	g_free(b->etag);
	g_free(b->md5);
	g_free(b);
}

struct list_state {
	GPtrArray *blobs;          /* struct storage_blob *, the caller's */
	struct storage_blob *cur;  /* inside <Blob>, else NULL */
	char *next_marker;
	GString *text;             /* the current element's text */
	GSList *stack;             /* element names, innermost first (borrowed from GMarkup: copied) */
};

static void list_start(GMarkupParseContext *ctx, const char *element, const char **names,
		       const char **values, gpointer data, GError **error)
{
	(void)ctx, (void)names, (void)values, (void)error;
	struct list_state *st = data;
	st->stack = g_slist_prepend(st->stack, g_strdup(element));
	g_string_truncate(st->text, 0);
	if (strcmp(element, "Blob") == 0 && !st->cur)
		st->cur = g_new0(struct storage_blob, 1);
}

static const char *parent(const struct list_state *st)
{
	return st->stack && st->stack->next ? st->stack->next->data : "";
}

static void blob_field(struct storage_blob *b, const char *element, const char *in, const char *text)
{
	if (strcmp(element, "Name") == 0 && strcmp(in, "Blob") == 0) {
		g_free(b->name);
		b->name = g_strdup(text);
	} else if (strcmp(in, "Properties") != 0) {
		return;
	} else if (strcmp(element, "Content-Length") == 0) {
		guint64 v = 0;
		g_ascii_string_to_unsigned(text, 10, 0, G_MAXUINT64, &v, NULL);
		b->size = v;
	} else if (strcmp(element, "Etag") == 0) {
		g_free(b->etag);
		b->etag = g_strdup(text);
	} else if (strcmp(element, "Content-MD5") == 0 && *text) {
		g_free(b->md5);
		b->md5 = g_strdup(text);
	} else if (strcmp(element, "Last-Modified") == 0) {
		/* RFC 1123: "Mon, 02 Jan 2006 15:04:05 GMT" */
		static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
						     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
		int d, y, h, m, s;
		char mon[4];
		if (sscanf(text, "%*3s, %d %3s %d %d:%d:%d", &d, mon, &y, &h, &m, &s) == 6) {
			for (int i = 0; i < 12; i++) {
				if (strcmp(mon, months[i]) != 0)
					continue;
				g_autoptr(GDateTime) t = g_date_time_new_utc(y, i + 1, d, h, m, s);
				b->modified = t ? g_date_time_to_unix(t) : 0;
			}
		}
	}
}

static void list_end(GMarkupParseContext *ctx, const char *element, gpointer data, GError **error)
{
	(void)ctx, (void)error;
	struct list_state *st = data;
	const char *in = parent(st);
	if (st->cur && strcmp(element, "Blob") == 0) {
		if (st->cur->name)
			g_ptr_array_add(st->blobs, st->cur);
		else
			storage_blob_free(st->cur);
		st->cur = NULL;
	} else if (st->cur) {
		blob_field(st->cur, element, in, st->text->str);
	} else if (strcmp(element, "NextMarker") == 0 && st->text->len) {
		g_free(st->next_marker);
		st->next_marker = g_strdup(st->text->str);
	}
	g_free(st->stack->data);
	st->stack = g_slist_delete_link(st->stack, st->stack);
	g_string_truncate(st->text, 0);
}

static void list_text(GMarkupParseContext *ctx, const char *text, gsize len, gpointer data, GError **error)
{
	(void)ctx, (void)error;
	struct list_state *st = data;
	g_string_append_len(st->text, text, (gssize)len);
}

/* Skips a UTF-8 byte-order mark some services put before the XML. */
static const char *skip_bom(const char *xml, gssize *len)
{
	if (*len >= 3 && (guchar)xml[0] == 0xEF && (guchar)xml[1] == 0xBB && (guchar)xml[2] == 0xBF) {
		*len -= 3;
		return xml + 3;
	}
	return xml;
}

gboolean storage_list_parse(const char *xml, gssize len, GPtrArray *blobs, char **next_marker,
			    GError **error)
{
	static const GMarkupParser parser = {list_start, list_end, list_text, NULL, NULL};
	if (len < 0)
		len = (gssize)strlen(xml);
	xml = skip_bom(xml, &len);
	struct list_state st = {.blobs = blobs, .text = g_string_new(NULL)};
	GMarkupParseContext *ctx = g_markup_parse_context_new(&parser, 0, &st, NULL);
	gboolean ok = g_markup_parse_context_parse(ctx, xml, len, error) &&
		      g_markup_parse_context_end_parse(ctx, error);
	g_markup_parse_context_free(ctx);
	storage_blob_free(st.cur);
	g_slist_free_full(st.stack, g_free);
	g_string_free(st.text, TRUE);
	if (!ok) {
		g_free(st.next_marker);
		g_prefix_error(error, "the blob listing is not valid XML: ");
		if (error && *error)
			(*error)->domain = STORAGE_ERROR, (*error)->code = STORAGE_ERROR_HTTP;
		*next_marker = NULL;
		return FALSE;
	}
	*next_marker = st.next_marker;
	return TRUE;
}

struct err_state {
	GString *text;
	char *code, *message, *detail;
};

static void err_start(GMarkupParseContext *ctx, const char *element, const char **names,
		      const char **values, gpointer data, GError **error)
{
	(void)ctx, (void)element, (void)names, (void)values, (void)error;
	g_string_truncate(((struct err_state *)data)->text, 0);
}

static void err_end(GMarkupParseContext *ctx, const char *element, gpointer data, GError **error)
{
	(void)ctx, (void)error;
	struct err_state *st = data;
	char **slot = strcmp(element, "Code") == 0			 ? &st->code
		      : strcmp(element, "Message") == 0			 ? &st->message
		      : strcmp(element, "AuthenticationErrorDetail") == 0 ? &st->detail
									 : NULL;
	if (slot) {
		g_free(*slot);
		*slot = g_strstrip(g_strdup(st->text->str));
	}
	g_string_truncate(st->text, 0);
}

static void err_text(GMarkupParseContext *ctx, const char *text, gsize len, gpointer data, GError **error)
{
	(void)ctx, (void)error;
	g_string_append_len(((struct err_state *)data)->text, text, (gssize)len);
}

void storage_error_parse(const char *xml, gssize len, char **code, char **message)
{
	static const GMarkupParser parser = {err_start, err_end, err_text, NULL, NULL};
	*code = *message = NULL;
	if (!xml)
		return;
	if (len < 0)
		len = (gssize)strlen(xml);
	xml = skip_bom(xml, &len);
	struct err_state st = {.text = g_string_new(NULL)};
	GMarkupParseContext *ctx = g_markup_parse_context_new(&parser, 0, &st, NULL);
	if (g_markup_parse_context_parse(ctx, xml, len, NULL))
		g_markup_parse_context_end_parse(ctx, NULL);
	g_markup_parse_context_free(ctx);
	g_string_free(st.text, TRUE);
	*code = st.code;
	if (st.message && st.detail) {
		*message = g_strdup_printf("%s %s", st.message, st.detail);
		g_free(st.message);
		g_free(st.detail);
	} else {
		*message = st.message ? st.message : st.detail;
	}
	/* one line: the service's message spans lines (RequestId, Time) */
	if (*message)
		for (char *p = *message; *p; p++)
			if (*p == '\n' || *p == '\r')
				*p = ' ';
}

/* The SAS of S without restype= and comp=, which the listing sets itself. */
static char *sas_rest(const struct storage_source *s)
{
	GString *q = g_string_new(NULL);
	if (s->sas) {
		g_auto(GStrv) parts = g_strsplit(s->sas, "&", -1);
		for (char **p = parts; *p; p++)
			if (**p && !g_str_has_prefix(*p, "restype=") && !g_str_has_prefix(*p, "comp=") &&
			    !g_str_has_prefix(*p, "prefix=") && !g_str_has_prefix(*p, "marker="))
				g_string_append_printf(q, "&%s", *p);
	}
	return g_string_free(q, FALSE);
}

gboolean storage_list(const struct storage_source *s, const char *prefix, const struct storage_opts *o,
		      GPtrArray *blobs, GError **error)
{
	g_autofree char *rest = sas_rest(s);
	g_autofree char *marker = NULL;
	const struct storage_creds *creds = storage_source_creds(s);
	guint pages = 0;
	do {
		g_autofree char *p = g_uri_escape_string(prefix ? prefix : "", NULL, FALSE);
		g_autofree char *m = marker ? g_uri_escape_string(marker, NULL, FALSE) : NULL;
		g_autofree char *max = o && o->page_size ? g_strdup_printf("&maxresults=%u", o->page_size) : g_strdup("");
		g_autofree char *url = g_strdup_printf("%s%s?restype=container&comp=list%s%s%s%s%s", s->base, s->cpath,
						       *p ? "&prefix=" : "", p, max, m ? "&marker=" : "",
						       m ? m : "");
		g_autofree char *full = g_strconcat(url, rest, NULL);
		g_autoptr(GPtrArray) reqs = g_ptr_array_new_with_free_func((GDestroyNotify)storage_req_free);
		struct storage_req *r = storage_req_new("GET", full, creds);
		g_free(r->display);
		r->display = g_strdup(s->display);
		g_ptr_array_add(reqs, r);
		storage_log(o, "list %s page %u", s->display, pages + 1);
		if (!storage_run(reqs, o, error))
			return FALSE;
		g_clear_pointer(&marker, g_free);
		if (!storage_list_parse(r->resp.body->str, (gssize)r->resp.body->len, blobs, &marker, error)) {
			g_prefix_error(error, "'%s': ", s->display);
			return FALSE;
		}
		pages++;
	} while (marker && pages < 100000);
	return TRUE;
}
