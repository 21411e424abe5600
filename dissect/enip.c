/* enip.c — EtherNet/IP's encapsulation (ODVA, "The CIP Networks Library,
 * Volume 2: EtherNet/IP Adaptation of CIP", chapter 2) on TCP and UDP port
 * 44818: a 24-byte header, little-endian, then the command's data.
 *
 *   +-------------+------------+------------------+-----------------+
 *   | command (2) | length (2) | session handle(4)| status (4)      |
 *   +-------------+------------+------------------+-----------------+
 *   | sender context (8)                         | options (4)     |
 *   +--------------------------------------------+-----------------+
 *   | data (length): Register Session: version (2), flags (2);       |
 *   | Send RR / Unit Data: interface handle (4), timeout (2), then   |
 *   | the Common Packet Format; List Identity / Services / Interfaces|
 *   | replies: the Common Packet Format alone                        |
 *   +----------------------------------------------------------------+
 *
 * The Common Packet Format: an item count (2), then items of a type (2),
 * a length (2) and data.  Over TCP each message is framed by its length,
 * several to a segment or one over several.  A message to port 44818 is a
 * request ("(Req)"), one from it a reply ("(Rsp)"), else "(?)".  Like
 * Wireshark, the data is read only when the length is not 0; the header's
 * fields appear once its 24 bytes are there.
 */
#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/expert.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

enum {
	ENIP_PORT = 44818,
	ENIP_HDR = 24,
	ENIP_LIST_SERVICES = 0x0004,
	ENIP_LIST_IDENTITY = 0x0063,
	ENIP_LIST_INTERFACES = 0x0064,
	ENIP_REGISTER = 0x0065,
	ENIP_UNREGISTER = 0x0066,
	ENIP_SEND_RR = 0x006f,
	ENIP_SEND_UNIT = 0x0070,
	ENIP_ITEM_IDENTITY = 0x000c,
	ENIP_ITEM_SERVICES = 0x0100,
	ENIP_ITEM_CONNECTED_ADDRESS = 0x00a1,
	ENIP_ITEM_CONNECTED_DATA = 0x00b1,
	ENIP_ITEM_UNCONNECTED_DATA = 0x00b2,
	ENIP_ITEM_SEQUENCED_ADDRESS = 0x8002,
	ENIP_IO_PORT = 2222,
};

static const struct value_string enip_commands[] = {
	{0x0000, "NOP"}, {ENIP_LIST_SERVICES, "List Services"}, {ENIP_LIST_IDENTITY, "List Identity"},
	{ENIP_LIST_INTERFACES, "List Interfaces"}, {ENIP_REGISTER, "Register Session"},
	{ENIP_UNREGISTER, "Unregister Session"}, {ENIP_SEND_RR, "Send RR Data"},
	{ENIP_SEND_UNIT, "Send Unit Data"}, {0, NULL},
};

