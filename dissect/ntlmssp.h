/* ntlmssp.h — the NTLM Security Support Provider's summary of one message,
 * for the protocols that carry NTLMSSP tokens (SMB2 session setups inside
 * SPNEGO, HTTP and LDAP authentication, DCE/RPC verifiers). */
#ifndef ANALYZE_NTLMSSP_H
#define ANALYZE_NTLMSSP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Whether the N bytes at D start an NTLMSSP message ("NTLMSSP\0"). */
bool ntlmssp_is(const uint8_t *d, size_t n);

/* The Info text of the NTLMSSP message in the N bytes at D, written to OUT
 * (OUTN bytes, always terminated when OUTN > 0): "NTLMSSP_NEGOTIATE",
 * "NTLMSSP_CHALLENGE", "NTLMSSP_AUTH, User: DOMAIN\user".  Returns false
 * (OUT empty) when the bytes are no NTLMSSP message or its type was not
 * captured. */
bool ntlmssp_summary(const uint8_t *d, size_t n, char *out, size_t outn);

#endif
