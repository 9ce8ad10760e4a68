// optim/optimizer.h: parameter updates from accumulated gradients, Keras' optimizers.
//
// An optimizer owns its state (sized once at construction, for n parameters) and
// updates a flat parameter range in place; models made of two sub-models (a GAN)
// hold one optimizer per range. step() never allocates.
//
// Formulas (per parameter p with gradient g; every product and quotient is written
// in the order it is evaluated, in the scalar type T, no fma, no pow: only + - * /
// and std::sqrt, so native and WASM give the same bits). Hyper-parameters are
// rounded to T once, at construction; (1 - rho), (1 - beta_1), (1 - beta_2) are
// computed in double and then rounded (as Keras does: `1. - self.rho` is a Python
// float). They are Keras 2's (keras/optimizers.py, the `get_updates` versions, also
// tensorflow/python/keras/optimizer_v1.py), checked against that source and the
// tf.raw_ops documentation (ResourceApplyAdagradV2, ResourceApplyAdam):
//
//   sgd, momentum 0     p = p - (lr * g)                 (the numpy post's order)
//   sgd, momentum mu    v = (mu * v) - (lr * g);  p = p + v
//     nesterov          v = (mu * v) - (lr * g);  p = (p + (mu * v)) - (lr * g)
//   rmsprop             ms = (rho * ms) + ((1 - rho) * (g * g))
//                       p  = p - ((lr * g) / (sqrt(ms) + eps))        eps outside the root
//   adagrad             acc = acc + (g * g)               acc starts at initial_accumulator
//                       p   = p - ((lr * g) / (sqrt(acc) + eps))      eps outside the root
//   adadelta            ag = (rho * ag) + ((1 - rho) * (g * g))
//                       u  = (g * sqrt(ad + eps)) / sqrt(ag + eps)    eps inside both roots,
//                       p  = p - (lr * u)                             the *old* ad
//                       ad = (rho * ad) + ((1 - rho) * (u * u))
//   adam                t = t + 1;  b1t = b1t * beta_1;  b2t = b2t * beta_2   (double, from 1)
//                       lr_t = T(lr * (sqrt(1 - b2t) / (1 - b1t)))            (double, then T)
//                       m = (beta_1 * m) + ((1 - beta_1) * g)
//                       v = (beta_2 * v) + ((1 - beta_2) * (g * g))
//                       p = p - ((lr_t * m) / (sqrt(v) + eps))        eps outside ("epsilon hat")
//
// The implementations evaluate these 4 floats (2 doubles) at a time in 128-bit
// lanes, natively and in WASM alike (kernels/lanes.h), with exactly the
// operations above per element: the bits are those of the plain scalar loops
// (tests/native/test_optim.cpp checks both against each other).
//
// These are Keras 2's forms. Keras 3 differs in places (adagrad and rmsprop put eps
// inside the root there; adam updates m as m + (g - m) * (1 - beta_1)). rmsprop's
// momentum/centered variants and adam's amsgrad are not offered; learning-rate
// schedules live in the trainer (set_lr).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace synapse {

enum class optimizer_kind { sgd, rmsprop, adagrad, adadelta, adam };

const char* optimizer_name(optimizer_kind k);              // "sgd", "rmsprop", ...
bool parse_optimizer(const std::string& name, optimizer_kind& out);
const char* optimizer_choices();                            // "sgd|rmsprop|adagrad|adadelta|adam"

// The member defaults are sgd's; a field only matters to the kinds named beside it.
// For any other kind start from optimizer_defaults(kind): rho and lr differ by kind.
struct optimizer_spec {
  optimizer_kind kind = optimizer_kind::sgd;
  double lr = 0.01;                  // all
  double momentum = 0;               // sgd: 0 is plain gradient descent
  bool nesterov = false;             // sgd, with momentum > 0
  double rho = 0.9;                  // rmsprop (0.9), adadelta (0.95)
  double beta1 = 0.9;                // adam
  double beta2 = 0.999;              // adam
  double epsilon = 1e-7;             // rmsprop, adagrad, adadelta, adam
  double initial_accumulator = 0.1;  // adagrad
};

// Keras' defaults for `kind` (tf.keras 2.x):
//   sgd       lr 0.01,  momentum 0, nesterov false
//   rmsprop   lr 0.001, rho 0.9,  epsilon 1e-7
//   adagrad   lr 0.001, initial_accumulator 0.1, epsilon 1e-7
//   adadelta  lr 0.001, rho 0.95, epsilon 1e-7   (standalone Keras 2.2 had lr 1.0)
//   adam      lr 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7
optimizer_spec optimizer_defaults(optimizer_kind kind);

template <class T>
class optimizer {
 public:
  virtual ~optimizer() = default;
  // params -= update(grads), for the first n parameters (n <= the size at construction).
  virtual void step(T* params, const T* grads, std::size_t n) = 0;
  // The same update (the same bits), and each grads[i] set to +0 once read: the
  // trainer's gradient block is then ready for the next step's accumulation
  // without a separate zeroing pass over it (the optimizers below fold the
  // store into their loop, while the gradient is in cache).
  virtual void step_and_clear(T* params, T* grads, std::size_t n) {
    step(params, grads, n);
    for (std::size_t i = 0; i < n; ++i) grads[i] = T(0);
  }
  // Takes effect from the next step (learning-rate schedules); the state is kept.
  virtual void set_lr(double lr) = 0;
  // Zeroes the state (adagrad: back to initial_accumulator; adam: t = 0): the next
  // step is a fresh optimizer's first.
  virtual void reset() = 0;
  // Everything the next step depends on besides the parameters, as doubles:
  // the moments in parameter order (adam: m then v) and any step counters
  // (adam: beta1^t, beta2^t). Empty for plain sgd. (Tests check a frozen
  // range's state is untouched; saving a run will store it.)
  virtual std::vector<double> state() const = 0;
};

// Throws std::invalid_argument for values outside: lr >= 0, 0 <= momentum <= 1,
// 0 <= rho <= 1, 0 <= beta1 < 1, 0 <= beta2 < 1, epsilon >= 0, initial_accumulator >= 0
// (all finite). The spec parser should refuse these first, naming the field.
template <class T>
std::unique_ptr<optimizer<T>> make_optimizer(const optimizer_spec& spec, std::size_t n);

}  // namespace synapse
