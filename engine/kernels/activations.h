// kernels/activations.h: element-wise activations and their derivatives.
//
// Every derivative is written in terms of the output y (which the layer keeps),
// so no pre-activation has to be stored:
//   linear      y = z                    y' = 1
//   sigmoid     y = 1 / (1 + e^-z)       y' = y (1 - y)
//   tanh        y = tanh z               y' = 1 - y^2
//   relu        y = max(z, 0)            y' = [y > 0]
//   leaky_relu  y = z > 0 ? z : a z      y' = y > 0 ? 1 : a      (0 <= a < 1)
//   hard_sigmoid y = clip(0.2 z + 0.5, 0, 1)  y' = 0 < y < 1 ? 0.2 : 0   (Keras 2.2's; a
//               recurrent gate's cheap sigmoid; NaN stays NaN)
//   softmax     y_i = e^z_i / sum_j e^z_j (per row)
//               dz_i = y_i (dy_i - sum_j dy_j y_j)
// The backward pass multiplies in the numpy post's order: dz = dy * (y (1 - y)).
#pragma once

#include <cstddef>
#include <string>

namespace synapse {

enum class activation { linear, sigmoid, tanh, relu, leaky_relu, softmax, hard_sigmoid };

// Knob spelling: "linear", "sigmoid", "tanh", "relu", "leaky_relu", "softmax",
// "hard_sigmoid".
const char* activation_name(activation a);
bool parse_activation(const std::string& name, activation& out);
const char* activation_choices();  // "linear|sigmoid|..."

// z (B,N) becomes y in place.
template <class T>
void activation_forward(activation a, T slope, T* z, int B, int N);

// dz = dy * f'(y), all (B,N); dz may alias dy.
template <class T>
void activation_backward(activation a, T slope, const T* y, const T* dy, T* dz, int B, int N);

// x[i] = math::exp(x[i]) for i < n, the same bits, two lanes at a time
// (softmax, sigmoid, and the cross-entropy losses' log-sum-exp).
void exp_in_place(double* x, std::size_t n);

}  // namespace synapse
