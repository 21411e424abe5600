/* ntlmssp.c — NTLM Security Support Provider messages ([MS-NLMP]), as they
 * travel inside SPNEGO (SMB2 session setups, LDAP binds), HTTP's
 * "Authorization: NTLM" headers and DCE/RPC verifiers.  The carrying
 * protocol shows their summary in its Info column; NTLMSSP shows no layer
 * of its own here.
 *
 *   0 "NTLMSSP\0"  8 message type (LE 32: 1 negotiate, 2 challenge, 3 auth)
 *   AUTHENTICATE (type 3), each field a security buffer
 *   (length 2, allocated 2, offset 4, from the message's start):
 *   12 LM response  20 NTLM response  28 domain  36 user  44 host
 *   52 session key  60 flags (4; absent in old messages whose data starts
 *   before 64)
 * Strings are UTF-16LE when the flags ask for Unicode (bit 0), OEM bytes
 * otherwise.
 */
#include <string.h>

#include "dissect/ntlmssp.h"

#define NTLMSSP_NEGOTIATE_UNICODE 0x00000001u

static uint32_t le32(const uint8_t *d)
{
	return (uint32_t)d[0] | (uint32_t)d[1] << 8 | (uint32_t)d[2] << 16 | (uint32_t)d[3] << 24;
}

bool ntlmssp_is(const uint8_t *d, size_t n)
{
	return d && n >= 8 && memcmp(d, "NTLMSSP", 8) == 0;
}

/* Appends the bytes S (N of them) to OUT (OUTN bytes, used AT so far),
 * keeping it terminated; returns the new length. */
static size_t put(char *out, size_t outn, size_t at, const char *s, size_t n)
{
	while (n-- > 0 && at + 1 < outn)
		out[at++] = *s++;
	out[at] = '\0';
	return at;
}

/* One code point as UTF-8 at the end of OUT. */
static size_t put_cp(char *out, size_t outn, size_t at, uint32_t cp)
{
	char u[4];
	size_t k;
	if (cp < 0x80)
		u[0] = (char)cp, k = 1;
	else if (cp < 0x800)
		u[0] = (char)(0xc0 | cp >> 6), u[1] = (char)(0x80 | (cp & 0x3f)), k = 2;
	else if (cp < 0x10000)
		u[0] = (char)(0xe0 | cp >> 12), u[1] = (char)(0x80 | ((cp >> 6) & 0x3f)),
		u[2] = (char)(0x80 | (cp & 0x3f)), k = 3;
	else
		u[0] = (char)(0xf0 | cp >> 18), u[1] = (char)(0x80 | ((cp >> 12) & 0x3f)),
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f)), u[3] = (char)(0x80 | (cp & 0x3f)), k = 4;
	return at + k < outn ? put(out, outn, at, u, k) : at;
}

/* The string of the security buffer at offset SB of message D (N bytes)
 * added to OUT; false when the buffer lies beyond the captured bytes. */
static bool put_string(char *out, size_t outn, size_t *at, const uint8_t *d, size_t n, size_t sb, bool unicode)
{
	if (sb + 8 > n)
		return false;
	size_t len = (size_t)(d[sb] | d[sb + 1] << 8), off = le32(d + sb + 4);
	if (len == 0)
		return true;
	if (off > n || len > n - off)
		return false;
	const uint8_t *s = d + off;
	if (!unicode) {
		for (size_t i = 0; i < len; i++)
			*at = put_cp(out, outn, *at, s[i] < 0x80 ? s[i] : 0xfffd);
		return true;
	}
	for (size_t i = 0; i + 1 < len; i += 2) {
		uint32_t u = (uint32_t)(s[i] | s[i + 1] << 8);
		if (u >= 0xd800 && u < 0xdc00 && i + 3 < len) {
			uint32_t lo = (uint32_t)(s[i + 2] | s[i + 3] << 8);
			if (lo >= 0xdc00 && lo < 0xe000) {
				u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
				i += 2;
			}
		}
		if (u >= 0xd800 && u < 0xe000)
			u = 0xfffd;
		*at = put_cp(out, outn, *at, u);
	}
	return true;
}

/* ", User: DOMAIN\user" of an AUTHENTICATE message, when both strings were
 * captured. */
static size_t auth_user(char *out, size_t outn, size_t at, const uint8_t *d, size_t n)
{
	bool unicode = true;
	if (n >= 64) {
		/* The flags are there when no buffer's data starts before them. */
		uint32_t first = UINT32_MAX;
		for (size_t sb = 12; sb <= 52; sb += 8) {
			uint32_t off = le32(d + sb + 4);
			if ((d[sb] | d[sb + 1]) && off < first)
				first = off;
		}
		if (first >= 64)
			unicode = le32(d + 60) & NTLMSSP_NEGOTIATE_UNICODE;
	}
	char domain[256], user[256];
	size_t dn = 0, un = 0;
	domain[0] = user[0] = '\0';
	if (!put_string(domain, sizeof domain, &dn, d, n, 28, unicode) ||
	    !put_string(user, sizeof user, &un, d, n, 36, unicode))
		return at;
	at = put(out, outn, at, ", User: ", 8);
	at = put(out, outn, at, domain, dn);
	at = put(out, outn, at, "\\", 1);
	return put(out, outn, at, user, un);
}

bool ntlmssp_summary(const uint8_t *d, size_t n, char *out, size_t outn)
{
	if (outn == 0)
		return false;
	out[0] = '\0';
	if (!ntlmssp_is(d, n) || n < 12)
		return false;
	static const char *const types[] = {"NTLMSSP_NEGOTIATE", "NTLMSSP_CHALLENGE", "NTLMSSP_AUTH",
					    "NTLMSSP_UNKNOWN"};
	uint32_t type = le32(d + 8);
	const char *name = type >= 1 && type <= 4 ? types[type - 1] : "Unknown NTLMSSP message type";
	size_t at = put(out, outn, 0, name, strlen(name));
	if (type == 3)
		auth_user(out, outn, at, d, n);
	return true;
}
