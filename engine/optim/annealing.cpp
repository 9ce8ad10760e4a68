// optim/annealing.cpp: simulated annealing (formulas in optimizer.h): a random
// proposal around the weights, kept if the loss falls, or with probability
// exp(-rise / temperature) if it rises; the temperature cools each step.
#include <algorithm>
#include <vector>

#include "../math.h"
#include "../rng.h"
#include "full_batch.h"

namespace synapse {
namespace {

template <class T>
class annealing final : public full_batch_optimizer<T> {
 public:
  annealing(const optimizer_spec& s, std::size_t n)
      : full_batch_optimizer<T>("annealing"), spec_(s), sigma_(s.lr), temp_(s.temperature), gen_(s.seed),
        kept_(n) {}

  void step_full(T* p, T* g, std::size_t n, double loss, loss_probe& probe) override {
    std::fill(g, g + n, T(0));   // the gradient is not used
    for (std::size_t i = 0; i < n; ++i) {
      kept_[i] = p[i];
      p[i] = p[i] + static_cast<T>(sigma_ * gen_.normal());
    }
    const double proposed = this->probe_loss(probe);
    const double u = gen_.uniform();
    const bool accept = proposed <= loss || u < math::exp(-(proposed - loss) / temp_);
    if (!accept) std::copy(kept_.begin(), kept_.begin() + static_cast<std::ptrdiff_t>(n), p);
    temp_ = temp_ * spec_.cooling;
  }
  void set_lr(double lr) override { sigma_ = lr; }
  void reset() override {
    temp_ = spec_.temperature;
    gen_.seed(spec_.seed);
  }
  // The temperature (state(); its random stream's position is saved by visit_state).
  std::vector<double> state() const override { return {temp_}; }
  void visit_state(state_io& io) override {
    io.section("the annealing optimizer's state");
    io.value(temp_);
    io.value(sigma_);
    io.value(this->probes_);
    gen_.visit_state(io);
  }

 private:
  optimizer_spec spec_;
  double sigma_, temp_;
  rng gen_;
  std::vector<T> kept_;   // (n) the weights before the proposal
};

}  // namespace

template <class T>
std::unique_ptr<optimizer<T>> make_annealing(const optimizer_spec& spec, std::size_t n) {
  return std::make_unique<annealing<T>>(spec, n);
}

template std::unique_ptr<optimizer<float>> make_annealing<float>(const optimizer_spec&, std::size_t);
template std::unique_ptr<optimizer<double>> make_annealing<double>(const optimizer_spec&, std::size_t);

}  // namespace synapse
