/* sflow.c — sFlow versions 2, 4 and 5 (sflow.org), UDP port 6343: an
 * agent's datagram of packet samples and interface counters.
 *
 *   | version (4) | agent address type (4): 0 none, 1 IPv4, 2 IPv6 |
 *   | agent address (0, 4 or 16) | version 5: sub-agent id (4) |
 *   | sequence number (4) | uptime in ms (4) | number of samples (4) | samples ...
 *
 *   version 5 sample:  | enterprise (20 bits) format (12) | length (4) | data |
 *     flow sample (format 1):   | sequence | source id | sampling rate | pool |
 *                               | drops | input | output | records (4) | records ...
 *     expanded (format 3):      | sequence | source type | index | rate | pool |
 *                               | drops | in format | in | out format | out | records | ...
 *     flow record:              | enterprise/format (4) | length (4) | data |
 *     raw packet header record (format 1): | protocol (4) | frame length (4) |
 *                               | stripped (4) | header length (4) | header ... |
 *
 * Info as Wireshark writes it: "V5, agent 10.0.0.9, sub-agent ID 7, seq 123,
 * 2 samples" (no agent for address type 0, no sub-agent before version 5).
 * A version other than 2, 4 or 5, or an address type above 2, is no sFlow.
 * A sampled packet header is dissected as Wireshark's default does (its
 * "Dissect data in sampled headers" preference is on): Ethernet, IPv4 or
 * IPv6 (else data), inside sFlow's tree, so in frame.protocols and filters
 * but no node of the hierarchy, with the columns and addresses left alone
 * and the statistics told as of a packet quoted in an ICMP error; what it
 * runs out of raises nothing.  Records other than sampled headers, counter
 * samples' records and the samples of versions 2 and 4 are not read.
 */
#include <arpa/inet.h>

#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

enum {
	SFLOW_PORT = 6343,
	SFLOW_FLOW_SAMPLE = 1, SFLOW_EXPANDED_FLOW_SAMPLE = 3,
	SFLOW_RAW_HEADER = 1,
	SFLOW_HDR_ETHERNET = 1, SFLOW_HDR_IPV4 = 11, SFLOW_HDR_IPV6 = 12,
	SFLOW_MAX_LOOP = 0xff, /* Wireshark reads at most 255 samples and records */
};

