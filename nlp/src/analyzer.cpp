// MeCab-backed analyzer. One Model and one Tagger per process; a Lattice per parse, because
// Tagger::parse(Lattice*) is the only thread-safe parse entry point (mecab.h). Lattices are
// pooled and reused.
#include "madoguchi/nlp/analyzer.hpp"

#include "embedded_user_dictionary_dic.hpp"

#include <mecab.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <stdexcept>

namespace madoguchi::nlp {
namespace {

// Field `i` of MeCab's comma-separated feature string (IPA:
// 品詞,細分類1,細分類2,細分類3,活用型,活用形,原形,読み,発音); empty for "*" or a missing field.
std::string_view feature_field(std::string_view feature, std::size_t i) {
  for (; i > 0; --i) {
    const std::size_t comma = feature.find(',');
    if (comma == std::string_view::npos) {
      return {};
    }
    feature.remove_prefix(comma + 1);
  }
  const std::string_view field = feature.substr(0, feature.find(','));
  return field == "*" ? std::string_view{} : field;
}

// The embedded user dictionary in a private temporary file, removed once MeCab has mapped it:
// MeCab loads dictionaries only from files, and the binary must run with nothing beside it.
class user_dictionary_file {
 public:
  user_dictionary_file() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "madoguchi-dic-XXXXXX").string();
    const int fd = ::mkstemp(pattern.data());
    if (fd < 0) {
      throw std::runtime_error("cannot create a temporary file for the MeCab user dictionary in " +
                               std::filesystem::temp_directory_path().string() +
                               "; make TMPDIR a writable directory");
    }
    path_ = pattern;
    const std::string_view bytes = embedded::user_dictionary_dic();
    const bool written =
        ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size());
    ::close(fd);
    if (!written) {
      std::filesystem::remove(path_);
      throw std::runtime_error("cannot write the MeCab user dictionary to " + path_ +
                               "; free some space in the temporary directory");
    }
  }
  ~user_dictionary_file() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  user_dictionary_file(const user_dictionary_file&) = delete;
  user_dictionary_file& operator=(const user_dictionary_file&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

class mecab_analyzer final : public analyzer {
 public:
  explicit mecab_analyzer(const analyzer_options& options) {
    const user_dictionary_file user_dictionary;
    // "-r /dev/null": do not read a mecabrc; everything the model needs is named here. MeCab
    // maps the dictionaries into memory, so the user dictionary's file can go once loaded.
    const std::string arguments =
        "-r /dev/null -d " + options.dictionary_dir + " -u " + user_dictionary.path();
    model_.reset(MeCab::createModel(arguments.c_str()));
    if (!model_) {
      throw std::runtime_error(
          "cannot load the MeCab dictionary from '" + options.dictionary_dir + "' (" +
          MeCab::getLastError() +
          "); install the Debian package mecab-ipadic-utf8 or set [nlp] dictionary_dir to a "
          "directory that contains sys.dic");
    }
    tagger_.reset(model_->createTagger());
    if (!tagger_) {
      throw std::runtime_error(std::string("cannot create a MeCab tagger: ") +
                               MeCab::getLastError());
    }
  }

  // nlp::analyzer
  std::vector<token> tokenize(std::string_view normalized) const override {
    std::vector<token> tokens;
    if (normalized.empty()) {
      return tokens;
    }
    const lattice_lease lattice(*this);
    lattice->set_sentence(normalized.data(), normalized.size());
    if (!tagger_->parse(lattice.get())) {
      return tokens;
    }
    for (const MeCab::Node* node = lattice->bos_node(); node != nullptr; node = node->next) {
      if (node->stat == MECAB_BOS_NODE || node->stat == MECAB_EOS_NODE) {
        continue;
      }
      const std::string_view feature = node->feature;
      token t;
      t.surface.assign(node->surface, node->length);
      t.part_of_speech = feature_field(feature, 0);
      t.subclass = feature_field(feature, 1);
      t.base_form = feature_field(feature, 6);
      t.reading = feature_field(feature, 7);
      t.known = node->stat != MECAB_UNK_NODE;
      if (t.base_form.empty()) {
        t.base_form = t.surface;
      }
      tokens.push_back(std::move(t));
    }
    return tokens;
  }

 private:
  // A lattice taken from the pool for one parse and given back after it: creating one costs
  // more than the parse of a short question, and a lattice serves one parse at a time.
  class lattice_lease {
   public:
    explicit lattice_lease(const mecab_analyzer& owner) : owner_(owner) {
      {
        const std::lock_guard lock(owner_.pool_mutex_);
        if (!owner_.pool_.empty()) {
          lattice_ = std::move(owner_.pool_.back());
          owner_.pool_.pop_back();
        }
      }
      if (!lattice_) {
        lattice_.reset(owner_.model_->createLattice());
      }
    }
    ~lattice_lease() {
      lattice_->clear();
      const std::lock_guard lock(owner_.pool_mutex_);
      owner_.pool_.push_back(std::move(lattice_));
    }
    lattice_lease(const lattice_lease&) = delete;
    lattice_lease& operator=(const lattice_lease&) = delete;
    MeCab::Lattice* operator->() const { return lattice_.get(); }
    MeCab::Lattice* get() const { return lattice_.get(); }

   private:
    const mecab_analyzer& owner_;
    std::unique_ptr<MeCab::Lattice> lattice_;
  };

  std::unique_ptr<MeCab::Model> model_;
  std::unique_ptr<MeCab::Tagger> tagger_;
  mutable std::mutex pool_mutex_;
  mutable std::vector<std::unique_ptr<MeCab::Lattice>> pool_;
};

}  // namespace

analysis analyzer::analyze(std::string_view normalized) const {
  return analyze(tokenize(normalized));
}

analysis analyzer::analyze(const std::vector<token>& tokens) {
  return analyze_tokens(tokens, vocabulary::embedded());
}

std::unique_ptr<analyzer> analyzer::create(const analyzer_options& options) {
  return std::make_unique<mecab_analyzer>(options);
}

}  // namespace madoguchi::nlp
