/* kafka.c — Apache Kafka's wire protocol (https://kafka.apache.org/protocol),
 * TCP port 9092: each message framed by its 4-byte length; a request names
 * its API and version, a response only the correlation id of its request:
 *
 *   request:  +-----------+-------------+-----------------+----------------+-----------------+------+
 *             | length(4) | api key(2)  | api version(2)  | correlation    | client id       | body |
 *             |           |             |                 | id(4)          | (int16 length,  |      |
 *             |           |             |                 |                | -1: null)       |      |
 *             +-----------+-------------+-----------------+----------------+-----------------+------+
 *   response: +-----------+----------------+------+
 *             | length(4) | correlation(4) | body |
 *             +-----------+----------------+------+
 *
 * A message to the server's port is a request.  As Wireshark does, a
 * response takes its API and version from the last request of its
 * connection with the same correlation id (a Produce request with no
 * acknowledgement wanted expects none); the bodies are not read.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"
#include "dissect/session.h"

enum { KAFKA_PORT = 9092, KAFKA_PRODUCE = 0, KAFKA_NOTE = 4 + 2 + 2 + 4 };

/* The APIs Wireshark 4.0 knows, with the versions it reads (0 to max). */
struct kafka_api {
	const char *name;
	int16_t max;
};
static const struct kafka_api kafka_apis[] = {
	{"Produce", 8}, {"Fetch", 11}, {"Offsets", 5}, {"Metadata", 9}, {"LeaderAndIsr", 4},
	{"StopReplica", 2}, {"UpdateMetadata", 6}, {"ControlledShutdown", 3}, {"OffsetCommit", 8},
	{"OffsetFetch", 7}, {"FindCoordinator", 3}, {"JoinGroup", 7}, {"Heartbeat", 4}, {"LeaveGroup", 4},
	{"SyncGroup", 5}, {"DescribeGroups", 5}, {"ListGroups", 3}, {"SaslHandshake", 1}, {"ApiVersions", 3},
	{"CreateTopics", 5}, {"DeleteTopics", 4}, {"DeleteRecords", 1}, {"InitProducerId", 3},
	{"OffsetForLeaderEpoch", 3}, {"AddPartitionsToTxn", 1}, {"AddOffsetsToTxn", 1}, {"EndTxn", 1},
	{"WriteTxnMarkers", 0}, {"TxnOffsetCommit", 3}, {"DescribeAcls", 2}, {"CreateAcls", 2}, {"DeleteAcls", 2},
	{"DescribeConfigs", 2}, {"AlterConfigs", 1}, {"AlterReplicaLogDirs", 1}, {"DescribeLogDirs", 1},
	{"SaslAuthenticate", 2}, {"CreatePartitions", 2}, {"CreateDelegationToken", 2},
	{"RenewDelegationToken", 2}, {"ExpireDelegationToken", 2}, {"DescribeDelegationToken", 2},
	{"DeleteGroups", 2}, {"ElectLeaders", 2}, {"IncrementalAlterConfigs", 1},
	{"AlterPartitionReassignments", 0}, {"ListPartitionReassignments", 0}, {"OffsetDelete", 0},
};
#define KAFKA_NAPIS (sizeof kafka_apis / sizeof kafka_apis[0])

static const struct value_string kafka_api_names[] = {
	{0, "Produce"}, {1, "Fetch"}, {2, "Offsets"}, {3, "Metadata"}, {4, "LeaderAndIsr"}, {5, "StopReplica"},
	{6, "UpdateMetadata"}, {7, "ControlledShutdown"}, {8, "OffsetCommit"}, {9, "OffsetFetch"},
	{10, "FindCoordinator"}, {11, "JoinGroup"}, {12, "Heartbeat"}, {13, "LeaveGroup"}, {14, "SyncGroup"},
	{15, "DescribeGroups"}, {16, "ListGroups"}, {17, "SaslHandshake"}, {18, "ApiVersions"},
	{19, "CreateTopics"}, {20, "DeleteTopics"}, {21, "DeleteRecords"}, {22, "InitProducerId"},
	{23, "OffsetForLeaderEpoch"}, {24, "AddPartitionsToTxn"}, {25, "AddOffsetsToTxn"}, {26, "EndTxn"},
	{27, "WriteTxnMarkers"}, {28, "TxnOffsetCommit"}, {29, "DescribeAcls"}, {30, "CreateAcls"},
	{31, "DeleteAcls"}, {32, "DescribeConfigs"}, {33, "AlterConfigs"}, {34, "AlterReplicaLogDirs"},
	{35, "DescribeLogDirs"}, {36, "SaslAuthenticate"}, {37, "CreatePartitions"},
	{38, "CreateDelegationToken"}, {39, "RenewDelegationToken"}, {40, "ExpireDelegationToken"},
	{41, "DescribeDelegationToken"}, {42, "DeleteGroups"}, {43, "ElectLeaders"},
	{44, "IncrementalAlterConfigs"}, {45, "AlterPartitionReassignments"}, {46, "ListPartitionReassignments"},
	{47, "OffsetDelete"}, {0, NULL},
};

