#include "loss.h"

#include <cstddef>

#include "../kernels/lanes.h"
#include "../math.h"

namespace synapse {
namespace {

struct loss_row {
  loss_kind kind;
  const char* name;
};
constexpr loss_row loss_table[] = {
    {loss_kind::mse, "mse"},
    {loss_kind::summed_error, "summed_error"},
    {loss_kind::quadratic, "quadratic"},
    {loss_kind::categorical_crossentropy, "categorical_crossentropy"},
    {loss_kind::binary_crossentropy, "binary_crossentropy"},
    {loss_kind::cross_entropy, "cross_entropy"},
};

// Exponentials are taken a block at a time through exp_in_place (two lanes,
// the same bits as math::exp); every sum stays a scalar loop in index order.
constexpr int block = 64;

template <class T>
int argmax(const T* r, int n) {
  int best = 0;
  for (int i = 1; i < n; ++i)
    if (r[i] > r[best]) best = i;
  return best;
}

}  // namespace

const char* loss_name(loss_kind k) {
  for (const auto& row : loss_table)
    if (row.kind == k) return row.name;
  return "?";
}

bool parse_loss(const std::string& name, loss_kind& out) {
  for (const auto& row : loss_table)
    if (name == row.name) {
      out = row.kind;
      return true;
    }
  return false;
}

const char* loss_choices() {
  return "mse|summed_error|quadratic|categorical_crossentropy|binary_crossentropy|cross_entropy";
}

bool loss_is_fused(loss_kind k) {
  return k == loss_kind::categorical_crossentropy || k == loss_kind::binary_crossentropy ||
         k == loss_kind::cross_entropy;
}

activation loss_output_activation(loss_kind k) {
  if (k == loss_kind::categorical_crossentropy) return activation::softmax;
  if (loss_is_fused(k)) return activation::sigmoid;
  return activation::linear;
}

double loss_normaliser(loss_kind k, double B, double N) {
  switch (k) {
    case loss_kind::mse: return B * N;
    case loss_kind::summed_error: return 2.0;
    case loss_kind::quadratic: return 2.0 * B;
    case loss_kind::categorical_crossentropy: return B;
    case loss_kind::binary_crossentropy: return B * N;
    case loss_kind::cross_entropy: return B;
  }
  return 1.0;
}

template <class T>
double loss_sum(loss_kind k, cmat<T> yhat, cmat<T> logits, cmat<T> y) {
  double s = 0;
  const std::size_t n = yhat.size();
  switch (k) {
    case loss_kind::mse:
    case loss_kind::summed_error:
    case loss_kind::quadratic:
      for (std::size_t i = 0; i < n; ++i) {
        const double e = static_cast<double>(yhat.data[i]) - static_cast<double>(y.data[i]);
        s += e * e;
      }
      return s;
    case loss_kind::categorical_crossentropy:
      // sum_i y_i (logsumexp(z) - z_i), with the max taken out of the exponent.
      for (int b = 0; b < logits.rows; ++b) {
        const T* z = logits.row(b);
        const T* t = y.row(b);
        double m = z[0];
        for (int i = 1; i < logits.cols; ++i) m = z[i] > m ? z[i] : m;
        double e = 0;
        for (int i0 = 0; i0 < logits.cols; i0 += block) {
          const int k = logits.cols - i0 < block ? logits.cols - i0 : block;
          double t[block];
          for (int j = 0; j < k; ++j) t[j] = static_cast<double>(z[i0 + j]) - m;
          exp_in_place(t, static_cast<std::size_t>(k));
          for (int j = 0; j < k; ++j) e += t[j];
        }
        const double lse = m + math::log(e);
        for (int i = 0; i < logits.cols; ++i)
          if (t[i] != T(0)) s += static_cast<double>(t[i]) * (lse - static_cast<double>(z[i]));
      }
      return s;
    case loss_kind::binary_crossentropy:
    case loss_kind::cross_entropy:
      // -(y log s(z) + (1-y) log(1-s(z))) = max(z,0) - z y + log(1 + e^-|z|)
      for (std::size_t i0 = 0; i0 < n; i0 += block) {
        const std::size_t k = n - i0 < std::size_t(block) ? n - i0 : std::size_t(block);
        double ex[block];
        for (std::size_t j = 0; j < k; ++j) {
          const double z = logits.data[i0 + j];
          ex[j] = -(z < 0 ? -z : z);
        }
        exp_in_place(ex, k);
        for (std::size_t j = 0; j < k; ++j) {
          const double z = logits.data[i0 + j], t = y.data[i0 + j];
          s += (z > 0 ? z : 0.0) - z * t + math::log(1.0 + ex[j]);
        }
      }
      return s;
  }
  return s;
}

template <class T>
void loss_gradient(loss_kind k, cmat<T> yhat, cmat<T> y, mat<T> dy) {
  const std::size_t n = yhat.size();
  const T* a = yhat.data;
  const T* b = y.data;
  T* d = dy.data;
  if (k == loss_kind::summed_error) {
    lanes::for_each<T>(n, [=](std::size_t i, auto tag) {
      using V = typename decltype(tag)::type;
      lanes::store(d + i, lanes::load<V>(a + i) - lanes::load<V>(b + i));
    });
    return;
  }
  // Every other gradient is c (yhat - y), c = 2/(BN), 1/B or 1/(BN).
  const double B = yhat.rows, N = yhat.cols;
  const T c = static_cast<T>(k == loss_kind::mse ? 2.0 / (B * N)
                             : (k == loss_kind::binary_crossentropy ? 1.0 / (B * N) : 1.0 / B));
  lanes::for_each<T>(n, [=](std::size_t i, auto tag) {
    using V = typename decltype(tag)::type;
    lanes::store(d + i, V(c) * (lanes::load<V>(a + i) - lanes::load<V>(b + i)));
  });
}

template <class T>
double abs_error_sum(cmat<T> yhat, cmat<T> y) {
  double s = 0;
  const std::size_t n = yhat.size();
  for (std::size_t i = 0; i < n; ++i) {
    const T e = yhat.data[i] - y.data[i];
    s += static_cast<double>(e < T(0) ? -e : e);
  }
  return s;
}

template <class T>
int correct_count(cmat<T> yhat, cmat<T> y) {
  int c = 0;
  for (int b = 0; b < yhat.rows; ++b) c += argmax(yhat.row(b), yhat.cols) == argmax(y.row(b), y.cols);
  return c;
}

#define SYNAPSE_LOSS_INSTANTIATE(T)                                                     \
  template double loss_sum<T>(loss_kind, cmat<T>, cmat<T>, cmat<T>);                    \
  template void loss_gradient<T>(loss_kind, cmat<T>, cmat<T>, mat<T>);                  \
  template double abs_error_sum<T>(cmat<T>, cmat<T>);                                   \
  template int correct_count<T>(cmat<T>, cmat<T>);
SYNAPSE_LOSS_INSTANTIATE(float)
SYNAPSE_LOSS_INSTANTIATE(double)

}  // namespace synapse
