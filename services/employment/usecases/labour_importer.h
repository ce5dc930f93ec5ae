#pragma once

// ImportLabour: the rows of an offline upload, batch by batch. Each row is checked as the
// single-record calls check it (the same rules of domain/), then each batch is stored in
// one transaction with a savepoint per row, so a row is stored whole or reported, never
// half, and the rows around a bad one are stored all the same. A row id stored before is
// not stored again (ALREADY_IMPORTED), so a field app can re-send an upload that broke
// off. With validate_only nothing is stored: the rows are checked against the database
// and against the rows before them in the upload.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/auth/principal.h"
#include "common/time/clock.h"
#include "rrmon/employment/v1/employment_service.pb.h"
#include "services/employment/usecases/household_directory.h"
#include "services/employment/usecases/labourer_repository.h"

namespace rrmon::employment {

inline constexpr int kMaxImportRowsPerMessage = 1000;
// Labourers of a message looked up at monitoring at once (before its transaction).
inline constexpr size_t kParallelLookups = 8;

// One upload (one stream): feed it the messages in order, then take the response.
class LabourImport {
 public:
  // All must outlive the import.
  LabourImport(const auth::Principal& caller, LabourerRepository& repository,
               HouseholdDirectory& directory, const Clock& clock);

  // Checks and stores one message's rows. INVALID_ARGUMENT (and nothing of the message
  // stored) for a message that breaks the stream's rules: more than
  // kMaxImportRowsPerMessage rows, validate_only differing from the first message's. A
  // failing database fails the call; the rows of earlier messages stay stored.
  absl::Status Add(const v1::ImportLabourRequest& request);

  // The counts and the results of the rows not stored.
  const v1::ImportLabourResponse& response() const { return response_; }
  // Whether the upload only validates (known after its first message).
  bool validate_only() const { return validate_only_.value_or(false); }

 private:
  struct PreparedRow;
  // A labourer the rows of the batch (validating: of the upload) touch.
  struct WorkingLabourer {
    LabourerRecord current;                // with the rows so far
    std::optional<LabourerRecord> stored;  // as stored; nullopt for a new labourer
    std::vector<v1::JobSpell> new_spells;
    std::vector<v1::Business> new_businesses;
    std::vector<ImportedRow> rows;    // the rows stored into it
    std::vector<AuditRecord> audits;  // one per row
  };
  // What a row stores, or why not, against the working set: the rows before it in the
  // batch count as stored, so each labourer is read once and written once per batch.
  absl::StatusOr<v1::ImportRowResult> StoreRow(const PreparedRow& row,
                                               LabourImportSession& session);
  // Writes every labourer the batch changed, in one go.
  absl::Status Flush(LabourImportSession& session);
  // Asks monitoring about the message's new labourers, kParallelLookups at a time; a
  // labourer it cannot answer for is stored UNCHECKED, as CreateLabourer does.
  void LookUpLabourers(std::vector<PreparedRow>& prepared);
  // The working labourer of an ID number (read from storage the first time); null when
  // there is none.
  absl::StatusOr<WorkingLabourer*> FindLabourer(const std::string& id_number,
                                                LabourImportSession& session);
  void Count(v1::ImportRowResult result);

  const auth::Principal caller_;
  LabourerRepository& repository_;
  HouseholdDirectory& directory_;
  const Clock& clock_;
  std::optional<bool> validate_only_;
  // By ID number; touched_ in the order first met, which is the order of the writes.
  std::map<std::string, WorkingLabourer> working_;
  std::vector<std::string> touched_;
  v1::ImportLabourResponse response_;
};

}  // namespace rrmon::employment
