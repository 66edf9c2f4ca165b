#ifndef MLGATE_CBROTLI_SHIM_H
#define MLGATE_CBROTLI_SHIM_H

// The part of libbrotli that mlgate uses: one-shot decompression of BROTLI-compressed
// Parquet pages (whose uncompressed size the page header gives).
#include <brotli/decode.h>

#endif
