// The reference the SDK's delivery is compared against (issue 17, item 5): a bare libcurl
// keep-alive loop, no SDK code at all.
#ifndef SENTRY_BENCH_CURL_REFERENCE_H
#define SENTRY_BENCH_CURL_REFERENCE_H
#include <stddef.h>

/// Posts `count` bodies to `url` one after the other on one easy handle (so one kept-alive
/// connection), with `header_count` request headers, discarding the answers. Returns how many
/// were answered 200.
size_t sentry_bench_curl_post_all(
    const char *url, const char *const *headers, size_t header_count,
    const unsigned char *const *bodies, const size_t *lengths, size_t count);
#endif
