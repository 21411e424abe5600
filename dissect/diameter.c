/* diameter.c — Diameter (RFC 6733), TCP port 3868: authentication,
 * authorization and accounting messages, each framed by its length.
 *
 *   | version (1) | message length (3) |
 *   | flags: R P E T reserved(4) | command code (3) |
 *   | application id (4) | hop-by-hop id (4) | end-to-end id (4) | AVPs ...
 *
 * Wireshark's test of a message start: version 1, a length of at least 36
 * (the header and two AVP headers) and a multiple of 4, no reserved flag
 * bit, not both R and E.  A segment TCP hands afresh that fails it shows
 * "DIAMETER" and "Continuation" with its bytes as data.  Info per message:
 * "cmd=Capabilities-Exchange Request(257) flags=R--- appl=Diameter Common
 * Messages(0) h2h=1234 e2e=5678 | ", the messages of a segment one after
 * the other.  Command and application names are those of Wireshark's
 * dictionary (any application's command codes are named alike); the AVPs
 * are not read.
 */
#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

enum {
	DIAMETER_PORT = 3868,
	DIAMETER_HDR = 20,
	DIAMETER_MIN = 36, /* the header and two AVP headers */
	DIAM_R = 0x80, DIAM_P = 0x40, DIAM_E = 0x20, DIAM_T = 0x10, DIAM_RESERVED = 0x0f,
};

static const struct value_string diameter_cmd_names[] = {
	{257, "Capabilities-Exchange"},
	{258, "Re-Auth"},
	{260, "AA-Mobile-Node"},
	{262, "Home-Agent-MIP"},
	{265, "AA"},
	{268, "Diameter-EAP"},
	{271, "Accounting"},
	{272, "Credit-Control"},
	{274, "Abort-Session"},
	{275, "Session-Termination"},
	{280, "Device-Watchdog"},
	{282, "Disconnect-Peer"},
	{283, "User-Authorization"},
	{284, "Server-Assignment"},
	{285, "Location-Info"},
	{286, "Multimedia-Auth"},
	{287, "Registration-Termination"},
	{288, "Push-Profile"},
	{300, "User-Authorization"},
	{301, "Server-Assignment"},
	{302, "Location-Info"},
	{303, "Multimedia-Auth"},
	{304, "Registration-Termination"},
	{305, "Push-Profile"},
	{306, "User-Data"},
	{307, "Profile-Update"},
	{308, "Subscribe-Notifications"},
	{309, "Push-Notification"},
	{310, "Boostrapping-Info"},
	{311, "Message-Process"},
	{312, "GBAPush-Info"},
	{314, "Policy-Data"},
	{315, "Policy-Install"},
	{316, "3GPP-Update-Location"},
	{317, "3GPP-Cancel-Location"},
	{318, "3GPP-Authentication-Information"},
	{319, "3GPP-Insert-Subscriber-Data"},
	{320, "3GPP-Delete-Subscriber-Data"},
	{321, "3GPP-Purge-UE"},
	{322, "3GPP-Reset"},
	{323, "3GPP-Notify"},
	{324, "3GPP-ME-Identity-Check"},
	{325, "MIP6"},
	{326, "QoS-Authorization"},
	{327, "QoS-Install"},
	{328, "Capabilities-Update"},
	{329, "IKEv2-SK"},
	{330, "NAT-Control"},
	{8388620, "3GPP-Provide-Location"},
	{8388621, "3GPP-Location-Report"},
	{8388622, "3GPP-LCS-Routing-Info"},
	{8388631, "Subscription Information Application"},
	{8388632, "Distributed Charging"},
	{8388633, "Ericsson-SL"},
	{8388634, "Ericsson-SN"},
	{8388635, "Spending-Limit"},
	{8388636, "Spending-Status-Notification"},
	{8388637, "TDF-Session"},
	{8388638, "3GPP-Update-VCSG-Location"},
	{8388639, "3GPP-Device-Action"},
	{8388640, "3GPP-Device-Notification"},
	{8388641, "3GPP-Subscriber-Information"},
	{8388642, "Cancel-VCSG-Location"},
	{8388643, "3GPP-Device-Trigger"},
	{8388644, "3GPP-Delivery-Report"},
	{8388645, "MO-Forward-Short-Message"},
	{8388646, "MT-Forward-Short-Message"},
	{8388647, "Send-Routing-Info-for-SM"},
	{8388648, "Alert-Service-Centre"},
	{8388649, "Report-SM-Delivery-Status"},
	{8388650, "NSN Cancel-LocationMS"},
	{8388651, "NSN User-DataMS"},
	{8388652, "NSN Profile-UpdateMS"},
	{8388653, "NSN Subscribe-NotificationsMS"},
	{8388654, "NSN Push-NotificationMS"},
	{8388655, "Get Gateway"},
	{8388656, "Trigger-Establishment"},
	{8388657, "Ericsson Binding-Data"},
	{8388662, "GCS-Action"},
	{8388663, "GCS-Notification"},
	{8388664, "ProSe-Subscriber-Information"},
	{8388665, "Update-ProSe-Subscriber-Data"},
	{8388666, "ProSe-Notify"},
	{8388667, "Reset"},
	{8388713, "ProSe-Initial-Location-Information"},
	{8388717, "Ericsson Trace-Report"},
	{8388718, "Configuration-Information"},
	{8388719, "Reporting-Information"},
	{8388720, "Non-Aggregated-RUCI-Report"},
	{8388721, "Aggregated-RUCI-Report"},
	{8388722, "Modify-Uecontext"},
	{8388726, "NIDD-Information"},
	{8388732, "Connection-Management"},
	{8388733, "MO-Data"},
	{8388734, "MT-Data"},
	{0, NULL},
};

