// The gRPC side of bench/load.sh: prepares a server for the load run and drives the
// write paths, whose every call must differ (h2load repeats one request body).
//
//   load_client setup --target HOST:PORT --token-file F --out DIR [--households N]
//       Creates N households and writes the h2load bodies (gRPC frames) of
//       Health/Check, GetHousehold and ListHouseholds (page of 50) into DIR, and the
//       households' names into DIR/households.txt.
//   load_client write --target HOST:PORT --token-file F --method create_household|report_signal
//       --households FILE --calls N [--in-flight K] [--rate R] [--seed S]
//       Closed loop with K calls in flight, or open loop at R calls/s when --rate is
//       given. Prints one line: calls ok calls_per_s p50_ms p99_ms max_ms.
//   load_client watch --target HOST:PORT --token-file F --streams N
//       Opens N WatchAlerts streams and holds them until stdin closes or SIGTERM; prints
//       how many were established, then how many ended and how many alerts arrived.
//
// Latency is measured from the moment a call is handed to gRPC to its completion.

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "rrmon/monitoring/v1/monitoring_service.grpc.pb.h"
#include "tests/support/id_numbers.h"

namespace {

namespace v1 = rrmon::monitoring::v1;
using Clock = std::chrono::steady_clock;

struct Flags {
  std::string command;
  std::map<std::string, std::string> values;

  std::string Get(const std::string& name, const std::string& fallback = "") const {
    auto it = values.find(name);
    return it == values.end() ? fallback : it->second;
  }
  int64_t GetInt(const std::string& name, int64_t fallback) const {
    int64_t value = fallback;
    auto it = values.find(name);
    if (it != values.end() && !absl::SimpleAtoi(it->second, &value)) {
      std::fprintf(stderr, "--%s: not a number: %s\n", name.c_str(), it->second.c_str());
      std::exit(2);
    }
    return value;
  }
};

Flags ParseFlags(int argc, char** argv) {
  Flags flags;
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s setup|write --flag value ...\n", argv[0]);
    std::exit(2);
  }
  flags.command = argv[1];
  for (int i = 2; i + 1 < argc; i += 2) {
    absl::string_view name = argv[i];
    if (!absl::ConsumePrefix(&name, "--")) {
      std::fprintf(stderr, "expected --flag, got %s\n", argv[i]);
      std::exit(2);
    }
    flags.values[std::string(name)] = argv[i + 1];
  }
  return flags;
}

std::string ReadToken(const std::string& path) {
  std::ifstream in(path);
  std::string token;
  std::getline(in, token);
  if (token.empty()) {
    std::fprintf(stderr, "no token in %s\n", path.c_str());
    std::exit(2);
  }
  return token;
}

std::string Digits(std::string date) {
  date.erase(std::remove(date.begin(), date.end(), '-'), date.end());
  return date;
}

v1::Household NewHousehold(int64_t index) {
  v1::Household household;
  household.set_region_code(absl::StrFormat("6542010010%02d", index % 20 + 1));
  household.set_address(absl::StrCat("塔城市 ", index, " 号"));
  household.set_poverty_alleviated(true);
  household.set_poverty_alleviation_year(2018);
  for (int person = 0; person < 2; ++person) {
    auto* member = household.add_members();
    member->set_full_name(person == 0 ? "阿依古丽·买买提" : "Айгүл Мамырқызы");
    const absl::CivilDay birth =
        absl::CivilDay(1950, 1, 1) + static_cast<int>((2 * index + person) / 1000);
    member->set_id_number(
        rrmon::testing::MakeIdNumber("654201", Digits(absl::FormatCivilTime(birth)),
                                     static_cast<int>((2 * index + person) % 1000)));
    member->set_relation_to_head(person == 0 ? v1::RELATION_HEAD : v1::RELATION_SPOUSE);
    member->set_health(v1::HEALTH_STATUS_HEALTHY);
    member->set_labour_capacity(v1::LABOUR_CAPACITY_ORDINARY);
    member->set_schooling_stage(v1::SCHOOLING_STAGE_NOT_IN_SCHOOL);
  }
  return household;
}

std::string Frame(const google::protobuf::Message& message) {
  const std::string bytes = message.SerializeAsString();
  std::string frame(5, '\0');
  const uint32_t size = static_cast<uint32_t>(bytes.size());
  frame[1] = static_cast<char>(size >> 24);
  frame[2] = static_cast<char>(size >> 16);
  frame[3] = static_cast<char>(size >> 8);
  frame[4] = static_cast<char>(size);
  return frame + bytes;
}

void WriteFile(const std::string& path, const std::string& contents) {
  std::ofstream out(path, std::ios::binary);
  out << contents;
  if (!out) {
    std::fprintf(stderr, "cannot write %s\n", path.c_str());
    std::exit(1);
  }
}

void AddToken(grpc::ClientContext& context, const std::string& token) {
  context.AddMetadata("authorization", absl::StrCat("Bearer ", token));
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
}