static const struct field_def enip_fields[] = {
	{"enip.command", "Command", FT_UINT16, BASE_HEX_LE, 0, 2, 0, enip_commands},
	{"enip.length", "Length", FT_UINT16, BASE_DEC_LE, 2, 2, 0, NULL},
	{"enip.session", "Session Handle", FT_UINT32, BASE_HEX_LE, 4, 4, 0, NULL},
	{"enip.status", "Status", FT_UINT32, BASE_HEX_LE, 8, 4, 0, NULL},
	{"enip.context", "Sender Context", FT_BYTES, BASE_NONE, FIELD_VAR, 8, 0, NULL},
	{"enip.listid_delay", "Max Response Delay", FT_UINT16, BASE_DEC_LE, FIELD_VAR, 2, 0, NULL},
	{"enip.options", "Options", FT_UINT32, BASE_HEX_LE, 20, 4, 0, NULL},
	{"enip.rs.version", "Protocol Version", FT_UINT16, BASE_DEC_LE, FIELD_VAR, 2, 0, NULL},
	{"enip.rs.flags", "Option Flags", FT_UINT16, BASE_HEX_LE, FIELD_VAR, 2, 0, NULL},
	{"enip.srrd.iface", "Interface Handle", FT_UINT32, BASE_HEX_LE, FIELD_VAR, 4, 0, NULL},
	{"enip.sud.iface", "Interface Handle", FT_UINT32, BASE_HEX_LE, FIELD_VAR, 4, 0, NULL},
	{"enip.timeout", "Timeout", FT_UINT16, BASE_DEC_LE, FIELD_VAR, 2, 0, NULL},
	{"enip.cpf.itemcount", "Item Count", FT_UINT16, BASE_DEC_LE, FIELD_VAR, 2, 0, NULL},
	{"enip.cpf.typeid", "Type ID", FT_UINT16, BASE_HEX_LE, FIELD_VAR, 2, 0, NULL},
	{"enip.cpf.length", "Length", FT_UINT16, BASE_DEC_LE, FIELD_VAR, 2, 0, NULL},
	{"enip.cpf.cai.connid", "Connection ID", FT_UINT32, BASE_HEX_LE, FIELD_VAR, 4, 0, NULL},
	{"enip.cpf.sai.connid", "Connection ID", FT_UINT32, BASE_HEX_LE, FIELD_VAR, 4, 0, NULL},
	{"enip.cpf.sai.seq", "Encapsulation Sequence Number", FT_UINT32, BASE_DEC_LE, FIELD_VAR, 4, 0, NULL},
	{"cip.seq", "CIP Sequence Count", FT_UINT16, BASE_DEC_LE, FIELD_VAR, 2, 0, NULL},
	{"enip.lsr.servicename", "Name of Service", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"enip.lir.name", "Product Name", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(enip);

/* Where a command's Common Packet Format starts in its data, or -1 when
 * it has none. */
static int enip_cpf_at(unsigned command)
{
	switch (command) {
	case ENIP_LIST_SERVICES: case ENIP_LIST_IDENTITY: case ENIP_LIST_INTERFACES:
		return 0;
	case ENIP_SEND_RR: case ENIP_SEND_UNIT:
		return 6;
	default:
		return -1;
	}
}

/* The bytes Wireshark reads of message D (N bytes there, the header whole):
 * the header, then with a length the command's data and each CPF item. */
static uint32_t enip_need(const uint8_t *d, uint32_t n)
{
	unsigned command = fv_get16(d, false), len = fv_get16(d + 2, false);
	if (len == 0)
		return ENIP_HDR;
	if (command == ENIP_REGISTER)
		return ENIP_HDR + 4;
	int cpf = enip_cpf_at(command);
	if (cpf < 0)
		return ENIP_HDR;
	uint32_t at = ENIP_HDR + (uint32_t)cpf;
	if (n < at + 2)
		return at + 2;
	unsigned count = fv_get16(d + at, false);
	at += 2;
	for (unsigned i = 0; i < count; i++) {
		if (n < at + 4)
			return at + 4;
		uint32_t ilen = fv_get16(d + at + 2, false);
		/* an identity is read field by field inside its item: up to its
		 * name's length, then the name and the state */
		if (fv_get16(d + at, false) == ENIP_ITEM_IDENTITY) {
			uint32_t want = n > at + 4 + 32 && ilen > 32 ? 34u + d[at + 4 + 32] : 33;
			if (want > ilen)
				return n + 1; /* past the item: malformed whatever follows */
		}
		at += 4 + ilen;
	}
	return at;
}

/* Where the CIP message of a Send RR or Send Unit Data message D (N bytes,
 * read whole) starts and how long it is: its first unconnected data item's
 * data, or a connected one's after its sequence count; false when it has
 * none. */
static bool enip_cip_at(const uint8_t *d, uint32_t n, uint32_t *at_out, uint32_t *len_out)
{
	unsigned command = fv_get16(d, false);
	if ((command != ENIP_SEND_RR && command != ENIP_SEND_UNIT) || fv_get16(d + 2, false) == 0)
		return false;
	uint32_t at = ENIP_HDR + 6;
	unsigned count = fv_get16(d + at, false);
	at += 2;
	for (unsigned i = 0; i < count && at + 4 <= n; i++) {
		unsigned type = fv_get16(d + at, false), len = fv_get16(d + at + 2, false);
		if ((type == ENIP_ITEM_UNCONNECTED_DATA && len > 0) || (type == ENIP_ITEM_CONNECTED_DATA && len > 2)) {
			bool connected = type == ENIP_ITEM_CONNECTED_DATA;
			*at_out = at + 4 + (connected ? 2 : 0);
			*len_out = connected ? len - 2 : len;
			return true;
		}
		at += 4 + len;
	}
	return false;
}

static uint32_t enip_pdu_len(const uint8_t *d, uint32_t avail)
{
	if (avail < 4)
		return PDU_NEED_MORE;
	return ENIP_HDR + fv_get16(d + 2, false);
}

/* Whether layer IDX follows another EtherNet/IP message of its frame. */
static bool enip_follows(const struct packet *p, int idx)
{
	for (int i = idx - 1; i >= 0; i--)
		if (p->layers[i].proto == PROTO_ENIP)
			return true;
	return false;
}

/* One message: the layer ends at its length. */
static void dissect_enip(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_ENIP, c->off);
	if (idx < 0)
		return;
	/* a message after the first of its segment is handed to the dissector
	 * directly: no protocol of the frame of its own */
	if (enip_follows(p, idx) && !(p->layers[idx - 1].flags & PKT_REASSEMBLED))
		p->layers[idx].flags |= PKT_TREE_ONLY;
	uint32_t avail = cursor_rleft(c);
	if (avail >= 4) {
		uint32_t len = ENIP_HDR + (uint32_t)(cursor_peek(c, 2) | cursor_peek(c, 3) << 8);
		if (len < avail)
			cursor_limit(c, len);
	}
	uint32_t n = cursor_left(c);
	p->layers[idx].len = n;
	const uint8_t *d = cursor_peek_all(c, n);
	uint32_t need = d && n >= ENIP_HDR ? enip_need(d, cursor_rleft(c)) : ENIP_HDR;
	uint32_t at, len;
	if (need <= n && enip_cip_at(d, n, &at, &len)) {
		/* the CIP message of its data item: Send RR Data's interface 0
		 * is CIP's, the data of another only bytes */
		struct cursor m = *c;
		cursor_skip(&m, at);
		cursor_limit(&m, len);
		cursor_skip(c, cursor_left(c));
		if (fv_get16(d, false) == ENIP_SEND_UNIT || fv_get32(d + ENIP_HDR, false) == 0)
			dissect_cip(p, &m, d + 12);
		else
			dissect_data(p, &m);
		return;
	}
	cursor_skip(c, need);
	pkt_note_cursor(p, idx, c);
	cursor_skip(c, cursor_left(c));
}

/* The header's fields appear with its 24 bytes. */
static bool enip_is_io(const struct packet *p, int idx);

static bool enip_absent(const struct packet *p, const struct layer *l, G_GNUC_UNUSED const struct field_def *f)
{
	uint32_t n;
	return !col_layer_given(p, (int)(l - p->layers), &n) || n < ENIP_HDR || enip_is_io(p, (int)(l - p->layers));
}

/* A NUL-padded name of at most MAX bytes at D. */
static uint32_t enip_name_len(const uint8_t *d, uint32_t max)
{
	uint32_t k = 0;
	while (k < max && d[k])
		k++;
	return k;
}

/* The name an item of a List Services or List Identity reply carries
 * (its bytes at D, N of them), in *NAME; its length, 0 for none. */
static uint32_t enip_item_name(unsigned type, const uint8_t *d, uint32_t n, const uint8_t **name)
{
	if (type == ENIP_ITEM_SERVICES && n >= 4) {
		*name = d + 4;
		return enip_name_len(d + 4, n - 4 < 16 ? n - 4 : 16);
	}
	if (type == ENIP_ITEM_IDENTITY && n > 32 && d[32] <= n - 33) {
		*name = d + 33;
		return d[32];
	}
	return 0;
}

/* Each CPF item of message D (N bytes) whose header is there: FN(type,
 * its data, its length as there, DATA). */
typedef void (*enip_item_fn)(unsigned type, unsigned len, const uint8_t *b, uint32_t there, void *data);
static void enip_items_at(const uint8_t *d, uint32_t n, uint32_t at, enip_item_fn fn, void *data)
{
	if (n < at + 2)
		return;
	unsigned count = fv_get16(d + at, false);
	at += 2;
	for (unsigned i = 0; i < count && at + 4 <= n; i++) {
		unsigned len = fv_get16(d + at + 2, false);
		uint32_t there = n - (at + 4) < len ? n - (at + 4) : len;
		fn(fv_get16(d + at, false), len, d + at + 4, there, data);
		at += 4 + len;
	}
}

static void enip_items(const uint8_t *d, uint32_t n, enip_item_fn fn, void *data)
{
	int cpf = enip_cpf_at(fv_get16(d, false));
	if (cpf >= 0 && fv_get16(d + 2, false) != 0)
		enip_items_at(d, n, ENIP_HDR + (uint32_t)cpf, fn, data);
}

/* Whether layer IDX is a class 0/1 I/O packet's (UDP 2222): its Common
 * Packet Format alone, after the handle's nested layer. */
static bool enip_is_io(const struct packet *p, int idx)
{
	return idx > 0 && p->layers[idx - 1].proto == PROTO_CIPIO;
}

struct enip_give {
	const struct field_def *f;
	fvalue_fn fn;
	void *data;
};

static void enip_give_item(unsigned type, unsigned len, const uint8_t *b, uint32_t there, void *data)
{
	struct enip_give *g = data;
	const uint8_t *name = NULL;
	if (type == ENIP_ITEM_CONNECTED_ADDRESS && there >= 4 && fv_same(g->f->abbrev, "enip.cpf.cai.connid"))
		fv_give_uint(g->fn, g->data, fv_get32(b, false));
	if (type == ENIP_ITEM_SEQUENCED_ADDRESS && there >= 4 && fv_same(g->f->abbrev, "enip.cpf.sai.connid"))
		fv_give_uint(g->fn, g->data, fv_get32(b, false));
	if (type == ENIP_ITEM_SEQUENCED_ADDRESS && there >= 8 && fv_same(g->f->abbrev, "enip.cpf.sai.seq"))
		fv_give_uint(g->fn, g->data, fv_get32(b + 4, false));
	if (fv_same(g->f->abbrev, "enip.cpf.typeid"))
		fv_give_uint(g->fn, g->data, type);
	else if (fv_same(g->f->abbrev, "enip.cpf.length"))
		fv_give_uint(g->fn, g->data, len);
	uint32_t k = enip_item_name(type, b, there, &name);
	if (name && fv_same(g->f->abbrev, type == ENIP_ITEM_SERVICES ? "enip.lsr.servicename" : "enip.lir.name"))
		fv_give_ptr(g->fn, g->data, FV_STRING, name, k);
}

/* Whether P goes to the encapsulation's port (a request) and not from it. */
static bool enip_request(const struct packet *p)
{
	return p->dport == ENIP_PORT && p->sport != ENIP_PORT;
}

static void enip_values(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
			const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d && enip_is_io(p, (int)(l - p->layers))) {
		struct enip_give g = {f, fn, data};
		if (n >= 2 && fv_same(f->abbrev, "enip.cpf.itemcount"))
			fv_give_uint(fn, data, fv_get16(d, false));
		enip_items_at(d, n, 0, enip_give_item, &g);
		return;
	}
	if (!d || n < ENIP_HDR)
		return;
	unsigned command = fv_get16(d, false);
	/* a List Identity request's context begins with its maximum delay */
	bool delay = command == ENIP_LIST_IDENTITY && enip_request(p);
	if (fv_same(f->abbrev, "enip.context"))
		fv_give_ptr(fn, data, FV_BYTES, d + 12 + (delay ? 2 : 0), delay ? 6 : 8);
	else if (delay && fv_same(f->abbrev, "enip.listid_delay"))
		fv_give_uint(fn, data, fv_get16(d + 12, false));
	if (fv_get16(d + 2, false) == 0)
		return;
	const uint8_t *b = d + ENIP_HDR;
	if (command == ENIP_REGISTER && n >= ENIP_HDR + 4) {
		if (fv_same(f->abbrev, "enip.rs.version"))
			fv_give_uint(fn, data, fv_get16(b, false));
		else if (fv_same(f->abbrev, "enip.rs.flags"))
			fv_give_uint(fn, data, fv_get16(b + 2, false));
		return;
	}
	if ((command == ENIP_SEND_RR || command == ENIP_SEND_UNIT) && n >= ENIP_HDR + 6) {
		if (fv_same(f->abbrev, command == ENIP_SEND_RR ? "enip.srrd.iface" : "enip.sud.iface"))
			fv_give_uint(fn, data, fv_get32(b, false));
		else if (fv_same(f->abbrev, "enip.timeout"))
			fv_give_uint(fn, data, fv_get16(b + 4, false));
	}
	uint32_t at, len;
	if (fv_same(f->abbrev, "cip.seq") && enip_cip_at(d, n, &at, &len) &&
	    fv_get16(d + at - 6, false) == ENIP_ITEM_CONNECTED_DATA)
		fv_give_uint(fn, data, fv_get16(d + at - 2, false));
	int cpf = enip_cpf_at(command);
	if (cpf >= 0 && fv_same(f->abbrev, "enip.cpf.itemcount") && n >= ENIP_HDR + (uint32_t)cpf + 2)
		fv_give_uint(fn, data, fv_get16(b + cpf, false));
	struct enip_give g = {f, fn, data};
	enip_items(d, n, enip_give_item, &g);
}

