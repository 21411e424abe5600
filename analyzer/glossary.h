/* glossary.h — `analyze list -G`: the protocols and fields every filter,
 * -e and the detail tree know, in the layout of `tshark -G`. */
#ifndef ANALYZE_GLOSSARY_H
#define ANALYZE_GLOSSARY_H

#include <stdio.h>

enum glossary_report {
	GLOSSARY_FIELDS,    /* `tshark -G fields`: P and F lines */
	GLOSSARY_PROTOCOLS, /* `tshark -G protocols`: name, short name, filter name */
};

/* Parses a report name ("fields", "protocols"); false when NAME is neither. */
bool glossary_report_parse(const char *name, enum glossary_report *out);

/* Writes REPORT to FP from the field registry.  Cannot fail (write errors
 * show in FP's error flag). */
void glossary_write(FILE *fp, enum glossary_report report);

#endif
