/* config.c — reading a Network Watcher packet-capture definition (JSON)
 * into capture options, with the same value forms as --filter. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "capture/config.h"
#include "capture/json_reader.h"
#include "capture/spec.h"

/* A whole number; absent, null or (ZERO_IS_DEFAULT) 0 leaves *OUT as it is,
 * as the API takes 0 for its default there.  *SET (may be NULL) becomes
 * true when *OUT is set. */
static bool get_uint(const struct jv *props, const char *key, bool zero_is_default, uint64_t *out, bool *set,
		     GError **error)
{
	const struct jv *v = jv_get(props, key);
	if (!v || v->type == JV_NULL)
		return true;
	if (v->type != JV_NUMBER || !v->integral || v->negative) {
		g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_USAGE, "'%s' is not a whole number of at least 0", key);
		return false;
	}
	if (v->uint != 0 || !zero_is_default) {
		*out = v->uint;
		if (set)
			*set = true;
	}
	return true;
}

/* Continuous capture (continuousCapture true): files of captureSettings'
 * fileSizeInBytes, the last fileCount of them kept, for
 * sessionTimeLimitInSeconds; each with Network Watcher's default when
 * absent or 0.  Without it (false or absent) the session writes one file
 * and captureSettings does not apply. */
static bool parse_continuous(const struct jv *props, struct capture_options *o, GError **error)
{
	const struct jv *c = jv_get(props, "continuousCapture");
	if (!c || c->type == JV_NULL)
		return true;
	if (c->type != JV_BOOL) {
		g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_USAGE, "'continuousCapture' is %s, not true or false",
			    jv_type_name(c->type));
		return false;
	}
	if (!c->boolean)
		return true;
	const struct jv *cs = jv_get(props, "captureSettings");
	if (cs && cs->type != JV_NULL && cs->type != JV_OBJECT) {
		g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_USAGE, "'captureSettings' is %s, not an object",
			    jv_type_name(cs->type));
		return false;
	}
	o->rotate_size = CAPTURE_DEFAULT_FILE_SIZE;
	o->ring = CAPTURE_DEFAULT_FILE_COUNT;
	if (!cs || cs->type == JV_NULL)
		return true;
	return get_uint(cs, "fileSizeInBytes", true, &o->rotate_size, NULL, error) &&
	       get_uint(cs, "fileCount", true, &o->ring, NULL, error) &&
	       get_uint(cs, "sessionTimeLimitInSeconds", true, &o->time_limit, &o->time_limit_set, error);
}

/* A string member (a number is taken as its decimal text, as ports often
 * are written); NULL when absent or null. */
static bool get_string(const struct jv *obj, const char *key, char **out, GError **error)
{
	*out = NULL;
	const struct jv *v = jv_get(obj, key);
	if (!v || v->type == JV_NULL)
		return true;
	if (v->type == JV_STRING) {
		*out = g_strdup(v->string);
		return true;
	}
	if (v->type == JV_NUMBER && v->integral && !v->negative) {
		*out = g_strdup_printf("%" G_GUINT64_FORMAT, v->uint);
		return true;
	}
	g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_USAGE, "'%s' is %s, not a string", key,
		    jv_type_name(v->type));
	return false;
}

static bool parse_filter(const struct jv *fv, guint index, struct capture_filter *f, GError **error)
{
	g_autoptr(GError) err = NULL;
	*f = (struct capture_filter){0};
	static const char *names[] = {"localIPAddress", "localPort", "remoteIPAddress", "remotePort"};
	struct value_set *slots[] = {&f->local_ip, &f->local_port, &f->remote_ip, &f->remote_port};
	if (fv->type != JV_OBJECT) {
		g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_USAGE, "filters[%u] is %s, not an object", index,
			    jv_type_name(fv->type));
		return false;
	}
	g_autofree char *proto = NULL;
	if (get_string(fv, "protocol", &proto, &err) && spec_parse_protocol("protocol", proto, &f->proto, &err)) {
		for (int i = 0; i < 4 && !err; i++) {
			g_autofree char *text = NULL;
			if (get_string(fv, names[i], &text, &err))
				spec_parse_values(names[i], text, i % 2 == 1, slots[i], &err);
		}
	}
	if (err) {
		capture_filter_clear(f);
		g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_USAGE, "filters[%u]: %s", index, err->message);
		return false;
	}
	return true;
}

