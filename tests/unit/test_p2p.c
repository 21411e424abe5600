/* Unit tests of the p2p dissectors — BitTorrent peer wire (TCP and inside
 * uTP), the BitTorrent DHT and uTP — on real-world bytes: the layer stack and
 * key fields, message framing, every truncation length, lengths that
 * contradict the datagram, and bytes that are not these protocols. */
#include <glib.h>
#include <string.h>

#include "dissect_test.h"

/* Peer-wire frames (Ethernet, IPv4, TCP with timestamps) between a client
 * and peers on ports outside 6881-6889. */
/* A handshake alone (68 bytes of payload). */
static const uint8_t bt_handshake_frame[] = {
	0x2c, 0x56, 0xdc, 0x8c, 0x35, 0x34, 0xc4, 0x2c, 0x03, 0x06, 0x49, 0xfe, 0x08, 0x00, 0x45, 0x00,
	0x00, 0x78, 0x78, 0x3d, 0x40, 0x00, 0x40, 0x06, 0x00, 0x00, 0xc0, 0xa8, 0x01, 0x03, 0x52, 0x3a,
	0xd8, 0x73, 0xce, 0x98, 0x95, 0xa1, 0xc5, 0xcc, 0x03, 0x4e, 0xa7, 0x73, 0x93, 0x02, 0x80, 0x18,
	0xff, 0xff, 0xec, 0xc3, 0x00, 0x00, 0x01, 0x01, 0x08, 0x0a, 0x19, 0xdb, 0xf0, 0x19, 0x00, 0x84,
	0x43, 0x31, 0x13, 0x42, 0x69, 0x74, 0x54, 0x6f, 0x72, 0x72, 0x65, 0x6e, 0x74, 0x20, 0x70, 0x72,
	0x6f, 0x74, 0x6f, 0x63, 0x6f, 0x6c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x05, 0xdc, 0xfc,
	0xdc, 0xcf, 0xb9, 0xe6, 0x70, 0xcc, 0xc3, 0xdd, 0x40, 0xc7, 0x8c, 0x16, 0x1f, 0x2b, 0xea, 0x24,
	0x31, 0x26, 0x2d, 0x55, 0x4d, 0x31, 0x38, 0x36, 0x30, 0x2d, 0x41, 0x8e, 0x18, 0x1a, 0xc9, 0xba,
	0x17, 0x98, 0x71, 0x52, 0x66, 0x3e,
};

/* The answering handshake, then the start of an extension handshake
 * (message type 20, id 0) that goes on in the next segment. */
static const uint8_t bt_handshake_ext_frame[] = {
	0xc4, 0x2c, 0x03, 0x06, 0x49, 0xfe, 0x2c, 0x56, 0xdc, 0x8c, 0x35, 0x34, 0x08, 0x00, 0x45, 0x00,
	0x00, 0xa4, 0x0b, 0x8f, 0x40, 0x00, 0x77, 0x06, 0x82, 0x8d, 0x52, 0x39, 0x61, 0x53, 0xc0, 0xa8,
	0x01, 0x03, 0xcf, 0x91, 0xce, 0x97, 0x23, 0x29, 0x54, 0xa2, 0x0c, 0x90, 0xe8, 0x35, 0x80, 0x18,
	0x01, 0x02, 0x47, 0x04, 0x00, 0x00, 0x01, 0x01, 0x08, 0x0a, 0x00, 0x14, 0x79, 0xfc, 0x19, 0xdb,
	0xf1, 0x45, 0x13, 0x42, 0x69, 0x74, 0x54, 0x6f, 0x72, 0x72, 0x65, 0x6e, 0x74, 0x20, 0x70, 0x72,
	0x6f, 0x74, 0x6f, 0x63, 0x6f, 0x6c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x05, 0xdc, 0xfc,
	0xdc, 0xcf, 0xb9, 0xe6, 0x70, 0xcc, 0xc3, 0xdd, 0x40, 0xc7, 0x8c, 0x16, 0x1f, 0x2b, 0xea, 0x24,
	0x31, 0x26, 0x2d, 0x55, 0x54, 0x33, 0x34, 0x35, 0x30, 0x2d, 0xf0, 0xa2, 0xb9, 0xcd, 0xc7, 0x8a,
	0xb4, 0x9e, 0x5d, 0x57, 0x92, 0xa4, 0x00, 0x00, 0x00, 0xe7, 0x14, 0x00, 0x64, 0x31, 0x3a, 0x65,
	0x69, 0x30, 0x65, 0x34, 0x3a, 0x69, 0x70, 0x76, 0x34, 0x34, 0x3a, 0x52, 0x39, 0x61, 0x53, 0x31,
	0x32, 0x3a, 0x63, 0x6f, 0x6d, 0x70, 0x6c, 0x65, 0x74, 0x65, 0x5f, 0x61, 0x67, 0x6f, 0x69, 0x33,
	0x65, 0x31,
};

/* Port (DHT port 40959) then a 7-byte extended message. */
static const uint8_t bt_port_ext_frame[] = {
	0x2c, 0x56, 0xdc, 0x8c, 0x35, 0x34, 0xc4, 0x2c, 0x03, 0x06, 0x49, 0xfe, 0x08, 0x00, 0x45, 0x00,
	0x00, 0x42, 0x78, 0x52, 0x40, 0x00, 0x40, 0x06, 0x00, 0x00, 0xc0, 0xa8, 0x01, 0x03, 0x52, 0x39,
	0x61, 0x53, 0xce, 0x97, 0xcf, 0x91, 0x0c, 0x90, 0xe9, 0x22, 0x23, 0x29, 0x57, 0x22, 0x80, 0x19,
	0xef, 0x42, 0x75, 0x6c, 0x00, 0x00, 0x01, 0x01, 0x08, 0x0a, 0x19, 0xdb, 0xf3, 0x07, 0x00, 0x14,
	0x79, 0xfe, 0x00, 0x00, 0x00, 0x03, 0x09, 0x9f, 0xff, 0x00, 0x00, 0x00, 0x03, 0x14, 0x03, 0x00,
};

