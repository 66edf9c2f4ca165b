#include "mlgate_curl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// libcurl's ABI, as curl/curl.h (7.x and 8.x) defines it; checked against the header
// wherever it is installed.
typedef void CURL;
struct curl_slist;
enum {
    MLGATE_CURLOPT_WRITEDATA = 10001,
    MLGATE_CURLOPT_URL = 10002,
    MLGATE_CURLOPT_ERRORBUFFER = 10010,
    MLGATE_CURLOPT_WRITEFUNCTION = 20011,
    MLGATE_CURLOPT_POSTFIELDS = 10015,
    MLGATE_CURLOPT_HTTPHEADER = 10023,
    MLGATE_CURLOPT_HEADERDATA = 10029,
    MLGATE_CURLOPT_CUSTOMREQUEST = 10036,
    MLGATE_CURLOPT_NOBODY = 44,
    MLGATE_CURLOPT_FOLLOWLOCATION = 52,
    MLGATE_CURLOPT_MAXREDIRS = 68,
    MLGATE_CURLOPT_HEADERFUNCTION = 20079,
    MLGATE_CURLOPT_NOSIGNAL = 99,
    MLGATE_CURLOPT_ACCEPT_ENCODING = 10102,
    MLGATE_CURLOPT_POSTFIELDSIZE_LARGE = 30120,
    MLGATE_CURLOPT_TIMEOUT_MS = 155,
    MLGATE_CURLOPT_PROTOCOLS_STR = 10318,
    MLGATE_CURLOPT_REDIR_PROTOCOLS_STR = 10319,
    MLGATE_CURLINFO_RESPONSE_CODE = 0x200002,
    MLGATE_CURL_GLOBAL_DEFAULT = 3,
    MLGATE_CURL_ERROR_SIZE = 256,
};

#if defined(__has_include)
#if __has_include(<curl/curl.h>)
#include <curl/curl.h>
_Static_assert(MLGATE_CURLOPT_WRITEDATA == CURLOPT_WRITEDATA, "CURLOPT_WRITEDATA");
_Static_assert(MLGATE_CURLOPT_URL == CURLOPT_URL, "CURLOPT_URL");
_Static_assert(MLGATE_CURLOPT_ERRORBUFFER == CURLOPT_ERRORBUFFER, "CURLOPT_ERRORBUFFER");
_Static_assert(MLGATE_CURLOPT_WRITEFUNCTION == CURLOPT_WRITEFUNCTION, "CURLOPT_WRITEFUNCTION");
_Static_assert(MLGATE_CURLOPT_POSTFIELDS == CURLOPT_POSTFIELDS, "CURLOPT_POSTFIELDS");
_Static_assert(MLGATE_CURLOPT_HTTPHEADER == CURLOPT_HTTPHEADER, "CURLOPT_HTTPHEADER");
_Static_assert(MLGATE_CURLOPT_HEADERDATA == CURLOPT_HEADERDATA, "CURLOPT_HEADERDATA");
_Static_assert(MLGATE_CURLOPT_CUSTOMREQUEST == CURLOPT_CUSTOMREQUEST, "CURLOPT_CUSTOMREQUEST");
_Static_assert(MLGATE_CURLOPT_NOBODY == CURLOPT_NOBODY, "CURLOPT_NOBODY");
_Static_assert(MLGATE_CURLOPT_FOLLOWLOCATION == CURLOPT_FOLLOWLOCATION, "CURLOPT_FOLLOWLOCATION");
_Static_assert(MLGATE_CURLOPT_MAXREDIRS == CURLOPT_MAXREDIRS, "CURLOPT_MAXREDIRS");
_Static_assert(MLGATE_CURLOPT_HEADERFUNCTION == CURLOPT_HEADERFUNCTION, "CURLOPT_HEADERFUNCTION");
_Static_assert(MLGATE_CURLOPT_NOSIGNAL == CURLOPT_NOSIGNAL, "CURLOPT_NOSIGNAL");
_Static_assert(MLGATE_CURLOPT_ACCEPT_ENCODING == CURLOPT_ACCEPT_ENCODING, "CURLOPT_ACCEPT_ENCODING");
_Static_assert(MLGATE_CURLOPT_POSTFIELDSIZE_LARGE == CURLOPT_POSTFIELDSIZE_LARGE, "CURLOPT_POSTFIELDSIZE_LARGE");
_Static_assert(MLGATE_CURLOPT_TIMEOUT_MS == CURLOPT_TIMEOUT_MS, "CURLOPT_TIMEOUT_MS");
_Static_assert(MLGATE_CURLINFO_RESPONSE_CODE == CURLINFO_RESPONSE_CODE, "CURLINFO_RESPONSE_CODE");
_Static_assert(MLGATE_CURL_GLOBAL_DEFAULT == CURL_GLOBAL_DEFAULT, "CURL_GLOBAL_DEFAULT");
_Static_assert(MLGATE_CURL_ERROR_SIZE == CURL_ERROR_SIZE, "CURL_ERROR_SIZE");
#if LIBCURL_VERSION_NUM >= 0x075500
_Static_assert(MLGATE_CURLOPT_PROTOCOLS_STR == CURLOPT_PROTOCOLS_STR, "CURLOPT_PROTOCOLS_STR");
_Static_assert(MLGATE_CURLOPT_REDIR_PROTOCOLS_STR == CURLOPT_REDIR_PROTOCOLS_STR, "CURLOPT_REDIR_PROTOCOLS_STR");
#endif
#endif
#endif

