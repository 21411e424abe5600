/* websocket.c — WebSocket (RFC 6455) over a connection an HTTP/1.1
 * "101 Switching Protocols" answer with "Upgrade: websocket" turned over
 * (http.c hands it on, from the bytes after that answer's header on, both
 * ways).  Each frame:
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-------+-+-------------+-------------------------------+
 *   |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
 *   |I|S|S|S|  (4)  |A|     (7)     |  (16 bits if 126, 64 if 127)  |
 *   |N|V|V|V|       |S|             |                               |
 *   +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
 *   |  ... extended length (64 bits) | Masking-key (if MASK), 4 bytes|
 *   +--------------------------------+-------------------------------+
 *   |                     Payload data (XOR the key)                 |
 *   +----------------------------------------------------------------+
 *
 * Text payloads are line-based text, binary ones data; control frames
 * (close, ping, pong) carry their own fields.  A message sent in fragments
 * (FIN clear, then continuation frames) is shown, as a whole, in its last
 * fragment.  With permessage-deflate (RFC 7692) agreed in the answer, a
 * frame with RSV1 set is inflated, each direction one stream unless the
 * answer said "no context takeover".
 */
#include <string.h>
#include <zlib.h>

#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"
#include "dissect/session.h"

enum { WS_CONTINUE = 0, WS_TEXT = 1, WS_BINARY = 2, WS_CLOSE = 8, WS_PING = 9, WS_PONG = 10 };

static const struct value_string ws_opcodes[] = {
	{WS_CONTINUE, "Continuation"}, {WS_TEXT, "Text"}, {WS_BINARY, "Binary"},
	{WS_CLOSE, "Connection Close"}, {WS_PING, "Ping"}, {WS_PONG, "Pong"}, {0, NULL},
};

static const struct value_string ws_close_codes[] = {
	{1000, "Normal Closure"}, {1001, "Going Away"}, {1002, "Protocol error"}, {1003, "Unsupported Data"},
	{1004, "---Reserved----"}, {1005, "No Status Rcvd"}, {1006, "Abnormal Closure"},
	{1007, "Invalid frame payload data"}, {1008, "Policy Violation"}, {1009, "Message Too Big"},
	{1010, "Mandatory Ext."}, {1011, "Internal Server"}, {1015, "TLS handshake"}, {0, NULL},
};

static const struct field_def websocket_fields[] = {
	{"websocket.fin", "Fin", FT_BOOLEAN, BASE_NONE, 0, 1, 0x80, NULL},
	{"websocket.rsv", "Reserved", FT_UINT8, BASE_HEX, 0, 1, 0x70, NULL},
	{"websocket.pmc", "Per-Message Compressed", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 1, 0x40, NULL},
	{"websocket.opcode", "Opcode", FT_UINT8, BASE_DEC, 0, 1, 0x0f, ws_opcodes},
	{"websocket.mask", "Mask", FT_BOOLEAN, BASE_NONE, 1, 1, 0x80, NULL},
	{"websocket.payload_length", "Payload length", FT_UINT8, BASE_DEC, 1, 1, 0x7f, NULL},
	{"websocket.payload_length_ext_16", "Extended Payload length (16 bits)", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0,
	 NULL},
	{"websocket.payload_length_ext_64", "Extended Payload length (64 bits)", FT_UINT64, BASE_DEC, FIELD_VAR, 8, 0,
	 NULL},
	{"websocket.masking_key", "Masking-Key", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"websocket.payload", "Payload", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"websocket.masked_payload", "Masked payload", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"websocket.payload.text", "Text", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"websocket.payload.close", "Close", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"websocket.payload.close.status_code", "Status code", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, ws_close_codes},
	{"websocket.payload.close.reason", "Reason", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"websocket.payload.ping", "Ping", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"websocket.payload.pong", "Pong", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"websocket.payload.unknown", "Unknown", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"websocket.fragment.count", "Fragment count", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"websocket.reassembled.length", "Reassembled websocket Payload length", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0,
	 NULL},
};
FIELD_TABLE_DEFINE(websocket);

