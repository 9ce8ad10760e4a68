// data/synthetic.cpp: the data sets behind data.name (see dataset.h).
#include <algorithm>
#include <cstring>

#include <xsimd/xsimd.hpp>

#include "../spec/json_text.h"
#include "../spec/spec.h"
#include "autoencoder_data.h"
#include "curve_data.h"
#include "data_store.h"
#include "dataset.h"
#include "series.h"

namespace synapse {
namespace {

// Examples stored as T, row-aligned inputs and targets.
template <class T>
class table_set final : public dataset<T> {
 public:
  table_set(std::string name, int n, int xw, int yw, const double* x, const double* y, shape xs = {})
      : name_(std::move(name)), n_(n), xw_(xw), yw_(yw), x_(x, x + n * xw), y_(y, y + n * yw),
        x_shape_(xs.empty() ? shape{xw} : std::move(xs)) {}
  shape x_shape() const override { return x_shape_; }
  const std::string& name() const override { return name_; }
  int count() const override { return n_; }
  int x_width() const override { return xw_; }
  int y_width() const override { return yw_; }
  void fill(const std::uint32_t* idx, int n, T* x, T* y) const override {
    for (int r = 0; r < n; ++r) {
      std::copy_n(x_.data() + static_cast<std::size_t>(idx[r]) * xw_, xw_, x + static_cast<std::size_t>(r) * xw_);
      std::copy_n(y_.data() + static_cast<std::size_t>(idx[r]) * yw_, yw_, y + static_cast<std::size_t>(r) * yw_);
    }
  }
  bool rows(int first, int n, cmat<T>& x, cmat<T>& y) const override {
    x = cmat<T>(x_.data() + static_cast<std::size_t>(first) * xw_, n, xw_);
    y = cmat<T>(y_.data() + static_cast<std::size_t>(first) * yw_, n, yw_);
    return true;
  }

