/* Unit tests of QUIC's Initial packets read as Wireshark reads them: the
 * primitives against their published vectors (FIPS 197, the GCM
 * specification's test cases, RFC 9001 appendix A), then packets built
 * here with those keys, dissected in one session, and their Info columns
 * as tshark 4.0 shows the same bytes. */
#include <glib.h>
#include <string.h>

#include "dissect/column.h"
#include "dissect/crypto.h"
#include "dissect/session.h"
#include "dissect_test.h"
#include "frame_build.h"

static void check_hex(const uint8_t *b, size_t n, const char *hex)
{
	GString *s = g_string_new(NULL);
	for (size_t i = 0; i < n; i++)
		g_string_append_printf(s, "%02x", b[i]);
	g_assert_cmpstr(s->str, ==, hex);
	g_string_free(s, TRUE);
}

static void test_aes(void)
{
	uint8_t key[16], in[16], out[16];
	unhex(key, "000102030405060708090a0b0c0d0e0f");
	unhex(in, "00112233445566778899aabbccddeeff");
	struct aes128 k;
	aes128_init(&k, key);
	aes128_encrypt(&k, in, out);
	check_hex(out, 16, "69c4e0d86a7b0430d8cdb78070b4c55a");
}

static void test_gcm(void)
{
	/* the GCM specification's test case 4: 60 bytes, 20 of associated data */
	uint8_t key[16], nonce[12], pt[60], aad[20], ct[60], tag[16], back[60];
	unhex(key, "feffe9928665731c6d6a8f9467308308");
	unhex(nonce, "cafebabefacedbaddecaf888");
	unhex(pt, "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
		  "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
	unhex(aad, "feedfacedeadbeeffeedfacedeadbeefabaddad2");
	struct aes128 k;
	aes128_init(&k, key);
	aes128_gcm_seal(&k, nonce, aad, sizeof aad, pt, sizeof pt, ct, tag);
	check_hex(ct, sizeof ct,
		  "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
		  "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091");
	check_hex(tag, 16, "5bc94fbc3221a5db94fae95ae7121a47");
	g_assert_true(aes128_gcm_open(&k, nonce, aad, sizeof aad, ct, sizeof ct, tag, back));
	g_assert_cmpmem(back, sizeof back, pt, sizeof pt);
	/* one bit of the associated data, of the text or of the tag changed */
	aad[19] ^= 1;
	g_assert_false(aes128_gcm_open(&k, nonce, aad, sizeof aad, ct, sizeof ct, tag, back));
	aad[19] ^= 1, ct[59] ^= 0x80;
	g_assert_false(aes128_gcm_open(&k, nonce, aad, sizeof aad, ct, sizeof ct, tag, back));
	ct[59] ^= 0x80, tag[0] ^= 1;
	g_assert_false(aes128_gcm_open(&k, nonce, aad, sizeof aad, ct, sizeof ct, tag, back));
}

/* RFC 9001 A.1: the keys of destination id 8394c8f03e515708. */
static void test_initial_keys(void)
{
	uint8_t salt[20], cid[8], initial[32], secret[32], key[16], iv[12], hp[16];
	unhex(salt, "38762cf7f55934b34d179ae6a4c80cadccbb7f0a");
	unhex(cid, "8394c8f03e515708");
	hkdf_sha256_extract(salt, 20, cid, 8, initial);
	check_hex(initial, 32, "7db5df06e7a69e432496adedb00851923595221596ae2ae9fb8115c1e9ed0a44");
	hkdf_sha256_expand_label(initial, "client in", secret, 32);
	check_hex(secret, 32, "c00cf151ca5be075ed0ebfb5c80323c42d6b7db67881289af4008f1f6c357aea");
	hkdf_sha256_expand_label(secret, "quic key", key, 16);
	hkdf_sha256_expand_label(secret, "quic iv", iv, 12);
	hkdf_sha256_expand_label(secret, "quic hp", hp, 16);
	check_hex(key, 16, "1f369613dd76d5467730efcbe3b1a22d");
	check_hex(iv, 12, "fa044b2f42a3fd3b46fb255c");
	check_hex(hp, 16, "9f50449e04a0e810283a1e9933adedd2");
	hkdf_sha256_expand_label(initial, "server in", secret, 32);
	check_hex(secret, 32, "3c199828fd139efd216c155ad844cc81fb82fa8d7446fa7d78be803acdda951b");
	/* A.2's header protection: the mask of its sample */
	uint8_t sample[16], mask[16];
	unhex(sample, "d1b1c98dd7689fb8ec11d242b123dc9b");
	struct aes128 k;
	aes128_init(&k, hp);
	aes128_encrypt(&k, sample, mask);
	check_hex(mask, 5, "437b9aec36");
}

/* ---- Initial packets built here -------------------------------------------- */

struct initial_spec {
	uint32_t version;
	const char *odcid;     /* the client's first destination id: the keys */
	bool from_server;
	const char *dcid, *scid;
	const char *token;
	uint64_t pn;
	unsigned pn_len;
	const char *frames;    /* the plaintext payload */
	unsigned pad_to;       /* zero bytes (PADDING frames) up to this payload length */
};

static unsigned put_varint2(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)(0x40 | v >> 8), b[1] = (uint8_t)v;
	return 2;
}

