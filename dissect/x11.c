/* x11.c — the X Window System protocol (X11) over TCP ports 6000-6063
 * (X Window System Protocol, X Consortium Standard, version 11).
 *
 * The client's direction (to the server's port) carries requests, the
 * server's carries replies, events and errors; one segment holds any
 * number of them, each shown as an X11 layer of its own, nested:
 *
 *   request:  opcode(1) data(1) length(2, in 4-byte units, header included) ...
 *   initial connection request:
 *             byte order 'B' or 'l'(1) unused(1) major(2) minor(2)
 *             auth name length(2) auth data length(2) unused(2) name, data
 *             (each padded to 4 bytes)
 *   reply:    1(1) data(1) sequence(2) extra length(4, 4-byte units) ... 32 + extra
 *   error:    0(1) code(1) sequence(2) ... 32 bytes
 *   event:    code(1, bit 7: sent by SendEvent) ... 32 bytes
 *   initial connection reply: success(1) .. length(2 at 6, 4-byte units) 8 + length
 *
 * Numbers are in the byte order the client chose in its connection request;
 * without that request it is guessed from how the requests' lengths chain,
 * as Wireshark guesses it.  Requests are numbered from the connection
 * request on (or from the first reply's sequence number when that was not
 * seen), so a reply names the request it answers.
 *
 * A message whose bytes the capture cut short is not shown: dissection
 * stops there (a short frame), as Wireshark's does.  A message that runs
 * into the next segment of a complete capture is shown in the segment that
 * completes it.  A request whose length is 0 ends the segment's dissection
 * (Wireshark's "Bogus request length (0)"). */
#include <string.h>

#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/expert.h"
#include "dissect/protocol.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/session.h"

/* Message kinds, for the Info column. */
enum {
	X11_REQUEST = 1,     /* code: the opcode */
	X11_CONN_REQUEST,
	X11_REPLY,           /* code: the answered request's opcode (its low byte) */
	X11_REPLY_UNKNOWN,   /* a reply to a request not seen */
	X11_CONN_REPLY,
	X11_ERROR,           /* code: the error code */
	X11_EVENT,           /* code: the event code, with the SendEvent bit */
};

/* What the sequence table holds besides opcodes (as Wireshark keeps it). */
enum { SEQ_UNKNOWN = 0, SEQ_CONN = -1, SEQ_NOTHING_SEEN = -3 };

enum { ORDER_UNKNOWN = -1, ORDER_BE = 0, ORDER_LE = 1 };

#define X11_LAYERS_MAX (PKT_MAX_LAYERS - 8)

/* One direction's message that runs into its next segments. */
struct x11_dir {
	uint32_t rest;       /* its bytes still to come */
	uint32_t next_seq;   /* the TCP sequence number they start at */
	uint8_t kind, code;  /* what it is, for the segment that completes it */
};

/* What a connection told so far. */
struct x11_conv {
	int byte_order;       /* ORDER_* */
	int seq;              /* the sequence number of the last request */
	bool resync;          /* seq taken from a reply (the connection request unseen) */
	uint64_t conn_frame;  /* the frame of the connection request, 0 none */
	uint64_t conn_reply;  /* the frame of its reply, 0 none */
	GHashTable *seqtable; /* request sequence number -> opcode (SEQ_* besides) */
	struct x11_dir dir[2]; /* [0] requests, [1] replies */
};

static void *x11_conv_new(void)
{
	struct x11_conv *x = g_new0(struct x11_conv, 1);
	x->byte_order = ORDER_UNKNOWN;
	x->seqtable = g_hash_table_new(g_direct_hash, g_direct_equal);
	g_hash_table_insert(x->seqtable, GINT_TO_POINTER(0), GINT_TO_POINTER(SEQ_NOTHING_SEEN));
	return x;
}

static void x11_conv_free(void *data)
{
	struct x11_conv *x = data;
	g_hash_table_destroy(x->seqtable);
	g_free(x);
}

static int seq_lookup(const struct x11_conv *x, int seq)
{
	return GPOINTER_TO_INT(g_hash_table_lookup(x->seqtable, GINT_TO_POINTER(seq)));
}