 private:
  std::string name_;
  int n_, xw_, yw_;
  std::vector<T> x_, y_;
  shape x_shape_;
};

// pixels[k] * scale + offset for k < n, 4 pixels at a time (2 in doubles),
// the same bits as the scalar expression (which does the tail): byte to T is
// exact either way, then one multiply and one add per lane, each correctly
// rounded.
//
// The byte becomes a float without an int-to-float conversion: the float
// whose bits are 0x4B000000 | b is 2^23 + b exactly, and subtracting 2^23
// leaves b exactly (doubles: 0x4330000000000000 | b and 2^52). With
// _mm_cvtepi32_ps instead, clang folds widen + convert into a u8 -> f32
// conversion that the WASM backend splits into one lane at a time, slower
// than the scalar loop. The widening itself has no xsimd 8 spelling: SSE4.1's
// pmovzxbd/pmovzxbq, which Emscripten maps to u8x16/u16x8/u32x4 extends.
inline void bytes_to(const std::uint8_t* pixels, int n, float scale, float offset, float* out) {
  using vf = xsimd::batch<float, xsimd::sse4_1>;
  using vi = xsimd::batch<std::int32_t, xsimd::sse4_1>;
  const vf s(scale), o(offset), two23(8388608.0f);
  const vi exponent(0x4B000000);
  int k = 0;
  for (; k + 4 <= n; k += 4) {
    std::int32_t four;
    std::memcpy(&four, pixels + k, 4);
    const vi wide = _mm_cvtepu8_epi32(_mm_cvtsi32_si128(four));
    const vf value = xsimd::bitwise_cast<vf>(wide | exponent) - two23;
    (value * s + o).store_unaligned(out + k);
  }
  for (; k < n; ++k) out[k] = static_cast<float>(pixels[k]) * scale + offset;
}

inline void bytes_to(const std::uint8_t* pixels, int n, double scale, double offset, double* out) {
  using vd = xsimd::batch<double, xsimd::sse4_1>;
  using vl = xsimd::batch<std::int64_t, xsimd::sse4_1>;
  const vd s(scale), o(offset), two52(4503599627370496.0);
  const vl exponent(std::int64_t(0x4330000000000000));
  int k = 0;
  for (; k + 2 <= n; k += 2) {
    std::int16_t two;
    std::memcpy(&two, pixels + k, 2);
    const vl wide = _mm_cvtepu8_epi64(_mm_cvtsi32_si128(static_cast<std::uint16_t>(two)));
    const vd value = xsimd::bitwise_cast<vd>(wide | exponent) - two52;
    (value * s + o).store_unaligned(out + k);
  }
  for (; k < n; ++k) out[k] = static_cast<double>(pixels[k]) * scale + offset;
}

// Asks for an image's cache lines ahead of its conversion: the batch's images
// are scattered over the 47 MB file, so each one is otherwise a string of
// cache misses the conversion waits for. WASM has no prefetch, and clang
// leaves the empty loop in: skipped there.
inline void prefetch(const std::uint8_t* p, int n) {
#ifndef __EMSCRIPTEN__
  for (int k = 0; k < n; k += 64) __builtin_prefetch(p + k);
  __builtin_prefetch(p + n - 1);
#else
  (void)p, (void)n;
#endif
}

// A range of an image file (labelled u8, require_images), converted a batch
// at a time: pixels to p * scale + offset, labels to one-hot rows. Each
// example is its pixels (rows·cols) or, as `images`, an image (rows, cols, 1).
// The range is the file's examples [first, first + n), or with `picked` the
// file's examples picked[first .. first + n) (a subset of the classes).
// With `shifts`, example 5i + k is image i shifted as the book's
// expand_mnist.py does, in its order: k = 0 the image, 1 down, 2 up, 3 right,
// 4 left by one pixel (np.roll, the row or column rolled in set to 0): made
// as a batch is filled, never stored.
template <class T>
class image_range final : public dataset<T> {
 public:
  image_range(std::string name, std::shared_ptr<const data_file> file, int first, int n, bool symmetric,
              bool images = false, bool shifts = false, std::vector<std::uint32_t> picked = {})
      : name_(std::move(name)), file_(std::move(file)), first_(first), n_(shifts ? shift_kinds * n : n),
        scale_(symmetric ? T(1) / T(127.5) : T(1) / T(255)), offset_(symmetric ? T(-1) : T(0)), images_(images),
        shifts_(shifts), picked_(std::move(picked)) {
    if (!shifts && picked_.empty()) return;
    labels_.resize(static_cast<std::size_t>(n_));
    for (int i = 0; i < n_; ++i) labels_[static_cast<std::size_t>(i)] = file_->labels[source(static_cast<std::uint32_t>(i))];
    if (shifts) shifted_.resize(static_cast<std::size_t>(file_->example_size()));
  }
  const std::string& name() const override { return name_; }
  int count() const override { return n_; }
  int x_width() const override { return file_->example_size(); }
  int y_width() const override { return file_->classes; }
  shape x_shape() const override { return images_ ? shape{file_->dims[1], file_->dims[2], 1} : shape{x_width()}; }
  void fill(const std::uint32_t* idx, int n, T* x, T* y) const override {
    const int xw = x_width(), yw = y_width();
    if (n > 0) prefetch(file_->example(source(idx[0])), xw);
    for (int r = 0; r < n; ++r) {
      if (r + 1 < n) prefetch(file_->example(source(idx[r + 1])), xw);
      T* xr = x + static_cast<std::size_t>(r) * xw;
      bytes_to(pixels(idx[r]), xw, scale_, offset_, xr);
      T* yr = y + static_cast<std::size_t>(r) * yw;
      std::fill_n(yr, yw, T(0));
      yr[labels()[idx[r]]] = T(1);
    }
  }
  bool rows(int, int, cmat<T>&, cmat<T>&) const override { return false; }
  const std::uint8_t* labels() const override {
    return labels_.empty() ? file_->labels.data() + first_ : labels_.data();
  }

