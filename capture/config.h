/* config.h — Network Watcher packet-capture definitions as JSON files: the
 * bare properties object, or an ARM resource holding it in "properties", or
 * an ARM template whose "resources" hold a packetCaptures resource. */
#ifndef ANALYZE_CAPTURE_CONFIG_H
#define ANALYZE_CAPTURE_CONFIG_H

#include "capture/capture.h"

/* Applies the properties in TEXT (LEN bytes; read from NAME, used in
 * messages) to *O: bytesToCapturePerPacket, totalBytesPerSession,
 * timeLimitInSeconds, storageLocation.filePath / storagePath, filters (they
 * replace O's).  Other members are ignored.  False with a CAPTURE_ERROR_USAGE
 * error "config 'NAME': ..." when the text is not such a definition; *O may
 * then be partly changed. */
bool capture_config_parse(const char *name, const char *text, size_t len, struct capture_options *o,
			  GError **error);

/* Reads PATH and applies it as capture_config_parse does.  An unreadable
 * file is CAPTURE_ERROR_CONFIG_READ. */
bool capture_config_load(const char *path, struct capture_options *o, GError **error);

#endif
