/* imf.c — the Internet Message Format (RFC 5322) of a mail that SMTP
 * (RFC 5321) carries after its DATA command, or that a POP server sends
 * (dissect/pop.c gathers it and calls imf_message()).
 *
 *   Header-Name: value CRLF        (a line starting with a space or a tab
 *   Other-Header: value CRLF        continues the header before it)
 *   CRLF                           (the empty line ending the headers)
 *   body lines CRLF ...
 *   . CRLF                         (SMTP's end of the message, not in it)
 *
 * The client's lines after DATA are the message, gathered over segments up
 * to the line holding only "."; the segment with that line shows the IMF
 * layer, as Wireshark shows the message reassembled.  Its Info is
 * Wireshark's: "from: ..., " and "subject: ..., " for those headers, then
 * each body line (CR, LF and tabs as spaces) after ", ", cut at 4095
 * bytes.  A body in MIME parts (a multipart Content-Type) is not read
 * further; other bodies are shown as lines. */
#include <string.h>

#include "dissect/dissect.h"
#include "dissect/protocol.h"
#include "dissect/session.h"

#define INFO_MAX 4095           /* Wireshark's Info column holds 4096 bytes with its NUL */
#define MSG_KEEP (256 * 1024)   /* bytes of a message kept: its headers and its first lines */

/* One SMTP connection's client side. */
struct smtp_conv {
	bool in_data;         /* after DATA: lines are the message */
	bool seq_known;
	uint32_t next_seq;    /* the client's next TCP sequence number */
	GByteArray *msg;      /* the message so far (its first MSG_KEEP bytes) */
	bool line_start;      /* the message so far ends with a line */
};

static void *smtp_conv_new(void)
{
	struct smtp_conv *s = g_new0(struct smtp_conv, 1);
	s->msg = g_byte_array_new();
	return s;
}

static void smtp_conv_free(void *data)
{
	struct smtp_conv *s = data;
	g_byte_array_unref(s->msg);
	g_free(s);
}

/* The end of the line starting at B[AT] (just past its LF, CR LF or CR). */
static uint32_t line_end(const uint8_t *b, uint32_t n, uint32_t at)
{
	while (at < n && b[at] != '\n' && b[at] != '\r')
		at++;
	if (at < n && b[at] == '\r') {
		at++;
		if (at < n && b[at] == '\n')
			at++;
	} else if (at < n) {
		at++;
	}
	return at;
}

/* Text of B[0..N) as Wireshark formats it: printable ASCII as it is, tabs,
 * CR and LF as spaces (WSP) or as C escapes, other bytes in octal. */
static void append_text(GString *out, const uint8_t *b, uint32_t n, bool wsp)
{
	for (uint32_t i = 0; i < n && out->len <= INFO_MAX; i++) {
		uint8_t ch = b[i];
		if (ch >= 0x20 && ch < 0x7f)
			g_string_append_c(out, (char)ch);
		else if (wsp && (ch == '\t' || ch == '\r' || ch == '\n' || ch == '\v' || ch == '\f'))
			g_string_append_c(out, ' ');
		else if (ch == '\t' || ch == '\r' || ch == '\n')
			g_string_append_printf(out, "\\%c", ch == '\t' ? 't' : ch == '\r' ? 'r' : 'n');
		else
			g_string_append_printf(out, "\\%03o", ch);
	}
}

/* Reads the headers of message B[0..N) into OUT's Info; returns where the
 * body starts and whether it is in MIME parts (*MIME).  As Wireshark reads
 * them, a header's name runs from where the last one ended to the next
 * colon, even across a line with none; when no colon is left (or no CR
 * after the last), the body is the whole message again. */
static uint32_t read_headers(const uint8_t *b, uint32_t n, GString *out, bool *mime)
{
	uint32_t at = 0;
	*mime = false;
	while (at < n) {
		if (b[at] == '\r' || b[at] == '\n')
			return line_end(b, n, at); /* the empty line */
		const uint8_t *colon = memchr(b + at, ':', n - at);
		if (!colon || !memchr(colon, '\r', n - (uint32_t)(colon - b)))
			return 0; /* no more headers, or one with no end: the body is all of it */
		uint32_t name_len = (uint32_t)(colon - (b + at)), v = (uint32_t)(colon - b) + 1;
		uint32_t end = line_end(b, n, v);
		while (end < n && (b[end] == ' ' || b[end] == '\t'))
			end = line_end(b, n, end); /* folded: the header goes on */
		uint32_t ve = end;
		while (v < ve && (b[v] == ' ' || b[v] == '\t'))
			v++;
		while (ve > v && (b[ve - 1] == '\n' || b[ve - 1] == '\r'))
			ve--;
		g_autofree char *name = g_ascii_strdown((const char *)b + at, name_len);
		if (!strcmp(name, "from") || !strcmp(name, "subject")) {
			g_string_append_printf(out, "%s: ", name);
			append_text(out, b + v, ve - v, false);
			g_string_append(out, ", ");
		} else if (!strcmp(name, "content-type")) {
			*mime = ve - v >= 10 && !g_ascii_strncasecmp((const char *)b + v, "multipart/", 10);
		}
		at = end;
	}
	return at;
}

