/* findings_out.c — the rows of findings and review in four formats. */
#include "analyzer/findings_out.h"

#include <string.h>

#include "analyzer/cli.h"

bool findings_format_parse(const char *name, FindFormat *fmt)
{
	static const char *const names[] = {"text", "json", "jsonl", "csv"};
	for (guint i = 0; i < G_N_ELEMENTS(names); i++)
		if (strcmp(name, names[i]) == 0) {
			*fmt = (FindFormat)i;
			return true;
		}
	return false;
}

guint findings_unexpected(GPtrArray *rows)
{
	guint n = 0;
	for (guint i = 0; i < rows->len; i++)
		n += !((struct finding *)rows->pdata[i])->info;
	return n;
}

static const char *file_name(GArray *results, guint file)
{
	return file < results->len ? g_array_index(results, struct file_result, file).path : "";
}

static void json_row(struct json *j, const struct finding *f, GArray *results)
{
	char buf[64];
	json_begin_object(j);
	json_kv_string(j, "file", file_name(results, f->file));
	json_kv_string(j, "category", f->category);
	json_kv_string(j, "kind", f->kind);
	json_kv_string(j, "what", f->what);
	json_key(j, "info");
	json_bool(j, f->info);
	json_key(j, "source");
	f->has_src ? json_string(j, findings_addr_text(buf, f->family, f->src)) : json_null(j);
	json_key(j, "destination");
	f->has_dst ? json_string(j, findings_addr_text(buf, f->family, f->dst)) : json_null(j);
	json_key(j, "ports");
	f->ports ? json_string(j, f->ports) : json_null(j);
	json_key(j, "open");
	f->open_ports ? json_string(j, f->open_ports) : json_null(j);
	json_kv_int(j, "closed", f->closed);
	json_kv_int(j, "hosts", f->hosts);
	json_kv_int(j, "frames", (int64_t)f->frames);
	json_kv_int(j, "bytes", (int64_t)f->bytes);
	json_kv_int(j, "connections", (int64_t)f->connections);
	json_kv_int(j, "first_frame", (int64_t)f->first_frame);
	json_kv_int(j, "last_frame", (int64_t)f->last_frame);
	json_kv_string(j, "first_time", f->first_frame ? utc_str(buf, f->first_ns) : "");
	json_kv_string(j, "last_time", f->last_frame ? utc_str(buf, f->last_ns) : "");
	if (f->rate > 0) {
		json_key(j, "rate_per_minute");
		json_number(j, f->rate, 2);
	}
	if (f->limit > 0 || f->value > 0) {
		json_key(j, "value");
		json_number(j, f->value, 3);
		json_key(j, "limit");
		json_number(j, f->limit, 3);
	}
	json_kv_string(j, "filter", f->filter ? f->filter : "");
	json_end_object(j);
}

static void csv_row(FILE *fp, const struct finding *f, GArray *results)
{
	char a[64], b[64], t1[64], t2[64];
	csv_field(fp, file_name(results, f->file));
	fprintf(fp, ",%s,%s,%s,%s,%s,", f->category, f->kind, f->info ? "true" : "false",
		f->has_src ? findings_addr_text(a, f->family, f->src) : "",
		f->has_dst ? findings_addr_text(b, f->family, f->dst) : "");
	csv_field(fp, f->ports ? f->ports : "");
	fputc(',', fp);
	csv_field(fp, f->open_ports ? f->open_ports : "");
	fprintf(fp, ",%u,%u,%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT
		",%" G_GUINT64_FORMAT ",%s,%s,",
		f->closed, f->hosts, f->frames, f->bytes, f->connections, f->first_frame, f->last_frame,
		f->first_frame ? utc_str(t1, f->first_ns) : "", f->last_frame ? utc_str(t2, f->last_ns) : "");
	csv_field(fp, f->filter ? f->filter : "");
	fputc(',', fp);
	csv_field(fp, f->what);
	fputc('\n', fp);
}

