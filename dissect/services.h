/* services.h — names of well-known TCP and UDP ports, as IANA's registry and
 * the usual services files name them ("3389" -> "ms-wbt-server" is written
 * "rdp" here, the name people search for). */
#ifndef ANALYZE_SERVICES_H
#define ANALYZE_SERVICES_H

#include <stdbool.h>
#include <stdint.h>

/* The service on PORT for TCP (TCP true) or UDP, or NULL when unknown. */
const char *service_name(uint16_t port, bool tcp);

#endif
