#ifndef MLGATE_COPENSSL_SHIM_H
#define MLGATE_COPENSSL_SHIM_H

// The parts of OpenSSL that mlgate uses: a TLS client for PostgreSQL connections
// (sslmode=require/verify-ca/verify-full).
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

// Macros Swift cannot call.
static inline long mlgate_ssl_ctx_set_min_tls12(SSL_CTX *context) {
    return SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION);
}
static inline long mlgate_ssl_set_server_name(SSL *ssl, const char *name) {
    return SSL_set_tlsext_host_name(ssl, name);
}

#endif