int Setup(const Flags& flags) {
  auto channel = grpc::CreateChannel(flags.Get("target"), grpc::InsecureChannelCredentials());
  auto stub = v1::MonitoringService::NewStub(channel);
  const std::string token = ReadToken(flags.Get("token-file"));
  const std::string out = flags.Get("out", ".");
  const int64_t count = flags.GetInt("households", 200);
  const int64_t seed = flags.GetInt("seed", 0);
  std::string names;
  std::string first;
  for (int64_t i = 0; i < count; ++i) {
    v1::CreateHouseholdRequest request;
    *request.mutable_household() = NewHousehold(seed * 100'000 + i);
    v1::Household created;
    grpc::ClientContext context;
    AddToken(context, token);
    const grpc::Status status = stub->CreateHousehold(&context, request, &created);
    if (!status.ok()) {
      std::fprintf(stderr, "CreateHousehold: %s\n", status.error_message().c_str());
      return 1;
    }
    if (first.empty()) first = created.name();
    absl::StrAppend(&names, created.name(), "\n");
  }
  WriteFile(out + "/households.txt", names);
  WriteFile(out + "/check.bin", std::string(5, '\0'));  // an empty HealthCheckRequest
  v1::GetHouseholdRequest get;
  get.set_name(first);
  WriteFile(out + "/get.bin", Frame(get));
  v1::ListHouseholdsRequest list;
  list.set_page_size(50);
  list.set_region_prefix("654201");
  WriteFile(out + "/list.bin", Frame(list));
  return 0;
}

// One write in flight: what it sends and receives lives until its completion.
struct WriteCall {
  grpc::ClientContext context;
  v1::CreateHouseholdRequest create;
  v1::Household household;
  v1::ReportRiskSignalRequest report;
  v1::RiskSignal signal;
  Clock::time_point start;
};

class WriteLoad {
 public:
  WriteLoad(const Flags& flags)
      : stub_(v1::MonitoringService::NewStub(
            grpc::CreateChannel(flags.Get("target"), grpc::InsecureChannelCredentials()))),
        token_(ReadToken(flags.Get("token-file"))),
        create_(flags.Get("method") == "create_household"),
        calls_(flags.GetInt("calls", 10'000)),
        next_index_(flags.GetInt("seed", 1) * 100'000) {
    std::ifstream in(flags.Get("households"));
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) households_.push_back(line);
    }
    if (!create_ && households_.empty()) {
      std::fprintf(stderr, "report_signal needs --households FILE with names\n");
      std::exit(2);
    }
    latencies_.reserve(static_cast<size_t>(calls_));
  }

  // Closed loop: `in_flight` calls, each completion starting the next.
  void RunClosed(int in_flight) {
    started_at_ = Clock::now();
    for (int i = 0; i < in_flight && i < calls_; ++i) Issue(Reserve());
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(this, &WriteLoad::AllDone));
    finished_at_ = Clock::now();
  }

  // Open loop: a call every 1/rate seconds whatever the completions do.
  void RunOpen(double rate) {
    open_loop_ = true;
    started_at_ = Clock::now();
    for (int64_t i = 0; i < calls_; ++i) {
      std::this_thread::sleep_until(started_at_ + std::chrono::duration_cast<Clock::duration>(
                                                      std::chrono::duration<double>(i / rate)));
      Issue(Reserve());
    }
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(this, &WriteLoad::AllDone));
    finished_at_ = Clock::now();
  }

  void Print() {
    absl::MutexLock lock(&mu_);
    std::sort(latencies_.begin(), latencies_.end());
    const auto at = [&](double q) {
      if (latencies_.empty()) return 0.0;
      size_t i = static_cast<size_t>(q * static_cast<double>(latencies_.size() - 1) + 0.5);
      return latencies_[i];
    };
    const double seconds = std::chrono::duration<double>(finished_at_ - started_at_).count();
    std::printf("%lld %lld %.0f %.2f %.2f %.2f\n", static_cast<long long>(done_),
                static_cast<long long>(ok_), static_cast<double>(ok_) / seconds, at(0.5), at(0.99),
                latencies_.empty() ? 0.0 : latencies_.back());
    for (const auto& [message, count] : errors_) {
      std::fprintf(stderr, "%lld× %s\n", static_cast<long long>(count), message.c_str());
    }
  }

 private:
  bool AllDone() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return done_ == calls_; }

  // The index of the next call, which makes its ID numbers or signal id unique.
  int64_t Reserve() {
    absl::MutexLock lock(&mu_);
    ++issued_;
    return next_index_++;
  }

  void Issue(int64_t index) {
    auto* call = new WriteCall();
    AddToken(call->context, token_);
    call->start = Clock::now();
    auto done = [this, call](const grpc::Status& status) { Complete(call, status); };
    if (create_) {
      *call->create.mutable_household() = NewHousehold(index);
      stub_->async()->CreateHousehold(&call->context, &call->create, &call->household, done);
    } else {
      call->report.set_parent(households_[static_cast<size_t>(index) % households_.size()]);
      auto* signal = call->report.mutable_risk_signal();
      signal->set_signal_id(absl::StrCat("bench-", index));
      signal->set_source(v1::SIGNAL_SOURCE_DEPARTMENT_ALERT);
      signal->set_source_detail("塔城市医疗保障局");
      signal->add_risk_types(v1::RISK_TYPE_ILLNESS);
      signal->set_evidence("住院自付费用超过 3 万元");
      signal->set_occurred_date(today_);
      stub_->async()->ReportRiskSignal(&call->context, &call->report, &call->signal, done);
    }
  }

  void Complete(WriteCall* call, const grpc::Status& status) {
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - call->start).count();
    delete call;
    int64_t next = -1;
    {
      absl::MutexLock lock(&mu_);
      ++done_;
      if (status.ok()) {
        ++ok_;
        latencies_.push_back(ms);
      } else {
        ++errors_[absl::StrCat(status.error_code(), " ", status.error_message())];
      }
      if (!open_loop_ && issued_ < calls_) {
        ++issued_;
        next = next_index_++;
      }
    }
    if (next >= 0) Issue(next);
  }

  std::unique_ptr<v1::MonitoringService::Stub> stub_;
  const std::string token_;
  const std::string today_ = absl::FormatTime("%Y-%m-%d", absl::Now(), absl::UTCTimeZone());
  const bool create_;
  const int64_t calls_;
  std::vector<std::string> households_;
  bool open_loop_ = false;
  Clock::time_point started_at_;
  Clock::time_point finished_at_;
  absl::Mutex mu_;
  int64_t next_index_ ABSL_GUARDED_BY(mu_);
  int64_t issued_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t done_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t ok_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<double> latencies_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, int64_t> errors_ ABSL_GUARDED_BY(mu_);
};

