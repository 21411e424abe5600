/* expert.c — collecting a frame's expert items from its protocols. */
#include "dissect/expert.h"

#include <stdarg.h>

#include "dissect/column.h"
#include "dissect/field.h"
#include "dissect/protocol.h"

void expert_add(struct experts *e, enum expert_severity sev, enum expert_group group, const char *protocol,
		const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_string_vprintf(e->buf, fmt, ap);
	va_end(ap);
	struct expert_item it = {(uint8_t)sev, (uint8_t)group, protocol, e->buf->str};
	e->fn(&it, e->data);
}

/* The Protocol column's name of layer IDX, as its expert items carry it. */
static const char *layer_column_name(const struct packet *p, int idx, char *buf, size_t n)
{
	struct columns c = {.info = g_string_new(NULL)};
	const struct protocol *d = protocol_of((enum proto_id)p->layers[idx].proto);
	if (d && d->columns)
		d->columns(&c, p, idx);
	else
		col_default(&c, p, idx);
	g_strlcpy(buf, c.proto, n);
	g_string_free(c.info, TRUE);
	return buf;
}

void experts_fill(const struct packet *p, expert_listener fn, void *data)
{
	struct experts e = {fn, data, g_string_new(NULL)};
	int last = -1; /* the last layer of a protocol, for a malformed error */
	for (int i = 0; i < p->nlayers; i++) {
		const struct layer *l = &p->layers[i];
		if (l->proto == PROTO_WS_MALFORMED) {
			char name[64];
			const char *who = last >= 0 ? layer_column_name(p, last, name, sizeof name) : "Frame";
			expert_add(&e, EXPERT_ERROR, EXPERT_MALFORMED, who, "Malformed Packet (Exception occurred)");
			continue;
		}
		if (l->flags & PKT_IN_ERROR)
			continue; /* a quoted header says nothing of its own connection */
		if (l->proto != PROTO_DATA && l->proto != PROTO_TCP_SEGMENTS && l->proto != PROTO_WS_SHORT)
			last = i;
		const struct protocol *d = protocol_of((enum proto_id)l->proto);
		if (d && d->expert)
			d->expert(&e, p, i);
	}
	g_string_free(e.buf, TRUE);
}

static const char *const severity_names[] = {"Comment", "Chat", "Note", "Warning", "Error"};
static const char *const severity_headings[] = {"Comments", "Chats", "Notes", "Warns", "Errors"};
static const char *const group_names[] = {"Sequence", "Malformed", "Protocol", "Response", "Request",
					  "Undecoded", "Reassemble"};

const char *expert_severity_name(enum expert_severity s)
{
	return (unsigned)s < EXPERT_NSEVERITIES ? severity_names[s] : "?";
}

const char *expert_severity_heading(enum expert_severity s)
{
	return (unsigned)s < EXPERT_NSEVERITIES ? severity_headings[s] : "?";
}

const char *expert_group_name(enum expert_group g)
{
	return (unsigned)g < EXPERT_NGROUPS ? group_names[g] : "?";
}
