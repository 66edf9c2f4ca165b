#ifndef MLGATE_CZSTD_SHIM_H
#define MLGATE_CZSTD_SHIM_H

// The part of libzstd that mlgate uses: one-shot decompression of ZSTD-compressed
// Parquet pages (whose uncompressed size the page header gives).
#include <zstd.h>

#endif
