#ifndef MLGATE_CZLIB_SHIM_H
#define MLGATE_CZLIB_SHIM_H

// The parts of zlib that mlgate uses: streaming inflate of gzip inputs.
#include <zlib.h>

// inflateInit2 is a macro (it passes the header's version and the stream's size), which
// Swift cannot call: wrap it.
static inline int mlgate_inflate_init2(z_streamp stream, int windowBits) {
    return inflateInit2(stream, windowBits);
}

#endif