static void enip_info_item(unsigned type, G_GNUC_UNUSED unsigned len, const uint8_t *b, uint32_t there, void *data)
{
	const uint8_t *name = NULL;
	uint32_t k = enip_item_name(type, b, there, &name);
	if (name) {
		col_append(data, ", ");
		col_append_text(data, name, k);
	}
}

/* "Register Session (Req), Session: 0x00000000", "List Services (Rsp),
 * Communications"; several messages of a segment joined with " | ". */
/* An I/O packet's: "Connection: ID=0x11223344, SEQ=0000000007" from a
 * sequenced address item, ", Connection: ID=..." after the Info below from
 * a connected one. */
static void enip_io_info(unsigned type, G_GNUC_UNUSED unsigned len, const uint8_t *b, uint32_t there, void *data)
{
	if (type == ENIP_ITEM_SEQUENCED_ADDRESS && there >= 8)
		col_set(data, "Connection: ID=0x%08X, SEQ=%010u", fv_get32(b, false), fv_get32(b + 4, false));
	else if (type == ENIP_ITEM_CONNECTED_ADDRESS && there >= 4)
		col_append(data, ", Connection: ID=0x%08X", fv_get32(b, false));
}

static void enip_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_given(p, idx, &n);
	if (enip_is_io(p, idx)) {
		col_proto(c, "CIP I/O");
		if (d)
			enip_items_at(d, n, 0, enip_io_info, c);
		return;
	}
	col_proto(c, "ENIP");
	if (enip_follows(p, idx)) {
		/* after the Info of the messages before, which CIP's keeps too */
		col_append(c, " | ");
		col_fence(c);
	} else {
		col_clear(c);
	}
	if (!d || n < 2)
		return;
	unsigned command = fv_get16(d, false);
	const char *name = value_name(enip_commands, command);
	const char *dir = enip_request(p) ? "Req" : p->sport == ENIP_PORT && p->dport != ENIP_PORT ? "Rsp" : "?";
	if (name)
		col_append(c, "%s (%s)", name, dir);
	else
		col_append(c, "Unknown Command (0x%04x) (%s)", command, dir);
	if ((command == ENIP_REGISTER || command == ENIP_UNREGISTER) && n >= 8)
		col_append(c, ", Session: 0x%08X", fv_get32(d + 4, false));
	if (n >= ENIP_HDR && (command == ENIP_LIST_SERVICES || command == ENIP_LIST_IDENTITY))
		enip_items(d, n, enip_info_item, c);
	if (n >= ENIP_HDR && command == ENIP_SEND_UNIT)
		enip_items(d, n, enip_io_info, c);
}