/* The Info of message B[0..N) into OUT. */
static void message_info(const uint8_t *b, uint32_t n, GString *out)
{
	bool mime;
	g_string_truncate(out, 0);
	uint32_t at = read_headers(b, n, out, &mime);
	while (!mime && at < n && out->len <= INFO_MAX) {
		uint32_t end = line_end(b, n, at);
		if (out->len)
			g_string_append(out, ", ");
		append_text(out, b + at, end - at, true);
		at = end;
	}
	if (out->len > INFO_MAX)
		g_string_truncate(out, INFO_MAX);
}

static void keep(struct smtp_conv *s, const uint8_t *b, uint32_t n)
{
	if (s->msg->len < MSG_KEEP)
		g_byte_array_append(s->msg, b, MIN(n, MSG_KEEP - s->msg->len));
	if (n)
		s->line_start = b[n - 1] == '\n';
}

void imf_message(struct packet *p, const uint8_t *b, uint32_t n, uint32_t off)
{
	int idx = pkt_push_layer(p, PROTO_IMF, off);
	if (idx < 0)
		return;
	GString *info = g_string_new(NULL);
	message_info(b, n, info);
	bool reasm_taken = false; /* the frame's reassembled bytes are a layer's below */
	for (int i = 0; i < idx; i++)
		reasm_taken |= (p->layers[i].flags & PKT_REASSEMBLED) != 0;
	p->layers[idx].len = 0;
	if (!reasm_taken) {
		p->reasm_len = MIN(n, PKT_REASSEMBLED_MAX);
		memcpy(p->reasm, b, p->reasm_len);
		p->layers[idx].flags |= PKT_REASSEMBLED;
		p->layers[idx].off = 0;
		p->layers[idx].len = p->reasm_len;
	}
	pkt_set_app_info(p, PROTO_IMF, info->str, info->len);
	g_string_free(info, TRUE);
}

/* The message is complete in this segment, at OFF of the frame: its layer. */
static void complete(struct packet *p, struct smtp_conv *s, uint32_t off)
{
	s->in_data = false;
	imf_message(p, s->msg->data, s->msg->len, off);
}

/* Lines of a client segment B[0..N) after DATA: the message, up to a line
 * holding only ".". */
static void data_lines(struct packet *p, struct smtp_conv *s, const uint8_t *b, uint32_t n, uint32_t base)
{
	uint32_t at = 0;
	while (at < n) {
		uint32_t end = line_end(b, n, at);
		bool whole_line = s->line_start && b[at] == '.' && (end - at == 1 || b[at + 1] == '\r' || b[at + 1] == '\n');
		if (whole_line) {
			complete(p, s, base);
			return;
		}
		keep(s, b + at, end - at);
		at = end;
	}
}

bool imf_from_smtp(struct packet *p, const struct cursor *c, bool to_server)
{
	if (!p->session || !pkt_has_tcp(p) || !to_server)
		return false;
	struct smtp_conv *s = session_conv_data(p->session, p, PROTO_SMTP, smtp_conv_new, smtp_conv_free);
	uint32_t n = cursor_left(c), len = cursor_rleft(c);
	uint32_t seq = p->tcp_seq + ((p->tcp_flags & TH_SYN) ? 1 : 0);
	if (s->seq_known && seq != s->next_seq)
		return false; /* retransmitted, or after a gap: not read again */
	s->seq_known = true;
	s->next_seq = seq + len;
	const uint8_t *b = c->data + c->off;
	if (s->in_data) {
		data_lines(p, s, b, n, c->off);
		return true;
	}
	/* commands: DATA starts a message with the next line */
	for (uint32_t at = 0; at < n;) {
		uint32_t end = line_end(b, n, at), text = end;
		while (text > at && (b[text - 1] == '\r' || b[text - 1] == '\n'))
			text--;
		if (text - at == 4 && !g_ascii_strncasecmp((const char *)b + at, "DATA", 4)) {
			s->in_data = true;
			s->line_start = true;
			g_byte_array_set_size(s->msg, 0);
			data_lines(p, s, b + end, n - end, c->off);
			return false;
		}
		at = end;
	}
	return false;
}

/* "SMTP/IMF" in the Protocol column, the message's Info. */
static void imf_columns(struct columns *c, const struct packet *p, int idx)
{
	(void)idx;
	char proto[COL_PROTO_MAX];
	g_snprintf(proto, sizeof proto, "%s/IMF", c->proto[0] ? c->proto : "SMTP");
	col_proto(c, proto);
	col_clear(c);
	if (p->app_info_proto == PROTO_IMF)
		col_append(c, "%s", p->app_info);
}

PROTOCOL_ID(IMF, "imf", "Internet Message Format");
const struct protocol proto_imf = {PROTO_IMF, .short_name = "IMF", .columns = imf_columns};
