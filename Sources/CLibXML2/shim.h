#ifndef MLGATE_CLIBXML2_SHIM_H
#define MLGATE_CLIBXML2_SHIM_H

// The parts of libxml2 that mlgate uses: xmlTextWriter for JUnit output, the XML
// Schema validator for checking it, and the XML Schema regular expression engine.
#include <libxml/xmlversion.h>
// Distribution builds of libxml2 enable ICU, and <libxml/encoding.h> then includes the
// system's ICU headers, whose definitions clash with the ICU bundled in Foundation.
// mlgate uses no ICU-specific libxml2 API, so hide it.
#ifdef LIBXML_ICU_ENABLED
#undef LIBXML_ICU_ENABLED
#endif
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlregexp.h>
#include <libxml/xmlerror.h>

#endif
