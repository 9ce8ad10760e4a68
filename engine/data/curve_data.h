// data/curve_data.h: the universality lab's data, one curve y = f(x) on
// [0, 1] as (x, y) points: a built-in curve of 100 evenly spaced points, or
// the points a student drew on the page.
//
// A drawn curve reaches the engine as a data file the page makes,
// "drawn-curve.f64": its (x, y) pairs as little-endian float64 numbers, x0,
// y0, x1, y1, ... (the page's Float64Array, handed over in one copy). x and y
// must lie in [0, 1]; at least 2 points, at most 10,000.
#pragma once

#include <string>
#include <vector>

namespace synapse {

constexpr const char* drawn_curve_file = "drawn-curve.f64";
constexpr int curve_points = 100;       // a built-in curve's points
constexpr int max_curve_points = 10000;

// "hills|wave|step|book|drawn"
const char* curve_choices();

// The curve `name` as (x, y) pairs, sorted by x. Built-in curves (x_i = i / 99):
//   hills  0.15 + 0.6 exp(-((x - 0.3) / 0.12)^2) + 0.35 exp(-((x - 0.75) / 0.08)^2)
//   wave   0.5 + 0.35 sin(3 pi x)
//   step   0.2 below x = 0.5, 0.8 from there on
//   book   0.2 + 0.4 x^2 + 0.3 x sin(15 x) + 0.05 cos(50 x)   (the book's chapter 4 example)
//   drawn  drawn_curve_file's points
// sin and cos are the engine's own (the same bits natively and in WASM).
// Throws spec_error naming the knob (curve) and what is wrong.
std::vector<double> make_curve(const std::string& name);

// The points of a drawn file's bytes, checked (exposed for tests).
std::vector<double> parse_drawn_curve(const unsigned char* bytes, std::size_t size);

// The curve's value at x: linear between the points around it (pairs sorted
// by x), the end values beyond them.
double curve_at(const std::vector<double>& xy, double x);

}  // namespace synapse
