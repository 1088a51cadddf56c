// Messenger / Instagram: the X-Hub-Signature-256 check over the raw body, then event parsing and
// what the channel does with each event. Input: header value, '\n', body (see webhook_checks.hpp).
#include "webhook_checks.hpp"

#include "madoguchi/webhook/messenger_event.hpp"
#include "madoguchi/webhook/signature.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

constexpr std::string_view app_secret = "fuzz-app-secret";
constexpr std::string_view app_id = "1234567890";

std::string lower_hex(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'F') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return lower;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace madoguchi;
  const auto [header, body] = fuzz::split_header({reinterpret_cast<const char*>(data), size});

  const webhook::signature_check check = webhook::check_meta_signature(app_secret, header, body);
  const std::string expected = "sha256=" + webhook::hmac_sha256_hex(app_secret, body);
  if (webhook::check_meta_signature(app_secret, expected, body) !=
      webhook::signature_check::valid) {
    __builtin_trap();  // the correct signature refused
  }
  if (check == webhook::signature_check::valid && lower_hex(header) != expected) {
    __builtin_trap();  // a wrong signature accepted
  }
  if (header.empty() != (check == webhook::signature_check::missing)) {
    __builtin_trap();
  }

  for (const std::string_view own : {std::string_view{}, app_id}) {
    const auto events = webhook::parse_messenger_events(body, own);
    if (events) {
      for (const webhook::channel_event& event : *events) {
        fuzz::check_event(event);
      }
    }
  }
  (void)webhook::pseudonymize("fuzz-key", "messenger", body.substr(0, 64));
  // The data deletion callback's signed_request: decodes only what this secret signed.
  if (webhook::decode_signed_request(app_secret, body) &&
      body.find('.') == std::string_view::npos) {
    __builtin_trap();
  }
  return 0;
}
