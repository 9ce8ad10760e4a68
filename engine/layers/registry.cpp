// layers/registry.cpp: the layer types' rows (registry.h).
#include "registry.h"

#include <algorithm>
#include <cmath>

#include "../spec/json_text.h"
#include "../spec/fields.h"
#include "conv2d.h"
#include "dense.h"
#include "dropout.h"
#include "flatten.h"
#include "lstm.h"
#include "pool2d.h"
#include "simple_rnn.h"

namespace synapse {
namespace {

using namespace fields;

std::string named(const json& l, const std::string& p, const char* prefix, int index) {
  const std::string n = text(l, "name", p, "");
  return n.empty() ? prefix + std::to_string(index) : n;
}

// ---- dense: y = f(x·W + b), (N) -> (units) ----
layer_spec parse_dense(const json& l, const std::string& p, int index) {
  only_fields(l, p, {"type", "name", "units", "activation", "slope", "bias"});
  layer_spec s;
  s.type = "dense";
  s.name = named(l, p, "dense_", index);
  s.units = static_cast<int>(integer(l, "units", p, 1, max_units, 0, true));
  s.act = choice<activation>(l, "activation", p, "linear", parse_activation, activation_choices());
  s.slope = number(l, "slope", p, 0, 1, false, 0.01, false);
  s.bias = flag(l, "bias", p, true);
  return s;
}

layer_plan plan_dense(const layer_spec& s, const shape& in) {
  if (in.size() == 2)   // (Keras would apply it to each step: not offered)
    throw spec_error("model.layers: dense layer " + quoted_text(s.name) + " takes features (N), got the sequence " +
                     shape_text(in) + " (the recurrent layer before it needs return_sequences false)");
  if (in.size() != 1)
    throw spec_error("model.layers: dense layer " + quoted_text(s.name) + " takes features (N), got " + shape_text(in) +
                     " (flatten it first)");
  const std::uint64_t n = static_cast<std::uint64_t>(in[0]), u = static_cast<std::uint64_t>(s.units);
  return {{s.units}, n * u + (s.bias ? u : 0), u};
}

template <class T>
std::unique_ptr<layer<T>> make_dense(const layer_spec& s, const shape& in) {
  return std::make_unique<dense_layer<T>>(s.name, in[0], s.units, s.act, s.slope, s.bias);
}

// ---- dropout: any shape, the same shape out; keeps a mask per value ----
layer_spec parse_dropout(const json& l, const std::string& p, int index) {
  only_fields(l, p, {"type", "name", "rate"});
  layer_spec s;
  s.type = "dropout";
  s.name = named(l, p, "dropout_", index);
  s.rate = number(l, "rate", p, 0, 1, false, 0.5, true);
  if (s.rate >= 1) fail(p + ".rate", "must be a finite number in [0, 1) (1 would drop everything)", l["rate"]);
  return s;
}

layer_plan plan_dropout(const layer_spec&, const shape& in) { return {in, 0, 2 * shape_size(in)}; }

template <class T>
std::unique_ptr<layer<T>> make_dropout(const layer_spec& s, const shape& in) {
  return std::make_unique<dropout_layer<T>>(s.rate, in);
}

// ---- lstm, simple_rnn: (T, F) -> (units), or (T, units) with return_sequences ----
bool parse_gate(const std::string& n, activation& a) {
  if (n != "sigmoid" && n != "hard_sigmoid") return false;
  return parse_activation(n, a);
}
bool parse_rnn_activation(const std::string& n, activation& a) {
  if (n != "tanh" && n != "sigmoid") return false;
  return parse_activation(n, a);
}

layer_spec parse_recurrent(const json& l, const std::string& p, const char* type, int index) {
  layer_spec s;
  s.type = type;
  s.name = named(l, p, (s.type + "_").c_str(), index);
  s.units = static_cast<int>(integer(l, "units", p, 1, max_units, 0, true));
  s.return_sequences = flag(l, "return_sequences", p, false);
  s.stateful = flag(l, "stateful", p, false);
  return s;
}

layer_spec parse_lstm(const json& l, const std::string& p, int index) {
  only_fields(l, p, {"type", "name", "units", "return_sequences", "stateful", "recurrent_activation"});
  layer_spec s = parse_recurrent(l, p, "lstm", index);
  s.recurrent_act = choice<activation>(l, "recurrent_activation", p, "sigmoid", parse_gate, "sigmoid|hard_sigmoid");
  return s;
}

layer_spec parse_simple_rnn(const json& l, const std::string& p, int index) {
  only_fields(l, p, {"type", "name", "units", "return_sequences", "stateful", "activation"});
  layer_spec s = parse_recurrent(l, p, "simple_rnn", index);
  s.act = choice<activation>(l, "activation", p, "tanh", parse_rnn_activation, "tanh|sigmoid");
  return s;
}

// gates: 4 for the lstm (i, f, c, o), 1 for simple_rnn. Per example it keeps
// its output, gates and dz (T·gates·U each) and, for the lstm, s, tanh s and
// h (T·U each); and per batch row its start state, carried state and dh (ds).
layer_plan plan_recurrent(const layer_spec& s, const shape& in, std::uint64_t gates) {
  if (in.size() != 2 || in[0] < 1 || in[1] < 1)
    throw spec_error("model.layers: " + s.type + " layer " + quoted_text(s.name) + " takes a sequence (T, F), got " +
                     shape_text(in));
  const std::uint64_t T = static_cast<std::uint64_t>(in[0]), F = static_cast<std::uint64_t>(in[1]),
                      U = static_cast<std::uint64_t>(s.units);
  const std::uint64_t out = s.return_sequences ? T * U : U;
  const std::uint64_t cached = gates == 4 ? 2 * T * 4 * U + 3 * T * U + 6 * U : 2 * T * U + 3 * U;
  return {s.return_sequences ? shape{in[0], s.units} : shape{s.units}, gates * U * (F + U + 1), out + cached};
}

layer_plan plan_lstm(const layer_spec& s, const shape& in) { return plan_recurrent(s, in, 4); }
layer_plan plan_simple_rnn(const layer_spec& s, const shape& in) { return plan_recurrent(s, in, 1); }

template <class T>
std::unique_ptr<layer<T>> make_lstm(const layer_spec& s, const shape& in) {
  return std::make_unique<lstm_layer<T>>(s.name, in[0], in[1], s.units, s.recurrent_act, s.return_sequences,
                                         s.stateful);
}
template <class T>
std::unique_ptr<layer<T>> make_simple_rnn(const layer_spec& s, const shape& in) {
  return std::make_unique<simple_rnn_layer<T>>(s.name, in[0], in[1], s.units, s.act, s.return_sequences,
                                               s.stateful);
}

// ---- conv2d and the pools on images (H, W, C) ----
// kernel_size, pool_size, strides: one integer (a square) or [rows, columns].
std::array<int, 2> pair_field(const json& l, const char* key, const std::string& p, int lo, int hi,
                              std::array<int, 2> dflt, bool required) {
  const std::string path = join(p, key);
  if (!l.contains(key)) {
    if (required) throw spec_error(path + ": missing");
    return dflt;
  }
  const json& v = l[key];
  auto ok = [&](const json& e) {
    return e.is_number() && e.get<double>() >= lo && e.get<double>() <= hi && e.get<double>() == std::floor(e.get<double>());
  };
  if (ok(v)) return {v.get<int>(), v.get<int>()};
  if (v.is_array() && v.size() == 2 && ok(v[0]) && ok(v[1])) return {v[0].get<int>(), v[1].get<int>()};
  fail(path, "must be an integer in " + std::to_string(lo) + ".." + std::to_string(hi) + " or a list of two, [rows, columns]",
       v);
}

bool parse_padding(const std::string& n, padding& out) {
  if (n != "valid" && n != "same") return false;
  out = n == "same" ? padding::same : padding::valid;
  return true;
}

// "none" is the lecture's word for no activation (linear).
bool parse_conv_activation(const std::string& n, activation& a) {
  if (n == "none") return a = activation::linear, true;
  return parse_activation(n, a);
}

constexpr int max_window = 9, max_filters = 4096;

layer_spec parse_conv2d(const json& l, const std::string& p, int index) {
  only_fields(l, p, {"type", "name", "filters", "kernel_size", "strides", "padding", "activation", "slope", "bias"});
  static const std::string activations = std::string("none|") + activation_choices();
  layer_spec s;
  s.type = "conv2d";
  s.name = named(l, p, "conv2d_", index);
  s.filters = static_cast<int>(integer(l, "filters", p, 1, max_filters, 0, true));
  s.window = pair_field(l, "kernel_size", p, 1, max_window, {1, 1}, true);
  s.strides = pair_field(l, "strides", p, 1, max_window, {1, 1}, false);
  s.pad = choice<padding>(l, "padding", p, "valid", parse_padding, "valid|same");
  s.act = choice<activation>(l, "activation", p, "linear", parse_conv_activation, activations.c_str());
  s.slope = number(l, "slope", p, 0, 1, false, 0.01, false);
  s.bias = flag(l, "bias", p, true);
  return s;
}

layer_spec parse_pool(const json& l, const std::string& p, int index, const char* type) {
  only_fields(l, p, {"type", "name", "pool_size", "strides", "padding"});
  layer_spec s;
  s.type = type;
  s.name = named(l, p, (s.type + "_").c_str(), index);
  s.window = pair_field(l, "pool_size", p, 1, max_window, {2, 2}, false);
  s.strides = pair_field(l, "strides", p, 1, max_window, s.window, false);   // Keras: the pool size
  s.pad = choice<padding>(l, "padding", p, "valid", parse_padding, "valid|same");
  return s;
}
layer_spec parse_max_pool(const json& l, const std::string& p, int i) { return parse_pool(l, p, i, "max_pool"); }
layer_spec parse_average_pool(const json& l, const std::string& p, int i) { return parse_pool(l, p, i, "average_pool"); }
layer_spec parse_l2_pool(const json& l, const std::string& p, int i) { return parse_pool(l, p, i, "l2_pool"); }

// The window of a conv2d or pool layer over `in`, or spec_error naming the
// layer, the shape and why.
window_geometry plan_window(const layer_spec& s, const shape& in, const char* what) {
  const std::string layer = "model.layers: " + s.type + " layer " + quoted_text(s.name);
  if (in.size() != 3)
    throw spec_error(layer + " takes images (H, W, C), got " + std::string(in.size() == 1 ? "the features " : "") +
                     shape_text(in));
  const window_geometry g = make_window(in[0], in[1], in[2], s.window[0], s.window[1], s.strides[0], s.strides[1],
                                        s.pad == padding::same);
  if (g.OH < 1 || g.OW < 1)
    throw spec_error(layer + " cannot take " + shape_text(in) + ": its " + what + " " + std::to_string(s.window[0]) +
                     "x" + std::to_string(s.window[1]) + " is larger than the input and padding 'valid' leaves nothing" +
                     " (padding 'same' or a smaller " + what + " would fit)");
  return g;
}

// Keras' count KH·KW·C·F + F; per example the output; the im2col chunk.
layer_plan plan_conv2d(const layer_spec& s, const shape& in) {
  const window_geometry g = plan_window(s, in, "kernel");
  const std::uint64_t P = static_cast<std::uint64_t>(g.pixels()), K = static_cast<std::uint64_t>(g.field()),
                      F = static_cast<std::uint64_t>(s.filters);
  return {{g.OH, g.OW, s.filters}, K * F + (s.bias ? F : 0), P * F, static_cast<std::uint64_t>(conv_chunk(g)) * P * K};
}

layer_plan plan_pool(const layer_spec& s, const shape& in) {
  const window_geometry g = plan_window(s, in, "pool");
  return {{g.OH, g.OW, g.C}, 0, static_cast<std::uint64_t>(g.pixels()) * static_cast<std::uint64_t>(g.C)};
}

template <class T>
std::unique_ptr<layer<T>> make_conv2d(const layer_spec& s, const shape& in) {
  const window_geometry g = make_window(in[0], in[1], in[2], s.window[0], s.window[1], s.strides[0], s.strides[1],
                                        s.pad == padding::same);
  return std::make_unique<conv2d_layer<T>>(s.name, g, s.filters, s.act, s.slope, s.bias);
}

template <class T>
std::unique_ptr<layer<T>> make_pool(const layer_spec& s, const shape& in) {
  const window_geometry g = make_window(in[0], in[1], in[2], s.window[0], s.window[1], s.strides[0], s.strides[1],
                                        s.pad == padding::same);
  const pool_kind k = s.type == "max_pool" ? pool_kind::max : s.type == "average_pool" ? pool_kind::average : pool_kind::l2;
  return std::make_unique<pool2d_layer<T>>(k, g);
}

// ---- flatten: any shape -> (its size), a copy ----
layer_spec parse_flatten(const json& l, const std::string& p, int index) {
  only_fields(l, p, {"type", "name"});
  layer_spec s;
  s.type = "flatten";
  s.name = named(l, p, "flatten_", index);
  return s;
}

layer_plan plan_flatten(const layer_spec&, const shape& in) {
  return {{static_cast<int>(shape_size(in))}, 0, shape_size(in)};
}

template <class T>
std::unique_ptr<layer<T>> make_flatten(const layer_spec&, const shape& in) {
  return std::make_unique<flatten_layer<T>>(in);
}

}  // namespace

const std::vector<layer_type>& layer_types() {
  static const std::vector<layer_type> rows = {
      {"dense", parse_dense, plan_dense, make_dense<float>, make_dense<double>},
      {"dropout", parse_dropout, plan_dropout, make_dropout<float>, make_dropout<double>},
      {"lstm", parse_lstm, plan_lstm, make_lstm<float>, make_lstm<double>},
      {"simple_rnn", parse_simple_rnn, plan_simple_rnn, make_simple_rnn<float>, make_simple_rnn<double>},
      {"conv2d", parse_conv2d, plan_conv2d, make_conv2d<float>, make_conv2d<double>},
      {"max_pool", parse_max_pool, plan_pool, make_pool<float>, make_pool<double>},
      {"average_pool", parse_average_pool, plan_pool, make_pool<float>, make_pool<double>},
      {"l2_pool", parse_l2_pool, plan_pool, make_pool<float>, make_pool<double>},
      {"flatten", parse_flatten, plan_flatten, make_flatten<float>, make_flatten<double>},
  };
  return rows;
}

const layer_type& find_layer_type(const std::string& type, const std::string& path) {
  std::string known;
  for (const layer_type& t : layer_types()) {
    if (type == t.type) return t;
    known += (known.empty() ? "" : "|") + std::string(t.type);
  }
  throw spec_error(path + ": must be one of " + known + ", got " + quoted_text(type));
}

template <>
std::unique_ptr<layer<float>> make_layer<float>(const layer_spec& s, const shape& in) {
  return find_layer_type(s.type, "model.layers").make_f32(s, in);
}
template <>
std::unique_ptr<layer<double>> make_layer<double>(const layer_spec& s, const shape& in) {
  return find_layer_type(s.type, "model.layers").make_f64(s, in);
}

model_plan plan_model(const shape& in, const std::vector<layer_spec>& layers) {
  model_plan m;
  shape at = in;
  m.widest = shape_size(in);
  for (const layer_spec& s : layers) {
    layer_plan p = find_layer_type(s.type, "model.layers").plan(s, at);
    m.params += p.params;
    m.per_example += p.per_example;
    m.scratch += p.scratch;
    m.widest = std::max(m.widest, shape_size(p.out));
    at = p.out;
    m.layers.push_back(std::move(p));
  }
  return m;
}

}  // namespace synapse