/* Where a class 0/1 I/O packet's Common Packet Format (D, N bytes) stops:
 * its end, or where an item's header does not fit (*SHORT) or its length
 * passes the end (*OVER: malformed); its connected data in *DATA_AT and
 * *DATA_LEN (0: none). */
struct enip_io_walk {
	uint32_t end, data_at, data_len, left; /* left: the bytes there where it stopped */
	unsigned item_len;
	bool short_item, over;
};

static void enip_io_walk(const uint8_t *d, uint32_t n, struct enip_io_walk *w)
{
	*w = (struct enip_io_walk){0};
	if (n < 2) {
		w->over = true;
		w->end = 2;
		return;
	}
	unsigned count = fv_get16(d, false);
	uint32_t at = 2;
	for (unsigned i = 0; i < count; i++) {
		if (n - at < 4) {
			w->short_item = n > at;
			w->left = n - at;
			break;
		}
		unsigned type = fv_get16(d + at, false), len = fv_get16(d + at + 2, false);
		if (len > n - at - 4) {
			w->over = true;
			w->item_len = len;
			w->left = n - at - 4;
			w->end = n + 1;
			return;
		}
		if (type == ENIP_ITEM_CONNECTED_DATA && len > 0 && !w->data_len) {
			w->data_at = at + 4;
			w->data_len = len;
		}
		at += 4 + len;
	}
	w->end = at;
}