static const struct value_string diameter_app_names[] = {
	{0, "Diameter Common Messages"},
	{1, "NASREQ Application"},
	{2, "Mobile IPv4 Application"},
	{3, "Diameter Base Accounting"},
	{4, "Diameter Credit Control Application"},
	{5, "EAP Application"},
	{6, "Diameter Session Initiation Protocol (SIP) Application"},
	{7, "Diameter Mobile IPv6 IKE   (MIP6I)"},
	{8, "Diameter Mobile IPv6 Auth  (MIP6A)"},
	{9, "Diameter QoS application"},
	{10, "Diameter Capabilities Update"},
	{11, "Diameter IKE SK (IKESK)"},
	{16777216, "3GPP Cx"},
	{16777217, "3GPP Sh"},
	{16777218, "3GPP Re/Rf"},
	{16777219, "3GPP Wx"},
	{16777220, "3GPP Zn"},
	{16777221, "3GPP Zh"},
	{16777222, "3GPP Gq"},
	{16777223, "3GPP Gmb"},
	{16777224, "3GPP Gx"},
	{16777225, "3GPP Gx over Gy"},
	{16777226, "3GPP MM10"},
	{16777227, "Ericsson MSI"},
	{16777228, "Ericsson Zx"},
	{16777229, "3GPP Rx Release 6"},
	{16777230, "3GPP Pr"},
	{16777231, "Diameter e2e4 Application"},
	{16777232, "Ericsson Charging-CIP"},
	{16777233, "Ericsson Mm"},
	{16777234, "Vodafone Gx+"},
	{16777235, "ITU-T Rs"},
	{16777236, "3GPP Rx"},
	{16777237, "3GPP2 Ty"},
	{16777238, "3GPP Gx"},
	{16777239, "Juniper Cluster"},
	{16777240, "Juniper Policy-Control-AAA"},
	{16777241, "iptego USPI"},
	{16777242, "Covergence-specific SIP routing"},
	{16777243, "Policy Processing"},
	{16777244, "Juniper Policy-Control-JSRC"},
	{16777245, "ITU-T S-TC1"},
	{16777246, "NSN Unified Charging Trigger Function (UCTF)"},
	{16777247, "3GPP2 CAN Access Authentication and Authorization"},
	{16777248, "3GPP2 WLAN Interworking Access Authentication and Authorization"},
	{16777249, "3GPP2 WLAN Interworking Accounting"},
	{16777250, "3GPP STa"},
	{16777251, "3GPP S6a/S6d"},
	{16777252, "3GPP S13/S13'"},
	{16777253, "ETSI Re"},
	{16777254, "ETSI GOCAP"},
	{16777255, "3GPP SLg"},
	{16777256, "ITU-T Rw"},
	{16777257, "ETSI a4"},
	{16777258, "ITU-T Rt"},
	{16777259, "CARA"},
	{16777260, "CAMA"},
	{16777261, "Femtocell extension to Diameter EAP Application"},
	{16777262, "ITU-T Ru"},
	{16777263, "ITU-T Ng"},
	{16777264, "3GPP SWm"},
	{16777265, "3GPP SWx"},
	{16777266, "3GPP Gxx"},
	{16777267, "3GPP S9"},
	{16777268, "3GPP Zpn"},
	{16777269, "Ericsson HSI"},
	{16777270, "Juniper-Example"},
	{16777271, "ITU-T Ri"},
	{16777272, "3GPP S6b"},
	{16777273, "Juniper JGx"},
	{16777274, "ITU-T Rd"},
	{16777275, "ADMI Notification Application"},
	{16777276, "ADMI Messaging Interface Application"},
	{16777277, "Peter-Service VSI"},
	{16777278, "ETSI Rr request model"},
	{16777279, "ETSI Rr delegated model"},
	{16777291, "3GPP SLh"},
	{16777292, "3GPP SGmb"},
	{16777293, "Cloudmark Diameter Interface"},
	{16777294, "Camiant DRMA"},
	{16777295, "PiLTE Interworking Diameter Application"},
	{16777296, "Juniper-Sessions-Recovery"},
	{16777297, "Vedicis LiveProxy"},
	{16777298, "Pi*3GPP2 Diameter Application"},
	{16777299, "Sandvine Rf+"},
	{16777300, "Subscription Information Application"},
	{16777301, "Ericsson Charging-DCIP"},
	{16777302, "3GPP Sy"},
	{16777303, "3GPP Sd"},
	{16777304, "Ericsson Sy"},
	{16777305, "HP DTD"},
	{16777306, "ITU-T M9"},
	{16777307, "ITU-T M13"},
	{16777308, "3GPP S7a"},
	{16777309, "3GPP Tsp"},
	{16777310, "3GPP S6m"},
	{16777311, "3GPP T4"},
	{16777312, "3GPP S6c"},
	{16777313, "3GPP SGd"},
	{16777314, "Intrado-SLg"},
	{16777315, "Ericsson Diameter Signalling Controller Application (DSC)"},
	{16777316, "Verizon-Femto-Loc"},
	{16777317, "Nokia Solutions and Networks (NSN) Hd Application"},
	{16777318, "3GPP S15"},
	{16777319, "3GPP S9a"},
	{16777320, "3GPP S9a*"},
	{16777321, "Gateway Location Application"},
	{16777322, "Verizon Session Recovery"},
	{16777323, "3GPP2 M1"},
	{16777324, "MAGIC Client Interface Protocol (CIP)"},
	{16777325, "ITU-T Nc"},
	{16777326, "ITU-T Ne"},
	{16777327, "Ericsson Sx"},
	{16777328, "Nokia Service Extension, NSE"},
	{16777329, "Rivada Xd"},
	{16777330, "Rivada Xm"},
	{16777331, "Rivada Xh"},
	{16777332, "Rivada Xf"},
	{16777333, "Rivada Xf"},
	{16777334, "Rivada Xp"},
	{16777335, "3GPP MB2c"},
	{16777336, "3GPP PC4a"},
	{16777337, "3GPP PC2"},
	{16777338, "Juniper Domain Policy"},
	{16777339, "Host Observer"},
	{16777340, "3GPP PC6/PC7"},
	{16777341, "Nokia Sdr"},
	{16777342, "3GPP Np"},
	{16777345, "3GPP S6t"},
	{16777346, "3GPP T6a/T6b"},
	{0, NULL},
};

