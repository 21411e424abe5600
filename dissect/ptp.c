/* ptp.c — the Precision Time Protocol (IEEE 1588-2008, version 2, and IEEE
 * 1588-2002, version 1) over Ethernet (type 0x88f7, version 2 only) and
 * UDP ports 319 (event) and 320 (general).  Version 2's common header:
 *
 *   0        4        8       12       16                24       32
 *   +--------+--------+--------+--------+-----------------+--------+
 *   | majorSdoId| msgType | minorVer| version| messageLength (2)         |
 *   | domainNumber (1) | minorSdoId (1) | flags (2)                      |
 *   | correctionField (8: nanoseconds << 16)                            |
 *   | messageTypeSpecific (4)                                           |
 *   | sourcePortIdentity: clockIdentity (8), portNumber (2)             |
 *   | sequenceId (2) | controlField (1) | logMessageInterval (1)        |
 *   +-------------------------------------------------------------------+
 *   then the message's body (timestamps of 6 + 4 bytes, port identities
 *   of 8 + 2) and TLVs: type (2), length (2), value.
 *
 * Version 1 has a 40-byte header of its own: versionPTP (2) and
 * versionNetwork (2), a subdomain name (16), the message type at 20, the
 * source's UUID at 22, sequence at 30, control field at 32, flags at 34;
 * its Info follows the control field.  Over UDP the version tells them
 * apart (version 2 in the low nibble of byte 1, else a 16-bit 1 at 0);
 * other bytes on those ports are not PTP.  Over Ethernet a majorSdoId of 1
 * marks 802.1AS (gPTP): its Follow_Up carries a Follow_Up information TLV
 * and its Signaling a TLV, which Wireshark reads whether there or not.
 *
 * Like Wireshark, a message is read as far as its messageLength says (a
 * length past the frame's end is an expert error, not an exception); the
 * fields appear once 8 bytes are there, the Info with them.
 */
#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/expert.h"
#include "dissect/field.h"
#include "dissect/fieldval.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

enum {
	PTP_HDR = 34,    /* version 2's common header */
	PTP_V1_HDR = 40, /* version 1's */
	PTP_SEEN = 8,    /* the bytes Wireshark reads before any field */
	PTP_TS = 10,     /* a timestamp: seconds (6), nanoseconds (4) */
	PTP_PORT = 10,   /* a port identity: clock (8), port number (2) */
	PTP_TLV_ORG_EXT = 3,
};

/* Version 2's message types. */
enum {
	PTP_SYNC = 0x0, PTP_DELAY_REQ = 0x1, PTP_PDELAY_REQ = 0x2, PTP_PDELAY_RESP = 0x3,
	PTP_FOLLOW_UP = 0x8, PTP_DELAY_RESP = 0x9, PTP_PDELAY_RESP_FU = 0xa, PTP_ANNOUNCE = 0xb,
	PTP_SIGNALING = 0xc, PTP_MANAGEMENT = 0xd,
};

static const struct value_string ptp_v2_types[] = {
	{PTP_SYNC, "Sync Message"}, {PTP_DELAY_REQ, "Delay_Req Message"},
	{PTP_PDELAY_REQ, "Peer_Delay_Req Message"}, {PTP_PDELAY_RESP, "Peer_Delay_Resp Message"},
	{PTP_FOLLOW_UP, "Follow_Up Message"}, {PTP_DELAY_RESP, "Delay_Resp Message"},
	{PTP_PDELAY_RESP_FU, "Peer_Delay_Resp_Follow_Up Message"}, {PTP_ANNOUNCE, "Announce Message"},
	{PTP_SIGNALING, "Signalling Message"}, {PTP_MANAGEMENT, "Management Message"}, {0, NULL},
};

/* Version 1's control field. */
enum { PTP_V1_MANAGEMENT = 4 };
static const struct value_string ptp_v1_controls[] = {
	{0, "Sync Message"}, {1, "Delay_Request Message"}, {2, "Follow_Up Message"},
	{3, "Delay_Response Message"}, {0, NULL},
};

/* Version 1's management message keys, as its Info names them. */
static const char *const ptp_v1_keys[] = {
	"Null", "Obtain Identity", "Clock Identity", "Initialize Clock", "Set Subdomain",
	"Clear Designated Preferred Master", "Set Designated Preferred Master", "Get Default Data Set",
	"Default Data Set", "Update Default Data Set", "Get Current Data Set", "Current Data Set",
	"Get Parent Data Set", "Parent Data Set", "Get Port Data Set", "Port Data Set",
	"Get Global Time Data Set", "Global Time Data Set", "Update Global Time Properties",
	"Goto Faulty State", "Get Foreign Data Set", "Foreign Data Set", "Set Sync Interval", "Disable Port",
};