/* A frame's header, read from its first bytes. */
struct ws_frame {
	bool fin, mask;
	uint8_t rsv, opcode;
	uint8_t short_len;   /* the 7-bit length: 126, 127 say a longer one follows */
	uint64_t ext_len;    /* the 16- or 64-bit length */
	uint32_t plen;       /* the payload's length, cut to 32 bits as Wireshark reads it */
	uint32_t hdr;        /* header bytes, masking key included */
	uint8_t key[4];
};

/* Reads the header at D (N bytes); false when they end first. */
static bool ws_header(const uint8_t *d, uint32_t n, struct ws_frame *w)
{
	if (n < 2)
		return false;
	memset(w, 0, sizeof *w);
	w->fin = d[0] & 0x80;
	w->rsv = (d[0] >> 4) & 7;
	w->opcode = d[0] & 15;
	w->mask = d[1] & 0x80;
	w->short_len = d[1] & 0x7f;
	w->hdr = 2;
	if (w->short_len == 126) {
		if (n < 4)
			return false;
		w->ext_len = bytes_be16(d + 2);
		w->hdr = 4;
	} else if (w->short_len == 127) {
		if (n < 10)
			return false;
		w->ext_len = (uint64_t)bytes_be32(d + 2) << 32 | bytes_be32(d + 6);
		w->hdr = 10;
	} else {
		w->ext_len = w->short_len;
	}
	w->plen = (uint32_t)w->ext_len;
	if (w->mask) {
		if (n < w->hdr + 4)
			return false;
		memcpy(w->key, d + w->hdr, 4);
		w->hdr += 4;
	}
	return true;
}

/* A frame's length: its header and payload (the sum wraps at 32 bits, as
 * Wireshark's does); PDU_NEED_MORE while the header is not all there. */
static uint32_t websocket_pdu_len(const uint8_t *d, uint32_t n)
{
	struct ws_frame w;
	if (!ws_header(d, n, &w))
		return PDU_NEED_MORE;
	uint32_t total = w.hdr + w.plen;
	return total >= PDU_NEED_MORE ? PDU_NEED_MORE - 1 : total;
}

/* The N payload bytes at D unmasked with W's key into OUT, from payload
 * byte FROM on. */
static void ws_unmask(const struct ws_frame *w, const uint8_t *d, uint32_t n, uint32_t from, uint8_t *out)
{
	for (uint32_t i = 0; i < n; i++)
		out[i] = w->mask ? d[i] ^ w->key[(from + i) & 3] : d[i];
}

/* ---- what a connection keeps ------------------------------------------- */

#define WS_TEXT_KEEP 2048 /* bytes of a fragmented message's text kept */

/* A direction's message sent in fragments. */
struct ws_dir {
	bool open;            /* a fragment with FIN clear began a message */
	bool compressed;      /* its first fragment had RSV1 set, deflate agreed */
	uint8_t opcode;       /* the opcode of the last message begun in fragments */
	uint16_t count;       /* fragments of it with payload */
	uint32_t total;       /* its payload bytes so far */
	uint16_t text_len;
	uint8_t text[WS_TEXT_KEEP];
};

struct ws_conv {
	uint16_t server_port;  /* the port that answered 101, 0 unknown */
	bool deflate;          /* permessage-deflate agreed */
	bool takeover[2];      /* [0] the client's stream, [1] the server's: one
	                        * stream for all messages */
	int wbits[2];          /* their window sizes, negative: raw deflate */
	z_stream *z[2];        /* the streams, once begun */
	bool z_lost[2];        /* a message of the stream could not be inflated
	                        * whole: what follows cannot be */
	struct ws_dir dir[2], before[2]; /* before: as it was before the frame
	                                  * read last, read again when TCP
	                                  * completes that frame */
};

static void *ws_conv_new(void)
{
	return g_new0(struct ws_conv, 1);
}

static void ws_streams_end(struct ws_conv *w)
{
	for (int i = 0; i < 2; i++)
		if (w->z[i]) {
			inflateEnd(w->z[i]);
			g_free(w->z[i]);
			w->z[i] = NULL;
		}
}

static void ws_conv_free(void *data)
{
	ws_streams_end(data);
	g_free(data);
}

/* The window bits PARAM ("server_max_window_bits=") gives in the extension
 * list EXT (NUL-ended), as a raw-deflate window: 15 without a number,
 * held to 8..15. */
