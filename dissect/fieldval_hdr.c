/* fieldval_hdr.c — field values of link and transport headers whose place
 * or presence depends on the header itself: the Linux cooked header (two
 * versions with different layouts), the Ethernet address bits (one per
 * address) and TCP options (a list of kind, length, value). */
#include <string.h>

#include "analyzer/frame.h"
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
				uint32_t edge = be32(v + k + (a[18] == 'r' ? 4 : 0));
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

bool header_field_values(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
			 const char *abbrev, fvalue_fn fn, void *data)
{
	switch (l->proto) {
	case PROTO_SLL:
		sll_values(p->frame->linktype == LINKTYPE_LINUX_SLL2, d, n, abbrev, fn, data);
		return true;
	case PROTO_ETH:
		return eth_values(d, n, abbrev, fn, data) > 0 || fv_same(abbrev, "eth.ig") || fv_same(abbrev, "eth.lg");
	case PROTO_TCP:
		if (strncmp(abbrev, "tcp.options", 11) != 0)
			return false;
		tcp_option_values(d, n, abbrev, p->tcp_tracked && p->tcp_has_ack_base && !(l->flags & PKT_IN_ERROR),
				  p->tcp_ack_base, fn, data);
		return true;
	default:
		return false;
	}
}
