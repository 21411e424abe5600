/* vnc.c — VNC's Remote Framebuffer protocol (RFB, RFC 6143) on TCP ports
 * 5500, 5501, 5900 and 5901, and on any port whose first segment is a
 * version message: a handshake whose messages only their order tells
 * apart, then the client's and the server's messages by type.
 *
 *   server: "RFB 003.008\n"      client: "RFB 003.008\n"
 *   server: security types       client: the type chosen (3.7 and later;
 *                                        3.3: the server's 4-byte choice)
 *   server: 16-byte challenge    client: 16-byte response (type 2, VNC)
 *   server: security result (4)  client: ClientInit (share flag, 1)
 *   server: ServerInit: width (2), height (2), pixel format (16), name
 *   then client messages:        server messages:
 *   +------+--------------       +------+--------------------------------+
 *   | type | by type ...         | type | framebuffer update: rectangles |
 *   +------+--------------       +------+ (x, y, w, h, encoding, pixels) |
 *
 * As Wireshark reads it, the connection's state says what the next segment
 * holds, whichever side sends it; each handshake segment and each client
 * segment is one message, cut short malformed.  A server segment holds
 * messages one after the other ("; " between their Info); one that runs
 * into later segments is gathered until it is whole (its Info, TCP in the
 * Protocol column and "[TCP segment of a reassembled PDU]" meanwhile).  A
 * framebuffer update's length is worked out for the Raw, CopyRect, RRE,
 * Hextile and ZRLE encodings and the cursor and size pseudo-encodings; a
 * rectangle of another encoding is its header alone.  Set Colour Map
 * Entries is whole, as Wireshark 4.0 counts, with 3 bytes more than its
 * entries.  Wireshark 4.0 never finds a Server Cut Text whole (it reads its
 * length right after the type byte, and takes the offset after the text
 * for the bytes it still needs): from one on, every segment the server
 * sends is shown as part of it, unless the length so read is over 100000
 * (the message is then 5 bytes).
 */
#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"
#include "dissect/session.h"

/* What the connection's next message is. */
enum vnc_state {
	VNC_SERVER_VERSION, VNC_CLIENT_VERSION, VNC_SECURITY, VNC_SECURITY_TYPES, VNC_AUTH_CHALLENGE,
	VNC_AUTH_RESPONSE, VNC_SECURITY_RESULT, VNC_CLIENT_INIT, VNC_SERVER_INIT, VNC_NORMAL,
};

/* The most a server message gathered over segments may hold. */
#define VNC_HELD_MAX (16u << 20)

struct vnc_conv {
	uint8_t state;       /* enum vnc_state */
	uint8_t bpp;         /* bytes per pixel (ServerInit, Set Pixel Format) */
	uint16_t server_port;
	double version;      /* the client's protocol version */
	uint64_t frame;      /* the frame last read, and what was known before it */
	uint8_t state_before, bpp_before;
	uint16_t server_port_before;
	double version_before;
	GByteArray *held;    /* a server message's start gathered so far */
	bool cut_text;       /* a Server Cut Text is being gathered: for ever */
	uint32_t held_next;  /* the sequence number that continues it */
};

static const struct value_string vnc_security_types[] = {
	{0, "Invalid"}, {1, "None"}, {2, "VNC"}, {5, "RA2"}, {6, "RA2ne"}, {16, "Tight"}, {17, "Ultra"},
	{18, "TLS"}, {19, "VeNCrypt"}, {20, "GTK-VNC SASL"}, {21, "MD5 hash authentication"},
	{22, "Colin Dean xvp"}, {30, "Apple Remote Desktop"}, {0, NULL},
};

static const struct value_string vnc_client_types[] = {
	{0, "Client set pixel format"}, {2, "Client set encodings"}, {3, "Client framebuffer update request"},
	{4, "Client key event"}, {5, "Client pointer event"}, {6, "Client cut text"}, {0, NULL},
};

static const struct value_string vnc_server_types[] = {
	{0, "Server framebuffer update"}, {1, "Server set colormap entries"}, {2, "Server ring bell on client"},
	{3, "Server cut text"}, {0, NULL},
};

/* The Info of each handshake state (the state a packet was read in is
 * found again from it). */