/* Replies carry 16 bits of the number: a request numbered past them can
 * never be answered by name, and is not kept (memory stays bounded). */
static void seq_store(struct x11_conv *x, int seq, int opcode)
{
	if (seq >= 0 && seq <= 0xffff)
		g_hash_table_insert(x->seqtable, GINT_TO_POINTER(seq), GINT_TO_POINTER(opcode));
}

/* ---- names --------------------------------------------------------------- */

static const char *const x11_opcodes[128] = {
	[1] = "CreateWindow", "ChangeWindowAttributes", "GetWindowAttributes", "DestroyWindow",
	"DestroySubwindows", "ChangeSaveSet", "ReparentWindow", "MapWindow", "MapSubwindows",
	"UnmapWindow", "UnmapSubwindows", "ConfigureWindow", "CirculateWindow", "GetGeometry",
	"QueryTree", "InternAtom", "GetAtomName", "ChangeProperty", "DeleteProperty", "GetProperty",
	"ListProperties", "SetSelectionOwner", "GetSelectionOwner", "ConvertSelection", "SendEvent",
	"GrabPointer", "UngrabPointer", "GrabButton", "UngrabButton", "ChangeActivePointerGrab",
	"GrabKeyboard", "UngrabKeyboard", "GrabKey", "UngrabKey", "AllowEvents", "GrabServer",
	"UngrabServer", "QueryPointer", "GetMotionEvents", "TranslateCoordinates", "WarpPointer",
	"SetInputFocus", "GetInputFocus", "QueryKeymap", "OpenFont", "CloseFont", "QueryFont",
	"QueryTextExtents", "ListFonts", "ListFontsWithInfo", "SetFontPath", "GetFontPath",
	"CreatePixmap", "FreePixmap", "CreateGC", "ChangeGC", "CopyGC", "SetDashes",
	"SetClipRectangles", "FreeGC", "ClearArea", "CopyArea", "CopyPlane", "PolyPoint", "PolyLine",
	"PolySegment", "PolyRectangle", "PolyArc", "FillPoly", "PolyFillRectangle", "PolyFillArc",
	"PutImage", "GetImage", "PolyText8", "PolyText16", "ImageText8", "ImageText16",
	"CreateColormap", "FreeColormap", "CopyColormapAndFree", "InstallColormap",
	"UninstallColormap", "ListInstalledColormaps", "AllocColor", "AllocNamedColor",
	"AllocColorCells", "AllocColorPlanes", "FreeColors", "StoreColors", "StoreNamedColor",
	"QueryColors", "LookupColor", "CreateCursor", "CreateGlyphCursor", "FreeCursor",
	"RecolorCursor", "QueryBestSize", "QueryExtension", "ListExtensions",
	"ChangeKeyboardMapping", "GetKeyboardMapping", "ChangeKeyboardControl",
	"GetKeyboardControl", "Bell", "ChangePointerControl", "GetPointerControl", "SetScreenSaver",
	"GetScreenSaver", "ChangeHosts", "ListHosts", "SetAccessControl", "SetCloseDownMode",
	"KillClient", "RotateProperties", "ForceScreenSaver", "SetPointerMapping",
	"GetPointerMapping", "SetModifierMapping", "GetModifierMapping",
	[127] = "NoOperation",
};

static const char *const x11_events[36] = {
	[2] = "KeyPress", "KeyRelease", "ButtonPress", "ButtonRelease", "MotionNotify", "EnterNotify",
	"LeaveNotify", "FocusIn", "FocusOut", "KeymapNotify", "Expose", "GraphicsExpose", "NoExpose",
	"VisibilityNotify", "CreateNotify", "DestroyNotify", "UnmapNotify", "MapNotify", "MapRequest",
	"ReparentNotify", "ConfigureNotify", "ConfigureRequest", "GravityNotify", "ResizeRequest",
	"CirculateNotify", "CirculateRequest", "PropertyNotify", "SelectionClear", "SelectionRequest",
	"SelectionNotify", "ColormapNotify", "ClientMessage", "MappingNotify", "GenericEvent",
};

