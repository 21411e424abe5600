/* rmcp.h — the classes RMCP hands its payload to by its class byte
 * (rmcp.c): ASF (asf.c) and IPMI's session wrapper (ipmi.c).
 */
#ifndef ANALYZE_RMCP_H
#define ANALYZE_RMCP_H

#include "dissect/cursor.h"
#include "dissect/packet.h"

/* Class 6: an ASF message. */
void dissect_asf(struct packet *p, struct cursor *c);
/* Class 7: an IPMI v1.5 or v2.0 (RMCP+) session wrapper. */
void dissect_ipmi_session(struct packet *p, struct cursor *c);

#endif
