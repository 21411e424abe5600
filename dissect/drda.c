/* drda.c — IBM's Distributed Relational Database Architecture (The Open
 * Group's DRDA, DDM), over TCP on any port (DB2's 446 included) as
 * Wireshark 4.0 finds it: each DSS a 6-byte header, then a DDM object with
 * its own length and code point, then parameters.
 *
 *   +-----------+---------+-----------+--------------+------------+---------------+------------+
 *   | length(2) | magic(1)| format(1) | correlation  | length2(2) | code point(2) | parameters |
 *   | of DSS    | 0xd0    |           | id(2)        | = length-6 |               | ...        |
 *   +-----------+---------+-----------+--------------+------------+---------------+------------+
 *
 * Its heuristic: ten bytes or more, the magic, and the outer length 6 more
 * than the inner; the connection is DRDA from then on, both ways, each DSS
 * framed by its first length (one under 10 malformed in TCP, after DRDA
 * named itself and cleared Info).  Info is the
 * segment's code points joined by " | ".
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

enum { DRDA_HEADER = 10, DRDA_MAGIC = 0xd0 };

/* The code points' abbreviations. */
static const struct value_string drda_codepoints[] = {
	{0x0000, "DATA"}, {0x000c, "CODPNT"}, {0x0010, "FDODSC"}, {0x002f, "TYPDEFNAM"}, {0x0035, "TYPDEFOVR"},
	{0x0064, "CODPNTDR"}, {0x1041, "EXCSAT"}, {0x1055, "SYNCCTL"}, {0x1069, "SYNCRSY"}, {0x106d, "ACCSEC"},
	{0x106e, "SECCHK"}, {0x106f, "SYNCLOG"}, {0x111f, "RSCTYP"}, {0x1127, "RSNCOD"}, {0x112d, "RSCNAM"},
	{0x112e, "PRDID"}, {0x113f, "PRCCNVCD"}, {0x1144, "VRSNAM"}, {0x1147, "SRVCLSNM"}, {0x1149, "SVRCOD"},
	{0x114a, "SYNERRCD"}, {0x1153, "SRVDGN"}, {0x115a, "SRVRLSLV"}, {0x115d, "SPVNAM"}, {0x115e, "EXTNAM"},
	{0x116d, "SRVNAM"}, {0x1196, "SECMGRNM"}, {0x119b, "DEPERRCD"}, {0x119c, "CCSIDSBC"}, {0x119d, "CCSIDDBC"},
	{0x119e, "CCSIDMBC"}, {0x11a0, "USRID"}, {0x11a1, "PASSWORD"}, {0x11a2, "SECMEC"}, {0x11a4, "SECCHKCD"},
	{0x11b4, "SVCERRNO"}, {0x11dc, "SECTKN"}, {0x11de, "NEWPASSWORD"}, {0x1210, "MGRLVLRM"}, {0x1218,
	"MGRDEPRM"}, {0x1219, "SECCHKRM"}, {0x121c, "CMDATHRM"}, {0x1232, "AGNPRMRM"}, {0x1233, "RSCLMTRM"},
	{0x1245, "PRCCNVRM"}, {0x124b, "CMDCMPRM"}, {0x124c, "SYNTAXRM"}, {0x1250, "CMDNSPRM"}, {0x1251,
	"PRMNSPRM"}, {0x1252, "VALNSPRM"}, {0x1253, "OBJNSPRM"}, {0x1254, "CMDCHKRM"}, {0x125f, "TRGNSPRM"},
	{0x1403, "AGENT"}, {0x1404, "MGRLVLLS"}, {0x143c, "SUPERVISOR"}, {0x1440, "SECMGR"}, {0x1443, "EXCSATRD"},
	{0x1444, "CMNAPPC"}, {0x1458, "DICTIONARY"}, {0x1473, "MGRLVLN"}, {0x1474, "CMNTCPIP"}, {0x147a, "FDODTA"},
	{0x147c, "CMNSYNCPT"}, {0x14ac, "ACCSECRD"}, {0x14c0, "SYNCPTMGR"}, {0x14c1, "RSYNCMGR"}, {0x14cc,
	"CCSIDMGR"}, {0x1900, "MONITOR"}, {0x1c00, "MONITORRD"}, {0x1c01, "XAMGR"}, {0x2001, "ACCRDB"}, {0x2002,
	"BGNBND"}, {0x2004, "BNDSQLSTT"}, {0x2005, "CLSQRY"}, {0x2006, "CNTQRY"}, {0x2007, "DRPPKG"}, {0x2008,
	"DSCSQLSTT"}, {0x2009, "ENDBND"}, {0x200a, "EXCSQLIMM"}, {0x200b, "EXCSQLSTT"}, {0x200c, "OPNQRY"}, {0x200d,
	"PRPSQLSTT"}, {0x200e, "RDBCMM"}, {0x200f, "RDBRLLBCK"}, {0x2010, "REBIND"}, {0x2012, "DSCRDBTBL"}, {0x2014,
	"EXCSQLSET"}, {0x2101, "DSCERRCD"}, {0x2102, "QRYPRCTYP"}, {0x2103, "RDBINTTKN"}, {0x2104, "PRDDTA"},
	{0x2105, "RDBCMTOK"}, {0x2108, "RDBCOLID"}, {0x2109, "PKGID"}, {0x210d, "PKGCNSTKN"}, {0x210e, "RTNSETSTT"},
	{0x210f, "RDBACCCL"}, {0x2110, "RDBNAM"}, {0x2111, "OUTEXP"}, {0x2112, "PKGNAMCT"}, {0x2113, "PKGNAMCSN"},
	{0x2114, "QRYBLKSZ"}, {0x2115, "UOWDSP"}, {0x2116, "RTNSQLDA"}, {0x211a, "RDBALWUPD"}, {0x211f,
	"SQLCSRHLD"}, {0x2120, "STTSTRDEL"}, {0x2121, "STTDECDEL"}, {0x2125, "PKGDFTCST"}, {0x2132, "QRYBLKCTL"},
	{0x2135, "CRRTKN"}, {0x2138, "PRCNAM"}, {0x2139, "PKGSNLST"}, {0x213a, "NBRROW"}, {0x213b, "TRGDFTRT"},
	{0x213c, "QRYRELSCR"}, {0x213d, "QRYROWNBR"}, {0x213e, "QRYRFRTBL"}, {0x2140, "MAXRSLCNT"}, {0x2141,
	"MAXBLKEXT"}, {0x2142, "RSLSETFLG"}, {0x2146, "TYPSQLDA"}, {0x2147, "OUTOVROPT"}, {0x2148, "RTNEXTDTA"},
	{0x2149, "QRYATTSCR"}, {0x2150, "QRYATTUPD"}, {0x2152, "QRYSCRORN"}, {0x2153, "QRYROWSNS"}, {0x2154,
	"QRYBLKRST"}, {0x2155, "QRYRTNDTA"}, {0x2156, "QRYROWSET"}, {0x2157, "QRYATTSNS"}, {0x215b, "QRYINSID"},
	{0x215d, "QRYCLSIMP"}, {0x215e, "QRYCLSRLS"}, {0x215f, "QRYOPTVAL"}, {0x2160, "DIAGLVL"}, {0x2201,
	"ACCRDBRM"}, {0x2202, "QRYNOPRM"}, {0x2204, "RDBNACRM"}, {0x2205, "OPNQRYRM"}, {0x2206, "PKGBNARM"},
	{0x2207, "RDBACCRM"}, {0x2208, "BGNBNDRM"}, {0x2209, "PKGBPARM"}, {0x220a, "DSCINVRM"}, {0x220b,
	"ENDQRYRM"}, {0x220c, "ENDUOWRM"}, {0x220d, "ABNUOWRM"}, {0x220e, "DTAMCHRM"}, {0x220f, "QRYPOPRM"},
	{0x2211, "RDBNFNRM"}, {0x2212, "OPNQFLRM"}, {0x2213, "SQLERRRM"}, {0x2218, "RDBUPDRM"}, {0x2219,
	"RSLSETRM"}, {0x221a, "RDBAFLRM"}, {0x221d, "CMDVLTRM"}, {0x2225, "CMMRQSRM"}, {0x22cb, "RDBATHRM"},
	{0x2407, "SQLAM"}, {0x2408, "SQLCARD"}, {0x240b, "SQLCINRD"}, {0x240e, "SQLRSLRD"}, {0x240f, "RDB"},
	{0x2410, "FRCFIXROW"}, {0x2411, "SQLDARD"}, {0x2412, "SQLDTA"}, {0x2413, "SQLDTARD"}, {0x2414, "SQLSTT"},
	{0x2415, "OUTOVR"}, {0x2417, "LMTBLKPRC"}, {0x2418, "FIXROWPRC"}, {0x2419, "SQLSTTVRB"}, {0x241a, "QRYDSC"},
	{0x241b, "QRYDTA"}, {0x2450, "SQLATTR"}, {0, NULL},
};