static const char *const x11_errors[18] = {
	"Success", "BadRequest", "BadValue", "BadWindow", "BadPixmap", "BadAtom", "BadCursor",
	"BadFont", "BadMatch", "BadDrawable", "BadAccess", "BadAlloc", "BadColormap", "BadGC",
	"BadIDChoice", "BadName", "BadLength", "BadImplementation",
};

/* Requests the server answers with a reply. */
static bool expects_reply(uint8_t op)
{
	static const uint8_t ops[] = {
		3, 14, 15, 16, 17, 20, 21, 23, 26, 31, 38, 39, 40, 43, 44, 47, 48, 49, 50, 52, 73, 83,
		84, 85, 86, 87, 91, 92, 97, 98, 99, 101, 103, 106, 108, 110, 116, 117, 118, 119,
	};
	for (size_t i = 0; i < sizeof ops; i++)
		if (ops[i] == op)
			return true;
	return false;
}

/* ---- byte order ---------------------------------------------------------- */

/* The bytes of a segment as one buffer: B[0..have) captured of LEN. */
struct seg {
	const uint8_t *b;
	uint32_t have, len;
};

static bool seg_has(const struct seg *s, uint64_t off, uint32_t n)
{
	return off + n <= s->have;
}

static uint32_t rd16(const struct seg *s, uint32_t off, bool le)
{
	const uint8_t *b = s->b + off;
	return le ? (uint32_t)b[0] | (uint32_t)b[1] << 8 : (uint32_t)b[0] << 8 | b[1];
}

static uint32_t rd32(const struct seg *s, uint32_t off, bool le)
{
	return le ? rd16(s, off, true) | rd16(s, off + 2, true) << 16 : rd16(s, off, false) << 16 | rd16(s, off + 2, false);
}

static int bits_set(const struct seg *s, uint32_t off, int n)
{
	int r = 0;
	for (int i = 0; i < n; i++)
		r += __builtin_popcount(s->b[off + i]);
	return r;
}

static uint32_t words(uint32_t n)
{
	return (n + 3) / 4;
}

/* Whether COUNT strings of a length byte each, from OFF, fill SIZE bytes
 * but for the padding (true when the bytes to tell are not there). */
static bool strings_fit(const struct seg *s, uint32_t off, uint32_t size, uint32_t count)
{
	if (count > size)
		return false;
	while (count--) {
		if (!seg_has(s, off, 1))
			return true;
		uint32_t l = s->b[off];
		if (!l)
			break;
		l++;
		if (l > size)
			return false;
		if (!seg_has(s, off, l))
			return true;
		off += l;
		size -= l;
	}
	return size <= 3;
}

/* Whether a request at OFF of LEN words reads alike in byte order LE: the
 * lengths the protocol fixes for its opcode (true when the bytes to tell
 * are not there). */
