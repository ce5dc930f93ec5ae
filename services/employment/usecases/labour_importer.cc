#include "services/employment/usecases/labour_importer.h"

#include <algorithm>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/api/audit_record.h"
#include "common/api/etag.h"
#include "common/api/fingerprint.h"
#include "common/api/resource_id.h"
#include "common/auth/access_rules.h"
#include "common/log/log.h"
#include "common/status/macros.h"
#include "common/status/status_details.h"
#include "common/time/civil_date.h"
#include "common/time/timestamp.h"
#include "common/validation/id_number.h"
#include "common/validation/region_code.h"
#include "services/employment/domain/business_rules.h"
#include "services/employment/domain/job_spell_rules.h"
#include "services/employment/domain/labourer_rules.h"

namespace rrmon::employment {
namespace {

constexpr size_t kMaxRowIdChars = 64;
constexpr char kAction[] = "ImportLabour";

bool IsRowIdChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
         c == ':';
}

absl::Status ValidateRowId(const std::string& row_id) {
  if (row_id.empty() || row_id.size() > kMaxRowIdChars) {
    return InvalidFieldError("row_id",
                             absl::StrCat("must have 1 to ", kMaxRowIdChars, " characters"));
  }
  for (char c : row_id) {
    if (!IsRowIdChar(c)) return InvalidFieldError("row_id", "may hold letters, digits, - _ . :");
  }
  return absl::OkStatus();
}

v1::ImportRowResult ResultOf(const v1::ImportRow& row, v1::ImportRowOutcome outcome) {
  v1::ImportRowResult result;
  result.set_row_id(row.row_id());
  result.set_line(row.line());
  result.set_outcome(outcome);
  return result;
}

// INVALID with every field violation of `status`.
v1::ImportRowResult Invalid(const v1::ImportRow& row, const absl::Status& status) {
  v1::ImportRowResult result = ResultOf(row, v1::IMPORT_ROW_OUTCOME_INVALID);
  const google::rpc::BadRequest bad_request = GetBadRequest(status);
  for (const auto& violation : bad_request.field_violations()) {
    v1::ImportFieldViolation& out = *result.add_violations();
    out.set_field(violation.field());
    out.set_description(violation.description());
  }
  if (result.violations().empty()) result.set_message(std::string(status.message()));
  return result;
}

v1::ImportRowResult Rejected(const v1::ImportRow& row, const std::string& reason,
                             const std::string& message) {
  v1::ImportRowResult result = ResultOf(row, v1::IMPORT_ROW_OUTCOME_REJECTED);
  result.set_reason(reason);
  result.set_message(message);
  return result;
}

// The ID number as stored (uppercase check character), or the violation on `field`.
absl::StatusOr<std::string> NormalizedIdNumber(const std::string& text, const std::string& field,
                                               absl::CivilDay today) {
  RRMON_ASSIGN_OR_RETURN(validation::IdNumber id, validation::ParseIdNumber(text, field, today));
  return id.normalized;
}

}  // namespace

// A row after the checks that need no stored data.
struct LabourImport::PreparedRow {
  const v1::ImportRow* row = nullptr;
  uint64_t fingerprint = 0;
  std::string id_number;   // normalised: the labourer's, or the one the row names
  v1::Labourer labourer;   // a labourer row, normalised
  v1::HouseholdLink link;  // a labourer row being stored: monitoring's answer
};

LabourImport::LabourImport(const auth::Principal& caller, LabourerRepository& repository,
                           HouseholdDirectory& directory, const Clock& clock)
    : caller_(caller), repository_(repository), directory_(directory), clock_(clock) {}