static const struct field_def kafka_fields[] = {
	{"kafka.len", "Length", FT_INT32, BASE_DEC, 0, 4, 0, NULL},
	{"kafka.api_key", "API Key", FT_INT32, BASE_DEC, FIELD_VAR, 2, 0, kafka_api_names}, /* 16 bits */
	{"kafka.api_version", "API Version", FT_INT32, BASE_DEC, FIELD_VAR, 2, 0, NULL}, /* 16 bits */
	{"kafka.request_key", "API Key", FT_INT32, BASE_DEC, FIELD_VAR, 2, 0, kafka_api_names}, /* 16 bits */
	{"kafka.response_key", "API Key", FT_INT32, BASE_DEC, FIELD_VAR, 2, 0, kafka_api_names}, /* 16 bits */
	{"kafka.request.version", "API Version", FT_INT32, BASE_DEC, FIELD_VAR, 2, 0, NULL}, /* 16 bits */
	{"kafka.response.version", "API Version", FT_INT32, BASE_DEC, FIELD_VAR, 2, 0, NULL}, /* 16 bits */
	{"kafka.correlation_id", "Correlation ID", FT_INT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"kafka.client_id", "Client ID", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"kafka.request_frame", "Request Frame", FT_FRAMENUM, BASE_NONE, FIELD_VAR, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(kafka);

/* A request a response may answer: the connection's last one of each
 * correlation id. */
struct kafka_request {
	int16_t key, version;
	uint32_t frame;
};

static void *kafka_conv_new(void)
{
	return g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
}

static void kafka_conv_free(void *data)
{
	g_hash_table_destroy(data);
}

static bool kafka_is_request(const struct packet *p)
{
	return p->dport == KAFKA_PORT;
}

static uint32_t kafka_pdu_len(const uint8_t *d, uint32_t avail)
{
	if (avail < 4)
		return PDU_NEED_MORE;
	uint32_t len = 4 + fv_get32(d, true);
	return len < 4 ? 0 : len;
}

/* What a response's columns and fields need of its request, kept in the
 * packet (app_info) as it is dissected: for each response matched, its
 * offset (4: a layer's, counted from the frame or from the
 * start of a message put together from earlier segments, which lies
 * before any header of the frame), the request's key(2), version(2) and frame(4). */
static void kafka_note(struct packet *p, uint32_t off, const struct kafka_request *r)
{
	if (p->app_info_proto != PROTO_KAFKA)
		pkt_set_app_info(p, PROTO_KAFKA, "", 0);
	size_t at = p->app_info_len;
	if (at + KAFKA_NOTE >= PKT_APP_INFO_MAX)
		return;
	char *b = p->app_info + at;
	memcpy(b, &off, 4);
	memcpy(b + 4, &r->key, 2);
	memcpy(b + 6, &r->version, 2);
	memcpy(b + 8, &r->frame, 4);
	p->app_info_len = (uint16_t)(at + KAFKA_NOTE);
}

/* The request noted for the response of layer L; false when none was. */
static bool kafka_noted(const struct packet *p, const struct layer *l, struct kafka_request *r)
{
	if (p->app_info_proto != PROTO_KAFKA)
		return false;
	for (size_t at = 0; at + KAFKA_NOTE <= p->app_info_len; at += KAFKA_NOTE) {
		uint32_t off;
		memcpy(&off, p->app_info + at, 4);
		if (off != l->off)
			continue;
		memcpy(&r->key, p->app_info + at + 4, 2);
		memcpy(&r->version, p->app_info + at + 6, 2);
		memcpy(&r->frame, p->app_info + at + 8, 4);
		return true;
	}
	return false;
}

/* Whether a Produce request (after its client id at D[AT], N bytes) wants
 * an acknowledgement: its required acks are not 0 (after the
 * transactional id from version 3). */
static bool kafka_produce_acked(const uint8_t *d, uint32_t n, uint32_t at, int16_t version)
{
	if (version >= 3) {
		if (at + 2 > n)
			return true;
		int16_t tlen = (int16_t)fv_get16(d + at, true);
		at += 2 + (tlen > 0 ? (uint32_t)tlen : 0);
	}
	return at + 2 > n || fv_get16(d + at, true) != 0;
}

/* Remembers a request for its response, or gives a response the request
 * it answers (noted in the packet). */
static void kafka_match(struct packet *p, const uint8_t *d, uint32_t n, uint32_t off)
{
	if (!p->session || p->ip_layer < 0 || n < 8)
		return;
	GHashTable *conv = session_conv_data(p->session, p, PROTO_KAFKA, kafka_conv_new, kafka_conv_free);
	if (!kafka_is_request(p)) {
		struct kafka_request *r = g_hash_table_lookup(conv, GUINT_TO_POINTER(fv_get32(d + 4, true)));
		if (r)
			kafka_note(p, off, r);
		return;
	}
	if (n < 14)
		return;
	struct kafka_request r = {(int16_t)fv_get16(d + 4, true), (int16_t)fv_get16(d + 6, true), (uint32_t)p->frame->number};
	int16_t clen = (int16_t)fv_get16(d + 12, true);
	if (r.key == KAFKA_PRODUCE && !kafka_produce_acked(d, n, 14 + (clen > 0 ? (uint32_t)clen : 0), r.version))
		return;
	g_hash_table_replace(conv, GUINT_TO_POINTER(fv_get32(d + 8, true)), g_memdup2(&r, sizeof r));
}

/* A message: its header read (the body is not); a length that wraps
 * below the length field's own is the framing's error, TCP's. */
static void dissect_kafka(struct packet *p, struct cursor *c)
{
	uint32_t avail = cursor_left(c), room = cursor_rleft(c);
	const uint8_t *d = c->data + c->off;
	int idx = pkt_push_layer(p, PROTO_KAFKA, c->off);
	if (idx < 0)
		return;
	if (avail >= 4 && fv_get32(d, true) > UINT32_MAX - 4) {
		tcp_pdu_refused(p, idx, c, 0);
		return;
	}
	uint32_t need = kafka_is_request(p) ? 14 : 8;
	if (cursor_need(c, need)) {
		uint32_t n = avail < room ? avail : room;
		kafka_match(p, d, n, c->off);
		if (kafka_is_request(p)) {
			int16_t clen = (int16_t)fv_get16(d + 12, true);
			if (clen > 0)
				cursor_need(c, need + (uint32_t)clen);
		}
	}
	if (cursor_ok(c))
		cursor_skip(c, room);
	pkt_note_cursor(p, idx, c);
}

static const char *kafka_api_name(int16_t key, char *buf, size_t n)
{
	if (key >= 0 && (size_t)key < KAFKA_NAPIS)
		return kafka_apis[key].name;
	g_snprintf(buf, n, "Unknown %d", key);
	return buf;
}

/* The header of layer IDX: whether it is a request, and its API (a
 * response's from its request); false when it has none to tell. */
static bool kafka_api_of(const struct packet *p, int idx, const uint8_t *d, uint32_t n, struct kafka_request *r)
{
	if (kafka_is_request(p)) {
		if (n < 8)
			return false;
		*r = (struct kafka_request){(int16_t)fv_get16(d + 4, true), (int16_t)fv_get16(d + 6, true), 0};
		return true;
	}
	return n >= 8 && kafka_noted(p, &p->layers[idx], r);
}

/* "Kafka Metadata v1 Request", "... Response", the API or version
 * Wireshark cannot read noted after it; each message of a segment
 * replaces the one before. */
static void kafka_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	if (p->layers[idx].flags & PKT_NO_ITEM)
		return;
	col_proto(c, "Kafka");
	col_clear(c);
	struct kafka_request r;
	if (!d || !kafka_api_of(p, idx, d, n, &r)) {
		if (d && n >= 8 && !kafka_is_request(p))
			col_set(c, "Kafka Response (Undecoded, Request Missing)");
		return;
	}
	char buf[24];
	col_set(c, "Kafka %s v%d %s", kafka_api_name(r.key, buf, sizeof buf), r.version,
		kafka_is_request(p) ? "Request" : "Response");
	if (r.key < 0 || (size_t)r.key >= KAFKA_NAPIS)
		col_append(c, " [Unknown API key]");
	else if (r.version < 0 || r.version > kafka_apis[r.key].max)
		col_append(c, " [Unsupported API version]");
}

static void kafka_expert(struct experts *e, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	if (!d || (p->layers[idx].flags & PKT_NO_ITEM))
		return;
	struct kafka_request r;
	if (!kafka_api_of(p, idx, d, n, &r)) {
		if (n >= 8 && !kafka_is_request(p))
			expert_add(e, EXPERT_WARN, EXPERT_UNDECODED, "Kafka", "Request missing");
		return;
	}
	if (r.key < 0 || (size_t)r.key >= KAFKA_NAPIS) {
		expert_add(e, EXPERT_WARN, EXPERT_UNDECODED, "Kafka", "Unknown %d API key", r.key);
	} else if (r.version < 0 || r.version > kafka_apis[r.key].max) {
		if (kafka_apis[r.key].max == 0)
			expert_add(e, EXPERT_WARN, EXPERT_UNDECODED, "Kafka", "Unsupported %s version. Supports v0.",
				   kafka_apis[r.key].name);
		else
			expert_add(e, EXPERT_WARN, EXPERT_UNDECODED, "Kafka", "Unsupported %s version. Supports v0-%d.",
				   kafka_apis[r.key].name, kafka_apis[r.key].max);
	}
}

static void give_int(fvalue_fn fn, void *data, int64_t v)
{
	fn(&(struct fvalue){.kind = FV_INT, .i = v}, data);
}

static void kafka_values(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
			 const struct field_def *f, fvalue_fn fn, void *data)
{
	const char *a = f->abbrev;
	if (!d || n < 8)
		return;
	if (kafka_is_request(p)) {
		if (n < 12)
			return;
		if (fv_same(a, "kafka.api_key") || fv_same(a, "kafka.request_key"))
			give_int(fn, data, (int16_t)fv_get16(d + 4, true));
		else if (fv_same(a, "kafka.api_version") || fv_same(a, "kafka.request.version"))
			give_int(fn, data, (int16_t)fv_get16(d + 6, true));
		else if (fv_same(a, "kafka.correlation_id"))
			give_int(fn, data, (int32_t)fv_get32(d + 8, true));
		else if (fv_same(a, "kafka.client_id") && n >= 14) {
			int16_t clen = (int16_t)fv_get16(d + 12, true);
			if (clen >= 0 && 14 + (uint32_t)clen <= n)
				fv_give_ptr(fn, data, FV_STRING, d + 14, (uint32_t)clen);
		}
		return;
	}
	if (fv_same(a, "kafka.correlation_id")) {
		give_int(fn, data, (int32_t)fv_get32(d + 4, true));
		return;
	}
	struct kafka_request r;
	int idx = (int)(l - p->layers);
	if (!kafka_api_of(p, idx, d, n, &r))
		return;
	if (fv_same(a, "kafka.api_key") || fv_same(a, "kafka.response_key"))
		give_int(fn, data, r.key);
	else if (fv_same(a, "kafka.response.version")) /* as Wireshark: no kafka.api_version */
		give_int(fn, data, r.version);
	else if (fv_same(a, "kafka.request_frame"))
		fv_give_uint(fn, data, r.frame);
}

/* A response's API and its request's frame come from an earlier frame. */
static int kafka_depth(const struct field_def *f)
{
	return f && !fv_same(f->abbrev, "kafka.len") && !fv_same(f->abbrev, "kafka.correlation_id") &&
			       !fv_same(f->abbrev, "kafka.client_id")
		       ? DEPTH_TRACKED
		       : -1;
}

/* Wireshark's registration: TCP port 9092, each message framed by its length. */
static const struct handoff kafka_handoff[] = {
	TCP_PORT(KAFKA_PORT, dissect_kafka),
	HANDOFF_LIST_END,
};
static const struct pdu_framing kafka_framing[] = {
	{dissect_kafka, kafka_pdu_len, NULL, false, NULL, false},
	{NULL, NULL, NULL, false, NULL, false},
};
PROTOCOL_ID(KAFKA, "kafka", "Kafka");
const struct protocol proto_kafka = {PROTO_KAFKA, .short_name = "Kafka", .fields = &kafka_table, .columns = kafka_columns,
				     .expert = kafka_expert, .values = kafka_values,
				     .depth = kafka_depth, .handoff = kafka_handoff, .framing = kafka_framing};
