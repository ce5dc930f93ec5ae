#include "services/monitoring/gauges/case_gauges.h"

#include <map>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace rrmon::monitoring {
namespace {

constexpr std::pair<v1::CaseKind, v1::CaseStep> kOpenSteps[] = {
    {v1::CASE_KIND_IDENTIFICATION, v1::CASE_STEP_HOME_VERIFICATION},
    {v1::CASE_KIND_IDENTIFICATION, v1::CASE_STEP_DATA_MATCHING},
    {v1::CASE_KIND_IDENTIFICATION, v1::CASE_STEP_VILLAGE_REVIEW},
    {v1::CASE_KIND_IDENTIFICATION, v1::CASE_STEP_TOWNSHIP_REVIEW},
    {v1::CASE_KIND_IDENTIFICATION, v1::CASE_STEP_COUNTY_APPROVAL},
    {v1::CASE_KIND_ELIMINATION, v1::CASE_STEP_ELIMINATION_PROPOSAL},
    {v1::CASE_KIND_ELIMINATION, v1::CASE_STEP_ELIMINATION_VILLAGE_REVIEW},
    {v1::CASE_KIND_ELIMINATION, v1::CASE_STEP_ELIMINATION_TOWNSHIP_CHECK},
    {v1::CASE_KIND_ELIMINATION, v1::CASE_STEP_ELIMINATION_COUNTY_APPROVAL},
};

// "CASE_STEP_HOME_VERIFICATION" → "home_verification".
std::string Label(const std::string& enum_name, const std::string& prefix) {
  std::string label = enum_name;
  if (absl::StartsWith(label, prefix)) label = label.substr(prefix.size());
  absl::AsciiStrToLower(&label);
  return label;
}

prometheus::Labels LabelsOf(v1::CaseKind kind, v1::CaseStep step) {
  return {{"kind", Label(v1::CaseKind_Name(kind), "CASE_KIND_")},
          {"step", Label(v1::CaseStep_Name(step), "CASE_STEP_")}};
}

}  // namespace

CaseGauges::CaseGauges(prometheus::Registry& registry, CaseRepository& repository,
                       const CaseWorkflow& workflow, const Clock& clock)
    : repository_(repository),
      workflow_(workflow),
      clock_(clock),
      open_(prometheus::BuildGauge()
                .Name("rrmon_monitoring_cases")
                .Help("Open identification and elimination cases by kind and current step.")
                .Register(registry)),
      overdue_(prometheus::BuildGauge()
                   .Name("rrmon_monitoring_overdue_cases")
                   .Help("Open cases whose current step is past its due time, by kind and "
                         "step.")
                   .Register(registry)) {
  for (const auto& [kind, step] : kOpenSteps) {
    open_.Add(LabelsOf(kind, step)).Set(0);
    overdue_.Add(LabelsOf(kind, step)).Set(0);
  }
}

absl::Status CaseGauges::Refresh() {
  auto cases = repository_.ListOpenCases();
  if (!cases.ok()) return cases.status();
  const absl::Time now = clock_.Now();
  std::map<std::pair<int, int>, std::pair<int64_t, int64_t>> counts;  // open, overdue
  for (const StoredCase& stored : *cases) {
    const v1::Case& c = stored.record;
    auto& [open, overdue] = counts[{c.kind(), c.step()}];
    ++open;
    if (workflow_.IsOverdue(c, now)) ++overdue;
  }
  for (const auto& [kind, step] : kOpenSteps) {
    const auto it = counts.find({kind, step});
    const auto [open, overdue] =
        it == counts.end() ? std::pair<int64_t, int64_t>{0, 0} : it->second;
    open_.Add(LabelsOf(kind, step)).Set(static_cast<double>(open));
    overdue_.Add(LabelsOf(kind, step)).Set(static_cast<double>(overdue));
  }
  return absl::OkStatus();
}

}  // namespace rrmon::monitoring
