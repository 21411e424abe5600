/* mqtt.c — MQTT, the MQ Telemetry Transport (versions 3.1, 3.1.1 and 5.0;
 * OASIS mqtt-v3.1.1 and mqtt-v5.0), TCP port 1883 (8883 is MQTT over TLS,
 * shown as TLS): messages framed by the fixed header's remaining length,
 * several to a segment or one over many.
 *
 *   +-------------+-------------+-----------------+------------------------+
 *   | type(4 bits)| flags(4)    | remaining length| variable header,       |
 *   | 1 CONNECT   | PUBLISH:    | 1-4 bytes, 7    | payload (remaining     |
 *   | 3 PUBLISH   | dup qos(2)  | bits each, low  | length bytes)          |
 *   | 8 SUBSCRIBE | retain      | first, top bit: |                        |
 *   | ...         |             | more follow     |                        |
 *   +-------------+-------------+-----------------+------------------------+
 *
 * PUBLISH: topic length(2) topic, message id(2) when QoS > 0, (v5:
 * properties), the message.  SUBSCRIBE: id(2), (v5: properties), then
 * topic length(2) topic options(1), to the end.  Version 5 adds properties
 * (a variable-length count of bytes, then id(1) value ...) to most
 * messages: the version a connection speaks is the one its CONNECT named,
 * as Wireshark remembers it.  Info: each message's type, its id and topics,
 * joined with ", " when a segment holds several.
 */
#include <string.h>

#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"
#include "dissect/session.h"

enum {
	MQTT_CONNECT = 1, MQTT_CONNACK, MQTT_PUBLISH, MQTT_PUBACK, MQTT_PUBREC, MQTT_PUBREL, MQTT_PUBCOMP,
	MQTT_SUBSCRIBE, MQTT_SUBACK, MQTT_UNSUBSCRIBE, MQTT_UNSUBACK, MQTT_PINGREQ, MQTT_PINGRESP,
	MQTT_DISCONNECT, MQTT_AUTH,
};
enum { MQTT_V31 = 3, MQTT_V311 = 4, MQTT_V50 = 5, MQTT_VARINT_MAX = 10 };

static const struct value_string mqtt_types[] = {
	{0, "Reserved"}, {1, "Connect Command"}, {2, "Connect Ack"}, {3, "Publish Message"},
	{4, "Publish Ack"}, {5, "Publish Received"}, {6, "Publish Release"}, {7, "Publish Complete"},
	{8, "Subscribe Request"}, {9, "Subscribe Ack"}, {10, "Unsubscribe Request"},
	{11, "Unsubscribe Ack"}, {12, "Ping Request"}, {13, "Ping Response"}, {14, "Disconnect Req"},
	{15, "Authentication Exchange"}, {0, NULL},
};

static const struct value_string mqtt_versions[] = {
	{3, "MQTT v3.1"}, {4, "MQTT v3.1.1"}, {5, "MQTT v5.0"}, {0, NULL},
};