static int ws_wbits(const char *ext, const char *param)
{
	const char *at = strstr(ext, param);
	int bits = 15;
	if (at && g_ascii_isdigit(at[strlen(param)])) {
		const char *d = at + strlen(param);
		bits = 0;
		while (g_ascii_isdigit(*d) && bits < 100)
			bits = bits * 10 + (*d++ - '0');
		if (*d && !strchr(";\t ", *d))
			bits = 15;
		bits = bits < 8 ? 8 : bits > 15 ? 15 : bits;
	}
	return -bits;
}

void websocket_upgrade(struct packet *p, const uint8_t *ext, uint32_t n)
{
	if (!p->session || !pkt_has_tcp(p))
		return;
	struct ws_conv *w = session_conv_data(p->session, p, PROTO_WEBSOCKET, ws_conv_new, ws_conv_free);
	ws_streams_end(w);
	memset(w, 0, sizeof *w);
	w->server_port = p->sport;
	g_autofree char *list = g_strndup((const char *)ext, n);
	w->deflate = strstr(list, "permessage-deflate") || strstr(list, "x-webkit-deflate-frame");
	if (w->deflate) {
		w->wbits[0] = ws_wbits(list, "client_max_window_bits=");
		w->wbits[1] = ws_wbits(list, "server_max_window_bits=");
		w->takeover[0] = !strstr(list, "client_no_context_takeover");
		w->takeover[1] = !strstr(list, "server_no_context_takeover");
	}
	tcp_conn_follow(p, dissect_websocket, false);
}

/* ---- notes: what earlier frames made of a frame -------------------------- */

/* What the dissection found of a frame that its bytes alone do not tell,
 * kept in the packet (app_info) for its columns, fields and expert items:
 * per frame, its offset(4), flags(1), opcode its payload is read as(1),
 * fragments(2), reassembled length(4), text length(2) and the text. */
enum {
	NOTE_PMC = 1,        /* permessage-deflate agreed: RSV1 is websocket.pmc */
	NOTE_TEXT = 2,       /* websocket.payload.text is the note's text */
	NOTE_NO_TEXT = 4,    /* no websocket.payload.text */
	NOTE_FRAGMENTS = 8,  /* the last fragment of a message: count, length */
	NOTE_INFLATE_BAD = 16, /* the payload did not inflate */
	NOTE_CUT = 32,       /* the capture cut the payload: none of its fields */
};
#define NOTE_HEAD 14
#define WS_NOT_KNOWN 0xff /* the opcode of a fragment's message, not known */

struct ws_note {
	uint8_t flags, opcode;
	uint16_t count;
	uint32_t total;
	const uint8_t *text;
	uint16_t text_len;
};

static void ws_note_put(struct packet *p, uint32_t off, const struct ws_note *n)
{
	if (p->app_info_proto != PROTO_WEBSOCKET)
		pkt_set_app_info(p, PROTO_WEBSOCKET, "", 0);
	size_t at = p->app_info_len, room = PKT_APP_INFO_MAX - 1 - at;
	if (room < NOTE_HEAD)
		return;
	uint16_t tl = n->text_len < room - NOTE_HEAD ? n->text_len : (uint16_t)(room - NOTE_HEAD);
	uint8_t *b = (uint8_t *)p->app_info + at;
	memcpy(b, &off, 4);
	b[4] = n->flags, b[5] = n->opcode;
	memcpy(b + 6, &n->count, 2);
	memcpy(b + 8, &n->total, 4);
	memcpy(b + 12, &tl, 2);
	if (tl)
		memcpy(b + NOTE_HEAD, n->text, tl);
	p->app_info_len = (uint16_t)(at + NOTE_HEAD + tl);
}

/* The note of the frame at OFF (layer L), false when none was made (a
 * frame dissected without its connection). */
static bool ws_note_get(const struct packet *p, const struct layer *l, struct ws_note *n)
{
	if (p->app_info_proto != PROTO_WEBSOCKET)
		return false;
	const uint8_t *b = (const uint8_t *)p->app_info;
	bool found = false;
	for (size_t at = 0; at + NOTE_HEAD <= p->app_info_len;) {
		uint32_t off;
		uint16_t tl;
		memcpy(&off, b + at, 4);
		memcpy(&tl, b + at + 12, 2);
		if (off == l->off) { /* the last note of that offset: a frame read again */
			found = true;
			n->flags = b[at + 4], n->opcode = b[at + 5];
			memcpy(&n->count, b + at + 6, 2);
			memcpy(&n->total, b + at + 8, 4);
			n->text = b + at + NOTE_HEAD;
			n->text_len = tl;
		}
		at += NOTE_HEAD + tl;
	}
	return found;
}