static bool consistent(const struct seg *s, uint32_t off, uint32_t len, bool le)
{
	switch (s->b[off]) {
	case 1:
		return !seg_has(s, off, 32) || len == 8u + bits_set(s, off + 28, 4);
	case 2: case 56:
		return !seg_has(s, off, 12) || len == 3u + bits_set(s, off + 8, 4);
	case 3: case 4: case 5: case 6: case 8: case 9: case 10: case 11: case 13: case 14: case 15:
	case 17: case 21: case 23: case 27: case 32: case 35: case 38: case 46: case 47: case 54:
	case 60: case 79: case 81: case 82: case 83: case 95: case 101: case 113:
		return len == 2;
	case 7: case 22: case 30: case 31: case 33: case 39: case 40: case 53: case 57: case 61:
	case 78: case 84: case 87:
		return len == 4;
	case 12:
		return !seg_has(s, off, 10) || len == 3u + bits_set(s, off + 8, 2);
	case 16: case 98:
		return !seg_has(s, off, 6) || len == 2 + words(rd16(s, off + 4, le));
	case 18: {
		if (!seg_has(s, off, 17))
			return true;
		uint8_t fmt = s->b[16]; /* read where Wireshark reads it */
		if (fmt != 8 && fmt != 16 && fmt != 32)
			return false;
		if (!seg_has(s, off, 24))
			return true;
		return len == 6 + words(rd32(s, off + 20, le) * (fmt / 8));
	}
	case 19: case 29: case 34: case 42: case 80: case 86: case 97: case 105: case 107:
		return len == 3;
	case 20: case 24: case 26: case 28: case 41:
		return len == 6;
	case 25:
		return len == 11;
	case 36: case 37: case 43: case 44: case 52: case 99: case 103: case 104: case 106: case 108:
	case 110: case 111: case 112: case 115: case 117: case 119:
		return len == 1;
	case 45: case 85: case 92:
		return !seg_has(s, off, 10) || len == 3 + words(rd16(s, off + 8, le));
	case 48: case 91:
		return len >= 2;
	case 49: case 50: case 109:
		return !seg_has(s, off, 8) || len == 2 + words(rd16(s, off + 6, le));
	case 51:
		if (len < 2)
			return false;
		return !seg_has(s, off, 8) || strings_fit(s, off + 8, (len - 2) * 4, rd16(s, off + 4, le));
	case 55:
		return !seg_has(s, off, 16) || len == 4u + bits_set(s, off + 12, 4);
	case 58:
		return !seg_has(s, off, 12) || len == 3 + words(rd16(s, off + 10, le));
	case 59: case 66: case 67: case 70:
		return len >= 3 && (len - 3) % 2 == 0;
	case 62:
		return len == 7;
	case 63: case 93: case 94:
		return len == 8;
	case 64: case 65: case 88:
		return len >= 3;
	case 68: case 71:
		return len >= 3 && (len - 3) % 3 == 0;
	case 69: case 74: case 75: case 76: case 77:
		return len >= 4;
	case 72:
		return len >= 6;
	case 73: case 96:
		return len == 5;
	case 89:
		return len > 2 && (len - 2) % 3 == 0;
	case 90:
		return !seg_has(s, off, 14) || len == 4 + words(rd16(s, off + 12, le));
	case 100:
		return !seg_has(s, off, 6) || len == 2u + (uint32_t)s->b[1] * s->b[5];
	case 102:
		return !seg_has(s, off, 6) || len == 2u + bits_set(s, off + 4, 2);
	case 114:
		return !seg_has(s, off, 10) || len == 3 + rd16(s, off + 8, le);
	case 116:
		return len == 1 + words(s->b[1]);
	case 118:
		return len == 1u + s->b[1] * 2u;
	case 127:
		return len >= 1;
	default:
		return true;
	}
}

/* -1: the requests' lengths contradict byte order LE, 1: they agree, 0:
 * nothing to tell. */
static int order_match(const struct seg *s, bool le)
{
	int seen = 0;
	for (uint64_t off = 0; seg_has(s, off, 4);) {
		uint32_t len = rd16(s, (uint32_t)off + 2, le);
		if (len == 0 || !consistent(s, (uint32_t)off, len, le))
			return -1;
		seen = 1;
		off += (uint64_t)len * 4;
	}
	return seen;
}

/* The byte order of the connection (true: little-endian), guessed from the
 * requests of segment S when not known yet; a clear guess is kept. */
static bool byte_order(struct x11_conv *x, const struct seg *s, bool requests)
{
	if (x->byte_order != ORDER_UNKNOWN)
		return x->byte_order == ORDER_LE;
	if (!requests)
		return true;
	int le = order_match(s, true), be = order_match(s, false);
	bool decision;
	if (le == be)
		decision = !seg_has(s, 0, 4) || rd16(s, 2, true) <= rd16(s, 2, false);
	else
		decision = le >= be;
	if ((le < 0 && be > 0) || (le > 0 && be < 0))
		x->byte_order = decision ? ORDER_LE : ORDER_BE;
	return decision;
}

/* ---- messages ------------------------------------------------------------ */

/* One segment being read. */
struct x11_read {
	struct packet *p;
	struct x11_conv *x;
	struct x11_dir *d;
	struct seg s;
	uint32_t base;       /* the segment's first byte in the frame */
	uint32_t tcp_seq;    /* the TCP sequence number of that byte */
	bool whole;          /* the capture has every byte: a message may be held */
	int shown;           /* X11 layers pushed */
	int last;            /* the last of them, -1 none */
	GString *info;       /* the frame's Info, as X11 writes it */
	gsize run;           /* where the current run of messages starts in it */
	bool named;          /* the run has named a message: ',' comes next */
};

