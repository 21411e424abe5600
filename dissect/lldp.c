/* lldp.c — Link Layer Discovery Protocol (IEEE 802.1AB), ethertype 0x88cc:
 * a list of TLVs, the first three the chassis id, the port id and the time
 * to live, then optional ones up to an End of LLDPDU TLV (type 0).
 *
 *   0               1               2
 *   +-------------+---------------+--------------------------+
 *   | type (7 bits) | length (9 bits) | value (length bytes)   |   ...
 *   +-------------+---------------+--------------------------+
 *   chassis id / port id value: | subtype(1) | id (length-1) |
 *   time to live value:         | seconds(2) |
 */
#include <arpa/inet.h>
#include <string.h>

#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/expert.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

enum {
	LLDP_END = 0,
	LLDP_CHASSIS = 1,
	LLDP_PORT = 2,
	LLDP_TTL = 3,
	LLDP_PORT_DESC = 4,
	LLDP_SYS_NAME = 5,
	LLDP_SYS_DESC = 6,
	LLDP_ORG = 127,
};

static const struct field_def lldp_fields[] = {
	{"lldp.tlv.type", "TLV Type", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"lldp.tlv.len", "TLV Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"lldp.chassis.subtype", "Chassis Id Subtype", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"lldp.chassis.id", "Chassis Id", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"lldp.chassis.id.mac", "Chassis Id", FT_ETHER, BASE_NONE, FIELD_VAR, 6, 0, NULL},
	{"lldp.chassis.id.ip4", "Chassis Id", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"lldp.chassis.id.ip6", "Chassis Id", FT_IPV6, BASE_NONE, FIELD_VAR, 16, 0, NULL},
	{"lldp.port.subtype", "Port Id Subtype", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"lldp.port.id", "Port Id", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"lldp.port.id.mac", "Port Id", FT_ETHER, BASE_NONE, FIELD_VAR, 6, 0, NULL},
	{"lldp.port.id.ip4", "Port Id", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"lldp.port.id.ip6", "Port Id", FT_IPV6, BASE_NONE, FIELD_VAR, 16, 0, NULL},
	{"lldp.time_to_live", "Seconds", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"lldp.port.desc", "Port Description", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"lldp.tlv.system.name", "System Name", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"lldp.tlv.system.desc", "System Description", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(lldp);

/* How reading an LLDPDU ends. */
enum lldp_end {
	LLDP_DONE,        /* an End TLV, or no bytes left after a whole TLV */
	LLDP_RAN_OUT,     /* a TLV past the bytes: an exception */
	LLDP_BAD_VALUE,   /* a TLV's value shorter than what is read from it: malformed */
	LLDP_INVALID,     /* a mandatory TLV missing or wrong: Info says which */
	LLDP_DUPLICATE,   /* a mandatory TLV repeated: Info says which */
};

/* One TLV: its type, its value's length and place. */
struct lldp_tlv {
	uint32_t type, len, at; /* at: the value's offset */
};

/* What reading an LLDPDU found: how it ended, where (the bytes needed, for
 * LLDP_RAN_OUT), the TLVs read whole and the reason of an invalid one. */
struct lldp_read {
	enum lldp_end end;
	uint32_t need;
	uint32_t ntlv;
	struct lldp_tlv tlv[64];
	char why[96];          /* an invalid chassis or port id: the expert text */
	const char *info;      /* LLDP_INVALID / LLDP_DUPLICATE: the Info */
	bool bad;              /* the last TLV is the invalid chassis or port id */
};

/* The id subtypes with a fixed length: a MAC address (7 with the subtype)
 * and a network address of family 1 (IPv4, 6) or 2 (IPv6, 18); 0 for any. */
static uint32_t lldp_id_len(const uint8_t *v, uint32_t len, uint32_t mac_subtype, const char **what)
{
	if (v[0] == mac_subtype) {
		*what = "MAC address";
		return 7;
	}
	if (v[0] == mac_subtype + 1 && len >= 2 && (v[1] == 1 || v[1] == 2)) {
		*what = v[1] == 1 ? "Network address, IPv4" : "Network address, IPv6";
		return v[1] == 1 ? 6 : 18;
	}
	return 0;
}

/* Checks a chassis id (NAME "Chassis", MAC subtype 4) or port id ("Port",
 * 3) TLV as Wireshark does: of its type, at least a subtype and one byte,
 * a MAC or network address of its exact length. */
static bool lldp_id_ok(struct lldp_read *r, const uint8_t *d, const struct lldp_tlv *t, uint32_t want, const char *name,
		       uint32_t mac_subtype)
{
	const char *what = NULL;
	if (t->type != want)
		g_snprintf(r->why, sizeof r->why, "Invalid %s ID (0x%02X), expected (0x%02X)", name, t->type, want);
	else if (t->len == 0)
		return true; /* no subtype: reading it fails */
	else if (t->len < 2)
		g_snprintf(r->why, sizeof r->why, "Invalid %s ID Length (%u), expected > (2)", name, t->len);
	else {
		uint32_t fixed = lldp_id_len(d + t->at, t->len, mac_subtype, &what);
		if (!fixed || fixed == t->len)
			return true;
		g_snprintf(r->why, sizeof r->why, "Invalid %s ID Length (%u) for Type (%s), expected (%u)", name, t->len,
			   what, fixed);
	}
	return false;
}

/* Reads the LLDPDU in D[0..N): Wireshark's order of checks. */
static void lldp_read(const uint8_t *d, uint32_t n, struct lldp_read *r)
{
	static const char *const invalid[] = {"Invalid Chassis ID TLV", "Invalid Port ID TLV", "Invalid Time-to-Live TLV"};
	static const char *const duplicate[] = {"Duplicate Chassis ID TLV", "Duplicate Port ID TLV",
						"Duplicate Time-To-Live TLV"};
	memset(r, 0, sizeof *r);
	for (uint32_t at = 0, k = 0; k < 3 || at < n; k++) {
		if (at + 2 > n || at + 2 + (fv_get16(d + at, true) & 0x1ff) > n) {
			r->end = LLDP_RAN_OUT;
			r->need = at + 2 > n ? at + 2 : at + 2 + (fv_get16(d + at, true) & 0x1ff);
			return;
		}
		struct lldp_tlv t = {fv_get16(d + at, true) >> 9, fv_get16(d + at, true) & 0x1ff, at + 2};
		if (k < 3 && ((k == 0 && !lldp_id_ok(r, d, &t, LLDP_CHASSIS, "Chassis", 4)) ||
			      (k == 1 && !lldp_id_ok(r, d, &t, LLDP_PORT, "Port", 3)) || (k == 2 && t.type != LLDP_TTL))) {
			r->end = LLDP_INVALID;
			r->info = invalid[k];
			if (t.type == k + 1) {
				r->tlv[r->ntlv++] = t; /* its type and length still count */
				r->bad = true;
			}
			return;
		}
		if ((k < 2 && t.len == 0) || (t.type == LLDP_TTL && t.len < 2) || (t.type == LLDP_ORG && t.len < 4)) {
			r->end = LLDP_BAD_VALUE;
			return;
		}
		if (r->ntlv < G_N_ELEMENTS(r->tlv))
			r->tlv[r->ntlv++] = t;
		if (k >= 3 && t.type >= LLDP_CHASSIS && t.type <= LLDP_TTL) {
			r->end = LLDP_DUPLICATE;
			r->info = duplicate[t.type - 1];
			return;
		}
		if (t.type == LLDP_END && k >= 3)
			return;
		at = t.at + t.len;
	}
}

static void dissect_lldp(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_LLDP, c->off);
	if (idx < 0)
		return;
	struct lldp_read r;
	uint32_t n = c->end > c->off ? c->end - c->off : 0;
	lldp_read(c->data + c->off, n, &r);
	if (r.end == LLDP_RAN_OUT)
		pkt_ran_out(p, idx, (uint64_t)c->off + r.need, c->end, c->rend);
	else if (r.end == LLDP_BAD_VALUE)
		pkt_mark(p, idx, PKT_MALFORMED);
}

/* A string value up to its first NUL. */
static uint32_t lldp_strlen(const uint8_t *v, uint32_t len)
{
	const uint8_t *nul = memchr(v, 0, len);
	return nul ? (uint32_t)(nul - v) : len;
}

/* Each TLV read whole gives its type and length; the mandatory ones their
 * subtype and id, the optional strings their text up to a NUL. */
static void lldp_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d,
			uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d)
		return;
	struct lldp_read r;
	lldp_read(d, n, &r);
	const char *a = f->abbrev;
	for (uint32_t i = 0; i < r.ntlv; i++) {
		const struct lldp_tlv *t = &r.tlv[i];
		const uint8_t *v = d + t->at;
		bool whole = !r.bad || i + 1 < r.ntlv, id = t->type == LLDP_CHASSIS || t->type == LLDP_PORT;
		if (fv_same(a, "lldp.tlv.type"))
			fv_give_uint(fn, data, t->type);
		else if (fv_same(a, "lldp.tlv.len"))
			fv_give_uint(fn, data, t->len);
		else if (whole && t->type == LLDP_TTL && fv_same(a, "lldp.time_to_live"))
			fv_give_uint(fn, data, fv_get16(v, true));
		else if (id && (whole || (t->len >= 2 && t->type == i + 1)) &&
			 strncmp(a, t->type == LLDP_CHASSIS ? "lldp.chassis." : "lldp.port.",
				 t->type == LLDP_CHASSIS ? 13 : 10) == 0) {
			const char *sub = a + (t->type == LLDP_CHASSIS ? 13 : 10);
			uint32_t mac = t->type == LLDP_CHASSIS ? 4 : 3;
			if (fv_same(sub, "subtype"))
				fv_give_uint(fn, data, v[0]);
			else if (!whole)
				continue; /* a wrong length: only the subtype is shown */
			else if (v[0] == mac && fv_same(sub, "id.mac"))
				fv_give_ptr(fn, data, FV_ETHER, v + 1, 6);
			else if (v[0] == mac + 1 && t->len == 6 && v[1] == 1 && fv_same(sub, "id.ip4"))
				fv_give_ptr(fn, data, FV_IPV4, v + 2, 4);
			else if (v[0] == mac + 1 && t->len == 18 && v[1] == 2 && fv_same(sub, "id.ip6"))
				fv_give_ptr(fn, data, FV_IPV6, v + 2, 16);
			else if (v[0] == mac + 1 && t->len >= 2 && v[1] != 1 && v[1] != 2 && fv_same(sub, "id"))
				fv_give_ptr(fn, data, mac == 4 ? FV_BYTES : FV_STRING, v + 2, t->len - 2); /* another family */
			else if (v[0] != mac && v[0] != mac + 1 && fv_same(sub, "id"))
				fv_give_ptr(fn, data, i == 0 ? FV_BYTES : FV_STRING, v + 1,
					    i == 0 ? t->len - 1 : lldp_strlen(v + 1, t->len - 1));
		} else if (i >= 3 && ((t->type == LLDP_PORT_DESC && fv_same(a, "lldp.port.desc")) ||
				      (t->type == LLDP_SYS_NAME && fv_same(a, "lldp.tlv.system.name")) ||
				      (t->type == LLDP_SYS_DESC && fv_same(a, "lldp.tlv.system.desc"))))
			fv_give_ptr(fn, data, FV_STRING, v, lldp_strlen(v, t->len));
	}
}

