// data/curve_data.cpp: the universality lab's curves (see curve_data.h).
#include "curve_data.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "../math.h"
#include "../spec/json_text.h"
#include "../spec/spec.h"
#include "data_store.h"

namespace synapse {
namespace {

constexpr double pi = 3.141592653589793;

// sin(t) with + - * only: t brought into [-pi/2, pi/2] (t - k pi, the sign
// flipped for odd k), then the Taylor series to degree 21 (error < 1e-17 there).
double own_sin(double t) {
  const double k = std::floor(t / pi + 0.5);
  double r = t - k * pi;
  const bool odd = std::fmod(k, 2.0) != 0;
  const double r2 = r * r;
  double term = r, sum = r;
  for (int n = 1; n <= 10; ++n) {
    term = -term * r2 / static_cast<double>((2 * n) * (2 * n + 1));
    sum += term;
  }
  return odd ? -sum : sum;
}

double own_cos(double t) { return own_sin(t + pi / 2); }

double gauss(double x, double centre, double width) {
  const double u = (x - centre) / width;
  return math::exp(-u * u);
}

double built_in(const std::string& name, double x) {
  if (name == "hills") return 0.15 + 0.6 * gauss(x, 0.3, 0.12) + 0.35 * gauss(x, 0.75, 0.08);
  if (name == "wave") return 0.5 + 0.35 * own_sin(3 * pi * x);
  if (name == "step") return x < 0.5 ? 0.2 : 0.8;
  return 0.2 + 0.4 * x * x + 0.3 * x * own_sin(15 * x) + 0.05 * own_cos(50 * x);   // book
}

std::string shortest_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace

const char* curve_choices() { return "hills|wave|step|book|drawn"; }

std::vector<double> parse_drawn_curve(const unsigned char* bytes, std::size_t size) {
  const std::string what = std::string("curve: the drawn curve (") + drawn_curve_file + ") ";
  if (size % 16 != 0)
    throw spec_error(what + "must be (x, y) pairs of float64 numbers, got " + std::to_string(size) + " bytes");
  const std::size_t n = size / 16;
  if (n < 2)
    throw spec_error(what + "has " + std::to_string(n) + " point" + (n == 1 ? "" : "s") +
                     ": draw at least 2 points");
  if (n > static_cast<std::size_t>(max_curve_points))
    throw spec_error(what + "has " + std::to_string(n) + " points, more than " + std::to_string(max_curve_points));
  std::vector<double> xy(2 * n);
  std::memcpy(xy.data(), bytes, size);
  for (std::size_t i = 0; i < 2 * n; ++i)
    if (!(xy[i] >= 0 && xy[i] <= 1))
      throw spec_error(what + "point " + std::to_string(i / 2) + " has " + (i % 2 ? "y" : "x") + " = " +
                       shortest_text(xy[i]) + ": x and y must be in [0, 1]");
  // sorted by x (a stable sort of the pairs: points drawn backwards keep their order among equal x)
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return xy[2 * a] < xy[2 * b]; });
  std::vector<double> sorted(2 * n);
  for (std::size_t i = 0; i < n; ++i) {
    sorted[2 * i] = xy[2 * order[i]];
    sorted[2 * i + 1] = xy[2 * order[i] + 1];
  }
  return sorted;
}

std::vector<double> make_curve(const std::string& name) {
  if (name == "drawn") {
    std::shared_ptr<const std::string> bytes;
    try {
      bytes = open_text_file(drawn_curve_file);
    } catch (const spec_error&) {
      throw spec_error(std::string("curve: drawn, but no curve has been drawn (") + drawn_curve_file +
                       " is missing): draw one, or pick hills, wave, step or book");
    }
    return parse_drawn_curve(reinterpret_cast<const unsigned char*>(bytes->data()), bytes->size());
  }
  if (name != "hills" && name != "wave" && name != "step" && name != "book")
    throw spec_error("curve: must be one of " + std::string(curve_choices()) + ", got " + quoted_text(name));
  std::vector<double> xy(2 * curve_points);
  for (int i = 0; i < curve_points; ++i) {
    const double x = static_cast<double>(i) / (curve_points - 1);
    xy[2 * i] = x;
    xy[2 * i + 1] = built_in(name, x);
  }
  return xy;
}

double curve_at(const std::vector<double>& xy, double x) {
  const std::size_t n = xy.size() / 2;
  if (n == 0) return 0;
  if (x <= xy[0]) return xy[1];
  for (std::size_t i = 1; i < n; ++i) {
    const double x0 = xy[2 * (i - 1)], x1 = xy[2 * i];
    if (x > x1) continue;
    if (x1 == x0) return xy[2 * i + 1];
    const double t = (x - x0) / (x1 - x0);
    return xy[2 * i - 1] + t * (xy[2 * i + 1] - xy[2 * i - 1]);
  }
  return xy[2 * n - 1];
}

}  // namespace synapse