void LabourImport::Count(v1::ImportRowResult result) {
  switch (result.outcome()) {
    case v1::IMPORT_ROW_OUTCOME_STORED:
    case v1::IMPORT_ROW_OUTCOME_VALID:
      response_.set_stored(response_.stored() + 1);
      return;  // counted, not listed
    case v1::IMPORT_ROW_OUTCOME_ALREADY_IMPORTED:
      response_.set_already_imported(response_.already_imported() + 1);
      break;
    case v1::IMPORT_ROW_OUTCOME_INVALID:
      response_.set_invalid(response_.invalid() + 1);
      break;
    default:
      response_.set_rejected(response_.rejected() + 1);
      break;
  }
  *response_.add_results() = std::move(result);
}

absl::Status LabourImport::Add(const v1::ImportLabourRequest& request) {
  if (request.rows_size() > kMaxImportRowsPerMessage) {
    return InvalidFieldError(
        "rows", absl::StrCat("at most ", kMaxImportRowsPerMessage, " rows per message"));
  }
  if (!validate_only_.has_value()) validate_only_ = request.validate_only();
  if (*validate_only_ != request.validate_only()) {
    return InvalidFieldError("validate_only", "must be the same in every message of an import");
  }
  const absl::CivilDay today = UtcDay(clock_.Now());
  std::vector<PreparedRow> prepared;
  std::vector<v1::ImportRowResult> early;  // rows refused before the transaction, by index
  std::vector<int> early_index;
  for (int i = 0; i < request.rows_size(); ++i) {
    const v1::ImportRow& row = request.rows(i);
    PreparedRow ready;
    ready.row = &row;
    // The content, not where it sits in the file: a re-upload may have moved the line.
    v1::ImportRow content = row;
    content.clear_line();
    ready.fingerprint = Fingerprint64(content.SerializeAsString());
    absl::Status checked = ValidateRowId(row.row_id());
    if (checked.ok()) {
      switch (row.record_case()) {
        case v1::ImportRow::kLabourer: {
          ready.labourer = row.labourer();
          NormalizeLabourerInput(ready.labourer);
          checked = ValidateLabourer(ready.labourer, today, "labourer");
          if (checked.ok()) checked = auth::RequireRegion(caller_, ready.labourer.region_code());
          ready.id_number = ready.labourer.id_number();
          break;
        }
        case v1::ImportRow::kSpell: {
          absl::StatusOr<std::string> id = NormalizedIdNumber(row.spell().labourer_id_number(),
                                                              "spell.labourer_id_number", today);
          checked = id.status();
          if (id.ok()) ready.id_number = *id;
          break;
        }
        case v1::ImportRow::kBusiness: {
          absl::StatusOr<std::string> id = NormalizedIdNumber(row.business().labourer_id_number(),
                                                              "business.labourer_id_number", today);
          checked = id.status();
          if (id.ok()) ready.id_number = *id;
          if (checked.ok()) {
            checked = ValidateBusiness(row.business().business(), today, "business.business");
          }
          break;
        }
        default:
          checked = InvalidFieldError("record", "is required: a labourer, a spell or a business");
      }
    }
    if (!checked.ok()) {
      early_index.push_back(i);
      early.push_back(checked.code() == absl::StatusCode::kPermissionDenied
                          ? Rejected(row, "OUTSIDE_REGION", std::string(checked.message()))
                          : Invalid(row, checked));
      continue;
    }
    prepared.push_back(std::move(ready));
  }
  // Monitoring is asked about new labourers before the transaction, which must not wait
  // on another service. Rows imported before are asked about too; that costs a cached
  // lookup, not a write.
  if (!*validate_only_) LookUpLabourers(prepared);

  std::vector<v1::ImportRowResult> results;
  RRMON_RETURN_IF_ERROR(
      repository_.Import(*validate_only_, [&](LabourImportSession& session) -> absl::Status {
        results.clear();  // the work may run twice
        // Storing, each batch starts from what is stored; validating, the rows before
        // stay in the working set as if they had been stored.
        if (!*validate_only_) {
          working_.clear();
          touched_.clear();
        }
        for (const PreparedRow& ready : prepared) {
          RRMON_ASSIGN_OR_RETURN(v1::ImportRowResult result, StoreRow(ready, session));
          results.push_back(std::move(result));
        }
        return *validate_only_ ? absl::OkStatus() : Flush(session);
      }));
  // Results in row order: the early refusals merged back in.
  size_t next_early = 0;
  size_t next_result = 0;
  for (int i = 0; i < request.rows_size(); ++i) {
    if (next_early < early_index.size() && early_index[next_early] == i) {
      Count(std::move(early[next_early++]));
    } else {
      Count(std::move(results[next_result++]));
    }
  }
  response_.set_rows(response_.rows() + request.rows_size());
  return absl::OkStatus();
}