/* Two requests: piece 0x330, blocks at 0x8000 and 0xc000, 0x4000 bytes each. */
static const uint8_t bt_requests_frame[] = {
	0x2c, 0x56, 0xdc, 0x8c, 0x35, 0x34, 0xc4, 0x2c, 0x03, 0x06, 0x49, 0xfe, 0x08, 0x00, 0x45, 0x00,
	0x00, 0x56, 0x24, 0x35, 0x40, 0x00, 0x40, 0x06, 0x00, 0x00, 0xc0, 0xa8, 0x01, 0x03, 0xc6, 0x64,
	0x92, 0x09, 0xce, 0xb3, 0xeb, 0x03, 0xa8, 0x9f, 0xed, 0x31, 0x06, 0x8c, 0xd8, 0x4a, 0x80, 0x18,
	0x65, 0x51, 0x1a, 0x62, 0x00, 0x00, 0x01, 0x01, 0x08, 0x0a, 0x19, 0xdc, 0x19, 0x9a, 0x01, 0xf2,
	0x73, 0xcd, 0x00, 0x00, 0x00, 0x0d, 0x06, 0x00, 0x00, 0x03, 0x30, 0x00, 0x00, 0x80, 0x00, 0x00,
	0x00, 0x40, 0x00, 0x00, 0x00, 0x00, 0x0d, 0x06, 0x00, 0x00, 0x03, 0x30, 0x00, 0x00, 0xc0, 0x00,
	0x00, 0x00, 0x40, 0x00,
};

/* uTP and DHT datagrams (Ethernet, IPv4, UDP) of one client. */
/* A DHT get_peers query. */
static const uint8_t dht_query_frame[] = {
	0xc4, 0x2c, 0x03, 0x06, 0x49, 0xfe, 0x2c, 0x56, 0xdc, 0x8c, 0x35, 0x34, 0x08, 0x00, 0x45, 0x08,
	0x00, 0x84, 0x37, 0xa2, 0x00, 0x00, 0x70, 0x11, 0x8c, 0xf3, 0x52, 0xf3, 0x71, 0x2b, 0xc0, 0xa8,
	0x01, 0x05, 0xfd, 0xc9, 0x9f, 0xff, 0x00, 0x70, 0x96, 0xcd, 0x64, 0x31, 0x3a, 0x61, 0x64, 0x32,
	0x3a, 0x69, 0x64, 0x32, 0x30, 0x3a, 0xf7, 0xf6, 0x00, 0x7c, 0xea, 0x13, 0x50, 0x6e, 0x51, 0x4d,
	0xe7, 0xec, 0xbc, 0x94, 0xf2, 0xae, 0x51, 0x71, 0x15, 0xf8, 0x39, 0x3a, 0x69, 0x6e, 0x66, 0x6f,
	0x5f, 0x68, 0x61, 0x73, 0x68, 0x32, 0x30, 0x3a, 0xf7, 0xf6, 0x01, 0xd8, 0xa6, 0x27, 0x6f, 0x76,
	0x2c, 0x2c, 0x3d, 0xf2, 0x74, 0xaf, 0x28, 0x27, 0xf8, 0xd1, 0xf1, 0xde, 0x65, 0x31, 0x3a, 0x71,
	0x39, 0x3a, 0x67, 0x65, 0x74, 0x5f, 0x70, 0x65, 0x65, 0x72, 0x73, 0x31, 0x3a, 0x74, 0x32, 0x3a,
	0x0e, 0x61, 0x31, 0x3a, 0x76, 0x34, 0x3a, 0x4c, 0x54, 0x01, 0x01, 0x31, 0x3a, 0x79, 0x31, 0x3a,
	0x71, 0x65,
};

/* A uTP SYN, connection 21250, no payload. */
static const uint8_t utp_syn_frame[] = {
	0xc4, 0x2c, 0x03, 0x06, 0x49, 0xfe, 0x2c, 0x56, 0xdc, 0x8c, 0x35, 0x34, 0x08, 0x00, 0x45, 0x08,
	0x00, 0x30, 0x3d, 0xfc, 0x40, 0x00, 0x70, 0x11, 0x46, 0xed, 0x52, 0xf3, 0x71, 0x2b, 0xc0, 0xa8,
	0x01, 0x05, 0xfd, 0xc9, 0x9f, 0xff, 0x00, 0x1c, 0x9c, 0x49, 0x41, 0x00, 0x53, 0x02, 0x10, 0xee,
	0xb2, 0xf0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xe7, 0xf5, 0x00, 0x00,
};

