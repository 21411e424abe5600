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