void LabourImport::LookUpLabourers(std::vector<PreparedRow>& prepared) {
  std::vector<PreparedRow*> labourers;
  for (PreparedRow& ready : prepared) {
    if (ready.row->record_case() == v1::ImportRow::kLabourer) labourers.push_back(&ready);
  }
  // Each lookup waits mostly on the network: a few at once, each thread its share.
  const size_t threads = std::min<size_t>(kParallelLookups, labourers.size());
  auto look_up = [&](size_t first) {
    for (size_t i = first; i < labourers.size(); i += threads) {
      PreparedRow& ready = *labourers[i];
      absl::StatusOr<v1::HouseholdLink> link = directory_.Lookup(ready.id_number);
      if (link.ok()) {
        ready.link = *std::move(link);
      } else {
        ready.link.set_state(v1::HOUSEHOLD_LINK_STATE_UNCHECKED);
      }
      *ready.link.mutable_check_time() = ToTimestamp(clock_.Now());
    }
  };
  std::vector<std::thread> workers;
  for (size_t t = 1; t < threads; ++t) workers.emplace_back(look_up, t);
  if (threads > 0) look_up(0);
  for (std::thread& worker : workers) worker.join();
}

absl::StatusOr<LabourImport::WorkingLabourer*> LabourImport::FindLabourer(
    const std::string& id_number, LabourImportSession& session) {
  if (auto known = working_.find(id_number); known != working_.end()) return &known->second;
  RRMON_ASSIGN_OR_RETURN(std::optional<LabourerRecord> stored,
                         session.FindLabourerByIdNumber(id_number));
  if (!stored.has_value()) return nullptr;
  WorkingLabourer& entry = working_[id_number];
  entry.current = *stored;
  entry.stored = std::move(stored);
  touched_.push_back(id_number);
  return &entry;
}

absl::Status LabourImport::Flush(LabourImportSession& session) {
  const absl::Time now = clock_.Now();
  std::vector<ImportWrite> writes;
  for (const std::string& id_number : touched_) {
    WorkingLabourer& entry = working_.at(id_number);
    if (entry.rows.empty()) continue;  // only read
    ImportWrite& write = writes.emplace_back();
    write.change.labourer = entry.current.labourer;
    const int64_t revision =
        entry.stored.has_value() ? RevisionOf(entry.stored->labourer.etag()).value_or(0) : 0;
    if (entry.stored.has_value()) write.change.expected_revision = revision;
    write.change.labourer.set_etag(EtagOf(revision + 1));
    *write.change.labourer.mutable_update_time() = ToTimestamp(now);
    if (!entry.stored.has_value()) *write.change.labourer.mutable_create_time() = ToTimestamp(now);
    write.change.spells = entry.new_spells;
    write.change.businesses = entry.new_businesses;
    write.change.audit = entry.audits.front();
    write.before = entry.stored.has_value() ? &*entry.stored : nullptr;
    write.rows = entry.rows;
    write.audits = entry.audits;
  }
  return session.WriteBatch(writes);
}

