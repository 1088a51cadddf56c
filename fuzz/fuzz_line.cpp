// LINE: the X-Line-Signature check over the raw body, then event parsing and what the channel
// does with each event. Input: header value, '\n', body (see webhook_checks.hpp).
#include "webhook_checks.hpp"

#include "madoguchi/webhook/line_event.hpp"
#include "madoguchi/webhook/signature.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

constexpr std::string_view channel_secret = "fuzz-line-secret";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace madoguchi;
  const auto [header, body] = fuzz::split_header({reinterpret_cast<const char*>(data), size});

  const webhook::signature_check check =
      webhook::check_line_signature(channel_secret, header, body);
  if (header.empty() != (check == webhook::signature_check::missing)) {
    __builtin_trap();
  }
  // The same header against another body: a valid signature cannot be valid for both.
  const std::string other = std::string(body) + "x";
  if (check == webhook::signature_check::valid &&
      webhook::check_line_signature(channel_secret, header, other) ==
          webhook::signature_check::valid) {
    __builtin_trap();
  }

  const auto events = webhook::parse_line_events(body);
  if (events) {
    for (const webhook::channel_event& event : *events) {
      fuzz::check_event(event);
    }
  }
  (void)webhook::pseudonymize("fuzz-key", "line", body.substr(0, 64));
  return 0;
}
