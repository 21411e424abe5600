/* Unit tests of what NFS version 3 adds to ONC RPC's Info (file handle
 * hashes, names, offsets, access bits, attributes, errors), on calls and
 * replies over UDP built here; the expected texts are tshark 4.0's for the
 * same bytes. */
#include <glib.h>
#include <string.h>

#include "dissect/column.h"
#include "dissect/session.h"
#include "dissect_test.h"
#include "frame_build.h"

/* An RPC message of HEX between 10.0.0.1:800 and 10.0.0.2:2049 (to the
 * server with TO_SERVER) as frame NUMBER of session S: "PROTO|INFO". */
static const char *nfs_in(struct dissect_session *s, uint64_t number, bool to_server, const char *hex, char *buf,
			  size_t n)
{
	static struct built f;
	uint8_t m[1400];
	uint32_t len = unhex(m, hex);
	build_ip(&f, 17, 8 + len);
	if (!to_server)
		put32(f.b + 26, 0x0a000002), put32(f.b + 30, 0x0a000001);
	uint8_t *u = f.b + 34;
	put16(u, to_server ? 800 : 2049), put16(u + 2, to_server ? 2049 : 800);
	put16(u + 4, 8 + len);
	memcpy(u + 8, m, len);
	struct packet p;
	struct frame fr = {.number = number, .caplen = f.n, .len = f.n, .linktype = LINKTYPE_ETHERNET, .data = f.b};
	struct columns c = {.info = g_string_new(NULL)};
	dissect_frame_in(&p, &fr, s, false);
	columns_fill(&c, &p);
	g_snprintf(buf, n, "%s|%s", c.proto, c.info->str);
	g_string_free(c.info, TRUE);
	return buf;
}

static const struct {
	bool to_server;
	const char *hex;
	const char *cols;
} msgs[] = {
	{true,
	 "000000010000000000000002000186a30000000300000001000000000000000000000000000000000000002000101085"
	  "000003e7000a00000000b25a00000029000a00000000b25a00000029",
	 "NFS|V3 GETATTR Call, FH: 0x38a4e9f6"},
	{false,
	 "0000000100000001000000000000000000000000000000000000000000000002000041ed000000020000000000000001"
	  "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
	  "00000000000000000000000000000000",
	 "NFS|V3 GETATTR Reply (Call In 1)  Directory mode: 0755 uid: 0 gid: 1"},
	{true,
	 "000000020000000000000002000186a30000000300000003000000000000000000000000000000000000002000101085"
	  "000003e7000a00000000b25a00000029000a00000000b25a0000002900000002616d0000",
	 "NFS|V3 LOOKUP Call, DH: 0x38a4e9f6/am"},
	{false,
	 "0000000200000001000000000000000000000000000000000000000200000000",
	 "NFS|V3 LOOKUP Reply (Call In 3) Error: NFS3ERR_NOENT"},
	{true,
	 "000000030000000000000002000186a30000000300000004000000000000000000000000000000000000002000101085"
	  "000003e7000a00000000b25a00000029000a00000000b25a000000290000000c",
	 "NFS|V3 ACCESS Call, FH: 0x38a4e9f6, [Check: MD XT]"},
	{false,
	 "00000003000000010000000000000000000000000000000000000000000000000000000c",
	 "NFS|V3 ACCESS Reply (Call In 5), [Allowed: MD XT]"},
	{true,
	 "000000040000000000000002000186a30000000300000007000000000000000000000000000000000000002000101085"
	  "000003e7000a00000000b25a00000029000a00000000b25a000000290000000000001000000000050000000100000005"
	  "68656c6c6f000000",
	 "NFS|V3 WRITE Call, FH: 0x38a4e9f6 Offset: 4096 Len: 5 DATA_SYNC"},
	{false,
	 "000000040000000100000000000000000000000000000000000000000000000000000000000000050000000100000000"
	  "00000000",
	 "NFS|V3 WRITE Reply (Call In 7) Len: 5 DATA_SYNC"},
	{true,
	 "000000050000000000000002000186a3000000030000000e000000000000000000000000000000000000002000101085"
	  "000003e7000a00000000b25a00000029000a00000000b25a0000002900000001610000000000002000101085000003e7"
	  "000a00000000b25a00000029000a00000000b25a0000002900000002616d0000",
	 "NFS|V3 RENAME Call, From DH: 0x38a4e9f6/a To DH: 0x38a4e9f6/am"},
	{true,
	 "000000060000000000000002000186a30000000300000008000000000000000000000000000000000000002000101085"
	  "000003e7000a00000000b25a00000029000a00000000b25a000000290000000168000000000000000000000000000000"
	  "00000000000000000000000000000000",
	 "NFS|V3 CREATE Call, DH: 0x38a4e9f6/h Mode: UNCHECKED"},
	{true,
	 "000000070000000000000002000186a30000000300000010000000000000000000000000000000000000002000101085"
	  "000003e7000a00000000b25a00000029000a00000000b25a000000290000000000000000000000000000000000001000",
	 "NFS|V3 READDIR Call, FH: 0x38a4e9f6"},
	{false,
	 "000000070000000100000000000000000000000000000000000000000000000000000000000000000000000100000000"
	  "00000001000000012e0000000000000000000001000000010000000000000002000000022e2e00000000000000000002"
	  "0000000000000001",
	 "NFS|V3 READDIR Reply (Call In 11) . .."},
	{true,
	 "000000080000000000000002000186a30000000300000003000000000000000000000000000000000000002000101085"
	  "000003e7000a00000000b25a00000029000a00000000b25a000000290000000162000000",
	 "NFS|V3 LOOKUP Call, DH: 0x38a4e9f6/b"},
	{false,
	 "000000080000000100000000000000000000000000000000000000000000002000101085000003e7000a00000000b25a"
	  "00000029000a00000000b25a000000290000000000000000",
	 "NFS|V3 LOOKUP Reply (Call In 13), FH: 0x38a4e9f6"},
};

/* GETATTR, LOOKUP (an error, then a handle), ACCESS, WRITE, RENAME, CREATE
 * and READDIR, each answered in the next frame. */
static void test_nfs3_info(void)
{
	char buf[512];
	struct dissect_session *s = dissect_session_new();
	for (size_t i = 0; i < G_N_ELEMENTS(msgs); i++)
		g_assert_cmpstr(nfs_in(s, i + 1, msgs[i].to_server, msgs[i].hex, buf, sizeof buf), ==, msgs[i].cols);
	dissect_session_free(s);
}

/* A call whose file handle runs past the datagram names no handle (tshark
 * also notes the message as malformed). */
static void test_nfs3_cut_short(void)
{
	char buf[512];
	struct dissect_session *s = dissect_session_new();
	g_assert_cmpstr(nfs_in(s, 1, true,
			       "000000090000000000000002000186a300000003000000010000000000000000000000000000000000000020001010850000",
			       buf, sizeof buf),
			==, "NFS|V3 GETATTR Call");
	dissect_session_free(s);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/nfs/v3_info", test_nfs3_info);
	g_test_add_func("/nfs/v3_cut_short", test_nfs3_cut_short);
	return g_test_run();
}
