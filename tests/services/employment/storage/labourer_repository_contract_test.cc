// The labourer repository contract: what every backend of LabourerRepository must do,
// run here against SQLite on a fresh file per test (employment_stores.h).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/status/status_details.h"
#include "tests/services/employment/storage/employment_stores.h"

namespace rrmon::employment {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class LabourerRepositoryContract : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override { store_ = GetParam().open(); }
  LabourerRepository& repository() { return store_->labourers(); }

  std::unique_ptr<Store> store_;
};

TEST_P(LabourerRepositoryContract, ALabourerIsStoredAndReadBackWithSpellsInStartOrder) {
  ASSERT_TRUE(repository().Write(Insert(Labourer("l1", "654201001001", 1))).ok());
  LabourerChange change = Next(Labourer("l1", "654201001001", 1));
  change.spells = {Spell("l1", "s2", "2026-02-01"), Spell("l1", "s1", "2025-03-01", "2025-10-31")};
  ASSERT_TRUE(repository().Write(change).ok());
  absl::StatusOr<LabourerRecord> record = repository().Get("l1");
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_EQ(record->labourer.etag(), EtagOf(2));
  ASSERT_EQ(record->spells.size(), 2u);
  EXPECT_EQ(record->spells[0].name(), SpellName("l1", "s1"));
  EXPECT_EQ(record->spells[1].name(), SpellName("l1", "s2"));
  EXPECT_EQ(repository().Get("nobody").status().code(), absl::StatusCode::kNotFound);
}

TEST_P(LabourerRepositoryContract, AStaleRevisionIsAbortedAndWritesNothing) {
  ASSERT_TRUE(repository().Write(Insert(Labourer("l1", "654201001001", 1))).ok());
  LabourerChange first = Next(Labourer("l1", "654201001001", 1));
  ASSERT_TRUE(repository().Write(first).ok());
  LabourerChange stale = Next(Labourer("l1", "654201001001", 1));  // from revision 1 again
  stale.spells = {Spell("l1", "s1", "2026-02-01")};
  const absl::Status status = repository().Write(stale).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(GetErrorReason(status), "ETAG_MISMATCH");
  EXPECT_THAT(repository().Get("l1")->spells, IsEmpty());
}

TEST_P(LabourerRepositoryContract, AnIdNumberBelongsToOneLabourer) {
  ASSERT_TRUE(repository().Write(Insert(Labourer("l1", "654201001001", 1))).ok());
  const absl::Status status =
      repository().Write(Insert(Labourer("l2", "654201001002", 1))).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(GetErrorReason(status), "LABOURER_ALREADY_REGISTERED");
  EXPECT_EQ(repository().Get("l2").status().code(), absl::StatusCode::kNotFound);
}

TEST_P(LabourerRepositoryContract, ARequestIdReplaysTheLoggedResponseAndWritesNothingMore) {
  LabourerChange change = Insert(Labourer("l1", "654201001001", 1));
  change.key = RequestKey{"req-1", "CreateLabourer", "fp"};
  change.response = "first";
  ASSERT_THAT(repository().Write(change).value(), std::nullopt);
  EXPECT_EQ(repository().FindRequest(*change.key).value(), std::optional<std::string>("first"));
  // The same request again (a retry racing the first): the logged answer, no second row.
  LabourerChange again = Insert(Labourer("l2", "654201001001", 2));
  again.key = change.key;
  again.response = "second";
  EXPECT_EQ(repository().Write(again).value(), std::optional<std::string>("first"));
  EXPECT_EQ(repository().Get("l2").status().code(), absl::StatusCode::kNotFound);
  // The id with another request is the client's mistake.
  const RequestKey reused{"req-1", "CreateLabourer", "other"};
  EXPECT_EQ(repository().FindRequest(reused).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_P(LabourerRepositoryContract, ListsPageByVillageThenIdWithinThePrefix) {
  const std::vector<std::pair<std::string, std::string>> rows = {
      {"b", "654201001002"}, {"a", "654201001001"}, {"c", "654201001001"}, {"d", "654202001001"}};
  int seed = 1;
  for (const auto& [id, village] : rows) {
    ASSERT_TRUE(repository().Write(Insert(Labourer(id, village, seed++, id != "c"))).ok());
  }
  LabourerQuery query{.region_prefix = "654201", .limit = 2};
  absl::StatusOr<Page<v1::Labourer>> page = repository().List(query);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].name(), "labourers/a");
  EXPECT_EQ(page->items[1].name(), "labourers/c");
  EXPECT_TRUE(page->more);
  query.after_key = page->last_key;
  page = repository().List(query);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].name(), "labourers/b");
  EXPECT_FALSE(page->more);

  LabourerQuery alleviated{.region_prefix = "6542", .poverty_alleviated_only = true, .limit = 10};
  std::vector<std::string> names;
  const Page<v1::Labourer> listed = repository().List(alleviated).value();
  for (const auto& labourer : listed.items) names.push_back(labourer.name());
  EXPECT_THAT(names, ElementsAre("labourers/a", "labourers/b", "labourers/d"));
}

