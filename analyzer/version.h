/* version.h — the program's version, and what `analyze --version` prints. */
#ifndef ANALYZE_VERSION_H
#define ANALYZE_VERSION_H

#include <stdio.h>

/* The release; the man page's title line and the storage requests'
 * User-Agent say the same (a test compares the man page with it). */
#define ANALYZE_VERSION "0.1"

/* Writes "analyze VERSION" and then one line per library with the version
 * this process runs with (not the one it was built against): libpcap, GLib,
 * ncurses, libcurl.  Cannot fail. */
void version_print(FILE *fp);

#endif
