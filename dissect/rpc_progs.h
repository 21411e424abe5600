/* rpc_progs.h — the ONC RPC programs Wireshark names, and their procedures. */
#ifndef ANALYZE_RPC_PROGS_H
#define ANALYZE_RPC_PROGS_H

#include <stddef.h>
#include <stdint.h>

#include "dissect/field.h"
#include "dissect/packet.h"

/* A program with a dissector of its own in Wireshark: its layer (the
 * protocol's filter name is its abbreviation) and the name the packet list
 * and Info give it ("Portmap", "NFS", "NIS+ CB"). */
struct rpc_prog {
	uint32_t number;
	uint16_t proto;     /* enum proto_id */
	const char *name;
};
_Static_assert(PROTO_ID_FITS(struct rpc_prog, proto), "an ONC RPC program names its protocol id");

/* A procedure's name in version VERS of program PROG. */
struct rpc_proc {
	uint32_t prog;
	uint16_t vers, proc;
	const char *name;
};

extern const struct rpc_prog rpc_progs[];   /* sorted by number */
extern const size_t rpc_nprogs;
extern const struct rpc_proc rpc_procs[];   /* sorted by program, version, procedure */
extern const size_t rpc_nprocs;
/* The programs' names by number, as a value table (ends with {0, NULL}). */
extern const struct value_string rpc_prog_names[];

/* The program numbered PROG, or NULL when Wireshark names none.  Cannot fail. */
const struct rpc_prog *rpc_prog_find(uint32_t prog);
/* The program whose layer is PROTO, or NULL. */
const struct rpc_prog *rpc_prog_of_proto(uint16_t proto);
/* The name of procedure PROC of version VERS of program PROG, or NULL
 * (Wireshark then writes "proc-N"). */
const char *rpc_proc_name(uint32_t prog, uint32_t vers, uint32_t proc);

/* The descriptor of the Ith program's layer (its RPC layer writes the
 * columns for it), or NULL past the last.  Cannot fail. */
struct protocol;
const struct protocol *rpc_program_protocol(size_t i);

/* rpc_values.c: the field values of an RPC layer and of a program's layer
 * (values_fn of dissect/protocol.h), and a program's field table (NULL:
 * the program has only its name as a field). */
#include "dissect/fieldval.h"
void rpc_field_values(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
		      const struct field_def *f, fvalue_fn fn, void *data);
void rpc_program_field_values(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
			      const struct field_def *f, fvalue_fn fn, void *data);
const struct field_table *rpc_program_fields(enum proto_id proto);

#endif
