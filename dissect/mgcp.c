/* mgcp.c — Media Gateway Control Protocol (RFC 3435): the text commands a
 * call agent sends a media gateway and the gateway's answers, on UDP and
 * TCP ports 2427 (gateway) and 2727 (call agent):
 *
 *   CRCX 1204 aaln/1@rgw.example.net MGCP 1.0      verb, transaction id, endpoint, version
 *   C: A3C47F21456789F0                            parameters, "Name: value"
 *   M: recvonly
 *                                                  a blank line, then a session
 *   v=0 ...                                        description (SDP), if any
 *
 *   200 1204 OK                                    a response: code, transaction id, text
 *
 * Several messages may share a datagram, separated by a line holding only
 * "."; each is a layer of its own.  A datagram is MGCP when it starts with
 * a verb (four letters, one of RFC 3435's or X and three letters) or three
 * digits, followed by a space or a tab, as Wireshark's test goes.  The Info
 * is the datagram's first line; a request or a final response sent again
 * with a transaction id already seen in its conversation adds
 * ", Duplicate Request 1204" (or Response).  What follows a message's
 * first empty line is a session description, an SDP layer after the
 * message's (Protocol "MGCP/SDP").
 */
#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"
#include "dissect/session.h"

enum { MGCP_GATEWAY = 2427, MGCP_CALLAGENT = 2727 };

static const struct value_string mgcp_return_codes[] = {
	{0, "Response Acknowledgement"},
	{100, "The transaction is currently being executed.  An actual completion message will follow on later."},
	{101, "The transaction has been queued for execution.  An actual completion message will follow later."},
	{200, "The requested transaction was executed normally."},
	{250, "The connection was deleted."},
	{400, "The transaction could not be executed, due to a transient error."},
	{401, "The phone is already off hook"},
	{402, "The phone is already on hook"},
	{403, "The transaction could not be executed, because the endpoint does not have sufficient resources at this time"},
	{404, "Insufficient bandwidth at this time"},
	{405, "The transaction could not be executed, because the endpoint is \"restarting\"."},
	{406, "Transaction time-out.  The transaction did not complete in a reasonable period of time and has been aborted."},
	{407, "Transaction aborted.  The transaction was aborted by some external action, e.g., a ModifyConnection command aborted by a DeleteConnection command."},
	{409, "The transaction could not be executed because of internal overload."},
	{410, "No endpoint available.  A valid \"any of\" wildcard was used, however there was no endpoint available to satisfy the request."},
	{500, "The transaction could not be executed, because the endpoint is unknown."},
	{501, "The transaction could not be executed, because the endpoint is not ready."},
	{502, "The transaction could not be executed, because the endpoint does not have sufficient resources"},
	{503, "\"All of\" wildcard too complicated."},
	{504, "Unknown or unsupported command."},
	{505, "Unsupported RemoteConnectionDescriptor."},
	{506, "Unable to satisfy both LocalConnectionOptions and RemoteConnectionDescriptor."},
	{507, "Unsupported functionality."},
	{508, "Unknown or unsupported quarantine handling."},
	{509, "Error in RemoteConnectionDescriptor."},
	{510, "The transaction could not be executed, because a protocol error was detected."},
	{511, "The transaction could not be executed, because the command contained an unrecognized extension."},
	{512, "The transaction could not be executed, because the gateway is not equipped to detect one of the requested events."},
	{513, "The transaction could not be executed, because the gateway is not equipped to generate one of the requested signals."},
	{514, "The transaction could not be executed, because the gateway cannot send the specified announcement."},
	{515, "The transaction refers to an incorrect connection-id (may have been already deleted)"},
	{516, "The transaction refers to an unknown call-id."},
	{517, "Unsupported or invalid mode."},
	{518, "Unsupported or unknown package."},
	{519, "Endpoint does not have a digit map."},
	{520, "The transaction could not be executed, because the endpoint is 'restarting'."},
	{521, "Endpoint redirected to another Call Agent."},
	{522, "No such event or signal."},
	{523, "Unknown action or illegal combination of actions"},
	{524, "Internal inconsistency in LocalConnectionOptions"},
	{525, "Unknown extension in LocalConnectionOptions"},
	{526, "Insufficient bandwidth"},
	{527, "Missing RemoteConnectionDescriptor"},
	{528, "Incompatible protocol version"},
	{529, "Internal hardware failure"},
	{530, "CAS signaling protocol error."},
	{531, "failure of a grouping of trunks (e.g. facility failure)."},
	{532, "Unsupported value(s) in LocalConnectionOptions."},
	{533, "Response too large."},
	{534, "Codec negotiation failure."},
	{535, "Packetization period not supported"},
	{536, "Unknown or unsupported RestartMethod"},
	{537, "Unknown or unsupported digit map extension"},
	{538, "Event/signal parameter error (e.g., missing, erroneous, unsupported, unknown, etc.)"},
	{539, "Invalid or unsupported command parameter."},
	{540, "Per endpoint connection limit exceeded."},
	{541, "Invalid or unsupported LocalConnectionOptions"},
	{0, NULL},
};

