/* bitcoin.c — the Bitcoin peer-to-peer protocol (the Bitcoin developer
 * reference, "P2P Network"), over TCP on any port: each message a 24-byte
 * header and a payload.
 *
 *   +----------+---------------------------+------------+-------------+---------+
 *   | magic(4) | command(12, ASCII, zeros  | payload    | checksum(4) | payload |
 *   | LE       | after the name)           | length(4), |             |         |
 *   |          |                           | LE         |             |         |
 *   +----------+---------------------------+------------+-------------+---------+
 *
 * As Wireshark 4.0 does: no port of its own (8333 only when asked); its
 * heuristic takes a segment whose first four bytes are the main network's,
 * testnet's or testnet3's magic, and the connection is Bitcoin from then on,
 * both ways, each message framed by its header's length (bytes that do not
 * start a message are read as one all the same: their "command" is one it
 * does not know).  Info is the segment's commands, one after another; the
 * payloads are not read.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

enum { BTC_HEADER = 24, BTC_COMMAND = 4, BTC_COMMAND_LEN = 12, BTC_LENGTH = 16, BTC_CHECKSUM = 20 };

static const uint32_t btc_magics[] = {0xd9b4bef9, 0xdab5bffa, 0x0709110b};

/* The commands Wireshark 4.0 reads (the others are "[unknown command]"). */
static const char *const btc_commands[] = {
	"version", "addr", "inv", "getdata", "getblocks", "getheaders", "tx", "block",
	"ping", "pong", "notfound", "reject", "headers", "filterload", "filteradd", "merkleblock",
	"verack", "getaddr", "mempool", "filterclear", "checkorder", "submitorder", "reply", "alert",
};

static const struct field_def bitcoin_fields[] = {
	{"bitcoin.magic", "Packet magic", FT_UINT32, BASE_HEX, 0, 4, 0, NULL},
	{"bitcoin.command", "Command name", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"bitcoin.length", "Payload Length", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"bitcoin.checksum", "Payload checksum", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(bitcoin);

static uint32_t btc_le32(const uint8_t *d)
{
	return (uint32_t)d[0] | (uint32_t)d[1] << 8 | (uint32_t)d[2] << 16 | (uint32_t)d[3] << 24;
}

/* The header's length plus the payload's, in 32 bits as Wireshark adds
 * them: one that wraps below the header is refused. */
static uint32_t bitcoin_pdu_len(const uint8_t *d, uint32_t avail)
{
	if (avail < BTC_HEADER)
		return PDU_NEED_MORE;
	uint32_t len = BTC_HEADER + btc_le32(d + BTC_LENGTH);
	return len < BTC_HEADER ? 0 : len;
}

/* The command's name: its 12 bytes up to the first zero. */
static uint32_t btc_command_len(const uint8_t *d)
{
	const uint8_t *z = memchr(d + BTC_COMMAND, 0, BTC_COMMAND_LEN);
	return z ? (uint32_t)(z - (d + BTC_COMMAND)) : BTC_COMMAND_LEN;
}

static bool btc_known(const uint8_t *d)
{
	uint32_t n = btc_command_len(d);
	for (size_t i = 0; i < G_N_ELEMENTS(btc_commands); i++)
		if (strlen(btc_commands[i]) == n && memcmp(btc_commands[i], d + BTC_COMMAND, n) == 0)
			return true;
	return false;
}

/* A message (its payload not read); a length that wraps below the header's
 * own is the framing's error, TCP's. */
static void dissect_bitcoin(struct packet *p, struct cursor *c)
{
	tcp_pdu_message(p, PROTO_BITCOIN, c, bitcoin_pdu_len, BTC_HEADER, BTC_HEADER, 0);
}

/* Wireshark's heuristic: one of the three networks' magic first. */
static void dissect_bitcoin_heur(struct packet *p, struct cursor *c)
{
	if (cursor_left(c) < 4)
		return;
	uint32_t magic = btc_le32(c->data + c->off);
	for (size_t i = 0; i < G_N_ELEMENTS(btc_magics); i++)
		if (magic == btc_magics[i]) {
			dissect_bitcoin(p, c);
			return;
		}
}

/* The segment's first message clears Info, each adds its command. */
static void bitcoin_columns(struct columns *c, const struct packet *p, int idx)
{
	if (p->layers[idx].flags & PKT_NO_ITEM)
		return;
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_proto(c, "Bitcoin");
	if (!col_follows_same(p, idx))
		col_clear(c);
	if (n < BTC_HEADER)
		return;
	if (btc_known(d))
		col_append_sep(c, ", ", "%.*s", (int)btc_command_len(d), (const char *)d + BTC_COMMAND);
	else
		col_append_sep(c, ", ", "[unknown command]");
}

static void bitcoin_expert(struct experts *e, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	if (d && n >= BTC_HEADER && !(p->layers[idx].flags & PKT_NO_ITEM) && !btc_known(d))
		expert_add(e, EXPERT_WARN, EXPERT_PROTOCOL, "Bitcoin", "Unknown command");
}

static void bitcoin_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
			   const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	const char *a = f->abbrev;
	if (!d || n < BTC_HEADER)
		return;
	if (fv_same(a, "bitcoin.command"))
		fv_give_ptr(fn, data, FV_STRING, d + BTC_COMMAND, btc_command_len(d));
	else if (fv_same(a, "bitcoin.length"))
		fv_give_uint(fn, data, btc_le32(d + BTC_LENGTH));
	else if (fv_same(a, "bitcoin.checksum"))
		fv_give_uint(fn, data, fv_get32(d + BTC_CHECKSUM, true));
}

/* Wireshark's registration: the heuristic only; a connection it claims
 * stays Bitcoin, each message framed by its length. */
static const struct handoff bitcoin_handoff[] = {
	TCP_HEUR(25, dissect_bitcoin_heur),
	HANDOFF_LIST_END,
};
static const struct pdu_framing bitcoin_framing[] = {
	{dissect_bitcoin, bitcoin_pdu_len, NULL, false, NULL, false},
	{dissect_bitcoin_heur, bitcoin_pdu_len, dissect_bitcoin, false, NULL, false},
	{NULL, NULL, NULL, false, NULL, false},
};
PROTOCOL_ID(BITCOIN, "bitcoin", "Bitcoin protocol");
const struct protocol proto_bitcoin = {PROTO_BITCOIN, .short_name = "Bitcoin", .fields = &bitcoin_table,
				       .columns = bitcoin_columns, .partial = col_partial_clear, .expert = bitcoin_expert, .values = bitcoin_values,
				       .handoff = bitcoin_handoff, .framing = bitcoin_framing};
