/* git.c — Git's smart protocol (git-daemon, TCP port 9418; gitprotocol-pack):
 * pkt-lines, each its length as 4 hex digits (the digits included), then
 * its data; the lengths 0 to 3 are special packets of no data:
 *
 *   +-----------------+--------------------------------------+
 *   | length (4 hex)  | data (length - 4 bytes)              |
 *   +-----------------+--------------------------------------+
 *   "0000" flush, "0001" delimiter, "0002" response end
 *
 * A data byte 1, 2 or 3 first is a side-band channel (packfile data,
 * progress, error).  Each pkt-line is one `git` layer.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

enum { GIT_LEN = 4 };

static const struct value_string git_packet_types[] = {
	{0, "Flush"}, {1, "Delimiter"}, {2, "Response end"}, {3, "Unknown"}, {0, NULL},
};

static const struct value_string git_sideband[] = {
	{1, "Git packfile data"}, {2, "Git progress data"}, {3, "Git error data"}, {0, NULL},
};

static const struct field_def git_fields[] = {
	{"git.packet_type", "Git Packet Type", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, git_packet_types},
	{"git.length", "Packet length", FT_UINT16, BASE_HEX, FIELD_VAR, 2, 0, NULL},
	{"git.data", "Packet data", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"git.sideband_control_code", "Sideband control code", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, git_sideband},
};
FIELD_TABLE_DEFINE(git);

/* The length at D (N bytes): the hex digits it starts with (after blanks),
 * as a scan for a hexadecimal number reads them; false when none. */
static bool git_length(const uint8_t *d, uint32_t n, uint32_t *len)
{
	uint32_t i = 0, v = 0, digits = 0;
	if (n > GIT_LEN)
		n = GIT_LEN;
	while (i < n && g_ascii_isspace(d[i]))
		i++;
	for (; i < n && g_ascii_isxdigit(d[i]); i++, digits++)
		v = v << 4 | (uint32_t)g_ascii_xdigit_value((char)d[i]);
	*len = v;
	return digits > 0;
}

static uint32_t git_pdu_len(const uint8_t *d, uint32_t avail)
{
	if (avail < GIT_LEN)
		return PDU_NEED_MORE;
	uint32_t len;
	if (!git_length(d, avail, &len))
		return PDU_NEED_MORE; /* as Wireshark: held for a length that never comes */
	return len < GIT_LEN ? GIT_LEN : len;
}

static void dissect_git(struct packet *p, struct cursor *c)
{
	uint32_t len;
	int idx = pkt_push_layer(p, PROTO_GIT, c->off);
	if (idx < 0)
		return;
	if (cursor_need(c, GIT_LEN) && git_length(c->data + c->off, GIT_LEN, &len) && len == GIT_LEN) {
		cursor_skip(c, GIT_LEN);
		cursor_need(c, 1); /* a data line of no data: its first byte is read */
	}
	if (cursor_ok(c))
		cursor_skip(c, cursor_rleft(c));
	pkt_note_cursor(p, idx, c);
}

static void git_expert(struct experts *e, const struct packet *p, int idx)
{
	uint32_t n, len;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	if (d && git_length(d, n, &len) && len == 3)
		expert_add(e, EXPERT_ERROR, EXPERT_PROTOCOL, "Git", "unrecognized special pkt-len value");
}

static void git_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d,
		       uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	uint32_t len;
	const char *a = f->abbrev;
	if (!d || n < GIT_LEN || !git_length(d, n, &len))
		return;
	if (len < GIT_LEN) {
		if (fv_same(a, "git.packet_type"))
			fv_give_uint(fn, data, len);
		return;
	}
	if (fv_same(a, "git.length")) {
		fv_give_uint(fn, data, len);
		return;
	}
	if (len > n)
		len = n;
	if (len == GIT_LEN)
		return;
	uint32_t at = GIT_LEN;
	if (d[at] >= 1 && d[at] <= 3) {
		if (fv_same(a, "git.sideband_control_code"))
			fv_give_uint(fn, data, d[at]);
		at++;
	}
	if (fv_same(a, "git.data"))
		fv_give_ptr(fn, data, FV_BYTES, d + at, len - at);
}

/* Wireshark's registration: TCP port 9418, each pkt-line framed by its length. */
static const struct handoff git_handoff[] = {
	TCP_PORT(9418, dissect_git),
	HANDOFF_LIST_END,
};
static const struct pdu_framing git_framing[] = {
	{dissect_git, git_pdu_len, NULL, false, NULL, false},
	{NULL, NULL, NULL, false, NULL, false},
};
PROTOCOL_ID(GIT, "git", "Git Smart Protocol");
const struct protocol proto_git = {PROTO_GIT, .short_name = "Git", .fields = &git_table, .expert = git_expert,
				   .values = git_values, .handoff = git_handoff, .framing = git_framing};
