/* crypto.h — the few primitives dissection needs to read what a protocol
 * protects with keys anyone can derive from the packets themselves (QUIC's
 * Initial packets, RFC 9001 5): AES-128, AES-128-GCM opening and TLS 1.3's
 * HKDF with SHA-256 (RFC 8446 7.1).  Nothing here is secret and nothing is
 * kept: a key schedule lives on the caller's stack. */
#ifndef ANALYZE_CRYPTO_H
#define ANALYZE_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct aes128 {
	uint8_t rk[176]; /* the 11 round keys */
};

void aes128_init(struct aes128 *k, const uint8_t key[16]);
void aes128_encrypt(const struct aes128 *k, const uint8_t in[16], uint8_t out[16]);

/* AES-128-GCM with a 12-byte nonce: decrypts CT (N bytes) into OUT and
 * checks TAG over AAD and CT; false when the tag does not match (OUT then
 * holds what the keystream made of CT, not to be used). */
bool aes128_gcm_open(const struct aes128 *k, const uint8_t nonce[12], const uint8_t *aad, size_t aad_len,
		     const uint8_t *ct, size_t n, const uint8_t tag[16], uint8_t *out);

/* AES-128-GCM sealing, the other way (tests build protected packets with it):
 * PT (N bytes) into OUT, its tag into TAG. */
void aes128_gcm_seal(const struct aes128 *k, const uint8_t nonce[12], const uint8_t *aad, size_t aad_len,
		     const uint8_t *pt, size_t n, uint8_t *out, uint8_t tag[16]);

/* HKDF-Extract with HMAC-SHA256 (RFC 5869 2.2). */
void hkdf_sha256_extract(const uint8_t *salt, size_t salt_len, const uint8_t *ikm, size_t ikm_len, uint8_t prk[32]);

/* TLS 1.3's HKDF-Expand-Label with an empty context: OUT_LEN (at most 32)
 * bytes from SECRET (32 bytes) and "tls13 " LABEL. */
void hkdf_sha256_expand_label(const uint8_t secret[32], const char *label, uint8_t *out, size_t out_len);

#endif