static const char *const vnc_state_info[] = {
	[VNC_SECURITY] = "Security types supported",
	[VNC_AUTH_CHALLENGE] = "Authentication challenge from server",
	[VNC_AUTH_RESPONSE] = "Authentication response from client",
	[VNC_SECURITY_RESULT] = "Authentication result",
	[VNC_CLIENT_INIT] = "Share desktop flag",
	[VNC_SERVER_INIT] = "Server framebuffer parameters",
};

static const struct field_def vnc_fields[] = {
	{"vnc.server_proto_ver", "Server protocol version", FT_STRING, BASE_NONE, FIELD_VAR, 7, 0, NULL},
	{"vnc.client_proto_ver", "Client protocol version", FT_STRING, BASE_NONE, FIELD_VAR, 7, 0, NULL},
	{"vnc.num_security_types", "Number of security types", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"vnc.client_security_type", "Security type selected", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0,
	 vnc_security_types},
	{"vnc.auth_challenge", "Authentication challenge", FT_BYTES, BASE_NONE, FIELD_VAR, 16, 0, NULL},
	{"vnc.auth_response", "Authentication response", FT_BYTES, BASE_NONE, FIELD_VAR, 16, 0, NULL},
	{"vnc.share_desktop_flag", "Share desktop flag", FT_BOOLEAN, 0, FIELD_VAR, 1, 0, NULL},
	{"vnc.width", "Framebuffer width", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"vnc.height", "Framebuffer height", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"vnc.desktop_name", "Desktop name", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"vnc.client_message_type", "Client Message Type", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"vnc.server_message_type", "Server Message Type", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
};
FIELD_TABLE_DEFINE(vnc);

static void *vnc_conv_new(void)
{
	return g_new0(struct vnc_conv, 1);
}

static void vnc_conv_free(void *data)
{
	struct vnc_conv *v = data;
	if (v->held)
		g_byte_array_free(v->held, TRUE);
	g_free(v);
}

/* "RFB xxx.yyy\n", the whole segment. */
static bool vnc_version_message(const uint8_t *d, uint32_t n)
{
	return n == 12 && g_ascii_strncasecmp((const char *)d, "RFB ", 4) == 0 && d[7] == '.' && d[11] == '\n';
}

/* Whether P goes to the server: not from the port the server's version
 * message came from; without one, to a port of VNC's. */
static bool vnc_to_server(const struct packet *p, const struct vnc_conv *v)
{
	if (v->server_port)
		return p->sport != v->server_port;
	uint16_t d = p->dport;
	return d == 5500 || d == 5501 || d == 5900 || d == 5901;
}

static uint64_t be16_at(const uint8_t *d)
{
	return fv_get16(d, true);
}

/* The bytes a framebuffer update's rectangles take after AT (its header
 * read), D holding N; UINT64_MAX when N bytes cannot tell yet. */
static uint64_t vnc_rects_end(const uint8_t *d, uint64_t n, uint64_t at, unsigned rects, unsigned bpp)
{
#define NEED(k)                           \
	do {                              \
		if (at + (k) > n)          \
			return UINT64_MAX; \
	} while (0)
	for (unsigned r = 0; r < rects; r++) {
		if (r > 5000)
			return at; /* Wireshark gives up there */
		NEED(12);
		uint64_t w = be16_at(d + at + 4), h = be16_at(d + at + 6);
		int32_t enc = (int32_t)fv_get32(d + at + 8, true);
		at += 12;
		switch (enc) {
		case 0: /* Raw */
			at += w * h * bpp;
			break;
		case 1: /* CopyRect */
			at += 4;
			break;
		case 2: /* RRE */
			NEED(4);
			at += 4 + bpp + (uint64_t)fv_get32(d + at, true) * (bpp + 8);
			break;
		case 5: /* Hextile: 16x16 tiles, each its subencoding first */
			for (uint64_t y = 0; y < h; y += 16)
				for (uint64_t x = 0; x < w; x += 16) {
					uint64_t tw = w - x < 16 ? w - x : 16, th = h - y < 16 ? h - y : 16;
					NEED(1);
					uint8_t sub = d[at++];
					if (sub & 1) {
						at += tw * th * bpp;
						continue;
					}
					at += ((sub & 2) ? bpp : 0) + ((sub & 4) ? bpp : 0);
					if (sub & 8) {
						NEED(1);
						uint8_t k = d[at++];
						at += (uint64_t)k * (((sub & 16) ? bpp : 0) + 2);
					}
				}
			break;
		case 16: /* ZRLE: a length, then the zlib data */
			NEED(4);
			at += 4 + (uint64_t)fv_get32(d + at, true);
			break;
		case -223: /* DesktopSize */
		case -232: /* Pointer position */
			break;
		case -224: /* LastRect: no more rectangles */
			return at;
		case -239: /* Rich cursor: pixels, then a bit mask */
			at += w * h * bpp + (w + 7) / 8 * h;
			break;
		case -240: /* X cursor: two colours, then two bit masks */
			if (w && h)
				at += 6 + 2 * ((w + 7) / 8) * h;
			break;
		default: /* an encoding not read: its header only */
			break;
		}
	}
	NEED(0);
	return at;
#undef NEED
}

/* The length of the server message at D (N bytes there): UINT64_MAX when
 * N bytes do not hold it whole, 0 for a type without one (the rest of
 * the segment). */
static uint64_t vnc_server_len(const uint8_t *d, uint32_t n, unsigned bpp)
{
	uint64_t len;
	switch (d[0]) {
	case 0: /* more than 5000 rectangles (0xffff: until LastRect) are not read */
		if (n < 4)
			return UINT64_MAX;
		if (be16_at(d + 2) > 5000 && be16_at(d + 2) != 0xffff)
			return 2;
		return vnc_rects_end(d, n, 4, (unsigned)be16_at(d + 2), bpp);
	case 1: /* Wireshark 4.0 wants 3 bytes more than the entries at hand */
		if (n < 6 || 9 + 6 * be16_at(d + 4) > n)
			return UINT64_MAX;
		len = 6 + 6 * be16_at(d + 4);
		break;
	case 2:
		len = 1;
		break;
	case 3: /* Wireshark 4.0 asks for more (see above) unless the length it
		 * reads after the type byte is over 100000 */
		if (n < 5 || fv_get32(d + 1, true) <= 100000)
			return UINT64_MAX;
		return 5;
	default:
		return 0;
	}
	return len <= n ? len : UINT64_MAX;
}

/* The length of a client message, the segment's first (N bytes there);
 * 0 for a type Wireshark does not read, UINT64_MAX when cut short. */
static uint64_t vnc_client_len(const uint8_t *d, uint32_t n)
{
	uint64_t len;
	switch (d[0]) {
	case 0:
		len = 20;
		break;
	case 2:
		len = n < 4 ? UINT64_MAX : 4 + 4 * be16_at(d + 2);
		break;
	case 3:
		len = 10;
		break;
	case 4:
		len = 8;
		break;
	case 5:
		len = 6;
		break;
	case 6:
		len = n < 8 ? UINT64_MAX : 8 + (uint64_t)fv_get32(d + 4, true);
		break;
	default:
		return 0;
	}
	return len;
}

/* Reads handshake message D (N bytes) in state S: its Info into INFO,
 * the next state into V.  Returns the bytes it needs (more than N: cut
 * short, the state stays). */
static uint64_t vnc_handshake(struct vnc_conv *v, const uint8_t *d, uint32_t n, GString *info)
{
	uint64_t need = 0;
	int next = -1;
	switch (v->state) {
	case VNC_SERVER_VERSION:
	case VNC_CLIENT_VERSION:
		if (!vnc_version_message(d, n))
			return 0; /* not yet: the state waits for it */
		g_string_printf(info, "%s protocol version: %.7s", v->state == VNC_SERVER_VERSION ? "Server" : "Client",
				(const char *)d + 4);
		if (v->state == VNC_CLIENT_VERSION) {
			char ver[8];
			memcpy(ver, d + 4, 7);
			ver[7] = 0;
			v->version = g_ascii_strtod(ver, NULL);
		}
		next = v->state + 1;
		need = 12;
		break;
	case VNC_SECURITY:
		if (v->version >= 3.007) {
			need = n < 1 ? 1 : 1 + (uint64_t)d[0];
			next = VNC_SECURITY_TYPES;
		} else {
			need = 4;
			uint32_t type = n >= 4 ? fv_get32(d, true) : 0;
			next = type == 1 ? VNC_CLIENT_INIT : type == 2 ? VNC_AUTH_CHALLENGE : -1;
		}
		break;
	case VNC_SECURITY_TYPES:
		need = 1;
		if (n >= 1) {
			const char *name = value_name(vnc_security_types, d[0]);
			g_string_printf(info, "Security type %s (%u) selected by client", name ? name : "Unknown", d[0]);
			next = d[0] == 1 ? (v->version >= 3.008 ? VNC_SECURITY_RESULT : VNC_CLIENT_INIT)
			       : d[0] == 2 ? VNC_AUTH_CHALLENGE
					   : -1;
		}
		break;
	case VNC_AUTH_CHALLENGE:
	case VNC_AUTH_RESPONSE:
		need = 16;
		next = v->state + 1;
		break;
	case VNC_SECURITY_RESULT:
		need = 4;
		next = n >= 4 && fv_get32(d, true) == 0 ? VNC_CLIENT_INIT : -1;
		break;
	case VNC_CLIENT_INIT:
		need = 1;
		next = VNC_SERVER_INIT;
		break;
	case VNC_SERVER_INIT:
		need = 20;
		if (n > 20) /* the name is left out at times */
			need = n < 24 ? 24 : 24 + (uint64_t)fv_get32(d + 20, true);
		if (n >= 20)
			v->bpp = d[4] / 8;
		next = VNC_NORMAL;
		break;
	}
	if (vnc_state_info[v->state])
		g_string_assign(info, vnc_state_info[v->state]);
	if (need <= n && next >= 0)
		v->state = (uint8_t)next;
	return need;
}

/* The server's messages in D (N bytes): their Info, their types into
 * TYPES.  Returns where the first message not whole
 * starts, N when all are. */
static uint32_t vnc_server_messages(const struct vnc_conv *v, const uint8_t *d, uint32_t n, GString *info,
				    GByteArray *types)
{
	uint32_t at = 0;
	while (at < n) {
		g_byte_array_append(types, d + at, 1);
		const char *name = value_name(vnc_server_types, d[at]);
		g_string_append_printf(info, "%s%s", info->len ? "; " : "", name ? name : "Unknown server message type");
		uint64_t len = vnc_server_len(d + at, n - at, v->bpp);
		if (len == UINT64_MAX)
			return at;
		if (len == 0)
			return n;
		at += (uint32_t)len;
	}
	return n;
}

/* A server segment after the handshake: gathered with what earlier
 * segments left unfinished. */
static void vnc_server_segment(struct packet *p, struct cursor *c, struct vnc_conv *v, GString *info,
			       GByteArray *types)
{
	uint32_t n = cursor_left(c);
	const uint8_t *d = c->data + c->off;
	if (v->cut_text) {
		g_string_assign(info, "Server cut text");
		g_byte_array_append(types, (const uint8_t *)"\3", 1);
		p->tcp_seg = TCP_SEG_PART;
		p->tcp_seg_proto = PROTO_VNC;
		p->tcp_seg_start = 0;
		cursor_skip(c, n);
		return;
	}
	bool continues = v->held && v->held->len && v->held_next == p->tcp_seq;
	if (v->held && !continues)
		g_byte_array_set_size(v->held, 0); /* a gap: what was held never ends */
	if (continues) {
		g_byte_array_append(v->held, d, n);
		d = v->held->data;
		n = v->held->len;
	}
	uint32_t whole = vnc_server_messages(v, d, n, info, types);
	if (whole < n) {
		/* a message not whole yet: kept for the next segment */
		if (d[whole] == 3) { /* never whole: see above */
			v->cut_text = true;
			if (v->held)
				g_byte_array_set_size(v->held, 0);
		}
		if (!v->held)
			v->held = g_byte_array_new();
		if (n - whole > VNC_HELD_MAX) {
			g_byte_array_set_size(v->held, 0);
		} else {
			if (!continues) {
				g_byte_array_append(v->held, d + whole, n - whole);
			} else if (whole) {
				g_byte_array_remove_range(v->held, 0, whole);
			}
			v->held_next = p->tcp_seq + cursor_left(c);
		}
		if (whole == 0) {
			p->tcp_seg = TCP_SEG_PART;
			p->tcp_seg_proto = PROTO_VNC;
			p->tcp_seg_start = 0;
		}
	} else if (continues) {
		g_byte_array_set_size(v->held, 0);
		/* completed from earlier segments: Wireshark's tree shows them */
		int s = pkt_push_layer(p, PROTO_TCP_SEGMENTS, c->off);
		if (s >= 0) {
			p->layers[s].flags |= PKT_TREE_ONLY;
			p->layers[s].len = 0;
		}
	}
	cursor_skip(c, cursor_left(c));
}

static void dissect_vnc(struct packet *p, struct cursor *c)
{
	struct vnc_conv *v = p->session && p->ip_layer >= 0 ?
		session_conv_data(p->session, p, PROTO_VNC, vnc_conv_new, vnc_conv_free) : NULL;
	int idx = pkt_push_layer(p, PROTO_VNC, c->off);
	if (idx < 0)
		return;
	p->layers[idx].len = cursor_left(c);
	if (!v) {
		cursor_skip(c, cursor_left(c));
		return;
	}
	if (v->frame == p->frame->number && v->frame) {
		/* the same frame read again (a heuristic's try): from the same state */
		v->state = v->state_before, v->bpp = v->bpp_before;
		v->server_port = v->server_port_before, v->version = v->version_before;
	} else {
		v->frame = p->frame->number;
		v->state_before = v->state, v->bpp_before = v->bpp;
		v->server_port_before = v->server_port, v->version_before = v->version;
	}
	const uint8_t *d = c->data + c->off;
	uint32_t n = cursor_left(c);
	g_autoptr(GString) info = g_string_new(NULL);
	g_autoptr(GByteArray) types = g_byte_array_new();
	uint64_t need;
	if (v->state == VNC_SERVER_VERSION && vnc_version_message(d, n))
		v->server_port = p->sport;
	if (v->state != VNC_NORMAL) {
		need = vnc_handshake(v, d, n, info);
	} else if (vnc_to_server(p, v)) {
		const char *name = n ? value_name(vnc_client_types, d[0]) : NULL;
		if (n && name)
			g_string_assign(info, name);
		else if (n)
			g_string_printf(info, "Unknown client message type (%u)", d[0]);
		need = n ? vnc_client_len(d, n) : 1;
		if (n >= 5 && d[0] == 0 && need <= n)
			v->bpp = d[4] / 8;
	} else {
		vnc_server_segment(p, c, v, info, types);
		need = 0;
	}
	/* the Info, then after its NUL the server's message types, for the
	 * fields */
	g_string_append_c(info, 0);
	g_string_append_len(info, (const char *)types->data, MIN(types->len, 255u));
	pkt_set_app_info(p, PROTO_VNC, info->str, info->len);
	if (need > n) {
		cursor_skip(c, n + 1);
		pkt_note_cursor(p, idx, c);
		return;
	}
	cursor_skip(c, cursor_left(c));
}

/* A version message on a port of no other protocol: the connection is
 * VNC's from there on. */
static void dissect_vnc_heur(struct packet *p, struct cursor *c)
{
	if (!vnc_version_message(c->data + c->off, cursor_left(c)))
		return;
	tcp_conn_follow(p, dissect_vnc, false);
	dissect_vnc(p, c);
}

/* The state the packet was read in, found from its Info. */
static int vnc_packet_state(const struct packet *p)
{
	if (p->app_info_proto != PROTO_VNC)
		return -1;
	const char *s = p->app_info;
	for (size_t i = 0; i < G_N_ELEMENTS(vnc_state_info); i++)
		if (vnc_state_info[i] && strcmp(s, vnc_state_info[i]) == 0)
			return (int)i;
	if (g_str_has_prefix(s, "Server protocol version: "))
		return VNC_SERVER_VERSION;
	if (g_str_has_prefix(s, "Client protocol version: "))
		return VNC_CLIENT_VERSION;
	if (g_str_has_prefix(s, "Security type "))
		return VNC_SECURITY_TYPES;
	return VNC_NORMAL;
}

/* The fields of the message the packet's state says it holds. */
static void vnc_values(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
		       const struct field_def *f, fvalue_fn fn, void *data)
{
	int state = vnc_packet_state(p);
	if (!d || n == 0 || state < 0 || (l->flags & PKT_REASSEMBLED))
		return;
	const char *a = f->abbrev;
	switch (state) {
	case VNC_SERVER_VERSION:
	case VNC_CLIENT_VERSION:
		if (n >= 11 && fv_same(a, state == VNC_SERVER_VERSION ? "vnc.server_proto_ver" : "vnc.client_proto_ver"))
			fv_give_ptr(fn, data, FV_STRING, d + 4, 7);
		break;
	case VNC_SECURITY:
		if (fv_same(a, "vnc.num_security_types") && n > 1)
			fv_give_uint(fn, data, d[0]);
		break;
	case VNC_SECURITY_TYPES:
		if (fv_same(a, "vnc.client_security_type"))
			fv_give_uint(fn, data, d[0]);
		break;
	case VNC_AUTH_CHALLENGE:
	case VNC_AUTH_RESPONSE:
		if (n >= 16 && fv_same(a, state == VNC_AUTH_CHALLENGE ? "vnc.auth_challenge" : "vnc.auth_response"))
			fv_give_ptr(fn, data, FV_BYTES, d, 16);
		break;
	case VNC_CLIENT_INIT:
		if (fv_same(a, "vnc.share_desktop_flag"))
			fv_give_uint(fn, data, d[0] != 0);
		break;
	case VNC_SERVER_INIT:
		if (n >= 4 && fv_same(a, "vnc.width"))
			fv_give_uint(fn, data, be16_at(d));
		else if (n >= 4 && fv_same(a, "vnc.height"))
			fv_give_uint(fn, data, be16_at(d + 2));
		else if (n >= 24 && fv_same(a, "vnc.desktop_name")) {
			uint32_t len = fv_get32(d + 20, true);
			if (len <= n - 24)
				fv_give_ptr(fn, data, FV_STRING, d + 24, len);
		}
		break;
	case VNC_NORMAL:
		if (g_str_has_prefix(p->app_info, "Client") || g_str_has_prefix(p->app_info, "Unknown client")) {
			if (fv_same(a, "vnc.client_message_type"))
				fv_give_uint(fn, data, d[0]);
		} else if (fv_same(a, "vnc.server_message_type")) {
			/* each message's (in a segment of one gathered, the
			 * message's), kept after the Info */
			size_t at = strlen(p->app_info) + 1;
			for (; at < p->app_info_len; at++)
				fv_give_uint(fn, data, (uint8_t)p->app_info[at]);
		}
		break;
	}
}

/* The Info worked out as the connection went; nothing of its own in a
 * segment TCP shows as part of a message still gathered. */
static void vnc_columns(struct columns *c, const struct packet *p, int idx)
{
	if (p->tcp_seg == TCP_SEG_PART)
		return;
	col_short_name(c, p, idx);
	col_clear(c);
	if (p->app_info_proto == PROTO_VNC)
		col_append(c, "%s", p->app_info);
}

/* What the gathered message's segments show before TCP's words. */
static void vnc_partial(struct columns *c, const struct packet *p, G_GNUC_UNUSED const uint8_t *d,
			G_GNUC_UNUSED uint32_t n)
{
	if (p->app_info_proto == PROTO_VNC)
		col_set(c, "%s", p->app_info);
}

/* Wireshark's registration: TCP 5500, 5501, 5900 and 5901, and its
 * heuristic on a version message. */
static const struct handoff vnc_handoff[] = {
	TCP_PORTS(5500, 5501, dissect_vnc),
	TCP_PORTS(5900, 5901, dissect_vnc),
	TCP_HEUR(70, dissect_vnc_heur),
	HANDOFF_LIST_END,
};

PROTOCOL_ID(VNC, "vnc", "Virtual Network Computing");
const struct protocol proto_vnc = {PROTO_VNC, .short_name = "VNC", .fields = &vnc_table, .columns = vnc_columns,
				   .partial = vnc_partial, .values = vnc_values, .handoff = vnc_handoff};