/* uTP data carrying a handshake, a bitfield and an unchoke. */
static const uint8_t utp_data_frame[] = {
	0xc4, 0x2c, 0x03, 0x06, 0x49, 0xfe, 0x2c, 0x56, 0xdc, 0x8c, 0x35, 0x34, 0x08, 0x00, 0x45, 0x08,
	0x00, 0xee, 0x3e, 0x1c, 0x40, 0x00, 0x70, 0x11, 0x46, 0x0f, 0x52, 0xf3, 0x71, 0x2b, 0xc0, 0xa8,
	0x01, 0x05, 0xfd, 0xc9, 0x9f, 0xff, 0x00, 0xda, 0x84, 0x07, 0x01, 0x00, 0x53, 0x03, 0x10, 0xf0,
	0x68, 0x76, 0x09, 0xf1, 0x29, 0x17, 0x00, 0x10, 0x00, 0x00, 0xe7, 0xf6, 0x49, 0xc6, 0x13, 0x42,
	0x69, 0x74, 0x54, 0x6f, 0x72, 0x72, 0x65, 0x6e, 0x74, 0x20, 0x70, 0x72, 0x6f, 0x74, 0x6f, 0x63,
	0x6f, 0x6c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x18, 0x00, 0x05, 0x0c, 0xa4, 0xc8, 0xe7, 0xfb, 0x26,
	0xa3, 0x54, 0xb1, 0xa7, 0xaa, 0x15, 0xba, 0xea, 0xf2, 0x60, 0x67, 0xc6, 0x68, 0x11, 0x2d, 0x4c,
	0x54, 0x31, 0x31, 0x30, 0x30, 0x2d, 0x31, 0x46, 0x61, 0x35, 0x33, 0x31, 0x52, 0x74, 0x4c, 0x75,
	0x76, 0x77, 0x00, 0x00, 0x00, 0x71, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xef, 0xff, 0xdf, 0x7f, 0xff, 0xbf, 0xff, 0xff, 0xef, 0xfb, 0xef, 0xfb, 0xff, 0xf7, 0xff,
	0x7f, 0xff, 0xff, 0xb7, 0xff, 0xb9, 0x80, 0x00, 0x00, 0x00, 0x01, 0x01,
};

/* A uTP FIN with a "close reason" extension (type 3), which the uTP check
 * does not know and so does not take. */
static const uint8_t utp_fin_close_frame[] = {
	0xc4, 0x2c, 0x03, 0x06, 0x49, 0xfe, 0x2c, 0x56, 0xdc, 0x8c, 0x35, 0x34, 0x08, 0x00, 0x45, 0x08,
	0x00, 0x36, 0x41, 0x1a, 0x00, 0x00, 0x70, 0x11, 0x83, 0xc9, 0x52, 0xf3, 0x71, 0x2b, 0xc0, 0xa8,
	0x01, 0x05, 0xfd, 0xc9, 0x9f, 0xff, 0x00, 0x22, 0x58, 0xcd, 0x11, 0x03, 0x53, 0x03, 0x11, 0x2b,
	0xbc, 0xd4, 0x09, 0xf1, 0x15, 0x53, 0x00, 0x10, 0x00, 0x00, 0xe8, 0x1b, 0x49, 0xcb, 0x00, 0x04,
	0x00, 0x00, 0x00, 0x02,
};

#define TCP_PAYLOAD 66 /* Ethernet 14 + IPv4 20 + TCP 32 */
#define UDP_PAYLOAD 42 /* Ethernet 14 + IPv4 20 + UDP 8 */

/* Dissects the frame's links, IP and transport, then hands the payload at
 * OFF to FN instead of the tables (as a port binding or a conversation would). */
static void run_payload(struct packet *p, struct frame *f, const uint8_t *data, uint32_t caplen, uint32_t len,
			uint32_t off, dissector_fn fn)
{
	run_ether(p, f, data, caplen, len);
	while (p->nlayers > 0 && p->layers[p->nlayers - 1].off >= off)
		p->nlayers--;
	p->flags &= ~(uint32_t)(PKT_TRUNCATED | PKT_MALFORMED);
	struct cursor c = cursor_init(data, caplen, len);
	c.off = off;
	fn(p, &c);
}

/* A copy of FRAME with both TCP ports set to PORT. */
static uint8_t *with_ports(const uint8_t *frame, size_t n, uint16_t sport, uint16_t dport)
{
	uint8_t *copy = g_memdup2(frame, n);
	copy[34] = (uint8_t)(sport >> 8);
	copy[35] = (uint8_t)sport;
	copy[36] = (uint8_t)(dport >> 8);
	copy[37] = (uint8_t)dport;
	return copy;
}

/* An Ethernet/IPv4/UDP frame around PAYLOAD, in BUF (room for 42 + N bytes). */
static uint32_t udp_frame(uint8_t *buf, const void *payload, uint32_t n)
{
	memcpy(buf, utp_syn_frame, UDP_PAYLOAD);
	uint16_t ip_len = (uint16_t)(28 + n), udp_len = (uint16_t)(8 + n);
	buf[16] = (uint8_t)(ip_len >> 8);
	buf[17] = (uint8_t)ip_len;
	buf[38] = (uint8_t)(udp_len >> 8);
	buf[39] = (uint8_t)udp_len;
	memcpy(buf + UDP_PAYLOAD, payload, n);
	return UDP_PAYLOAD + n;
}

