/* rtp.c — Real-time Transport Protocol and its control protocol (RFC 3550),
 * on the UDP endpoints an SDP body announced (RTP on the media port, RTCP
 * on the next one).
 *
 *   0               1               2               3
 *   +-+-+-+-+-------+-+-------------+-------------------------------+
 *   |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 *   +---+-+-+-------+-+-------------+-------------------------------+
 *   |                           timestamp                           |
 *   |                             SSRC                              |
 *   |                 CSRC list (CC entries), [extension]           |
 *
 *   RTCP, one or more packets in a datagram (a compound packet):
 *   +---+-+---------+---------------+-------------------------------+
 *   |V=2|P| RC / SC |  packet type  |  length (32-bit words - 1)    |
 *   +---+-+---------+---------------+-------------------------------+
 *   |                  SSRC of sender (SR, RR)  ...                 |
 *
 * An RTP header of another version than 2 is shown as RTP with its payload
 * as data; each RTCP packet of a compound packet is a layer of its own.
 */
#include "dissect/expect.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

/* Payload types with a static meaning (RFC 3551), as Wireshark names them;
 * 96-127 are dynamic, named by the list code. */
static const struct value_string rtp_pt_vals[] = {
	{0, "ITU-T G.711 PCMU"}, {1, "USA Federal Standard FS-1016"}, {2, "ITU-T G.721"}, {3, "GSM 06.10"},
	{4, "ITU-T G.723"}, {5, "DVI4 8000 samples/s"}, {6, "DVI4 16000 samples/s"},
	{7, "Experimental linear predictive encoding from Xerox PARC"}, {8, "ITU-T G.711 PCMA"},
	{9, "ITU-T G.722"}, {10, "16-bit uncompressed audio, stereo"}, {11, "16-bit uncompressed audio, monaural"},
	{12, "Qualcomm Code Excited Linear Predictive coding"}, {13, "Comfort noise"}, {14, "MPEG-I/II Audio"},
	{15, "ITU-T G.728"}, {16, "DVI4 11025 samples/s"}, {17, "DVI4 22050 samples/s"}, {18, "ITU-T G.729"},
	{19, "Comfort noise (old)"}, {25, "Sun CellB video encoding"}, {26, "JPEG-compressed video"},
	{28, "'nv' program"}, {31, "ITU-T H.261"}, {32, "MPEG-I/II Video"}, {33, "MPEG-II transport streams"},
	{34, "ITU-T H.263"}, {0, NULL},
};