static const struct field_def mgcp_fields[] = {
	{"mgcp.req", "Request", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.rsp", "Response", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.req.verb", "Verb", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.req.endpoint", "Endpoint", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.transid", "Transaction ID", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.version", "Version", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.rsp.rspcode", "Response Code", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, mgcp_return_codes},
	{"mgcp.rsp.rspstring", "Response String", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.params", "Parameters", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.param.rspack", "ResponseAck (K)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.param.bearerinfo", "BearerInformation (B)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.param.callid", "CallId (C)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.param.connectionid", "ConnectionIdentifier (I)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.param.secondconnectionid", "SecondConnectionID (I2)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.param.notifiedentity", "NotifiedEntity (N)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.param.requestid", "RequestIdentifier (X)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.param.localconnectionoptions", "LocalConnectionOptions (L)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.param.localconnectionoptions.p", "Packetization period (p)", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"mgcp.param.localconnectionoptions.a", "Codecs (a)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.param.localconnectionoptions.s", "Silence Suppression (s)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.param.localconnectionoptions.e", "Echo Cancellation (e)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.param.localconnectionoptions.b", "Bandwidth (b)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.param.localconnectionoptions.k", "Encryption Key (k)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.param.localconnectionoptions.gc", "Gain Control (gc)", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"mgcp.param.localconnectionoptions.nt", "Network Type (nt)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.param.localconnectionoptions.r", "Resource Reservation (r)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.param.localconnectionoptions.t", "Type of Service (r)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.param.connectionmode", "ConnectionMode (M)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.param.reqevents", "RequestedEvents (R)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.param.signalreq", "SignalRequests (S)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.param.restartmethod", "RestartMethod (RM)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.param.restartdelay", "RestartDelay (RD)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.param.digitmap", "DigitMap (D)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.param.observedevents", "ObservedEvents (O)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.param.connectionparam", "ConnectionParameters (P)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.param.connectionparam.ps", "Packets sent (PS)", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"mgcp.param.connectionparam.os", "Octets sent (OS)", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"mgcp.param.connectionparam.pr", "Packets received (PR)", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"mgcp.param.connectionparam.or", "Octets received (OR)", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"mgcp.param.connectionparam.pl", "Packets lost (PL)", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"mgcp.param.connectionparam.ji", "Jitter (JI)", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"mgcp.param.connectionparam.la", "Latency (LA)", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"mgcp.param.reasoncode", "ReasonCode (E)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.param.eventstates", "EventStates (ES)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.param.specificendpointid", "SpecificEndpointID (Z)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.param.secondendpointid", "SecondEndpointID (Z2)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.param.reqinfo", "RequestedInfo (F)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.param.quarantinehandling", "QuarantineHandling (Q)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.param.detectedevents", "DetectedEvents (T)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.param.capabilities", "Capabilities (A)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.param.maxmgcpdatagram", "MaxMGCPDatagram (MD)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.param.packagelist", "PackageList (PL)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.param.extension", "Extension Parameter (non-critical)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.param.extensioncritical", "Extension Parameter (critical)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.param.resourceid", "ResourceIdentifier (DQ-RI)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.param.localvoicemetrics", "LocalVoiceMetrics (XRM/LVM)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.param.remotevoicemetrics", "RemoteVoiceMetrics (XRM/RVM)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.param.invalid", "Invalid Parameter", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mgcp.messagecount", "MGCP Message Count", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"mgcp.dup", "Duplicate Message", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"mgcp.req.dup", "Duplicate Request", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"mgcp.rsp.dup", "Duplicate Response", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(mgcp);

/* ---- reading the text ---------------------------------------------------- */

/* The end of the line that starts at FROM in D (N bytes): its length
 * without the line end, *NEXT after it (N when no line end follows). */
static uint32_t line_end(const uint8_t *d, uint32_t n, uint32_t from, uint32_t *next)
{
	uint32_t end;
	*next = line_next(d, n, from, &end);
	return end - from;
}

static bool is_wsp(uint8_t c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static uint32_t skip_wsp(const uint8_t *d, uint32_t n, uint32_t at)
{
	while (at < n && is_wsp(d[at]))
		at++;
	return at;
}

/* Whether D (N bytes) starts with a verb: RFC 3435's, or X and three
 * letters; a space or a tab after it when there is a fifth byte. */
static bool is_verb(const uint8_t *d, uint32_t n)
{
	static const char *const verbs[] = {"EPCF", "CRCX", "MDCX", "DLCX", "RQNT", "NTFY", "AUEP", "AUCX", "RSIP", "MESG"};
	if (n < 5)
		return false;
	bool known = d[0] == 'X' && g_ascii_isalpha(d[1]) && g_ascii_isalpha(d[2]) && g_ascii_isalpha(d[3]);
	for (size_t i = 0; !known && i < G_N_ELEMENTS(verbs); i++)
		known = g_ascii_strncasecmp((const char *)d, verbs[i], 4) == 0;
	return known && (d[4] == ' ' || d[4] == '\t');
}

/* Whether D starts with three digits and a space or a tab after them when
 * there is a fourth byte. */
static bool is_rspcode(const uint8_t *d, uint32_t n)
{
	return n >= 4 && g_ascii_isdigit(d[0]) && g_ascii_isdigit(d[1]) && g_ascii_isdigit(d[2]) &&
	       (d[3] == ' ' || d[3] == '\t');
}

/* The number the N bytes at T start with, as C's strtoul() reads it in
 * base 10 (spaces, a sign, digits; wrapping past 32 bits); 0 when none. */
static uint32_t text_u32(const uint8_t *t, uint32_t n)
{
	uint32_t i = 0;
	while (i < n && g_ascii_isspace(t[i]))
		i++;
	bool minus = i < n && t[i] == '-';
	if (i < n && (t[i] == '-' || t[i] == '+'))
		i++;
	uint64_t v = 0;
	for (; i < n && g_ascii_isdigit(t[i]); i++)
		v = v * 10 + (uint64_t)(t[i] - '0');
	return minus ? (uint32_t)(0 - v) : (uint32_t)v;
}

/* Where the message starting at FROM ends: before a line holding only "."
 * (*NEXT after that line), or at N (*NEXT N).  False when the dot line is
 * at FROM itself: no message there. */
static bool dot_section(const uint8_t *d, uint32_t n, uint32_t from, uint32_t *len, uint32_t *next)
{
	for (uint32_t i = from; i < n; i++) {
		if (d[i] != '.')
			continue;
		bool before = i == 0 || d[i - 1] == '\r' || d[i - 1] == '\n';
		bool after = i + 1 == n || d[i + 1] == '\r' || d[i + 1] == '\n';
		if (!before || !after)
			continue;
		line_end(d, n, i, next);
		*len = i - from;
		if (i == from) {
			*len = *next - from;
			return false;
		}
		return true;
	}
	*len = n - from;
	*next = n;
	return true;
}

/* The first line of a message: its tokens as Wireshark reads them. */
struct mgcp_first {
	bool request, response;
	uint32_t code_at, code_len, transid_at, transid_len, third_at, third_len, version_at, version_len;
	bool has_transid, has_third, has_version;
};

/* Reads the first line D (N bytes, without its line end). */
static void first_line(const uint8_t *d, uint32_t n, struct mgcp_first *f)
{
	memset(f, 0, sizeof *f);
	uint32_t at = 0;
	for (unsigned token = 0; token <= 3 && at < n; token++) {
		const uint8_t *sp = memchr(d + at, ' ', n - at);
		uint32_t end = sp ? (uint32_t)(sp - d) : n;
		uint32_t len = end - at;
		if (token == 0) {
			if (len > 4)
				return;
			f->request = is_verb(d, n);
			f->response = !f->request && is_rspcode(d, n);
			if (!f->request && !f->response)
				return;
			f->code_at = at, f->code_len = len;
		} else if (token == 1) {
			f->transid_at = at, f->transid_len = len, f->has_transid = true;
		} else if (token == 2 && f->request) {
			f->third_at = at, f->third_len = len, f->has_third = true;
		} else if (token == 2) {
			/* the response's text: the rest of the line */
			f->third_at = at, f->third_len = n - at, f->has_third = true;
			return;
		} else {
			f->version_at = at, f->version_len = n - at, f->has_version = true;
			return;
		}
		if (end >= n)
			return;
		at = skip_wsp(d, n, end);
	}
}

/* The parameters named by a letter and a colon ("C:"), or by two
 * characters and a colon ("I2:", SECOND the second). */
static const struct {
	char letter, second;
	const char *hf;
} param_names[] = {
	{'K', ':', "mgcp.param.rspack"}, {'B', ':', "mgcp.param.bearerinfo"}, {'C', ':', "mgcp.param.callid"},
	{'N', ':', "mgcp.param.notifiedentity"}, {'L', ':', "mgcp.param.localconnectionoptions"},
	{'S', ':', "mgcp.param.signalreq"}, {'O', ':', "mgcp.param.observedevents"}, {'F', ':', "mgcp.param.reqinfo"},
	{'Q', ':', "mgcp.param.quarantinehandling"}, {'T', ':', "mgcp.param.detectedevents"},
	{'A', ':', "mgcp.param.capabilities"}, {'D', ':', "mgcp.param.digitmap"},
	{'I', ':', "mgcp.param.connectionid"}, {'I', '2', "mgcp.param.secondconnectionid"},
	{'M', ':', "mgcp.param.connectionmode"}, {'M', 'D', "mgcp.param.maxmgcpdatagram"},
	{'R', ':', "mgcp.param.reqevents"}, {'R', 'M', "mgcp.param.restartmethod"}, {'R', 'D', "mgcp.param.restartdelay"},
	{'P', ':', "mgcp.param.connectionparam"}, {'P', 'L', "mgcp.param.packagelist"},
	{'E', ':', "mgcp.param.reasoncode"}, {'E', 'S', "mgcp.param.eventstates"},
	{'Z', ':', "mgcp.param.specificendpointid"}, {'Z', '2', "mgcp.param.secondendpointid"},
};

/* The field of X's parameters at the start of line L (N bytes, N > 1):
 * the request identifier, the voice metrics and the extensions, whose
 * value is the whole line (*WHOLE); NULL for none. */
static const char *x_param(const uint8_t *l, uint32_t n, bool *whole)
{
	int next = g_ascii_toupper(l[1]);
	*whole = next != ':';
	if (next == ':')
		return "mgcp.param.requestid";
	if (next == 'R') {
		int k = n > 4 ? g_ascii_toupper(l[4]) : -1;
		return k == 'R' ? "mgcp.param.remotevoicemetrics" : k == 'L' ? "mgcp.param.localvoicemetrics" : NULL;
	}
	if (next != '+' && next != '-')
		return NULL;
	uint32_t i = 2;
	while (i < n && g_ascii_isalnum(l[i]))
		i++;
	if (i >= n || l[i] != ':')
		return NULL;
	return next == '+' ? "mgcp.param.extensioncritical" : "mgcp.param.extension";
}

/* The parameter named at the start of line L (N bytes): its field, and in
 * *VALUE where its value starts; NULL for a line that names none.  A
 * letter no name fits makes the whole line an invalid parameter; a name
 * without its colon gives no value. */
static const char *param_name(const uint8_t *l, uint32_t n, uint32_t *value)
{
	if (n == 0)
		return NULL;
	int first = g_ascii_toupper(l[0]), next = n > 1 ? g_ascii_toupper(l[1]) : -1;
	bool whole = false, letter = false, pair = false;
	const char *hf = NULL;
	uint32_t colon = 1;
	if (first == 'X') {
		hf = n > 1 ? x_param(l, n, &whole) : NULL;
		if (!hf)
			return NULL;
	} else if (first == 'D' && n > 5 && next == 'Q' && l[2] == '-' && g_ascii_toupper(l[3]) == 'R' &&
		   g_ascii_toupper(l[4]) == 'I' && l[5] == ':') {
		hf = "mgcp.param.resourceid", colon = 5;
	} else {
		for (size_t i = 0; !hf && i < G_N_ELEMENTS(param_names); i++) {
			if (param_names[i].letter != first)
				continue;
			letter = true;
			pair |= param_names[i].second != ':';
			if (next == param_names[i].second)
				hf = param_names[i].hf, colon = param_names[i].second == ':' ? 1 : 2;
		}
		if (!hf && letter && pair)
			return NULL; /* a letter some longer name starts with */
	}
	if (!hf || whole) {
		*value = 0; /* the whole line: an extension, or no parameter (invalid) */
		return hf ? hf : "mgcp.param.invalid";
	}
	if (colon >= n || l[colon] != ':')
		return NULL;
	*value = skip_wsp(l, n, colon + 1);
	return hf;
}

/* ---- duplicates ----------------------------------------------------------- */

/* A transaction of a conversation: UDP keys it by the requester's address
 * and both ports, TCP by the whole connection. */
struct mgcp_key {
	uint8_t family, tcp, pad[2];
	uint8_t addr[16], peer[16];
	uint16_t port, peer_port;
	uint32_t transid;
};

struct mgcp_call {
	uint64_t req_frame, rsp_frame;
	uint32_t rspcode;
};

static void *mgcp_calls_new(void)
{
	return g_hash_table_new_full(g_bytes_hash, g_bytes_equal, (GDestroyNotify)g_bytes_unref, g_free);
}

static void mgcp_calls_free(void *data)
{
	g_hash_table_destroy(data);
}

/* The note a request (or response) sent again adds to the Info, in NOTE;
 * remembers the transaction otherwise. */
static void mgcp_track(struct packet *p, bool tcp, const struct mgcp_first *f, const uint8_t *line, GString *note)
{
	if (!p->session || p->ip_layer < 0 || !f->has_transid || (!f->request && !f->response))
		return;
	uint32_t transid = text_u32(line + f->transid_at, f->transid_len);
	uint32_t alen = p->ip_version == 6 ? 16 : 4;
	struct mgcp_key k = {.family = p->ip_version, .tcp = tcp, .transid = transid};
	/* the requester's side first */
	const uint8_t *a = f->request ? p->ip_src : p->ip_dst, *b = f->request ? p->ip_dst : p->ip_src;
	memcpy(k.addr, a, alen);
	if (tcp)
		memcpy(k.peer, b, alen);
	k.port = f->request ? p->sport : p->dport;
	k.peer_port = f->request ? p->dport : p->sport;
	GHashTable *calls = session_proto_data(p->session, PROTO_MGCP, mgcp_calls_new, mgcp_calls_free);
	g_autoptr(GBytes) key = g_bytes_new(&k, sizeof k);
	struct mgcp_call *call = g_hash_table_lookup(calls, key);
	uint64_t frame = p->frame->number;
	if (f->request) {
		if (!call) {
			call = g_new0(struct mgcp_call, 1);
			call->req_frame = frame;
			g_hash_table_insert(calls, g_bytes_ref(key), call);
		} else if (call->req_frame != frame) {
			g_string_append_printf(note, ", Duplicate Request %u", transid);
		}
		return;
	}
	if (!call)
		return;
	uint32_t code = (uint32_t)(line[f->code_at] - '0') * 100 + (uint32_t)(line[f->code_at + 1] - '0') * 10 +
			(uint32_t)(line[f->code_at + 2] - '0');
	if (!call->rsp_frame)
		call->rsp_frame = frame;
	else if (call->rsp_frame != frame && code >= 200 && code == call->rspcode)
		g_string_append_printf(note, ", Duplicate Response %u", transid);
	call->rspcode = code;
}

/* ---- the dissector --------------------------------------------------------- */

static void mgcp_datagram(struct packet *p, struct cursor *c, bool tcp)
{
	uint32_t n = cursor_left(c);
	const uint8_t *d = c->data + c->off;
	if (!is_verb(d, n) && !is_rspcode(d, n))
		return;
	g_autoptr(GString) note = g_string_new(NULL);
	uint32_t at = 0;
	do {
		uint32_t len, next;
		int idx = pkt_push_layer(p, PROTO_MGCP, c->off + at);
		if (idx < 0)
			break;
		if (!dot_section(d, n, at, &len, &next)) {
			p->layers[idx].len = 0;
			break;
		}
		p->layers[idx].len = len;
		if (at > 0) /* read in the same call: no protocol of the frame's own */
			p->layers[idx].flags |= PKT_TREE_ONLY;
		const uint8_t *m = d + at;
		if (is_verb(m, len) || is_rspcode(m, len)) {
			uint32_t after, l = line_end(m, len, 0, &after);
			struct mgcp_first f;
			first_line(m, l, &f);
			mgcp_track(p, tcp, &f, m, note);
		}
		/* after the first empty line, a session description: SDP's */
		for (uint32_t from = 0, after; from < len; from = after) {
			if (line_end(m, len, from, &after) == 0 && after > from) {
				if (after < len) {
					struct cursor body = *c;
					body.off = c->off + at + after;
					body.rend = c->off + at + len;
					if (body.end > body.rend)
						body.end = body.rend;
					dissect_sdp(p, &body);
				}
				break;
			}
		}
		at = next;
	} while (at < n);
	if (note->len)
		pkt_set_app_info(p, PROTO_MGCP, note->str, note->len);
	cursor_skip(c, cursor_rleft(c));
}

static void dissect_mgcp_udp(struct packet *p, struct cursor *c)
{
	mgcp_datagram(p, c, false);
}

static void dissect_mgcp_tcp(struct packet *p, struct cursor *c)
{
	mgcp_datagram(p, c, true);
}

/* The first line of the datagram, with the duplicate notes after it; the
 * messages after the first in a datagram add nothing. */
static void mgcp_columns(struct columns *c, const struct packet *p, int idx)
{
	for (int i = 0; i < idx; i++)
		if (p->layers[i].proto == PROTO_MGCP)
			return;
	uint32_t n, next;
	const uint8_t *d = col_layer_given(p, idx, &n);
	col_proto(c, "MGCP");
	col_clear(c);
	col_append_text(c, d, line_end(d, n, 0, &next));
	if (p->app_info_proto == PROTO_MGCP)
		g_string_append_len(c->info, p->app_info, p->app_info_len);
}

/* ---- field values ----------------------------------------------------------- */

static void give_text(fvalue_fn fn, void *data, const uint8_t *d, uint32_t n)
{
	fv_give_ptr(fn, data, FV_STRING, d, n);
}

/* TEXT (N bytes) without the spaces and tabs around it. */
static const uint8_t *strip(const uint8_t *t, uint32_t *n)
{
	while (*n && (t[0] == ' ' || t[0] == '\t'))
		t++, (*n)--;
	while (*n && (t[*n - 1] == ' ' || t[*n - 1] == '\t'))
		(*n)--;
	return t;
}

/* The "name=value" (SEP '=') or "name:value" items of a parameter's value,
 * separated by commas: gives the value of the item PREFIX.NAME asks for. */
static void give_items(const uint8_t *v, uint32_t n, char sep, const char *prefix, const char *want, bool number,
		       fvalue_fn fn, void *data)
{
	size_t plen = strlen(prefix);
	if (strncmp(want, prefix, plen) != 0 || want[plen] != '.')
		return;
	const char *name = want + plen + 1;
	uint32_t at = 0;
	while (at <= n) {
		const uint8_t *comma = memchr(v + at, ',', n - at);
		uint32_t end = comma ? (uint32_t)(comma - v) : n;
		const uint8_t *eq = memchr(v + at, sep, end - at);
		if (eq) {
			uint32_t kn = (uint32_t)(eq - v) - at, vn = end - (uint32_t)(eq - v) - 1;
			const uint8_t *key = strip(v + at, &kn), *val = strip(eq + 1, &vn);
			if (kn == strlen(name) && g_ascii_strncasecmp((const char *)key, name, kn) == 0) {
				if (number) {
					fv_give_uint(fn, data, text_u32(val, vn));
				} else {
					give_text(fn, data, val, vn);
				}
			}
		}
		if (!comma)
			break;
		at = end + 1;
	}
}

/* Whether the message D whose first line is F was noted as sent again in
 * its frame (its note in the Info: ", Duplicate Request 1204"), and its
 * transaction id. */
static bool duplicate(const struct packet *p, const uint8_t *d, const struct mgcp_first *f, uint32_t *transid)
{
	if (p->app_info_proto != PROTO_MGCP || !f->has_transid || (!f->request && !f->response))
		return false;
	char note[48];
	*transid = text_u32(d + f->transid_at, f->transid_len);
	int k = g_snprintf(note, sizeof note, ", Duplicate %s %u", f->request ? "Request" : "Response", *transid);
	for (const char *at = p->app_info; (at = strstr(at, note)) != NULL; at += k)
		if (at[k] == 0 || at[k] == ',')
			return true;
	return false;
}

/* The duplicates are told by earlier frames. */
static int mgcp_depth(const struct field_def *f)
{
	return f && (fv_same(f->abbrev, "mgcp.dup") || fv_same(f->abbrev, "mgcp.req.dup") || fv_same(f->abbrev, "mgcp.rsp.dup"))
		       ? DEPTH_TRACKED
		       : -1;
}

static void mgcp_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d,
			uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	const char *a = f->abbrev;
	if (!d || n == 0 || (!is_verb(d, n) && !is_rspcode(d, n)))
		return;
	if (fv_same(a, "mgcp.messagecount"))
		return; /* counted over the datagram, not given here */
	uint32_t at, l0 = line_end(d, n, 0, &at);
	struct mgcp_first fl;
	first_line(d, l0, &fl);
	if (fv_same(a, "mgcp.dup") || fv_same(a, "mgcp.req.dup") || fv_same(a, "mgcp.rsp.dup")) {
		uint32_t transid;
		if (duplicate(p, d, &fl, &transid) && (fv_same(a, "mgcp.dup") || fv_same(a, fl.request ? "mgcp.req.dup" : "mgcp.rsp.dup")))
			fv_give_uint(fn, data, transid);
	} else if (fv_same(a, "mgcp.req")) {
		if (fl.request)
			fv_give_uint(fn, data, 1);
	} else if (fv_same(a, "mgcp.rsp")) {
		if (fl.response)
			fv_give_uint(fn, data, 1);
	} else if (fv_same(a, "mgcp.req.verb")) {
		if (fl.request)
			give_text(fn, data, d + fl.code_at, fl.code_len);
	} else if (fv_same(a, "mgcp.rsp.rspcode")) {
		if (fl.response)
			fv_give_uint(fn, data, (uint32_t)(d[0] - '0') * 100 + (uint32_t)(d[1] - '0') * 10 + (uint32_t)(d[2] - '0'));
	} else if (fv_same(a, "mgcp.transid")) {
		if (fl.has_transid)
			give_text(fn, data, d + fl.transid_at, fl.transid_len);
	} else if (fv_same(a, "mgcp.req.endpoint")) {
		if (fl.request && fl.has_third)
			give_text(fn, data, d + fl.third_at, fl.third_len);
	} else if (fv_same(a, "mgcp.rsp.rspstring")) {
		if (fl.response && fl.has_third)
			give_text(fn, data, d + fl.third_at, fl.third_len);
	} else if (fv_same(a, "mgcp.version")) {
		if (fl.has_version)
			give_text(fn, data, d + fl.version_at, fl.version_len);
	} else if (g_str_has_prefix(a, "mgcp.param") || fv_same(a, "mgcp.params")) {
		/* the parameters: the lines up to the first empty one */
		bool any = false;
		while (at < n && d[at] != '\r' && d[at] != '\n') {
			uint32_t next, len = line_end(d, n, at, &next), value;
			const char *hf = param_name(d + at, len, &value);
			any = true;
			/* the connection parameters and options are given as
			 * their whole line, their items one by one */
			bool whole = hf && (fv_same(hf, "mgcp.param.connectionparam") ||
					    fv_same(hf, "mgcp.param.localconnectionoptions"));
			if (hf && fv_same(a, hf))
				give_text(fn, data, d + at + (whole ? 0 : value), len - (whole ? 0 : value));
			else if (hf && fv_same(hf, "mgcp.param.connectionparam"))
				give_items(d + at + value, len - value, '=', hf, a, true, fn, data);
			else if (hf && fv_same(hf, "mgcp.param.localconnectionoptions"))
				give_items(d + at + value, len - value, ':', hf, a,
					   fv_same(a, "mgcp.param.localconnectionoptions.p") ||
						   fv_same(a, "mgcp.param.localconnectionoptions.gc"),
					   fn, data);
			at = next;
		}
		if (any && fv_same(a, "mgcp.params"))
			fv_give_ptr(fn, data, FV_NONE, NULL, 0);
	}
}

/* Wireshark's registration: UDP and TCP ports 2427 (gateway) and 2727
 * (call agent); over TCP each segment is read alone. */
static const struct handoff mgcp_handoff[] = {
	UDP_PORT(MGCP_GATEWAY, dissect_mgcp_udp),
	UDP_PORT(MGCP_CALLAGENT, dissect_mgcp_udp),
	TCP_PORT(MGCP_GATEWAY, dissect_mgcp_tcp),
	TCP_PORT(MGCP_CALLAGENT, dissect_mgcp_tcp),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(MGCP, "mgcp", "Media Gateway Control Protocol");
const struct protocol proto_mgcp = {PROTO_MGCP, .short_name = "MGCP", .fields = &mgcp_table, .columns = mgcp_columns,
				    .values = mgcp_values, .depth = mgcp_depth, .handoff = mgcp_handoff};
