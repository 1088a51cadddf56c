// The metrics registry and its Prometheus text rendering (exposition format 0.0.4).
#include "madoguchi/telemetry/metrics.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

namespace madoguchi::telemetry {
namespace {

bool valid_name(std::string_view name, bool colons) {
  const auto head = [colons](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colons && c == ':');
  };
  return !name.empty() && head(name.front()) &&
         std::all_of(name.begin() + 1, name.end(),
                     [&head](char c) { return head(c) || (c >= '0' && c <= '9'); });
}

// Go's strconv formatting as Prometheus expects it: shortest round-trip, +Inf, -Inf, NaN.
std::string format_value(double value) {
  if (std::isnan(value)) {
    return "NaN";
  }
  if (std::isinf(value)) {
    return value > 0 ? "+Inf" : "-Inf";
  }
  char text[64];
  const auto result = std::to_chars(text, text + sizeof text, value);
  return std::string(text, result.ptr);
}

// The text format escapes only these, and in HELP not the quote.
void append_escaped(std::string& out, std::string_view text, bool quote) {
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (quote && c == '"') {
      out += "\\\"";
    } else {
      out += c;
    }
  }
}

void append_sample(std::string& out, std::string_view name, const std::string& labels,
                   std::string_view value) {
  out.append(name).append(labels).append(" ").append(value).append("\n");
}

}  // namespace

histogram::histogram(std::vector<double> upper_bounds)
    : upper_bounds_(std::move(upper_bounds)),
      counts_(std::make_unique<std::atomic<std::uint64_t>[]>(upper_bounds_.size() + 1)) {
  for (std::size_t i = 0; i < upper_bounds_.size(); ++i) {
    if (!std::isfinite(upper_bounds_[i]) || (i > 0 && upper_bounds_[i] <= upper_bounds_[i - 1])) {
      throw std::invalid_argument("histogram bounds must be finite and increasing");
    }
  }
}