static const char *name_in(const char *const *names, size_t n, uint32_t v, char *buf, size_t size,
			   const char *unknown)
{
	if (v < n && names[v])
		return names[v];
	g_snprintf(buf, size, "<Unknown %s %u>", unknown, v);
	return buf;
}

/* Writes a message of KIND and CODE into the Info as Wireshark does within
 * one run of messages: the first names the kind ("Requests", "Reply",
 * "Event", "Error"), then each its name after ':' or ','. */
static void note(struct x11_read *r, uint8_t kind, uint8_t code)
{
	static const char *const heads[] = {
		[X11_REQUEST] = "Requests", [X11_REPLY] = "Reply", [X11_REPLY_UNKNOWN] = "Reply",
		[X11_CONN_REPLY] = "Initial connection reply", [X11_ERROR] = "Error", [X11_EVENT] = "Event",
	};
	char buf[40];
	GString *t = r->info;
	const char *sep = r->named ? "," : ":";
	if (kind == X11_CONN_REQUEST) {
		g_string_truncate(t, r->run);
		g_string_append(t, "Initial connection request");
		r->named = true;
		return;
	}
	if (kind >= G_N_ELEMENTS(heads) || !heads[kind])
		return; /* a bogus request, or a message cut short: nothing */
	if (!r->named) {
		g_string_truncate(t, r->run);
		g_string_append(t, heads[kind]);
	}
	r->named = true;
	if (t->len >= PKT_APP_INFO_MAX)
		return; /* past what the column holds */
	switch (kind) {
	case X11_REQUEST:
	case X11_REPLY:
		g_string_append_printf(t, "%s %s", sep,
				       name_in(x11_opcodes, G_N_ELEMENTS(x11_opcodes), code, buf, sizeof buf, "opcode"));
		break;
	case X11_REPLY_UNKNOWN:
		g_string_append_printf(t, "%s to unknown request", sep);
		break;
	case X11_ERROR:
		g_string_append_printf(t, "%s %s", sep,
				       name_in(x11_errors, G_N_ELEMENTS(x11_errors), code, buf, sizeof buf, "errorcode"));
		break;
	case X11_EVENT:
		g_string_append_printf(t, "%s %s%s", sep, code & 0x80 ? "Sent-" : "",
				       name_in(x11_events, G_N_ELEMENTS(x11_events), code & 0x7f, buf, sizeof buf,
					       "eventcode"));
		break;
	}
}

/* A layer for the message at OFF; past X11_LAYERS_MAX layers in the frame
 * the messages are read (and named in the Info) without one, rather than
 * fill the layer stack. */
static int push(struct x11_read *r, uint32_t off, uint32_t len)
{
	if (r->p->nlayers >= X11_LAYERS_MAX)
		return r->last;
	int idx = pkt_push_layer(r->p, PROTO_X11, r->base + off);
	if (idx >= 0) {
		r->p->layers[idx].len = len;
		r->shown++;
		r->last = idx;
	}
	return idx;
}

/* The capture cut the message at OFF short: dissection stops there.  When
 * no message was shown, X11 still names itself in the Protocol column. */
static void cut_short(struct x11_read *r, uint32_t off)
{
	if (r->whole)
		return; /* a header split across segments: not joined up */
	int idx = r->last;
	if (!r->shown) {
		idx = pkt_push_layer(r->p, PROTO_X11, r->base + off);
		if (idx >= 0) {
			r->p->layers[idx].flags |= PKT_NESTED | PKT_NAMES_PROTO;
			r->p->layers[idx].len = 0;
		}
	}
	pkt_mark(r->p, idx >= 0 ? idx : r->p->nlayers - 1, PKT_TRUNCATED);
}

/* A message of LEN bytes at OFF that the segment holds only the start of
 * (REMAINING bytes), in a capture that has them all: it is shown in the
 * segment that completes it, as KIND and CODE. */
static void hold(struct x11_read *r, uint32_t off, uint32_t len, uint32_t remaining, uint8_t kind, uint8_t code)
{
	r->d->rest = len - remaining;
	r->d->next_seq = r->tcp_seq + off + remaining;
	r->d->kind = kind;
	r->d->code = code;
	if (off == 0)
		r->p->tcp_seg = TCP_SEG_PART; /* TCP's "[TCP segment of a reassembled PDU]" */
}

