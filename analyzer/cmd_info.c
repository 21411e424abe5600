/* cmd_info.c — `analyze info`: what capinfos tells about a capture file:
 * format, interfaces and link types, packets, sizes, times, rates, order,
 * and how many frames are cut short or malformed. */
#include <inttypes.h>
#include <string.h>

#include "analyzer/cli.h"
#include "analyzer/filter/filter.h"
#include "analyzer/commands.h"
#include "analyzer/partial.h"

#define MAX_IFS 256 /* interfaces counted one by one; more are summed in the last */

/* What one file holds. */
struct file_info {
	char *format;             /* reader's format name */
	bool big_endian;
	CapCompression compression; /* of the file as stored */
	GArray *ifaces;           /* struct cap_interface copies (names owned here) */
	uint64_t frames, wire_bytes, cap_bytes;
	uint64_t cut_by_snaplen;  /* caplen < len */
	uint64_t per_if[MAX_IFS];
	int64_t first_ns, last_ns, prev_ns;
	bool have_time, in_order;
	uint64_t ts_unknown;
};

struct info_run {
	GArray *infos;            /* struct file_info, one per file */
	struct file_info *cur;
	cap_reader *reader;       /* the open file's, for interfaces added while reading */
	OutFormat format;
};

static void info_clear(struct file_info *fi)
{
	g_free(fi->format);
	if (fi->ifaces) {
		for (guint i = 0; i < fi->ifaces->len; i++) {
			struct cap_interface *c = &g_array_index(fi->ifaces, struct cap_interface, i);
			g_free(c->name);
			g_free(c->description);
		}
		g_array_free(fi->ifaces, TRUE);
	}
}

static void copy_interfaces(struct file_info *fi, cap_reader *r)
{
	for (guint i = fi->ifaces->len; i < cap_reader_n_interfaces(r); i++) {
		struct cap_interface c = *cap_reader_interface(r, i);
		c.name = g_strdup(c.name);
		c.description = g_strdup(c.description);
		g_array_append_val(fi->ifaces, c);
	}
}

static void on_open(guint index, const char *path, cap_reader *r, void *data)
{
	struct info_run *run = data;
	(void)path;
	struct file_info *fi = &g_array_index(run->infos, struct file_info, index);
	fi->format = g_strdup(cap_format_name(cap_reader_format(r)));
	fi->big_endian = cap_reader_big_endian(r);
	fi->compression = cap_reader_compression(r);
	fi->in_order = true;
	run->cur = fi;
	run->reader = r;
	copy_interfaces(fi, r);
}

static void on_frame(const struct packet *p, void *data)
{
	struct info_run *run = data;
	struct file_info *fi = run->cur;
	const struct frame *f = p->frame;
	fi->frames++;
	fi->wire_bytes += f->len;
	fi->cap_bytes += f->caplen;
	if (f->caplen < f->len)
		fi->cut_by_snaplen++;
	fi->per_if[f->interface < MAX_IFS ? f->interface : MAX_IFS - 1]++;
	if (f->interface >= fi->ifaces->len && run->reader)
		copy_interfaces(fi, run->reader);
	if (f->flags & FRAME_TS_UNKNOWN) {
		fi->ts_unknown++;
		return;
	}
	if (!fi->have_time) {
		fi->first_ns = fi->last_ns = f->ts_ns;
		fi->have_time = true;
	} else if (f->ts_ns < fi->prev_ns) {
		fi->in_order = false;
	}
	fi->first_ns = MIN(fi->first_ns, f->ts_ns);
	fi->last_ns = MAX(fi->last_ns, f->ts_ns);
	fi->prev_ns = f->ts_ns;
}

static void on_end(guint index, const struct file_result *res, void *data)
{
	(void)index, (void)res;
	struct info_run *run = data;
	run->cur = NULL;
	run->reader = NULL;
}

static const char *lt_name(uint32_t lt, char *buf)
{
	const char *s = linktype_short_name(lt);
	if (s)
		return s;
	g_snprintf(buf, 24, "linktype-%u", lt);
	return buf;
}

/* Link types of the file's interfaces, without repeats: "ether, linux-sll". */
static char *encapsulations(const struct file_info *fi)
{
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < fi->ifaces->len; i++) {
		uint32_t lt = g_array_index(fi->ifaces, struct cap_interface, i).linktype;
		bool seen = false;
		for (guint k = 0; k < i; k++)
			seen = seen || g_array_index(fi->ifaces, struct cap_interface, k).linktype == lt;
		if (seen)
			continue;
		char buf[24];
		g_string_append_printf(s, "%s%s", s->len ? ", " : "", lt_name(lt, buf));
	}
	return g_string_free(s, FALSE);
}