static void test_handshake_heuristic(void)
{
	struct packet p;
	struct frame f;
	char buf[256];
	run_ether(&p, &f, bt_handshake_frame, sizeof bt_handshake_frame, sizeof bt_handshake_frame);
	g_assert_cmpstr(layer_stack(&p, buf, sizeof buf), ==, "eth:ip:tcp:bittorrent");
	g_assert_cmpuint(p.flags, ==, 0);
	g_assert_cmpuint(p.layers[3].off, ==, TCP_PAYLOAD);
	g_assert_cmpuint(layer_field(&p, 3, "bittorrent.protocol.name.length"), ==, 19);
	g_assert_cmpuint(bittorrent_pdu_len(bt_handshake_frame + TCP_PAYLOAD, 68), ==, 68);

	/* The handshake and the first part of the next message: a segment on
	 * its own shows both, the one that goes on in the next segment is not
	 * a fault. */
	run_ether(&p, &f, bt_handshake_ext_frame, sizeof bt_handshake_ext_frame, sizeof bt_handshake_ext_frame);
	g_assert_cmpstr(layer_stack(&p, buf, sizeof buf), ==, "eth:ip:tcp:bittorrent:bittorrent");
	g_assert_cmpuint(p.flags, ==, 0);
	const uint8_t *ext = bt_handshake_ext_frame + TCP_PAYLOAD + 68;
	uint32_t ext_avail = sizeof bt_handshake_ext_frame - TCP_PAYLOAD - 68;
	uint32_t ext_len = (uint32_t)ext[0] << 24 | (uint32_t)ext[1] << 16 | (uint32_t)ext[2] << 8 | ext[3];
	g_assert_cmpuint(ext[4], ==, 20);
	g_assert_cmpuint(bittorrent_pdu_len(ext, ext_avail), ==, 4 + ext_len);
	g_assert_cmpuint(4 + ext_len, >, ext_avail);

	/* Each message as a layer of its own: the handshake, then the extension
	 * message that runs past the segment. */
	run_payload(&p, &f, bt_handshake_ext_frame, sizeof bt_handshake_ext_frame, sizeof bt_handshake_ext_frame,
		    TCP_PAYLOAD, dissect_bittorrent_pdus);
	g_assert_cmpstr(layer_stack(&p, buf, sizeof buf), ==, "eth:ip:tcp:bittorrent:bittorrent");
	g_assert_cmpuint(p.layers[4].off, ==, TCP_PAYLOAD + 68);
	g_assert_cmpuint(p.flags, ==, 0);
}

static void test_messages_need_port_or_conversation(void)
{
	struct packet p;
	struct frame f;
	char buf[256];
	/* After the handshake the heuristic has nothing to go on: without the
	 * connection's history these bytes are `data`. */
	run_ether(&p, &f, bt_requests_frame, sizeof bt_requests_frame, sizeof bt_requests_frame);
	g_assert_cmpstr(layer_stack(&p, buf, sizeof buf), ==, "eth:ip:tcp:data");

	/* On a BitTorrent port they are messages, one layer each. */
	g_autofree uint8_t *req = with_ports(bt_requests_frame, sizeof bt_requests_frame, 52915, 6881);
	run_ether(&p, &f, req, sizeof bt_requests_frame, sizeof bt_requests_frame);
	g_assert_cmpstr(layer_stack(&p, buf, sizeof buf), ==, "eth:ip:tcp:bittorrent:bittorrent");
	g_assert_cmpuint(p.flags, ==, 0);
	g_assert_cmpuint(layer_field(&p, 3, "bittorrent.msg.length"), ==, 13);
	g_assert_cmpuint(layer_field(&p, 3, "bittorrent.msg.type"), ==, 6);
	g_assert_cmpuint(layer_field(&p, 3, "bittorrent.piece.index"), ==, 0x330);
	g_assert_cmpuint(layer_field(&p, 3, "bittorrent.piece.begin"), ==, 0x8000);
	g_assert_cmpuint(layer_field(&p, 3, "bittorrent.piece.length"), ==, 0x4000);
	/* a message has none of a handshake's fields, nor another type's */
	g_assert_cmpuint(layer_value_count(&p, 3, "bittorrent.info_hash"), ==, 0);
	g_assert_cmpuint(layer_value_count(&p, 3, "bittorrent.port"), ==, 0);
	g_assert_cmpuint(layer_value_count(&p, 3, "bittorrent.continuous_data"), ==, 0);
	const uint8_t *pl = bt_requests_frame + TCP_PAYLOAD;
	g_assert_cmpuint(bittorrent_pdu_len(pl, 34), ==, 17);
	g_assert_cmpuint(bittorrent_pdu_len(pl + 17, 17), ==, 17);
	run_payload(&p, &f, req, sizeof bt_requests_frame, sizeof bt_requests_frame, TCP_PAYLOAD,
		    dissect_bittorrent_pdus);
	g_assert_cmpstr(layer_stack(&p, buf, sizeof buf), ==, "eth:ip:tcp:bittorrent:bittorrent");
	g_assert_cmpuint(layer_field(&p, 4, "bittorrent.piece.begin"), ==, 0xc000);

	/* Either port, the higher one too. */
	g_autofree uint8_t *port = with_ports(bt_port_ext_frame, sizeof bt_port_ext_frame, 6889, 40000);
	run_ether(&p, &f, port, sizeof bt_port_ext_frame, sizeof bt_port_ext_frame);
	g_assert_cmpstr(layer_stack(&p, buf, sizeof buf), ==, "eth:ip:tcp:bittorrent:bittorrent");
	g_assert_cmpuint(layer_field(&p, 3, "bittorrent.msg.type"), ==, 9);
	g_assert_cmpuint(layer_field(&p, 3, "bittorrent.port"), ==, 40959);
	pl = bt_port_ext_frame + TCP_PAYLOAD;
	g_assert_cmpuint(bittorrent_pdu_len(pl, 14), ==, 7);
	g_assert_cmpuint(bittorrent_pdu_len(pl + 7, 7), ==, 7);
}

