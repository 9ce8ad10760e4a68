// The autoencoder lab's data against Python's `random` module: python_random
// (CPython's random.Random) and make_autoencoder_sets against
// tests/golden/autoencoder_data.json, made by tests/golden/gen_autoencoder.py.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "engine/data/autoencoder_data.h"
#include "engine/data/python_random.h"

using namespace synapse;
using json = nlohmann::json;

namespace {

const json& golden() {
  static const json doc = [] {
    std::ifstream f(std::string(SYNAPSE_SOURCE_DIR) + "/tests/golden/autoencoder_data.json");
    if (!f.good()) throw std::runtime_error("cannot open tests/golden/autoencoder_data.json");
    std::stringstream s;
    s << f.rdbuf();
    return json::parse(s.str());
  }();
  return doc;
}

// Neumaier's compensated sum of column `col` of (n, 2) rows: within an ulp or
// two of Python's math.fsum (exactly rounded); compared with 1e-12 relative
// tolerance anyway.
double column_sum(const std::vector<double>& rows, int col) {
  double sum = 0.0, carry = 0.0;
  for (std::size_t i = static_cast<std::size_t>(col); i < rows.size(); i += 2) {
    const double v = rows[i];
    const double t = sum + v;
    if (std::abs(sum) >= std::abs(v))
      carry += (sum - t) + v;
    else
      carry += (v - t) + sum;
    sum = t;
  }
  return sum + carry;
}

double rel(double a, double b) {
  const double m = std::max(std::abs(a), std::abs(b));
  return m == 0.0 ? 0.0 : std::abs(a - b) / m;
}

}  // namespace

TEST_CASE("python_random: first random() for seed 24601 equals the golden", "[autoencoder]") {
  python_random r(24601);
  const double first = r.random();
  CHECK(first == golden().at("first_random").get<double>());
  CHECK(first == 0.5759914575229014);
}

TEST_CASE("python_random: other seeds, including a two-word seed", "[autoencoder]") {
  // python3 -c "import random; random.seed(S); print(repr(random.random()))"
  // for S = 0, 1, 2**32 + 5 (Python 3.11).
  CHECK(python_random(0).random() == 0.8444218515250481);
  CHECK(python_random(1).random() == 0.13436424411240122);
  CHECK(python_random((std::uint64_t{1} << 32) + 5).random() == 0.15727238718789782);
}

TEST_CASE("python_random: raw outputs, uniform and a later value", "[autoencoder]") {
  // python3 -c "import random; random.seed(24601); print([random.getrandbits(32) for _ in range(3)])"
  python_random raw(24601);
  CHECK(raw.genrand_uint32() == 2473864464u);
  CHECK(raw.genrand_uint32() == 3333463006u);
  CHECK(raw.genrand_uint32() == 2125565429u);

  // python3 -c "import random; random.seed(1); print(repr(random.uniform(-3, 5)), repr(random.uniform(2.5, -1.25)))"
  python_random u(1);
  CHECK(u.uniform(-3.0, 5.0) == -1.9250860471007902);
  CHECK(u.uniform(2.5, -1.25) == -0.6778765135146223);

  // The 1000th random() (2000 outputs, past several regenerations of the state):
  // python3 -c "import random; random.seed(24601); [random.random() for _ in range(999)]; print(repr(random.random()))"
  python_random late(24601);
  for (int i = 0; i < 999; ++i) late.random();
  CHECK(late.random() == 0.6228267186717952);
}

TEST_CASE("autoencoder sets equal the Python notebook's data", "[autoencoder]") {
  const json& g = golden();
  const json& spec = g.at("spec");
  autoencoder_data_spec s;  // the defaults are the notebook's values
  REQUIRE(spec.at("seed").get<std::uint64_t>() == s.seed);
  REQUIRE(spec.at("train").get<int>() == s.train);
  REQUIRE(spec.at("test").get<int>() == s.test);
  REQUIRE(spec.at("noise").get<double>() == s.noise);
  REQUIRE(spec.at("noisy_noise").get<double>() == s.noisy_noise);
  REQUIRE(spec.at("wrong_slope").get<double>() == s.wrong_slope);

  const autoencoder_sets sets = make_autoencoder_sets(s);
  const std::pair<const char*, const std::vector<double>*> named[] = {
      {"train", &sets.train}, {"test", &sets.test}, {"noisy", &sets.noisy}, {"wrong", &sets.wrong}};
  for (const auto& [name, rows] : named) {
    SECTION(name) {
      const json& e = g.at("sets").at(name);
      const std::size_t n = e.at("count").get<std::size_t>();
      REQUIRE(rows->size() == 2 * n);
      // First and last rows bit for bit (json parses the shortest repr exactly).
      CHECK((*rows)[0] == e.at("first").at(0).get<double>());
      CHECK((*rows)[1] == e.at("first").at(1).get<double>());
      CHECK((*rows)[2 * n - 2] == e.at("last").at(0).get<double>());
      CHECK((*rows)[2 * n - 1] == e.at("last").at(1).get<double>());
      // Sums: compensated (see column_sum) against math.fsum, 1e-12 relative.
      CHECK(rel(column_sum(*rows, 0), e.at("sum_x").get<double>()) <= 1e-12);
      CHECK(rel(column_sum(*rows, 1), e.at("sum_y").get<double>()) <= 1e-12);
    }
  }
  CHECK(sets.train.size() == 2u * 10000u);
  CHECK(sets.test.size() == 2u * 2000u);
}

TEST_CASE("autoencoder sets: sizes follow the spec, noisy and wrong reuse the training x",
          "[autoencoder]") {
  autoencoder_data_spec s;
  s.train = 7;
  s.test = 3;
  const autoencoder_sets sets = make_autoencoder_sets(s);
  REQUIRE(sets.train.size() == 14u);
  REQUIRE(sets.test.size() == 6u);
  REQUIRE(sets.noisy.size() == 14u);
  REQUIRE(sets.wrong.size() == 14u);
  for (std::size_t i = 0; i < 14; i += 2) {
    CHECK(sets.noisy[i] == sets.train[i]);
    CHECK(sets.wrong[i] == sets.train[i]);
  }
  // The first training x is the first uniform(0, 1), i.e. the first random().
  CHECK(sets.train[0] == 0.5759914575229014);
}
