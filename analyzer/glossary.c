/* glossary.c — the field registry written as `tshark -G fields` and
 * `tshark -G protocols` write Wireshark's, so scripts and shell completion
 * written for one read the other:
 *
 *   P  name  abbrev
 *   F  name  abbrev  type  protocol  base  mask  description
 *
 * one line each, tab-separated, each protocol followed by its fields.  The
 * base column holds the display base of an integer (BASE_DEC ...), the bit
 * width of a flag's parent field for a boolean (0 for a boolean on its own),
 * and nothing for other types; the mask is in hex, 0x0 for none.  The field
 * tables carry no descriptions, so the last column is empty. */
#include <glib.h>
#include <stdbool.h>
#include <string.h>

#include "analyzer/glossary.h"
#include "dissect/field.h"

bool glossary_report_parse(const char *name, enum glossary_report *out)
{
	if (strcmp(name, "fields") == 0)
		*out = GLOSSARY_FIELDS;
	else if (strcmp(name, "protocols") == 0)
		*out = GLOSSARY_PROTOCOLS;
	else
		return false;
	return true;
}

/* Wireshark's name of type T (FT_IPv4, FT_RELATIVE_TIME ...). */
static const char *type_name(uint8_t t)
{
	static const char *const names[] = {
		[FT_PROTOCOL] = "FT_PROTOCOL", [FT_NONE] = "FT_NONE", [FT_BOOLEAN] = "FT_BOOLEAN",
		[FT_UINT8] = "FT_UINT8", [FT_UINT16] = "FT_UINT16", [FT_UINT24] = "FT_UINT24",
		[FT_UINT32] = "FT_UINT32", [FT_UINT64] = "FT_UINT64", [FT_INT32] = "FT_INT32",
		[FT_ETHER] = "FT_ETHER", [FT_IPV4] = "FT_IPv4", [FT_IPV6] = "FT_IPv6",
		[FT_BYTES] = "FT_BYTES", [FT_STRING] = "FT_STRING", [FT_RELTIME] = "FT_RELATIVE_TIME",
		[FT_ABSTIME] = "FT_ABSOLUTE_TIME", [FT_FRAMENUM] = "FT_FRAMENUM", [FT_DOUBLE] = "FT_DOUBLE",
		[FT_GUID] = "FT_GUID",
	};
	return t < G_N_ELEMENTS(names) && names[t] ? names[t] : "FT_NONE";
}

static bool is_integer(uint8_t t)
{
	return t == FT_UINT8 || t == FT_UINT16 || t == FT_UINT24 || t == FT_UINT32 || t == FT_UINT64 ||
	       t == FT_INT32;
}

/* Wireshark's name of display base B; a number stored little-endian is
 * shown as Wireshark declares it, in decimal or hex. */
static const char *base_name(uint8_t b)
{
	switch (b) {
	case BASE_DEC: case BASE_DEC_LE: return "BASE_DEC";
	case BASE_HEX: case BASE_HEX_LE: return "BASE_HEX";
	case BASE_DEC_HEX: return "BASE_DEC_HEX";
	case BASE_OCT: return "BASE_OCT";
	default: return "BASE_NONE";
	}
}

/* The bit width a flag F of protocol P belongs to: the width of the masked
 * integer field at the same place (tcp.flags: 12 bits), else its bytes'. */
static unsigned bool_width(const struct proto_def *p, const struct field_def *f)
{
	if (!f->mask || f->offset == FIELD_VAR)
		return 0;
	for (size_t i = 0; i < p->n_fields; i++) {
		const struct field_def *g = &p->fields[i];
		if (is_integer(g->type) && g->mask && g->offset == f->offset && g->size == f->size &&
		    (g->mask & f->mask) == f->mask)
			return 32u - (unsigned)__builtin_clz(g->mask);
	}
	return 8u * f->size;
}

static void write_field(FILE *fp, const struct proto_def *p, const struct field_def *f)
{
	char base[16] = "";
	if (f->type == FT_BOOLEAN)
		g_snprintf(base, sizeof base, "%u", bool_width(p, f));
	else if (is_integer(f->type))
		g_strlcpy(base, base_name(f->base), sizeof base);
	fprintf(fp, "F\t%s\t%s\t%s\t%s\t%s\t0x%x\t\n", f->name, f->abbrev, type_name(f->type), p->abbrev, base,
		(unsigned)f->mask);
}

/* The short name of a protocol: its filter name in capitals (TCP, DNS). */
static void write_protocol(FILE *fp, const struct proto_def *p)
{
	g_autofree char *shortname = g_ascii_strup(p->abbrev, -1);
	fprintf(fp, "%s\t%s\t%s\n", p->name, shortname, p->abbrev);
}

void glossary_write(FILE *fp, enum glossary_report report)
{
	for (int id = 0; id < PROTO_COUNT; id++) {
		const struct proto_def *p = proto_get((enum proto_id)id);
		if (report == GLOSSARY_PROTOCOLS) {
			write_protocol(fp, p);
			continue;
		}
		fprintf(fp, "P\t%s\t%s\n", p->name, p->abbrev);
		for (size_t i = 0; i < p->n_fields; i++)
			if (strcmp(p->fields[i].abbrev, p->abbrev) != 0)
				write_field(fp, p, &p->fields[i]);
	}
}
