/* fix.c — the Financial Information eXchange protocol (FIX Trading
 * Community), over TCP on no fixed port: a message is tag=value fields, each
 * ended by SOH (0x01); it opens with its version, its body's length and its
 * type, and closes with a checksum:
 *
 *   8=FIX.4.2<SOH>9=65<SOH>35=A<SOH> ... body fields ... 10=123<SOH>
 *   |BeginString |BodyLength|MsgType|                     |CheckSum  |
 *
 * BodyLength counts the bytes after its own SOH up to the checksum's tag.
 * As Wireshark does: a segment that starts with "8=FIX" makes the connection
 * FIX from then on (both ways); a message's length is read from its header,
 * and bytes that start no message run to where "8=FIX" follows an SOH (as a
 * C string scan of the bytes read as ASCII finds it: it stops at a zero
 * byte, and a byte above 0x7f counts three) and show as "[FIX
 * continuation]"; a length under 24 bytes (the least a header and checksum
 * take) is malformed.  Info names each message's type.
 */
#include <errno.h>
#include <stdlib.h>

#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

enum { FIX_MIN_LEN = 24, FIX_MARKER_LEN = 5, FIX_SOH = 0x01 };

static const struct field_def fix_fields[] = {
	{"fix.BeginString", "BeginString (8)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"fix.BodyLength", "BodyLength (9)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"fix.MsgType", "MsgType (35)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"fix.CheckSum", "CheckSum (10)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"fix.data", "Continuation Data", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(fix);

/* The message types (MsgType, tag 35) and their names. */
struct fix_msg_name {
	const char *type, *name;
};
static const struct fix_msg_name fix_msg_names[] = {
	{"0", "Heartbeat"}, {"1", "TestRequest"}, {"2", "ResendRequest"}, {"3", "Reject"}, {"4", "SequenceReset"},
	{"5", "Logout"}, {"6", "IOI"}, {"7", "Advertisement"}, {"8", "ExecutionReport"}, {"9", "OrderCancelReject"},
	{"A", "Logon"}, {"B", "News"}, {"C", "Email"}, {"D", "NewOrderSingle"}, {"E", "NewOrderList"}, {"F",
	"OrderCancelRequest"}, {"G", "OrderCancelReplaceRequest"}, {"H", "OrderStatusRequest"}, {"J",
	"AllocationInstruction"}, {"K", "ListCancelRequest"}, {"L", "ListExecute"}, {"M", "ListStatusRequest"}, {"N",
	"ListStatus"}, {"P", "AllocationInstructionAck"}, {"Q", "DontKnowTrade"}, {"R", "QuoteRequest"}, {"S",
	"Quote"}, {"T", "SettlementInstructions"}, {"V", "MarketDataRequest"}, {"W",
	"MarketDataSnapshotFullRefresh"}, {"X", "MarketDataIncrementalRefresh"}, {"Y", "MarketDataRequestReject"},
	{"Z", "QuoteCancel"}, {"a", "QuoteStatusRequest"}, {"b", "MassQuoteAcknowledgement"}, {"c",
	"SecurityDefinitionRequest"}, {"d", "SecurityDefinition"}, {"e", "SecurityStatusRequest"}, {"f",
	"SecurityStatus"}, {"g", "TradingSessionStatusRequest"}, {"h", "TradingSessionStatus"}, {"i", "MassQuote"},
	{"j", "BusinessMessageReject"}, {"k", "BidRequest"}, {"l", "BidResponse"}, {"m", "ListStrikePrice"}, {"o",
	"RegistrationInstructions"}, {"p", "RegistrationInstructionsResponse"}, {"q", "OrderMassCancelRequest"},
	{"r", "OrderMassCancelReport"}, {"s", "NewOrderCross"}, {"t", "CrossOrderCancelReplaceRequest"}, {"u",
	"CrossOrderCancelRequest"}, {"v", "SecurityTypeRequest"}, {"w", "SecurityTypes"}, {"x",
	"SecurityListRequest"}, {"y", "SecurityList"}, {"z", "DerivativeSecurityListRequest"}, {"AA",
	"DerivativeSecurityList"}, {"AB", "NewOrderMultileg"}, {"AC", "MultilegOrderCancelReplace"}, {"AD",
	"TradeCaptureReportRequest"}, {"AE", "TradeCaptureReport"}, {"AF", "OrderMassStatusRequest"}, {"AG",
	"QuoteRequestReject"}, {"AH", "RFQRequest"}, {"AI", "QuoteStatusReport"}, {"AJ", "QuoteResponse"}, {"AK",
	"Confirmation"}, {"AL", "PositionMaintenanceRequest"}, {"AM", "PositionMaintenanceReport"}, {"AN",
	"RequestForPositions"}, {"AO", "RequestForPositionsAck"}, {"AP", "PositionReport"}, {"AQ",
	"TradeCaptureReportRequestAck"}, {"AR", "TradeCaptureReportAck"}, {"AS", "AllocationReport"}, {"AT",
	"AllocationReportAck"}, {"AU", "ConfirmationAck"}, {"AV", "SettlementInstructionRequest"}, {"AW",
	"AssignmentReport"}, {"AX", "CollateralRequest"}, {"AY", "CollateralAssignment"}, {"AZ",
	"CollateralResponse"}, {"BA", "CollateralReport"}, {"BB", "CollateralInquiry"}, {"BC",
	"NetworkCounterpartySystemStatusRequest"}, {"BD", "NetworkCounterpartySystemStatusResponse"}, {"BE",
	"UserRequest"}, {"BF", "UserResponse"}, {"BG", "CollateralInquiryAck"}, {"BH", "ConfirmationRequest"}, {"BO",
	"ContraryIntentionReport"}, {"BP", "SecurityDefinitionUpdateReport"}, {"BK", "SecurityListUpdateReport"},
	{"BL", "AdjustedPositionReport"}, {"BM", "AllocationInstructionAlert"}, {"BN", "ExecutionAcknowledgement"},
	{"BJ", "TradingSessionList"}, {"BI", "TradingSessionListRequest"}, {"BQ", "SettlementObligationReport"},
	{"BR", "DerivativeSecurityListUpdateReport"}, {"BS", "TradingSessionListUpdateReport"}, {"BT",
	"MarketDefinitionRequest"}, {"BU", "MarketDefinition"}, {"BV", "MarketDefinitionUpdateReport"}, {"BW",
	"ApplicationMessageRequest"}, {"BX", "ApplicationMessageRequestAck"}, {"BY", "ApplicationMessageReport"},
	{"BZ", "OrderMassActionReport"}, {"CA", "OrderMassActionRequest"}, {"CB", "UserNotification"}, {"CC",
	"StreamAssignmentRequest"}, {"CD", "StreamAssignmentReport"}, {"CE", "StreamAssignmentReportACK"}, {"CF",
	"PartyDetailsListRequest"}, {"CG", "PartyDetailsListReport"},
};

static bool fix_marker(const uint8_t *d, uint32_t n, uint32_t at)
{
	return at <= n && n - at >= FIX_MARKER_LEN && memcmp(d + at, "8=FIX", FIX_MARKER_LEN) == 0;
}

/* The first byte in D[FROM..N) equal to B, or -1. */
static int64_t fix_find(const uint8_t *d, uint32_t n, uint32_t from, uint8_t b)
{
	const uint8_t *q = from < n ? memchr(d + from, b, n - from) : NULL;
	return q ? q - d : -1;
}

/* Where bytes from AT that start no message end, counted from AT:
 * Wireshark's resynchronisation, which scans the bytes turned into an ASCII
 * string (a byte above 0x7f becomes three, the scan stops at a zero byte)
 * for SOH '8' and takes the position it finds in the string as an offset in
 * the bytes; it stops at the first such place where "8=FIX" starts or too
 * few bytes are left, and otherwise ends after the last SOH '8' it found
 * (the whole rest when there is none). */
static uint32_t fix_next_header(const uint8_t *d, uint32_t n, uint32_t at)
{
	uint32_t len = n - at, wide = 0;
	for (uint32_t i = at; i + 1 < n && d[i] != 0; i++) {
		if (d[i] >= 0x80) {
			wide++;
			continue;
		}
		if (d[i] != FIX_SOH || d[i + 1] != '8')
			continue;
		len = i - at + 2 * wide + 1;
		uint64_t pos = (uint64_t)at + len;
		if (pos > n || n - pos < FIX_MARKER_LEN || fix_marker(d, n, (uint32_t)pos))
			break;
	}
	return len;
}

/* A decimal number as C's strtol reads one that must fill the field (blanks
 * first, a sign), within 32 signed bits; false when it is none. */
static bool fix_int(const uint8_t *d, uint32_t n, int32_t *v)
{
	char buf[24];
	if (n == 0 || n >= sizeof buf || memchr(d, 0, n))
		return false;
	memcpy(buf, d, n);
	buf[n] = 0;
	char *end;
	errno = 0;
	long long x = strtoll(buf, &end, 10);
	if (*end || end == buf || errno || x < INT32_MIN || x > INT32_MAX)
		return false;
	*v = (int32_t)x;
	return true;
}

/* A message's length from its first N bytes, as Wireshark reckons it: the
 * header's BodyLength plus the header before it and a checksum (its field
 * read when the bytes reach it, 7 bytes assumed otherwise); bytes that do
 * not start so run to the next message's start. */
static uint32_t fix_len(const uint8_t *d, uint32_t n)
{
	if (!fix_marker(d, n, 0))
		return fix_next_header(d, n, 0);
	int64_t soh = fix_find(d, n, 0, FIX_SOH);
	if (soh < 0)
		return fix_next_header(d, n, FIX_MARKER_LEN) + FIX_MARKER_LEN;
	uint32_t at = (uint32_t)soh + 1;
	int64_t end = fix_find(d, n, at, FIX_SOH), eq = end < 0 ? -1 : fix_find(d, (uint32_t)end + 1, at, '=');
	if (eq < 0 || n - at < 2 || memcmp(d + at, "9=", 2) != 0)
		return fix_next_header(d, n, at);
	int32_t body;
	if (!fix_int(d + eq + 1, (uint32_t)(end - eq - 1), &body))
		return fix_next_header(d, n, FIX_MARKER_LEN) + FIX_MARKER_LEN;
	uint32_t size = (uint32_t)body + (uint32_t)end + 1;
	if ((int64_t)n > (int64_t)(int32_t)size + 4) {
		if (n - size < 3 || memcmp(d + size, "10=", 3) != 0)
			return fix_next_header(d, n, FIX_MARKER_LEN) + FIX_MARKER_LEN;
		int64_t sum_end = fix_find(d, n, size, FIX_SOH);
		return sum_end < 0 ? size + 7 : (uint32_t)sum_end + 1;
	}
	return size + 7;
}

static uint32_t fix_pdu_len(const uint8_t *d, uint32_t avail)
{
	if (avail < FIX_MIN_LEN)
		return PDU_NEED_MORE;
	uint32_t len = fix_len(d, avail);
	return len < FIX_MIN_LEN ? 0 : len;
}

/* A message, or bytes continuing one; a length under the least a message
 * takes is the framing's error, TCP's. */
static void dissect_fix(struct packet *p, struct cursor *c)
{
	tcp_pdu_message(p, PROTO_FIX, c, fix_pdu_len, FIX_MIN_LEN, 0, 0);
}

/* Wireshark's heuristic: "8=FIX" opens the segment. */
static void dissect_fix_heur(struct packet *p, struct cursor *c)
{
	if (fix_marker(c->data + c->off, cursor_left(c), 0))
		dissect_fix(p, c);
}

/* One tag=value field at D[AT..N): its tag's and value's places and where
 * the next starts; false when no SOH or no '=' before it follows. */
struct fix_param {
	uint32_t tag, tag_len, value, value_len, next;
};
static bool fix_param(const uint8_t *d, uint32_t n, uint32_t at, struct fix_param *f)
{
	int64_t soh = fix_find(d, n, at, FIX_SOH);
	int64_t eq = soh < 0 ? -1 : fix_find(d, (uint32_t)soh + 1, at, '=');
	if (eq < 0)
		return false;
	*f = (struct fix_param){at, (uint32_t)eq - at, (uint32_t)eq + 1, (uint32_t)(soh - eq - 1), (uint32_t)soh + 1};
	return true;
}

/* A tag: decimal digits (after blanks) within 32 bits, as strtoul reads one
 * that must fill the field. */
static bool fix_tag(const uint8_t *d, uint32_t n, uint32_t *tag)
{
	uint32_t i = 0;
	uint64_t v = 0;
	while (i < n && g_ascii_isspace(d[i]))
		i++;
	if (i < n && d[i] == '+')
		i++;
	if (i == n)
		return false;
	for (; i < n; i++) {
		if (!g_ascii_isdigit(d[i]) || (v = v * 10 + (uint64_t)(d[i] - '0')) > UINT32_MAX)
			return false;
	}
	*tag = (uint32_t)v;
	return true;
}

/* Whether the message's header has what Wireshark reads before its fields:
 * a BeginString, a BodyLength and a MsgType of some value. */
static bool fix_header_whole(const uint8_t *d, uint32_t n)
{
	int64_t a = fix_find(d, n, 0, FIX_SOH);
	int64_t b = a < 0 ? -1 : fix_find(d, n, (uint32_t)a + 1, FIX_SOH);
	struct fix_param f;
	return b >= 0 && fix_param(d, n, (uint32_t)b + 1, &f) && f.value_len > 0;
}

/* Calls FN for each field of the message D[0..N) Wireshark reads (a field
 * with no tag or no value is passed over, a tag that is no number ends the
 * walk); FN returns false to stop. */
static void fix_walk(const uint8_t *d, uint32_t n, bool (*fn)(const uint8_t *d, uint32_t tag,
							       const struct fix_param *f, void *data), void *data)
{
	struct fix_param f;
	for (uint32_t at = 0; at < n && fix_param(d, n, at, &f); at = f.next) {
		uint32_t tag;
		if (f.tag_len == 0)
			continue;
		if (!fix_tag(d + at, f.tag_len, &tag))
			return;
		if (f.value_len > 0 && !fn(d, tag, &f, data))
			return;
	}
}

static const char *fix_msg_name(const uint8_t *v, uint32_t n)
{
	for (size_t i = 0; i < G_N_ELEMENTS(fix_msg_names); i++)
		if (strlen(fix_msg_names[i].type) == n && memcmp(fix_msg_names[i].type, v, n) == 0)
			return fix_msg_names[i].name;
	return NULL;
}

/* Each MsgType's name added to Info and fenced (a second message of the
 * segment adds its own after a comma). */
static bool fix_info_type(const uint8_t *d, uint32_t tag, const struct fix_param *f, void *data)
{
	struct columns *c = data;
	if (tag != 35)
		return true;
	const char *name = fix_msg_name(d + f->value, f->value_len);
	if (name) {
		col_append_sep(c, ", ", "%s", name);
	} else {
		col_append_sep(c, ", ", "%s", "FIX Message (");
		col_append_text(c, d + f->value, f->value_len);
		col_append(c, ")");
	}
	col_fence(c);
	return true;
}

/* The bytes of FIX layer IDX of P, *N of them: up to its message's end,
 * the same framing the segment was split by. */
static const uint8_t *fix_message(const struct packet *p, int idx, uint32_t *n)
{
	const uint8_t *d = col_layer_given(p, idx, n);
	uint32_t len = d ? fix_len(d, *n) : 0;
	if (len < *n)
		*n = len;
	return d;
}

static void fix_columns(struct columns *c, const struct packet *p, int idx)
{
	if (p->layers[idx].flags & PKT_NO_ITEM)
		return;
	uint32_t n;
	const uint8_t *d = fix_message(p, idx, &n);
	col_proto(c, "FIX");
	col_clear(c);
	if (!fix_marker(d, n, 0)) {
		col_set(c, "[FIX continuation]");
		return;
	}
	if (fix_header_whole(d, n))
		fix_walk(d, n, fix_info_type, c);
}

static void fix_expert(struct experts *e, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = fix_message(p, idx, &n);
	if (!d || (p->layers[idx].flags & PKT_NO_ITEM) || !fix_marker(d, n, 0))
		return;
	int64_t a = fix_find(d, n, 0, FIX_SOH);
	int64_t b = a < 0 ? -1 : fix_find(d, n, (uint32_t)a + 1, FIX_SOH);
	if (a < 0)
		expert_add(e, EXPERT_ERROR, EXPERT_MALFORMED, "FIX", "Missing BeginString field");
	else if (b < 0)
		expert_add(e, EXPERT_ERROR, EXPERT_MALFORMED, "FIX", "Missing BodyLength field");
	else if (!fix_header_whole(d, n))
		expert_add(e, EXPERT_ERROR, EXPERT_MALFORMED, "FIX", "Missing MsgType field");
}

struct fix_want {
	uint32_t tag;
	fvalue_fn fn;
	void *data;
};

static bool fix_give(const uint8_t *d, uint32_t tag, const struct fix_param *f, void *data)
{
	struct fix_want *w = data;
	if (tag == w->tag)
		fv_give_ptr(w->fn, w->data, FV_STRING, d + f->value, f->value_len);
	return true;
}

static void fix_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d,
		       uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	uint32_t len = d ? fix_len(d, n) : 0;
	if (len < n)
		n = len;
	static const struct {
		const char *abbrev;
		uint32_t tag;
	} tags[] = {{"fix.BeginString", 8}, {"fix.BodyLength", 9}, {"fix.MsgType", 35}, {"fix.CheckSum", 10}};
	if (!d)
		return;
	if (!fix_marker(d, n, 0)) {
		if (fv_same(f->abbrev, "fix.data"))
			fv_give_ptr(fn, data, FV_BYTES, d, n);
		return;
	}
	if (!fix_header_whole(d, n))
		return;
	for (size_t i = 0; i < G_N_ELEMENTS(tags); i++)
		if (fv_same(f->abbrev, tags[i].abbrev))
			fix_walk(d, n, fix_give, &(struct fix_want){tags[i].tag, fn, data});
}

/* Wireshark's registration: a heuristic on TCP (no port of its own); a
 * connection it claims stays FIX, its messages framed by their headers. */
static const struct handoff fix_handoff[] = {
	TCP_HEUR(55, dissect_fix_heur),
	HANDOFF_LIST_END,
};
static const struct pdu_framing fix_framing[] = {
	{dissect_fix, fix_pdu_len, NULL, false, NULL, false},
	{dissect_fix_heur, fix_pdu_len, dissect_fix, false, NULL, false},
	{NULL, NULL, NULL, false, NULL, false},
};
PROTOCOL_ID(FIX, "fix", "Financial Information eXchange Protocol");
const struct protocol proto_fix = {PROTO_FIX, .short_name = "FIX", .fields = &fix_table, .columns = fix_columns,
				   .expert = fix_expert, .values = fix_values, .handoff = fix_handoff,
				   .framing = fix_framing};