static void text_row(FILE *fp, const struct finding *f, GArray *results, bool files)
{
	char t1[64], t2[64];
	fprintf(fp, "%-10s %-10s %s\n", f->category, f->kind, f->what);
	if (files)
		fprintf(fp, "%21s file %s\n", "", file_name(results, f->file));
	if (f->ports || f->open_ports || f->closed) {
		fprintf(fp, "%21s", "");
		if (f->ports)
			fprintf(fp, " %s %s", strcmp(f->kind, "ipproto") == 0 ? "protocols" : "ports", f->ports);
		if (f->open_ports)
			fprintf(fp, "; %s %s", strcmp(f->kind, "rpc") == 0 ? "programs" : "open", f->open_ports);
		if (f->closed)
			fprintf(fp, "; %u closed", f->closed);
		fputc('\n', fp);
	}
	if (f->has_src || f->has_dst) {
		char a[46], b[46];
		fprintf(fp, "%21s", "");
		if (f->has_src)
			fprintf(fp, " from %s", findings_addr_text(a, f->family, f->src));
		if (f->has_dst)
			fprintf(fp, " to %s", findings_addr_text(b, f->family, f->dst));
		fputc('\n', fp);
	}
	fprintf(fp, "%21s %" G_GUINT64_FORMAT " frames, %" G_GUINT64_FORMAT " bytes", "", f->frames, f->bytes);
	if (f->connections)
		fprintf(fp, ", %" G_GUINT64_FORMAT " connections", f->connections);
	if (f->rate > 0)
		fprintf(fp, " (%.1f a minute)", f->rate);
	if (f->first_frame)
		fprintf(fp, "; frames %" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT ", %s to %s", f->first_frame,
			f->last_frame, utc_str(t1, f->first_ns), utc_str(t2, f->last_ns));
	fputc('\n', fp);
	if (f->filter && *f->filter)
		fprintf(fp, "%21s -Y '%s'\n", "", f->filter);
}

void findings_write(FILE *fp, FindFormat fmt, const char *title, GPtrArray *rows, GArray *results, bool info)
{
	guint unexpected = findings_unexpected(rows), shown = 0;
	if (fmt == FOUT_JSON) {
		struct json j;
		json_init(&j, fp);
		json_begin_report(&j);
		json_key(&j, "findings");
		json_begin_array(&j);
		for (guint i = 0; i < rows->len; i++)
			if (info || !((struct finding *)rows->pdata[i])->info)
				json_row(&j, rows->pdata[i], results);
		json_end_array(&j);
		json_key(&j, "summary");
		json_begin_object(&j);
		json_kv_int(&j, "unexpected", unexpected);
		json_kv_int(&j, "info", rows->len - unexpected);
		json_end_object(&j);
		cli_json_files(&j, results);
		json_end_object(&j);
		return;
	}
	if (fmt == FOUT_CSV)
		fputs("file,category,kind,info,source,destination,ports,open,closed,hosts,frames,bytes,connections,"
		      "first_frame,last_frame,first_time,last_time,filter,what\n", fp);
	for (guint i = 0; i < rows->len; i++) {
		const struct finding *f = rows->pdata[i];
		if (f->info && !info)
			continue;
		shown++;
		if (fmt == FOUT_JSONL) {
			struct json j;
			json_init(&j, fp);
			j.pretty = false;
			json_row(&j, f, results);
		} else if (fmt == FOUT_CSV) {
			csv_row(fp, f, results);
		} else {
			text_row(fp, f, results, results->len > 1);
		}
	}
	if (fmt == FOUT_TEXT) {
		if (shown)
			fputc('\n', fp);
		fprintf(fp, "%s: %u unexpected%s", title, unexpected, unexpected ? "" : " (nothing to act on)");
		if (rows->len - unexpected)
			fprintf(fp, ", %u for information", rows->len - unexpected);
		fputc('\n', fp);
		cli_text_file_notes(fp, results);
	}
}
