/* cli_args.c — the command line as GOption reads it.  A letter means what
 * it means to tshark (or tcpdump, where tshark has none) in every command;
 * the spellings this project used before, and tshark's compound options,
 * are rewritten here to the long options they stand for, in one place:
 *
 *   -c1 -Tfields -Ytcp   attached values, as getopt reads them
 *   -r FILE              names a file (tshark)
 *   -n                   taken: no name is ever resolved (tshark)
 *   -n N, -F FMT, -t T   --top N, --format FMT, --type T (older spellings)
 *   -a duration:S|filesize:KB|packets:N     --time-limit, --bytes-per-session, --count (tshark)
 *   -b duration:S|filesize:KB|files:N       --rotate-seconds, --rotate-size, --ring (tshark)
 *   -c FILE.json, -f SPEC, -d, -u USER, -v  --config, --filter, --detach, --user, --verbose
 *                                           (older spellings of capture, fetch and upload)
 */
#include "analyzer/cli.h"

#include <string.h>

/* The entry of ENTRIES whose short name is C, or NULL. */
static const GOptionEntry *short_entry(const GOptionEntry *entries, char c)
{
	for (const GOptionEntry *e = entries; e->long_name; e++)
		if (e->short_name == c)
			return e;
	return NULL;
}

/* The entry of ENTRIES whose long name is NAME, or NULL. */
static const GOptionEntry *long_entry(const GOptionEntry *entries, const char *name)
{
	for (const GOptionEntry *e = entries; e->long_name; e++)
		if (strcmp(e->long_name, name) == 0)
			return e;
	return NULL;
}

static bool all_digits(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++)
		if (!g_ascii_isdigit(*s))
			return false;
	return true;
}

/* Whether SPEC reads as a 5-tuple filter (protocol=TCP,local-ip=...) rather
 * than a pcap-filter expression, which has no KEY= at its start. */
static bool is_tuple_spec(const char *spec)
{
	static const char *const keys[] = {"protocol=", "local-ip=", "local-port=", "remote-ip=", "remote-port="};
	while (*spec == ' ')
		spec++;
	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++)
		if (g_ascii_strncasecmp(spec, keys[i], strlen(keys[i])) == 0)
			return true;
	return false;
}

/* tshark's -a and -b: KEY:VALUE to one long option, "--NAME=VALUE" (owned by
 * KEEP), or NULL when KEY is not one of LETTER's here. */
static const char *compound(const GOptionEntry *entries, char letter, const char *value, GPtrArray *keep)
{
	static const struct {
		char letter;
		const char *key, *option;
		unsigned scale; /* tshark's filesize is in kB (1000 bytes) */
	} map[] = {
		{'a', "duration", "time-limit", 1},  {'a', "filesize", "bytes-per-session", 1000},
		{'a', "packets", "count", 1},        {'b', "duration", "rotate-seconds", 1},
		{'b', "filesize", "rotate-size", 1000}, {'b', "files", "ring", 1},
	};
	const char *colon = value ? strchr(value, ':') : NULL;
	for (size_t i = 0; colon && i < G_N_ELEMENTS(map); i++) {
		if (map[i].letter != letter || strlen(map[i].key) != (size_t)(colon - value) ||
		    strncmp(value, map[i].key, (size_t)(colon - value)) != 0 || !long_entry(entries, map[i].option))
			continue;
		char *opt;
		if (map[i].scale > 1 && all_digits(colon + 1))
			opt = g_strdup_printf("--%s=%" G_GUINT64_FORMAT, map[i].option,
					      g_ascii_strtoull(colon + 1, NULL, 10) * map[i].scale);
		else
			opt = g_strdup_printf("--%s=%s", map[i].option, colon + 1);
		g_ptr_array_add(keep, opt);
		return opt;
	}
	return NULL;
}

/* What -LETTER (with VALUE, the attached or next argument, may be NULL)
 * stands for in a command of ENTRIES: the long option to put in its place
 * ("" to drop it), with *TAKES set when VALUE belongs to it; NULL when the
 * letter is read as it is. */