/* Version 2's management ids, as its Info names them. */
static const struct value_string ptp_v2_mgmt_ids[] = {
	{0x0000, "Null management"}, {0x0001, "Clock description"}, {0x0002, "User description"},
	{0x0003, "Save in non volatile storage"}, {0x0004, "Reset non volatile storage"},
	{0x0005, "Initialize"}, {0x0006, "Fault log"}, {0x0007, "Fault log reset"},
	{0x2000, "Default dataset"}, {0x2001, "Current dataset"}, {0x2002, "Parent dataset"},
	{0x2003, "Time properties dataset"}, {0x2004, "Port dataset"}, {0x2005, "Priority 1"},
	{0x2006, "Priority 2"}, {0x2007, "Domain"}, {0x2008, "Slave only"},
	{0x2009, "Log announce interval"}, {0x200a, "Announce receipt timeout"},
	{0x200b, "Log sync interval"}, {0x200c, "Version number"}, {0x200d, "Enable port"},
	{0x200e, "Disable port"}, {0x200f, "Time"}, {0x2010, "Clock accuracy"},
	{0x2011, "UTC properties"}, {0x2012, "Traceability properties"},
	{0x2013, "Timescale properties"}, {0x2014, "Unicast negotiation enable"},
	{0x2015, "Path trace list"}, {0x2016, "Path trace enable"},
	{0x2017, "Grandmaster cluster table"}, {0x2018, "Unicast master table"},
	{0x2019, "Unicast master max table size"}, {0x201a, "Acceptable master table"},
	{0x201b, "Acceptable master table enabled"}, {0x201c, "Acceptable master max table size"},
	{0x201d, "Alternate master"}, {0x201e, "Alternate time offset enable"},
	{0x201f, "Alternate time offset name"}, {0x4000, "Transparent clock default dataset"},
	{0x4001, "Transparent clock port dataset"}, {0x4002, "Primary domain"},
	{0x6000, "Delay mechanism"}, {0x6001, "Log min pdelay req. interval"}, {0, NULL},
};

static const struct value_string ptp_v2_mgmt_actions[] = {
	{0, "GET"}, {1, "SET"}, {2, "RESPONSE"}, {3, "COMMAND"}, {4, "ACKNOWLEDGE"}, {0, NULL},
};

static const struct value_string ptp_v2_mgmt_errors[] = {
	{0x0001, "RESPONSE_TOO_BIG"}, {0x0002, "NO_SUCH_ID"}, {0x0003, "WRONG_LENGTH"},
	{0x0004, "WRONG_VALUE"}, {0x0005, "NOT_SETABLE"}, {0x0006, "NOT_SUPPORTED"},
	{0xfffe, "GENERAL_ERROR"}, {0, NULL},
};

static const struct value_string ptp_v2_sdo_ids[] = {
	{0x0, "Unknown"}, {0x1, "gPTP Domain"}, {0x2, "CMLDS"}, {0, NULL},
};

static const struct value_string ptp_v2_controls[] = {
	{0, "Sync Message"}, {1, "Delay_Req Message"}, {2, "Follow_Up Message"}, {3, "Delay_Resp Message"},
	{4, "Management Message"}, {5, "Other Message"}, {0, NULL},
};

