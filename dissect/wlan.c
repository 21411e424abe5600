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
	if (type == 0) {
		/* a management frame's body (fixed parameters, then tagged ones) is
		 * the `wlan.mgt` layer: in the tree and the hierarchy, not in
		 * frame.protocols */
		cursor_skip(c, 2 + 18 + 2);
		if (!cursor_ok(c)) {
			pkt_note_cursor(p, idx, c);
			return;
		}
		int mgt = pkt_push_layer(p, PROTO_WLAN_MGT, c->off);
		if (mgt >= 0)
			p->layers[mgt].flags |= PKT_TREE_ONLY;
		return;
	}
	if (type != 2) {
		/* control frames: no body */
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

bool radiotap_has_fcs(const uint8_t *d, uint32_t n)
{
	if (n < 8)
		return false;
	uint32_t len = fv_get16(d + 2, false), present = fv_get32(d + 4, false), at = 8;
	if (len > n)
		len = n;
	if (!(present & 0x02))
		return false; /* no Flags field */
	/* more presence words follow while bit 31 is set */
	for (uint32_t word = present; (word & 0x80000000u) && at + 4 <= len; at += 4)
		word = fv_get32(d + at, false);
	if (present & 0x01)
		at = ((at + 7) & ~7u) + 8; /* TSFT: 8 bytes, aligned to 8 */
	return at < len && (d[at] & 0x10);
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
	/* the frame's FCS is not part of what it carries */
	if (radiotap_has_fcs(c->data + start, c->off - start) && cursor_rleft(c) >= 4) {
		c->rend -= 4;
		if (c->end > c->rend)
			c->end = c->rend;
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

static const char *const mgmt_names[16] = {
	"Association Request", "Association Response", "Reassociation Request", "Reassociation Response",
	"Probe Request", "Probe Response", "Measurement Pilot", NULL, "Beacon frame", "ATIM", "Disassociate",
	"Authentication", "Deauthentication", "Action", "Action No Ack", "Aruba Management",
};
static const char *const ctrl_names[16] = {
	NULL, NULL, "Trigger", NULL, "Beamforming Report Poll", "VHT/HE NDP Announcement", NULL, "Control Wrapper",
	"802.11 Block Ack Req", "802.11 Block Ack", "Power-Save poll", "Request-to-send", "Clear-to-send",
	"Acknowledgement", "CF-End (Control-frame)", "CF-End + CF-Ack (Control-frame)",
};
static const char *const data_names[16] = {
	"Data", "Data + CF-Ack", "Data + CF-Poll", "Data + CF-Ack + CF-Poll", "Null function (No data)",
	"Acknowledgement (No data)", "CF-Poll (No data)", "CF-Ack/Poll (No data)", "QoS Data",
	"QoS Data + CF-Acknowledgment", "QoS Data + CF-Poll", "QoS Data + CF-Ack + CF-Poll",
	"QoS Null function (No data)", NULL, "QoS CF-Poll (No Data)", "QoS CF-Ack + CF-Poll (No data)",
};

/* The SSID element of a management body's tagged parameters from AT:
 * ", SSID=\"name\"", or the wildcard's text when empty. */
static void ssid_info(struct columns *c, const uint8_t *b, uint32_t n, uint32_t at)
{
	while (at + 2 <= n) {
		uint8_t id = b[at], len = b[at + 1];
		if (at + 2u + len > n)
			return;
		if (id == 0) {
			if (len == 0) {
				col_append(c, ", SSID=Wildcard (Broadcast)");
				return;
			}
			col_append(c, ", SSID=\"");
			for (uint32_t i = 0; i < len; i++) {
				uint8_t ch = b[at + 2 + i];
				if (ch >= 0x20 && ch < 0x7f)
					col_append(c, "%c", ch);
				else
					col_append(c, "\\%03o", ch);
			}
			col_append(c, "\"");
			return;
		}
		at += 2u + len;
	}
}

/* "Beacon frame, SN=1, FN=0, Flags=........, BI=100, SSID=\"name\"": the
 * type and subtype's name, the sequence and fragment numbers (not in
 * control frames), the flags (o p m P R M F T for the bits from 0x80
 * down, '.' when clear), then a beacon's or probe response's interval and
 * the SSID a beacon, probe or association request names. */
static void wlan_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_proto(c, "802.11");
	col_clear(c);
	if (!d || n < 2)
		return;
	unsigned type = (d[0] >> 2) & 3, subtype = d[0] >> 4;
	const char *name = type == 0 ? mgmt_names[subtype] : type == 1 ? ctrl_names[subtype] : type == 2 ? data_names[subtype] : NULL;
	if (name)
		col_append(c, "%s", name);
	else
		col_append(c, "Unrecognized (Reserved frame)");
	if (type != 1 && n >= 24) {
		uint32_t seq = fv_get16(d + 22, false);
		col_append(c, ", SN=%u, FN=%u", seq >> 4, seq & 0xf);
	}
	char flags[9];
	static const char letters[] = "opmPRMFT";
	for (int i = 0; i < 8; i++)
		flags[i] = (d[1] & (0x80 >> i)) ? letters[i] : '.';
	flags[8] = 0;
	col_append(c, ", Flags=%s", flags);
	/* 'C' when the frame ends with its FCS (as a PPI or radiotap header says) */
	if (idx >= 2 && (p->layers[0].proto == PROTO_PPI || p->layers[0].proto == PROTO_RADIOTAP)) {
		uint32_t pn;
		const uint8_t *pd = col_layer_bytes(p, 0, &pn);
		if (pd && (p->layers[0].proto == PROTO_PPI ? ppi_has_fcs(pd, pn) : radiotap_has_fcs(pd, pn)))
			col_append(c, "C");
	}
	if (type != 0 || n < 24)
		return;
	const uint8_t *b = d + 24;
	uint32_t bn = n - 24;
	if ((subtype == 8 || subtype == 5) && bn >= 12) {
		col_append(c, ", BI=%u", fv_get16(b + 8, false));
		ssid_info(c, b, bn, 12);
	} else if (subtype == 4) {
		ssid_info(c, b, bn, 0);
	} else if (subtype == 0 && bn >= 4) {
		ssid_info(c, b, bn, 4);
	} else if (subtype == 2 && bn >= 10) {
		ssid_info(c, b, bn, 10);
	}
}

static const struct handoff wlan_handoff[] = {
	LINKTYPE(LINKTYPE_IEEE802_11, dissect_wlan),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(WLAN, "wlan", "IEEE 802.11 wireless LAN");
const struct protocol proto_wlan = {PROTO_WLAN, .short_name = "IEEE 802.11", .values = wlan_field_values, .fields = &wlan_table,
				    .columns = wlan_columns, .handoff = wlan_handoff};

/* The management body names nothing of its own in the columns. */
static void wlan_mgt_columns(G_GNUC_UNUSED struct columns *c, G_GNUC_UNUSED const struct packet *p,
			     G_GNUC_UNUSED int idx)
{
}

PROTOCOL_ID(WLAN_MGT, "wlan.mgt", "IEEE 802.11 Wireless Management");
const struct protocol proto_wlan_mgt = {PROTO_WLAN_MGT, .short_name = "802.11 MGT", .columns = wlan_mgt_columns};

static const struct handoff radiotap_handoff[] = {
	LINKTYPE(LINKTYPE_IEEE802_11_RADIOTAP, dissect_radiotap),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(RADIOTAP, "radiotap", "Radiotap Header");
PROTOCOL_ID(WLAN_RADIO, "wlan_radio", "802.11 radio information");
const struct protocol proto_radiotap = {PROTO_RADIOTAP, .short_name = "802.11 Radiotap", .fields = &radiotap_table,
                                        .handoff = radiotap_handoff};
