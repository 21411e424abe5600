/* tls.h — what DTLS (dtls.c) reads with TLS's code (tls.c): the names of
 * record content types, versions, handshake messages and alerts, and the
 * fields of a ClientHello or ServerHello body. */
#ifndef ANALYZE_DISSECT_TLS_H
#define ANALYZE_DISSECT_TLS_H

#include <stdbool.h>
#include <stdint.h>

#include "dissect/field.h"
#include "dissect/fieldval.h"

extern const struct value_string tls_content_types[];       /* a record's content type */
extern const struct value_string tls_versions[];            /* SSL, TLS and DTLS versions */
extern const struct value_string tls_info_handshake_types[]; /* handshake messages, as Info names them */
extern const struct value_string tls_alert_levels[];
extern const struct value_string tls_alert_descriptions[];

/* Whether TYPE is a handshake message type Wireshark knows (HelloVerifyRequest
 * only in DTLS, when DTLS).  Cannot fail. */
bool tls_handshake_type_valid(uint8_t type, bool dtls);

/* Gives FN the values of field ABBREV ("tls.handshake.ciphersuite",
 * "dtls.handshake.extensions_server_name", ...: the protocol's name, then
 * what TLS and DTLS share) that the hello body in bytes [AT, END) of B
 * holds: a ClientHello's when CLIENT, else a ServerHello's; DTLS when the
 * ClientHello has a cookie after its session id.  Returns how many. */
unsigned tls_hello_values(const uint8_t *b, uint32_t at, uint32_t end, bool client, bool dtls, const char *abbrev,
			  fvalue_fn fn, void *data);

#endif
