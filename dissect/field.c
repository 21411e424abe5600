/* field.c — the registry of protocols and their field tables. */
#include "dissect/field.h"

#include <glib.h>
#include <string.h>

#include "dissect/protocol.h"

static const char *const proto_abbrevs[PROTO_COUNT] = {
#define PROTO_ABBREV(id, abbrev, name) [PROTO_##id] = abbrev,
	PROTO_LIST(PROTO_ABBREV)
#undef PROTO_ABBREV
};

static const char *const proto_names[PROTO_COUNT] = {
#define PROTO_NAME(id, abbrev, name) [PROTO_##id] = name,
	PROTO_LIST(PROTO_NAME)
#undef PROTO_NAME
};

/* The registry, completed once: names from PROTO_LIST, the field tables
 * from the protocols' descriptors (dissect/protocols.c). */
static struct proto_def registry[PROTO_COUNT];
static GHashTable *by_name; /* char* abbrev -> const struct field_def* */
static GHashTable *owner;   /* const struct field_def* -> const struct proto_def* */

static gpointer registry_build(gpointer unused)
{
	(void)unused;
	by_name = g_hash_table_new(g_str_hash, g_str_equal);
	owner = g_hash_table_new(g_direct_hash, g_direct_equal);
	for (int i = 0; i < PROTO_COUNT; i++) {
		registry[i].id = (enum proto_id)i;
		registry[i].abbrev = proto_abbrevs[i];
		registry[i].name = proto_names[i];
		const struct protocol *d = protocol_of((enum proto_id)i);
		registry[i].fields = d && d->fields ? d->fields->fields : NULL;
		registry[i].n_fields = d && d->fields ? d->fields->n : 0;
		for (size_t j = 0; j < registry[i].n_fields; j++) {
			const struct field_def *f = &registry[i].fields[j];
			g_hash_table_insert(by_name, (gpointer)f->abbrev, (gpointer)f);
			g_hash_table_insert(owner, (gpointer)f, &registry[i]);
		}
	}
	return NULL;
}

static void registry_init(void)
{
	static GOnce once = G_ONCE_INIT;
	g_once(&once, registry_build, NULL);
}

const struct proto_def *proto_get(enum proto_id id)
{
	registry_init();
	return &registry[id];
}

const struct proto_def *proto_lookup(const char *abbrev)
{
	registry_init();
	for (int i = 0; i < PROTO_COUNT; i++)
		if (strcmp(registry[i].abbrev, abbrev) == 0)
			return &registry[i];
	return NULL;
}

const struct field_def *field_lookup(const char *abbrev, const struct proto_def **proto_out)
{
	registry_init();
	const struct field_def *f = g_hash_table_lookup(by_name, abbrev);
	if (proto_out)
		*proto_out = f ? g_hash_table_lookup(owner, f) : NULL;
	return f;
}

bool field_read_uint(const struct packet *p, const struct layer *layer, const struct field_def *f, uint64_t *out)
{
	if (f->offset == FIELD_VAR || f->size == 0 || f->size > 8)
		return false;
	uint64_t at = (uint64_t)layer->off + f->offset;
	if (at + f->size > p->frame->caplen)
		return false;
	*out = field_uint_at(p->frame->data + at, f);
	return true;
}

const struct value_string checksum_status_vals[] = {
	{CHECKSUM_BAD, "Bad"}, {CHECKSUM_GOOD, "Good"}, {CHECKSUM_UNVERIFIED, "Unverified"},
	{CHECKSUM_NOT_PRESENT, "Not present"}, {CHECKSUM_ILLEGAL, "Illegal"}, {0, NULL},
};

const char *value_name(const struct value_string *vals, uint32_t value)
{
	for (; vals && vals->name; vals++)
		if (vals->value == value)
			return vals->name;
	return NULL;
}

int field_depth(const struct proto_def *p, const struct field_def *f)
{
	const struct protocol *d = protocol_of(p->id);
	int k = d && d->depth ? d->depth(f) : -1;
	if (k >= 0)
		return k;
	return d && d->transport ? DEPTH_TRANSPORT : DEPTH_APPLICATION;
}

const char *field_not_extracted(const char *abbrev)
{
	static const struct {
		const char *abbrev, *why;
	} gaps[] = {
		{"ssh.encrypted_packet", "what Wireshark shows depends on the cipher the session negotiated"},
		{"bt-utp.stream", "uTP connections are not followed"},
	};
	for (size_t i = 0; i < sizeof gaps / sizeof gaps[0]; i++)
		if (strcmp(abbrev, gaps[i].abbrev) == 0)
			return gaps[i].why;
	return NULL;
}
