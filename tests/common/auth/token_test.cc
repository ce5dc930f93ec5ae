#include "common/auth/token.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "tests/common/auth/token_test_util.h"
#include "tests/common/validation/field_error_matchers.h"
#include "tests/support/temp_dir.h"

namespace rrmon::auth {
namespace {

using ::rrmon::auth::testing::B64;
using ::rrmon::auth::testing::SignWithPem;
using ::rrmon::testing::IsFieldError;
using ::testing::HasSubstr;

const absl::Time kNow = absl::FromUnixSeconds(1'717'200'000);  // 2024-06-01.
constexpr std::string_view kEdDsaHeader = R"({"alg":"EdDSA","typ":"JWT"})";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

Principal CountyOfficer() {
  Principal principal;
  principal.subject = "staff-0042";
  principal.role = Role::ROLE_COUNTY_OFFICER;
  principal.region_prefix = "654201";
  principal.expire_time = kNow + absl::Hours(8);
  return principal;
}

class TokenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(GenerateSigningKeyPair(private_path_, public_path_).ok());
    absl::StatusOr<TokenSigner> signer = TokenSigner::FromPrivateKeyFile(private_path_);
    ASSERT_TRUE(signer.ok()) << signer.status();
    signer_ = std::make_unique<TokenSigner>(*signer);
    absl::StatusOr<TokenVerifier> verifier = TokenVerifier::FromPublicKeyFile(public_path_);
    ASSERT_TRUE(verifier.ok()) << verifier.status();
    verifier_ = std::make_unique<TokenVerifier>(*verifier);
  }

  // A token signed with the test key whose claims are exactly `claims_json`.
  std::string SignClaims(std::string_view claims_json,
                         std::string_view header_json = kEdDsaHeader) const {
    return SignWithPem(ReadFile(private_path_), header_json, claims_json);
  }

  // Asserts UNAUTHENTICATED with `message`, and that the message does not echo the token.
  void ExpectRejected(const std::string& token, std::string_view message,
                      absl::Time now = kNow) const {
    absl::StatusOr<Principal> result = verifier_->Verify(token, now);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.status().code(), absl::StatusCode::kUnauthenticated) << result.status();
    EXPECT_THAT(std::string(result.status().message()), HasSubstr(message));
    for (absl::string_view part : absl::StrSplit(token, '.')) {
      if (part.size() >= 8) {
        EXPECT_THAT(std::string(result.status().message()),
                    ::testing::Not(HasSubstr(std::string(part))));
      }
    }
  }

  rrmon::testing::TempDir dir_;
  std::string private_path_ = dir_.File("signing.pem");
  std::string public_path_ = dir_.File("signing.pub.pem");
  std::unique_ptr<TokenSigner> signer_;
  std::unique_ptr<TokenVerifier> verifier_;
};

