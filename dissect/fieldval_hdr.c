/* fieldval_hdr.c — field values of headers whose place or presence depends
 * on the header itself: the Linux cooked header (two versions with
 * different layouts), the Ethernet address bits (one per address), TCP
 * options (a list of kind, length, value), LLC's SNAP extension, spanning
 * tree BPDUs by type and version, NetBIOS session messages by type, PPP's
 * optional address and control, GRE's optional key and sequence number,
 * the 802.11 fields that depend on the frame type, CDP's TLVs, COTP by
 * TPDU type, RDP's connection negotiation, and a mailslot's name and a
 * browser announcement's server. */
#include <string.h>

#include "analyzer/frame.h"
#include "dissect/dissect.h"
#include "dissect/fieldval_give.h"

static uint32_t be16(const uint8_t *d)
{
	return (uint32_t)d[0] << 8 | d[1];
}

static uint32_t be32(const uint8_t *d)
{
	return (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 | d[3];
}

/* SLL: pkttype(2) hatype(2) halen(2) address(8) protocol(2).
 * SLL2: protocol(2) reserved(2) ifindex(4) hatype(2) pkttype(1) halen(1)
 * address(8). */
static unsigned sll_values(bool v2, const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (n < (v2 ? 20u : 16u))
		return 0;
	uint32_t hatype = v2 ? be16(d + 8) : be16(d + 2);
	uint32_t halen = v2 ? d[11] : be16(d + 4);
	if (fv_same(a, "sll.pkttype"))
		return fv_give_uint(fn, data, v2 ? d[10] : be16(d));
	if (fv_same(a, "sll.hatype"))
		return fv_give_uint(fn, data, hatype);
	if (fv_same(a, "sll.halen"))
		return fv_give_uint(fn, data, halen);
	if (fv_same(a, "sll.etype"))
		return fv_give_uint(fn, data, v2 ? be16(d) : be16(d + 14));
	if (fv_same(a, "sll.ifindex"))
		return v2 ? fv_give_uint(fn, data, be32(d + 4)) : 0;
	/* an Ethernet-like source address (Ethernet, loopback, IEEE 802) */
	if (fv_same(a, "sll.src.eth") && halen == 6 && (hatype == 1 || hatype == 772 || hatype == 6))
		return fv_give_ptr(fn, data, FV_ETHER, d + (v2 ? 12 : 6), 6);
	return 0;
}

/* Bytes after what an Ethernet frame carries (the IP datagram or ARP
 * message after any VLAN tags, or as long as an 802.3 length field says):
 * zeros up to the 60-byte minimum are
 * padding; what follows is a trailer, but for 4 bytes ending a 64-byte
 * frame, taken for its FCS.  Bytes that are not zeros where padding would
 * be are all trailer. */
static unsigned eth_extra(const struct packet *p, const struct layer *l, const char *a, fvalue_fn fn, void *data)
{
	bool pad_field = fv_same(a, "eth.padding");
	if (!pad_field && !fv_same(a, "eth.trailer"))
		return 0;
	int i = (int)(l - p->layers) + 1;
	while (i < p->nlayers && (p->layers[i].proto == PROTO_VLAN || p->layers[i].proto == PROTO_IEEE8021AD))
		i++;
	if (i >= p->nlayers || (p->layers[i].flags & PKT_IN_ERROR))
		return 0;
	const struct layer *in = &p->layers[i];
	const uint8_t *f = p->frame->data;
	uint32_t cap = p->frame->caplen, end;
	uint32_t type = (uint64_t)l->off + 14 <= cap ? be16(f + l->off + 12) : 0;
	if (type <= 1500 && (uint64_t)l->off + 14 <= cap)
		end = l->off + 14 + type; /* 802.3: the length field says */
	else if (in->proto == PROTO_IP || in->proto == PROTO_IPV6)
		end = in->off + in->len;
	else if (in->proto == PROTO_ARP && (uint64_t)in->off + 6 <= cap)
		end = in->off + 8 + 2u * (f[in->off + 4] + f[in->off + 5]);
	else
		return 0;
	if (end >= cap)
		return 0;
	uint32_t pad_end = end < 60 ? (cap < 60 ? cap : 60) : end;
	bool zero = true;
	for (uint32_t k = end; k < pad_end && zero; k++)
		zero = f[k] == 0;
	if (!zero)
		pad_end = end;
	if (pad_field)
		return pad_end > end ? fv_give_ptr(fn, data, FV_BYTES, f + end, pad_end - end) : 0;
	if (pad_end >= cap || (cap - pad_end == 4 && cap == 64 && pad_end > end))
		return 0;
	return fv_give_ptr(fn, data, FV_BYTES, f + pad_end, cap - pad_end);
}

/* The IG and LG bits of the destination, then of the source. */
static unsigned eth_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	uint8_t bit = fv_same(a, "eth.ig") ? 0x01 : fv_same(a, "eth.lg") ? 0x02 : 0;
	if (!bit || n < 12)
		return 0;
	fv_give_uint(fn, data, (d[0] & bit) != 0);
	return 1 + fv_give_uint(fn, data, (d[6] & bit) != 0);
}