static void test_pdu_len(void)
{
	static const struct {
		const char *bytes;
		uint32_t n, want;
	} cases[] = {
		{"\x00\x00\x00\x00", 4, 4},                                  /* keep-alive */
		{"\x00\x00\x00", 3, PDU_NEED_MORE},                          /* header incomplete */
		{"", 0, PDU_NEED_MORE},
		{"\x00\x00\x00\x05", 4, 4},                                  /* a lone length: continuation */
		{"\x00\x00\x00\x01\x02", 5, 5},                              /* interested */
		{"\x00\x00\x00\x05\x02\x00\x00\x00\xff", 9, 9},              /* interested is 1 byte: continuation */
		{"\x00\x00\x00\x05\x04\x00\x00\x00\x01", 9, 9},              /* have */
		{"\x00\x00\x00\x03\x09\x1a\xe1", 7, 7},                      /* port */
		{"\x00\x00\x00\x04\x09\x1a\xe1\x00", 8, 8},                  /* port is 3 bytes: continuation */
		{"\x00\x00\x40\x09\x07\x00\x00\x00\x01", 9, 0x400d},         /* longest piece */
		{"\x00\x00\x40\x0a\x07\x00\x00\x00\x01", 9, 9},              /* longer: continuation */
		{"\x00\x00\x40\x09\x14\x00", 6, 0x400d},                     /* longest extended */
		{"\x00\x02\x00\x00\x05\xff", 6, 0x20004},                    /* longest bitfield */
		{"\x00\x02\x00\x01\x05\xff", 6, 6},
		{"\x00\x00\x00\x02\x0a\xaa", 6, 6},                          /* unknown type */
		{"\x00\x00\x00\x01\x0e", 5, 5},                              /* have all */
		{"\x00\x00\x00\x0d\x10\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00", 17, 17}, /* reject */
		{"\x13" "BitTorrent protoco", 19, 19},                       /* handshake not whole: continuation */
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
		g_assert_cmpuint(bittorrent_pdu_len((const uint8_t *)cases[i].bytes, cases[i].n), ==, cases[i].want);
}

/* Bytes from the middle of a piece whose header was not seen: one layer of
 * continuation data over the whole segment. */
static void test_continuation(void)
{
	struct packet p;
	struct frame f;
	char buf[256];
	uint8_t frame[sizeof bt_requests_frame];
	memcpy(frame, bt_requests_frame, sizeof frame);
	memset(frame + TCP_PAYLOAD, 0xa5, sizeof frame - TCP_PAYLOAD);
	g_autofree uint8_t *mid = with_ports(frame, sizeof frame, 6881, 52915);
	run_ether(&p, &f, mid, sizeof frame, sizeof frame);
	g_assert_cmpstr(layer_stack(&p, buf, sizeof buf), ==, "eth:ip:tcp:bittorrent");
	g_assert_cmpuint(p.flags, ==, 0);
	run_payload(&p, &f, mid, sizeof frame, sizeof frame, TCP_PAYLOAD, dissect_bittorrent_pdus);
	g_assert_cmpstr(layer_stack(&p, buf, sizeof buf), ==, "eth:ip:tcp:bittorrent");
	g_assert_cmpuint(p.flags, ==, 0);
	/* continuation data is only that: no message fields read from it */
	g_assert_cmpuint(layer_value_count(&p, 3, "bittorrent.continuous_data"), ==, 1);
	g_assert_cmpuint(layer_value_count(&p, 3, "bittorrent.msg.length"), ==, 0);
	g_assert_cmpuint(layer_value_count(&p, 3, "bittorrent.peer_id"), ==, 0);
}

static void test_dht(void)
{
	struct packet p;
	struct frame f;
	char buf[256];
	run_ether(&p, &f, dht_query_frame, sizeof dht_query_frame, sizeof dht_query_frame);
	g_assert_cmpstr(layer_stack(&p, buf, sizeof buf), ==, "eth:ip:udp:bt-dht");
	g_assert_cmpuint(p.flags, ==, 0);
	g_assert_cmpuint(p.layers[3].off, ==, UDP_PAYLOAD);

	static const char *const good[] = {
		"d1:rd2:id20:aaaaaaaaaaaaaaaaaaaa5:nodes26:bbbbbbbbbbbbbbbbbbbbcccccce1:t2:aa1:y1:re",
		"d2:ip6:abcdef1:rd2:id20:aaaaaaaaaaaaaaaaaaaae1:t2:aa1:y1:re",
		"d1:eli201e5:Errore1:t2:aa1:y1:ee",
		"d1:rd2:id20:aaaaaaaaaaaaaaaaaaaa6:valuesl6:abcdef6:ghijklee1:t2:aa1:y1:re",
		"d1:ad2:id0:e1:q4:ping1:t2:aa1:y1:qe", /* an empty string stops the walk quietly */
		"d1:rdee",
	};
	uint8_t frame[256];
	for (size_t i = 0; i < G_N_ELEMENTS(good); i++) {
		uint32_t n = udp_frame(frame, good[i], (uint32_t)strlen(good[i]));
		run_ether(&p, &f, frame, n, n);
		g_assert_cmpstr(layer_stack(&p, buf, sizeof buf), ==, "eth:ip:udp:bt-dht");
		g_assert_cmpuint(p.flags, ==, 0);
	}
}

/* An item that runs past the end of the datagram: malformed when the
 * datagram is whole, truncated when the capture cut it. */
static void test_dht_malformed(void)
{
	static const char *const bad[] = {
		"d1:ad",
		"d1:ad2:id20:abc",
		"d1:ad2:idi1",
		"d1:adxxxxxxx",
		"d1:rd5:nodes52:bbbbbbbbbbbbbbbbbbbbcccccce",
	};
	struct packet p;
	struct frame f;
	char buf[256];
	uint8_t frame[256];
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		uint32_t n = udp_frame(frame, bad[i], (uint32_t)strlen(bad[i]));
		run_ether(&p, &f, frame, n, n);
		g_assert_cmpstr(layer_stack(&p, buf, sizeof buf), ==, "eth:ip:udp:bt-dht");
		g_assert_cmpuint(p.flags, ==, PKT_MALFORMED);
		g_assert_cmpuint(p.layers[3].flags, ==, PKT_MALFORMED);
		/* The same bytes, 40 more declared but not captured. */
		uint8_t longer[96] = {0};
		memcpy(longer, bad[i], strlen(bad[i]));
		uint32_t m = udp_frame(frame, longer, (uint32_t)strlen(bad[i]) + 40);
		run_ether(&p, &f, frame, m - 40, m);
		g_assert_cmpuint(p.flags, ==, PKT_TRUNCATED);
	}
}

