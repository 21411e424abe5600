/* dcerpc.h — what DCE/RPC gives the protocols of its interfaces (EPM,
 * DRSUAPI, SRVSVC, ...): their packet-list text from the call under them. */
#ifndef ANALYZE_DCERPC_H
#define ANALYZE_DCERPC_H

#include <stddef.h>
#include <stdint.h>

#include "dissect/column.h"

/* An interface's operation: its opnum and name. */
struct dcerpc_op {
	uint16_t opnum;
	const char *name;
};

/* The columns of interface layer IDX of P (a whole request or response
 * carried by the DCE/RPC layer before it): PROTO, then "NAME request" or
 * "NAME response" with the operation's name from OPS (N of them), or
 * "Unknown operation OPNUM ...".  Returns the call's stub data and its
 * length in *STUB_N, whether it is a request in *REQUEST, for what an
 * interface adds; NULL (Info empty) when the operation is not known. */
const uint8_t *dcerpc_op_columns(struct columns *c, const struct packet *p, int idx, const char *proto,
				 const struct dcerpc_op *ops, size_t n, uint32_t *stub_n, bool *request);

/* The same, for an interface that adds nothing to the operation's name. */
void dcerpc_iface_columns(struct columns *c, const struct packet *p, int idx, const char *proto,
			  const struct dcerpc_op *ops, size_t n);

/* The GUID at D (its first three fields in the byte order LE says) added to
 * Info as Wireshark names it (an interface in capitals, "32bit NDR", or its
 * text). */
void dcerpc_col_guid(struct columns *c, const uint8_t *d, bool le);

#endif