/* TCP options, from byte 20 to the header length: kind(1), and but for
 * END (0) and NOP (1) length(1) and value.  SACK edges are relative to
 * the acknowledgment base SACK_BASE when HAVE_BASE, as Wireshark shows
 * them. */
static unsigned tcp_option_values(const uint8_t *d, uint32_t n, const char *a, bool have_base, uint32_t sack_base,
				  fvalue_fn fn, void *data)
{
	if (n < 20)
		return 0;
	uint32_t hlen = (uint32_t)(d[12] >> 4) * 4;
	if (hlen <= 20)
		return 0;
	uint32_t end = hlen < n ? hlen : n;
	if (fv_same(a, "tcp.options"))
		return fv_give_ptr(fn, data, FV_BYTES, d + 20, end - 20);
	unsigned given = 0;
	for (uint32_t i = 20; i < end;) {
		uint8_t kind = d[i];
		if (kind == 0)
			break;
		if (kind == 1) {
			i++;
			continue;
		}
		if (i + 1 >= end || d[i + 1] < 2 || i + d[i + 1] > end)
			break; /* cut short or malformed: nothing more is read */
		uint8_t len = d[i + 1];
		const uint8_t *v = d + i + 2;
		if (kind == 2 && len == 4 && fv_same(a, "tcp.options.mss_val"))
			given += fv_give_uint(fn, data, be16(v));
		else if (kind == 3 && len == 3 && fv_same(a, "tcp.options.wscale.shift"))
			given += fv_give_uint(fn, data, v[0]);
		else if (kind == 4 && len == 2 && fv_same(a, "tcp.options.sack_perm"))
			given += fv_give_ptr(fn, data, FV_NONE, NULL, 0);
		else if (kind == 5 && (len - 2) % 8 == 0 &&
			 (fv_same(a, "tcp.options.sack_le") || fv_same(a, "tcp.options.sack_re")))
			for (uint32_t k = 0; k + 8 <= (uint32_t)len - 2; k += 8) {
				uint32_t edge = be32(v + k + (a[17] == 'r' ? 4 : 0));
				given += fv_give_uint(fn, data, have_base ? edge - sack_base : edge);
			}
		else if (kind == 8 && len == 10 && fv_same(a, "tcp.options.timestamp.tsval"))
			given += fv_give_uint(fn, data, be32(v));
		else if (kind == 8 && len == 10 && fv_same(a, "tcp.options.timestamp.tsecr"))
			given += fv_give_uint(fn, data, be32(v + 4));
		i += len;
	}
	return given;
}

/* LLC: dsap(1) ssap(1) control(1); SNAP (dsap = ssap = 0xaa) adds an OUI(3)
 * and then an ethertype (OUI 0) or a protocol id. */
static unsigned llc_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (n < 8 || d[0] != 0xaa || d[1] != 0xaa)
		return 0;
	uint32_t oui = (uint32_t)d[3] << 16 | (uint32_t)d[4] << 8 | d[5];
	if (fv_same(a, "llc.oui"))
		return fv_give_uint(fn, data, oui);
	/* Cisco's protocol ids are a field of their own */
	if ((fv_same(a, "llc.type") && oui == 0) || (fv_same(a, "llc.pid") && oui != 0 && oui != 0x00000c))
		return fv_give_uint(fn, data, be16(d + 6));
	return 0;
}