static void test_utp(void)
{
	struct packet p;
	struct frame f;
	char buf[256];
	/* Not tried by default: plain UDP data. */
	run_ether(&p, &f, utp_data_frame, sizeof utp_data_frame, sizeof utp_data_frame);
	g_assert_cmpstr(layer_stack(&p, buf, sizeof buf), ==, "eth:ip:udp:data");

	run_payload(&p, &f, utp_syn_frame, sizeof utp_syn_frame, sizeof utp_syn_frame, UDP_PAYLOAD,
		    dissect_bt_utp_heur);
	g_assert_cmpstr(layer_stack(&p, buf, sizeof buf), ==, "eth:ip:udp:bt-utp");
	g_assert_cmpuint(p.flags, ==, 0);
	g_assert_cmpuint(layer_field(&p, 3, "bt-utp.type"), ==, 4);
	g_assert_cmpuint(layer_field(&p, 3, "bt-utp.ver"), ==, 1);
	g_assert_cmpuint(layer_field(&p, 3, "bt-utp.connection_id"), ==, 21250);

	/* The payload's messages, one layer each. */
	run_payload(&p, &f, utp_data_frame, sizeof utp_data_frame, sizeof utp_data_frame, UDP_PAYLOAD,
		    dissect_bt_utp_heur);
	g_assert_cmpstr(layer_stack(&p, buf, sizeof buf), ==, "eth:ip:udp:bt-utp:bittorrent:bittorrent:bittorrent");
	g_assert_cmpuint(p.flags, ==, 0);
	g_assert_cmpuint(layer_field(&p, 4, "bittorrent.protocol.name.length"), ==, 19);
	g_assert_cmpuint(layer_field(&p, 5, "bittorrent.msg.type"), ==, 5);
	g_assert_cmpuint(layer_field(&p, 6, "bittorrent.msg.type"), ==, 1);

	/* An extension type the check does not know: not uTP. */
	run_payload(&p, &f, utp_fin_close_frame, sizeof utp_fin_close_frame, sizeof utp_fin_close_frame,
		    UDP_PAYLOAD, dissect_bt_utp_heur);
	g_assert_cmpstr(layer_stack(&p, buf, sizeof buf), ==, "eth:ip:udp");

	/* An extension longer than the datagram: malformed. */
	uint8_t frame[128];
	uint8_t hdr[24];
	memcpy(hdr, utp_syn_frame + UDP_PAYLOAD, 20);
	hdr[1] = 1;                                          /* selective acks follow */
	memcpy(hdr + 20, "\x00\x08\xff\xff", 4);             /* 8 bytes of bitmask, 2 present */
	uint32_t n = udp_frame(frame, hdr, sizeof hdr);
	run_payload(&p, &f, frame, n, n, UDP_PAYLOAD, dissect_bt_utp_heur);
	g_assert_cmpstr(layer_stack(&p, buf, sizeof buf), ==, "eth:ip:udp:bt-utp");
	g_assert_cmpuint(p.flags, ==, PKT_MALFORMED);
}

static bool join_values(const struct fvalue *v, void *data)
{
	GString *s = data;
	if (s->len)
		g_string_append_c(s, ',');
	if (v->kind == FV_UINT)
		g_string_append_printf(s, "%" G_GUINT64_FORMAT, v->u);
	else if (v->kind == FV_NONE)
		g_string_append_c(s, '1');
	else if (v->kind == FV_STRING)
		g_string_append_len(s, (const char *)v->ptr, v->len);
	else if (v->kind == FV_IPV4)
		g_string_append_printf(s, "%u.%u.%u.%u", v->ptr[0], v->ptr[1], v->ptr[2], v->ptr[3]);
	else
		for (uint32_t i = 0; i < v->len; i++)
			g_string_append_printf(s, "%02x", v->ptr[i]);
	return true;
}

static void expect_dht(const char *msg, uint32_t n, const char *field, const char *want)
{
	GString *s = g_string_new(NULL);
	bt_dht_field_values((const uint8_t *)msg, n, field, join_values, s);
	g_assert_cmpstr(s->str, ==, want);
	g_string_free(s, TRUE);
}

/* The DHT's fields in tshark's order: a response with two nodes, an
 * error, a get_peers answer with one peer and a value of another size. */
