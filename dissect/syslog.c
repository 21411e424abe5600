/* syslog.c — The BSD syslog protocol (RFC 3164) and its successor (RFC 5424),
 * UDP 514: one text message, optionally opening with "<PRI>" where
 * PRI = facility * 8 + level.
 *
 *   <34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8
 *
 * Every payload on port 514 is taken as syslog.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct value_string syslog_level_vals[] = {
	{0, "EMERG"}, {1, "ALERT"}, {2, "CRIT"}, {3, "ERR"}, {4, "WARNING"}, {5, "NOTICE"},
	{6, "INFO"}, {7, "DEBUG"}, {0, NULL},
};

static const struct field_def syslog_fields[] = {
	{"syslog.level", "Level", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, syslog_level_vals},
	{"syslog.facility", "Facility", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"syslog.msg", "Message", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(syslog);

void dissect_syslog(struct packet *p, struct cursor *c)
{
	pkt_push_layer(p, PROTO_SYSLOG, c->off);
}

static const char *const syslog_facility_names[24] = {
	"KERN", "USER", "MAIL", "DAEMON", "AUTH", "SYSLOG", "LPR", "NEWS", "UUCP", "CRON", "AUTHPRIV", "FTP",
	"NTP", "LOGAUDIT", "LOGALERT", "CRON", "LOCAL0", "LOCAL1", "LOCAL2", "LOCAL3", "LOCAL4", "LOCAL5",
	"LOCAL6", "LOCAL7",
};

/* "LOCAL7.NOTICE: the message" as Wireshark writes it: after "<" up to
 * three digits make PRI, a ">" after them is skipped, and the rest of the
 * bytes is the message, shown as text (a line end escaped); with no "<",
 * the message alone. */
static void syslog_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *b = col_layer_given(p, idx, &n);
	col_proto(c, "Syslog");
	col_clear(c);
	if (!b || n == 0)
		return;
	uint32_t i = 0;
	if (b[0] == '<') {
		uint32_t pri = 0;
		for (i = 1; i < n && i <= 3 && g_ascii_isdigit(b[i]); i++)
			pri = pri * 10 + (uint32_t)(b[i] - '0');
		if (i < n && b[i] == '>')
			i++;
		uint32_t fac = (pri & 0x3f8) >> 3;
		col_append(c, "%s.%s: ", fac < G_N_ELEMENTS(syslog_facility_names) ? syslog_facility_names[fac] : "UNKNOWN",
			   value_name(syslog_level_vals, pri & 7));
	}
	text_append_utf8(c->info, b + i, n - i);
}

/* syslog: "<PRI>" then the message; level PRI & 7, facility PRI >> 3. */
static unsigned syslog_values(const uint8_t *b, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (n < 3 || b[0] != '<')
		return 0;
	uint32_t i = 1, pri = 0;
	for (; i < n && i < 5 && b[i] >= '0' && b[i] <= '9'; i++)
		pri = pri * 10 + (uint32_t)(b[i] - '0');
	if (i == 1 || i >= n || b[i] != '>' || pri > 191)
		return 0;
	i++;
	if (fv_same(a, "syslog.level"))
		return fv_give_uint(fn, data, pri & 7);
	if (fv_same(a, "syslog.facility"))
		return fv_give_uint(fn, data, pri >> 3);
	if (fv_same(a, "syslog.msg")) {
		uint32_t end = n;
		while (end > i && (b[end - 1] == '\n' || b[end - 1] == '\r' || b[end - 1] == 0))
			end--;
		return fv_give_ptr(fn, data, FV_STRING, b + i, end - i);
	}
	return 0;
}

static void syslog_field_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
				const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		syslog_values(d, n, f->abbrev, fn, data);
}

static const struct handoff syslog_handoff[] = {
	UDP_PORT(514, dissect_syslog),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(SYSLOG, "syslog", "Syslog message");
const struct protocol proto_syslog = {PROTO_SYSLOG, .short_name = "Syslog", .columns = syslog_columns,
                                      .values = syslog_field_values, .fields = &syslog_table,
                                      .handoff = syslog_handoff};