static const struct field_def ptp_fields[] = {
	/* version 1 */
	{"ptp.versionptp", "versionPTP", FT_UINT16, BASE_DEC, 0, 2, 0, NULL},
	{"ptp.versionnetwork", "versionNetwork", FT_UINT16, BASE_DEC, 2, 2, 0, NULL},
	{"ptp.subdomain", "subdomain", FT_STRING, BASE_NONE, FIELD_VAR, 16, 0, NULL},
	{"ptp.messagetype", "messageType", FT_UINT8, BASE_DEC, 20, 1, 0, NULL},
	{"ptp.sourcecommunicationtechnology", "sourceCommunicationTechnology", FT_UINT8, BASE_DEC, 21, 1, 0, NULL},
	{"ptp.sourceuuid", "sourceUuid", FT_ETHER, BASE_NONE, 22, 6, 0, NULL},
	{"ptp.sourceportid", "sourcePortId", FT_UINT16, BASE_DEC, 28, 2, 0, NULL},
	{"ptp.sequenceid", "sequenceId", FT_UINT16, BASE_DEC, 30, 2, 0, NULL},
	{"ptp.controlfield", "controlField", FT_UINT8, BASE_DEC, 32, 1, 0, ptp_v1_controls},
	{"ptp.flags", "flags", FT_UINT16, BASE_HEX, 34, 2, 0, NULL},
	/* version 2's header */
	{"ptp.v2.majorsdoid", "majorSdoId", FT_UINT8, BASE_HEX, 0, 1, 0xf0, ptp_v2_sdo_ids},
	{"ptp.v2.messagetype", "messageType", FT_UINT8, BASE_HEX, 0, 1, 0x0f, ptp_v2_types},
	{"ptp.v2.minorversionptp", "minorVersionPTP", FT_UINT8, BASE_DEC, 1, 1, 0xf0, NULL},
	{"ptp.v2.versionptp", "versionPTP", FT_UINT8, BASE_DEC, 1, 1, 0x0f, NULL},
	{"ptp.v2.messagelength", "messageLength", FT_UINT16, BASE_DEC, 2, 2, 0, NULL},
	{"ptp.v2.domainnumber", "domainNumber", FT_UINT8, BASE_DEC, 4, 1, 0, NULL},
	{"ptp.v2.minorsdoid", "minorSdoId", FT_UINT8, BASE_DEC, 5, 1, 0, NULL},
	{"ptp.v2.flags", "flags", FT_UINT16, BASE_HEX, 6, 2, 0, NULL},
	{"ptp.v2.flags.security", "PTP_SECURITY", FT_BOOLEAN, BASE_NONE, 6, 2, 0x8000, NULL},
	{"ptp.v2.flags.specific2", "PTP profile Specific 2", FT_BOOLEAN, BASE_NONE, 6, 2, 0x4000, NULL},
	{"ptp.v2.flags.specific1", "PTP profile Specific 1", FT_BOOLEAN, BASE_NONE, 6, 2, 0x2000, NULL},
	{"ptp.v2.flags.unicast", "PTP_UNICAST", FT_BOOLEAN, BASE_NONE, 6, 2, 0x0400, NULL},
	{"ptp.v2.flags.twostep", "PTP_TWO_STEP", FT_BOOLEAN, BASE_NONE, 6, 2, 0x0200, NULL},
	{"ptp.v2.flags.alternatemaster", "PTP_ALTERNATE_MASTER", FT_BOOLEAN, BASE_NONE, 6, 2, 0x0100, NULL},
	{"ptp.v2.flags.synchronizationUncertain", "SYNCHRONIZATION_UNCERTAIN", FT_BOOLEAN, BASE_NONE, 6, 2, 0x0040, NULL},
	{"ptp.v2.flags.frequencytraceable", "FREQUENCY_TRACEABLE", FT_BOOLEAN, BASE_NONE, 6, 2, 0x0020, NULL},
	{"ptp.v2.flags.timetraceable", "TIME_TRACEABLE", FT_BOOLEAN, BASE_NONE, 6, 2, 0x0010, NULL},
	{"ptp.v2.flags.timescale", "PTP_TIMESCALE", FT_BOOLEAN, BASE_NONE, 6, 2, 0x0008, NULL},
	{"ptp.v2.flags.utcreasonable", "PTP_UTC_REASONABLE", FT_BOOLEAN, BASE_NONE, 6, 2, 0x0004, NULL},
	{"ptp.v2.flags.li59", "PTP_LI_59", FT_BOOLEAN, BASE_NONE, 6, 2, 0x0002, NULL},
	{"ptp.v2.flags.li61", "PTP_LI_61", FT_BOOLEAN, BASE_NONE, 6, 2, 0x0001, NULL},
	{"ptp.v2.correction.ns", "correction", FT_UINT64, BASE_DEC, 8, 6, 0, NULL},
	{"ptp.v2.messagetypespecific", "messageTypeSpecific", FT_UINT32, BASE_DEC, 16, 4, 0, NULL},
	{"ptp.v2.clockidentity", "ClockIdentity", FT_UINT64, BASE_HEX, 20, 8, 0, NULL},
	{"ptp.v2.sourceportid", "SourcePortID", FT_UINT16, BASE_DEC, 28, 2, 0, NULL},
	{"ptp.v2.sequenceid", "sequenceId", FT_UINT16, BASE_DEC, 30, 2, 0, NULL},
	{"ptp.v2.controlfield", "controlField", FT_UINT8, BASE_DEC, 32, 1, 0, ptp_v2_controls},
	{"ptp.v2.logmessageperiod", "logMessagePeriod", FT_INT32, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	/* version 2's bodies (ptp_places) */
	{"ptp.v2.sdr.origintimestamp.seconds", "originTimestamp (seconds)", FT_UINT64, BASE_DEC, FIELD_VAR, 6, 0, NULL},
	{"ptp.v2.sdr.origintimestamp.nanoseconds", "originTimestamp (nanoseconds)", FT_INT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"ptp.v2.sync.reserved", "reserved", FT_BYTES, BASE_NONE, FIELD_VAR, 10, 0, NULL},
	{"ptp.v2.fu.preciseorigintimestamp.seconds", "preciseOriginTimestamp (seconds)", FT_UINT64, BASE_DEC, FIELD_VAR, 6, 0, NULL},
	{"ptp.v2.fu.preciseorigintimestamp.nanoseconds", "preciseOriginTimestamp (nanoseconds)", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"ptp.v2.dr.receivetimestamp.seconds", "receiveTimestamp (seconds)", FT_UINT64, BASE_DEC, FIELD_VAR, 6, 0, NULL},
	{"ptp.v2.dr.receivetimestamp.nanoseconds", "receiveTimestamp (nanoseconds)", FT_INT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"ptp.v2.dr.requestingsourceportidentity", "requestingSourcePortIdentity", FT_UINT64, BASE_HEX, FIELD_VAR, 8, 0, NULL},
	{"ptp.v2.dr.requestingsourceportid", "requestingSourcePortId", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"ptp.v2.pdrq.origintimestamp.seconds", "originTimestamp (seconds)", FT_UINT64, BASE_DEC, FIELD_VAR, 6, 0, NULL},
	{"ptp.v2.pdrq.origintimestamp.nanoseconds", "originTimestamp (nanoseconds)", FT_INT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"ptp.v2.pdrs.requestreceipttimestamp.seconds", "requestreceiptTimestamp (seconds)", FT_UINT64, BASE_DEC, FIELD_VAR, 6, 0, NULL},
	{"ptp.v2.pdrs.requestreceipttimestamp.nanoseconds", "requestreceiptTimestamp (nanoseconds)", FT_INT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"ptp.v2.pdrs.requestingportidentity", "requestingSourcePortIdentity", FT_UINT64, BASE_HEX, FIELD_VAR, 8, 0, NULL},
	{"ptp.v2.pdrs.requestingsourceportid", "requestingSourcePortId", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"ptp.v2.pdfu.responseorigintimestamp.seconds", "responseOriginTimestamp (seconds)", FT_UINT64, BASE_DEC, FIELD_VAR, 6, 0, NULL},
	{"ptp.v2.pdfu.responseorigintimestamp.nanoseconds", "responseOriginTimestamp (nanoseconds)", FT_INT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"ptp.v2.pdfu.requestingportidentity", "requestingSourcePortIdentity", FT_UINT64, BASE_HEX, FIELD_VAR, 8, 0, NULL},
	{"ptp.v2.pdfu.requestingsourceportid", "requestingSourcePortId", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"ptp.v2.an.origintimestamp.seconds", "originTimestamp (seconds)", FT_UINT64, BASE_DEC, FIELD_VAR, 6, 0, NULL},
	{"ptp.v2.an.origintimestamp.nanoseconds", "originTimestamp (nanoseconds)", FT_INT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"ptp.v2.an.origincurrentutcoffset", "originCurrentUTCOffset", FT_INT32, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"ptp.v2.an.priority1", "priority1", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"ptp.v2.an.grandmasterclockclass", "grandmasterClockClass", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"ptp.v2.an.grandmasterclockaccuracy", "grandmasterClockAccuracy", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, NULL},
	{"ptp.v2.an.grandmasterclockvariance", "grandmasterClockVariance", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"ptp.v2.an.priority2", "priority2", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"ptp.v2.an.grandmasterclockidentity", "grandmasterClockIdentity", FT_UINT64, BASE_HEX, FIELD_VAR, 8, 0, NULL},
	{"ptp.v2.an.localstepsremoved", "localStepsRemoved", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"ptp.v2.timesource", "TimeSource", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, NULL},
	{"ptp.v2.sig.targetportidentity", "targetPortIdentity", FT_UINT64, BASE_HEX, FIELD_VAR, 8, 0, NULL},
	{"ptp.v2.sig.targetportid", "targetPortId", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"ptp.v2.mm.targetportidentity", "targetPortIdentity", FT_UINT64, BASE_HEX, FIELD_VAR, 8, 0, NULL},
	{"ptp.v2.mm.targetportid", "targetPortId", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"ptp.v2.mm.startingboundaryhops", "startingBoundaryHops", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"ptp.v2.mm.boundaryhops", "boundaryHops", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"ptp.v2.mm.action", "action", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0x0f, ptp_v2_mgmt_actions},
	{"ptp.v2.mm.tlvType", "tlvType", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"ptp.v2.mm.lengthField", "lengthField", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"ptp.v2.mm.managementId", "managementId", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"ptp.v2.mm.managementErrorId", "managementErrorId", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, ptp_v2_mgmt_errors},
	/* TLVs after an Announce or a Signaling message */
	{"ptp.v2.an.tlvType", "tlvType", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"ptp.v2.an.lengthField", "lengthField", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"ptp.v2.sig.tlv.tlvType", "tlvType", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"ptp.v2.sig.tlv.lengthField", "lengthField", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
};
FIELD_TABLE_DEFINE(ptp);

/* Where a version 2 message's body fields lie: the field, the message
 * types that have it (a bit per type), its offset and size; a signed one
 * is given as such. */
struct ptp_place {
	const char *abbrev;
	uint16_t types;
	uint8_t off, size;
	bool sign;
};
#define T(x) (1u << (x))
static const struct ptp_place ptp_places[] = {
	{"ptp.v2.sdr.origintimestamp.seconds", T(PTP_SYNC) | T(PTP_DELAY_REQ), 34, 6, false},
	{"ptp.v2.sdr.origintimestamp.nanoseconds", T(PTP_SYNC) | T(PTP_DELAY_REQ), 40, 4, true},
	{"ptp.v2.fu.preciseorigintimestamp.seconds", T(PTP_FOLLOW_UP), 34, 6, false},
	{"ptp.v2.fu.preciseorigintimestamp.nanoseconds", T(PTP_FOLLOW_UP), 40, 4, false},
	{"ptp.v2.dr.receivetimestamp.seconds", T(PTP_DELAY_RESP), 34, 6, false},
	{"ptp.v2.dr.receivetimestamp.nanoseconds", T(PTP_DELAY_RESP), 40, 4, true},
	{"ptp.v2.dr.requestingsourceportidentity", T(PTP_DELAY_RESP), 44, 8, false},
	{"ptp.v2.dr.requestingsourceportid", T(PTP_DELAY_RESP), 52, 2, false},
	{"ptp.v2.pdrq.origintimestamp.seconds", T(PTP_PDELAY_REQ), 34, 6, false},
	{"ptp.v2.pdrq.origintimestamp.nanoseconds", T(PTP_PDELAY_REQ), 40, 4, true},
	{"ptp.v2.pdrs.requestreceipttimestamp.seconds", T(PTP_PDELAY_RESP), 34, 6, false},
	{"ptp.v2.pdrs.requestreceipttimestamp.nanoseconds", T(PTP_PDELAY_RESP), 40, 4, true},
	{"ptp.v2.pdrs.requestingportidentity", T(PTP_PDELAY_RESP), 44, 8, false},
	{"ptp.v2.pdrs.requestingsourceportid", T(PTP_PDELAY_RESP), 52, 2, false},
	{"ptp.v2.pdfu.responseorigintimestamp.seconds", T(PTP_PDELAY_RESP_FU), 34, 6, false},
	{"ptp.v2.pdfu.responseorigintimestamp.nanoseconds", T(PTP_PDELAY_RESP_FU), 40, 4, true},
	{"ptp.v2.pdfu.requestingportidentity", T(PTP_PDELAY_RESP_FU), 44, 8, false},
	{"ptp.v2.pdfu.requestingsourceportid", T(PTP_PDELAY_RESP_FU), 52, 2, false},
	{"ptp.v2.an.origintimestamp.seconds", T(PTP_ANNOUNCE), 34, 6, false},
	{"ptp.v2.an.origintimestamp.nanoseconds", T(PTP_ANNOUNCE), 40, 4, true},
	{"ptp.v2.an.origincurrentutcoffset", T(PTP_ANNOUNCE), 44, 2, true},
	{"ptp.v2.an.priority1", T(PTP_ANNOUNCE), 47, 1, false},
	{"ptp.v2.an.grandmasterclockclass", T(PTP_ANNOUNCE), 48, 1, false},
	{"ptp.v2.an.grandmasterclockaccuracy", T(PTP_ANNOUNCE), 49, 1, false},
	{"ptp.v2.an.grandmasterclockvariance", T(PTP_ANNOUNCE), 50, 2, false},
	{"ptp.v2.an.priority2", T(PTP_ANNOUNCE), 52, 1, false},
	{"ptp.v2.an.grandmasterclockidentity", T(PTP_ANNOUNCE), 53, 8, false},
	{"ptp.v2.an.localstepsremoved", T(PTP_ANNOUNCE), 61, 2, false},
	{"ptp.v2.timesource", T(PTP_ANNOUNCE), 63, 1, false},
	{"ptp.v2.sig.targetportidentity", T(PTP_SIGNALING), 34, 8, false},
	{"ptp.v2.sig.targetportid", T(PTP_SIGNALING), 42, 2, false},
	{"ptp.v2.mm.targetportidentity", T(PTP_MANAGEMENT), 34, 8, false},
	{"ptp.v2.mm.targetportid", T(PTP_MANAGEMENT), 42, 2, false},
	{"ptp.v2.mm.startingboundaryhops", T(PTP_MANAGEMENT), 44, 1, false},
	{"ptp.v2.mm.boundaryhops", T(PTP_MANAGEMENT), 45, 1, false},
	{"ptp.v2.mm.tlvType", T(PTP_MANAGEMENT), 48, 2, false},
	{"ptp.v2.mm.lengthField", T(PTP_MANAGEMENT), 50, 2, false},
};
#undef T

/* Version 2: the low nibble of byte 1 (Ethernet carries no other). */
static bool ptp_is_v2(const uint8_t *d, uint32_t n)
{
	return n >= 2 && (d[1] & 0x0f) == 2;
}

/* Whether layer L is over UDP (else over Ethernet). */
static bool ptp_over_udp(const struct packet *p, const struct layer *l)
{
	int i = (int)(l - p->layers);
	return i > 0 && p->layers[i - 1].proto == PROTO_UDP;
}

/* Whether a version 2 message is 802.1AS's: a majorSdoId of 1 over Ethernet. */
static bool ptp_is_gptp(const struct packet *p, const struct layer *l, const uint8_t *d)
{
	return (d[0] & 0x10) && !ptp_over_udp(p, l);
}

/* The bytes Wireshark reads of version 2 message D of N bytes (N >= 34):
 * its header, its body, and each TLV its length walks over. */
static uint32_t ptp_v2_need(const uint8_t *d, uint32_t n, bool gptp)
{
	switch (d[0] & 0x0f) {
	case PTP_SYNC: case PTP_DELAY_REQ:
		return PTP_HDR + PTP_TS;
	case PTP_FOLLOW_UP:
		return PTP_HDR + PTP_TS + (gptp ? 32 : 0);
	case PTP_PDELAY_REQ: case PTP_PDELAY_RESP: case PTP_DELAY_RESP: case PTP_PDELAY_RESP_FU:
		return PTP_HDR + PTP_TS + PTP_PORT;
	case PTP_MANAGEMENT: {
		uint32_t at = PTP_HDR + PTP_PORT + 4;
		/* its one TLV: the management id, or the error id and the id */
		if (n < at + 2)
			return at + 4;
		return at + 4 + (fv_get16(d + at, true) == 2 ? 8 : 2);
	}
	case PTP_ANNOUNCE: case PTP_SIGNALING: {
		uint32_t at = PTP_HDR + ((d[0] & 0x0f) == PTP_ANNOUNCE ? 30 : PTP_PORT);
		if (gptp && (d[0] & 0x0f) == PTP_SIGNALING && at >= n)
			return at + 4;
		while (at < n) {
			if (n - at < 4)
				return at + 4;
			uint32_t len = fv_get16(d + at + 2, true);
			/* an organization extension's id and subtype are read
			 * whatever its length says */
			if (fv_get16(d + at, true) == PTP_TLV_ORG_EXT && len < 6)
				return at + 4 + 6;
			at += 4 + len;
		}
		return at;
	}
	default:
		return PTP_HDR;
	}
}

/* Bytes of the message: at most its messageLength. */
static void dissect_ptp_v2(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_PTP, c->off);
	if (idx < 0)
		return;
	uint32_t avail = cursor_rleft(c);
	if (avail < PTP_SEEN || ((cursor_peek(c, 0) & 0x0f) == PTP_MANAGEMENT && avail < 54)) {
		/* it stops before its own line; a lone byte before it names itself */
		p->layers[idx].flags |= PKT_NESTED | PKT_NO_ITEM | (avail >= 2 ? PKT_NAMES_PROTO : 0);
		p->layers[idx].len = cursor_left(c);
		cursor_skip(c, avail < PTP_SEEN ? PTP_SEEN : 54);
		pkt_note_cursor(p, idx, c);
		return;
	}
	uint32_t len = (uint32_t)cursor_peek(c, 2) << 8 | (uint32_t)cursor_peek(c, 3);
	if (len < avail)
		cursor_limit(c, len);
	uint32_t n = cursor_left(c);
	const uint8_t *d = cursor_peek_all(c, n);
	uint32_t need = PTP_HDR;
	if (d && n >= PTP_HDR)
		need = ptp_v2_need(d, cursor_rleft(c), ptp_is_gptp(p, &p->layers[idx], d));
	p->layers[idx].len = n;
	cursor_skip(c, need);
	pkt_note_cursor(p, idx, c);
	cursor_skip(c, cursor_left(c));
}

/* Where a version 1 management message's parameters end, by its key:
 * Wireshark reads each data set whole whatever parameterLength says. */
static uint32_t ptp_v1_mgmt_need(unsigned key)
{
	static const uint8_t ends[] = {
		[2] = 124, [3] = 64, [4] = 76, [8] = 136, [9] = 96, [11] = 80, [13] = 148,
		[15] = 114, [17] = 84, [18] = 76, [20] = 64, [21] = 88, [22] = 64,
	};
	return key < G_N_ELEMENTS(ends) && ends[key] ? ends[key] : 60;
}

static void dissect_ptp_v1(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_PTP, c->off);
	if (idx < 0)
		return;
	p->layers[idx].len = cursor_left(c);
	uint32_t need = PTP_V1_HDR;
	if (cursor_left(c) > 55 && cursor_peek(c, 32) == PTP_V1_MANAGEMENT)
		need = ptp_v1_mgmt_need((unsigned)cursor_peek(c, 55));
	else if (cursor_left(c) > 32 && cursor_peek(c, 32) == PTP_V1_MANAGEMENT)
		need = 60;
	cursor_skip(c, need);
	pkt_note_cursor(p, idx, c);
	cursor_skip(c, cursor_left(c));
}

