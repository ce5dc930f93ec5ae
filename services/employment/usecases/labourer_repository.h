#pragma once

// Storage of labourers. A labourer with their job spells and businesses is one
// aggregate: the overlap rule reads every spell of the person, so a spell is written
// together with the labourer's new revision, and two clerks adding spells at once cannot
// both pass the check. Each write also brings the progress counts (progress_counts.h) up
// to date in the same transaction, from the aggregate before and after. SQLite (the embedded
// default) implements it; PostgreSQL will implement the same interface and pass the same contract
// tests.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/api/audit_record.h"
#include "common/api/request_key.h"
#include "common/storage/page.h"
#include "rrmon/employment/v1/labour.pb.h"

namespace rrmon::employment {

struct LabourerRecord {
  v1::Labourer labourer;
  std::vector<v1::JobSpell> spells;      // by start date, then id
  std::vector<v1::Business> businesses;  // by start date, then id
};

// One committed change of a labourer aggregate.
struct LabourerChange {
  // The new state; its etag carries the new revision.
  v1::Labourer labourer;
  // The revision the change was computed from; nullopt stores a new labourer.
  std::optional<int64_t> expected_revision;
  // Spells inserted or replaced (by name) with the change.
  std::vector<v1::JobSpell> spells;
  // Businesses inserted or replaced (by name) with the change.
  std::vector<v1::Business> businesses;
  AuditRecord audit;
  // With a request id (AIP-155): `response` is kept under it, in the same transaction.
  std::optional<RequestKey> key;
  std::string response;
};

// A region's businesses, or one labourer's.
struct BusinessQuery {
  std::string region_prefix;  // with labourer_id empty: the region listed
  std::string labourer_id;
  std::string after_key;
  int limit = 50;
};

struct LabourerQuery {
  std::string region_prefix;  // never empty: the caller's region at most
  bool poverty_alleviated_only = false;
  std::string after_key;  // from a page token; "" for the first page
  int limit = 50;
};

struct SpellQuery {
  std::string region_prefix;  // with labourer_id empty: the region listed
  std::string labourer_id;    // one labourer's spells; "" for the region's
  bool ongoing_only = false;
  std::string after_key;
  int limit = 50;
};

// A row of an import stored before: what it was and what it became.
struct ImportedRow {
  std::string row_id;
  uint64_t fingerprint = 0;  // of the row's content, to tell a re-upload from a reused id
  std::string resource;      // the record it stored
};

// One labourer's part of an import batch.
struct ImportWrite {
  // The aggregate after the batch: the labourer (etag, expected revision) and the spells
  // and businesses the batch adds; change.audit is not written (audits are).
  LabourerChange change;
  const LabourerRecord* before = nullptr;  // as the session read it; null: a new labourer
  std::vector<ImportedRow> rows;
  std::vector<AuditRecord> audits;
};

// One batch of an import, inside one transaction of the repository.
class LabourImportSession {
 public:
  virtual ~LabourImportSession() = default;
  virtual absl::StatusOr<std::optional<ImportedRow>> FindRow(const std::string& row_id) = 0;
  // The labourer (with spells and businesses) whose ID number this is, if stored.
  virtual absl::StatusOr<std::optional<LabourerRecord>> FindLabourerByIdNumber(
      const std::string& id_number) = 0;
  // Writes every change with its rows and audit rows; the progress counts of the whole
  // batch are summed first and applied once. Errors as LabourerRepository::Write; any
  // error fails the batch (the session's transaction is not committed).
  virtual absl::Status WriteBatch(const std::vector<ImportWrite>& writes) = 0;
};

class LabourerRepository {
 public:
  virtual ~LabourerRepository() = default;

  // The response logged under a request id, if any; INVALID_ARGUMENT on request_id when
  // the id was used for a different request.
  virtual absl::StatusOr<std::optional<std::string>> FindRequest(const RequestKey& key) = 0;

  // Writes the change with its audit row in one transaction. ABORTED (ETAG_MISMATCH) if
  // the stored revision is not `expected_revision`; ALREADY_EXISTS
  // (LABOURER_ALREADY_REGISTERED) if another labourer has the ID number. When the request
  // id was logged meanwhile, writes nothing and returns the logged response.
  virtual absl::StatusOr<std::optional<std::string>> Write(const LabourerChange& change) = 0;

  // Runs `work` over one session: in one write transaction, committed when it returns OK
  // (every row written in it, durable together); with `read_only`, over a snapshot where
  // WriteBatch fails. `work` may run more than once.
  virtual absl::Status Import(bool read_only,
                              const std::function<absl::Status(LabourImportSession&)>& work) = 0;

  // The labourer with their spells; NOT_FOUND otherwise.
  virtual absl::StatusOr<LabourerRecord> Get(const std::string& labourer_id) = 0;

  // The labourers linked to a household at monitoring, with their spells (not their
  // businesses).
  virtual absl::StatusOr<std::vector<LabourerRecord>> ListLabourersOfHousehold(
      const std::string& household_id) = 0;

  // Labourers in village-code order, then by id.
  virtual absl::StatusOr<Page<v1::Labourer>> List(const LabourerQuery& query) = 0;

  // Spells of one labourer by start date, or of a region by village, labourer, start.
  virtual absl::StatusOr<Page<v1::JobSpell>> ListSpells(const SpellQuery& query) = 0;

  // Businesses of one labourer by start date, or of a region by village, labourer, start.
  virtual absl::StatusOr<Page<v1::Business>> ListBusinesses(const BusinessQuery& query) = 0;
};

}  // namespace rrmon::employment
