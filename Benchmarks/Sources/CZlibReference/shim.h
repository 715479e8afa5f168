// zlib for the reference row of GzipBenchmarks (a reused deflate stream), with the init macro
// that Swift cannot import as a typed function. Same parameters as the SDK's Gzip.
#ifndef SENTRY_BENCH_CZLIB_H
#define SENTRY_BENCH_CZLIB_H
#include <zlib.h>

static inline int bench_deflate_init_gzip(z_streamp stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}
#endif