/* A chassis (MAC subtype 4) or port (3) id as Info shows it: the subtype's
 * two letters, a slash, the id, a space. */
static void lldp_col_id(struct columns *c, const uint8_t *v, uint32_t len, uint32_t mac)
{
	/* the subtypes in the chassis id's order; the port id's has no chassis
	 * component and shifts the rest down by one */
	static const char *const chassis[] = {NULL, "CC", "IA", "PC", "MA", "NA", "IN", "LA"};
	static const char *const port[] = {NULL, "IA", "PC", "MA", "NA", "IN", "AC", "LA"};
	const char *const *names = mac == 4 ? chassis : port;
	uint32_t st = v[0];
	if (st == 0 || st >= G_N_ELEMENTS(chassis)) {
		col_append(c, "Rs/Reserved ");
		return;
	}
	col_append(c, "%s/", names[st]);
	if (st == mac)
		col_append(c, "%02x:%02x:%02x:%02x:%02x:%02x", v[1], v[2], v[3], v[4], v[5], v[6]);
	else if (st == mac + 1 && len == 6 && v[1] == 1)
		col_append(c, "%u.%u.%u.%u", v[2], v[3], v[4], v[5]);
	else if (st == mac + 1 && len == 18 && v[1] == 2) {
		char s[INET6_ADDRSTRLEN];
		col_append(c, "%s", inet_ntop(AF_INET6, v + 2, s, sizeof s));
	} else if (st == mac + 1 || strcmp(names[st], "PC") == 0) {
		const uint8_t *h = v + (st == mac + 1 ? 2 : 1);
		for (; h < v + len; h++)
			col_append(c, "%02x", *h);
	} else
		text_append_utf8(c->info, v + 1, lldp_strlen(v + 1, len - 1));
	col_append(c, " ");
}