/* STP: protocol(2) version(1) type(1); configuration (0) and RST (2)
 * BPDUs go on: flags(1) root id(8) root cost(4) bridge id(8) port(2) and
 * four times in 1/256 s (message age, max age, hello, forward delay);
 * RSTP and MSTP add a version 1 length(1). */
static unsigned stp_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	static const struct {
		const char *name;
		uint8_t at;
	} times[] = {{"stp.msg_age", 27}, {"stp.max_age", 29}, {"stp.hello", 31}, {"stp.forward", 33}};
	if (n < 35 || (d[3] != 0x00 && d[3] != 0x02))
		return 0;
	if (fv_same(a, "stp.root.prio") || fv_same(a, "stp.bridge.prio"))
		return fv_give_uint(fn, data, be16(d + (a[4] == 'r' ? 5 : 17)) & 0xf000);
	for (size_t i = 0; i < sizeof times / sizeof times[0]; i++)
		if (fv_same(a, times[i].name)) {
			struct fvalue v = {.kind = FV_DOUBLE, .d = be16(d + times[i].at) / 256.0};
			fn(&v, data);
			return 1;
		}
	if (fv_same(a, "stp.version_1_length") && d[2] >= 2 && n >= 36)
		return fv_give_uint(fn, data, d[35]);
	return 0;
}

/* NBSS: type(1); a session message (0) has a 24-bit length, the others
 * flags(1) (bit 0 extends the length) and a 16-bit length; a negative
 * response (0x83) an error code, a retarget response (0x84) an address
 * and a port. */
static unsigned nbss_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (n < 4)
		return 0;
	bool session = d[0] == 0x00;
	if (fv_same(a, "nbss.length"))
		return fv_give_uint(fn, data, session ? (uint32_t)d[1] << 16 | be16(d + 2) : (uint32_t)(d[1] & 1) << 16 | be16(d + 2));
	if (fv_same(a, "nbss.flags") && !session)
		return fv_give_uint(fn, data, d[1]);
	if (fv_same(a, "nbss.flags.e") && !session)
		return fv_give_uint(fn, data, d[1] & 1);
	if (fv_same(a, "nbss.error_code") && d[0] == 0x83 && n >= 5)
		return fv_give_uint(fn, data, d[4]);
	if (fv_same(a, "nbss.retarget_ip_address") && d[0] == 0x84 && n >= 8)
		return fv_give_ptr(fn, data, FV_IPV4, d + 4, 4);
	if (fv_same(a, "nbss.retarget_port") && d[0] == 0x84 && n >= 10)
		return fv_give_uint(fn, data, be16(d + 8));
	return 0;
}

/* PPP: [address 0xff, control 0x03] protocol (1 byte when odd, else 2). */
static unsigned ppp_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	uint32_t at = n >= 2 && d[0] == 0xff && d[1] == 0x03 ? 2 : 0;
	if (at && fv_same(a, "ppp.address"))
		return fv_give_uint(fn, data, d[0]);
	if (at && fv_same(a, "ppp.control"))
		return fv_give_uint(fn, data, d[1]);
	if (fv_same(a, "ppp.protocol") && at < n)
		return (d[at] & 1) ? fv_give_uint(fn, data, d[at]) : at + 2 <= n ? fv_give_uint(fn, data, be16(d + at)) : 0;
	return 0;
}

/* GRE: flags and version(2) protocol(2) [checksum(2) reserved(2) when C]
 * [key(4) when K] [sequence number(4) when S]. */
static unsigned gre_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (n < 4)
		return 0;
	uint32_t flags = be16(d), at = 4 + ((flags & 0x8000) ? 4 : 0);
	if (flags & 0x2000) {
		/* version 1 (PPTP) splits the key into a length and a call id */
		if (fv_same(a, "gre.key") && (flags & 7) == 0 && at + 4 <= n)
			return fv_give_uint(fn, data, be32(d + at));
		at += 4;
	}
	if ((flags & 0x1000) && fv_same(a, "gre.sequence_number") && at + 4 <= n)
		return fv_give_uint(fn, data, be32(d + at));
	return 0;
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

