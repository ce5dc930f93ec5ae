#include "tests/support/id_numbers.h"

namespace rrmon::testing {

std::string MakeIdNumber(const std::string& area, const std::string& birth, int sequence) {
  const int three_digits = ((sequence % 1000) + 1000) % 1000;
  std::string id = area + birth;
  id.push_back(static_cast<char>('0' + three_digits / 100));
  id.push_back(static_cast<char>('0' + three_digits / 10 % 10));
  id.push_back(static_cast<char>('0' + three_digits % 10));
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (id[i] - '0') * kWeights[i];
  id.push_back("10X98765432"[sum % 11]);
  return id;
}

}  // namespace rrmon::testing