static double duration_s(const struct file_info *fi)
{
	return fi->have_time ? (double)(fi->last_ns - fi->first_ns) / 1e9 : 0.0;
}

/* The rates capinfos gives; N/A (false) for a file of no duration or no
 * frames. */
struct rates {
	bool timed;               /* duration > 0: the three rates hold */
	double byte_rate, bit_rate, packet_rate;
	bool sized;               /* frames > 0: packet_size holds */
	double packet_size;
};

static struct rates rates_of(const struct file_info *fi)
{
	struct rates r = {0};
	double d = duration_s(fi);
	if (d > 0) {
		r.timed = true;
		r.byte_rate = (double)fi->wire_bytes / d;
		r.bit_rate = (double)fi->wire_bytes * 8 / d;
		r.packet_rate = (double)fi->frames / d;
	}
	if (fi->frames) {
		r.sized = true;
		r.packet_size = (double)fi->wire_bytes / (double)fi->frames;
	}
	return r;
}

static void text_rates(FILE *fp, const struct file_info *fi)
{
	double d = duration_s(fi);
	fprintf(fp, "%-22s %.6f seconds\n", "Capture duration:", d);
	if (d > 0) {
		fprintf(fp, "%-22s %.0f bytes/s\n", "Data byte rate:", (double)fi->wire_bytes / d);
		fprintf(fp, "%-22s %.0f bits/s\n", "Data bit rate:", (double)fi->wire_bytes * 8 / d);
		fprintf(fp, "%-22s %.2f packets/s\n", "Average packet rate:", (double)fi->frames / d);
	} else {
		fprintf(fp, "%-22s n/a\n%-22s n/a\n%-22s n/a\n", "Data byte rate:", "Data bit rate:",
			"Average packet rate:");
	}
	if (fi->frames)
		fprintf(fp, "%-22s %.2f bytes\n", "Average packet size:", (double)fi->wire_bytes / (double)fi->frames);
}

static void text_interfaces(FILE *fp, const struct file_info *fi)
{
	fprintf(fp, "%-22s %u\n", "Interfaces:", fi->ifaces->len);
	for (guint i = 0; i < fi->ifaces->len; i++) {
		const struct cap_interface *c = &g_array_index(fi->ifaces, struct cap_interface, i);
		char buf[24];
		const char *long_name = linktype_name(c->linktype);
		fprintf(fp, "  %u: %s%s%s%s, snaplen %u, %" PRIu64 " packets", i, lt_name(c->linktype, buf),
			long_name ? " (" : "", long_name ? long_name : "", long_name ? ")" : "", c->snaplen,
			fi->per_if[i < MAX_IFS ? i : MAX_IFS - 1]);
		if (c->name)
			fprintf(fp, ", name %s", c->name);
		fputc('\n', fp);
	}
}

static void text_one(FILE *fp, const struct file_info *fi, const struct file_result *res)
{
	char t[48];
	g_autofree char *encaps = encapsulations(fi);
	fprintf(fp, "%-22s %s\n", "File name:", res->path);
	fprintf(fp, "%-22s %s%s", "File type:", fi->format, fi->big_endian ? ", big-endian" : "");
	if (fi->compression != CAP_COMPRESSION_NONE)
		fprintf(fp, " (%s compressed)", cap_compression_name(fi->compression));
	fputc('\n', fp);
	fprintf(fp, "%-22s %s\n", "File encapsulation:", encaps);
	text_interfaces(fp, fi);
	fprintf(fp, "%-22s %" PRIu64 "\n", "Number of packets:", fi->frames);
	fprintf(fp, "%-22s %" PRIu64 " bytes\n", "Data size:", fi->wire_bytes);
	fprintf(fp, "%-22s %" PRIu64 " bytes\n", "Captured size:", fi->cap_bytes);
	fprintf(fp, "%-22s %s\n", "First packet time:", fi->have_time ? utc_str(t, fi->first_ns) : "n/a");
	fprintf(fp, "%-22s %s\n", "Last packet time:", fi->have_time ? utc_str(t, fi->last_ns) : "n/a");
	text_rates(fp, fi);
	fprintf(fp, "%-22s %s\n", "Strict time order:", fi->in_order ? "True" : "False");
	fprintf(fp, "%-22s %" PRIu64 "\n", "Cut by snap length:", fi->cut_by_snaplen);
	fprintf(fp, "%-22s %" PRIu64 "\n", "Truncated packets:", res->counts.truncated);
	fprintf(fp, "%-22s %" PRIu64 "\n", "Malformed packets:", res->counts.malformed);
	if (!res->complete)
		fprintf(fp, "%-22s %s\n", "Damaged:", res->error);
}