/* UDP: the version tells; a byte alone is read as version 2 and fails. */
static void dissect_ptp_udp(struct packet *p, struct cursor *c)
{
	uint32_t n = cursor_left(c);
	const uint8_t *d = cursor_peek_all(c, n < 2 ? n : 2);
	if (n >= 2 && !ptp_is_v2(d, n) && fv_get16(d, true) == 1)
		dissect_ptp_v1(p, c);
	else if (n < 2 || ptp_is_v2(d, n))
		dissect_ptp_v2(p, c);
	else
		p->flags |= PKT_TAKEN; /* Wireshark's port dissector keeps them, showing nothing */
}

/* Whether layer L is version 1: over UDP, a 16-bit version of 1 where
 * version 2 has its nibble. */
static bool ptp_layer_v1(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n)
{
	return n >= 2 && !ptp_is_v2(d, n) && ptp_over_udp(p, l);
}

/* A version 2 management message whose id (or error id) is not there:
 * Wireshark reads it for the Info before any field, and fails. */
static bool ptp_mgmt_unread(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n)
{
	return n < 54 && (d[0] & 0x0f) == PTP_MANAGEMENT && !ptp_layer_v1(p, l, d, n);
}

/* Fields appear with 8 bytes, inside the messageLength; each version's
 * only in its own messages. */
