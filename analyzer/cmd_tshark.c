/* cmd_tshark.c — `analyze -r FILE [-Y F] [-q -z STAT] ...`: a tshark command
 * line run as tshark would run it, so that a script written for tshark runs
 * with analyze in its place.  Without -z it is `analyze list`; with -z, the
 * matching report in tshark's text layout.  As in tshark, -Y does not narrow
 * a -z statistic (it only chooses the frames printed, and -q prints none);
 * `-z STAT,FILTER` does, and its Filter line shows FILTER. */
#include <string.h>

#include "analyzer/cli.h"
#include "analyzer/commands.h"
#include "analyzer/filter/filter.h"

/* A -z statistic and the report that prints it as tshark does. */
struct stat_map {
	const char *name;    /* "io,phs", "conv" ... */
	const char *command;
	bool typed;          /* a table type follows: "conv,TYPE" */
	int (*run)(int argc, char **argv);
};

static const struct stat_map stats[] = {
	{"io,phs", "hierarchy", false, cmd_hierarchy},
	{"conv", "conv", true, cmd_conv},
	{"endpoints", "endpoints", true, cmd_endpoints},
	{"dests,tree", "dests", false, cmd_dests},
	{"expert", "expert", false, cmd_expert},
};

static int usage(const char *fmt, const char *value)
{
	g_autofree char *msg = g_strdup_printf(fmt, value);
	return cli_usage_error(NULL, "%s", msg);
}

/* Matches Z against M: on success *TYPE is the table type (typed ones, a new
 * string) and *FILTER what follows the next comma (NULL when none). */
static bool stat_match(const struct stat_map *m, const char *z, char **type, const char **filter)
{
	size_t n = strlen(m->name);
	if (strncmp(z, m->name, n) != 0)
		return false;
	const char *rest = z + n;
	if (m->typed) {
		if (*rest != ',')
			return false;
		rest++;
		const char *comma = strchr(rest, ',');
		*type = comma ? g_strndup(rest, (gsize)(comma - rest)) : g_strdup(rest);
		*filter = comma ? comma + 1 : NULL;
		return true;
	}
	if (*rest && *rest != ',')
		return false;
	*filter = *rest ? rest + 1 : NULL;
	return true;
}

/* The value of a display-filter option at ARGV[*I] ("-Y F", "-YF",
 * "--filter F", "--filter=F"), *I moved past it; NULL when it is none. */
static const char *display_filter(int argc, char **argv, int *i)
{
	const char *a = argv[*i];
	if (strcmp(a, "-Y") == 0 || strcmp(a, "--filter") == 0)
		return *i + 1 < argc ? argv[++*i] : "";
	if (g_str_has_prefix(a, "-Y"))
		return a + 2;
	if (g_str_has_prefix(a, "--filter="))
		return a + strlen("--filter=");
	return NULL;
}

/* Runs the report of Z over ARGS (the command line without -z, -q, -Y). */
static int run_stat(const char *z, GPtrArray *args)
{
	for (size_t i = 0; i < G_N_ELEMENTS(stats); i++) {
		const struct stat_map *m = &stats[i];
		g_autofree char *type = NULL;
		const char *filter = NULL;
		if (!stat_match(m, z, &type, &filter))
			continue;
		args->pdata[0] = (char *)m->command;
		g_ptr_array_add(args, "--tshark");
		if (type) {
			g_ptr_array_add(args, "--type");
			g_ptr_array_add(args, type);
		}
		if (filter) {
			g_ptr_array_add(args, "--filter");
			g_ptr_array_add(args, (char *)filter);
		}
		g_ptr_array_add(args, NULL);
		return m->run((int)args->len - 1, (char **)args->pdata);
	}
	return usage("-z '%s' is not a statistic analyze prints (io,phs, conv,TYPE, endpoints,TYPE, dests,tree, "
		     "expert; each may end with ,FILTER)", z);
}

/* The value of -z at ARGV[*I] ("-z STAT", "-zSTAT", and after the flags
 * -q, -Q, -n grouped before it as getopt allows: "-qz STAT"), *I moved past
 * it; NULL when it is none.  *RESOLVE_OFF is set when such a group held -n. */
static const char *stat_option(int argc, char **argv, int *i, bool *resolve_off)
{
	const char *a = argv[*i];
	if (a[0] != '-' || a[1] == '-')
		return NULL;
	size_t k = 1;
	while (a[k] == 'q' || a[k] == 'Q' || a[k] == 'n')
		k++;
	if (a[k] != 'z')
		return NULL;
	*resolve_off = memchr(a, 'n', k) != NULL;
	if (a[k + 1])
		return a + k + 1;
	return *i + 1 < argc ? argv[++*i] : "";
}

int cmd_tshark(int argc, char **argv)
{
	g_autoptr(GPtrArray) args = g_ptr_array_new();
	g_autoptr(GPtrArray) shown = g_ptr_array_new(); /* -Y values, for frames shown */
	const char *z = NULL;
	g_ptr_array_add(args, "list");
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool numeric = false;
		const char *value = stat_option(argc, argv, &i, &numeric);
		if (numeric)
			g_ptr_array_add(args, "-n");
		const char *yfilter = value ? NULL : display_filter(argc, argv, &i);
		if (value) {
			if (z)
				return usage("one -z statistic at a time ('%s' is the second)", value);
			z = value;
		} else if (yfilter) {
			g_ptr_array_add(shown, (char *)yfilter);
		} else if (strcmp(a, "-Q") != 0) {
			g_ptr_array_add(args, (char *)a);
		}
	}
	if (!z) {
		for (guint i = 0; i < shown->len; i++) {
			g_ptr_array_add(args, "-Y");
			g_ptr_array_add(args, shown->pdata[i]);
		}
		g_ptr_array_add(args, NULL);
		return cmd_list((int)args->len - 1, (char **)args->pdata);
	}
	/* the statistic counts every frame, whatever -Y says; a bad -Y is
	 * still refused, as tshark refuses it */
	for (guint i = 0; i < shown->len; i++) {
		g_autoptr(dfilter) f = NULL;
		int code;
		if (!cli_filter(NULL, shown->pdata[i], &f, &code))
			return code;
	}
	return run_stat(z, args);
}
