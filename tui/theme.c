/* theme.c — colours by protocol and trouble; none when NO_COLOR is set or
 * the terminal has none (attributes then still mark selection and errors). */
#include <string.h>

#include "analyzer/filter/filter.h"
#include "tui/app.h"

static attr_t attrs[COL_COUNT];

void tui_theme_init(bool colour)
{
	memset(attrs, 0, sizeof attrs);
	attrs[COL_TITLE] = A_REVERSE;
	attrs[COL_ERR] = A_BOLD;
	attrs[COL_BAD] = A_BOLD;
	attrs[COL_RST] = A_BOLD;
	attrs[COL_HIGHLIGHT] = A_REVERSE;
	if (!colour)
		return;
	start_color();
	use_default_colors();
	static const struct {
		enum tui_colour c;
		short fg, bg;
		attr_t extra;
	} pairs[] = {
		{COL_TCP, COLOR_WHITE, -1, 0},   {COL_UDP, COLOR_CYAN, -1, 0},
		{COL_DNS, COLOR_BLUE, -1, A_BOLD}, {COL_HTTP, COLOR_GREEN, -1, 0},
		{COL_TLS, COLOR_MAGENTA, -1, 0}, {COL_ARP, COLOR_YELLOW, -1, 0},
		{COL_ICMP, COLOR_CYAN, -1, A_BOLD}, {COL_OTHER, COLOR_YELLOW, -1, A_BOLD},
		{COL_RST, COLOR_WHITE, COLOR_RED, A_BOLD}, {COL_RETRANS, COLOR_BLACK, COLOR_YELLOW, 0},
		{COL_BAD, COLOR_WHITE, COLOR_RED, 0}, {COL_TITLE, COLOR_BLACK, COLOR_CYAN, 0},
		{COL_OK, COLOR_BLACK, COLOR_GREEN, 0}, {COL_ERR, COLOR_WHITE, COLOR_RED, A_BOLD},
		{COL_HIGHLIGHT, COLOR_BLACK, COLOR_YELLOW, 0},
		{COL_SIDE_A, COLOR_RED, -1, 0},  {COL_SIDE_B, COLOR_BLUE, -1, A_BOLD},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(pairs); i++) {
		init_pair((short)(i + 1), pairs[i].fg, pairs[i].bg);
		attrs[pairs[i].c] = COLOR_PAIR((int)(i + 1)) | pairs[i].extra;
	}
}

attr_t tui_attr(enum tui_colour c)
{
	return attrs[c];
}

/* The colouring rules, as Wireshark keeps its own: display filters tried
 * in order, the first that matches a frame colours its row.  The UI names
 * protocols only in these filters (through their field names). */
static const struct {
	const char *filter;
	enum tui_colour colour;
} rules[] = {
	{"dns || mdns || llmnr", COL_DNS},
	{"http", COL_HTTP},
	{"tls || ssh || quic", COL_TLS},
	{"arp", COL_ARP},
	{"icmp || icmpv6", COL_ICMP},
	{"tcp", COL_TCP},
	{"udp", COL_UDP},
};
static dfilter *compiled[G_N_ELEMENTS(rules)];

static gpointer rules_compile(gpointer unused)
{
	(void)unused;
	for (size_t i = 0; i < G_N_ELEMENTS(rules); i++) {
		/* the rules are fixed: one that stopped compiling is a defect
		 * the tests see (its rows stay uncoloured) */
		compiled[i] = dfilter_compile(rules[i].filter, NULL);
	}
	return NULL;
}

enum tui_colour tui_row_colour(const struct packet *p, uint8_t marks)
{
	if (marks & TUI_MARK_MALFORMED)
		return COL_BAD;
	if (marks & TUI_MARK_RST)
		return COL_RST;
	if (marks & (TUI_MARK_RETRANS | TUI_MARK_TCP_ISSUE))
		return COL_RETRANS;
	static GOnce once = G_ONCE_INIT;
	g_once(&once, rules_compile, NULL);
	for (size_t i = 0; i < G_N_ELEMENTS(rules); i++)
		if (compiled[i] && dfilter_match(compiled[i], p))
			return rules[i].colour;
	return COL_OTHER;
}

void tui_put(int y, int x, int w, const char *text)
{
	if (w <= 0)
		return;
	/* A terminal in a locale that is not UTF-8 gets ASCII: the arrow of
	 * the Info column as "->", any other character as '?'. */
	static int utf8 = -1;
	if (utf8 < 0)
		utf8 = g_get_charset(NULL);
	/* as many characters as fit: one column each (the texts are ASCII
	 * but for the arrow and the odd replacement character) */
	GString *s = g_string_sized_new(64);
	const char *at = text;
	int cols = 0;
	while (*at && cols < w) {
		unsigned char c = (unsigned char)*at;
		gunichar u = c >= 0x80 ? g_utf8_get_char_validated(at, -1) : 0;
		if (c >= 0x80 && u < 0x110000) {
			const char *next = g_utf8_next_char(at);
			if (utf8) {
				g_string_append_len(s, at, next - at);
			} else if (u == 0x2192 && cols + 1 < w) {
				g_string_append(s, "->");
				cols++;
			} else {
				g_string_append_c(s, '?');
			}
			at = next;
		} else {
			/* control characters and stray bytes would move the cursor */
			g_string_append_c(s, c < 0x20 || c >= 0x7f ? '.' : (char)c);
			at++;
		}
		cols++;
	}
	mvaddnstr(y, x, s->str, (int)s->len);
	g_string_free(s, TRUE);
	for (; cols < w; cols++)
		addch(' ');
}
