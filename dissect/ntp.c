/* ntp.c — Network Time Protocol (RFC 5905), UDP 123.
 *
 *   0       1       2       3       4               8              12
 *   +-------+-------+-------+-------+---------------+---------------+
 *   |LI|VN|M|stratum| poll  | prec  |  root delay   | root dispers. |
 *   +-------+-------+-------+-------+---------------+---------------+
 *   | reference ID  | reference timestamp (8) | origin timestamp (8) |
 *   | receive timestamp (8) | transmit timestamp (8) | [extensions, MAC]
 *
 * The mode (low 3 bits of the first byte) picks the layout: 6 is a control
 * message (RFC 1305 appendix B: a 12-byte header, then data), 7 the private
 * (ntpdc) format with a 4-byte header; every other mode is the 48-byte
 * packet above.  Every payload on port 123 is taken as NTP.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct value_string ntp_mode_vals[] = {
	{0, "reserved"}, {1, "symmetric active"}, {2, "symmetric passive"}, {3, "client"},
	{4, "server"}, {5, "broadcast"}, {6, "reserved for NTP control message"},
	{7, "reserved for private use"}, {0, NULL},
};

static const struct field_def ntp_fields[] = {
	{"ntp.flags", "Flags", FT_UINT8, BASE_HEX, 0, 1, 0, NULL},
	{"ntp.flags.li", "Leap Indicator", FT_UINT8, BASE_DEC, 0, 1, 0xc0, NULL},
	{"ntp.flags.vn", "Version number", FT_UINT8, BASE_DEC, 0, 1, 0x38, NULL},
	{"ntp.flags.mode", "Mode", FT_UINT8, BASE_DEC, 0, 1, 0x07, ntp_mode_vals},
	{"ntp.stratum", "Peer Clock Stratum", FT_UINT8, BASE_DEC, 1, 1, 0, NULL},
	{"ntp.ppoll", "Peer Polling Interval", FT_UINT8, BASE_DEC, 2, 1, 0, NULL},
	{"ntp.precision", "Peer Clock Precision", FT_UINT8, BASE_DEC, 3, 1, 0, NULL},
	{"ntp.rootdelay", "Root Delay", FT_UINT32, BASE_DEC, 4, 4, 0, NULL},
	{"ntp.rootdispersion", "Root Dispersion", FT_UINT32, BASE_DEC, 8, 4, 0, NULL},
	{"ntp.refid", "Reference ID", FT_BYTES, BASE_NONE, 12, 4, 0, NULL},
	{"ntp.reftime", "Reference Timestamp", FT_ABSTIME, BASE_NONE, FIELD_VAR, 8, 0, NULL},
	{"ntp.org", "Origin Timestamp", FT_ABSTIME, BASE_NONE, FIELD_VAR, 8, 0, NULL},
	{"ntp.rec", "Receive Timestamp", FT_ABSTIME, BASE_NONE, FIELD_VAR, 8, 0, NULL},
	{"ntp.xmt", "Transmit Timestamp", FT_ABSTIME, BASE_NONE, FIELD_VAR, 8, 0, NULL},
	{"ntp.keyid", "Key ID", FT_BYTES, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"ntp.mac", "Message Authentication Code", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(ntp);

void dissect_ntp(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_NTP, c->off);
	if (idx < 0)
		return;
	int first = cursor_peek(c, 0);
	unsigned mode = first < 0 ? 0 : (unsigned)first & 7;
	app_skip(c, mode == 7 ? 4 : mode == 6 ? 12 : 48);
	app_note(p, idx, c);
}

static uint32_t be32(const uint8_t *d)
{
	return (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 | d[3];
}

/* NTP (modes 1-5): 48 bytes, the four timestamps at 16, 24, 32 and 40
 * (seconds since 1900 and a binary fraction); then, when 20 bytes or more
 * follow, a key id and a message digest. */
static unsigned ntp_values(const uint8_t *b, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	static const struct {
		const char *name;
		uint8_t at;
	} stamps[] = {{"ntp.reftime", 16}, {"ntp.org", 24}, {"ntp.rec", 32}, {"ntp.xmt", 40}};
	uint32_t mode = n ? b[0] & 7 : 0;
	if (n < 48 || mode == 0 || mode > 5)
		return 0;
	for (size_t i = 0; i < sizeof stamps / sizeof stamps[0]; i++)
		if (fv_same(a, stamps[i].name)) {
			uint64_t sec = be32(b + stamps[i].at), frac = be32(b + stamps[i].at + 4);
			struct fvalue v = {.kind = FV_TIME};
			v.i = (int64_t)(sec - 2208988800u) * 1000000000 + (int64_t)((frac * 1000000000u) >> 32);
			if (sec == 0 && frac == 0)
				v.i = 0; /* "not set": the epoch, as Wireshark keeps it */
			fn(&v, data);
			return 1;
		}
	bool auth = n >= 48 + 4 + 16; /* a key id and a digest of 16 bytes or more */
	if (auth && fv_same(a, "ntp.keyid"))
		return fv_give_ptr(fn, data, FV_BYTES, b + 48, 4);
	if (auth && fv_same(a, "ntp.mac"))
		return fv_give_ptr(fn, data, FV_BYTES, b + 52, n - 52);
	return 0;
}

static void ntp_field_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
			     const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		ntp_values(d, n, f->abbrev, fn, data);
}

/* "NTP Version 3, client": the version and the mode of the first byte. */
static void ntp_columns(struct columns *c, const struct packet *p, int idx)
{
	static const char *const modes[] = {"reserved", "symmetric active", "symmetric passive", "client",
					    "server", "broadcast", "control", "private"};
	uint32_t n;
	const uint8_t *d = col_begin(c, p, idx, &n);
	if (n >= 1)
		col_append(c, "NTP Version %u, %s", (d[0] >> 3) & 7u, modes[d[0] & 7]);
}

static const struct handoff ntp_handoff[] = {
	UDP_PORT(123, dissect_ntp),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(NTP, "ntp", "Network Time Protocol");
const struct protocol proto_ntp = {PROTO_NTP, .short_name = "NTP", .columns = ntp_columns, .values = ntp_field_values, .fields = &ntp_table,
                                   .handoff = ntp_handoff};