/* ---- dissection -------------------------------------------------------- */

/* Whether C reads the kept start of a frame TCP completed from segments,
 * read before from the segment it started in: what that reading changed
 * in the connection's state is undone first. */
static bool read_again(const struct packet *p, const struct cursor *c)
{
	struct flow_key key;
	flow_key_set(&key, p->ip_version, p->ip_src, p->ip_dst, p->sport, p->dport);
	const struct tcp_dir *d = session_tcp_dir_find(p->session, &key);
	return d && d->prefix && c->data == d->prefix;
}

/* Inflates the N payload bytes at D (unmasked) as a message of direction
 * DIR of W, its text kept in OUT (up to WS_TEXT_KEEP bytes, *OUT_LEN);
 * false when it does not inflate. */
static bool ws_inflate(struct ws_conv *w, int dir, const uint8_t *d, uint32_t n, uint8_t *out, uint16_t *out_len)
{
	z_stream one = {0}, *z = w->z[dir];
	*out_len = 0;
	if (!w->takeover[dir])
		z = &one;
	if (!z)
		z = w->z[dir] = g_new0(z_stream, 1);
	if (z == &one || z->state == NULL) {
		if (inflateInit2(z, w->wbits[dir]) != Z_OK)
			return false;
	}
	/* the message ends with an empty stored block's tail, left off on the wire */
	static const uint8_t tail[4] = {0, 0, 0xff, 0xff};
	uint8_t buf[16384];
	int err = Z_OK;
	for (int part = 0; part < 2 && (err == Z_OK || err == Z_BUF_ERROR); part++) {
		z->next_in = (Bytef *)(uintptr_t)(part ? tail : d);
		z->avail_in = part ? 4 : n;
		do {
			z->next_out = buf;
			z->avail_out = sizeof buf;
			err = inflate(z, Z_SYNC_FLUSH);
			uint32_t got = (uint32_t)(sizeof buf - z->avail_out);
			uint32_t take = got < (uint32_t)(WS_TEXT_KEEP - *out_len) ? got : (uint32_t)(WS_TEXT_KEEP - *out_len);
			memcpy(out + *out_len, buf, take);
			*out_len = (uint16_t)(*out_len + take);
		} while (err == Z_OK && (z->avail_in > 0 || z->avail_out == 0));
	}
	if (z == &one)
		inflateEnd(z);
	return err == Z_OK || err == Z_STREAM_END || err == Z_BUF_ERROR;
}

/* What the data frame W (its payload PAY, the bytes the cursor holds of
 * it, N of them; WHOLE: all of them) of direction DIR shows below its
 * layer, into *NOTE; the state of the connection moves on. */