/* CDP: version(1) ttl(1) checksum(2), then TLVs of type(2) length(2, the
 * header included) value: device id (1), port id (3), platform (6) and
 * native VLAN (10) are read. */
static unsigned cdp_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	static const struct {
		const char *name;
		uint32_t type;
	} strings[] = {{"cdp.deviceid", 1}, {"cdp.portid", 3}, {"cdp.platform", 6}};
	unsigned given = 0;
	for (uint32_t at = 4; at + 4 <= n;) {
		uint32_t type = be16(d + at), len = be16(d + at + 2);
		if (len < 4 || at + len > n)
			break;
		if (fv_same(a, "cdp.tlv.type"))
			given += fv_give_uint(fn, data, type);
		else if (fv_same(a, "cdp.tlv.len"))
			given += fv_give_uint(fn, data, len);
		else if (type == 10 && len == 6 && fv_same(a, "cdp.native_vlan"))
			given += fv_give_uint(fn, data, be16(d + at + 4));
		for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
			if (type == strings[i].type && fv_same(a, strings[i].name))
				given += fv_give_ptr(fn, data, FV_STRING, d + at + 4, len - 4);
		at += len;
	}
	return given;
}

/* BSD loopback: the address family in the capturing host's byte order. */
static unsigned null_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (n < 4 || !fv_same(a, "null.family"))
		return 0;
	uint32_t v = be32(d);
	if (v & 0xffff0000u)
		v = __builtin_bswap32(v);
	return fv_give_uint(fn, data, v);
}

static uint32_t le16v(const uint8_t *d)
{
	return (uint32_t)d[0] | (uint32_t)d[1] << 8;
}

/* COTP: length indicator(1) type(1); a connection request (0xe0) or
 * confirm (0xd0) goes on with destination and source references(2 each)
 * and the class (high nibble); a data TPDU (0xf0) with the end-of-TSDU bit. */
static unsigned cotp_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (n < 3)
		return 0;
	uint8_t type = d[1] & 0xf0;
	if (type == 0xf0)
		return fv_same(a, "cotp.eot") ? fv_give_uint(fn, data, d[2] >> 7) : 0;
	if ((type != 0xe0 && type != 0xd0) || n < 7)
		return 0;
	if (fv_same(a, "cotp.destref"))
		return fv_give_uint(fn, data, be16(d + 2));
	if (fv_same(a, "cotp.srcref"))
		return fv_give_uint(fn, data, be16(d + 4));
	if (fv_same(a, "cotp.class"))
		return fv_give_uint(fn, data, d[6] >> 4);
	return 0;
}

/* RDP in a COTP connection request or confirm: an optional routing token
 * or cookie line ("Cookie: mstshash=...\r\n"), then a negotiation of
 * type(1) flags(1) length(2, little-endian) and a 4-byte value (requested
 * protocols, selected protocol or failure code by type 1, 2, 3). */
static unsigned rdp_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	uint32_t at = 0;
	if (n >= 8 && memcmp(d, "Cookie: ", 8) == 0) {
		while (at + 1 < n && !(d[at] == '\r' && d[at + 1] == '\n'))
			at++;
		if (fv_same(a, "rdp.rt_cookie"))
			return fv_give_ptr(fn, data, FV_STRING, d, at);
		at += 2;
	}
	if (at + 8 > n || d[at] < 1 || d[at] > 3)
		return 0;
	static const char *const values[] = {"", "rdp.negReq.requestedProtocols", "rdp.negReq.selectedProtocol",
					     "rdp.negFailure.failureCode"};
	if (fv_same(a, "rdp.neg_type"))
		return fv_give_uint(fn, data, d[at]);
	if (fv_same(a, "rdp.neg_length"))
		return fv_give_uint(fn, data, le16v(d + at + 2));
	if (fv_same(a, values[d[at]]))
		return fv_give_uint(fn, data, le16v(d + at + 4) | le16v(d + at + 6) << 16);
	return 0;
}

/* A mailslot write: opcode, priority, class, size (2 each, little-endian,
 * fixed places) and the name "\\MAILSLOT\\..." to a NUL. */
static unsigned mailslot_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (!fv_same(a, "mailslot.name") || n <= 8)
		return 0;
	uint32_t end = 8;
	while (end < n && d[end])
		end++;
	return fv_give_ptr(fn, data, FV_STRING, d + 8, end - 8);
}

