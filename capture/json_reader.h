/* json_reader.h — a small strict JSON (RFC 8259) reader for config and
 * state files: the whole text becomes a tree of nodes. */
#ifndef ANALYZE_CAPTURE_JSON_READER_H
#define ANALYZE_CAPTURE_JSON_READER_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#define JV_ERROR (jv_error_quark())
GQuark jv_error_quark(void);

typedef enum { JV_NULL, JV_BOOL, JV_NUMBER, JV_STRING, JV_ARRAY, JV_OBJECT } JvType;

struct jv {
	JvType type;
	bool boolean;       /* JV_BOOL */
	double number;      /* JV_NUMBER */
	bool integral;      /* JV_NUMBER written without fraction or exponent */
	uint64_t uint;      /* JV_NUMBER: the value when integral and not negative */
	bool negative;      /* JV_NUMBER written with a minus */
	char *string;       /* JV_STRING, UTF-8, owned */
	GPtrArray *items;   /* JV_ARRAY and JV_OBJECT: struct jv *, owned */
	GPtrArray *keys;    /* JV_OBJECT: char *, owned, one per item */
};

/* Parses TEXT (LEN bytes) as one JSON value.  Returns the tree (free with
 * jv_free) or NULL with a JV_ERROR error "line L, column C:
 * what is wrong".  Duplicate object keys (compared without case, as ARM
 * does) and nesting deeper than 64 levels are errors. */
struct jv *jv_parse(const char *text, size_t len, GError **error);
void jv_free(struct jv *v);
typedef struct jv jv;
G_DEFINE_AUTOPTR_CLEANUP_FUNC(jv, jv_free)

/* The member KEY of object V (compared without case), or NULL when V is not
 * an object or has no such member.  Cannot fail. */
const struct jv *jv_get(const struct jv *v, const char *key);
/* Member KEY of object O as a whole number 0 or more (jv_get_u64), a whole
 * number (jv_get_i64; below -2^53 not exact) or true or false: false when O
 * has no such member or it is not that. */
bool jv_get_u64(const struct jv *o, const char *key, uint64_t *out);
bool jv_get_i64(const struct jv *o, const char *key, int64_t *out);
bool jv_get_bool(const struct jv *o, const char *key, bool *out);
/* "an object", "an array", "a string", "a number", "true or false", "null". */
const char *jv_type_name(JvType t);

#endif