static void ws_data_frame(struct ws_conv *w, int dir, const struct ws_frame *f, const uint8_t *pay, uint32_t n,
			  bool whole, struct ws_note *note, uint8_t *text)
{
	struct ws_dir *s = &w->dir[dir];
	if (!f->fin || f->opcode == WS_CONTINUE) {
		/* a fragment: each kept until the last shows the message */
		if (f->opcode != WS_CONTINUE) {
			s->open = true;
			s->compressed = w->deflate && (f->rsv & 4);
			s->opcode = f->opcode;
			s->count = 0;
			s->total = 0;
			s->text_len = 0;
		}
		note->opcode = s->opcode;
		note->flags |= NOTE_NO_TEXT;
		if (s->open) {
			uint32_t room = (uint32_t)(WS_TEXT_KEEP - s->text_len), keep = n < room ? n : room;
			ws_unmask(f, pay, keep, 0, s->text + s->text_len);
			s->text_len = (uint16_t)(s->text_len + keep);
			s->count++;
			s->total += f->plen;
		}
		if (!f->fin)
			return;
		if (s->open && s->count > 1) {
			note->flags |= NOTE_FRAGMENTS;
			note->count = s->count;
			note->total = s->total;
		}
		if (s->opcode == WS_TEXT && !(s->open && s->compressed)) {
			/* the message's text (a compressed one is not inflated:
			 * none); a last fragment whose first was not seen: its
			 * own, read as the last message begun was */
			note->flags = (uint8_t)((note->flags & ~NOTE_NO_TEXT) | NOTE_TEXT);
			note->text = s->open ? s->text : text;
			note->text_len = s->open ? s->text_len : (uint16_t)(n < WS_TEXT_KEEP ? n : WS_TEXT_KEEP);
			if (!s->open)
				ws_unmask(f, pay, note->text_len, 0, text);
		}
		s->open = false;
		return;
	}
	if (!(w->deflate && (f->rsv & 4)))
		return;
	/* compressed: inflated once all of it is here */
	note->flags |= NOTE_NO_TEXT;
	if (!whole || w->z_lost[dir]) {
		if (!whole && w->takeover[dir])
			w->z_lost[dir] = true;
		return;
	}
	g_autofree uint8_t *plain = g_malloc(n ? n : 1);
	ws_unmask(f, pay, n, 0, plain);
	if (!ws_inflate(w, dir, plain, n, text, &note->text_len)) {
		note->flags |= NOTE_INFLATE_BAD;
		return;
	}
	if (f->opcode == WS_TEXT) {
		note->flags = (uint8_t)((note->flags & ~NOTE_NO_TEXT) | NOTE_TEXT);
		note->text = text;
	}
}

/* The layers below the frame's: text as line-based text, binary as data
 * (what follows a message in fragments under its reassembly's line, a
 * middle fragment only as such), other opcodes nothing. */
static void ws_payload_layers(struct packet *p, struct cursor *pay, const struct ws_frame *f, const struct ws_note *note)
{
	if (f->opcode & 8)
		return;
	if (!f->fin) {
		if (f->opcode == WS_CONTINUE) {
			int idx = pkt_push_layer(p, PROTO_WEBSOCKET_CONTINUE, pay->off);
			if (idx >= 0)
				p->layers[idx].flags |= PKT_TREE_ONLY;
		}
		return;
	}
	if (note->flags & NOTE_INFLATE_BAD)
		return;
	if (note->flags & NOTE_FRAGMENTS) {
		int idx = pkt_push_layer(p, PROTO_WEBSOCKET_FRAGMENTS, pay->off);
		if (idx >= 0)
			p->layers[idx].flags |= PKT_TREE_ONLY;
	}
	if (note->opcode == WS_TEXT)
		pkt_push_layer(p, PROTO_DATA_TEXT_LINES, pay->off);
	else if (note->opcode == WS_BINARY)
		dissect_data(p, pay);
}

void dissect_websocket(struct packet *p, struct cursor *c)
{
	uint32_t have = cursor_left(c), off = c->off;
	const uint8_t *d = c->data + c->off;
	struct ws_frame f;
	int idx = pkt_push_layer(p, PROTO_WEBSOCKET, c->off);
	if (idx < 0)
		return;
	if (!ws_header(d, have, &f)) {
		pkt_mark(p, idx, have < cursor_rleft(c) ? PKT_TRUNCATED : PKT_MALFORMED);
		return;
	}
	cursor_skip(c, f.hdr);
	pkt_note_cursor(p, idx, c);
	struct cursor pay = cursor_sub(c, f.plen);
	uint32_t n = cursor_left(&pay);
	struct ws_note note = {.opcode = f.opcode};
	uint8_t text[WS_TEXT_KEEP];
	if (f.plen > 0 && n < cursor_rleft(&pay) && c->data == p->frame->data && p->frame->caplen < p->frame->len) {
		/* the capture cut the payload: Wireshark's Payload item over it
		 * (after Masked payload, when masked) raises the exception */
		pkt_mark(p, idx, PKT_TRUNCATED);
		note.flags = NOTE_CUT;
		ws_note_put(p, off, &note);
		return;
	}
	if (p->session && pkt_has_tcp(p)) {
		struct ws_conv *w = session_conv_data(p->session, p, PROTO_WEBSOCKET, ws_conv_new, ws_conv_free);
		int dir = w->server_port ? p->sport == w->server_port : p->sport < p->dport;
		if (read_again(p, c))
			w->dir[dir] = w->before[dir];
		else
			w->before[dir] = w->dir[dir];
		if (w->deflate)
			note.flags |= NOTE_PMC;
		if (f.plen > 0 && cursor_ok(c) && !(f.opcode & 8))
			ws_data_frame(w, dir, &f, pay.data + pay.off, n, n == cursor_rleft(&pay), &note, text);
		ws_note_put(p, off, &note);
	} else if (!f.fin || f.opcode == WS_CONTINUE) {
		note.opcode = WS_NOT_KNOWN; /* what a fragment belongs to is not known alone */
	}
	if (f.plen > 0 && cursor_ok(c))
		ws_payload_layers(p, &pay, &f, &note);
}