TEST_F(TokenTest, KeyFilesArePemWithPrivateModeOwnerOnly) {
  EXPECT_THAT(ReadFile(private_path_), HasSubstr("-----BEGIN PRIVATE KEY-----"));
  EXPECT_THAT(ReadFile(public_path_), HasSubstr("-----BEGIN PUBLIC KEY-----"));
  struct stat info;
  ASSERT_EQ(stat(private_path_.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

TEST_F(TokenTest, KeyGenerationNeverOverwrites) {
  const std::string private_pem = ReadFile(private_path_);
  EXPECT_EQ(GenerateSigningKeyPair(private_path_, dir_.File("other.pub")).code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(GenerateSigningKeyPair(dir_.File("other.pem"), public_path_).code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(ReadFile(private_path_), private_pem);
  EXPECT_FALSE(std::filesystem::exists(dir_.File("other.pub")));
  EXPECT_FALSE(std::filesystem::exists(dir_.File("other.pem")));
  EXPECT_EQ(GenerateSigningKeyPair(dir_.File("same"), dir_.File("same")).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(TokenTest, IssueThenVerifyRoundTrips) {
  absl::StatusOr<std::string> token = signer_->Issue(CountyOfficer(), kNow);
  ASSERT_TRUE(token.ok()) << token.status();
  EXPECT_EQ(std::count(token->begin(), token->end(), '.'), 2);
  EXPECT_EQ(token->find('='), std::string::npos);
  absl::StatusOr<Principal> principal = verifier_->Verify(*token, kNow + absl::Minutes(5));
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->subject, "staff-0042");
  EXPECT_EQ(principal->role, Role::ROLE_COUNTY_OFFICER);
  EXPECT_EQ(principal->region_prefix, "654201");
  EXPECT_EQ(principal->expire_time, kNow + absl::Hours(8));
}

TEST_F(TokenTest, TokenHasTheDocumentedShape) {
  const std::string token = signer_->Issue(CountyOfficer(), kNow).value();
  const std::vector<std::string> parts = absl::StrSplit(token, '.');
  ASSERT_EQ(parts.size(), 3u);
  std::string header, claims, signature;
  ASSERT_TRUE(absl::WebSafeBase64Unescape(parts[0], &header));
  ASSERT_TRUE(absl::WebSafeBase64Unescape(parts[1], &claims));
  ASSERT_TRUE(absl::WebSafeBase64Unescape(parts[2], &signature));
  EXPECT_EQ(header,
            absl::StrCat(R"({"alg":"EdDSA","kid":")", signer_->key_id(), R"(","typ":"JWT"})"));
  EXPECT_EQ(signature.size(), 64u);
  const nlohmann::json json = nlohmann::json::parse(claims);
  EXPECT_EQ(json["sub"], "staff-0042");
  EXPECT_EQ(json["role"], "county_officer");
  EXPECT_EQ(json["region"], "654201");
  EXPECT_EQ(json["iat"], absl::ToUnixSeconds(kNow));
  EXPECT_EQ(json["exp"], absl::ToUnixSeconds(kNow + absl::Hours(8)));
}

TEST_F(TokenTest, CopiesShareTheKey) {
  TokenSigner signer_copy = *signer_;
  TokenVerifier verifier_copy = *verifier_;
  signer_.reset();
  verifier_.reset();
  const std::string token = signer_copy.Issue(CountyOfficer(), kNow).value();
  EXPECT_TRUE(verifier_copy.Verify(token, kNow).ok());
}

TEST_F(TokenTest, VerifierAcceptsPrivateKeyFile) {
  absl::StatusOr<TokenVerifier> verifier = TokenVerifier::FromPublicKeyFile(private_path_);
  ASSERT_TRUE(verifier.ok()) << verifier.status();
  const std::string token = signer_->Issue(CountyOfficer(), kNow).value();
  EXPECT_TRUE(verifier->Verify(token, kNow).ok());
}

TEST_F(TokenTest, KeyLoadingErrors) {
  EXPECT_EQ(TokenSigner::FromPrivateKeyFile(dir_.File("missing.pem")).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(TokenVerifier::FromPublicKeyFile(dir_.File("missing.pem")).status().code(),
            absl::StatusCode::kNotFound);
  // A signer needs the private key.
  EXPECT_EQ(TokenSigner::FromPrivateKeyFile(public_path_).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(TokenVerifier::FromPublicKeyPem("not a key").status().code(),
            absl::StatusCode::kInvalidArgument);
  // Another key type is refused.
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> rsa(EVP_RSA_gen(2048), EVP_PKEY_free);
  ASSERT_NE(rsa, nullptr);
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  ASSERT_EQ(PEM_write_bio_PUBKEY(bio.get(), rsa.get()), 1);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  EXPECT_EQ(TokenVerifier::FromPublicKeyPem(std::string_view(data, size)).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(TokenTest, IssueValidatesThePrincipal) {
  Principal principal = CountyOfficer();
  principal.subject = "";
  EXPECT_TRUE(IsFieldError(signer_->Issue(principal, kNow).status(), "subject"));
  principal = CountyOfficer();
  principal.subject = "a\nb";
  EXPECT_TRUE(IsFieldError(signer_->Issue(principal, kNow).status(), "subject"));
  principal = CountyOfficer();
  principal.role = Role::ROLE_UNSPECIFIED;
  EXPECT_TRUE(IsFieldError(signer_->Issue(principal, kNow).status(), "role"));
  principal = CountyOfficer();
  principal.region_prefix = "654";
  EXPECT_TRUE(IsFieldError(signer_->Issue(principal, kNow).status(), "region_prefix"));
  principal.region_prefix = "";
  EXPECT_TRUE(IsFieldError(signer_->Issue(principal, kNow).status(), "region_prefix"));
  principal = CountyOfficer();
  principal.expire_time = kNow;
  EXPECT_TRUE(IsFieldError(signer_->Issue(principal, kNow).status(), "expire_time"));
  principal.expire_time = absl::InfiniteFuture();
  EXPECT_TRUE(IsFieldError(signer_->Issue(principal, kNow).status(), "expire_time"));
}

TEST_F(TokenTest, RejectsExpiredToken) {
  const std::string token = signer_->Issue(CountyOfficer(), kNow).value();
  EXPECT_TRUE(verifier_->Verify(token, kNow + absl::Hours(8) - absl::Seconds(1)).ok());
  ExpectRejected(token, "token has expired", kNow + absl::Hours(8));
  ExpectRejected(token, "token has expired", kNow + absl::Hours(100));
}

TEST_F(TokenTest, RejectsTokenIssuedInTheFuture) {
  const std::string token = signer_->Issue(CountyOfficer(), kNow + absl::Minutes(2)).value();
  ExpectRejected(token, "token was issued in the future", kNow);
  // Within the allowed clock skew.
  EXPECT_TRUE(verifier_->Verify(token, kNow + absl::Minutes(1)).ok());
}

TEST_F(TokenTest, RejectsTamperedPayload) {
  const std::string token = signer_->Issue(CountyOfficer(), kNow).value();
  const std::vector<std::string> parts = absl::StrSplit(token, '.');
  const std::string widened = B64(absl::StrCat(
      R"({"exp":)", absl::ToUnixSeconds(kNow + absl::Hours(8)), R"(,"iat":)",
      absl::ToUnixSeconds(kNow), R"(,"region":"65","role":"county_officer","sub":"staff-0042"})"));
  ExpectRejected(absl::StrCat(parts[0], ".", widened, ".", parts[2]), "token signature is invalid");
  // One flipped character of the signature.
  std::string flipped = token;
  flipped[flipped.size() - 5] = flipped[flipped.size() - 5] == 'A' ? 'B' : 'A';
  ExpectRejected(flipped, "token signature is invalid");
}

TEST_F(TokenTest, RejectsSignatureFromAnotherKey) {
  ASSERT_TRUE(GenerateSigningKeyPair(dir_.File("other.pem"), dir_.File("other.pub")).ok());
  const TokenSigner other = TokenSigner::FromPrivateKeyFile(dir_.File("other.pem")).value();
  // Its own key id names no trusted key.
  ExpectRejected(other.Issue(CountyOfficer(), kNow).value(), "unknown or retired key");
  // Claiming our key id does not help: the signature is checked with our key.
  const std::string claims =
      absl::StrCat(R"({"sub":"x","role":"analyst","region":"65","iat":)", absl::ToUnixSeconds(kNow),
                   R"(,"exp":)", absl::ToUnixSeconds(kNow + absl::Hours(1)), "}");
  ExpectRejected(
      SignWithPem(ReadFile(dir_.File("other.pem")),
                  absl::StrCat(R"({"alg":"EdDSA","kid":")", signer_->key_id(), R"("})"), claims),
      "token signature is invalid");
  // Without a key id (one trusted key), the same.
  ExpectRejected(SignWithPem(ReadFile(dir_.File("other.pem")), kEdDsaHeader, claims),
                 "token signature is invalid");
}

TEST_F(TokenTest, RejectsOtherAlgorithms) {
  const std::string claims =
      absl::StrCat(R"({"sub":"x","role":"analyst","region":"65","iat":)", absl::ToUnixSeconds(kNow),
                   R"(,"exp":)", absl::ToUnixSeconds(kNow + absl::Hours(1)), "}");
  // "none": no signature at all.
  ExpectRejected(absl::StrCat(B64(R"({"alg":"none","typ":"JWT"})"), ".", B64(claims), "."),
                 "unsupported token algorithm");
  ExpectRejected(absl::StrCat(B64(R"({"alg":"none"})"), ".", B64(claims), ".c2ln"),
                 "unsupported token algorithm");
  // HS256 with the public key as the HMAC secret is the classic confusion attack; any
  // HS256 header is refused before a signature is looked at.
  ExpectRejected(SignClaims(claims, R"({"alg":"HS256","typ":"JWT"})"),
                 "unsupported token algorithm");
  ExpectRejected(SignClaims(claims, R"({"typ":"JWT"})"), "unsupported token algorithm");
  ExpectRejected(SignClaims(claims, R"({"alg":"eddsa"})"), "unsupported token algorithm");
  ExpectRejected(SignClaims(claims, R"({"alg":"EdDSA","crit":["exp"]})"), "critical");
  // The same claims with the right header verify: the rejections above are the header's.
  EXPECT_TRUE(verifier_->Verify(SignClaims(claims), kNow).ok());
}

TEST_F(TokenTest, RejectsMalformedTokens) {
  const std::string token = signer_->Issue(CountyOfficer(), kNow).value();
  const std::vector<std::string> parts = absl::StrSplit(token, '.');
  for (const std::string& bad : {
           std::string(),
           std::string("abc"),
           absl::StrCat(parts[0], ".", parts[1]),
           absl::StrCat(token, ".", parts[2]),
           absl::StrCat(".", parts[1], ".", parts[2]),
           absl::StrCat(parts[0], "..", parts[2]),
           absl::StrCat(parts[0], ".", parts[1], "."),
           absl::StrCat("!!!!", ".", parts[1], ".", parts[2]),
           absl::StrCat(parts[0], "=.", parts[1], ".", parts[2]),
           absl::StrCat(parts[0], ".", parts[1], ".", parts[2], "=="),
           absl::StrCat(parts[0], ".", parts[1], ".", parts[2].substr(1)),
           absl::StrCat(B64("not json"), ".", parts[1], ".", parts[2]),
           absl::StrCat(B64("[1,2]"), ".", parts[1], ".", parts[2]),
           absl::StrCat(parts[0], " .", parts[1], ".", parts[2]),
           std::string(5000, 'a'),
       }) {
    absl::StatusOr<Principal> result = verifier_->Verify(bad, kNow);
    ASSERT_FALSE(result.ok()) << bad;
    EXPECT_EQ(result.status().code(), absl::StatusCode::kUnauthenticated);
  }
  ExpectRejected(absl::StrCat("!!!!", ".", parts[1], ".", parts[2]), "malformed token");
  ExpectRejected(absl::StrCat(parts[0], ".", parts[1]), "malformed token");
}

TEST_F(TokenTest, RejectsBadClaims) {
  const int64_t iat = absl::ToUnixSeconds(kNow);
  const int64_t exp = absl::ToUnixSeconds(kNow + absl::Hours(1));
  auto claims = [&](absl::string_view extra) {
    return absl::StrCat(R"({"sub":"x","iat":)", iat, R"(,"exp":)", exp, extra, "}");
  };
  ExpectRejected(SignClaims(claims(R"(,"region":"65")")), "token has no role");
  ExpectRejected(SignClaims(claims(R"(,"region":"65","role":"")")), "token has no role");
  ExpectRejected(SignClaims(claims(R"(,"region":"65","role":"admin")")),
                 "token has an unknown role");
  ExpectRejected(SignClaims(claims(R"(,"region":"65","role":"unspecified")")),
                 "token has an unknown role");
  ExpectRejected(SignClaims(claims(R"(,"region":"65","role":4)")), "token has no role");
  ExpectRejected(SignClaims(claims(R"(,"role":"analyst")")), "token has an invalid region");
  ExpectRejected(SignClaims(claims(R"(,"role":"analyst","region":"")")),
                 "token has an invalid region");
  ExpectRejected(SignClaims(claims(R"(,"role":"analyst","region":"99")")),
                 "token has an invalid region");
  ExpectRejected(SignClaims(claims(R"(,"role":"analyst","region":65)")),
                 "token has an invalid region");
  ExpectRejected(SignClaims(R"({"role":"analyst","region":"65","iat":1,"exp":"soon"})"),
                 "malformed token claims");
  ExpectRejected(SignClaims(R"({"role":"analyst","region":"65","iat":1.5,"exp":9999999999})"),
                 "malformed token claims");
  ExpectRejected(SignClaims(R"({"role":"analyst","region":"65","exp":9999999999})"),
                 "malformed token claims");
  ExpectRejected(SignClaims(absl::StrCat(R"({"role":"analyst","region":"65","iat":)", iat,
                                         R"(,"exp":)", exp, "}")),
                 "token has no subject");
  ExpectRejected(SignClaims("[]"), "malformed token claims");
  ExpectRejected(SignClaims(R"({"sub":"x","role":"analyst","region":"65","iat":1,)"
                            R"("exp":18446744073709551615})"),
                 "malformed token claims");
}

TEST_F(TokenTest, EveryRejectionHasItsOwnMessage) {
  const std::string token = signer_->Issue(CountyOfficer(), kNow).value();
  const std::vector<std::string> parts = absl::StrSplit(token, '.');
  const int64_t iat = absl::ToUnixSeconds(kNow);
  const int64_t exp = absl::ToUnixSeconds(kNow + absl::Hours(1));
  auto claims = [&](absl::string_view body) {
    return absl::StrCat(R"({"sub":"x","iat":)", iat, R"(,"exp":)", exp, body, "}");
  };
  auto message = [&](const std::string& bad, absl::Time now = kNow) {
    return std::string(verifier_->Verify(bad, now).status().message());
  };
  const std::set<std::string> messages = {
      message("garbage"),
      message(SignClaims(claims(R"(,"role":"analyst","region":"65")"), R"({"alg":"HS256"})")),
      message(absl::StrCat(parts[0], ".", parts[1], ".", B64(std::string(64, 'x')))),
      message(token, kNow + absl::Hours(9)),
      message(token, kNow - absl::Hours(1)),
      message(SignClaims(claims(R"(,"region":"65")"))),
      message(SignClaims(claims(R"(,"role":"boss","region":"65")"))),
      message(SignClaims(claims(R"(,"role":"analyst","region":"9")"))),
  };
  EXPECT_EQ(messages.size(), 8u);
}

}  // namespace
// ---- Rotation, audience, lifetime, not-before -------------------------------------------

TEST_F(TokenTest, RotationTrustsEveryListedKeyAndRefusesARetiredOne) {
  const std::string new_private = dir_.File("new.pem");
  const std::string new_public = dir_.File("new.pub.pem");
  ASSERT_TRUE(GenerateSigningKeyPair(new_private, new_public).ok());
  const TokenSigner new_signer = TokenSigner::FromPrivateKeyFile(new_private).value();
  EXPECT_NE(new_signer.key_id(), signer_->key_id());
  EXPECT_EQ(signer_->key_id().size(), 16u);
  const std::string old_token = signer_->Issue(CountyOfficer(), kNow).value();
  const std::string new_token = new_signer.Issue(CountyOfficer(), kNow).value();

  // During the rotation both keys are trusted; each token names its own.
  const TokenVerifier both =
      TokenVerifier::FromPublicKeyFile(public_path_ + ", " + new_public).value();
  EXPECT_TRUE(both.Verify(old_token, kNow).ok());
  EXPECT_TRUE(both.Verify(new_token, kNow).ok());
  // A token without a key id cannot say which of two keys signed it (one key alone still
  // takes it, as tokens of older issuers have none).
  const std::string no_kid = SignClaims(
      absl::StrCat(R"({"sub":"a","role":"analyst","region":"6542","iat":)",
                   absl::ToUnixSeconds(kNow), R"(,"exp":)", absl::ToUnixSeconds(kNow) + 3600, "}"));
  EXPECT_TRUE(verifier_->Verify(no_kid, kNow).ok());
  const auto ambiguous = both.Verify(no_kid, kNow);
  ASSERT_FALSE(ambiguous.ok());
  EXPECT_THAT(std::string(ambiguous.status().message()), HasSubstr("names no signing key"));

  // The old key retired: its tokens stop working at once.
  const TokenVerifier retired = TokenVerifier::FromPublicKeyFile(new_public).value();
  EXPECT_TRUE(retired.Verify(new_token, kNow).ok());
  const auto refused = retired.Verify(old_token, kNow);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(std::string(refused.status().message()), HasSubstr("unknown or retired key"));

  EXPECT_EQ(TokenVerifier::FromPublicKeyFile(public_path_ + "," + public_path_).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(TokenTest, ATokenForOneServiceDoesNotWorkAtAnother) {
  const TokenVerifier monitoring =
      TokenVerifier::FromPublicKeyFile(public_path_, TokenPolicy{.audience = "monitoring"}).value();
  Principal principal = CountyOfficer();
  principal.audience = "monitoring";
  const auto accepted = monitoring.Verify(signer_->Issue(principal, kNow).value(), kNow);
  ASSERT_TRUE(accepted.ok()) << accepted.status();
  EXPECT_EQ(accepted->audience, "monitoring");
  principal.audience = "courtyard";
  EXPECT_FALSE(monitoring.Verify(signer_->Issue(principal, kNow).value(), kNow).ok());
  principal.audience = "";
  EXPECT_FALSE(monitoring.Verify(signer_->Issue(principal, kNow).value(), kNow).ok())
      << "no audience is not every audience";
}

TEST_F(TokenTest, LifetimeIsBoundedByTheRole) {
  Principal person = CountyOfficer();
  person.expire_time = kNow + absl::Hours(12);
  EXPECT_TRUE(verifier_->Verify(signer_->Issue(person, kNow).value(), kNow).ok());
  person.expire_time = kNow + absl::Hours(13);
  ExpectRejected(signer_->Issue(person, kNow).value(), "longer than its role allows");
  person.expire_time =
      absl::FromCivil(absl::CivilSecond(9999, 12, 31, 0, 0, 0), absl::UTCTimeZone());
  ExpectRejected(signer_->Issue(person, kNow).value(), "longer than its role allows");

  Principal service = CountyOfficer();
  service.role = Role::ROLE_SERVICE;
  service.expire_time = kNow + absl::Hours(24 * 30);
  EXPECT_TRUE(verifier_->Verify(signer_->Issue(service, kNow).value(), kNow).ok());
  service.expire_time = kNow + absl::Hours(24 * 3650);
  ExpectRejected(signer_->Issue(service, kNow).value(), "longer than its role allows");

  const TokenVerifier strict = TokenVerifier::FromPublicKeyFile(
                                   public_path_, TokenPolicy{.max_lifetime_people = absl::Hours(1)})
                                   .value();
  EXPECT_FALSE(strict.Verify(signer_->Issue(CountyOfficer(), kNow).value(), kNow).ok())
      << "the lifetime is configuration";
}

TEST_F(TokenTest, NotBeforeIsHonoured) {
  const int64_t now = absl::ToUnixSeconds(kNow);
  const auto claims = [&](int64_t nbf) {
    return absl::StrCat(R"({"sub":"a","role":"analyst","region":"6542","iat":)", now, R"(,"exp":)",
                        now + 3600, R"(,"nbf":)", nbf, "}");
  };
  EXPECT_TRUE(verifier_->Verify(SignClaims(claims(now - 10)), kNow).ok());
  ExpectRejected(SignClaims(claims(now + 600)), "not valid yet");
  ExpectRejected(SignClaims(absl::StrCat(R"({"sub":"a","role":"analyst","region":"6542","iat":)",
                                         now, R"(,"exp":)", now + 3600, R"(,"nbf":"soon"})")),
                 "bad nbf");
}

TEST(TokenRegionTest, RegionMustFitTheRole) {
  EXPECT_TRUE(CheckRegionFitsRole(Role::ROLE_VILLAGE_CADRE, "654201001001").ok());
  EXPECT_FALSE(CheckRegionFitsRole(Role::ROLE_VILLAGE_CADRE, "65").ok());
  EXPECT_FALSE(CheckRegionFitsRole(Role::ROLE_VILLAGE_CADRE, "654201001").ok());
  EXPECT_TRUE(CheckRegionFitsRole(Role::ROLE_TOWNSHIP_OFFICER, "654201001").ok());
  EXPECT_FALSE(CheckRegionFitsRole(Role::ROLE_TOWNSHIP_OFFICER, "654201").ok());
  EXPECT_TRUE(CheckRegionFitsRole(Role::ROLE_COUNTY_OFFICER, "654201").ok());
  EXPECT_TRUE(CheckRegionFitsRole(Role::ROLE_COUNTY_OFFICER, "6542").ok());
  EXPECT_FALSE(CheckRegionFitsRole(Role::ROLE_COUNTY_OFFICER, "65").ok());
  EXPECT_TRUE(CheckRegionFitsRole(Role::ROLE_ANALYST, "65").ok());
  EXPECT_TRUE(CheckRegionFitsRole(Role::ROLE_SERVICE, "65").ok());
  EXPECT_FALSE(CheckRegionFitsRole(Role::ROLE_SERVICE, "6").ok()) << "still a valid prefix";
}

}  // namespace rrmon::auth