static void test_dht_fields(void)
{
	static const char nodes[] = "d1:rd2:id2:AB5:nodes52:"
				    "aaaaaaaaaaaaaaaaaaaa\xc0\xa8\x01\x02\x1a\xe1"
				    "bbbbbbbbbbbbbbbbbbbb\x0a\x01\x02\x03\x00\x50" "e1:t2:aa1:y1:re";
	uint32_t n = sizeof nodes - 1;
	expect_dht(nodes, n, "bt-dht.bencoded.string", "r,id,4142,nodes,t,6161,y,r");
	expect_dht(nodes, n, "bt-dht.bencoded.dict_entry", "1,1,1,1,1");
	expect_dht(nodes, n, "bt-dht.bencoded.dict", "1");
	expect_dht(nodes, n, "bt-dht.bencoded.list.terminator", "e,e");
	expect_dht(nodes, n, "bt-dht.nodes", "1");
	expect_dht(nodes, n, "bt-dht.node", "1,1");
	expect_dht(nodes, n, "bt-dht.id", "6161616161616161616161616161616161616161,"
					  "6262626262626262626262626262626262626262");
	expect_dht(nodes, n, "bt-dht.ip", "192.168.1.2,10.1.2.3");
	expect_dht(nodes, n, "bt-dht.port", "6881,80");
	expect_dht(nodes, n, "bt-dht.truncated_data", "");

	static const char error[] = "d1:eli201e5:Errore1:t2:cc1:y1:ee";
	expect_dht(error, sizeof error - 1, "bt-dht.error", "1");
	expect_dht(error, sizeof error - 1, "bt-dht.bencoded.int", "201");
	expect_dht(error, sizeof error - 1, "bt-dht.bencoded.string", "e,Error");
	expect_dht(error, sizeof error - 1, "bt-dht.bencoded.list.terminator", "e,e");

	static const char peers[] = "d1:rd6:valuesl6:\x01\x02\x03\x04\x00\x50" "7:abcdefgee1:t2:ff1:y1:re";
	expect_dht(peers, sizeof peers - 1, "bt-dht.peers", "1");
	expect_dht(peers, sizeof peers - 1, "bt-dht.peer", "1");
	expect_dht(peers, sizeof peers - 1, "bt-dht.ip", "1.2.3.4");
	expect_dht(peers, sizeof peers - 1, "bt-dht.truncated_data", "61626364656667");
	expect_dht(peers, sizeof peers - 1, "bt-dht.bencoded.list.terminator", "e,e,e");

	/* cut at every length: never a read past the cut */
	for (uint32_t len = 0; len < n; len++) {
		g_autofree uint8_t *cut = cut_copy((const uint8_t *)nodes, len);
		GString *s = g_string_new(NULL);
		bt_dht_field_values(cut, len, "bt-dht.port", join_values, s);
		bt_dht_field_values(cut, len, "bt-dht.bencoded.string", join_values, s);
		g_string_free(s, TRUE);
	}
}

/* uTP's extension chain, segment length, payload and message sizes, as
 * tshark shows them with the uTP heuristic on. */
static void test_utp_fields(void)
{
	struct packet p;
	struct frame f;
	uint8_t frame[128];
	uint8_t pl[40];
	memcpy(pl, utp_syn_frame + UDP_PAYLOAD, 20);
	pl[1] = 1;                                              /* selective acks */
	memcpy(pl + 20, "\x02\x04\xaa\xbb\xcc\xdd", 6);          /* then extension bits */
	memcpy(pl + 26, "\x00\x08\0\0\0\0\0\0\0\0", 10);
	memcpy(pl + 36, "\x00\x00\x00\x01", 4);                 /* a 1-byte message... */
	uint8_t full[41];
	memcpy(full, pl, 40);
	full[40] = 0x02;                                        /* ...interested */
	uint32_t n = udp_frame(frame, full, sizeof full);
	run_payload(&p, &f, frame, n, n, UDP_PAYLOAD, dissect_bt_utp_heur);
	const struct { const char *field, *want; } want[] = {
		{"bt-utp.next_extension_type", "1,2,0"}, {"bt-utp.extension", "1,1"},
		{"bt-utp.extension_len", "4,8"}, {"bt-utp.extension_bitmask", "aabbccdd,0000000000000000"},
		{"bt-utp.extension_unknown", ""}, {"bt-utp.len", "5"}, {"bt-utp.data", "0000000102"},
		{"bt-utp.pdu.size", "5"}, {"bt-utp.connection_id", "21250"}, {"bt-utp.seq_nr", "59381"},
	};
	int idx = layer_index(&p, PROTO_BT_UTP, 0);
	g_assert_cmpint(idx, >=, 0);
	for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
		GString *s = g_string_new(NULL);
		layer_field_values(&p, idx, field_lookup(want[i].field, NULL), join_values, s);
		g_assert_cmpstr(s->str, ==, want[i].want);
		g_string_free(s, TRUE);
	}
}

/* Bytes of other protocols push nothing. */
static void test_not_p2p(void)
{
	static const uint8_t dns[] = "\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x07" "example\x03" "com\x00\x00\x01\x00\x01";
	static const uint8_t http[] = "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n";
	static const uint8_t dht_like[] = "d1:q4:ping1:t2:aa1:y1:qe";
	uint8_t utp_v2[20], utp_window[20], utp_badext[22];
	memcpy(utp_v2, utp_syn_frame + UDP_PAYLOAD, 20);
	utp_v2[0] = 0x42;
	memcpy(utp_window, utp_syn_frame + UDP_PAYLOAD, 20);
	utp_window[13] = 0x39; /* window 0x390000 */
	memcpy(utp_badext, utp_syn_frame + UDP_PAYLOAD, 20);
	utp_badext[1] = 2;
	utp_badext[20] = 0;
	utp_badext[21] = 3; /* an extension shorter than 4 bytes */
	const struct {
		const uint8_t *b;
		uint32_t n;
	} inputs[] = {
		{dns, sizeof dns - 1}, {http, sizeof http - 1}, {dht_like, sizeof dht_like - 1},
		{utp_v2, sizeof utp_v2}, {utp_window, sizeof utp_window}, {utp_badext, sizeof utp_badext},
		{bt_handshake_frame + TCP_PAYLOAD, 19},
	};
	static const dissector_fn fns[] = {dissect_bittorrent_heur, dissect_bt_dht_heur, dissect_bt_dht,
					   dissect_bt_utp_heur, dissect_bt_utp};
	for (size_t i = 0; i < G_N_ELEMENTS(inputs); i++) {
		for (size_t j = 0; j < G_N_ELEMENTS(fns); j++) {
			struct frame f = {.number = 1, .caplen = inputs[i].n, .len = inputs[i].n,
					  .linktype = LINKTYPE_ETHERNET, .data = inputs[i].b};
			struct packet p = {.frame = &f, .nlayers = 0, .flags = 0};
			struct cursor c = cursor_init(inputs[i].b, inputs[i].n, inputs[i].n);
			g_assert_false(dissect_try(fns[j], &p, &c));
			g_assert_cmpuint(p.flags, ==, 0);
		}
	}
}