TEST_P(LabourerRepositoryContract, SpellsListByLabourerOrRegionAndFollowAMove) {
  ASSERT_TRUE(repository().Write(Insert(Labourer("l1", "654201001001", 1))).ok());
  ASSERT_TRUE(repository().Write(Insert(Labourer("l2", "654201001002", 2))).ok());
  LabourerChange one = Next(Labourer("l1", "654201001001", 1));
  one.spells = {Spell("l1", "s1", "2025-03-01", "2025-10-31"), Spell("l1", "s2", "2026-02-01")};
  ASSERT_TRUE(repository().Write(one).ok());
  LabourerChange two = Next(Labourer("l2", "654201001002", 2));
  two.spells = {Spell("l2", "s3", "2026-01-01")};
  ASSERT_TRUE(repository().Write(two).ok());

  const auto names = [&](SpellQuery query) {
    std::vector<std::string> out;
    while (true) {
      absl::StatusOr<Page<v1::JobSpell>> page = repository().ListSpells(query);
      EXPECT_TRUE(page.ok()) << page.status();
      for (const auto& spell : page->items) out.push_back(SpellIdOf(spell));
      if (!page->more) return out;
      query.after_key = page->last_key;
    }
  };
  EXPECT_THAT(names({.labourer_id = "l1", .limit = 1}), ElementsAre("s1", "s2"));
  EXPECT_THAT(names({.labourer_id = "l1", .ongoing_only = true}), ElementsAre("s2"));
  EXPECT_THAT(names({.region_prefix = "654201", .limit = 1}), ElementsAre("s1", "s2", "s3"));
  EXPECT_THAT(names({.region_prefix = "654201001002"}), ElementsAre("s3"));

  // The labourer moves to another county: their spells are listed there now.
  v1::Labourer moved = repository().Get("l1")->labourer;
  LabourerChange move = Next(moved);
  move.labourer.set_region_code("654202001001");
  ASSERT_TRUE(repository().Write(move).ok());
  EXPECT_THAT(names({.region_prefix = "654202"}), ElementsAre("s1", "s2"));
  EXPECT_THAT(names({.region_prefix = "654201"}), ElementsAre("s3"));
}

TEST_P(LabourerRepositoryContract, ASpellIsReplacedByName) {
  ASSERT_TRUE(repository().Write(Insert(Labourer("l1", "654201001001", 1))).ok());
  LabourerChange add = Next(Labourer("l1", "654201001001", 1));
  add.spells = {Spell("l1", "s1", "2026-02-01")};
  ASSERT_TRUE(repository().Write(add).ok());
  LabourerChange end = Next(repository().Get("l1")->labourer);
  end.spells = {Spell("l1", "s1", "2026-02-01", "2026-05-31")};
  ASSERT_TRUE(repository().Write(end).ok());
  const LabourerRecord record = repository().Get("l1").value();
  ASSERT_EQ(record.spells.size(), 1u);
  EXPECT_EQ(record.spells[0].end_date(), "2026-05-31");
}

INSTANTIATE_TEST_SUITE_P(Backends, LabourerRepositoryContract, ::testing::ValuesIn(Backends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace rrmon::employment