static const struct field_def sflow_fields[] = {
	{"sflow_245.version", "Datagram version", FT_UINT32, BASE_DEC, 0, 4, 0, NULL},
	{"sflow_245.agenttype", "Agent address type", FT_UINT32, BASE_DEC, 4, 4, 0, NULL},
	{"sflow_245.agent", "Agent address", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"sflow_245.agent.v6", "Agent address", FT_IPV6, BASE_NONE, FIELD_VAR, 16, 0, NULL},
	{"sflow_245.sub_agent_id", "Sub-agent ID", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"sflow_245.sequence_number", "Sequence number", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"sflow_245.sysuptime", "SysUptime", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"sflow_245.numsamples", "NumSamples", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"sflow_245.sampletype", "sFlow sample type", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0x0fff, NULL},
	{"sflow_5.sample_length", "Sample length (byte)", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"sflow_245.header_protocol", "Header protocol", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(sflow);

/* The datagram header read from D (N bytes). */
struct sflow_hdr {
	uint32_t version, addr_type, sub_agent, seq, uptime, samples;
	const uint8_t *agent;
	uint32_t at;        /* where the samples start */
	unsigned have;      /* fields read: 1 type, 2 address, 3 sub-agent, 4 seq, 5 uptime, 6 samples */
};

static uint32_t be32_at(const uint8_t *d, uint32_t at)
{
	return bytes_be32(d + at);
}

/* Whether D (N bytes) starts as an sFlow datagram Wireshark takes. */
static bool sflow_taken(const uint8_t *d, uint32_t n)
{
	if (n < 8)
		return false;
	uint32_t v = be32_at(d, 0), type = be32_at(d, 4);
	return (v == 2 || v == 4 || v == 5) && type <= 2;
}

static struct sflow_hdr sflow_read(const uint8_t *d, uint32_t n)
{
	struct sflow_hdr h = {.version = be32_at(d, 0), .addr_type = be32_at(d, 4), .at = 8, .have = 1};
	uint32_t alen = h.addr_type == 1 ? 4 : h.addr_type == 2 ? 16 : 0;
	if (h.at + alen > n)
		return h;
	h.agent = alen ? d + h.at : NULL;
	h.at += alen;
	h.have = 2;
	if (h.version == 5) {
		if (h.at + 4 > n)
			return h;
		h.sub_agent = be32_at(d, h.at);
		h.at += 4;
	}
	h.have = 3;
	uint32_t *f[] = {&h.seq, &h.uptime, &h.samples};
	for (unsigned i = 0; i < 3; i++) {
		if (h.at + 4 > n)
			return h;
		*f[i] = be32_at(d, h.at);
		h.at += 4;
		h.have++;
	}
	return h;
}

/* The sampled packet header of HLEN bytes in C (a raw packet header
 * record's), of link protocol PROTO, dissected inside sFlow's tree: in
 * Wireshark's hierarchy only what a UDP header in it hands its payload to
 * shows (under sFlow), the other layers do not.  A header longer than the
 * datagram fails C before anything is dissected. */
static void sflow_sampled(struct packet *p, struct cursor *c, uint32_t proto, uint32_t hlen)
{
	if (hlen > cursor_rleft(c)) {
		cursor_skip(c, cursor_rleft(c) + 1);
		return;
	}
	struct cursor in = cursor_sub(c, hlen);
	int first = p->nlayers;
	uint32_t saved = p->flags & PKT_IN_ERROR;
	p->flags |= PKT_IN_ERROR;
	if (proto == SFLOW_HDR_ETHERNET)
		dissect_eth(p, &in);
	else if (proto == SFLOW_HDR_IPV4)
		dissect_ipv4(p, &in);
	else if (proto == SFLOW_HDR_IPV6)
		dissect_ipv6(p, &in);
	else
		dissect_data(p, &in);
	p->flags = (p->flags & ~(uint32_t)PKT_IN_ERROR) | saved;
	bool after_udp = false;
	for (int i = first; i < p->nlayers; i++) {
		if (!after_udp)
			p->layers[i].flags |= PKT_NESTED;
		after_udp = after_udp || p->layers[i].proto == PROTO_UDP;
	}
}

/* A version 5 flow sample's records from C: each record's header, a raw
 * packet header's own header and its packet. */
static void sflow_flow_records(struct packet *p, struct cursor *c, bool expanded)
{
	cursor_skip(c, expanded ? 40 : 28);
	uint32_t records = cursor_be32(c);
	for (uint32_t i = 0; i < (records & SFLOW_MAX_LOOP) && cursor_ok(c); i++) {
		uint32_t format = cursor_be32(c), len = cursor_be32(c);
		if (!cursor_ok(c))
			return;
		uint32_t start = c->off;
		if (format == SFLOW_RAW_HEADER) {
			uint32_t proto = cursor_be32(c);
			cursor_skip(c, 8);
			uint32_t hlen = cursor_be32(c);
			if (!cursor_ok(c))
				return;
			sflow_sampled(p, c, proto, hlen);
		}
		c->off = start;
		if (!cursor_skip(c, len))
			return;
	}
}

/* Version 5's samples from C: each one's type and length, its data checked
 * to lie inside the datagram; a sample of another enterprise ends the
 * reading of the datagram (Wireshark goes to its end). */
static void sflow_samples(struct packet *p, struct cursor *c, uint32_t n)
{
	for (uint32_t i = 0; i < (n & SFLOW_MAX_LOOP) && cursor_ok(c); i++) {
		uint32_t type = cursor_be32(c);
		if (!cursor_ok(c))
			return;
		if (type >> 12) {
			cursor_skip(c, cursor_left(c));
			continue;
		}
		uint32_t len = cursor_be32(c);
		if (!cursor_ok(c))
			return;
		uint32_t start = c->off;
		if ((type & 0xfff) == SFLOW_FLOW_SAMPLE || (type & 0xfff) == SFLOW_EXPANDED_FLOW_SAMPLE) {
			struct cursor s = *c;
			sflow_flow_records(p, &s, (type & 0xfff) == SFLOW_EXPANDED_FLOW_SAMPLE);
			if (!cursor_ok(&s)) {
				*c = s;
				return;
			}
		}
		c->off = start;
		cursor_skip(c, len);
	}
}

static void dissect_sflow(struct packet *p, struct cursor *c)
{
	const uint8_t *d = c->data + c->off;
	uint32_t n = cursor_left(c);
	if (!sflow_taken(d, n)) {
		if (n < 8 && cursor_rleft(c) >= 4 && n >= 4) {
			uint32_t v = be32_at(d, 0);
			if (v == 2 || v == 4 || v == 5) {
				/* Wireshark reads the address type before it shows anything */
				int idx = pkt_push_layer(p, PROTO_SFLOW, c->off);
				if (idx < 0)
					return;
				p->layers[idx].flags |= PKT_NESTED | PKT_NO_ITEM;
				cursor_skip(c, 8);
				app_note(p, idx, c);
			}
		}
		return;
	}
	int idx = pkt_push_layer(p, PROTO_SFLOW, c->off);
	if (idx < 0)
		return;
	p->layers[idx].len = n;
	struct sflow_hdr h = sflow_read(d, n);
	if (h.have < 6) {
		cursor_skip(c, cursor_left(c) + 1);
		app_note(p, idx, c);
		return;
	}
	cursor_skip(c, h.at);
	if (h.version == 5)
		sflow_samples(p, c, h.samples);
	else
		cursor_skip(c, cursor_left(c));
	app_note(p, idx, c);
}

static void sflow_values(G_GNUC_UNUSED const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
			 const struct field_def *f, fvalue_fn fn, void *data)
{
	n = n < l->len ? n : l->len;
	if (!d || (l->flags & PKT_NO_ITEM) || !sflow_taken(d, n))
		return;
	struct sflow_hdr h = sflow_read(d, n);
	const char *a = f->abbrev;
	if (h.agent && h.addr_type == 1 && fv_same(a, "sflow_245.agent"))
		fv_give_ptr(fn, data, FV_IPV4, h.agent, 4);
	else if (h.agent && h.addr_type == 2 && fv_same(a, "sflow_245.agent.v6"))
		fv_give_ptr(fn, data, FV_IPV6, h.agent, 16);
	const struct fv_named_uint hdr[] = {
		{"sflow_245.sub_agent_id", h.sub_agent, h.version == 5 && h.have >= 3},
		{"sflow_245.sequence_number", h.seq, h.have >= 4},
		{"sflow_245.sysuptime", h.uptime, h.have >= 5},
		{"sflow_245.numsamples", h.samples, h.have >= 6},
	};
	fv_give_named(fn, data, a, hdr, G_N_ELEMENTS(hdr));
	bool type = fv_same(a, "sflow_245.sampletype"), length = fv_same(a, "sflow_5.sample_length");
	bool hproto = fv_same(a, "sflow_245.header_protocol");
	if (h.version != 5 || h.have < 6 || !(type || length || hproto))
		return;
	/* each sample's type and length, each raw packet header's protocol */
	uint32_t at = h.at;
	for (uint32_t i = 0; i < (h.samples & SFLOW_MAX_LOOP) && at + 8 <= n; i++) {
		uint32_t st = be32_at(d, at), len = be32_at(d, at + 4);
		if (st >> 12)
			return;
		if (type)
			fv_give_uint(fn, data, st & 0xfff);
		if (length)
			fv_give_uint(fn, data, len);
		uint32_t fmt = st & 0xfff;
		if (hproto && (fmt == SFLOW_FLOW_SAMPLE || fmt == SFLOW_EXPANDED_FLOW_SAMPLE)) {
			uint32_t r = at + 8 + (fmt == SFLOW_EXPANDED_FLOW_SAMPLE ? 40 : 28);
			uint32_t records = r + 4 <= n ? be32_at(d, r) : 0;
			r += 4;
			for (uint32_t k = 0; k < (records & SFLOW_MAX_LOOP) && r + 12 <= n; k++) {
				if (be32_at(d, r) == SFLOW_RAW_HEADER)
					fv_give_uint(fn, data, be32_at(d, r + 8));
				r += 8 + be32_at(d, r + 4);
			}
		}
		at += 8 + len;
	}
}

/* "V5, agent 10.0.0.9, sub-agent ID 7, seq 123, 2 samples", as far as the
 * header goes. */
static void sflow_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_begin(c, p, idx, &n);
	n = n < p->layers[idx].len ? n : p->layers[idx].len;
	if (!d || !sflow_taken(d, n))
		return;
	struct sflow_hdr h = sflow_read(d, n);
	col_set(c, "V%u", h.version);
	if (h.have < 2)
		return;
	if (h.agent) {
		char buf[INET6_ADDRSTRLEN];
		if (inet_ntop(h.addr_type == 1 ? AF_INET : AF_INET6, h.agent, buf, sizeof buf))
			col_append(c, ", agent %s", buf);
	}
	if (h.version == 5 && h.have >= 3)
		col_append(c, ", sub-agent ID %u", h.sub_agent);
	if (h.have >= 4)
		col_append(c, ", seq %u", h.seq);
	if (h.have >= 6)
		col_append(c, ", %u samples", h.samples);
}

/* Wireshark's registration: UDP port 6343, followed even when only
 * transport headers are wanted: the sampled packets' TCP or UDP headers
 * count in the destinations, as an ICMP error's quote does. */
static const struct handoff sflow_handoff[] = {
	UDP_TUNNEL_PORT(SFLOW_PORT, dissect_sflow),
	HANDOFF_LIST_END,
};

PROTOCOL_ID(SFLOW, "sflow", "InMon sFlow");
const struct protocol proto_sflow = {PROTO_SFLOW, .short_name = "sFlow", .transport = true, .fields = &sflow_table,
				     .columns = sflow_columns, .values = sflow_values, .handoff = sflow_handoff};