static bool ptp_absent(const struct packet *p, const struct layer *l, const struct field_def *f)
{
	uint32_t n;
	const uint8_t *d = col_layer_given(p, (int)(l - p->layers), &n);
	if (!d || n < PTP_SEEN || (f->offset != FIELD_VAR && f->offset + f->size > n))
		return true;
	if (ptp_mgmt_unread(p, l, d, n))
		return true;
	return ptp_layer_v1(p, l, d, n) != !g_str_has_prefix(f->abbrev, "ptp.v2.");
}

static void ptp_give_at(const uint8_t *b, unsigned size, bool sign, fvalue_fn fn, void *data)
{
	uint64_t u = 0;
	for (unsigned i = 0; i < size; i++)
		u = u << 8 | b[i];
	if (!sign) {
		fv_give_uint(fn, data, u);
		return;
	}
	int64_t v = size == 1 ? (int8_t)u : size == 2 ? (int16_t)u : (int32_t)u;
	struct fvalue fv = {.kind = FV_INT, .i = v};
	fn(&fv, data);
}

/* The TLVs after an Announce or a Signaling message's body: each one's
 * type and length. */
static void ptp_tlvs(const uint8_t *d, uint32_t n, uint32_t at, const struct field_def *f, fvalue_fn fn, void *data)
{
	bool an = (d[0] & 0x0f) == PTP_ANNOUNCE;
	const char *type = an ? "ptp.v2.an.tlvType" : "ptp.v2.sig.tlv.tlvType";
	const char *len = an ? "ptp.v2.an.lengthField" : "ptp.v2.sig.tlv.lengthField";
	bool want_type = fv_same(f->abbrev, type);
	if (!want_type && !fv_same(f->abbrev, len))
		return;
	while (at + 4 <= n) {
		ptp_give_at(d + at + (want_type ? 0 : 2), 2, false, fn, data);
		at += 4 + fv_get16(d + at + 2, true);
	}
}

