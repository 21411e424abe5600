/* protocols.c — the list of protocol descriptors (struct protocol).  The
 * engine knows a protocol only through this list: its fields, its part in
 * the packet list, its expert items, and where it is handed bytes (the
 * dispatch tables are built from it, handoff.c).  The list is generated:
 * PROTOCOL_DESCRIPTORS (packet.h) names every descriptor a dissect/ file
 * defines, in the order of the files. */
#include "dissect/protocol.h"
#include "dissect/rpc_progs.h"

#include <glib.h>

#define DECLARE(name) extern const struct protocol proto_##name;
PROTOCOL_DESCRIPTORS(DECLARE)
#undef DECLARE

static const struct protocol *const all[] = {
#define ADDRESS(name) &proto_##name,
	PROTOCOL_DESCRIPTORS(ADDRESS)
#undef ADDRESS
};

static const struct protocol *by_id[PROTO_COUNT]; /* enum proto_id -> its descriptor or NULL */

static gpointer index_build(gpointer unused)
{
	(void)unused;
	for (size_t i = 0; i < G_N_ELEMENTS(all); i++)
		if (all[i]->id < PROTO_COUNT)
			by_id[all[i]->id] = all[i];
	/* the ONC RPC programs, from their table */
	const struct protocol *d;
	for (size_t i = 0; (d = rpc_program_protocol(i)); i++)
		by_id[d->id] = d;
	return NULL;
}

const struct protocol *protocol_nth(size_t n)
{
	return n < G_N_ELEMENTS(all) ? all[n] : NULL;
}

const struct protocol *protocol_of(enum proto_id id)
{
	static GOnce once = G_ONCE_INIT;
	g_once(&once, index_build, NULL);
	return (unsigned)id < PROTO_COUNT ? by_id[id] : NULL;
}