static void json_one(struct json *j, const struct file_info *fi, const struct file_result *res)
{
	char buf[24];
	json_begin_object(j);
	g_autofree char *encaps = encapsulations(fi);
	json_kv_string(j, "file", res->path);
	json_kv_string(j, "format", fi->format);
	if (fi->compression != CAP_COMPRESSION_NONE)
		json_kv_string(j, "compression", cap_compression_name(fi->compression));
	json_key(j, "big_endian");
	json_bool(j, fi->big_endian);
	json_kv_string(j, "encapsulation", encaps);
	json_key(j, "interfaces");
	json_begin_array(j);
	for (guint i = 0; i < fi->ifaces->len; i++) {
		const struct cap_interface *c = &g_array_index(fi->ifaces, struct cap_interface, i);
		json_begin_object(j);
		json_kv_int(j, "linktype", c->linktype);
		json_kv_string(j, "encapsulation", lt_name(c->linktype, buf));
		json_kv_int(j, "snaplen", c->snaplen);
		json_kv_string(j, "name", c->name);
		uint64_t n = fi->per_if[i < MAX_IFS ? i : MAX_IFS - 1];
		json_key(j, "frames");
		json_uint(j, n);
		json_key(j, "packets"); /* capinfos' word, as "frames" */
		json_uint(j, n);
		json_end_object(j);
	}
	json_end_array(j);
	json_key(j, "frames"); json_uint(j, fi->frames);
	json_key(j, "packets"); json_uint(j, fi->frames); /* capinfos' word, as "frames" */
	json_key(j, "bytes"); json_uint(j, fi->wire_bytes);
	json_key(j, "captured_bytes"); json_uint(j, fi->cap_bytes);
	json_key(j, "first_time");
	fi->have_time ? json_seconds(j, fi->first_ns) : json_null(j);
	json_key(j, "last_time");
	fi->have_time ? json_seconds(j, fi->last_ns) : json_null(j);
	json_key(j, "duration");
	json_seconds(j, fi->have_time ? fi->last_ns - fi->first_ns : 0);
	struct rates r = rates_of(fi);
	json_key(j, "data_byte_rate");
	r.timed ? json_number(j, r.byte_rate, 0) : json_null(j);
	json_key(j, "data_bit_rate");
	r.timed ? json_number(j, r.bit_rate, 0) : json_null(j);
	json_key(j, "average_packet_rate");
	r.timed ? json_number(j, r.packet_rate, 2) : json_null(j);
	json_key(j, "average_packet_size");
	r.sized ? json_number(j, r.packet_size, 2) : json_null(j);
	json_key(j, "strict_time_order"); json_bool(j, fi->in_order);
	json_key(j, "cut_by_snaplen"); json_uint(j, fi->cut_by_snaplen);
	json_key(j, "truncated_frames"); json_uint(j, res->counts.truncated);
	json_key(j, "malformed_frames"); json_uint(j, res->counts.malformed);
	/* the names before the *_frames ones; kept for scripts */
	json_key(j, "truncated"); json_uint(j, res->counts.truncated);
	json_key(j, "malformed"); json_uint(j, res->counts.malformed);
	json_key(j, "complete"); json_bool(j, res->complete);
	if (res->error)
		json_kv_string(j, "error", res->error);
	json_end_object(j);
}

static const char *const csv_header =
	"file,format,compression,big_endian,encapsulation,interfaces,frames,bytes,captured_bytes,first_time,last_time,"
	"duration,data_byte_rate,data_bit_rate,average_packet_rate,average_packet_size,strict_time_order,"
	"cut_by_snaplen,truncated_frames,malformed_frames,complete,error\n";

/* One CSV row: the JSON's members but the interfaces (only their number);
 * what JSON gives as null is an empty field. */