/* Browser announcements (host 1, domain 12, local master 15): command(1)
 * update count(1) periodicity(4) then the server name in 16 bytes. */
static unsigned browser_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (!fv_same(a, "browser.server") || n < 22 || (d[0] != 1 && d[0] != 12 && d[0] != 15))
		return 0;
	uint32_t end = 6;
	while (end < 22 && d[end])
		end++;
	return fv_give_ptr(fn, data, FV_STRING, d + 6, end - 6);
}

/* IPv6's extension headers (RFC 8200 4.x), walked from the fixed header:
 * each one present, and the fragment header's fields.  The offset is in
 * 8-byte units, as the header carries it. */
static unsigned ipv6_ext_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (n < 40)
		return 0;
	unsigned given = 0;
	uint8_t nxt = d[6];
	uint32_t off = 40;
	for (int k = 0; k < 32 && off + 2 <= n; k++) {
		const char *name;
		uint32_t len = ((uint32_t)d[off + 1] + 1) * 8;
		switch (nxt) {
		case 0: name = "ipv6.hopopts"; break;
		case 43: name = "ipv6.routing"; break;
		case 60: name = "ipv6.dstopts"; break;
		case 44: name = "ipv6.fraghdr"; len = 8; break;
		case 51: name = NULL; len = ((uint32_t)d[off + 1] + 2) * 4; break;
		default: return given;
		}
		if (name && fv_same(a, name))
			given += fv_give_ptr(fn, data, FV_NONE, NULL, 0);
		if (nxt == 44 && off + 8 <= n && strncmp(a, "ipv6.fraghdr.", 13) == 0) {
			uint32_t offlg = be16(d + off + 2);
			if (fv_same(a, "ipv6.fraghdr.offset"))
				given += fv_give_uint(fn, data, offlg >> 3);
			else if (fv_same(a, "ipv6.fraghdr.more"))
				given += fv_give_uint(fn, data, offlg & 1);
			else if (fv_same(a, "ipv6.fraghdr.ident"))
				given += fv_give_uint(fn, data, be32(d + off + 4));
		}
		nxt = d[off];
		off += len;
	}
	return given;
}

/* media.type: a body no dissector knows, as bytes. */
static unsigned media_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	/* a gzip body is shown inflated, which this does not do */
	if (!fv_same(a, "media.type") || n == 0 || (n >= 2 && d[0] == 0x1f && d[1] == 0x8b))
		return 0;
	return fv_give_ptr(fn, data, FV_BYTES, d, n);
}

/* JPEG: the identifier string ("JFIF", "Exif", "ICC_PROFILE" ...) of each
 * APP0..APP2 segment before the image data. */
static unsigned jfif_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (!fv_same(a, "image-jfif.identifier") || n < 4 || d[0] != 0xff || d[1] != 0xd8)
		return 0;
	unsigned given = 0;
	uint32_t at = 2;
	while (at + 4 <= n && d[at] == 0xff && d[at + 1] != 0xda) {
		uint32_t len = be16(d + at + 2);
		if (len < 2)
			break;
		if (d[at + 1] >= 0xe0 && d[at + 1] <= 0xe2) {
			uint32_t from = at + 4, end = from;
			while (end < n && end < at + 2 + len && d[end])
				end++;
			given += fv_give_ptr(fn, data, FV_STRING, d + from, end - from);
		}
		at += 2 + len;
	}
	return given;
}

/* HTML form data: each key, then its value, with '+' as a space and %XX
 * as the byte. */
static unsigned urlencoded_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	bool key = fv_same(a, "urlencoded-form.key");
	if (!key && !fv_same(a, "urlencoded-form.value"))
		return 0;
	static uint8_t text[4096];
	unsigned given = 0;
	uint32_t i = 0;
	while (i < n) {
		uint32_t end = i;
		while (end < n && d[end] != '&')
			end++;
		uint32_t eq = i;
		while (eq < end && d[eq] != '=')
			eq++;
		uint32_t from = key ? i : eq + 1 < end ? eq + 1 : end, to = key ? eq : end, used = 0;
		for (uint32_t k = from; k < to && used < sizeof text; k++) {
			int hi, lo;
			if (d[k] == '%' && k + 2 < to && (hi = hex_digit_value(d[k + 1])) >= 0 && (lo = hex_digit_value(d[k + 2])) >= 0) {
				text[used++] = (uint8_t)(hi << 4 | lo);
				k += 2;
			} else {
				text[used++] = d[k] == '+' ? ' ' : d[k];
			}
		}
		given += fv_give_ptr(fn, data, FV_STRING, text, used);
		i = end + 1;
	}
	return given;
}

