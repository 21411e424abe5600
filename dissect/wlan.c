/* wlan.c — IEEE 802.11 MAC frames (LINKTYPE_IEEE802_11, 105), the radiotap
 * header in front of them (LINKTYPE_IEEE802_11_RADIOTAP, 127), and the
 * `wlan_radio` layer Wireshark puts between a radio header and the frame.
 *
 *   frame control(2) duration(2) addr1(6) addr2(6) addr3(6) seq ctl(2)
 *   [addr4(6) when to-DS and from-DS] [QoS ctl(2) in QoS data] [HT ctl(4)
 *   when QoS and the order bit] payload ...
 *
 * Frame control, first byte: subtype(4) type(2) version(2); second byte:
 * flags — to-DS 0x01, from-DS 0x02, more fragments 0x04, retry 0x08,
 * protected 0x40, order 0x80.  Data frames (type 2) carry an LLC header
 * unless they are null-function or protected.
 *
 * Radiotap: version(1) pad(1) length(2, little-endian) present bitmaps ...;
 * the 802.11 frame starts after `length` bytes. */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct field_def wlan_fields[] = {
	{"wlan.fc.type_subtype", "Type/Subtype", FT_UINT16, BASE_HEX, FIELD_VAR, 2, 0, NULL},
	{"wlan.fc.type", "Type", FT_UINT8, BASE_DEC, 0, 1, 0x0c, NULL},
	{"wlan.fc.subtype", "Subtype", FT_UINT8, BASE_DEC, 0, 1, 0xf0, NULL},
	{"wlan.flags", "Flags", FT_UINT8, BASE_HEX, 1, 1, 0, NULL},
	{"wlan.fc.retry", "Retry", FT_BOOLEAN, BASE_NONE, 1, 1, 0x08, NULL},
	{"wlan.fc.protected", "Protected flag", FT_BOOLEAN, BASE_NONE, 1, 1, 0x40, NULL},
	{"wlan.duration", "Duration", FT_UINT16, BASE_DEC_LE, 2, 2, 0, NULL},
	{"wlan.ra", "Receiver address", FT_ETHER, BASE_NONE, 4, 6, 0, NULL},
	{"wlan.ta", "Transmitter address", FT_ETHER, BASE_NONE, 10, 6, 0, NULL},
	{"wlan.bssid", "BSS Id", FT_ETHER, BASE_NONE, FIELD_VAR, 6, 0, NULL},
	{"wlan.seq", "Sequence number", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
};
FIELD_TABLE_DEFINE(wlan);

static const struct field_def radiotap_fields[] = {
	{"radiotap.version", "Header revision", FT_UINT8, BASE_DEC, 0, 1, 0, NULL},
	{"radiotap.length", "Header length", FT_UINT16, BASE_DEC_LE, 2, 2, 0, NULL},
	{"radiotap.present.word", "Present flags word", FT_UINT32, BASE_HEX_LE, 4, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(radiotap);

void dissect_wlan(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_WLAN, c->off);
	if (idx < 0)
		return;
	uint8_t fc0 = cursor_u8(c), flags = cursor_u8(c);
	uint8_t type = (fc0 >> 2) & 3, subtype = fc0 >> 4;
	if (type != 2) {
		/* management and control frames: their bodies are 802.11's own */
		cursor_skip(c, 2);
		pkt_note_cursor(p, idx, c);
		return;
	}
	cursor_skip(c, 2 + 18 + 2);
	if ((flags & 0x03) == 0x03)
		cursor_skip(c, 6);
	bool qos = subtype & 0x08;
	if (qos)
		cursor_skip(c, 2);
	if (qos && (flags & 0x80))
		cursor_skip(c, 4);
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	if (subtype & 0x04) /* null function: no body */
		return;
	if (flags & 0x40)
		dissect_data(p, c);
	else if (cursor_rleft(c) > 0)
		dissect_llc(p, c);
}

void dissect_wlan_radio(struct packet *p, struct cursor *c)
{
	if (pkt_push_layer(p, PROTO_WLAN_RADIO, c->off) < 0)
		return;
	dissect_wlan(p, c);
}

void dissect_radiotap(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_RADIOTAP, c->off);
	if (idx < 0)
		return;
	uint32_t start = c->off;
	cursor_skip(c, 2);
	uint16_t len = cursor_le16(c);
	if (cursor_ok(c) && len < 8)
		c->err = CUR_MALFORMED;
	if (cursor_ok(c))
		cursor_skip(c, len - (c->off - start));
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	dissect_wlan_radio(p, c);
}

/* 802.11: type and subtype as Wireshark numbers them (type << 4 | subtype);
 * the BSS id by the DS bits of a data frame (addr1 to the DS, addr2 from
 * it, addr3 within a BSS, none between two access points) and addr3 in a
 * management frame; the sequence number of data and management frames.
 * Control frames have neither. */
static unsigned wlan_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (n < 2)
		return 0;
	uint32_t type = (d[0] >> 2) & 3, subtype = d[0] >> 4, ds = d[1] & 3;
	if (fv_same(a, "wlan.fc.type_subtype"))
		return fv_give_uint(fn, data, type << 4 | subtype);
	if (type != 0 && type != 2)
		return 0;
	if (fv_same(a, "wlan.seq") && n >= 24)
		return fv_give_uint(fn, data, (uint32_t)(d[22] | d[23] << 8) >> 4);
	if (fv_same(a, "wlan.bssid") && (type == 0 || ds != 3)) {
		static const uint8_t at_ds[4] = {16, 4, 10, 0};
		uint32_t at = type == 0 ? 16 : at_ds[ds];
		if (at + 6 <= n)
			return fv_give_ptr(fn, data, FV_ETHER, d + at, 6);
	}
	return 0;
}

static void wlan_field_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
			      const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		wlan_values(d, n, f->abbrev, fn, data);
}

static const struct handoff wlan_handoff[] = {
	LINKTYPE(LINKTYPE_IEEE802_11, dissect_wlan),
	HANDOFF_LIST_END,
};
const struct protocol proto_wlan = {PROTO_WLAN, .values = wlan_field_values, .fields = &wlan_table,
                                    .handoff = wlan_handoff};

static const struct handoff radiotap_handoff[] = {
	LINKTYPE(LINKTYPE_IEEE802_11_RADIOTAP, dissect_radiotap),
	HANDOFF_LIST_END,
};
const struct protocol proto_radiotap = {PROTO_RADIOTAP, .fields = &radiotap_table,
                                        .handoff = radiotap_handoff};