/* Every frame cut at every length, each in a buffer of exactly that size
 * (ASan sees any read past the cut): never malformed; truncated when the cut
 * falls inside a header a layer reads. */
static void cut_every_length(const uint8_t *data, uint32_t n, uint32_t payload, dissector_fn fn)
{
	for (uint32_t cap = 0; cap <= n; cap++) {
		uint8_t *copy = cut_copy(data, cap);
		struct packet p;
		struct frame f;
		if (fn)
			run_payload(&p, &f, copy, cap, n, payload, fn);
		else
			run_ether(&p, &f, copy, cap, n);
		g_assert_false(p.flags & PKT_MALFORMED);
		if (cap < n && cap >= payload && fn == dissect_bt_utp_heur && cap < payload + 20)
			g_assert_cmpuint(p.nlayers, ==, 3); /* too short to tell: not taken */
		g_free(copy);
	}
}

static void test_every_truncation(void)
{
	cut_every_length(bt_handshake_frame, sizeof bt_handshake_frame, TCP_PAYLOAD, NULL);
	cut_every_length(bt_handshake_ext_frame, sizeof bt_handshake_ext_frame, TCP_PAYLOAD, NULL);
	cut_every_length(bt_handshake_ext_frame, sizeof bt_handshake_ext_frame, TCP_PAYLOAD, dissect_bittorrent_pdus);
	cut_every_length(bt_requests_frame, sizeof bt_requests_frame, TCP_PAYLOAD, dissect_bittorrent);
	cut_every_length(bt_requests_frame, sizeof bt_requests_frame, TCP_PAYLOAD, dissect_bittorrent_pdus);
	cut_every_length(bt_port_ext_frame, sizeof bt_port_ext_frame, TCP_PAYLOAD, dissect_bittorrent_pdus);
	cut_every_length(dht_query_frame, sizeof dht_query_frame, UDP_PAYLOAD, NULL);
	cut_every_length(utp_syn_frame, sizeof utp_syn_frame, UDP_PAYLOAD, dissect_bt_utp_heur);
	cut_every_length(utp_data_frame, sizeof utp_data_frame, UDP_PAYLOAD, dissect_bt_utp_heur);

	/* Specific cuts: inside the handshake, inside a request's fields,
	 * inside the DHT dictionary, inside a uTP payload message. */
	struct packet p;
	struct frame f;
	run_ether(&p, &f, bt_handshake_frame, TCP_PAYLOAD + 30, sizeof bt_handshake_frame);
	g_assert_cmpuint(p.layers[p.nlayers - 1].proto, ==, PROTO_BITTORRENT);
	g_assert_cmpuint(p.flags, ==, PKT_TRUNCATED);
	run_payload(&p, &f, bt_requests_frame, TCP_PAYLOAD + 10, sizeof bt_requests_frame, TCP_PAYLOAD,
		    dissect_bittorrent);
	g_assert_cmpuint(p.flags, ==, PKT_TRUNCATED);
	run_payload(&p, &f, bt_requests_frame, TCP_PAYLOAD + 17, sizeof bt_requests_frame, TCP_PAYLOAD,
		    dissect_bittorrent);
	g_assert_cmpuint(p.flags, ==, 0); /* the first message is whole */
	run_payload(&p, &f, bt_requests_frame, TCP_PAYLOAD + 19, sizeof bt_requests_frame, TCP_PAYLOAD,
		    dissect_bittorrent_pdus);
	g_assert_cmpuint(p.nlayers, ==, 4);
	g_assert_cmpuint(p.flags, ==, PKT_TRUNCATED);
	run_ether(&p, &f, dht_query_frame, UDP_PAYLOAD + 60, sizeof dht_query_frame);
	g_assert_cmpuint(p.layers[3].proto, ==, PROTO_BT_DHT);
	g_assert_cmpuint(p.flags, ==, PKT_TRUNCATED);
	run_payload(&p, &f, utp_data_frame, UDP_PAYLOAD + 20 + 40, sizeof utp_data_frame, UDP_PAYLOAD,
		    dissect_bt_utp_heur);
	g_assert_cmpuint(p.layers[4].proto, ==, PROTO_BITTORRENT);
	g_assert_cmpuint(p.flags, ==, PKT_TRUNCATED);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/p2p/bittorrent/handshake-heuristic", test_handshake_heuristic);
	g_test_add_func("/p2p/bittorrent/messages", test_messages_need_port_or_conversation);
	g_test_add_func("/p2p/bittorrent/pdu-len", test_pdu_len);
	g_test_add_func("/p2p/bittorrent/continuation", test_continuation);
	g_test_add_func("/p2p/bt-dht/messages", test_dht);
	g_test_add_func("/p2p/bt-dht/malformed", test_dht_malformed);
	g_test_add_func("/p2p/bt-dht/fields", test_dht_fields);
	g_test_add_func("/p2p/bt-utp", test_utp);
	g_test_add_func("/p2p/bt-utp/fields", test_utp_fields);
	g_test_add_func("/p2p/not-p2p", test_not_p2p);
	g_test_add_func("/p2p/every-truncation", test_every_truncation);
	return g_test_run();
}
