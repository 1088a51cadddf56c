// HMAC-SHA256 signatures and pseudonyms with OpenSSL.
#include "madoguchi/webhook/signature.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <cctype>

namespace madoguchi::webhook {
namespace {

constexpr std::string_view meta_prefix = "sha256=";
constexpr std::size_t sha256_size = 32;

std::array<unsigned char, sha256_size> hmac_sha256(std::string_view key, std::string_view data) {
  std::array<unsigned char, sha256_size> digest{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest.data(), &length);
  return digest;
}

std::string to_hex(const unsigned char* bytes, std::size_t size) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    hex.push_back(digits[bytes[i] >> 4]);
    hex.push_back(digits[bytes[i] & 0x0F]);
  }
  return hex;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
  const auto digest = hmac_sha256(key, data);
  return to_hex(digest.data(), digest.size());
}

signature_check check_meta_signature(std::string_view app_secret, std::string_view header,
                                     std::string_view body) {
  if (header.empty()) {
    return signature_check::missing;
  }
  if (!header.starts_with(meta_prefix) || header.size() != meta_prefix.size() + 2 * sha256_size) {
    return signature_check::malformed;
  }
  std::array<unsigned char, sha256_size> claimed{};
  const std::string_view hex = header.substr(meta_prefix.size());
  for (std::size_t i = 0; i < sha256_size; ++i) {
    const int high = hex_value(hex[2 * i]);
    const int low = hex_value(hex[2 * i + 1]);
    if (high < 0 || low < 0) {
      return signature_check::malformed;
    }
    claimed[i] = static_cast<unsigned char>(high << 4 | low);
  }
  const auto expected = hmac_sha256(app_secret, body);
  return CRYPTO_memcmp(claimed.data(), expected.data(), sha256_size) == 0
             ? signature_check::valid
             : signature_check::mismatch;
}

signature_check check_line_signature(std::string_view channel_secret, std::string_view header,
                                     std::string_view body) {
  if (header.empty()) {
    return signature_check::missing;
  }
  // 32 bytes are 44 Base64 characters with one '=' of padding.
  constexpr std::size_t encoded_size = 44;
  if (header.size() != encoded_size || header.back() != '=') {
    return signature_check::malformed;
  }
  std::array<unsigned char, 48> claimed{};  // EVP_DecodeBlock writes 3 bytes per 4 characters
  if (EVP_DecodeBlock(claimed.data(), reinterpret_cast<const unsigned char*>(header.data()),
                      static_cast<int>(header.size())) != 33) {
    return signature_check::malformed;
  }
  const auto expected = hmac_sha256(channel_secret, body);
  return CRYPTO_memcmp(claimed.data(), expected.data(), sha256_size) == 0
             ? signature_check::valid
             : signature_check::mismatch;
}

namespace {

// base64url without padding (RFC 4648 §5) → bytes; nullopt for any other character.
std::optional<std::string> decode_base64url(std::string_view text) {
  std::string standard(text);
  for (char& c : standard) {
    if (c == '-') {
      c = '+';
    } else if (c == '_') {
      c = '/';
    } else if (!std::isalnum(static_cast<unsigned char>(c))) {
      return std::nullopt;
    }
  }
  const std::size_t padding = (4 - standard.size() % 4) % 4;
  if (padding == 3) {
    return std::nullopt;
  }
  standard.append(padding, '=');
  std::string bytes(standard.size() / 4 * 3, '\0');
  const int written = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(bytes.data()),
                                      reinterpret_cast<const unsigned char*>(standard.data()),
                                      static_cast<int>(standard.size()));
  if (written < 0) {
    return std::nullopt;
  }
  bytes.resize(static_cast<std::size_t>(written) - padding);  // DecodeBlock counts the padding
  return bytes;
}

}  // namespace

std::optional<std::string> decode_signed_request(std::string_view app_secret,
                                                 std::string_view signed_request) {
  const std::size_t dot = signed_request.find('.');
  if (dot == std::string_view::npos || app_secret.empty()) {
    return std::nullopt;
  }
  const std::string_view encoded_payload = signed_request.substr(dot + 1);
  const auto claimed = decode_base64url(signed_request.substr(0, dot));
  const auto payload = decode_base64url(encoded_payload);
  if (!claimed || !payload || claimed->size() != sha256_size) {
    return std::nullopt;
  }
  // Meta signs the payload as sent, still base64url-encoded.
  const auto expected = hmac_sha256(app_secret, encoded_payload);
  if (CRYPTO_memcmp(claimed->data(), expected.data(), sha256_size) != 0) {
    return std::nullopt;
  }
  return payload;
}

bool constant_time_equals(std::string_view a, std::string_view b) {
  // Comparing fixed-size digests hides the length as well as the content.
  const auto digest_a = hmac_sha256("madoguchi-compare", a);
  const auto digest_b = hmac_sha256("madoguchi-compare", b);
  return CRYPTO_memcmp(digest_a.data(), digest_b.data(), sha256_size) == 0;
}

std::string pseudonymize(std::string_view key, std::string_view platform, std::string_view id) {
  std::string subject(platform);
  subject.push_back(':');
  subject.append(id);
  return "u_" + hmac_sha256_hex(key, subject).substr(0, 16);
}

}  // namespace madoguchi::webhook