static void csv_one(FILE *fp, const struct file_info *fi, const struct file_result *res)
{
	char t[32];
	g_autofree char *encaps = encapsulations(fi);
	csv_field(fp, res->path);
	fprintf(fp, ",%s,%s,%s,", fi->format,
		fi->compression != CAP_COMPRESSION_NONE ? cap_compression_name(fi->compression) : "",
		fi->big_endian ? "true" : "false");
	csv_field(fp, encaps);
	fprintf(fp, ",%u,%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",", fi->ifaces->len, fi->frames, fi->wire_bytes,
		fi->cap_bytes);
	fprintf(fp, "%s,", fi->have_time ? seconds_str(t, fi->first_ns) : "");
	fprintf(fp, "%s,", fi->have_time ? seconds_str(t, fi->last_ns) : "");
	fprintf(fp, "%s,", seconds_str(t, fi->have_time ? fi->last_ns - fi->first_ns : 0));
	struct rates r = rates_of(fi);
	if (r.timed)
		fprintf(fp, "%.0f,%.0f,%.2f,", r.byte_rate, r.bit_rate, r.packet_rate);
	else
		fputs(",,,", fp);
	if (r.sized)
		fprintf(fp, "%.2f", r.packet_size);
	fprintf(fp, ",%s,%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%s,", fi->in_order ? "true" : "false",
		fi->cut_by_snaplen, res->counts.truncated, res->counts.malformed, res->complete ? "true" : "false");
	csv_field(fp, res->error ? res->error : "");
	fputc('\n', fp);
}

/* Writes the report of INFOS (struct file_info, one per file of RESULTS) in
 * FORMAT. */
static void info_report(FILE *fp, GArray *infos, GArray *results, OutFormat format)
{
	struct json j;
	json_init(&j, fp);
	if (format == FORMAT_JSON) {
		json_begin_report(&j);
		json_key(&j, "files");
		json_begin_array(&j);
	} else if (format == FORMAT_CSV) {
		fputs(csv_header, fp);
	}
	bool first = true;
	for (guint i = 0; i < results->len; i++) {
		const struct file_result *res = &g_array_index(results, struct file_result, i);
		const struct file_info *fi = &g_array_index(infos, struct file_info, i);
		if (!res->opened)
			continue;
		if (format == FORMAT_JSON) {
			json_one(&j, fi, res);
		} else if (format == FORMAT_CSV) {
			csv_one(fp, fi, res);
		} else {
			if (!first)
				fputc('\n', fp);
			text_one(fp, fi, res);
		}
		first = false;
	}
	if (format == FORMAT_JSON) {
		json_end_array(&j);
		json_end_object(&j);
	}
}

static bool info_write(struct info_run *run, GArray *results, const char *output, GError **error)
{
	struct out out;
	if (!out_open(&out, output, error))
		return false;
	info_report(out.fp, run->infos, results, run->format);
	return out_close(&out, error);
}

/* Partial results ------------------------------------------------------- */

/* One input's file_info (read through a run of one file), and the inputs
 * merged in. */
struct info_part {
	struct info_run run;      /* run.infos: this input's one file_info */
	GArray *list;             /* struct file_info, shallow copies of the inputs' (borrowed strings) */
};

static void *state_new(const struct partial_view *view)
{
	(void)view;
	struct info_part *p = g_new0(struct info_part, 1);
	p->run.infos = g_array_new(FALSE, TRUE, sizeof(struct file_info));
	g_array_set_size(p->run.infos, 1);
	g_array_index(p->run.infos, struct file_info, 0).ifaces = g_array_new(FALSE, TRUE, sizeof(struct cap_interface));
	p->list = g_array_new(FALSE, TRUE, sizeof(struct file_info));
	return p;
}

static void state_free(void *st)
{
	struct info_part *p = st;
	info_clear(&g_array_index(p->run.infos, struct file_info, 0));
	g_array_free(p->run.infos, TRUE);
	g_array_free(p->list, TRUE);
	g_free(p);
}

static void part_open(guint index, const char *path, cap_reader *r, void *st)
{
	(void)index;
	on_open(0, path, r, &((struct info_part *)st)->run);
}

static void part_frame(const struct packet *pk, void *st)
{
	on_frame(pk, &((struct info_part *)st)->run);
}

static void part_end(guint index, const struct file_result *res, void *st)
{
	on_end(index, res, &((struct info_part *)st)->run);
}

static void state_merge(void *dst, void *src)
{
	struct info_part *d = dst, *s = src;
	g_array_append_val(d->list, g_array_index(s->run.infos, struct file_info, 0));
}

