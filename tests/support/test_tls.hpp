// A self-signed certificate for "localhost" and 127.0.0.1, generated per test run with OpenSSL,
// so that TLS tests need no files in the repository and no network.
#pragma once

#include <string>

namespace madoguchi::testing {

struct test_certificate {
  std::string certificate_pem;  // also its own CA: trust it through a CA file
  std::string private_key_pem;
};

// Generates a fresh P-256 key and a certificate valid for one day. Throws on OpenSSL failure.
test_certificate make_localhost_certificate();

}  // namespace madoguchi::testing