/* A class 0/1 I/O packet on UDP 2222: the port's handle (named cipio in
 * frame.protocols, no line of its own), EtherNet/IP's Common Packet Format
 * (a line and a node, not named in frame.protocols), then CIP I/O for the
 * connected data. */
static void dissect_enip_io(struct packet *p, struct cursor *c)
{
	int h = pkt_push_layer(p, PROTO_CIPIO, c->off);
	int idx = h >= 0 ? pkt_push_layer(p, PROTO_ENIP, c->off) : -1;
	if (idx < 0)
		return;
	p->layers[h].flags |= PKT_NESTED | PKT_NO_ITEM;
	p->layers[idx].flags |= PKT_TREE_ONLY;
	uint32_t n = cursor_left(c);
	p->layers[h].len = p->layers[idx].len = n;
	const uint8_t *d = cursor_peek_all(c, n);
	struct enip_io_walk w;
	enip_io_walk(d, d ? n : 0, &w);
	if (w.over) {
		/* the exception is the port handle's, CIP I/O's */
		cursor_skip(c, w.end);
		pkt_note_cursor(p, h, c);
		return;
	}
	if (w.data_len) {
		struct cursor m = *c;
		cursor_skip(&m, w.data_at);
		cursor_limit(&m, w.data_len);
		int io = pkt_push_layer(p, PROTO_CIPIO, m.off);
		if (io >= 0)
			p->layers[io].len = cursor_left(&m);
	}
	cursor_skip(c, cursor_left(c));
}