// One WatchAlerts stream on the client's callback API: no thread per stream here either.
class Watch final : public grpc::ClientReadReactor<v1::Alert> {
 public:
  Watch(v1::MonitoringService::Stub& stub, const std::string& token) {
    context_.AddMetadata("authorization", absl::StrCat("Bearer ", token));
    stub.async()->WatchAlerts(&context_, &request_, this);
    StartRead(&alert_);
    StartCall();
  }
  void OnReadInitialMetadataDone(bool ok) override {
    if (ok) established_.fetch_add(1);
  }
  void OnReadDone(bool ok) override {
    if (!ok) return;
    alerts_.fetch_add(1);
    StartRead(&alert_);
  }
  void OnDone(const grpc::Status& /*status*/) override {
    absl::MutexLock lock(&mu_);
    done_ = true;
  }
  void Cancel() { context_.TryCancel(); }
  bool done() {
    absl::MutexLock lock(&mu_);
    return done_;
  }

  static std::atomic<int64_t> established_;
  static std::atomic<int64_t> alerts_;

 private:
  grpc::ClientContext context_;
  v1::WatchAlertsRequest request_;
  v1::Alert alert_;
  absl::Mutex mu_;
  bool done_ ABSL_GUARDED_BY(mu_) = false;
};
std::atomic<int64_t> Watch::established_{0};
std::atomic<int64_t> Watch::alerts_{0};

int HoldWatches(const Flags& flags) {
  auto stub = v1::MonitoringService::NewStub(
      grpc::CreateChannel(flags.Get("target"), grpc::InsecureChannelCredentials()));
  const std::string token = ReadToken(flags.Get("token-file"));
  const int64_t count = flags.GetInt("streams", 1000);
  std::vector<std::unique_ptr<Watch>> watches;
  for (int64_t i = 0; i < count; ++i) watches.push_back(std::make_unique<Watch>(*stub, token));
  const auto deadline = Clock::now() + std::chrono::seconds(30);
  while (Watch::established_.load() < count && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::printf("established %lld\n", static_cast<long long>(Watch::established_.load()));
  std::fflush(stdout);
  // Held until the script is done with its runs.
  char byte;
  while (std::fread(&byte, 1, 1, stdin) == 1) {
  }
  int64_t ended = 0;
  for (auto& watch : watches) ended += watch->done() ? 1 : 0;
  for (auto& watch : watches) watch->Cancel();
  for (auto& watch : watches) {
    while (!watch->done()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  std::printf("ended early %lld, alerts %lld\n", static_cast<long long>(ended),
              static_cast<long long>(Watch::alerts_.load()));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const Flags flags = ParseFlags(argc, argv);
  if (flags.command == "setup") return Setup(flags);
  if (flags.command == "watch") return HoldWatches(flags);
  if (flags.command == "write") {
    WriteLoad load(flags);
    double rate = 0;
    if (const std::string text = flags.Get("rate");
        !text.empty() && !absl::SimpleAtod(text, &rate)) {
      std::fprintf(stderr, "--rate: not a number\n");
      return 2;
    }
    if (rate > 0) {
      load.RunOpen(rate);
    } else {
      load.RunClosed(static_cast<int>(flags.GetInt("in-flight", 16)));
    }
    load.Print();
    return 0;
  }
  std::fprintf(stderr, "unknown command %s\n", flags.command.c_str());
  return 2;
}
