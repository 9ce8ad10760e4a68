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
//
// `momentum` and `nesterov` are sgd with momentum 0.9 (and Nesterov's form): the
// numpy post's list names them as optimizers of their own.
//
// Full-batch kinds (needs_full_batch): they compare losses at several points per
// update, so they need the whole training set per step and a loss_probe from the
// trainer (the loss at the parameters written into the block, one forward pass
// over the training set). A probe is counted by probes(); these kinds compute in
// double whatever T is, and write the parameters back rounded to T.
//
//   annealing   simulated annealing. Its own MT19937 (engine/rng.h, numpy's legacy
//               stream), seeded with `seed` (the trainer passes the run's seed + 1).
//               Per step, with temperature temp (starting at `temperature`):
//                 proposal  p'_i = p_i + T(lr * z_i), z_i ~ N(0, 1) (numpy's legacy
//                           gauss, drawn in parameter order): lr is the step's
//                           standard deviation
//                 accept    u = uniform [0, 1) (always drawn, after the z's);
//                           accepted if f' <= f or u < math::exp(-(f' - f) / temp)
//                           (the engine's exp: the same bits natively and in WASM);
//                           a rejected proposal puts p back
//                 cool      temp = temp * cooling (a product per step, no pow)
//               One probe per step; the gradient is not used (cleared).
//   bfgs        quasi-Newton with a dense inverse-Hessian estimate H (n x n, Eigen,
//               scalar code: see CMakeLists.txt). Per step, at x with gradient g:
//                 s = x - x_prev, y = g - g_prev, sy = s.y; if sy > 0 (the curvature
//                 condition; skipped otherwise): on the first update H = (sy / y.y) I
//                 (Nocedal & Wright 6.20), then with r = 1 / sy, Hy = H y:
//                 H = H - r (Hy s' + s Hy') + (r r (y.Hy) + r) s s'
//                 d = -H g; if g.d >= 0 (not a descent direction) H = I, d = -g.
//                 Every n-th step (n parameters) H first starts again from I (and
//                 is rescaled by the update): a periodic restart. On a quadratic n
//                 updates would make H exact; on XOR's loss, whose weights head off to
//                 infinity, old pairs describe far-away ground (the post's XOR, seed
//                 1, to error 0.01: 142 steps at lr 0.2, 94 at 0.5; without restarts
//                 1,018 at 0.2, and never at 0.5, one output stuck at 0.5)
//               then the line search below. A failed search with H = I means no
//               representable step lowers the loss: the run has converged and later
//               steps leave the weights as they are (no probes); otherwise H = I and
//               the next step tries steepest descent.
//   lbfgs       the same with the last `memory` (s, y) pairs instead of H (the
//               two-loop recursion, H0 = (s.y / y.y) I from the newest pair); pairs
//               with s.y <= 0 are not kept; a non-descent direction or failed search
//               forgets them all.
//   line search (bfgs, lbfgs): backtracking Armijo from t0 = 1, or lr / |d| if the
//               full step d is longer than lr (lr: the longest step tried, in weight
//               space; a step length cap as in Numerical Recipes' lnsrch), then t0/2,
//               t0/4, ... (at most 40 halvings) until f(x + t d) <= f + 1e-4 t g.d.
//               On XOR the cap decides which valley the run ends in (0.5 learns it
//               from the post's seed; 1 lands where one output sticks at 0.5). Armijo rather
//               than Wolfe: it needs only losses at the trial points (one forward pass
//               each, no backward), the trainer's next step brings the gradient at the
//               accepted point anyway, and the curvature condition Wolfe would secure
//               is checked above instead (the update skipped when it fails).
#pragma once

#include <cstddef>
#include <initializer_list>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "../train/state_io.h"

namespace synapse {

// THE list of optimizers (names, choices and the race view follow its order).
enum class optimizer_kind { sgd, momentum, nesterov, adagrad, adadelta, rmsprop, adam, annealing, bfgs, lbfgs };
constexpr int optimizer_kinds = 10;

const char* optimizer_name(optimizer_kind k);              // "sgd", "momentum", ...
bool parse_optimizer(const std::string& name, optimizer_kind& out);
const char* optimizer_choices();                            // "sgd|momentum|...|lbfgs"
// annealing, bfgs and lbfgs: a step needs the whole training set and a loss_probe.
bool needs_full_batch(optimizer_kind k);

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
  double temperature = 0.01;         // annealing: the starting temperature (in loss units)
  double cooling = 0.9999;           // annealing: temperature factor per step
  int memory = 10;                   // lbfgs: (s, y) pairs kept
  unsigned seed = 2;                 // annealing: its own random stream's seed
};

