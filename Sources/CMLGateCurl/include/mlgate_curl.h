// One HTTP exchange through libcurl, which is loaded (dlopen) the first time one is made:
// a gate that makes no request never maps libcurl and the two dozen libraries it needs.
#ifndef MLGATE_CURL_H
#define MLGATE_CURL_H

#include <stddef.h>

/// What came back: the last response's status, header block and body (malloc'd; free
/// them with mlgate_curl_response_free), or what failed.
typedef struct mlgate_curl_response {
    long status;
    char *headers;
    size_t headers_length;
    char *body;
    size_t body_length;
    /// libcurl's error code (0: none), or -1 when libcurl cannot be loaded.
    int code;
    /// A message for `code`, NUL-terminated.
    char message[512];
} mlgate_curl_response;

/// Sends METHOD URL with HEADERS ("Name: value" lines) and, when HAS_BODY, the BODY_LENGTH
/// bytes at BODY (POST, PUT and PATCH always send one, empty if need be), following
/// redirects (http and https only), within TIMEOUT_MS. Returns response->code.
int mlgate_curl_perform(const char *method, const char *url, const char *const *headers, size_t header_count,
                        int has_body, const void *body, size_t body_length, long timeout_ms, mlgate_curl_response *response);

/// Frees what mlgate_curl_perform allocated in RESPONSE.
void mlgate_curl_response_free(mlgate_curl_response *response);

#endif