/* IPv4 options (RFC 791): each one's type, to the end of the header or an
 * End of Option List (type 0, shown too). */
static unsigned ipv4_option_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (!fv_same(a, "ip.opt.type") || n < 20)
		return 0;
	uint32_t end = (uint32_t)(d[0] & 0x0f) * 4, at = 20;
	if (end > n)
		end = n;
	unsigned given = 0;
	while (at < end) {
		uint8_t type = d[at];
		given += fv_give_uint(fn, data, type);
		if (type == 0)
			break;
		if (type == 1) {
			at++;
			continue;
		}
		if (at + 1 >= end || d[at + 1] < 2)
			break;
		at += d[at + 1];
	}
	return given;
}

/* 802.1Q: the word after the tag is a length up to 1500, else a type. */
static unsigned vlan_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (n < 4)
		return 0;
	uint32_t v = be16(d + 2);
	if (fv_same(a, v <= 1500 ? "vlan.len" : "vlan.etype"))
		return fv_give_uint(fn, data, v);
	return 0;
}

/* ICMP's identifier and sequence number, in the messages that have them:
 * echo, timestamp, information and address mask requests and replies. */
static unsigned icmp_values(bool v6, const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (n < 8)
		return 0;
	bool has = v6 ? d[0] == 128 || d[0] == 129 : d[0] == 0 || d[0] == 8 || (d[0] >= 13 && d[0] <= 18);
	if (!has)
		return 0;
	if (fv_same(a, v6 ? "icmpv6.echo.identifier" : "icmp.ident"))
		return fv_give_uint(fn, data, be16(d + 4));
	if (fv_same(a, v6 ? "icmpv6.echo.sequence_number" : "icmp.seq"))
		return fv_give_uint(fn, data, be16(d + 6));
	return 0;
}

/* A Network Monitor event's provider, a GUID whose first three parts are
 * little-endian, turned to the order a GUID is written in. */
static unsigned netmon_event_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	static uint8_t g[16];
	if (!fv_same(a, "netmon_event.provider_id") || n < 40)
		return 0;
	const uint8_t *s = d + 24;
	static const uint8_t order[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
	for (int i = 0; i < 16; i++)
		g[i] = s[order[i]];
	return fv_give_ptr(fn, data, FV_BYTES, g, 16);
}

/* The proposals of a Security Association payload from AT to END, and the
 * transforms in each: each one's "next" byte (2 or 3 while more follow, 0
 * for the last). */
static unsigned isakmp_proposals(const uint8_t *d, uint32_t at, uint32_t end, fvalue_fn fn, void *data)
{
	unsigned given = 0;
	for (int k = 0; at + 8 <= end && k < 64; k++) {
		given += fv_give_uint(fn, data, d[at]);
		uint32_t len = be16(d + at + 2);
		if (len < 8 || at + len > end)
			break;
		uint32_t t = at + 8 + d[at + 6], tend = at + len;
		for (int j = 0; j < d[at + 7] && t + 4 <= tend; j++) {
			given += fv_give_uint(fn, data, d[t]);
			uint32_t tlen = be16(d + t + 2);
			if (tlen < 4)
				break;
			t += tlen;
		}
		if (d[at] == 0)
			break;
		at += len;
	}
	return given;
}

/* ISAKMP / IKE: the header's next payload, then each payload's, up to an
 * encrypted part (IKEv1's encryption flag; IKEv2's Encrypted payload, 46,
 * whose own next payload is still shown). */
