// The webhook error category.
#include "madoguchi/webhook/error.hpp"

#include <string>

namespace madoguchi::webhook {
namespace {

class category final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "madoguchi.webhook"; }
  std::string message(int value) const override {
    switch (static_cast<errc>(value)) {
      case errc::malformed_json: return "the body is not valid JSON";
      case errc::unexpected_object: return "the JSON is not a webhook body this endpoint handles";
      case errc::malformed_payload: return "the journal payload cannot be decoded";
      case errc::invalid_url: return "the API base URL cannot be used";
    }
    return "unknown webhook error";
  }
};

}  // namespace

const boost::system::error_category& webhook_category() {
  static const category instance;
  return instance;
}

boost::system::error_code make_error_code(errc e) {
  return {static_cast<int>(e), webhook_category()};
}

}  // namespace madoguchi::webhook
