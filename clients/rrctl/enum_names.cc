#include "clients/rrctl/enum_names.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"

namespace rrmon::rrctl {
namespace {

constexpr absl::string_view kUnspecifiedSuffix = "UNSPECIFIED";
constexpr absl::string_view kNone = "-";

// CamelCase -> CAMEL_CASE_, for an enum that breaks the `_UNSPECIFIED = 0` rule.
std::string PrefixFromTypeName(absl::string_view name) {
  std::string prefix;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (i > 0 && absl::ascii_isupper(static_cast<unsigned char>(c))) prefix.push_back('_');
    prefix.push_back(absl::ascii_toupper(static_cast<unsigned char>(c)));
  }
  prefix.push_back('_');
  return prefix;
}

}  // namespace

std::string EnumValuePrefix(const google::protobuf::EnumDescriptor& descriptor) {
  const google::protobuf::EnumValueDescriptor* zero = descriptor.FindValueByNumber(0);
  if (zero != nullptr) {
    absl::string_view name(zero->name().data(), zero->name().size());
    if (absl::ConsumeSuffix(&name, kUnspecifiedSuffix)) return std::string(name);
  }
  return PrefixFromTypeName(absl::string_view(descriptor.name().data(), descriptor.name().size()));
}

std::string EnumValueSpelling(const google::protobuf::EnumDescriptor& descriptor, int number) {
  const google::protobuf::EnumValueDescriptor* value = descriptor.FindValueByNumber(number);
  if (value == nullptr) return absl::StrCat(number);
  absl::string_view name(value->name().data(), value->name().size());
  const std::string prefix = EnumValuePrefix(descriptor);
  absl::ConsumePrefix(&name, prefix);
  return absl::AsciiStrToLower(name);
}

std::vector<std::string> AllowedEnumSpellings(const google::protobuf::EnumDescriptor& descriptor) {
  std::vector<std::string> spellings;
  for (int i = 0; i < descriptor.value_count(); ++i) {
    const int number = descriptor.value(i)->number();
    if (number == 0) continue;
    spellings.push_back(EnumValueSpelling(descriptor, number));
  }
  return spellings;
}

std::string EnumChoicesText(const google::protobuf::EnumDescriptor& descriptor) {
  return absl::StrJoin(AllowedEnumSpellings(descriptor), "|");
}

absl::StatusOr<int> ParseEnumSpelling(const google::protobuf::EnumDescriptor& descriptor,
                                      absl::string_view text, absl::string_view what) {
  std::string wanted =
      absl::StrReplaceAll(absl::AsciiStrToLower(absl::StripAsciiWhitespace(text)), {{"-", "_"}});
  const std::string full_prefix = absl::AsciiStrToLower(EnumValuePrefix(descriptor));
  absl::string_view short_form = wanted;
  absl::ConsumePrefix(&short_form, full_prefix);
  for (int i = 0; i < descriptor.value_count(); ++i) {
    const int number = descriptor.value(i)->number();
    if (number == 0) continue;
    if (EnumValueSpelling(descriptor, number) == short_form) return number;
  }
  return absl::InvalidArgumentError(
      absl::StrCat(what, ": unknown value \"", text,
                   "\"; allowed: ", absl::StrJoin(AllowedEnumSpellings(descriptor), ", ")));
}

absl::StatusOr<std::vector<int>> ParseEnumSpellings(
    const google::protobuf::EnumDescriptor& descriptor, const std::vector<std::string>& texts,
    absl::string_view what) {
  std::vector<int> numbers;
  numbers.reserve(texts.size());
  for (const std::string& text : texts) {
    absl::StatusOr<int> number = ParseEnumSpelling(descriptor, text, what);
    if (!number.ok()) return number.status();
    numbers.push_back(*number);
  }
  return numbers;
}

std::string EnumValueOrNone(const google::protobuf::EnumDescriptor& descriptor, int number) {
  return number == 0 ? std::string(kNone) : EnumValueSpelling(descriptor, number);
}

std::string EnumValueLabel(const google::protobuf::EnumDescriptor& descriptor, int number) {
  return number == 0 ? std::string(kNone)
                     : absl::AsciiStrToUpper(EnumValueSpelling(descriptor, number));
}

std::string EnumValueWords(const google::protobuf::EnumDescriptor& descriptor, int number) {
  return number == 0 ? std::string(kNone)
                     : absl::StrReplaceAll(EnumValueSpelling(descriptor, number), {{"_", " "}});
}

}  // namespace rrmon::rrctl
