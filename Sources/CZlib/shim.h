// zlib, with the init macros (which Swift cannot import) as typed functions.
#ifndef SENTRY_CZLIB_SHIM_H
#define SENTRY_CZLIB_SHIM_H
#include <zlib.h>

/// windowBits 15 + 16 selects the gzip wrapper. `mem_level` (1…9) sizes the hash table,
/// 2^(mem_level + 8) bytes, which deflateReset clears for every body.
static inline int sentry_deflate_init_gzip_mem(z_streamp stream, int level, int mem_level) {
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, mem_level, Z_DEFAULT_STRATEGY);
}
/// The same at zlib's default memLevel 8.
static inline int sentry_deflate_init_gzip(z_streamp stream, int level) {
    return sentry_deflate_init_gzip_mem(stream, level, 8);
}
/// windowBits 15 + 32 accepts both gzip and zlib wrappers.
static inline int sentry_inflate_init_auto(z_streamp stream) {
    return inflateInit2(stream, 15 + 32);
}
#endif
