/* crypto.c — AES-128 (FIPS 197), GCM (NIST SP 800-38D) and TLS 1.3's
 * HKDF-Expand-Label (RFC 8446 7.1) on HMAC-SHA256 from GLib.
 *
 * Written for clarity, not speed: dissection decrypts only the handful of
 * packets whose keys are public (QUIC Initial packets), a few blocks each.
 * The S-box is computed once from its definition (the inverse in GF(2^8)
 * followed by the affine map) rather than written out. */
#include "dissect/crypto.h"

#include <glib.h>
#include <string.h>

static uint8_t sbox[256];

static uint8_t xtime(uint8_t x)
{
	return (uint8_t)((x << 1) ^ ((x >> 7) * 0x1b));
}

static uint8_t gf_mul(uint8_t a, uint8_t b)
{
	uint8_t r = 0;
	while (b) {
		if (b & 1)
			r ^= a;
		a = xtime(a);
		b >>= 1;
	}
	return r;
}

static uint8_t rotl8(uint8_t x, unsigned n)
{
	return (uint8_t)((x << n) | (x >> (8 - n)));
}

static void sbox_init(void)
{
	static gsize done;
	if (!g_once_init_enter(&done))
		return;
	/* inverses through a generator: 3 generates GF(2^8)'s multiplicative group */
	uint8_t exp[255], log[256];
	uint8_t x = 1;
	for (int i = 0; i < 255; i++) {
		exp[i] = x;
		log[x] = (uint8_t)i;
		x = gf_mul(x, 3);
	}
	for (int v = 0; v < 256; v++) {
		uint8_t inv = v ? exp[(255 - log[v]) % 255] : 0;
		sbox[v] = inv ^ rotl8(inv, 1) ^ rotl8(inv, 2) ^ rotl8(inv, 3) ^ rotl8(inv, 4) ^ 0x63;
	}
	g_once_init_leave(&done, 1);
}

void aes128_init(struct aes128 *k, const uint8_t key[16])
{
	sbox_init();
	memcpy(k->rk, key, 16);
	uint8_t rcon = 1;
	for (int i = 16; i < 176; i += 4) {
		uint8_t t[4];
		memcpy(t, k->rk + i - 4, 4);
		if (i % 16 == 0) {
			uint8_t first = t[0];
			t[0] = sbox[t[1]] ^ rcon;
			t[1] = sbox[t[2]];
			t[2] = sbox[t[3]];
			t[3] = sbox[first];
			rcon = xtime(rcon);
		}
		for (int j = 0; j < 4; j++)
			k->rk[i + j] = k->rk[i - 16 + j] ^ t[j];
	}
}

void aes128_encrypt(const struct aes128 *k, const uint8_t in[16], uint8_t out[16])
{
	uint8_t s[16], t[16];
	for (int i = 0; i < 16; i++)
		s[i] = in[i] ^ k->rk[i];
	for (int round = 1; round <= 10; round++) {
		/* SubBytes and ShiftRows: byte r of column c comes from column c + r */
		for (int c = 0; c < 4; c++)
			for (int r = 0; r < 4; r++)
				t[4 * c + r] = sbox[s[4 * ((c + r) & 3) + r]];
		if (round < 10) {
			for (int c = 0; c < 4; c++) {
				uint8_t *a = t + 4 * c;
				uint8_t all = a[0] ^ a[1] ^ a[2] ^ a[3], a0 = a[0];
				a[0] ^= all ^ xtime(a[0] ^ a[1]);
				a[1] ^= all ^ xtime(a[1] ^ a[2]);
				a[2] ^= all ^ xtime(a[2] ^ a[3]);
				a[3] ^= all ^ xtime(a[3] ^ a0);
			}
		}
		for (int i = 0; i < 16; i++)
			s[i] = t[i] ^ k->rk[16 * round + i];
	}
	memcpy(out, s, 16);
}

/* ---- GCM ------------------------------------------------------------------- */

static uint64_t be64(const uint8_t *b)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | b[i];
	return v;
}

static void put_be64(uint8_t *b, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		b[i] = (uint8_t)v;
}

/* X := X * H in GCM's GF(2^128), bit 0 the most significant of X[0]. */
static void gf128_mul(uint64_t x[2], const uint64_t h[2])
{
	uint64_t z0 = 0, z1 = 0, v0 = h[0], v1 = h[1];
	for (int i = 0; i < 128; i++) {
		uint64_t bit = (i < 64 ? x[0] >> (63 - i) : x[1] >> (127 - i)) & 1;
		uint64_t take = 0 - bit;
		z0 ^= v0 & take;
		z1 ^= v1 & take;
		uint64_t carry = 0 - (v1 & 1);
		v1 = (v1 >> 1) | (v0 << 63);
		v0 = (v0 >> 1) ^ (0xe100000000000000ull & carry);
	}
	x[0] = z0;
	x[1] = z1;
}

