#include "common/auth/authorizer.h"

#include <gmock/gmock.h>
#include <grpcpp/test/client_context_test_peer.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status/status_details.h"
#include "common/time/clock.h"
#include "tests/support/temp_dir.h"

namespace rrmon::auth {
namespace {

using ::testing::HasSubstr;

const absl::Time kNow = absl::FromUnixSeconds(1'717'200'000);

Principal MakePrincipal(Role role, std::string region_prefix) {
  Principal principal;
  principal.subject = "staff-0042";
  principal.role = role;
  principal.region_prefix = std::move(region_prefix);
  principal.expire_time = kNow + absl::Hours(1);
  return principal;
}

// Metadata as a server sees it: string_refs into storage the test owns.
class Metadata {
 public:
  Metadata& Add(std::string key, std::string value) {
    storage_.push_back(
        std::make_unique<std::pair<std::string, std::string>>(std::move(key), std::move(value)));
    const auto& [k, v] = *storage_.back();
    map_.emplace(grpc::string_ref(k), grpc::string_ref(v));
    return *this;
  }
  const std::multimap<grpc::string_ref, grpc::string_ref>& map() const { return map_; }

 private:
  std::vector<std::unique_ptr<std::pair<std::string, std::string>>> storage_;
  std::multimap<grpc::string_ref, grpc::string_ref> map_;
};

TEST(RequireRoleTest, AllowsListedRolesOnly) {
  const std::initializer_list<Role> reviewers = {Role::ROLE_TOWNSHIP_OFFICER,
                                                 Role::ROLE_COUNTY_OFFICER};
  EXPECT_TRUE(
      RequireRole(MakePrincipal(Role::ROLE_TOWNSHIP_OFFICER, "65"), reviewers, "review cases")
          .ok());
  EXPECT_TRUE(
      RequireRole(MakePrincipal(Role::ROLE_COUNTY_OFFICER, "65"), reviewers, "review cases").ok());
  for (Role role :
       {Role::ROLE_VILLAGE_CADRE, Role::ROLE_ANALYST, Role::ROLE_SERVICE, Role::ROLE_UNSPECIFIED}) {
    const absl::Status status = RequireRole(MakePrincipal(role, "65"), reviewers, "review cases");
    EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
    EXPECT_THAT(std::string(status.message()), HasSubstr(RoleName(role)));
    EXPECT_THAT(std::string(status.message()), HasSubstr("review cases"));
  }
  EXPECT_EQ(RequireRole(MakePrincipal(Role::ROLE_COUNTY_OFFICER, "65"), {}, "anything").code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(RequireRegionTest, CoversEqualAndNarrowerOnly) {
  const Principal county = MakePrincipal(Role::ROLE_COUNTY_OFFICER, "654201");
  for (const char* region : {"654201", "654201100", "654201100201"}) {
    EXPECT_TRUE(RequireRegion(county, region).ok()) << region;
  }
  for (const char* region : {"65", "6542", "654202", "654202100201", "", "65420"}) {
    const absl::Status status = RequireRegion(county, region);
    EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied) << region;
  }
  const Principal province = MakePrincipal(Role::ROLE_ANALYST, "65");
  EXPECT_TRUE(RequireRegion(province, "6542").ok());
  EXPECT_TRUE(RequireRegion(province, "654226100201").ok());
  EXPECT_FALSE(RequireRegion(province, "110105").ok());
}

TEST(RequireRegionTest, EmptyPrincipalPrefixCoversNothing) {
  const Principal nobody = MakePrincipal(Role::ROLE_COUNTY_OFFICER, "");
  EXPECT_EQ(RequireRegion(nobody, "654201").code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(RequireRegion(nobody, "").code(), absl::StatusCode::kPermissionDenied);
}

TEST(RequireRegionTest, DoesNotEchoArbitraryInput) {
  const absl::Status status =
      RequireRegion(MakePrincipal(Role::ROLE_COUNTY_OFFICER, "654201"), "65420119900307123X");
  EXPECT_EQ(std::string(status.message()).find("65420119900307123X"), std::string::npos);
}

TEST(CanSeeSensitiveDataTest, ByRole) {
  EXPECT_TRUE(CanSeeSensitiveData(MakePrincipal(Role::ROLE_VILLAGE_CADRE, "65")));
  EXPECT_TRUE(CanSeeSensitiveData(MakePrincipal(Role::ROLE_TOWNSHIP_OFFICER, "65")));
  EXPECT_TRUE(CanSeeSensitiveData(MakePrincipal(Role::ROLE_COUNTY_OFFICER, "65")));
  EXPECT_FALSE(CanSeeSensitiveData(MakePrincipal(Role::ROLE_ANALYST, "65")));
  EXPECT_FALSE(CanSeeSensitiveData(MakePrincipal(Role::ROLE_SERVICE, "65")));
  EXPECT_FALSE(CanSeeSensitiveData(MakePrincipal(Role::ROLE_UNSPECIFIED, "65")));
}

TEST(AttachBearerTokenTest, SetsAuthorizationMetadata) {
  grpc::ClientContext context;
  AttachBearerToken(context, "abc.def.ghi");
  grpc::testing::ClientContextTestPeer peer(&context);
  const auto metadata = peer.GetSendInitialMetadata();
  ASSERT_EQ(metadata.count("authorization"), 1u);
  EXPECT_EQ(metadata.find("authorization")->second, "Bearer abc.def.ghi");
}

class AuthenticatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(GenerateSigningKeyPair(dir_.File("k.pem"), dir_.File("k.pub")).ok());
    signer_ =
        std::make_unique<TokenSigner>(TokenSigner::FromPrivateKeyFile(dir_.File("k.pem")).value());
    authenticator_ = std::make_unique<Authenticator>(
        TokenVerifier::FromPublicKeyFile(dir_.File("k.pub")).value(), clock_);
    token_ = signer_->Issue(MakePrincipal(Role::ROLE_VILLAGE_CADRE, "654201100201"), kNow).value();
  }

  absl::Status Authenticate(const Metadata& metadata) const {
    return authenticator_->Authenticate(metadata.map()).status();
  }

  rrmon::testing::TempDir dir_;
  FakeClock clock_{kNow};
  std::unique_ptr<TokenSigner> signer_;
  std::unique_ptr<Authenticator> authenticator_;
  std::string token_;
};

TEST_F(AuthenticatorTest, AcceptsBearerToken) {
  Metadata metadata;
  metadata.Add("user-agent", "grpc-c++").Add("authorization", "Bearer " + token_);
  absl::StatusOr<Principal> principal = authenticator_->Authenticate(metadata.map());
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->role, Role::ROLE_VILLAGE_CADRE);
  EXPECT_EQ(principal->region_prefix, "654201100201");
}

TEST_F(AuthenticatorTest, SchemeIsCaseInsensitive) {
  EXPECT_TRUE(Authenticate(Metadata().Add("authorization", "bearer " + token_)).ok());
  EXPECT_TRUE(Authenticate(Metadata().Add("authorization", "BEARER " + token_)).ok());
}

TEST_F(AuthenticatorTest, RejectsMissingHeader) {
  const absl::Status status = Authenticate(Metadata().Add("user-agent", "x"));
  EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(status.message(), "missing bearer token");
  EXPECT_EQ(Authenticate(Metadata()).code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(Authenticate(Metadata().Add("authorization", "Bearer")).message(),
            "missing bearer token");
  EXPECT_EQ(Authenticate(Metadata().Add("authorization", "Bearer   ")).message(),
            "missing bearer token");
}

TEST_F(AuthenticatorTest, RejectsOtherSchemes) {
  for (const std::string& value : std::vector<std::string>{"Basic dXNlcjpwYXNz", "Token " + token_,
                                                           token_, "Bearer" + token_, ""}) {
    const absl::Status status = Authenticate(Metadata().Add("authorization", value));
    EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated) << value;
    EXPECT_EQ(std::string(status.message()).find(token_), std::string::npos);
  }
}

TEST_F(AuthenticatorTest, RejectsRepeatedHeader) {
  const absl::Status status = Authenticate(
      Metadata().Add("authorization", "Bearer " + token_).Add("authorization", "Bearer " + token_));
  EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated);
}

TEST_F(AuthenticatorTest, UsesTheClock) {
  const Metadata metadata = std::move(Metadata().Add("authorization", "Bearer " + token_));
  EXPECT_TRUE(Authenticate(metadata).ok());
  clock_.Advance(absl::Hours(2));
  const absl::Status status = Authenticate(metadata);
  EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(status.message(), "token has expired");
}

TEST_F(AuthenticatorTest, RemembersOnlyTokensThatVerified) {
  const Metadata good = std::move(Metadata().Add("authorization", "Bearer " + token_));
  ASSERT_TRUE(Authenticate(good).ok());
  EXPECT_EQ(authenticator_->cached_tokens(), 1u);
  // The same claims with the signature's last character changed, and a token of another
  // key with the same claims: refused every time, never remembered.
  std::string forged = token_;
  forged.back() = forged.back() == 'A' ? 'B' : 'A';
  ASSERT_TRUE(GenerateSigningKeyPair(dir_.File("other.pem"), dir_.File("other.pub")).ok());
  const std::string other_key =
      TokenSigner::FromPrivateKeyFile(dir_.File("other.pem"))
          .value()
          .Issue(MakePrincipal(Role::ROLE_VILLAGE_CADRE, "654201100201"), kNow)
          .value();
  for (const std::string& bad : {forged, other_key}) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      EXPECT_EQ(Authenticate(Metadata().Add("authorization", "Bearer " + bad)).code(),
                absl::StatusCode::kUnauthenticated);
    }
  }
  EXPECT_EQ(authenticator_->cached_tokens(), 1u);
  EXPECT_TRUE(Authenticate(good).ok());
}