/* Whether the payload of W (noted NOTE, when NOTED) is of an opcode no
 * dissector reads: a reserved control opcode, or a whole message of a
 * reserved data opcode. */
static bool ws_unknown(const struct ws_frame *w, bool noted, const struct ws_note *note)
{
	if (w->plen == 0 || (note->flags & (NOTE_INFLATE_BAD | NOTE_CUT)))
		return false;
	if (w->opcode & 8)
		return w->opcode > WS_PONG;
	uint8_t op = noted ? note->opcode : w->opcode;
	return w->fin && op > WS_BINARY && op != WS_NOT_KNOWN;
}

/* ---- columns, fields, expert items -------------------------------------- */

/* "WebSocket Text [FIN] [MASKED]": each frame of a segment replaces the
 * last one's Info, after what HTTP wrote of the answer that handed over
 * and after a frame completed from earlier segments (TCP fences the Info
 * once it showed such a message). */
static void websocket_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_proto(c, "WebSocket");
	for (int i = idx - 1; i >= 0 && p->layers[i].proto != PROTO_WEBSOCKET; i--)
		if (p->layers[i].proto == PROTO_HTTP || p->layers[i].proto == PROTO_TCP_SEGMENTS) {
			col_fence(c);
			break;
		}
	col_set(c, "WebSocket");
	if (!d || n < 2)
		return;
	const char *name = value_name(ws_opcodes, d[0] & 15);
	col_append(c, " %s%s%s", name ? name : "Unknown Opcode", (d[0] & 0x80) ? " [FIN]" : "[FRAGMENT] ",
		   (d[1] & 0x80) ? " [MASKED]" : " ");
}

static void no_columns(G_GNUC_UNUSED struct columns *c, G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED int idx)
{
}

/* Gives the payload's bytes from FROM (after unmasking) as KIND. */
static void give_payload(const struct ws_frame *w, const uint8_t *d, uint32_t n, uint32_t from, uint8_t kind,
			 fvalue_fn fn, void *data)
{
	uint32_t start = w->hdr + from;
	uint32_t len = w->plen > from ? w->plen - from : 0;
	if (start >= n)
		len = 0;
	else if (len > n - start)
		len = n - start;
	g_autofree uint8_t *plain = g_malloc(len ? len : 1);
	ws_unmask(w, d + (start < n ? start : n), len, from, plain);
	fv_give_ptr(fn, data, kind, plain, len);
}