/* Info: the chassis and port ids, the time to live, then the system name
 * ("SysN=") and description ("SysD=") where they come, each followed by a
 * space; a mandatory TLV missing, wrong or repeated replaces it all. */
static void lldp_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_begin(c, p, idx, &n);
	if (!d)
		return;
	struct lldp_read r;
	lldp_read(d, n, &r);
	if (r.info) {
		col_set(c, "%s", r.info);
		return;
	}
	for (uint32_t i = 0; i < r.ntlv; i++) {
		const struct lldp_tlv *t = &r.tlv[i];
		const uint8_t *v = d + t->at;
		if (i < 2)
			lldp_col_id(c, v, t->len, i == 0 ? 4 : 3);
		else if (i == 2)
			col_append(c, "%u ", fv_get16(v, true));
		else if (t->type == LLDP_SYS_NAME || t->type == LLDP_SYS_DESC) {
			col_append(c, t->type == LLDP_SYS_NAME ? "SysN=" : "SysD=");
			text_append_utf8(c->info, v, lldp_strlen(v, t->len));
			col_append(c, " ");
		}
	}
}

/* A chassis or port id TLV that is not one, or of a wrong length. */
static void lldp_expert(struct experts *e, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	struct lldp_read r;
	if (!d)
		return;
	lldp_read(d, n, &r);
	if (r.end == LLDP_INVALID && r.why[0])
		expert_add(e, EXPERT_WARN, EXPERT_MALFORMED, "LLDP", "%s", r.why);
}

/* Wireshark's registration: ethertype 0x88cc. */
static const struct handoff lldp_handoff[] = {
	ETHERTYPE(0x88cc, dissect_lldp),
	HANDOFF_LIST_END,
};

PROTOCOL_ID(LLDP, "lldp", "Link Layer Discovery Protocol");
const struct protocol proto_lldp = {PROTO_LLDP, .short_name = "LLDP", .fields = &lldp_table, .columns = lldp_columns,
				    .expert = lldp_expert, .values = lldp_values, .handoff = lldp_handoff};