TEST_F(AuthenticatorTest, AnExpiredTokenIsRefusedThoughItWasRemembered) {
  const Metadata metadata = std::move(Metadata().Add("authorization", "Bearer " + token_));
  ASSERT_TRUE(Authenticate(metadata).ok());
  clock_.Advance(absl::Hours(1));  // exactly the expiry
  const absl::Status status = Authenticate(metadata);
  EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(GetErrorReason(status), kTokenExpired);
}

TEST_F(AuthenticatorTest, AChangeOfKeysForgetsTokensOfTheOldKeys) {
  const Metadata metadata = std::move(Metadata().Add("authorization", "Bearer " + token_));
  ASSERT_TRUE(Authenticate(metadata).ok());
  // The key that signed token_ is revoked: only a new key is trusted now.
  ASSERT_TRUE(GenerateSigningKeyPair(dir_.File("new.pem"), dir_.File("new.pub")).ok());
  authenticator_->SetVerifier(TokenVerifier::FromPublicKeyFile(dir_.File("new.pub")).value());
  EXPECT_EQ(authenticator_->cached_tokens(), 0u);
  EXPECT_EQ(Authenticate(metadata).code(), absl::StatusCode::kUnauthenticated);
  const std::string fresh =
      TokenSigner::FromPrivateKeyFile(dir_.File("new.pem"))
          .value()
          .Issue(MakePrincipal(Role::ROLE_VILLAGE_CADRE, "654201100201"), kNow)
          .value();
  EXPECT_TRUE(Authenticate(Metadata().Add("authorization", "Bearer " + fresh)).ok());
}

TEST_F(AuthenticatorTest, WithoutACacheEveryCallIsVerified) {
  Authenticator uncached(TokenVerifier::FromPublicKeyFile(dir_.File("k.pub")).value(), clock_,
                         /*cached_tokens=*/0);
  Metadata metadata;
  metadata.Add("authorization", "Bearer " + token_);
  EXPECT_TRUE(uncached.Authenticate(metadata.map()).ok());
  EXPECT_EQ(uncached.cached_tokens(), 0u);
}

TEST_F(AuthenticatorTest, RejectsBadToken) {
  EXPECT_EQ(Authenticate(Metadata().Add("authorization", "Bearer x.y.z")).code(),
            absl::StatusCode::kUnauthenticated);
}

}  // namespace
}  // namespace rrmon::auth