/* A request (opcode OP) counted: the reply it expects is named by it. */
static void count_request(struct x11_conv *x, const struct seg *s, uint32_t off)
{
	uint8_t op = s->b[off];
	x->seq++;
	if (expects_reply(op))
		seq_store(x, x->seq, op);
	else if (op >= 128 && seg_has(s, off, 2))
		seq_store(x, x->seq, op | s->b[off + 1] << 8); /* an extension may answer */
}

/* The requests of a segment from OFF on. */
static void read_requests(struct x11_read *r, uint32_t off)
{
	struct x11_conv *x = r->x;
	const struct seg *s = &r->s;
	while (off < s->len) {
		bool le = byte_order(x, s, true);
		if (!seg_has(s, off, 4)) {
			cut_short(r, off);
			return;
		}
		uint8_t first = s->b[0]; /* Wireshark tests the segment's first byte */
		uint32_t plen = rd16(s, off + 2, le), remaining = s->len - off;
		if (plen == 0) {
			/* BIG-REQUESTS: the length in 4-byte units follows */
			if (!seg_has(s, off, 8)) {
				cut_short(r, off);
				return;
			}
			plen = rd32(s, off + 4, le);
		}
		if (plen == 0) {
			push(r, off, remaining);
			return;
		}
		bool conn = x->conn_frame == r->p->frame->number ||
			    (seq_lookup(x, x->seq) == SEQ_NOTHING_SEEN && (first == 'B' || first == 'l') &&
			     (plen == 11 || plen == 2816));
		uint32_t len = plen > UINT32_MAX / 4 ? UINT32_MAX : plen * 4;
		if (conn) {
			if (x->byte_order == ORDER_UNKNOWN)
				x->byte_order = first == 'B' ? ORDER_BE : ORDER_LE;
			le = x->byte_order == ORDER_LE;
			if (!seg_has(s, off, 10)) {
				cut_short(r, off);
				return;
			}
			len = 12 + words(rd16(s, off + 6, le)) * 4 + words(rd16(s, off + 8, le)) * 4;
		}
		if (r->whole && remaining < len) {
			if (!conn)
				count_request(x, s, off);
			hold(r, off, len, remaining, conn ? X11_CONN_REQUEST : X11_REQUEST, s->b[off]);
			return;
		}
		uint32_t take = remaining < len ? remaining : len;
		if (!seg_has(s, off, take)) {
			cut_short(r, off);
			return;
		}
		push(r, off, take);
		if (conn) {
			x->conn_frame = r->p->frame->number;
			x->seq = 0;
			seq_store(x, 0, SEQ_CONN);
			note(r, X11_CONN_REQUEST, 0);
		} else {
			count_request(x, s, off);
			note(r, X11_REQUEST, s->b[off]);
		}
		if (len >= remaining)
			return;
		off += len;
	}
}

/* What a reply at OFF answers: its kind and code; the first reply of a
 * connection whose request was not seen sets the request count. */
static uint8_t answer(struct x11_conv *x, const struct seg *s, uint32_t off, bool le, uint8_t *code)
{
	int seqno = (int)rd16(s, off + 2, le);
	int op = seq_lookup(x, seqno);
	if (x->conn_frame == 0 && !x->resync) {
		x->seq = seqno;
		x->resync = true;
	}
	*code = (uint8_t)(op & 0xff);
	return op == SEQ_UNKNOWN ? X11_REPLY_UNKNOWN : X11_REPLY;
}

/* The length of the server's message at OFF and its kind; 0 when the
 * capture cut what tells it. */
static uint32_t reply_len(struct x11_read *r, uint32_t off, bool le, uint8_t *kind)
{
	const struct seg *s = &r->s;
	if (seq_lookup(r->x, r->x->seq) == SEQ_CONN || r->x->conn_reply == r->p->frame->number) {
		*kind = X11_CONN_REPLY;
		return seg_has(s, off, 8) ? 8 + rd16(s, off + 6, le) * 4 : 0;
	}
	if (!seg_has(s, off, 1))
		return 0;
	*kind = s->b[off] == 0 ? X11_ERROR : s->b[off] == 1 ? X11_REPLY : X11_EVENT;
	if (*kind != X11_REPLY)
		return 32;
	return seg_has(s, off, 8) ? 32 + rd32(s, off + 4, le) * 4 : 0;
}