/* The protected Initial packet of S into B; returns its length. */
static uint32_t build_initial(uint8_t *b, const struct initial_spec *s)
{
	static const char *const salts[] = {"38762cf7f55934b34d179ae6a4c80cadccbb7f0a",
					    "0dede3def700a6db819381be6e269dcbf9bd2ed9"};
	bool v2 = s->version == 0x6b3343cf;
	uint8_t salt[20], cid[20], initial[32], secret[32], key[16], iv[12], hp[16];
	unhex(salt, salts[v2]);
	uint32_t cid_len = unhex(cid, s->odcid);
	hkdf_sha256_extract(salt, 20, cid, cid_len, initial);
	hkdf_sha256_expand_label(initial, s->from_server ? "server in" : "client in", secret, 32);
	hkdf_sha256_expand_label(secret, v2 ? "quicv2 key" : "quic key", key, 16);
	hkdf_sha256_expand_label(secret, v2 ? "quicv2 iv" : "quic iv", iv, 12);
	hkdf_sha256_expand_label(secret, v2 ? "quicv2 hp" : "quic hp", hp, 16);

	uint8_t pt[1400] = {0};
	uint32_t plen = unhex(pt, s->frames);
	if (plen < s->pad_to)
		plen = s->pad_to;
	uint32_t at = 0;
	b[at++] = (uint8_t)(0xc0 | (v2 ? 1u : 0u) << 4 | (s->pn_len - 1));
	put32(b + at, s->version), at += 4;
	b[at] = (uint8_t)unhex(b + at + 1, s->dcid), at += 1 + b[at];
	b[at] = (uint8_t)unhex(b + at + 1, s->scid), at += 1 + b[at];
	uint8_t token[64];
	uint32_t tlen = s->token ? unhex(token, s->token) : 0;
	b[at++] = (uint8_t)tlen;
	memcpy(b + at, token, tlen), at += tlen;
	at += put_varint2(b + at, s->pn_len + plen + 16);
	uint32_t pn_off = at;
	for (unsigned i = 0; i < s->pn_len; i++)
		b[at++] = (uint8_t)(s->pn >> (8 * (s->pn_len - 1 - i)));
	uint8_t nonce[12];
	memcpy(nonce, iv, 12);
	for (int i = 0; i < 8; i++)
		nonce[11 - i] ^= (uint8_t)(s->pn >> (8 * i));
	struct aes128 k;
	aes128_init(&k, key);
	aes128_gcm_seal(&k, nonce, b, at, pt, plen, b + at, b + at + plen);
	uint32_t end = at + plen + 16;
	uint8_t mask[16];
	aes128_init(&k, hp);
	aes128_encrypt(&k, b + pn_off + 4, mask);
	b[0] ^= mask[0] & 0x0f;
	for (unsigned i = 0; i < s->pn_len; i++)
		b[pn_off + i] ^= mask[1 + i];
	return end;
}

/* The columns of the UDP datagram D (N bytes) between 10.0.0.1:50000
 * (the client) and 10.0.0.2:PORT, dissected in session S as frame NUMBER. */
static const char *cols_at(struct dissect_session *s, uint64_t number, uint16_t port, bool from_server,
			   const uint8_t *d, uint32_t n, char *buf, size_t len)
{
	static struct built f;
	build_udp(&f, from_server ? port : 50000, from_server ? 50000 : port, d, n);
	if (from_server) {
		put32(f.b + 26, 0x0a000002);
		put32(f.b + 30, 0x0a000001);
	}
	struct frame fr = {.number = number, .caplen = f.n, .len = f.n, .linktype = LINKTYPE_ETHERNET, .data = f.b};
	struct packet p;
	struct columns c = {.info = g_string_new(NULL)};
	dissect_frame_in(&p, &fr, s, false);

	columns_fill(&c, &p);
	g_snprintf(buf, len, "%s|%s", c.proto, c.info->str);
	g_string_free(c.info, TRUE);
	return buf;
}