static struct {
    int (*global_init)(long);
    CURL *(*easy_init)(void);
    int (*easy_setopt)(CURL *, int, ...);
    int (*easy_perform)(CURL *);
    int (*easy_getinfo)(CURL *, int, ...);
    const char *(*easy_strerror)(int);
    void (*easy_cleanup)(CURL *);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    char failure[256];
} mlgate_curl;

static pthread_once_t mlgate_curl_once = PTHREAD_ONCE_INIT;

static void mlgate_curl_load(void) {
#if defined(__APPLE__)
    static const char *const names[] = {"libcurl.4.dylib", "libcurl.dylib"};
#else
    static const char *const names[] = {"libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so"};
#endif
    void *library = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && library == NULL; i++) library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        const char *reason = dlerror();
        snprintf(mlgate_curl.failure, sizeof mlgate_curl.failure, "cannot load libcurl (%s): install libcurl 4 (Debian/Ubuntu: libcurl4)", reason ? reason : names[0]);
        return;
    }
#define MLGATE_CURL_SYMBOL(field, name)                                                                     \
    if ((*(void **)&mlgate_curl.field = dlsym(library, name)) == NULL) {                                     \
        snprintf(mlgate_curl.failure, sizeof mlgate_curl.failure, "libcurl has no %s: install libcurl 4", name); \
        return;                                                                                              \
    }
    MLGATE_CURL_SYMBOL(global_init, "curl_global_init")
    MLGATE_CURL_SYMBOL(easy_init, "curl_easy_init")
    MLGATE_CURL_SYMBOL(easy_setopt, "curl_easy_setopt")
    MLGATE_CURL_SYMBOL(easy_perform, "curl_easy_perform")
    MLGATE_CURL_SYMBOL(easy_getinfo, "curl_easy_getinfo")
    MLGATE_CURL_SYMBOL(easy_strerror, "curl_easy_strerror")
    MLGATE_CURL_SYMBOL(easy_cleanup, "curl_easy_cleanup")
    MLGATE_CURL_SYMBOL(slist_append, "curl_slist_append")
    MLGATE_CURL_SYMBOL(slist_free_all, "curl_slist_free_all")
#undef MLGATE_CURL_SYMBOL
    if (mlgate_curl.global_init(MLGATE_CURL_GLOBAL_DEFAULT) != 0) {
        snprintf(mlgate_curl.failure, sizeof mlgate_curl.failure, "libcurl did not initialise (curl_global_init)");
        return;
    }
    mlgate_curl.failure[0] = '\0';
}

typedef struct {
    char *bytes;
    size_t length;
    size_t capacity;
    int failed;
} mlgate_curl_buffer;

static int mlgate_curl_append(mlgate_curl_buffer *buffer, const char *bytes, size_t length) {
    if (buffer->length + length + 1 > buffer->capacity) {
        size_t capacity = buffer->capacity ? buffer->capacity : 4096;
        while (buffer->length + length + 1 > capacity) capacity *= 2;
        char *grown = realloc(buffer->bytes, capacity);
        if (grown == NULL) {
            buffer->failed = 1;
            return 0;
        }
        buffer->bytes = grown;
        buffer->capacity = capacity;
    }
    memcpy(buffer->bytes + buffer->length, bytes, length);
    buffer->length += length;
    buffer->bytes[buffer->length] = '\0';
    return 1;
}

static size_t mlgate_curl_write(char *bytes, size_t size, size_t count, void *context) {
    return mlgate_curl_append(context, bytes, size * count) ? size * count : 0;
}

// Header lines of every response in a redirect chain arrive here: a status line starts
// the block again, so what is kept is the last response's.
static size_t mlgate_curl_header(char *bytes, size_t size, size_t count, void *context) {
    mlgate_curl_buffer *buffer = context;
    if (size * count >= 5 && memcmp(bytes, "HTTP/", 5) == 0) buffer->length = 0;
    return mlgate_curl_append(buffer, bytes, size * count) ? size * count : 0;
}

