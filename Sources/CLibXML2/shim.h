#ifndef KGREC_CLIBXML2_SHIM_H
#define KGREC_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU, so <libxml/encoding.h> would pull the system ICU headers
 * into this module; Foundation ships its own ICU (_FoundationICU) whose UErrorCode differs, and
 * clang refuses a compilation that sees both. kgrec never touches the ICU-only fields of
 * xmlCharEncodingHandler (only pointers to it), so hide them. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
#include <libxml/entities.h>
#endif