static void websocket_values(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
			     const struct field_def *f, fvalue_fn fn, void *data)
{
	struct ws_frame w;
	if (!d || !ws_header(d, n, &w))
		return;
	struct ws_note note = {0};
	bool noted = ws_note_get(p, l, &note);
	const char *a = f->abbrev;
	bool control = w.opcode & 8, has = w.plen > 0 && !(note.flags & NOTE_CUT);
	struct fv_named_uint nums[] = {
		{"websocket.payload_length_ext_16", w.ext_len, w.short_len == 126},
		{"websocket.payload_length_ext_64", w.ext_len, w.short_len == 127},
		{"websocket.pmc", (w.rsv >> 2) & 1, (note.flags & NOTE_PMC) != 0},
		{"websocket.fragment.count", note.count, (note.flags & NOTE_FRAGMENTS) != 0},
		{"websocket.reassembled.length", note.total, (note.flags & NOTE_FRAGMENTS) != 0},
	};
	fv_give_named(fn, data, a, nums, G_N_ELEMENTS(nums));
	if (fv_same(a, "websocket.masking_key") && w.mask)
		fv_give_ptr(fn, data, FV_BYTES, w.key, 4);
	else if ((fv_same(a, "websocket.payload") && has) || (fv_same(a, "websocket.masked_payload") && w.plen && w.mask))
		fv_give_ptr(fn, data, FV_NONE, NULL, 0);
	else if (fv_same(a, "websocket.payload.close") && has && w.opcode == WS_CLOSE)
		fv_give_ptr(fn, data, FV_NONE, NULL, 0);
	else if (fv_same(a, "websocket.payload.close.status_code") && has && w.opcode == WS_CLOSE && w.plen >= 2 &&
		 n >= w.hdr + 2) {
		uint8_t code[2];
		ws_unmask(&w, d + w.hdr, 2, 0, code);
		fv_give_uint(fn, data, bytes_be16(code));
	} else if (fv_same(a, "websocket.payload.close.reason") && w.opcode == WS_CLOSE && w.plen > 2)
		give_payload(&w, d, n, 2, FV_STRING, fn, data);
	else if ((fv_same(a, "websocket.payload.ping") && w.opcode == WS_PING && has) ||
		 (fv_same(a, "websocket.payload.pong") && w.opcode == WS_PONG && has))
		give_payload(&w, d, n, 0, FV_BYTES, fn, data);
	else if (fv_same(a, "websocket.payload.unknown") && ws_unknown(&w, noted, &note))
		give_payload(&w, d, n, 0, FV_BYTES, fn, data);
	else if (fv_same(a, "websocket.payload.text") && has && !control) {
		if (note.flags & NOTE_TEXT)
			fv_give_ptr(fn, data, FV_STRING, note.text, note.text_len);
		else if (!noted ? w.opcode == WS_TEXT && w.fin : !(note.flags & NOTE_NO_TEXT) && note.opcode == WS_TEXT)
			give_payload(&w, d, n, 0, FV_STRING, fn, data);
	}
}

/* A payload of an opcode RFC 6455 leaves reserved; one that did not
 * inflate. */
static void websocket_expert(struct experts *e, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	struct ws_frame w;
	if (!d || !ws_header(d, n, &w) || w.plen == 0)
		return;
	struct ws_note note = {.opcode = w.opcode};
	bool noted = ws_note_get(p, &p->layers[idx], &note);
	if (note.flags & NOTE_INFLATE_BAD)
		expert_add(e, EXPERT_WARN, EXPERT_PROTOCOL, "WebSocket", "Decompression failed");
	if (ws_unknown(&w, noted, &note))
		expert_add(e, EXPERT_NOTE, EXPERT_UNDECODED, "WebSocket",
			   "Dissector for Websocket Opcode (%u) code not implemented, Contact Wireshark developers if "
			   "you want this supported",
			   (w.opcode & 8) || !noted ? w.opcode : note.opcode);
}

/* Reached only through an HTTP upgrade (http.c), each frame framed by its
 * header's length. */
static const struct pdu_framing websocket_framing[] = {
	{dissect_websocket, websocket_pdu_len, NULL, false, NULL, false},
	{NULL, NULL, NULL, false, NULL, false},
};
PROTOCOL_ID(WEBSOCKET, "websocket", "WebSocket");
const struct protocol proto_websocket = {PROTO_WEBSOCKET, .short_name = "WebSocket", .fields = &websocket_table,
					 .columns = websocket_columns, .values = websocket_values,
					 .expert = websocket_expert, .framing = websocket_framing};

/* The lines Wireshark puts beside a frame's payload at the top of the tree,
 * which its hierarchy counts as protocols: a middle fragment's bytes, and
 * the reassembly of a message's fragments in its last one. */
PROTOCOL_ID(WEBSOCKET_CONTINUE, "websocket.payload.continue", "Continue");
const struct protocol proto_websocket_continue = {PROTO_WEBSOCKET_CONTINUE, .short_name = "Continue",
						  .columns = no_columns};
PROTOCOL_ID(WEBSOCKET_FRAGMENTS, "websocket.fragments", "Reassembled websocket Fragments");
const struct protocol proto_websocket_fragments = {PROTO_WEBSOCKET_FRAGMENTS, .short_name = "Reassembled websocket Fragments",
						   .columns = no_columns};
