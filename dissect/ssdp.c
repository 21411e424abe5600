/* ssdp.c — Simple Service Discovery Protocol (UPnP Device Architecture 2.0,
 * section 1), UDP 1900: HTTP/1.1 messages over UDP.
 *
 *   M-SEARCH * HTTP/1.1\r\n            NOTIFY * HTTP/1.1\r\n         HTTP/1.1 200 OK\r\n
 *   HOST: 239.255.255.250:1900\r\n     NT: upnp:rootdevice\r\n       ST: ...\r\n
 *   MAN: "ssdp:discover"\r\n           NTS: ssdp:alive\r\n           LOCATION: ...\r\n
 *   ...\r\n  \r\n                      ...\r\n  \r\n                 ...\r\n  \r\n
 *
 * The payload is SSDP when its first line is an HTTP request (a known method,
 * then a space or the end of the line) or a status line ("HTTP/").
 */
#include <string.h>

#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

/* SSDP has no fields of its own: its start line and header give HTTP's
 * (http.request.method, http.host, ...), as in Wireshark. */

/* Request methods of HTTP and its extensions (WebDAV, UPnP, GENA). */
static const char *const ssdp_methods[] = {
	"GET", "PUT", "POST", "HEAD", "COPY", "MOVE", "LOCK", "LINK", "POLL", "MKCOL", "TRACE",
	"PATCH", "PURGE", "MERGE", "LABEL", "UNLOCK", "DELETE", "SEARCH", "NOTIFY", "UNLINK",
	"REPORT", "UPDATE", "M-POST", "OPTIONS", "CONNECT", "CHECKIN", "PROPFIND", "CHECKOUT",
	"M-SEARCH", "PROPPATCH", "SUBSCRIBE", "MKACTIVITY", "UNCHECKOUT", "MKWORKSPACE",
	"UNSUBSCRIBE", "MKCALENDAR", "ORDERPATCH", "VERSION-CONTROL", "BASELINE-CONTROL",
};

/* True when the first line of the LEN bytes at S opens an HTTP message. */
static bool ssdp_first_line(const uint8_t *s, uint32_t len)
{
	uint32_t line = 0;
	while (line < len && s[line] != '\r' && s[line] != '\n')
		line++;
	if (line >= 5 && memcmp(s, "HTTP/", 5) == 0)
		return true;
	for (size_t i = 0; i < sizeof ssdp_methods / sizeof ssdp_methods[0]; i++) {
		size_t m = strlen(ssdp_methods[i]);
		if (line >= m && memcmp(s, ssdp_methods[i], m) == 0 && (line == m || s[m] == ' '))
			return true;
	}
	return false;
}

void dissect_ssdp(struct packet *p, struct cursor *c)
{
	uint32_t n = cursor_left(c);
	if (n == 0 || !cursor_ok(c) || !ssdp_first_line(c->data + c->off, n))
		return;
	pkt_push_layer(p, PROTO_SSDP, c->off);
}

static const struct handoff ssdp_handoff[] = {
	UDP_PORT(1900, dissect_ssdp),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(SSDP, "ssdp", "Simple Service Discovery Protocol");
const struct protocol proto_ssdp = {PROTO_SSDP, .short_name = "SSDP", .columns = col_first_line, .expert = http_expert,
				    .values = http_field_values, .shows = PROTO_HTTP, .shows_values = true,
				    .handoff = ssdp_handoff};