absl::StatusOr<v1::ImportRowResult> LabourImport::StoreRow(const PreparedRow& ready,
                                                           LabourImportSession& session) {
  const v1::ImportRow& row = *ready.row;
  RRMON_ASSIGN_OR_RETURN(std::optional<ImportedRow> imported, session.FindRow(row.row_id()));
  if (imported.has_value()) {
    if (imported->fingerprint != ready.fingerprint) {
      return Rejected(row, "ROW_ID_REUSED", "this row_id was imported with other content");
    }
    v1::ImportRowResult result = ResultOf(row, v1::IMPORT_ROW_OUTCOME_ALREADY_IMPORTED);
    result.set_name(imported->resource);
    return result;
  }
  const absl::Time now = clock_.Now();
  RRMON_ASSIGN_OR_RETURN(WorkingLabourer * owner, FindLabourer(ready.id_number, session));
  // A labourer outside the caller's region is one the caller cannot see: not found.
  if (owner != nullptr &&
      !validation::RegionCovers(caller_.region_prefix, owner->current.labourer.region_code())) {
    owner = nullptr;
  }

  std::string resource;
  std::string after_json;
  switch (row.record_case()) {
    case v1::ImportRow::kLabourer: {
      if (owner != nullptr) {
        return Rejected(row, "LABOURER_ALREADY_REGISTERED",
                        "a labourer with this ID number is already registered");
      }
      owner = &working_[ready.id_number];
      touched_.push_back(ready.id_number);
      v1::Labourer& labourer = owner->current.labourer;
      labourer = ready.labourer;
      labourer.set_name(LabourerName(NewResourceId()));
      ApplyHouseholdLink(ready.link, labourer);
      resource = labourer.name();
      after_json = AuditJson(labourer);
      break;
    }
    case v1::ImportRow::kSpell: {
      if (owner == nullptr) {
        return Rejected(row, "LABOURER_NOT_FOUND", "no labourer with this ID number");
      }
      if (absl::Status valid =
              ValidateSpell(row.spell().spell(), owner->current.labourer.region_code(), UtcDay(now),
                            "spell.spell");
          !valid.ok()) {
        return Invalid(row, valid);
      }
      v1::JobSpell spell = row.spell().spell();
      spell.set_name(SpellName(LabourerIdOf(owner->current.labourer), NewResourceId()));
      spell.set_etag(EtagOf(1));
      *spell.mutable_create_time() = ToTimestamp(now);
      *spell.mutable_update_time() = ToTimestamp(now);
      if (std::optional<v1::JobSpell> other = FindOverlap(spell, owner->current.spells);
          other.has_value()) {
        return Rejected(row, "SPELL_OVERLAP",
                        absl::StrCat("overlaps the main job ", other->name()));
      }
      resource = spell.name();
      after_json = AuditJson(spell);
      owner->current.spells.push_back(spell);
      owner->new_spells.push_back(std::move(spell));
      break;
    }
    default: {  // a business
      if (owner == nullptr) {
        return Rejected(row, "LABOURER_NOT_FOUND", "no labourer with this ID number");
      }
      v1::Business business = row.business().business();
      business.set_name(BusinessName(LabourerIdOf(owner->current.labourer), NewResourceId()));
      business.set_etag(EtagOf(1));
      *business.mutable_create_time() = ToTimestamp(now);
      *business.mutable_update_time() = ToTimestamp(now);
      resource = business.name();
      after_json = AuditJson(business);
      owner->current.businesses.push_back(business);
      owner->new_businesses.push_back(std::move(business));
      break;
    }
  }
  AuditRecord audit = NewAuditRecord(now, caller_.subject, caller_.role, kAction, resource, "");
  audit.after_json = std::move(after_json);
  owner->audits.push_back(std::move(audit));
  owner->rows.push_back(ImportedRow{row.row_id(), ready.fingerprint, resource});
  v1::ImportRowResult result =
      ResultOf(row, *validate_only_ ? v1::IMPORT_ROW_OUTCOME_VALID : v1::IMPORT_ROW_OUTCOME_STORED);
  result.set_name(resource);
  return result;
}

}  // namespace rrmon::employment