static void ptp_v2_values(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
			  const struct field_def *f, fvalue_fn fn, void *data)
{
	unsigned type = d[0] & 0x0f;
	if (fv_same(f->abbrev, "ptp.v2.logmessageperiod")) {
		if (n > 33)
			ptp_give_at(d + 33, 1, true, fn, data);
		return;
	}
	bool gptp = ptp_is_gptp(p, l, d);
	if (type == PTP_SYNC && gptp) {
		if (fv_same(f->abbrev, "ptp.v2.sync.reserved") && n >= PTP_HDR + PTP_TS)
			fv_give_ptr(fn, data, FV_BYTES, d + PTP_HDR, PTP_TS);
		return;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(ptp_places); i++) {
		const struct ptp_place *pl = &ptp_places[i];
		if ((pl->types & (1u << type)) && fv_same(f->abbrev, pl->abbrev)) {
			if (pl->off + pl->size <= n)
				ptp_give_at(d + pl->off, pl->size, pl->sign, fn, data);
			return;
		}
	}
	if (type == PTP_MANAGEMENT && n >= 52) {
		if (fv_same(f->abbrev, "ptp.v2.mm.action"))
			fv_give_uint(fn, data, d[46] & 0x0f);
		bool error = fv_get16(d + 48, true) == 2;
		if (fv_same(f->abbrev, "ptp.v2.mm.managementId") && n >= (error ? 56u : 54u))
			fv_give_uint(fn, data, fv_get16(d + (error ? 54 : 52), true));
		if (error && fv_same(f->abbrev, "ptp.v2.mm.managementErrorId") && n >= 54)
			fv_give_uint(fn, data, fv_get16(d + 52, true));
	}
	if (type == PTP_ANNOUNCE && n > 64)
		ptp_tlvs(d, n, 64, f, fn, data);
	if (type == PTP_SIGNALING && n > PTP_HDR + PTP_PORT)
		ptp_tlvs(d, n, PTP_HDR + PTP_PORT, f, fn, data);
}