/* The replies, events and errors of a segment from OFF on. */
static void read_replies(struct x11_read *r, uint32_t off)
{
	const struct seg *s = &r->s;
	bool le = byte_order(r->x, s, false);
	while (off < s->len) {
		uint8_t kind, code = 0;
		uint32_t len = reply_len(r, off, le, &kind), remaining = s->len - off;
		if (len == 0) {
			cut_short(r, off);
			return;
		}
		if (kind == X11_REPLY && (int32_t)len < 32) {
			/* the extra length overflows: a malformed message */
			pkt_mark(r->p, r->p->nlayers - 1, PKT_MALFORMED);
			return;
		}
		if (kind == X11_REPLY)
			kind = 0; /* told once its bytes are read */
		if (r->whole && remaining < len) {
			if (kind == 0)
				kind = answer(r->x, s, off, le, &code);
			else if (kind != X11_CONN_REPLY)
				code = kind == X11_ERROR ? (seg_has(s, off, 2) ? s->b[off + 1] : 0) : s->b[off];
			hold(r, off, len, remaining, kind, code);
			return;
		}
		uint32_t take = remaining < len ? remaining : len;
		if (!seg_has(s, off, take)) {
			cut_short(r, off);
			return;
		}
		push(r, off, take);
		if (kind == X11_CONN_REPLY)
			r->x->conn_reply = r->p->frame->number;
		else if (kind == 0)
			kind = answer(r->x, s, off, le, &code);
		else
			code = kind == X11_ERROR ? s->b[off + 1] : s->b[off];
		note(r, kind, code);
		if (len >= remaining)
			return;
		off += len;
	}
}

/* The port of the X server: the lower of the two in 6000-6063 (the one
 * TCP tries first). */
static bool to_server(const struct packet *p)
{
	uint16_t lo = p->sport < p->dport ? p->sport : p->dport, hi = p->sport < p->dport ? p->dport : p->sport;
	uint16_t server = lo >= 6000 && lo <= 6063 ? lo : hi;
	return p->dport == server;
}

/* A message that began in an earlier segment: its rest is skipped, and it
 * is shown here when this segment completes it.  Returns where the
 * segment's own messages start, or the segment's length when none do. */
static uint32_t continue_held(struct x11_read *r)
{
	struct x11_dir *d = r->d;
	if (!d->rest)
		return 0;
	if (!r->whole || r->tcp_seq != d->next_seq) {
		d->rest = 0; /* a gap or a cut segment: start afresh */
		return 0;
	}
	if (r->s.len < d->rest) {
		d->rest -= r->s.len;
		d->next_seq += r->s.len;
		r->p->tcp_seg = TCP_SEG_PART;
		return r->s.len;
	}
	uint32_t used = d->rest;
	d->rest = 0;
	push(r, 0, used);
	note(r, d->kind, d->code);
	/* what follows is read as a new run of messages, its Info joined to
	 * the first's, as Wireshark's two calls of the dissector write it */
	r->shown = 0;
	r->run = r->info->len;
	r->named = false;
	int idx = pkt_push_layer(r->p, PROTO_TCP_SEGMENTS, r->base);
	if (idx >= 0)
		r->p->layers[idx].flags |= PKT_REASSEMBLED;
	return used;
}