/* The same with the server on port 443. */
static const char *quic_cols(struct dissect_session *s, uint64_t number, bool from_server, const uint8_t *d,
			     uint32_t n, char *buf, size_t len)
{
	return cols_at(s, number, 443, from_server, d, n, buf, len);
}

/* The same for the datagram in HEX. */
static const char *hex_cols(struct dissect_session *s, uint64_t number, uint16_t port, bool from_server,
			    const char *hex)
{
	static char buf[512];
	uint8_t d[1500];
	return cols_at(s, number, port, from_server, d, unhex(d, hex), buf, sizeof buf);
}

/* The first bytes of a ClientHello and a ServerHello as CRYPTO frames (the
 * rest would follow in later packets). */
#define CLIENT_CRYPTO "06000b" "01000100" "03030102030405"
#define SERVER_CRYPTO "060008" "02000100" "03030a0b"

static void test_initial_exchange(void)
{
	char buf[512];
	uint8_t d[1500];
	struct dissect_session *s = dissect_session_new();
	const struct initial_spec client = {1, "0001020304050607", false, "0001020304050607", "c1c2c3c4", NULL,
					    0, 1, CLIENT_CRYPTO, 1150};
	g_assert_cmpstr(quic_cols(s, 1, false, d, build_initial(d, &client), buf, sizeof buf), ==,
			"QUIC|Initial, DCID=0001020304050607, SCID=c1c2c3c4, PKN: 0, CRYPTO, PADDING");
	/* the server's Initial: ACK and CRYPTO, under the keys of the client's id */
	const struct initial_spec server = {1, "0001020304050607", true, "c1c2c3c4", "5a5b5c5d5e", NULL,
					    0, 2, "0200000000" SERVER_CRYPTO, 0};
	g_assert_cmpstr(quic_cols(s, 2, true, d, build_initial(d, &server), buf, sizeof buf), ==,
			"QUIC|Initial, DCID=c1c2c3c4, SCID=5a5b5c5d5e, PKN: 0, ACK, CRYPTO");
	/* the client's next Initial goes to the server's id, still under the first keys */
	const struct initial_spec again = {1, "0001020304050607", false, "5a5b5c5d5e", "c1c2c3c4", NULL,
					   1, 1, "0201000000" "01", 1150};
	g_assert_cmpstr(quic_cols(s, 3, false, d, build_initial(d, &again), buf, sizeof buf), ==,
			"QUIC|Initial, DCID=5a5b5c5d5e, SCID=c1c2c3c4, PKN: 1, ACK, PING, PADDING");
	/* a payload whose tag does not match: the packet number alone */
	uint32_t n = build_initial(d, &again);
	d[n - 1] ^= 1;
	g_assert_cmpstr(quic_cols(s, 4, false, d, n, buf, sizeof buf), ==,
			"QUIC|Initial, DCID=5a5b5c5d5e, SCID=c1c2c3c4, PKN: 1");
	/* frames with Info names of their own, a stream id, a 4-byte packet number */
	const struct initial_spec many = {1, "0001020304050607", true, "c1c2c3c4", "5a5b5c5d5e", NULL,
					  0x01020304, 4,
					  "0e0401" "00" "1c0a0003616263" "1e" "1a0102030405060708" "30aa", 0};
	g_assert_cmpstr(quic_cols(s, 5, true, d, build_initial(d, &many), buf, sizeof buf), ==,
			"QUIC|Initial, DCID=c1c2c3c4, SCID=5a5b5c5d5e, PKN: 16909060, STREAM(4), CC, DONE, PC, DG");
	dissect_session_free(s);

	/* the server's Initial with no client Initial before it: taken for the
	 * client's, whose keys unmask a wrong packet number and open nothing */
	s = dissect_session_new();
	g_assert_cmpstr(quic_cols(s, 1, true, d, build_initial(d, &server), buf, sizeof buf), ==,
			"QUIC|Initial, DCID=c1c2c3c4, SCID=5a5b5c5d5e, PKN: 22");
	dissect_session_free(s);
}

/* A Retry makes the client's next Initial, to the id the Retry chose,
 * the source of new keys; version 2 renumbers the types and labels its
 * keys anew. */