static const struct field_def diameter_fields[] = {
	{"diameter.version", "Version", FT_UINT8, BASE_HEX, 0, 1, 0, NULL},
	{"diameter.length", "Length", FT_UINT24, BASE_DEC, 1, 3, 0, NULL},
	{"diameter.flags", "Flags", FT_UINT8, BASE_HEX, 4, 1, 0, NULL},
	{"diameter.flags.request", "Request", FT_BOOLEAN, BASE_NONE, 4, 1, DIAM_R, NULL},
	{"diameter.flags.proxyable", "Proxyable", FT_BOOLEAN, BASE_NONE, 4, 1, DIAM_P, NULL},
	{"diameter.flags.error", "Error", FT_BOOLEAN, BASE_NONE, 4, 1, DIAM_E, NULL},
	{"diameter.flags.T", "T(Potentially re-transmitted message)", FT_BOOLEAN, BASE_NONE, 4, 1, DIAM_T, NULL},
	{"diameter.cmd.code", "Command Code", FT_UINT24, BASE_DEC, 5, 3, 0, diameter_cmd_names},
	{"diameter.applicationId", "ApplicationId", FT_UINT32, BASE_DEC, 8, 4, 0, diameter_app_names},
	{"diameter.hopbyhopid", "Hop-by-Hop Identifier", FT_UINT32, BASE_HEX, 12, 4, 0, NULL},
	{"diameter.endtoendid", "End-to-End Identifier", FT_UINT32, BASE_HEX, 16, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(diameter);

/* Whether D (N bytes) starts a Diameter message by Wireshark's test: 1
 * yes, 0 no, -1 fewer than 5 bytes to tell. */
static int diameter_check(const uint8_t *d, uint32_t n)
{
	if (n < 5)
		return -1;
	uint32_t len = (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 | d[3];
	uint8_t flags = d[4];
	return d[0] == 1 && len >= DIAMETER_MIN && !(len & 3) && !(flags & DIAM_RESERVED) &&
	       !((flags & DIAM_R) && (flags & DIAM_E));
}

/* A message's length, from its first bytes. */
static uint32_t diameter_pdu_len(const uint8_t *d, uint32_t avail)
{
	int ok = diameter_check(d, avail);
	if (ok < 0)
		return PDU_NEED_MORE;
	return ok ? (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 | d[3] : 0;
}

/* One message: its header is all Wireshark reads here; bytes that start
 * none are a continuation, shown as data. */
static void dissect_diameter(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_DIAMETER, c->off);
	if (idx < 0)
		return;
	if (diameter_check(c->data + c->off, cursor_left(c)) != 1) {
		/* named in the columns, no line of its own */
		p->layers[idx].flags |= PKT_NESTED | PKT_NAMES_PROTO | PKT_NO_ITEM;
		dissect_data(p, c);
		return;
	}
	app_skip(c, DIAMETER_HDR);
	app_note(p, idx, c);
	cursor_skip(c, cursor_rleft(c));
}

/* "cmd=... | " for each message of the segment; "Continuation" for bytes
 * that start none. */
static void diameter_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_proto(c, "DIAMETER");
	if (p->layers[idx].flags & PKT_NO_ITEM) {
		col_set(c, "Continuation");
		return;
	}
	if (!col_follows_same(p, idx))
		col_clear(c);
	if (!d || n < DIAMETER_HDR)
		return;
	uint8_t fl = d[4];
	uint32_t code = (uint32_t)d[5] << 16 | (uint32_t)d[6] << 8 | d[7];
	uint32_t app = bytes_be32(d + 8);
	const char *cmd = value_name(diameter_cmd_names, code);
	const char *appl = value_name(diameter_app_names, app);
	col_append(c, "cmd=%s %s(%u) flags=%c%c%c%c appl=%s(%u) h2h=%x e2e=%x | ", cmd ? cmd : "Unknown",
		   (fl & DIAM_R) ? "Request" : "Answer", code, (fl & DIAM_R) ? 'R' : '-', (fl & DIAM_P) ? 'P' : '-',
		   (fl & DIAM_E) ? 'E' : '-', (fl & DIAM_T) ? 'T' : '-', appl ? appl : "Unknown", app,
		   bytes_be32(d + 12), bytes_be32(d + 16));
}

/* Whether layer L lacks the header fields: bytes that start no message. */
static bool diameter_absent(G_GNUC_UNUSED const struct packet *p, const struct layer *l,
			    G_GNUC_UNUSED const struct field_def *f)
{
	return l->flags & PKT_NO_ITEM;
}

/* Wireshark's registration: TCP port 3868, each message framed by its length. */
static const struct handoff diameter_handoff[] = {
	TCP_PORT(DIAMETER_PORT, dissect_diameter),
	HANDOFF_LIST_END,
};
static const struct pdu_framing diameter_framing[] = {
	{dissect_diameter, diameter_pdu_len, NULL, false, NULL, false},
	{NULL, NULL, NULL, false, NULL, false},
};

PROTOCOL_ID(DIAMETER, "diameter", "Diameter Protocol");
const struct protocol proto_diameter = {PROTO_DIAMETER, .short_name = "Diameter", .fields = &diameter_table,
					.columns = diameter_columns,
					.absent = diameter_absent, .handoff = diameter_handoff,
					.framing = diameter_framing};
