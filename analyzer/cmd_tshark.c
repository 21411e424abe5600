/* cmd_tshark.c — `analyze -r FILE [-Y F] [-q -z STAT] ...`: a tshark command
 * line run as tshark would run it, so that a script written for tshark runs
 * with analyze in its place.  Without -z it is `analyze list`; with -z, the
 * matching report in tshark's text layout. */
#include <string.h>

#include "analyzer/cli.h"
#include "analyzer/commands.h"

/* A -z statistic and the report that prints it as tshark does. */
struct stat_map {
	const char *prefix;  /* "io,phs", "conv," ... */
	const char *command;
	bool typed;          /* the rest of the -z value is the table type */
	int (*run)(int argc, char **argv);
};

static const struct stat_map stats[] = {
	{"io,phs", "hierarchy", false, cmd_hierarchy},
	{"conv,", "conv", true, cmd_conv},
	{"endpoints,", "endpoints", true, cmd_endpoints},
	{"dests,tree", "dests", false, cmd_dests},
	{"expert", "expert", false, cmd_expert},
};

static int usage(const char *fmt, const char *value)
{
	g_autofree char *msg = g_strdup_printf(fmt, value);
	return cli_usage_error(NULL, "%s", msg);
}

int cmd_tshark(int argc, char **argv)
{
	g_autoptr(GPtrArray) args = g_ptr_array_new();
	const char *z = NULL;
	g_ptr_array_add(args, "list");
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *value = strcmp(a, "-z") == 0 ? (i + 1 < argc ? argv[++i] : "") :
				    g_str_has_prefix(a, "-z") ? a + 2 : NULL;
		if (value) {
			if (z)
				return usage("one -z statistic at a time ('%s' is the second)", value);
			z = value;
		} else if (strcmp(a, "-Q") != 0) {
			g_ptr_array_add(args, (char *)a);
		}
	}
	if (!z) {
		g_ptr_array_add(args, NULL);
		return cmd_list((int)args->len - 1, (char **)args->pdata);
	}
	for (size_t i = 0; i < G_N_ELEMENTS(stats); i++) {
		const struct stat_map *m = &stats[i];
		if (m->typed ? !g_str_has_prefix(z, m->prefix) : strcmp(z, m->prefix) != 0)
			continue;
		args->pdata[0] = (char *)m->command;
		g_ptr_array_add(args, "--tshark");
		if (m->typed) {
			g_ptr_array_add(args, "--type");
			g_ptr_array_add(args, (char *)z + strlen(m->prefix));
		}
		g_ptr_array_add(args, NULL);
		return m->run((int)args->len - 1, (char **)args->pdata);
	}
	return usage("-z '%s' is not a statistic analyze prints (io,phs, conv,TYPE, endpoints,TYPE, dests,tree, expert)", z);
}