static void test_initial_retry_v2(void)
{
	char buf[512];
	uint8_t d[1500];
	struct dissect_session *s = dissect_session_new();
	const struct initial_spec client = {1, "1111111111111111", false, "1111111111111111", "c1", NULL,
					    0, 1, CLIENT_CRYPTO, 1150};
	g_assert_cmpstr(quic_cols(s, 1, false, d, build_initial(d, &client), buf, sizeof buf), ==,
			"QUIC|Initial, DCID=1111111111111111, SCID=c1, PKN: 0, CRYPTO, PADDING");
	/* Retry: type 3, a new source id, a token, the 16-byte integrity tag */
	uint32_t n = unhex(d, "f000000001" "01c1" "08" "2222222222222222" "746f6b656e"
			      "000102030405060708090a0b0c0d0e0f");
	g_assert_cmpstr(quic_cols(s, 2, true, d, n, buf, sizeof buf), ==, "QUIC|Retry, DCID=c1, SCID=2222222222222222");
	const struct initial_spec after = {1, "2222222222222222", false, "2222222222222222", "c1", "746f6b656e",
					   1, 1, CLIENT_CRYPTO, 1150};
	g_assert_cmpstr(quic_cols(s, 3, false, d, build_initial(d, &after), buf, sizeof buf), ==,
			"QUIC|Initial, DCID=2222222222222222, SCID=c1, PKN: 1, CRYPTO, PADDING");
	/* the first Initial, read again: still its own keys */
	g_assert_cmpstr(quic_cols(s, 1, false, d, build_initial(d, &client), buf, sizeof buf), ==,
			"QUIC|Initial, DCID=1111111111111111, SCID=c1, PKN: 0, CRYPTO, PADDING");
	dissect_session_free(s);

	s = dissect_session_new();
	const struct initial_spec v2 = {0x6b3343cf, "0001020304050607", false, "0001020304050607", "", NULL,
					7, 1, CLIENT_CRYPTO, 1150};
	g_assert_cmpstr(quic_cols(s, 1, false, d, build_initial(d, &v2), buf, sizeof buf), ==,
			"QUIC|Initial, DCID=0001020304050607, PKN: 7, CRYPTO, PADDING");
	dissect_session_free(s);
}

/* A Handshake packet of version 1 (no keys: its type and ids only). */
#define HANDSHAKE "e0000000010800010203040506070808090a0b0c0d0e0f400b0022222222222222222222"

/* Wireshark 4.0 registers no port for QUIC: its heuristic takes a
 * long-header packet of a version built on draft 11 or later, of any type
 * and size, whose id lengths are at most 20, and makes the datagram's
 * conversation QUIC, short headers and Version Negotiation included; a
 * short header alone is not QUIC, on port 443 either. */
static void test_conversation(void)
{
	struct dissect_session *s = dissect_session_new();
	g_assert_cmpstr(hex_cols(s, 1, 4433, false, HANDSHAKE), ==,
			"QUIC|Handshake, DCID=0001020304050607, SCID=08090a0b0c0d0e0f");
	g_assert_cmpstr(hex_cols(s, 2, 4433, true, "40" "0001020304050607" "1111111111111111111111111111111111111111"),
			==, "QUIC|Protected Payload (KP0)");
	g_assert_cmpstr(hex_cols(s, 3, 4433, true, "80" "00000000" "00" "08" "0a0b0c0d0e0f1011" "00000001"), ==,
			"QUIC|Version Negotiation, SCID=0a0b0c0d0e0f1011");
	/* another conversation: the same packets alone are UDP's */
	g_assert_cmpstr(hex_cols(s, 4, 443, true, "40" "0001020304050607" "1111111111111111111111111111111111111111"),
			==, "UDP|443 → 50000 Len=29");
	g_assert_cmpstr(hex_cols(s, 5, 4434, true, "80" "00000000" "00" "08" "0a0b0c0d0e0f1011" "00000001"), ==,
			"UDP|4434 → 50000 Len=19");
	/* a version no draft names; an id of 21 bytes */
	g_assert_cmpstr(hex_cols(s, 6, 4435, false, "c0" "12345678" "0800010203040506070808090a0b0c0d0e0f00"), ==,
			"UDP|50000 → 4435 Len=24");
	g_assert_cmpstr(hex_cols(s, 7, 4436, false,
				 "c0" "00000001" "15000102030405060708090a0b0c0d0e0f1011121314" "00" "0000"),
			==, "UDP|50000 → 4436 Len=30");
	/* the fixed bit greased (RFC 9287): still QUIC */
	g_assert_cmpstr(hex_cols(s, 8, 4437, false,
				 "a0000000010800010203040506070808090a0b0c0d0e0f400b0022222222222222222222"),
			==, "QUIC|Handshake, DCID=0001020304050607, SCID=08090a0b0c0d0e0f");
	/* a DNS query on 443: the DNS heuristic's */
	g_assert_cmpstr(hex_cols(s, 9, 443, false, "123401000001000000000000076578616d706c6503636f6d0000010001"), ==,
			"DNS|Standard query 0x1234 A example.com");
	dissect_session_free(s);
}