static void ptp_values(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
		       const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d || n < PTP_SEEN || ptp_mgmt_unread(p, l, d, n))
		return;
	if (!ptp_layer_v1(p, l, d, n)) {
		if (g_str_has_prefix(f->abbrev, "ptp.v2."))
			ptp_v2_values(p, l, d, n, f, fn, data);
	} else if (fv_same(f->abbrev, "ptp.subdomain") && n >= 20) {
		uint32_t k = 0;
		while (k < 16 && d[4 + k])
			k++;
		fv_give_ptr(fn, data, FV_STRING, d + 4, k);
	}
}

/* Version 2's management Info: the id and the action, or the error. */
static void ptp_mgmt_info(struct columns *c, const uint8_t *d, uint32_t n)
{
	if (n < 54)
		return;
	if (fv_get16(d + 48, true) == 2) {
		const char *e = value_name(ptp_v2_mgmt_errors, fv_get16(d + 52, true));
		if (e)
			col_set(c, "Management Error Message (%s)", e);
		else
			col_set(c, "Management Error Message (Unknown Error Id %u)", fv_get16(d + 52, true));
		return;
	}
	unsigned id = fv_get16(d + 52, true), action = d[46] & 0x0f;
	const char *name = value_name(ptp_v2_mgmt_ids, id);
	const char *act = value_name(ptp_v2_mgmt_actions, action);
	char idbuf[40], actbuf[24];
	if (!name)
		g_snprintf(idbuf, sizeof idbuf, "Unknown management Id %u", id), name = idbuf;
	if (!act)
		g_snprintf(actbuf, sizeof actbuf, "Unknown Action %u", action), act = actbuf;
	col_set(c, "Management (%s) %s", name, act);
}