static unsigned isakmp_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (!fv_same(a, "isakmp.nextpayload") || n < 28)
		return 0;
	unsigned given = fv_give_uint(fn, data, d[16]);
	bool v1 = (d[17] >> 4) == 1;
	if (v1 && (d[19] & 1))
		return given;
	uint32_t np = d[16], at = 28, end = be32(d + 24) < n ? be32(d + 24) : n;
	for (int k = 0; np != 0 && at + 4 <= end && k < 64; k++) {
		given += fv_give_uint(fn, data, d[at]);
		uint32_t len = be16(d + at + 2);
		if (np == 46 || len < 4 || at + len > end)
			break;
		if (np == 1 || np == 33) /* a Security Association: its proposals and their transforms */
			given += isakmp_proposals(d, at + (np == 1 ? 12 : 4), at + len, fn, data);
		np = d[at];
		at += len;
	}
	return given;
}

/* IGMP by version (RFC 1112, 2236, 3376): v1 and v2 messages are 8 bytes
 * (a query with no response time is v1); a longer query is v3, with its
 * sources; a v3 report holds group records, each with its type, group and
 * sources. */
static unsigned igmp_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (n < 8)
		return 0;
	uint8_t type = d[0];
	unsigned version = type == 0x12 ? 1 : type == 0x16 || type == 0x17 ? 2 : type == 0x22 ? 3 :
			   type == 0x11 ? (n >= 12 ? 3 : d[1] ? 2 : 1) : 0;
	if (!version)
		return 0;
	if (fv_same(a, "igmp.version"))
		return fv_give_uint(fn, data, version);
	if (fv_same(a, "igmp.max_resp"))
		return version >= 2 && type != 0x22 ? fv_give_uint(fn, data, d[1]) : 0;
	if (type != 0x22) {
		if (fv_same(a, "igmp.maddr"))
			return fv_give_ptr(fn, data, FV_IPV4, d + 4, 4);
		if (version != 3 || n < 12)
			return 0;
		if (fv_same(a, "igmp.s"))
			return fv_give_uint(fn, data, (d[8] >> 3) & 1);
		if (fv_same(a, "igmp.qrv"))
			return fv_give_uint(fn, data, d[8] & 7);
		if (fv_same(a, "igmp.qqic"))
			return fv_give_uint(fn, data, d[9]);
		if (fv_same(a, "igmp.num_src"))
			return fv_give_uint(fn, data, be16(d + 10));
		unsigned given = 0;
		if (fv_same(a, "igmp.saddr"))
			for (uint32_t i = 0, at = 12; i < be16(d + 10) && at + 4 <= n; i++, at += 4)
				given += fv_give_ptr(fn, data, FV_IPV4, d + at, 4);
		return given;
	}
	uint32_t records = be16(d + 6);
	if (fv_same(a, "igmp.num_grp_recs"))
		return fv_give_uint(fn, data, records);
	unsigned given = 0;
	uint32_t at = 8;
	for (uint32_t r = 0; r < records && at + 8 <= n; r++) {
		uint32_t nsrc = be16(d + at + 2), aux = d[at + 1];
		if (fv_same(a, "igmp.record_type"))
			given += fv_give_uint(fn, data, d[at]);
		else if (fv_same(a, "igmp.aux_data_len"))
			given += fv_give_uint(fn, data, aux);
		else if (fv_same(a, "igmp.num_src"))
			given += fv_give_uint(fn, data, nsrc);
		else if (fv_same(a, "igmp.maddr"))
			given += fv_give_ptr(fn, data, FV_IPV4, d + at + 4, 4);
		else if (fv_same(a, "igmp.saddr"))
			for (uint32_t i = 0; i < nsrc && at + 12 + 4 * i <= n; i++)
				given += fv_give_ptr(fn, data, FV_IPV4, d + at + 8 + 4 * i, 4);
		at += 8 + 4 * nsrc + 4 * aux;
	}
	return given;
}