// Keras' defaults for `kind` (tf.keras 2.x):
//   sgd       lr 0.01,  momentum 0, nesterov false
//   rmsprop   lr 0.001, rho 0.9,  epsilon 1e-7
//   adagrad   lr 0.001, initial_accumulator 0.1, epsilon 1e-7
//   adadelta  lr 0.001, rho 0.95, epsilon 1e-7   (standalone Keras 2.2 had lr 1.0)
//   adam      lr 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7
//   momentum, nesterov   sgd's, with momentum 0.9 (nesterov: true)
//   annealing lr 0.05 (the proposal's standard deviation), temperature 0.01, cooling 0.9999
//   bfgs, lbfgs  lr 1 (the line search's longest step); lbfgs memory 10
optimizer_spec optimizer_defaults(optimizer_kind kind);

// What a full-batch optimizer asks of its trainer between updates: the run's
// loss (with any penalty) at the parameters now in the block, by one forward
// pass over the whole training set. It leaves the gradient block alone.
class loss_probe {
 public:
  virtual double loss() = 0;

 protected:
  ~loss_probe() = default;
};

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
  // One update from the point in params, whose loss is `loss` and gradient
  // grads (each cleared once read, as step_and_clear does); the full-batch
  // kinds write trial points into params and ask probe for their loss. The
  // others ignore loss and probe: step_and_clear. (The full-batch kinds'
  // step and step_and_clear throw std::logic_error: they need the probe.)
  virtual void step_full(T* params, T* grads, std::size_t n, double loss, loss_probe& probe) {
    static_cast<void>(loss);
    static_cast<void>(probe);
    step_and_clear(params, grads, n);
  }
  // Loss probes asked so far (each one forward pass over the training set).
  virtual long probes() const { return 0; }
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
  // Puts back what state() gave (a saved run resumes from it, train/state.h).
  // Throws std::invalid_argument for a size state() would not give; a kind
  // that cannot restore its state (the default, when it has any) throws
  // std::logic_error.
  virtual void set_state(const std::vector<double>& s) {
    if (!s.empty()) throw std::logic_error("this optimizer cannot restore its state");
  }
  // Writes (io saving) or reads back (io loading) everything its next step
  // depends on, for a saved run (train/state_io.h): by default state() as one
  // vector, put back with set_state; the full-batch kinds list their own
  // fields (a random stream, the line search's point, H, the kept pairs).
  virtual void visit_state(state_io& io) {
    std::vector<double> s = state();
    io.fixed(s);
    if (!io.loading()) return;
    try {
      set_state(s);
    } catch (const std::exception& e) {
      refuse_state(std::string("saved state: ") + e.what());
    }
  }

 protected:
  // visit_state for the kinds that keep moments (state()'s layout, without
  // building it: a GAN's Adam keeps millions): one length, each vector's
  // values as doubles, then the double counters (adam's beta^t).
  void visit_moments(state_io& io, std::initializer_list<std::vector<T>*> moments,
                     std::initializer_list<double*> counters = {}) {
    std::size_t n = counters.size();
    for (const std::vector<T>* m : moments) n += m->size();
    io.length(n);
    for (std::vector<T>* m : moments) io.as_doubles(m->data(), m->size());
    for (double* c : counters) io.value(*c);
  }
};

// set_state's pieces: s[from, from + dst.size()) into dst (each value was a T),
// the next offset returned; `last` says dst must end s.
template <class T>
std::size_t restore_into(std::vector<T>& dst, const std::vector<double>& s, std::size_t from, bool last) {
  if (s.size() < from + dst.size() || (last && s.size() != from + dst.size()))
    throw std::invalid_argument("optimizer state: " + std::to_string(s.size()) + " values, not what this optimizer keeps");
  for (std::size_t i = 0; i < dst.size(); ++i) dst[i] = static_cast<T>(s[from + i]);
  return from + dst.size();
}

// Throws std::invalid_argument for values outside: lr >= 0, 0 <= momentum <= 1,
// 0 <= rho <= 1, 0 <= beta1 < 1, 0 <= beta2 < 1, epsilon >= 0, initial_accumulator >= 0,
// temperature > 0, 0 < cooling <= 1, 1 <= memory <= 100 (all finite). The spec parser should refuse these first, naming the field.
template <class T>
std::unique_ptr<optimizer<T>> make_optimizer(const optimizer_spec& spec, std::size_t n);

}  // namespace synapse