/* An I/O packet's items that do not fit. */
static void enip_expert(struct experts *e, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_given(p, idx, &n);
	if (!d || !enip_is_io(p, idx))
		return;
	struct enip_io_walk w;
	enip_io_walk(d, n, &w);
	if (w.short_item)
		expert_add(e, EXPERT_ERROR, EXPERT_MALFORMED, "CIP I/O",
			   "CPF Item Minimum Size is 4, but Remaining Data Length is %u", w.left);
	else if (w.over && n >= 2)
		expert_add(e, EXPERT_ERROR, EXPERT_MALFORMED, "CIP I/O",
			   "CPF Item Length Mismatch: Item Length %u, Remaining Data Length: %u", w.item_len, w.left);
}

/* Wireshark's registration: TCP and UDP port 44818, each message over TCP
 * framed by its length; class 0/1 I/O on UDP 2222. */
static const struct handoff enip_handoff[] = {
	TCP_PORT(ENIP_PORT, dissect_enip),
	UDP_PORT(ENIP_PORT, dissect_enip),
	UDP_PORT(ENIP_IO_PORT, dissect_enip_io),
	HANDOFF_LIST_END,
};
static const struct pdu_framing enip_framing[] = {
	{dissect_enip, enip_pdu_len, NULL, false, NULL, false},
	{NULL, NULL, NULL, false, NULL, false},
};

PROTOCOL_ID(ENIP, "enip", "EtherNet/IP (Industrial Protocol)");
const struct protocol proto_enip = {PROTO_ENIP, .short_name = "ENIP", .fields = &enip_table, .columns = enip_columns,
				    .expert = enip_expert, .values = enip_values, .absent = enip_absent, .handoff = enip_handoff,
				    .framing = enip_framing};

/* CIP I/O: the data of a class 0/1 connection, shown as it is. */
static void cipio_columns(G_GNUC_UNUSED struct columns *c, G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED int idx)
{
}

PROTOCOL_ID(CIPIO, "cipio", "Common Industrial Protocol, I/O");
const struct protocol proto_cipio = {PROTO_CIPIO, .short_name = "CIP I/O", .columns = cipio_columns};