bool header_field_values(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
			 const char *abbrev, fvalue_fn fn, void *data)
{
	switch (l->proto) {
	case PROTO_SLL:
		sll_values(p->frame->linktype == LINKTYPE_LINUX_SLL2, d, n, abbrev, fn, data);
		return true;
	case PROTO_ETH:
		if (fv_same(abbrev, "eth.padding") || fv_same(abbrev, "eth.trailer")) {
			eth_extra(p, l, abbrev, fn, data);
			return true;
		}
		return eth_values(d, n, abbrev, fn, data) > 0 || fv_same(abbrev, "eth.ig") || fv_same(abbrev, "eth.lg");
	case PROTO_TCP:
		if (strncmp(abbrev, "tcp.options", 11) != 0)
			return false;
		tcp_option_values(d, n, abbrev, p->tcp_tracked && p->tcp_has_ack_base && !(l->flags & PKT_IN_ERROR),
				  p->tcp_ack_base, fn, data);
		return true;
	case PROTO_LLC:
		llc_values(d, n, abbrev, fn, data);
		return true;
	case PROTO_STP:
		stp_values(d, n, abbrev, fn, data);
		return true;
	case PROTO_NBSS:
		nbss_values(d, n, abbrev, fn, data);
		return true;
	case PROTO_PPP:
		ppp_values(d, n, abbrev, fn, data);
		return true;
	case PROTO_GRE:
		gre_values(d, n, abbrev, fn, data);
		return true;
	case PROTO_WLAN:
		wlan_values(d, n, abbrev, fn, data);
		return true;
	case PROTO_CDP:
		cdp_values(d, n, abbrev, fn, data);
		return true;
	case PROTO_COTP:
		cotp_values(d, n, abbrev, fn, data);
		return true;
	case PROTO_RDP:
		rdp_values(d, n, abbrev, fn, data);
		return true;
	case PROTO_MAILSLOT:
		mailslot_values(d, n, abbrev, fn, data);
		return true;
	case PROTO_BROWSER:
		browser_values(d, n, abbrev, fn, data);
		return true;
	case PROTO_MEDIA:
		/* of a body completed from several segments, the kept start */
		media_values(d, n, abbrev, fn, data);
		return true;
	case PROTO_URLENCODED_FORM:
		/* only a form whose bytes are all here: a cut value would be wrong */
		if ((l->flags & PKT_REASSEMBLED) && p->reasm_len >= PKT_REASSEMBLED_MAX)
			return true;
		urlencoded_values(d, n, abbrev, fn, data);
		return true;
	case PROTO_IMAGE_JFIF:
		jfif_values(d, n, abbrev, fn, data);
		return true;
	case PROTO_IGMP: {
		/* the message ends where the IP datagram does, before any
		 * link-layer padding */
		int below = (int)(l - p->layers) - 1;
		const struct layer *ip = below >= 0 ? &p->layers[below] : NULL;
		if (ip && ip->proto == PROTO_IP && !(ip->flags & PKT_REASSEMBLED) && ip->off + 4 <= p->frame->caplen) {
			const uint8_t *h = p->frame->data + ip->off;
			uint32_t total = be16(h + 2), hl = (uint32_t)(h[0] & 0x0f) * 4;
			if (total > hl && total - hl < n)
				n = total - hl;
		}
		igmp_values(d, n, abbrev, fn, data);
		return true;
	}
	case PROTO_ISAKMP:
		isakmp_values(d, n, abbrev, fn, data);
		return true;
	case PROTO_VLAN:
		vlan_values(d, n, abbrev, fn, data);
		return true;
	case PROTO_ICMP:
	case PROTO_ICMPV6:
		icmp_values(l->proto == PROTO_ICMPV6, d, n, abbrev, fn, data);
		return true;
	case PROTO_NETMON_EVENT:
		netmon_event_values(d, n, abbrev, fn, data);
		return true;
	case PROTO_IP:
		if (fv_same(abbrev, "ip.len")) {
			/* 0 when the sender offloaded segmentation: the length the
			 * frame gives, as Wireshark presumes */
			if (n >= 4) {
				uint32_t len = be16(d + 2);
				fv_give_uint(fn, data, len ? len : l->off < p->frame->len ? p->frame->len - l->off : 0);
			}
			return true;
		}
		if (!fv_same(abbrev, "ip.opt.type"))
			return false;
		ipv4_option_values(d, n, abbrev, fn, data);
		return true;
	case PROTO_IPV6:
		if (strncmp(abbrev, "ipv6.", 5) != 0 || fv_same(abbrev, "ipv6.addr"))
			return false;
		ipv6_ext_values(d, n, abbrev, fn, data);
		return true;
	case PROTO_NULL_LINK:
		null_values(d, n, abbrev, fn, data);
		return true;
	default:
		return false;
	}
}