static bool parse_filters(const struct jv *props, struct capture_options *o, GError **error)
{
	const struct jv *fs = jv_get(props, "filters");
	if (!fs || fs->type == JV_NULL)
		return true;
	if (fs->type != JV_ARRAY) {
		g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_USAGE, "'filters' is %s, not an array",
			    jv_type_name(fs->type));
		return false;
	}
	for (guint i = 0; i < o->filters->len; i++)
		capture_filter_clear(&g_array_index(o->filters, struct capture_filter, i));
	g_array_set_size(o->filters, 0);
	for (guint i = 0; i < fs->items->len; i++) {
		struct capture_filter f;
		if (!parse_filter(fs->items->pdata[i], i, &f, error))
			return false;
		g_array_append_val(o->filters, f);
	}
	return true;
}

static bool parse_storage(const struct jv *props, struct capture_options *o, GError **error)
{
	const struct jv *st = jv_get(props, "storageLocation");
	if (!st || st->type == JV_NULL)
		return true;
	if (st->type != JV_OBJECT) {
		g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_USAGE, "'storageLocation' is %s, not an object",
			    jv_type_name(st->type));
		return false;
	}
	/* storageId (the account's resource ID) only says which account
	 * storagePath is in; the URL alone is what an upload needs, so an ID
	 * without a path is noted for the caller to refuse (unless --storage
	 * gives the URL). */
	g_autofree char *file = NULL, *path = NULL, *id = NULL, *local = NULL;
	if (!get_string(st, "filePath", &file, error) || !get_string(st, "storagePath", &path, error) ||
	    !get_string(st, "storageId", &id, error) || !get_string(st, "localPath", &local, error))
		return false;
	if (!(file && file[0]) && local && local[0]) { /* the newer API's name for it */
		g_free(file);
		file = g_steal_pointer(&local);
	}
	g_free(o->storage_id);
	o->storage_id = id && id[0] && !(path && path[0]) ? g_steal_pointer(&id) : NULL;
	if (file && file[0]) {
		g_free(o->file);
		o->file = g_steal_pointer(&file);
		o->file_dirs = true;
	}
	if (path && path[0]) {
		g_free(o->storage);
		o->storage = g_steal_pointer(&path);
	}
	return true;
}

/* The properties object: the root, the root's "properties", or those of the
 * first packetCaptures resource of a template. */
static const struct jv *find_properties(const struct jv *root)
{
	const struct jv *res = jv_get(root, "resources");
	if (res && res->type == JV_ARRAY) {
		for (guint i = 0; i < res->items->len; i++) {
			const struct jv *r = res->items->pdata[i];
			const struct jv *type = jv_get(r, "type");
			if (type && type->type == JV_STRING && g_str_has_suffix(type->string, "/packetCaptures"))
				return find_properties(r);
		}
	}
	const struct jv *p = jv_get(root, "properties");
	return p && p->type == JV_OBJECT ? p : root;
}

bool capture_config_parse(const char *name, const char *text, size_t len, struct capture_options *o,
			  GError **error)
{
	g_autoptr(GError) err = NULL;
	g_autoptr(jv) root = jv_parse(text, len, &err);
	if (root && root->type != JV_OBJECT)
		g_set_error(&err, CAPTURE_ERROR, CAPTURE_ERROR_USAGE, "the top level is %s, not an object",
			    jv_type_name(root->type));
	if (!err) {
		const struct jv *props = find_properties(root);
		if (get_uint(props, "bytesToCapturePerPacket", false, &o->bytes_per_packet, NULL, &err) &&
		    get_uint(props, "totalBytesPerSession", true, &o->bytes_per_session, &o->bytes_per_session_set,
			     &err) &&
		    get_uint(props, "timeLimitInSeconds", true, &o->time_limit, &o->time_limit_set, &err) &&
		    parse_continuous(props, o, &err) && parse_storage(props, o, &err))
			parse_filters(props, o, &err);
	}
	if (err) {
		g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_USAGE, "config '%s': %s", name, err->message);
		return false;
	}
	return true;
}

bool capture_config_load(const char *path, struct capture_options *o, GError **error)
{
	FILE *fp = fopen(path, "rb");
	g_autoptr(GString) text = g_string_new(NULL);
	char buf[4096];
	size_t n;
	while (fp && (n = fread(buf, 1, sizeof buf, fp)) > 0)
		g_string_append_len(text, buf, (gssize)n);
	int e = !fp ? errno : ferror(fp) ? EIO : 0;
	if (fp)
		fclose(fp);
	if (e) {
		g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_CONFIG_READ, "cannot read config '%s': %s", path,
			    g_strerror(e));
		return false;
	}
	return capture_config_parse(path, text->str, text->len, o, error);
}