static void json_opt_string(struct json *j, const char *key, const char *v)
{
	json_key(j, key);
	v ? json_string(j, v) : json_null(j);
}

static void state_write(struct json *j, void *st, const struct partial_view *view)
{
	(void)view;
	const struct file_info *fi = &g_array_index(((struct info_part *)st)->run.infos, struct file_info, 0);
	json_begin_object(j);
	json_opt_string(j, "format", fi->format);
	json_key(j, "big_endian");
	json_bool(j, fi->big_endian);
	json_kv_int(j, "compression", fi->compression);
	json_key(j, "interfaces");
	json_begin_array(j);
	for (guint i = 0; i < fi->ifaces->len; i++) {
		const struct cap_interface *c = &g_array_index(fi->ifaces, struct cap_interface, i);
		json_begin_object(j);
		json_kv_int(j, "linktype", c->linktype);
		json_kv_int(j, "snaplen", c->snaplen);
		json_key(j, "ts_units");
		json_uint(j, c->ts_units);
		json_kv_int(j, "ts_offset", c->ts_offset);
		json_opt_string(j, "name", c->name);
		json_opt_string(j, "description", c->description);
		json_end_object(j);
	}
	json_end_array(j);
	guint n = MAX_IFS; /* the frames per interface, up to the last with any */
	while (n > 0 && !fi->per_if[n - 1])
		n--;
	json_key(j, "per_interface");
	json_begin_array(j);
	for (guint i = 0; i < n; i++)
		json_uint(j, fi->per_if[i]);
	json_end_array(j);
	const uint64_t counts[] = {fi->frames, fi->wire_bytes, fi->cap_bytes, fi->cut_by_snaplen, fi->ts_unknown};
	static const char *const names[] = {"frames", "wire_bytes", "cap_bytes", "cut_by_snaplen", "ts_unknown"};
	for (size_t i = 0; i < G_N_ELEMENTS(counts); i++) {
		json_key(j, names[i]);
		json_uint(j, counts[i]);
	}
	json_key(j, "have_time");
	json_bool(j, fi->have_time);
	json_key(j, "in_order");
	json_bool(j, fi->in_order);
	json_kv_int(j, "first_ns", fi->first_ns);
	json_kv_int(j, "last_ns", fi->last_ns);
	json_kv_int(j, "prev_ns", fi->prev_ns);
	json_end_object(j);
}




static bool get_str(const struct jv *o, const char *key, char **out)
{
	const struct jv *v = jv_get(o, key);
	if (!v || (v->type != JV_STRING && v->type != JV_NULL))
		return false;
	*out = v->type == JV_STRING ? g_strdup(v->string) : NULL;
	return true;
}

static bool load_interfaces(struct file_info *fi, const struct jv *list)
{
	for (guint i = 0; list && list->type == JV_ARRAY && i < list->items->len; i++) {
		const struct jv *o = list->items->pdata[i];
		struct cap_interface c = {0};
		uint64_t lt, snap;
		if (!jv_get_u64(o, "linktype", &lt) || lt > G_MAXUINT32 || !jv_get_u64(o, "snaplen", &snap) ||
		    snap > G_MAXUINT32 || !jv_get_u64(o, "ts_units", &c.ts_units) || !jv_get_i64(o, "ts_offset", &c.ts_offset))
			return false;
		c.linktype = (uint32_t)lt;
		c.snaplen = (uint32_t)snap;
		bool ok = get_str(o, "name", &c.name) && get_str(o, "description", &c.description);
		g_array_append_val(fi->ifaces, c); /* freed with FI either way */
		if (!ok)
			return false;
	}
	return list && list->type == JV_ARRAY;
}