 private:
  static constexpr int shift_kinds = 5;
  // The file's example behind example i.
  int source(std::uint32_t i) const {
    const int k = first_ + static_cast<int>(shifts_ ? i / shift_kinds : i);
    return picked_.empty() ? k : static_cast<int>(picked_[static_cast<std::size_t>(k)]);
  }
  // Example i's pixel bytes: the file's, or its shift in shifted_.
  const std::uint8_t* pixels(std::uint32_t i) const {
    const std::uint8_t* p = file_->example(source(i));
    const int k = shifts_ ? static_cast<int>(i % shift_kinds) : 0;
    if (k == 0) return p;
    const int R = file_->dims[1], C = file_->dims[2];
    const int dy = k == 1 ? 1 : k == 2 ? -1 : 0, dx = k == 3 ? 1 : k == 4 ? -1 : 0;
    for (int r = 0; r < R; ++r)
      for (int c = 0; c < C; ++c) {
        const int sr = r - dy, sc = c - dx;
        shifted_[static_cast<std::size_t>(r) * C + c] = sr < 0 || sr >= R || sc < 0 || sc >= C ? 0 : p[sr * C + sc];
      }
    return shifted_.data();
  }

  std::string name_;
  std::shared_ptr<const data_file> file_;
  int first_, n_;
  T scale_, offset_;
  bool images_, shifts_;
  std::vector<std::uint32_t> picked_;           // the file's examples in the range, if not all
  std::vector<std::uint8_t> labels_;            // shifts or picked: each example's label
  mutable std::vector<std::uint8_t> shifted_;   // shifts: the example being converted
};

// The examples of `file` whose label is one of `digits`, in file order; empty
// when every class is kept (no digits given, or all of them).
std::vector<std::uint32_t> rows_of_classes(const data_file& file, const std::vector<int>& digits) {
  bool keep[256] = {};
  int kept = 0;
  for (int d : digits) kept += !keep[d], keep[d] = true;
  std::vector<std::uint32_t> rows;
  if (digits.empty() || kept >= file.classes) return rows;
  for (int i = 0; i < file.count(); ++i)
    if (keep[file.labels[static_cast<std::size_t>(i)]]) rows.push_back(static_cast<std::uint32_t>(i));
  return rows;
}

template <class T>
std::unique_ptr<dataset<T>> table(const std::string& name, int n, int xw, const double* x,
                                  const double* y) {
  return std::make_unique<table_set<T>>(name, n, xw, 1, x, y);
}

// Points (n, 2) that are their own targets (an autoencoder's set).
template <class T>
std::unique_ptr<dataset<T>> points(const std::string& name, const std::vector<double>& xy) {
  const int n = static_cast<int>(xy.size() / 2);
  return std::make_unique<table_set<T>>(name, n, 2, 2, xy.data(), xy.data());
}

}  // namespace

// The airline series' windows (series.h), each example shaped as the spec's
// window says; the final sets report RMSE in passengers.
template <class T>
void airline(const data_spec& spec, data_splits<T>& d) {
  if (spec.window != "features" && spec.window != "steps")
    throw spec_error("data.window: must be features or steps, got " + quoted_text(spec.window));
  if (!(spec.train_fraction > 0 && spec.train_fraction < 1))
    throw spec_error("data.train_fraction: must be in (0, 1)");
  const time_series s = parse_series_csv(spec.file, *open_text_file(spec.file));
  const min_max_scaler m = fit_min_max(s);
  std::vector<double> scaled(s.values.size());
  for (std::size_t i = 0; i < scaled.size(); ++i) scaled[i] = m.scale(s.values[i]);
  const int n = static_cast<int>(scaled.size()), split = series_split(n, spec.train_fraction);
  const int k = spec.look_back, shortest = std::min(split, n - split);
  if (k < 1 || k > shortest - 2)
    throw spec_error("look_back: must be an integer in 1.." + std::to_string(std::max(0, shortest - 2)) + " (the " +
                     std::to_string(shortest) + " values of the " + (split <= n - split ? "training" : "test") +
                     " part of " + spec.file + " must leave at least one window), got " + std::to_string(k));
  const series_windows train = make_windows({scaled.begin(), scaled.begin() + split}, k);
  const series_windows test = make_windows({scaled.begin() + split, scaled.end()}, k);
  const shape xs = spec.window == "features" ? shape{1, k} : shape{k, 1};
  d.train = std::make_unique<table_set<T>>("airline train", train.count, k, 1, train.x.data(), train.y.data(), xs);
  d.test = std::make_unique<table_set<T>>("airline test", test.count, k, 1, test.x.data(), test.y.data(), xs);
  d.final_sets = {{"train", d.train.get()}, {"test", d.test.get()}};
  d.rmse_scale = m.max - m.min;
}

const char* dataset_choices() { return "xor|xor-warmup|mnist|autoencoder|airline|curve"; }

template <class T>
data_splits<T> load_data(const data_spec& spec) {
  data_splits<T> d;
  if (spec.name == "xor") {
    const double x[] = {0, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1};
    const double y[] = {0, 1, 1, 0};
    d.train = table<T>(spec.name, 4, 3, x, y);
  } else if (spec.name == "xor-warmup") {
    const double x[] = {0, 1, 0, 1, 1, 0, 1, 0};
    const double y[] = {0, 0, 1, 1};
    d.train = table<T>(spec.name, 4, 2, x, y);
  } else if (spec.name == "mnist") {
    const bool symmetric = spec.scale == "symmetric";
    auto train = image_file("mnist-train.bin");
    auto test = spec.test_set ? image_file("mnist-test.bin") : nullptr;
    if (test) check_parts_agree(*train, *test);   // before either sizes a set or a network
    const std::vector<std::uint32_t> train_rows = rows_of_classes(*train, spec.digits);
    int n = train_rows.empty() ? train->count() : static_cast<int>(train_rows.size());
    if (spec.train_limit > 0) n = std::min(n, spec.train_limit);
    const int held = static_cast<int>(static_cast<double>(n) * spec.validation_split);
    const bool images = spec.images;
    d.train = std::make_unique<image_range<T>>("mnist train", train, 0, n - held, symmetric, images, spec.expand,
                                               train_rows);
    if (held > 0)
      d.validation = std::make_unique<image_range<T>>("mnist validation", train, n - held, held, symmetric, images,
                                                      false, train_rows);
    if (test) {
      std::vector<std::uint32_t> test_rows = rows_of_classes(*test, spec.digits);
      const int t = test_rows.empty() ? test->count() : static_cast<int>(test_rows.size());
      d.test = std::make_unique<image_range<T>>("mnist test", test, 0, t, symmetric, images, false,
                                                std::move(test_rows));
      d.final_sets = {{"test", d.test.get()}};
    }
  } else if (spec.name == "autoencoder") {
    autoencoder_data_spec a;
    a.seed = spec.seed;
    a.train = spec.train;
    a.test = spec.test;
    a.noise = spec.noise;
    a.noisy_noise = spec.noisy_noise;
    a.wrong_slope = spec.wrong_slope;
    const autoencoder_sets sets = make_autoencoder_sets(a);
    d.train = points<T>("autoencoder-train", sets.train);
    d.validation = points<T>("autoencoder-test", sets.test);
    d.test = points<T>("autoencoder-test", sets.test);
    d.extra.push_back(points<T>("autoencoder-noisy", sets.noisy));
    d.extra.push_back(points<T>("autoencoder-wrong", sets.wrong));
    d.named = {{"noisy", d.extra[0].get()}, {"wrong", d.extra[1].get()}};
    d.final_sets = {{"clean", d.train.get()}, {"test", d.test.get()}, {"noisy", d.extra[0].get()},
                    {"wrong", d.extra[1].get()}};
  } else if (spec.name == "airline") {
    airline(spec, d);
  } else if (spec.name == "curve") {
    const std::vector<double> xy = make_curve(spec.curve);
    const int n = static_cast<int>(xy.size() / 2);
    std::vector<double> x(n), y(n);
    for (int i = 0; i < n; ++i) x[i] = xy[2 * i], y[i] = xy[2 * i + 1];
    d.train = table<T>("curve", n, 1, x.data(), y.data());
  } else {
    throw spec_error("data.name: unknown data set " + quoted_text(spec.name) + " (one of " + dataset_choices() + ")");
  }
  d.named.insert(d.named.begin(), {"train", d.train.get()});
  if (d.validation) d.named.insert(d.named.begin() + 1, {"validation", d.validation.get()});
  if (d.test) d.named.insert(d.named.begin() + (d.validation ? 2 : 1), {"test", d.test.get()});
  return d;
}

template data_splits<float> load_data<float>(const data_spec&);
template data_splits<double> load_data<double>(const data_spec&);

}  // namespace synapse