void histogram::observe(double value) {
  // Buckets are "less than or equal": the first bound not below the value.
  const auto bucket = std::lower_bound(upper_bounds_.begin(), upper_bounds_.end(), value);
  counts_[static_cast<std::size_t>(bucket - upper_bounds_.begin())].fetch_add(
      1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

histogram::totals histogram::read() const {
  totals result;
  std::uint64_t running = 0;
  for (std::size_t i = 0; i <= upper_bounds_.size(); ++i) {
    running += counts_[i].load(std::memory_order_relaxed);
    result.cumulative.push_back(running);
  }
  result.sum = sum_.load(std::memory_order_relaxed);
  return result;
}

namespace detail {

family_base::family_base(std::string name, std::string help, std::string_view type,
                         std::vector<std::string> label_names)
    : name_(std::move(name)),
      help_(std::move(help)),
      type_(type),
      label_names_(std::move(label_names)) {
  if (!valid_name(name_, true)) {
    throw std::invalid_argument("invalid metric name: " + name_);
  }
  for (const std::string& label : label_names_) {
    if (!valid_name(label, false) || label.starts_with("__") ||
        (type == "histogram" && label == "le")) {
      throw std::invalid_argument("invalid label name for " + name_ + ": " + label);
    }
  }
}

void family_base::expose(std::string& out) const {
  out.append("# HELP ").append(name_).append(" ");
  append_escaped(out, help_, false);
  out.append("\n# TYPE ").append(name_).append(" ").append(type_).append("\n");
  expose_samples(out);
}

std::string family_base::labels_text(const std::vector<std::string>& values,
                                     std::string_view extra) const {
  if (values.empty() && extra.empty()) {
    return {};
  }
  std::string text = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    text.append(i == 0 ? "" : ",").append(label_names_[i]).append("=\"");
    append_escaped(text, values[i], true);
    text.append("\"");
  }
  text.append(values.empty() || extra.empty() ? "" : ",").append(extra).append("}");
  return text;
}

void family_base::check_arity(std::size_t values) const {
  if (values != label_names_.size()) {
    throw std::invalid_argument(name_ + " takes " + std::to_string(label_names_.size()) +
                                " label values, got " + std::to_string(values));
  }
}

}  // namespace detail

template <class Metric>
family<Metric>::family(std::string name, std::string help, std::vector<std::string> label_names,
                       std::function<std::unique_ptr<Metric>()> make)
    : family_base(std::move(name), std::move(help),
                  std::is_same_v<Metric, counter> ? "counter"
                  : std::is_same_v<Metric, gauge> ? "gauge"
                                                  : "histogram",
                  std::move(label_names)),
      make_(std::move(make)) {
  // Without labels there is exactly one series: it exists, at zero, from the start.
  if (!labelled()) {
    with({});
  }
}

template <class Metric>
Metric& family<Metric>::with(std::initializer_list<std::string_view> label_values) {
  check_arity(label_values.size());
  std::vector<std::string> key(label_values.begin(), label_values.end());
  const std::lock_guard lock(mutex_);
  std::unique_ptr<Metric>& child = children_[std::move(key)];
  if (!child) {
    child = make_();
  }
  return *child;
}

template <>
void family<counter>::expose_samples(std::string& out) const {
  const std::lock_guard lock(mutex_);
  for (const auto& [values, child] : children_) {
    append_sample(out, name(), labels_text(values, {}), std::to_string(child->value()));
  }
}

template <>
void family<gauge>::expose_samples(std::string& out) const {
  const std::lock_guard lock(mutex_);
  for (const auto& [values, child] : children_) {
    append_sample(out, name(), labels_text(values, {}), format_value(child->value()));
  }
}

template <>
void family<histogram>::expose_samples(std::string& out) const {
  const std::lock_guard lock(mutex_);
  for (const auto& [values, child] : children_) {
    const histogram::totals totals = child->read();
    const std::vector<double>& bounds = child->upper_bounds();
    for (std::size_t i = 0; i <= bounds.size(); ++i) {
      const std::string le =
          "le=\"" + (i < bounds.size() ? format_value(bounds[i]) : std::string("+Inf")) + "\"";
      append_sample(out, name() + "_bucket", labels_text(values, le),
                    std::to_string(totals.cumulative[i]));
    }
    append_sample(out, name() + "_sum", labels_text(values, {}), format_value(totals.sum));
    append_sample(out, name() + "_count", labels_text(values, {}),
                  std::to_string(totals.cumulative.back()));
  }
}

template class family<counter>;
template class family<gauge>;
template class family<histogram>;

namespace {

class callback_family final : public detail::family_base {
 public:
  callback_family(std::string name, std::string help, std::function<double()> read)
      : family_base(std::move(name), std::move(help), "gauge", {}), read_(std::move(read)) {}

 private:
  void expose_samples(std::string& out) const override {
    append_sample(out, name(), {}, format_value(read_()));
  }
  std::function<double()> read_;
};

}  // namespace

template <class Family>
Family& registry::add(std::unique_ptr<Family> created) {
  const std::lock_guard lock(mutex_);
  for (const auto& existing : families_) {
    if (existing->name() == created->name()) {
      throw std::invalid_argument("metric " + created->name() + " is already registered");
    }
  }
  Family& added = *created;
  families_.push_back(std::move(created));
  return added;
}

family<counter>& registry::add_counter(std::string name, std::string help,
                                       std::vector<std::string> label_names) {
  return add(std::make_unique<family<counter>>(std::move(name), std::move(help),
                                               std::move(label_names),
                                               [] { return std::make_unique<counter>(); }));
}

family<gauge>& registry::add_gauge(std::string name, std::string help,
                                   std::vector<std::string> label_names) {
  return add(std::make_unique<family<gauge>>(std::move(name), std::move(help),
                                             std::move(label_names),
                                             [] { return std::make_unique<gauge>(); }));
}

family<histogram>& registry::add_histogram(std::string name, std::string help,
                                           std::vector<std::string> label_names,
                                           std::vector<double> upper_bounds) {
  // Invalid bounds fail here, at registration, rather than at the first observation.
  static_cast<void>(histogram(upper_bounds));
  return add(std::make_unique<family<histogram>>(
      std::move(name), std::move(help), std::move(label_names),
      [bounds = std::move(upper_bounds)] { return std::make_unique<histogram>(bounds); }));
}

void registry::add_gauge_callback(std::string name, std::string help,
                                  std::function<double()> read) {
  add(std::make_unique<callback_family>(std::move(name), std::move(help), std::move(read)));
}

std::string registry::expose() const {
  std::string out;
  const std::lock_guard lock(mutex_);
  for (const auto& f : families_) {
    f->expose(out);
  }
  return out;
}

}  // namespace madoguchi::telemetry