int mlgate_curl_perform(const char *method, const char *url, const char *const *headers, size_t header_count,
                        int has_body, const void *body, size_t body_length, long timeout_ms, mlgate_curl_response *response) {
    memset(response, 0, sizeof *response);
    pthread_once(&mlgate_curl_once, mlgate_curl_load);
    if (mlgate_curl.failure[0] != '\0' || mlgate_curl.easy_init == NULL) {
        response->code = -1;
        snprintf(response->message, sizeof response->message, "%s", mlgate_curl.failure[0] ? mlgate_curl.failure : "cannot load libcurl");
        return response->code;
    }
    CURL *curl = mlgate_curl.easy_init();
    if (curl == NULL) {
        response->code = -1;
        snprintf(response->message, sizeof response->message, "libcurl could not start a transfer (curl_easy_init)");
        return response->code;
    }
    struct curl_slist *list = NULL;
    for (size_t i = 0; i < header_count; i++) list = mlgate_curl.slist_append(list, headers[i]);
    // No "Expect: 100-continue" pause before a body.
    list = mlgate_curl.slist_append(list, "Expect:");
    char error[MLGATE_CURL_ERROR_SIZE] = {0};
    mlgate_curl_buffer received = {0}, header_block = {0};
    mlgate_curl.easy_setopt(curl, MLGATE_CURLOPT_URL, url);
    mlgate_curl.easy_setopt(curl, MLGATE_CURLOPT_ERRORBUFFER, error);
    mlgate_curl.easy_setopt(curl, MLGATE_CURLOPT_NOSIGNAL, 1L);
    mlgate_curl.easy_setopt(curl, MLGATE_CURLOPT_TIMEOUT_MS, timeout_ms);
    mlgate_curl.easy_setopt(curl, MLGATE_CURLOPT_FOLLOWLOCATION, 1L);
    mlgate_curl.easy_setopt(curl, MLGATE_CURLOPT_MAXREDIRS, 10L);
    mlgate_curl.easy_setopt(curl, MLGATE_CURLOPT_PROTOCOLS_STR, "http,https");
    mlgate_curl.easy_setopt(curl, MLGATE_CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    mlgate_curl.easy_setopt(curl, MLGATE_CURLOPT_ACCEPT_ENCODING, "");
    mlgate_curl.easy_setopt(curl, MLGATE_CURLOPT_HTTPHEADER, list);
    mlgate_curl.easy_setopt(curl, MLGATE_CURLOPT_WRITEFUNCTION, mlgate_curl_write);
    mlgate_curl.easy_setopt(curl, MLGATE_CURLOPT_WRITEDATA, &received);
    mlgate_curl.easy_setopt(curl, MLGATE_CURLOPT_HEADERFUNCTION, mlgate_curl_header);
    mlgate_curl.easy_setopt(curl, MLGATE_CURLOPT_HEADERDATA, &header_block);
    if (strcmp(method, "HEAD") == 0) {
        mlgate_curl.easy_setopt(curl, MLGATE_CURLOPT_NOBODY, 1L);
    } else {
        if (!has_body) has_body = strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0 || strcmp(method, "PATCH") == 0;
        if (has_body) {
            mlgate_curl.easy_setopt(curl, MLGATE_CURLOPT_POSTFIELDSIZE_LARGE, (long long)(body != NULL ? body_length : 0));
            mlgate_curl.easy_setopt(curl, MLGATE_CURLOPT_POSTFIELDS, body != NULL && body_length ? body : "");
        }
        if (strcmp(method, "GET") != 0 || has_body) mlgate_curl.easy_setopt(curl, MLGATE_CURLOPT_CUSTOMREQUEST, method);
    }
    int code = mlgate_curl.easy_perform(curl);
    if (code == 0 && (received.failed || header_block.failed)) {
        code = 23;  // CURLE_WRITE_ERROR
        snprintf(error, sizeof error, "out of memory for the response");
    }
    long status = 0;
    mlgate_curl.easy_getinfo(curl, MLGATE_CURLINFO_RESPONSE_CODE, &status);
    mlgate_curl.easy_cleanup(curl);
    mlgate_curl.slist_free_all(list);
    response->code = code;
    if (code != 0) {
        snprintf(response->message, sizeof response->message, "%s", error[0] ? error : mlgate_curl.easy_strerror(code));
        free(received.bytes);
        free(header_block.bytes);
        return code;
    }
    response->status = status;
    response->body = received.bytes;
    response->body_length = received.length;
    response->headers = header_block.bytes;
    response->headers_length = header_block.length;
    return 0;
}

void mlgate_curl_response_free(mlgate_curl_response *response) {
    free(response->body);
    free(response->headers);
    response->body = NULL;
    response->headers = NULL;
}