static const char *alias_of(const GOptionEntry *entries, char letter, const char *value, bool *takes)
{
	*takes = true;
	if (letter == 'c' && long_entry(entries, "config") && value && !all_digits(value))
		return "--config";
	if (letter == 'f' && long_entry(entries, "bpf") && value)
		return is_tuple_spec(value) ? "--filter" : "--bpf";
	if (short_entry(entries, letter))
		return NULL;
	switch (letter) {
	case 'F':
		return long_entry(entries, "format") ? "--format" : NULL;
	case 't':
		return long_entry(entries, "type") ? "--type" : NULL;
	case 'n':
		*takes = value && all_digits(value) && long_entry(entries, "top");
		return *takes ? "--top" : "";
	case 'r':
		return "";
	case 'u':
		return long_entry(entries, "user") ? "--user" : NULL;
	case 'd':
		*takes = false;
		return long_entry(entries, "detach") ? "--detach" : NULL;
	case 'v': /* fetch's and upload's -v; elsewhere tshark's (version) is not taken */
		*takes = false;
		return long_entry(entries, "verbose") && long_entry(entries, "parallel") ? "--verbose" : NULL;
	default:
		return NULL;
	}
}

char **cli_normalize_args(const GOptionEntry *entries, int *argc, char **argv, GPtrArray *keep)
{
	GPtrArray *v = g_ptr_array_new();
	for (int i = 0; i < *argc; i++) {
		char *a = argv[i];
		if (strcmp(a, "--") == 0) {
			for (; i < *argc; i++)
				g_ptr_array_add(v, argv[i]);
			break;
		}
		bool shortopt = i > 0 && a[0] == '-' && a[1] && a[1] != '-';
		char *attached = shortopt && a[2] ? a + 2 : NULL;
		const char *value = attached ? attached : (i + 1 < *argc ? argv[i + 1] : NULL);
		const char *opt = shortopt && (a[1] == 'a' || a[1] == 'b') ? compound(entries, a[1], value, keep) : NULL;
		if (opt) {
			g_ptr_array_add(v, (char *)opt);
			i += attached ? 0 : 1;
			continue;
		}
		bool takes = false;
		const char *alias = shortopt ? alias_of(entries, a[1], value, &takes) : NULL;
		if (alias && attached && !takes) {
			alias = NULL; /* "-nV", "-dv": flags grouped, left to GOption */
		} else if (alias) {
			if (*alias)
				g_ptr_array_add(v, (char *)alias);
			if (attached)
				g_ptr_array_add(v, attached);
			else if ((takes || a[1] == 'r') && i + 1 < *argc)
				g_ptr_array_add(v, argv[++i]);
			continue;
		}
		const GOptionEntry *e = attached ? short_entry(entries, a[1]) : NULL;
		if (e && e->arg != G_OPTION_ARG_NONE) {
			char *o = g_strndup(a, 2);
			g_ptr_array_add(keep, o);
			g_ptr_array_add(v, o);
			g_ptr_array_add(v, attached);
		} else {
			g_ptr_array_add(v, a);
		}
	}
	*argc = (int)v->len;
	g_ptr_array_add(v, NULL);
	return (char **)g_ptr_array_free(v, FALSE);
}

char *cli_alias_help(const GOptionEntry *entries, bool reads_files)
{
	g_autoptr(GString) older = g_string_new(NULL);
	if (long_entry(entries, "format") && !short_entry(entries, 'F'))
		g_string_append(older, ", -F FORMAT for -T FORMAT");
	if (long_entry(entries, "type") && !short_entry(entries, 't'))
		g_string_append(older, ", -t TYPE for --type TYPE");
	if (long_entry(entries, "top"))
		g_string_append(older, ", -n N for --top N");
	if (long_entry(entries, "config"))
		g_string_append(older, ", -c FILE.json for --config FILE.json");
	if (long_entry(entries, "bpf"))
		g_string_append(older, ", -f SPEC (a 5-tuple) for --filter SPEC");
	if (long_entry(entries, "detach") && !short_entry(entries, 'd'))
		g_string_append(older, ", -d for --detach");
	if (long_entry(entries, "user") && !short_entry(entries, 'u'))
		g_string_append(older, ", -u USER for --user USER");
	if (long_entry(entries, "verbose") && long_entry(entries, "parallel"))
		g_string_append(older, ", -v for --verbose");
	GString *d = g_string_new(NULL);
	if (reads_files)
		g_string_append(d, "tshark's -r FILE names a file, and its -n is taken (no name is ever resolved).");
	if (long_entry(entries, "rotate-seconds"))
		g_string_append(d, " tshark's -a duration:S|filesize:KB|packets:N and -b duration:S|filesize:KB|files:N "
				   "are read (kB: 1000 bytes).");
	if (older->len)
		g_string_append_printf(d, " Older spellings still read: %s.", older->str + 2);
	if (d->len == 0) {
		g_string_free(d, TRUE);
		return NULL;
	}
	if (d->str[0] == ' ')
		g_string_erase(d, 0, 1);
	return g_string_free(d, FALSE);
}