/* Each packet of a datagram sets the Info column afresh: the last packet
 * of the connection shows; bytes of another connection after it are
 * padding and change nothing. */
static void test_coalesced_info(void)
{
	struct dissect_session *s = dissect_session_new();
	g_assert_cmpstr(hex_cols(s, 1, 4433, false,
				 "c0000000010800010203040506070808090a0b0c0d0e0f00401500111111111111111111111111111111111111"
				 "1111" HANDSHAKE),
			==, "QUIC|Handshake, DCID=0001020304050607, SCID=08090a0b0c0d0e0f");
	g_assert_cmpstr(hex_cols(s, 2, 4433, false,
				 HANDSHAKE "400001020304050607333333333333333333333333"),
			==, "QUIC|Protected Payload (KP0)");
	g_assert_cmpstr(hex_cols(s, 3, 4433, false,
				 HANDSHAKE "e00000000108141516171819" "1a1b0808090a0b0c0d0e0f400b0022222222222222222222"),
			==, "QUIC|Handshake, DCID=0001020304050607, SCID=08090a0b0c0d0e0f");
	dissect_session_free(s);
}

/* gQUIC: a client's packet naming its version makes the conversation
 * gQUIC; its packets that name none read numbers by the version named
 * before (big-endian from Q039); from the server's port a packet naming a
 * version is a Version Negotiation.  Q046's long and short headers: the
 * server's short header carries no connection id. */
static void test_gquic_conversation(void)
{
	struct dissect_session *s = dissect_session_new();
	g_assert_cmpstr(hex_cols(s, 1, 443, false,
				 "09" "0000000000000102" "51303433" "01" "000000000000000000000000"
				 "a0010800" "43484c4f00000000"),
			==, "GQUIC|Client Hello, PKN: 1, CID: 258");
	g_assert_cmpstr(hex_cols(s, 2, 443, true, "08" "0000000000000102" "07" "2222222222222222222222222222222222222222"),
			==, "GQUIC|Payload (Encrypted), PKN: 7, CID: 258");
	g_assert_cmpstr(hex_cols(s, 3, 443, true, "09" "0000000000000102" "51303433" "51303339"), ==,
			"GQUIC|Version Negotiation, CID: 258");
	/* another port of the server: another conversation, no gQUIC one */
	g_assert_cmpstr(hex_cols(s, 4, 8443, true, "08" "0000000000000102" "07" "2222222222222222222222222222222222222222"),
			==, "UDP|8443 → 50000 Len=30");
	dissect_session_free(s);

	s = dissect_session_new();
	g_assert_cmpstr(hex_cols(s, 1, 443, false,
				 "c3" "51303436" "50" "0000000000000001" "00000001" "000000000000000000000000"
				 "a0010800" "43484c4f00000000"),
			==, "GQUIC|Client Hello, PKN: 1, CID: 1");
	g_assert_cmpstr(hex_cols(s, 2, 443, true, "40" "05" "2222222222222222222222222222222222222222"), ==,
			"GQUIC|Payload (Encrypted), PKN: 5");
	g_assert_cmpstr(hex_cols(s, 3, 443, false, "41" "0000000000000001" "0006" "2222222222222222222222222222222222"),
			==, "GQUIC|Payload (Encrypted), PKN: 6, CID: 1");
	dissect_session_free(s);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/crypto/aes128", test_aes);
	g_test_add_func("/crypto/gcm", test_gcm);
	g_test_add_func("/quic/initial-keys", test_initial_keys);
	g_test_add_func("/quic/initial-exchange", test_initial_exchange);
	g_test_add_func("/quic/initial-retry-v2", test_initial_retry_v2);
	g_test_add_func("/quic/conversation", test_conversation);
	g_test_add_func("/quic/coalesced-info", test_coalesced_info);
	g_test_add_func("/quic/gquic-conversation", test_gquic_conversation);
	return g_test_run();
}