static const struct field_def rtp_fields[] = {
	{"rtp.version", "Version", FT_UINT8, BASE_DEC, 0, 1, 0xc0, NULL},
	{"rtp.padding", "Padding", FT_BOOLEAN, BASE_NONE, 0, 1, 0x20, NULL},
	{"rtp.ext", "Extension", FT_BOOLEAN, BASE_NONE, 0, 1, 0x10, NULL},
	{"rtp.cc", "Contributing source identifiers count", FT_UINT8, BASE_DEC, 0, 1, 0x0f, NULL},
	{"rtp.marker", "Marker", FT_BOOLEAN, BASE_NONE, 1, 1, 0x80, NULL},
	{"rtp.p_type", "Payload type", FT_UINT8, BASE_DEC, 1, 1, 0x7f, rtp_pt_vals},
	{"rtp.seq", "Sequence number", FT_UINT16, BASE_DEC, 2, 2, 0, NULL},
	{"rtp.timestamp", "Timestamp", FT_UINT32, BASE_DEC, 4, 4, 0, NULL},
	{"rtp.ssrc", "Synchronization Source identifier", FT_UINT32, BASE_HEX, 8, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(rtp);

static const struct value_string rtcp_pt_vals[] = {
	{192, "Full INTRA-frame Request (H.261)"}, {193, "Negative Acknowledgement (H.261)"},
	{195, "Extended inter-arrival jitter report"}, {200, "Sender Report"}, {201, "Receiver Report"},
	{202, "Source description"}, {203, "Goodbye"}, {204, "Application specific"},
	{205, "Generic RTP Feedback"}, {206, "Payload-specific Feedback"}, {207, "Extended report (RFC 3611)"},
	{208, "AVB RTCP packet (IEEE1733)"}, {209, "Receiver Summary Information"},
	{210, "Port Mapping"}, {211, "IDMS Settings"}, {212, "Reporting Group Reporting Sources"},
	{213, "Splicing Notification Message"}, {0, NULL},
};

static const struct field_def rtcp_fields[] = {
	{"rtcp.version", "Version", FT_UINT8, BASE_DEC, 0, 1, 0xc0, NULL},
	{"rtcp.padding", "Padding", FT_BOOLEAN, BASE_NONE, 0, 1, 0x20, NULL},
	{"rtcp.rc", "Reception report count", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0x1f, NULL},
	{"rtcp.sc", "Source count", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0x1f, NULL},
	{"rtcp.pt", "Packet type", FT_UINT8, BASE_DEC, 1, 1, 0, rtcp_pt_vals},
	{"rtcp.length", "Length", FT_UINT16, BASE_DEC, 2, 2, 0, NULL},
	{"rtcp.senderssrc", "Sender SSRC", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(rtcp);

void dissect_rtp(struct packet *p, struct cursor *c)
{
	uint32_t start = c->off;
	int idx = pkt_push_layer(p, PROTO_RTP, start);
	if (idx < 0)
		return;
	p->layers[idx].len = c->end > start ? c->end - start : 0;
	int first = cursor_peek(c, 0);
	if (first >= 0 && (first >> 6) != 2) {
		dissect_data(p, c); /* a version this dissector does not know */
		return;
	}
	uint8_t b0 = cursor_u8(c);
	cursor_skip(c, 11);
	app_skip(c, 4u * (b0 & 0x0f));
	if (b0 & 0x10) { /* a header extension: profile, length in words */
		cursor_skip(c, 2);
		uint16_t words = cursor_be16(c);
		app_skip(c, 4u * words);
	}
	app_note(p, idx, c);
}

/* The packets of a compound packet, one layer each.  As in Wireshark a
 * packet after the first is read only when the datagram holds four bytes
 * of it and its type is one RTCP has (192 to 210): what follows otherwise
 * (an SRTCP packet's encrypted part, say) is left unread, without error. */
void dissect_rtcp(struct packet *p, struct cursor *c)
{
	bool first = true;
	while (cursor_rleft(c) > 0 && cursor_ok(c)) {
		uint32_t start = c->off;
		if (!first && (cursor_rleft(c) < 4 ||
			       (cursor_left(c) >= 2 && (c->data[start + 1] < 192 || c->data[start + 1] > 210))))
			return; /* (a packet the capture cut is read, and found cut) */
		first = false;
		int idx = pkt_push_layer(p, PROTO_RTCP, start);
		if (idx < 0)
			return;
		cursor_skip(c, 2);
		uint32_t len = 4u * ((uint32_t)cursor_be16(c) + 1);
		if (cursor_ok(c))
			app_skip(c, len - 4);
		p->layers[idx].len = c->off - start;
		app_note(p, idx, c);
	}
}

/* RTP: "PT=ITU-T G.711 PCMU, SSRC=0x..., Seq=.., Time=..[, Mark]". */
static void rtp_columns(struct columns *c, const struct packet *p, int idx)
{
	col_default(c, p, idx);
	uint64_t version = pkt_field_uint(p, "rtp.version", 0);
	if (version != 2) {
		col_set(c, "Unknown RTP version %" G_GUINT64_FORMAT, version);
		return;
	}
	uint64_t pt = pkt_field_uint(p, "rtp.p_type", 0);
	const char *name = col_value_name("rtp.p_type", pt);
	if (name)
		col_set(c, "PT=%s", name);
	else if (pt >= 96)
		col_set(c, "PT=DynamicRTP-Type-%" G_GUINT64_FORMAT, pt);
	else
		col_set(c, "%s", pt >= 72 && pt <= 76 ? "PT=Reserved for RTCP conflict avoidance" : "PT=Unassigned");
	col_append(c, ", SSRC=0x%" G_GINT64_MODIFIER "X, Seq=%" G_GUINT64_FORMAT ", Time=%" G_GUINT64_FORMAT,
		   pkt_field_uint(p, "rtp.ssrc", 0), pkt_field_uint(p, "rtp.seq", 0), pkt_field_uint(p, "rtp.timestamp", 0));
	if (pkt_field_uint(p, "rtp.marker", 0))
		col_append(c, ", Mark");
}

static bool rtcp_type(const struct fvalue *v, void *data)
{
	const char *n = col_value_name("rtcp.pt", v->u);
	if (n)
		col_append(data, "%s   ", n);
	else
		col_append(data, "Unknown packet type %" G_GUINT64_FORMAT "   ", v->u);
	return true;
}

/* RTCP: every packet's type, each followed by three spaces. */
static void rtcp_columns(struct columns *c, const struct packet *p, int idx)
{
	col_default(c, p, idx);
	col_clear(c);
	const struct proto_def *proto;
	const struct field_def *f = field_lookup("rtcp.pt", &proto);
	if (f)
		field_values(p, proto, f, rtcp_type, c);
}

/* RTCP: the count is the reception report count of sender and receiver
 * reports, the source count of descriptions and goodbyes; the sender's
 * SSRC follows the header of reports. */
static unsigned rtcp_values(const uint8_t *b, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (n < 4)
		return 0;
	bool report = b[1] == 200 || b[1] == 201, sources = b[1] == 202 || b[1] == 203;
	if ((fv_same(a, "rtcp.rc") && report) || (fv_same(a, "rtcp.sc") && sources))
		return fv_give_uint(fn, data, b[0] & 0x1f);
	if (fv_same(a, "rtcp.senderssrc") && report && n >= 8)
		return fv_give_uint(fn, data, (uint32_t)b[4] << 24 | (uint32_t)b[5] << 16 | (uint32_t)b[6] << 8 | b[7]);
	return 0;
}

static const struct handoff rtp_handoff[] = {
	UDP_CONV(PROTO_RTP, dissect_rtp),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(RTP, "rtp", "Real-Time Transport Protocol");
const struct protocol proto_rtp = {PROTO_RTP, .short_name = "RTP", .columns = rtp_columns, .fields = &rtp_table,
                                   .handoff = rtp_handoff};

static void rtcp_field_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
			      const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		rtcp_values(d, n, f->abbrev, fn, data);
}

/* RTCP found by its look on a port no protocol claims, as Wireshark's
 * heuristic (on by default) finds it: version 2, a first packet that may
 * open a compound packet (SR, RR, BYE, APP or payload-specific feedback),
 * and a datagram a multiple of four bytes long. */
static void dissect_rtcp_heur(struct packet *p, struct cursor *c)
{
	if (cursor_left(c) < 2)
		return;
	uint8_t first = c->data[c->off], pt = c->data[c->off + 1];
	if (first >> 6 != 2 || !(pt == 200 || pt == 201 || pt == 203 || pt == 204 || pt == 206) ||
	    cursor_rleft(c) % 4 != 0)
		return;
	dissect_rtcp(p, c);
}

static const struct handoff rtcp_handoff[] = {
	UDP_CONV(PROTO_RTCP, dissect_rtcp),
	UDP_HEUR(80, dissect_rtcp_heur),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(RTCP, "rtcp", "Real-time Transport Control Protocol");
const struct protocol proto_rtcp = {PROTO_RTCP, .short_name = "RTCP", .columns = rtcp_columns, .values = rtcp_field_values,
				    .fields = &rtcp_table, .handoff = rtcp_handoff};
