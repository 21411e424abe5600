/* netlink.h — what netlink.c and netlink_route.c share: a netlink message
 * header's byte order and its fields' values.
 */
#ifndef ANALYZE_NETLINK_H
#define ANALYZE_NETLINK_H

#include <stdbool.h>
#include <stdint.h>

#include "dissect/fieldval.h"
#include "dissect/packet.h"

/* The byte order of the netlink messages that follow netlink layer L
 * (true: big-endian). */
bool netlink_order(const struct packet *p, const struct layer *l);

/* The value of field A in the netlink message header D (N bytes, in the
 * byte order BE): its type is netlink-route's field when ROUTE. */
void netlink_header_values(bool be, const uint8_t *d, uint32_t n, bool route, const char *a, fvalue_fn fn,
			   void *data);

#endif