static const struct value_string drda_dss_types[] = {
	{1, "RQSDSS"}, {2, "RPYDSS"}, {3, "OBJDSS"}, {4, "CMNDSS"}, {5, "NORPYDSS"}, {0, NULL},
};

static const struct field_def drda_fields[] = {
	{"drda.ddm.length", "Length", FT_UINT16, BASE_DEC, 0, 2, 0, NULL},
	{"drda.ddm.ddmid", "Magic", FT_UINT8, BASE_HEX, 2, 1, 0, NULL},
	{"drda.ddm.format", "Format", FT_UINT8, BASE_HEX, 3, 1, 0, NULL},
	{"drda.ddm.fmt.dsstyp", "DSS type", FT_UINT8, BASE_DEC, 3, 1, 0x0f, drda_dss_types},
	{"drda.ddm.rqscrr", "CorrelId", FT_UINT16, BASE_DEC, 4, 2, 0, NULL},
	{"drda.ddm.length2", "Length2", FT_UINT16, BASE_DEC, 6, 2, 0, NULL},
	{"drda.ddm.codepoint", "Code point", FT_UINT16, BASE_HEX, 8, 2, 0, drda_codepoints},
};
FIELD_TABLE_DEFINE(drda);

static uint32_t drda_pdu_len(const uint8_t *d, uint32_t avail)
{
	if (avail < DRDA_HEADER)
		return PDU_NEED_MORE;
	uint32_t len = fv_get16(d, true);
	return len < DRDA_HEADER ? 0 : len;
}

