#include "CurlReference.h"
#include <curl/curl.h>

static size_t discard(char *data, size_t size, size_t count, void *context) {
    (void)data;
    (void)context;
    return size * count;
}

size_t sentry_bench_curl_post_all(
    const char *url, const char *const *headers, size_t header_count,
    const unsigned char *const *bodies, const size_t *lengths, size_t count) {
    CURL *handle = curl_easy_init();
    if (handle == NULL) return 0;
    struct curl_slist *list = curl_slist_append(NULL, "Expect:");  // as the SDK: no 100-continue wait
    for (size_t i = 0; i < header_count; i++) list = curl_slist_append(list, headers[i]);
    curl_easy_setopt(handle, CURLOPT_URL, url);
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle, CURLOPT_POST, 1L);
    size_t answered = 0;
    for (size_t i = 0; i < count; i++) {
        curl_easy_setopt(handle, CURLOPT_POSTFIELDS, (const char *)bodies[i]);
        curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE, (long)lengths[i]);
        long status = 0;
        if (curl_easy_perform(handle) == CURLE_OK &&
            curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK && status == 200) {
            answered++;
        }
    }
    curl_slist_free_all(list);
    curl_easy_cleanup(handle);
    return answered;
}