static bool state_load(void *dst, const struct jv *v, GError **error)
{
	struct file_info *fi = &g_array_index(((struct info_part *)dst)->run.infos, struct file_info, 0);
	const struct jv *per_if = jv_get(v, "per_interface");
	uint64_t comp;
	bool ok = get_str(v, "format", &fi->format) && jv_get_bool(v, "big_endian", &fi->big_endian) &&
		  jv_get_u64(v, "compression", &comp) && comp <= CAP_COMPRESSION_ZSTD &&
		  load_interfaces(fi, jv_get(v, "interfaces")) && per_if && per_if->type == JV_ARRAY &&
		  per_if->items->len <= MAX_IFS && jv_get_u64(v, "frames", &fi->frames) &&
		  jv_get_u64(v, "wire_bytes", &fi->wire_bytes) && jv_get_u64(v, "cap_bytes", &fi->cap_bytes) &&
		  jv_get_u64(v, "cut_by_snaplen", &fi->cut_by_snaplen) && jv_get_u64(v, "ts_unknown", &fi->ts_unknown) &&
		  jv_get_bool(v, "have_time", &fi->have_time) && jv_get_bool(v, "in_order", &fi->in_order) &&
		  jv_get_i64(v, "first_ns", &fi->first_ns) && jv_get_i64(v, "last_ns", &fi->last_ns) &&
		  jv_get_i64(v, "prev_ns", &fi->prev_ns);
	for (guint i = 0; ok && i < per_if->items->len; i++) {
		const struct jv *n = per_if->items->pdata[i];
		ok = n->type == JV_NUMBER && n->integral && !n->negative;
		if (ok)
			fi->per_if[i] = n->uint;
	}
	if (!ok) {
		g_set_error(error, JV_ERROR, 0, "the state is not info's (see docs/json.md)");
		return false;
	}
	fi->compression = (CapCompression)comp;
	return true;
}

static void render(FILE *fp, void *st, GArray *results, const struct partial_view *view)
{
	info_report(fp, ((struct info_part *)st)->list, results, view->fmt);
}

const struct partial_ops partial_info_ops = {
	"info", LOOP_TRANSPORT, state_new, state_free, part_frame,
	part_open, part_end, state_merge, state_write, state_load, render, NULL, NULL, false,
};

int cmd_info(int argc, char **argv)
{
	g_autofree char *format = NULL, *output = NULL;
	g_autofree char *filter_text = NULL;
	g_autoptr(dfilter) filter = NULL;
	gboolean quiet = FALSE, partial = FALSE;
	struct partial_request req = {false, 1, NULL, 0};
	g_autofree char *shard = NULL;
	GOptionEntry entries[] = {
		{"filter", 'Y', 0, G_OPTION_ARG_STRING, &filter_text, "only the frames this display filter keeps", "FILTER"},
		{"format", 'T', 0, G_OPTION_ARG_STRING, &format, "text (default), json, csv or partial", "FORMAT"},
		{"output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "write the report to FILE", "FILE"},
		CLI_OPTION_QUIET(quiet),
		PARTIAL_OPTIONS(partial, req, shard),
		{NULL, 0, 0, 0, NULL, NULL, NULL},
	};
	int code;
	if (!cli_parse("info", "FILE...", "What a capture file holds: format, interfaces, packets, "
		       "sizes, first and last time, rates, order, damaged packets.", entries, &argc, &argv, &code))
		return code;
	struct info_run run = {.format = FORMAT_TEXT};
	req.shard = shard;
	req.partial = partial || (format && strcmp(format, "partial") == 0);
	if (format && strcmp(format, "partial") != 0 && !out_format_parse(format, &run.format))
		return cli_usage_error("info", "unknown format '%s' (text, json, csv or partial)", format);
	if (argc < 2)
		return cli_usage_error("info", "no capture file given");
	if (partial_wanted(&req)) {
		if (!cli_filter("info", filter_text, &filter, &code))
			return code;
		struct partial_view view = {run.format, 0, NULL, NULL};
		return partial_run(&partial_info_ops, argv + 1, argc - 1, filter_text, quiet, &req, &view, output);
	}
	run.infos = g_array_new(FALSE, TRUE, sizeof(struct file_info));
	g_array_set_size(run.infos, (guint)(argc - 1));
	for (guint i = 0; i < run.infos->len; i++)
		g_array_index(run.infos, struct file_info, i).ifaces =
			g_array_new(FALSE, TRUE, sizeof(struct cap_interface));
	if (!cli_filter("info", filter_text, &filter, &code))
		return code;
	struct run_hooks hooks = {on_open, on_frame, on_end, LOOP_TRANSPORT, NULL, quiet, NULL};
	hooks.filter = filter;
	bool failed;
	GArray *results = cli_run_files(argv + 1, argc - 1, &hooks, &run, &failed);
	g_autoptr(GError) err = NULL;
	if (!info_write(&run, results, output, &err)) {
		cli_error("%s", err->message);
		failed = true;
	}
	for (guint i = 0; i < run.infos->len; i++)
		info_clear(&g_array_index(run.infos, struct file_info, i));
	g_array_free(run.infos, TRUE);
	cli_results_free(results);
	return failed ? EXIT_FAILED : EXIT_OK;
}