void dissect_x11(struct packet *p, struct cursor *c)
{
	static __thread GString *info; /* scratch for the frame's Info */
	if (!pkt_has_tcp(p))
		return;
	if (!info)
		info = g_string_sized_new(256);
	g_string_truncate(info, 0);
	struct x11_conv *alone = NULL, *x;
	if (p->session)
		x = session_conv_data(p->session, p, PROTO_X11, x11_conv_new, x11_conv_free);
	else
		x = alone = x11_conv_new();
	bool requests = to_server(p);
	struct x11_read r = {
		.p = p,
		.x = x,
		.d = &x->dir[requests ? 0 : 1],
		.s = {c->data + c->off, cursor_left(c), cursor_rleft(c)},
		.base = c->off,
		.tcp_seq = p->tcp_seq + ((p->tcp_flags & TH_SYN) ? 1 : 0),
		.last = -1,
		.info = info,
	};
	r.whole = p->session && r.s.have >= r.s.len;
	uint32_t off = continue_held(&r);
	if (off < r.s.len) {
		if (requests)
			read_requests(&r, off);
		else
			read_replies(&r, off);
	}
	pkt_set_app_info(p, PROTO_X11, info->str, info->len);
	if (alone)
		x11_conv_free(alone);
}

/* ---- columns ------------------------------------------------------------- */

/* Info as the first X11 layer of the frame finds it written; nothing when
 * no message was named (TCP's Info stays). */
static void x11_columns(struct columns *c, const struct packet *p, int idx)
{
	col_proto(c, "X11");
	if (col_follows_same(p, idx))
		return;
	for (int i = idx - 1; i >= 0; i--)
		if (p->layers[i].proto == PROTO_X11)
			return; /* a later run, already written */
	if (p->app_info_proto == PROTO_X11 && p->app_info_len)
		col_set(c, "%s", p->app_info);
}

/* The fields a message's first bytes give whatever the connection's byte
 * order: a request's opcode (not the connection request's), a reply's
 * kind, an event's code, an error's code. */
static const struct field_def x11_fields[] = {
	{"x11.opcode", "opcode", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"x11.reply", "reply", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"x11.eventcode", "eventcode", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"x11.errorcode", "errorcode", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
};
FIELD_TABLE_DEFINE(x11);

/* A connection request: 'B' or 'l', an unused byte, protocol version 11. */
static bool connection_request(const uint8_t *d, uint32_t n)
{
	return n >= 4 && ((d[0] == 'B' && d[2] == 0 && d[3] == 11) || (d[0] == 'l' && d[2] == 11 && d[3] == 0));
}

static void x11_values(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
		       const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d || n < 2 || (l->flags & PKT_NAMES_PROTO))
		return; /* a layer that only names X11 (no message starts here) */
	/* the end of a message begun in earlier segments: its first bytes are
	 * not here */
	int i = (int)(l - p->layers);
	if (i + 1 < p->nlayers && p->layers[i + 1].proto == PROTO_TCP_SEGMENTS)
		return;
	const char *a = f->abbrev;
	if (to_server(p)) {
		/* opcode 0 is none: such bytes are the rest of a message whose start
		 * was not seen */
		if (fv_same(a, "x11.opcode") && d[0] != 0 && !connection_request(d, n))
			fv_give_uint(fn, data, d[0]);
		return;
	}
	if (d[0] == 1 && fv_same(a, "x11.reply"))
		fv_give_uint(fn, data, 1);
	else if (d[0] == 0 && fv_same(a, "x11.errorcode"))
		fv_give_uint(fn, data, d[1]);
	else if (d[0] > 1 && fv_same(a, "x11.eventcode"))
		fv_give_uint(fn, data, d[0] & 0x7f);
}

/* A request whose length is 0, and whose BIG-REQUESTS length after it is 0
 * too: Wireshark stops there with "Bogus request length (0)". */
static void x11_expert(struct experts *e, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	if (p->dport < 6000 || p->dport > 6063 || n < 8 || (p->layers[idx].flags & PKT_REASSEMBLED))
		return;
	if (d[2] == 0 && d[3] == 0 && d[4] == 0 && d[5] == 0 && d[6] == 0 && d[7] == 0)
		expert_add(e, EXPERT_WARN, EXPERT_PROTOCOL, "X11", "Bogus request length (0)");
}

static const struct handoff x11_handoff[] = {
	TCP_PORTS(6000, 6063, dissect_x11), /* displays :0 to :63 */
	HANDOFF_LIST_END,
};
PROTOCOL_ID(X11, "x11", "X11");
const struct protocol proto_x11 = {PROTO_X11, .short_name = "X11", .columns = x11_columns, .expert = x11_expert, .fields = &x11_table, .values = x11_values,
				   .handoff = x11_handoff};