/* A DSS (its parameters not read); a length under the header's is the
 * framing's error, TCP's. */
static void dissect_drda(struct packet *p, struct cursor *c)
{
	/* DRDA named itself and cleared Info before: they stay */
	tcp_pdu_message(p, PROTO_DRDA, c, drda_pdu_len, DRDA_HEADER, DRDA_HEADER, PKT_NAMES_PROTO);
}

/* Wireshark's heuristic: the magic, and the two lengths 6 apart. */
static void dissect_drda_heur(struct packet *p, struct cursor *c)
{
	const uint8_t *d = c->data + c->off;
	if (cursor_left(c) >= DRDA_HEADER && d[2] == DRDA_MAGIC &&
	    (int)fv_get16(d, true) - (int)fv_get16(d + 6, true) == 6)
		dissect_drda(p, c);
}

/* The segment's first DSS clears Info, each adds its code point, fenced. */
static void drda_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_proto(c, "DRDA");
	if (!col_follows_same(p, idx))
		col_clear(c);
	if (n < DRDA_HEADER || (p->layers[idx].flags & PKT_NO_ITEM))
		return;
	uint32_t cp = fv_get16(d + 8, true);
	const char *name = value_name(drda_codepoints, cp);
	if (name)
		col_append_sep(c, " | ", "%s", name);
	else
		col_append_sep(c, " | ", "Unknown (0x%02x)", cp);
	col_fence(c);
}

/* Wireshark's registration: the heuristic only; a connection it claims
 * stays DRDA, each DSS framed by its length. */
static const struct handoff drda_handoff[] = {
	TCP_HEUR(35, dissect_drda_heur),
	HANDOFF_LIST_END,
};
static const struct pdu_framing drda_framing[] = {
	{dissect_drda, drda_pdu_len, NULL, false, NULL, false},
	{dissect_drda_heur, drda_pdu_len, dissect_drda, false, NULL, false},
	{NULL, NULL, NULL, false, NULL, false},
};
PROTOCOL_ID(DRDA, "drda", "DRDA");
const struct protocol proto_drda = {PROTO_DRDA, .short_name = "DRDA", .fields = &drda_table, .columns = drda_columns,
				    .partial = col_partial_clear, .handoff = drda_handoff, .framing = drda_framing};