static void ghash_update(uint64_t y[2], const uint64_t h[2], const uint8_t *b, size_t n)
{
	while (n) {
		uint8_t block[16] = {0};
		size_t take = n < 16 ? n : 16;
		memcpy(block, b, take);
		y[0] ^= be64(block);
		y[1] ^= be64(block + 8);
		gf128_mul(y, h);
		b += take;
		n -= take;
	}
}

/* GCM's tag of AAD and CT under K with the pre-counter block J0. */
static void gcm_tag(const struct aes128 *k, const uint8_t j0[16], const uint8_t *aad, size_t aad_len,
		    const uint8_t *ct, size_t n, uint8_t tag[16])
{
	uint8_t zero[16] = {0}, hb[16], lens[16], ek[16];
	aes128_encrypt(k, zero, hb);
	uint64_t h[2] = {be64(hb), be64(hb + 8)}, y[2] = {0, 0};
	ghash_update(y, h, aad, aad_len);
	ghash_update(y, h, ct, n);
	put_be64(lens, (uint64_t)aad_len * 8);
	put_be64(lens + 8, (uint64_t)n * 8);
	ghash_update(y, h, lens, 16);
	aes128_encrypt(k, j0, ek);
	put_be64(tag, y[0]);
	put_be64(tag + 8, y[1]);
	for (int i = 0; i < 16; i++)
		tag[i] ^= ek[i];
}

/* Counter mode from the block after J0: IN (N bytes) into OUT. */
static void gcm_ctr(const struct aes128 *k, const uint8_t j0[16], const uint8_t *in, size_t n, uint8_t *out)
{
	uint8_t ctr[16], ks[16];
	memcpy(ctr, j0, 16);
	for (size_t at = 0; at < n; at += 16) {
		for (int i = 15; i >= 12 && ++ctr[i] == 0; i--)
			;
		aes128_encrypt(k, ctr, ks);
		size_t take = n - at < 16 ? n - at : 16;
		for (size_t i = 0; i < take; i++)
			out[at + i] = in[at + i] ^ ks[i];
	}
}

static void gcm_j0(const uint8_t nonce[12], uint8_t j0[16])
{
	memcpy(j0, nonce, 12);
	j0[12] = j0[13] = j0[14] = 0;
	j0[15] = 1;
}

bool aes128_gcm_open(const struct aes128 *k, const uint8_t nonce[12], const uint8_t *aad, size_t aad_len,
		     const uint8_t *ct, size_t n, const uint8_t tag[16], uint8_t *out)
{
	uint8_t j0[16], want[16], diff = 0;
	gcm_j0(nonce, j0);
	gcm_tag(k, j0, aad, aad_len, ct, n, want);
	gcm_ctr(k, j0, ct, n, out);
	for (int i = 0; i < 16; i++)
		diff |= (uint8_t)(want[i] ^ tag[i]);
	return diff == 0;
}

void aes128_gcm_seal(const struct aes128 *k, const uint8_t nonce[12], const uint8_t *aad, size_t aad_len,
		     const uint8_t *pt, size_t n, uint8_t *out, uint8_t tag[16])
{
	uint8_t j0[16];
	gcm_j0(nonce, j0);
	gcm_ctr(k, j0, pt, n, out);
	gcm_tag(k, j0, aad, aad_len, out, n, tag);
}

/* ---- HKDF ------------------------------------------------------------------ */

static void hmac_sha256(const uint8_t *key, size_t key_len, const uint8_t *msg, size_t n, uint8_t out[32])
{
	GHmac *m = g_hmac_new(G_CHECKSUM_SHA256, key, key_len);
	g_hmac_update(m, msg, (gssize)n);
	gsize len = 32;
	g_hmac_get_digest(m, out, &len);
	g_hmac_unref(m);
}

void hkdf_sha256_extract(const uint8_t *salt, size_t salt_len, const uint8_t *ikm, size_t ikm_len, uint8_t prk[32])
{
	hmac_sha256(salt, salt_len, ikm, ikm_len, prk);
}

void hkdf_sha256_expand_label(const uint8_t secret[32], const char *label, uint8_t *out, size_t out_len)
{
	/* HkdfLabel: length (2), "tls13 " label (1 + n), context (1 + 0); then
	 * T(1) = HMAC(secret, HkdfLabel | 0x01), enough for 32 bytes */
	uint8_t info[2 + 1 + 255 + 1 + 1];
	size_t label_len = strlen(label), at = 0;
	g_assert(out_len <= 32 && label_len <= 255 - 6);
	info[at++] = (uint8_t)(out_len >> 8);
	info[at++] = (uint8_t)out_len;
	info[at++] = (uint8_t)(6 + label_len);
	memcpy(info + at, "tls13 ", 6);
	at += 6;
	memcpy(info + at, label, label_len);
	at += label_len;
	info[at++] = 0;
	info[at++] = 1;
	uint8_t t[32];
	hmac_sha256(secret, 32, info, at, t);
	memcpy(out, t, out_len);
}