static const struct field_def mqtt_fields[] = {
	{"mqtt.hdrflags", "Header Flags", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, NULL},
	{"mqtt.msgtype", "Message Type", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0xf0, mqtt_types},
	{"mqtt.dupflag", "DUP Flag", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 1, 0x08, NULL},
	{"mqtt.qos", "QoS Level", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0x06, NULL},
	{"mqtt.retain", "Retain", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 1, 0x01, NULL},
	{"mqtt.hdr_reserved", "Reserved", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0x0f, NULL},
	{"mqtt.len", "Msg Len", FT_UINT64, BASE_DEC, FIELD_VAR, 8, 0, NULL},
	{"mqtt.proto_len", "Protocol Name Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"mqtt.protoname", "Protocol Name", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mqtt.ver", "Version", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, mqtt_versions},
	{"mqtt.conflags", "Connect Flags", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, NULL},
	{"mqtt.conflag.uname", "User Name Flag", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 1, 0x80, NULL},
	{"mqtt.conflag.passwd", "Password Flag", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 1, 0x40, NULL},
	{"mqtt.conflag.retain", "Will Retain", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 1, 0x20, NULL},
	{"mqtt.conflag.qos", "QoS Level", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0x18, NULL},
	{"mqtt.conflag.willflag", "Will Flag", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 1, 0x04, NULL},
	{"mqtt.conflag.cleansess", "Clean Session Flag", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 1, 0x02, NULL},
	{"mqtt.kalive", "Keep Alive", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"mqtt.clientid_len", "Client ID Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"mqtt.clientid", "Client ID", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mqtt.willtopic_len", "Will Topic Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"mqtt.willtopic", "Will Topic", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mqtt.willmsg_len", "Will Message Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"mqtt.willmsg", "Will Message", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mqtt.username_len", "User Name Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"mqtt.username", "User Name", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mqtt.passwd_len", "Password Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"mqtt.passwd", "Password", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mqtt.conack.flags", "Acknowledge Flags", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, NULL},
	{"mqtt.conack.flags.sp", "Session Present", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 1, 0x01, NULL},
	{"mqtt.conack.val", "Return Code", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"mqtt.connack.reason_code", "Reason Code", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"mqtt.puback.reason_code", "Reason Code", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"mqtt.pubrec.reason_code", "Reason Code", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"mqtt.pubrel.reason_code", "Reason Code", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"mqtt.pubcomp.reason_code", "Reason Code", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"mqtt.suback.reason_code", "Reason Code", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"mqtt.unsuback.reason_code", "Reason Code", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"mqtt.disconnect.reason_code", "Reason Code", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"mqtt.auth.reason_code", "Reason Code", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"mqtt.topic_len", "Topic Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"mqtt.topic", "Topic", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mqtt.msgid", "Message Identifier", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"mqtt.msg", "Message", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mqtt.sub.qos", "Requested QoS", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"mqtt.subscription_options", "Subscription Options", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, NULL},
	{"mqtt.suback.qos", "Granted QoS", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"mqtt.property_len", "Total Length", FT_UINT64, BASE_DEC, FIELD_VAR, 8, 0, NULL},
	{"mqtt.property_id", "ID", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, NULL},
	{"mqtt.property.topic_alias", "Topic Alias", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
};
FIELD_TABLE_DEFINE(mqtt);

/* The variable-length number at D (AVAIL bytes) as Wireshark reads it (7
 * bits a byte, low first, at most 10 bytes) in *V; returns its bytes, 0
 * when it does not end within AVAIL. */
static uint32_t mqtt_varint(const uint8_t *d, uint32_t avail, uint64_t *v)
{
	*v = 0;
	for (uint32_t i = 0; i < avail && i < MQTT_VARINT_MAX; i++) {
		*v |= (uint64_t)(d[i] & 0x7f) << (7 * i);
		if (!(d[i] & 0x80))
			return i + 1;
	}
	return 0;
}

/* The message's length: the type byte, the remaining length's bytes and
 * what they count. */
static uint32_t mqtt_pdu_len(const uint8_t *d, uint32_t avail)
{
	if (avail < 2)
		return PDU_NEED_MORE;
	uint64_t v;
	uint32_t k = mqtt_varint(d + 1, avail - 1, &v);
	if (k == 0)
		return avail - 1 >= MQTT_VARINT_MAX ? 0 : PDU_NEED_MORE;
	return v > UINT32_MAX - 16 ? 0 : (uint32_t)v + k + 1;
}

/* Reading one message in Wireshark's order: each field given to WANT's
 * callback when it is the one asked for, the Info text to INFO; a read past
 * the message (or past the bytes there are) stops it. */
struct mqtt_walk {
	struct field_reader r; /* its end: the header's length */
	uint8_t version;      /* the connection's (0: unknown) */
	const char *want;     /* a field asked for, or NULL */
	fvalue_fn fn;
	void *data;
	GString *info;        /* NULL: no Info wanted */
	const char *alias_topic; /* a PUBLISH naming its topic by alias: the topic
	                          * an earlier one gave it (NULL: none known) */
	uint16_t alias;       /* out: the topic alias a PUBLISH gave */
	const uint8_t *topic; /* out: a PUBLISH's topic, TOPIC_LEN bytes */
	uint16_t topic_len;
};

static bool mqtt_wanted(const struct mqtt_walk *w, const char *name)
{
	return w->want && fv_same(w->want, name);
}

static uint32_t mqtt_u8(struct mqtt_walk *w, const char *name)
{
	const uint8_t *p = field_take(&w->r, 1);
	if (p && name && mqtt_wanted(w, name))
		fv_give_uint(w->fn, w->data, p[0]);
	return p ? p[0] : 0;
}

static uint32_t mqtt_u16(struct mqtt_walk *w, const char *name)
{
	const uint8_t *p = field_take(&w->r, 2);
	if (p && name && mqtt_wanted(w, name))
		fv_give_uint(w->fn, w->data, fv_get16(p, true));
	return p ? fv_get16(p, true) : 0;
}

/* LEN bytes of a string (KIND FV_STRING) or bytes (FV_BYTES) field NAME. */
static const uint8_t *mqtt_bytes(struct mqtt_walk *w, const char *name, uint32_t len, uint8_t kind)
{
	const uint8_t *p = field_take(&w->r, len);
	if (p && name && mqtt_wanted(w, name))
		fv_give_ptr(w->fn, w->data, kind, p, len);
	return p;
}

/* A string behind its 2-byte length (fields LEN_NAME, NAME). */
static void mqtt_string(struct mqtt_walk *w, const char *len_name, const char *name)
{
	uint32_t len = mqtt_u16(w, len_name);
	mqtt_bytes(w, name, len, FV_STRING);
}

static uint64_t mqtt_walk_varint(struct mqtt_walk *w, const char *name)
{
	uint64_t v = 0;
	uint32_t room = w->r.n < w->r.end ? w->r.n : w->r.end;
	uint32_t k = w->r.stop || w->r.at >= room ? 0 : mqtt_varint(w->r.d + w->r.at, room - w->r.at, &v);
	if (k == 0) {
		field_take(&w->r, room - (w->r.at < room ? w->r.at : room) + 1);
		return 0;
	}
	w->r.at += k;
	if (name && mqtt_wanted(w, name))
		fv_give_uint(w->fn, w->data, v);
	return v;
}

/* Version 5's properties: their length, then each id and value. */
static void mqtt_properties(struct mqtt_walk *w)
{
	uint64_t len = mqtt_walk_varint(w, "mqtt.property_len");
	if (w->r.stop)
		return;
	uint64_t stop = w->r.at + len;
	while (!w->r.stop && w->r.at < stop) {
		uint32_t id = mqtt_u8(w, "mqtt.property_id");
		switch (id) {
		case 0x01: case 0x17: case 0x19: case 0x25: case 0x28: case 0x29: case 0x2a: case 0x24:
			field_take(&w->r, 1);
			break;
		case 0x23:
			w->alias = (uint16_t)mqtt_u16(w, "mqtt.property.topic_alias");
			break;
		case 0x13: case 0x21: case 0x22:
			field_take(&w->r, 2);
			break;
		case 0x02: case 0x11: case 0x18: case 0x27:
			field_take(&w->r, 4);
			break;
		case 0x0b:
			mqtt_walk_varint(w, NULL);
			break;
		case 0x03: case 0x08: case 0x09: case 0x12: case 0x15: case 0x16: case 0x1a: case 0x1c: case 0x1f:
			mqtt_string(w, NULL, NULL);
			break;
		case 0x26:
			mqtt_string(w, NULL, NULL);
			mqtt_string(w, NULL, NULL);
			break;
		default:
			field_take(&w->r, (uint32_t)(stop - w->r.at));
			break;
		}
	}
}

static void mqtt_info(struct mqtt_walk *w, const char *fmt, uint32_t v)
{
	if (w->info)
		g_string_append_printf(w->info, fmt, v);
}

static void mqtt_info_topic(struct mqtt_walk *w, const uint8_t *t, uint32_t len)
{
	if (!w->info)
		return;
	g_string_append(w->info, " [");
	g_string_append_len(w->info, (const char *)t, len);
	g_string_append_c(w->info, ']');
}

static void mqtt_connect(struct mqtt_walk *w)
{
	mqtt_string(w, "mqtt.proto_len", "mqtt.protoname");
	uint32_t version = mqtt_u8(w, "mqtt.ver");
	if (!w->r.stop)
		w->version = (uint8_t)version;
	uint32_t flags = mqtt_u8(w, "mqtt.conflags");
	static const char *const bits[] = {"mqtt.conflag.uname", "mqtt.conflag.passwd", "mqtt.conflag.retain",
					   "mqtt.conflag.willflag", "mqtt.conflag.cleansess"};
	static const uint8_t masks[] = {0x80, 0x40, 0x20, 0x04, 0x02};
	for (size_t i = 0; i < G_N_ELEMENTS(bits) && !w->r.stop; i++)
		if (mqtt_wanted(w, bits[i]))
			fv_give_uint(w->fn, w->data, (flags & masks[i]) != 0);
	if (!w->r.stop && mqtt_wanted(w, "mqtt.conflag.qos"))
		fv_give_uint(w->fn, w->data, (flags >> 3) & 3);
	mqtt_u16(w, "mqtt.kalive");
	if (w->version == MQTT_V50)
		mqtt_properties(w);
	mqtt_string(w, "mqtt.clientid_len", "mqtt.clientid");
	if (flags & 0x04) {
		if (w->version == MQTT_V50)
			mqtt_properties(w);
		mqtt_string(w, "mqtt.willtopic_len", "mqtt.willtopic");
		uint32_t len = mqtt_u16(w, "mqtt.willmsg_len");
		mqtt_bytes(w, "mqtt.willmsg", len, FV_BYTES);
	}
	if ((flags & 0x80) && w->r.at < w->r.end)
		mqtt_string(w, "mqtt.username_len", "mqtt.username");
	if ((flags & 0x40) && w->r.at < w->r.end)
		mqtt_string(w, "mqtt.passwd_len", "mqtt.passwd");
}

static void mqtt_connack(struct mqtt_walk *w)
{
	if (w->version == MQTT_V31) {
		mqtt_u8(w, NULL);
	} else {
		uint32_t flags = mqtt_u8(w, "mqtt.conack.flags");
		if (!w->r.stop && mqtt_wanted(w, "mqtt.conack.flags.sp"))
			fv_give_uint(w->fn, w->data, flags & 1);
	}
	mqtt_u8(w, w->version == MQTT_V31 || w->version == MQTT_V311 ? "mqtt.conack.val" : "mqtt.connack.reason_code");
	if (w->version == MQTT_V50)
		mqtt_properties(w);
}

static void mqtt_publish(struct mqtt_walk *w, uint8_t flags)
{
	uint32_t len = mqtt_u16(w, "mqtt.topic_len");
	const uint8_t *topic = len ? mqtt_bytes(w, "mqtt.topic", len, FV_STRING) : (const uint8_t *)"";
	if (w->r.stop)
		return;
	if (flags & 0x06)
		mqtt_info(w, " (id=%u)", mqtt_u16(w, "mqtt.msgid"));
	if (w->version == MQTT_V50)
		mqtt_properties(w);
	if (w->r.stop)
		return;
	w->topic_len = (uint16_t)len;
	if (w->alias && len == 0) {
		/* the topic an earlier message gave the alias, shown as its own */
		topic = (const uint8_t *)(w->alias_topic ? w->alias_topic : "");
		len = (uint32_t)strlen((const char *)topic);
		if (mqtt_wanted(w, "mqtt.topic"))
			fv_give_ptr(w->fn, w->data, FV_STRING, topic, len);
	}
	w->topic = topic;
	mqtt_info_topic(w, topic, len);
	mqtt_bytes(w, "mqtt.msg", w->r.end - w->r.at, FV_BYTES);
}

/* SUBSCRIBE and UNSUBSCRIBE: the id, then the topics (and SUBSCRIBE's
 * options) to the message's end. */
static void mqtt_subscribe(struct mqtt_walk *w, bool sub)
{
	mqtt_info(w, " (id=%u)", mqtt_u16(w, "mqtt.msgid"));
	if (w->version == MQTT_V50)
		mqtt_properties(w);
	while (!w->r.stop && w->r.at < w->r.end) {
		uint32_t len = mqtt_u16(w, "mqtt.topic_len");
		const uint8_t *topic = len ? mqtt_bytes(w, "mqtt.topic", len, FV_STRING) : (const uint8_t *)"";
		if (w->r.stop)
			return;
		if (sub) {
			mqtt_info_topic(w, topic, len);
			mqtt_u8(w, w->version == MQTT_V50 ? "mqtt.subscription_options" : "mqtt.sub.qos");
		}
	}
}

/* The reason code field of message TYPE in version 5. */
static const char *mqtt_reason_field(uint32_t type)
{
	static const char *const names[] = {
		NULL, NULL, "mqtt.connack.reason_code", NULL, "mqtt.puback.reason_code", "mqtt.pubrec.reason_code",
		"mqtt.pubrel.reason_code", "mqtt.pubcomp.reason_code", NULL, "mqtt.suback.reason_code", NULL,
		"mqtt.unsuback.reason_code", NULL, NULL, "mqtt.disconnect.reason_code", "mqtt.auth.reason_code",
	};
	return names[type & 15];
}

/* The body after the fixed header, by TYPE (REMAINING bytes). */
static void mqtt_body(struct mqtt_walk *w, uint32_t type, uint8_t flags, uint64_t remaining)
{
	bool v5 = w->version == MQTT_V50;
	switch (type) {
	case MQTT_CONNECT:
		mqtt_connect(w);
		break;
	case MQTT_CONNACK:
		mqtt_connack(w);
		break;
	case MQTT_PUBLISH:
		mqtt_publish(w, flags);
		break;
	case MQTT_SUBSCRIBE:
	case MQTT_UNSUBSCRIBE:
		mqtt_subscribe(w, type == MQTT_SUBSCRIBE);
		break;
	case MQTT_SUBACK:
	case MQTT_UNSUBACK:
		mqtt_info(w, " (id=%u)", mqtt_u16(w, "mqtt.msgid"));
		if (v5)
			mqtt_properties(w);
		while ((type == MQTT_SUBACK || v5) && !w->r.stop && w->r.at < w->r.end)
			mqtt_u8(w, v5 ? mqtt_reason_field(type) : "mqtt.suback.qos");
		break;
	case MQTT_PUBACK:
	case MQTT_PUBREC:
	case MQTT_PUBREL:
	case MQTT_PUBCOMP:
		mqtt_info(w, " (id=%u)", mqtt_u16(w, "mqtt.msgid"));
		if (v5 && remaining > 2)
			mqtt_u8(w, mqtt_reason_field(type));
		if (v5 && remaining > 3)
			mqtt_properties(w);
		break;
	case MQTT_DISCONNECT:
	case MQTT_AUTH:
		if (v5 && remaining > 0)
			mqtt_u8(w, mqtt_reason_field(type));
		if (v5 && remaining >= 2)
			mqtt_properties(w);
		break;
	default:
		break;
	}
}

/* One message at D (N bytes there), in a connection speaking VERSION. */
static void mqtt_walk_run(struct mqtt_walk *w)
{
	w->r.end = UINT32_MAX;
	uint32_t first = mqtt_u8(w, "mqtt.hdrflags");
	if (w->r.stop)
		return;
	uint32_t type = first >> 4;
	const char *name = value_name(mqtt_types, type);
	if (w->info)
		g_string_append(w->info, name ? name : "Unknown");
	if (mqtt_wanted(w, "mqtt.msgtype"))
		fv_give_uint(w->fn, w->data, type);
	if (type == MQTT_PUBLISH) {
		struct fv_named_uint bits[] = {
			{"mqtt.dupflag", (first >> 3) & 1, true}, {"mqtt.qos", (first >> 1) & 3, true},
			{"mqtt.retain", first & 1, true},
		};
		if (w->want)
			fv_give_named(w->fn, w->data, w->want, bits, G_N_ELEMENTS(bits));
	} else if (mqtt_wanted(w, "mqtt.hdr_reserved")) {
		fv_give_uint(w->fn, w->data, first & 15);
	}
	uint64_t remaining = mqtt_walk_varint(w, "mqtt.len");
	if (w->r.stop)
		return;
	uint64_t end = (uint64_t)w->r.at + remaining;
	w->r.end = end > UINT32_MAX ? UINT32_MAX : (uint32_t)end;
	mqtt_body(w, type, (uint8_t)(first & 15), remaining);
}

/* What a connection keeps: its version (from its CONNECT) and the topics
 * version 5's PUBLISH messages gave their aliases. */
struct mqtt_conv {
	uint8_t version;
	GHashTable *aliases; /* topic alias (GUINT_TO_POINTER) -> topic (char *) */
};

static void *mqtt_conv_new(void)
{
	struct mqtt_conv *m = g_new0(struct mqtt_conv, 1);
	m->aliases = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
	return m;
}

static void mqtt_conv_free(void *data)
{
	struct mqtt_conv *m = data;
	g_hash_table_destroy(m->aliases);
	g_free(m);
}

/* What the columns and fields of a message need from its connection, kept
 * in the packet (app_info) as the message is dissected: for each message,
 * its offset in the frame(4), the connection's version(1) and the topic
 * its alias stands for, NUL-ended. */
static void mqtt_note(struct packet *p, uint32_t off, uint8_t version, const char *topic)
{
	if (p->app_info_proto != PROTO_MQTT)
		pkt_set_app_info(p, PROTO_MQTT, "", 0);
	size_t tlen = topic ? strlen(topic) : 0;
	size_t at = p->app_info_len, need = 4 + 1 + tlen + 1;
	if (at + need >= PKT_APP_INFO_MAX)
		return;
	char *b = p->app_info + at;
	memcpy(b, &off, 4);
	b[4] = (char)version;
	if (tlen)
		memcpy(b + 5, topic, tlen);
	b[5 + tlen] = 0;
	p->app_info_len = (uint16_t)(at + need);
}

/* The version and alias topic noted for the message at OFF (layer L). */
static void mqtt_noted(const struct packet *p, const struct layer *l, uint8_t *version, const char **topic)
{
	*version = 0;
	*topic = NULL;
	if (p->app_info_proto != PROTO_MQTT || (l->flags & PKT_REASSEMBLED))
		return;
	for (size_t at = 0; at + 6 <= p->app_info_len;) {
		uint32_t off;
		memcpy(&off, p->app_info + at, 4);
		const char *t = p->app_info + at + 5;
		if (off == l->off) {
			*version = (uint8_t)p->app_info[at + 4];
			*topic = t;
			return;
		}
		at += 5 + strlen(t) + 1;
	}
}

static void dissect_mqtt(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_MQTT, c->off);
	if (idx < 0)
		return;
	struct mqtt_conv *conv = p->session && p->ip_layer >= 0 ?
		session_conv_data(p->session, p, PROTO_MQTT, mqtt_conv_new, mqtt_conv_free) : NULL;
	uint32_t avail = cursor_left(c), room = cursor_rleft(c);
	struct mqtt_walk w = {.r = {.d = c->data + c->off, .n = avail < room ? avail : room},
			      .version = conv ? conv->version : 0};
	uint8_t before = w.version;
	/* a first pass for the alias, a second with the topic it stands for */
	mqtt_walk_run(&w);
	const char *alias_topic = NULL;
	if (conv && w.alias && w.topic) {
		if (w.topic_len)
			g_hash_table_replace(conv->aliases, GUINT_TO_POINTER(w.alias), g_strndup((const char *)w.topic, w.topic_len));
		else
			alias_topic = g_hash_table_lookup(conv->aliases, GUINT_TO_POINTER(w.alias));
	}
	if (conv) {
		conv->version = w.version;
		mqtt_note(p, c->off, before, alias_topic);
	}
	field_reader_end(p, idx, c, &w.r);
}

static void mqtt_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_proto(c, "MQTT");
	if (!col_follows_same(p, idx))
		col_clear(c);
	if (!d || n == 0)
		return;
	g_autoptr(GString) info = g_string_new(NULL);
	struct mqtt_walk w = {.r = {.d = d, .n = n}, .info = info};
	mqtt_noted(p, &p->layers[idx], &w.version, &w.alias_topic);
	mqtt_walk_run(&w);
	col_append_sep(c, ", ", "%s", info->str);
}

static void mqtt_values(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
			const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d)
		return;
	struct mqtt_walk w = {.r = {.d = d, .n = n}, .want = f->abbrev, .fn = fn, .data = data};
	mqtt_noted(p, l, &w.version, &w.alias_topic);
	mqtt_walk_run(&w);
}

/* Wireshark's registration: TCP port 1883, each message framed by its
 * remaining length (8883, MQTT over TLS, is TLS's: dissect/tls.c). */
static const struct handoff mqtt_handoff[] = {
	TCP_PORT(1883, dissect_mqtt),
	HANDOFF_LIST_END,
};
static const struct pdu_framing mqtt_framing[] = {
	{dissect_mqtt, mqtt_pdu_len, NULL, false, NULL, false},
	{NULL, NULL, NULL, false, NULL, false},
};
PROTOCOL_ID(MQTT, "mqtt", "MQ Telemetry Transport Protocol");
const struct protocol proto_mqtt = {PROTO_MQTT, .short_name = "MQTT", .fields = &mqtt_table, .columns = mqtt_columns,
				    .partial = col_partial_clear, .values = mqtt_values, .handoff = mqtt_handoff,
				    .framing = mqtt_framing};