/* "PTPv2" / "PTPv1" and the message's name; with fewer than 8 bytes the
 * Info stays the layer below's (a lone byte: the Protocol column too). */
static void ptp_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_given(p, idx, &n);
	if (!d || n < 2)
		return;
	bool v1 = ptp_layer_v1(p, &p->layers[idx], d, n);
	col_proto(c, v1 ? "PTPv1" : "PTPv2");
	if (n < PTP_SEEN)
		return;
	if (v1) {
		if (n <= 32)
			return;
		if (d[32] == PTP_V1_MANAGEMENT && n > 55) {
			if (d[55] < G_N_ELEMENTS(ptp_v1_keys))
				col_set(c, "Management Message (%s)", ptp_v1_keys[d[55]]);
			else
				col_set(c, "Management Message (Unknown message key %u)", d[55]);
		} else
			col_set_value(c, ptp_v1_controls, d[32], "Unknown Message");
		return;
	}
	unsigned type = d[0] & 0x0f;
	if (type == PTP_MANAGEMENT)
		ptp_mgmt_info(c, d, n);
	else
		col_set_value(c, ptp_v2_types, type, "Unknown PTP Message (%u)");
}

/* A messageLength past the frame's end. */
static void ptp_expert(struct experts *e, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_given(p, idx, &n);
	if (!d || n < PTP_SEEN || ptp_layer_v1(p, &p->layers[idx], d, n))
		return;
	uint32_t reported = n + (p->frame->len - p->frame->caplen);
	if (fv_get16(d + 2, true) > reported)
		expert_add_at(e, "ptp.v2.messagelength", EXPERT_ERROR, EXPERT_MALFORMED, "PTP",
			      "Message length goes past the end of the packet");
}

/* Wireshark's registration: the Ethernet type and UDP ports 319 and 320. */
static const struct handoff ptp_handoff[] = {
	ETHERTYPE(0x88f7, dissect_ptp_v2),
	UDP_PORTS(319, 320, dissect_ptp_udp),
	HANDOFF_LIST_END,
};

PROTOCOL_ID(PTP, "ptp", "Precision Time Protocol (IEEE1588)");
const struct protocol proto_ptp = {PROTO_PTP, .short_name = "PTP", .fields = &ptp_table, .columns = ptp_columns,
				   .expert = ptp_expert, .values = ptp_values, .absent = ptp_absent,
				   .handoff = ptp_handoff};
