#include "knobs.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "../data/curve_data.h"
#include "../format.h"
#include "json_text.h"

namespace synapse {
namespace {

using json = nlohmann::json;

bool in_choices(const std::string& v, const char* choices) {
  std::string c = choices;
  std::size_t start = 0;
  while (start <= c.size()) {
    const std::size_t bar = c.find('|', start);
    const std::string item = c.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
    if (item == v) return true;
    if (bar == std::string::npos) break;
    start = bar + 1;
  }
  return false;
}

std::string describe(const knob& k) {
  switch (k.type) {
    case knob_type::integer: return "must be an integer in " + knob_range(k);
    case knob_type::number: return "must be a finite number in " + knob_range(k);
    case knob_type::choice: return "must be one of " + knob_range(k);
    case knob_type::integer_list:
      return "must be up to " + std::to_string(k.max_items) + " comma-separated integers in " + knob_range(k);
  }
  return "";
}

const char* precision_choices() { return "f64|f32"; }
const char* on_off_choices() { return "off|on"; }
const char* gate_choices() { return "sigmoid|hard_sigmoid"; }
const char* rnn_choices() { return "tanh|sigmoid"; }
const char* padding_choices() { return "valid|same"; }
const char* pool_choices() { return "max|average|l2|none"; }
const char* bump_choices() { return "none|bumps"; }

// A knob's JSON pointer as parse_spec names the field in its errors:
// "/model/cnn/blocks/0/filters" -> "model.cnn.blocks[0].filters".
std::string field_path(const std::string& pointer) {
  std::string path;
  std::size_t start = 1;
  while (start <= pointer.size()) {
    std::size_t slash = pointer.find('/', start);
    if (slash == std::string::npos) slash = pointer.size();
    const std::string part = pointer.substr(start, slash - start);
    if (!part.empty() && part.find_first_not_of("0123456789") == std::string::npos) path += "[" + part + "]";
    else path += (path.empty() ? "" : ".") + part;
    start = slash + 1;
  }
  return path;
}

// The field knob k sets in doc, objects made on the way where missing. An
// experiment file whose field on the way has another type (an "optimizer"
// that is a number) is refused naming the knob (`name` as given) and field.
json& knob_target(json& doc, const knob& k, const std::string& name) {
  const std::string pointer = k.pointer;
  json* at = &doc;
  std::size_t start = 1;
  while (start <= pointer.size()) {
    std::size_t slash = pointer.find('/', start);
    if (slash == std::string::npos) slash = pointer.size();
    const std::string part = pointer.substr(start, slash - start);
    const std::string here = start == 1 ? std::string("the experiment") : field_path(pointer.substr(0, start - 1));
    const std::string cannot = name + ": cannot set " + field_path(pointer) + " in this experiment: " + here;
    const bool index = !part.empty() && part.find_first_not_of("0123456789") == std::string::npos;
    if (at->is_null() && !index) *at = json::object();
    if (at->is_object()) {
      at = &(*at)[part];
    } else if (index && at->is_array()) {
      const std::size_t i = std::stoul(part);
      if (i >= at->size()) throw spec_error(cannot + " has no item " + part);
      at = &(*at)[i];
    } else {
      const std::string type = at->type_name();
      throw spec_error(cannot + " is " + (at->is_null() ? "missing" : (type[0] == 'a' || type[0] == 'o' ? "an " : "a ") + type) +
                       ", not " + (index ? "a list" : "an object"));
    }
    start = slash + 1;
  }
  return *at;
}

}  // namespace

const char* knob_group_name(knob_group g) {
  return g == knob_group::data ? "data" : g == knob_group::model ? "model" : "training";
}

const std::vector<knob>& knob_table() {
  using G = knob_group;
  using K = knob_type;
  static const std::vector<knob> table = {
      // ---- data ----
      {"train_limit", "Training images used", G::data, "/data/train_limit", K::integer, 0, 60000, false, nullptr,
       "train on only the first N training images (0 = all): quick runs", nullptr},
      {"digits", "Digits (classes) used", G::data, "/data/digits", K::integer_list, 0, 9, false, nullptr,
       "train, validate and test on these classes only, e.g. 0,1 (the book: get any learning first on an easier "
       "problem); empty: all ten", nullptr, 10},
      {"noise", "Noise of the normal points", G::data, "/data/noise", K::number, 0, 10, false, nullptr,
       "noise amplitude of the clean, test and wrong points: y = 2x - 1 + U(-noise, noise)", nullptr},
      {"noisy_noise", "Noise of the noisy points", G::data, "/data/noisy_noise", K::number, 0, 10, false, nullptr,
       "noise amplitude of the noisy points (the anomalies by noise)", nullptr},
      {"data_seed", "Data seed", G::data, "/data/seed", K::integer, 0, 4294967295.0, false, nullptr,
       "Python's random.seed for the points (the notebook's 24601: the same points to the bit)", nullptr},
      {"expand", "Expanded training data", G::data, "/data/expand", K::choice, 0, 0, false, on_off_choices,
       "on: each training image also shifted one pixel down, up, right and left, 5x the images (the book: "
       "250,000 from 50,000), made as batches are filled", nullptr},
      {"curve", "Curve", G::data, "/data/curve", K::choice, 0, 0, false, curve_choices,
       "the curve y = f(x) on [0, 1] to fit: built in, or drawn (the one drawn on the page)", nullptr},
      {"look_back", "Window length (look_back)", G::data, "/data/look_back", K::integer, 1, 40, false, nullptr,
       "months in each input window; the next month is the target (the lecture: 5)", nullptr},
      // ---- model ----
      {"units", "Recurrent units", G::model, "/model/recurrent/units", K::integer, 1, 1024, false, nullptr,
       "units (the size of h and of the cell state) in each recurrent layer (the lecture: 128; stateful: 4)",
       nullptr},
      {"layers", "Recurrent layers", G::model, "/model/recurrent/layers", K::integer, 1, 4, false, nullptr,
       "recurrent layers stacked (each but the last passes its whole sequence on)", nullptr},
      {"stateful", "Memory between batches", G::model, "/model/recurrent/stateful", K::choice, 0, 0, false,
       on_off_choices,
       "on: each batch starts from the state the previous one left (examples in order, reset every epoch)",
       nullptr},
      {"recurrent_activation", "LSTM gate activation", G::model, "/model/recurrent/recurrent_activation",
       K::choice, 0, 0, false, gate_choices,
       "the gates' squashing function: sigmoid (Keras 2.3 on) or hard_sigmoid (Keras 2.2, the lecture's time)",
       nullptr},
      {"rnn_activation", "Recurrent activation", G::model, "/model/recurrent/activation", K::choice, 0, 0, false,
       rnn_choices, "the plain recurrent layer's h = f(U x + V h_prev + b): tanh (Keras' default) or sigmoid "
       "(the lecture's argument: its gradient shrinks by at most 0.25 per step back)", nullptr},
#define SYNAPSE_BLOCK_KNOBS(n, i, filters)                                                                       \
  {"conv" n "_filters", "Block " n " filters", G::model, "/model/cnn/blocks/" i "/filters", K::integer_list, 1, 4096, \
   false, nullptr, "filters of each conv layer of block " n ", one number per layer (" filters ")", nullptr},         \
  {"conv" n "_kernel", "Block " n " kernel size", G::model, "/model/cnn/blocks/" i "/kernel_size", K::integer, 1, 9,  \
   false, nullptr, "each conv layer's kernel, k x k (the lecture and the book: 5; try 3 or 9)", nullptr},             \
  {"conv" n "_stride", "Block " n " stride", G::model, "/model/cnn/blocks/" i "/strides", K::integer, 1, 9, false,    \
   nullptr, "how far each kernel moves between output pixels (1: every position)", nullptr},                          \
  {"conv" n "_padding", "Block " n " padding", G::model, "/model/cnn/blocks/" i "/padding", K::choice, 0, 0, false,   \
   padding_choices, "valid: whole windows only, the map shrinks by kernel - 1; same: zero-padded to keep its size",   \
   nullptr},                                                                                                         \
  {"pool" n, "Block " n " pooling", G::model, "/model/cnn/blocks/" i "/pool", K::choice, 0, 0, false, pool_choices,  \
   "the pooling after block " n "'s conv layers: max, average or L2 (the root of the sum of squares); none: no pool", \
   nullptr},                                                                                                         \
  {"pool" n "_size", "Block " n " pool size", G::model, "/model/cnn/blocks/" i "/pool_size", K::integer, 1, 9, false, \
   nullptr, "the pooling window, n x n (2 halves the map)", nullptr},                                                 \
  {"pool" n "_stride", "Block " n " pool stride", G::model, "/model/cnn/blocks/" i "/pool_strides", K::integer, 1, 9, \
   false, nullptr, "how far the pooling window moves (the lecture and the book: 2, the pool size)", nullptr}
      {"conv_blocks", "Conv-pool blocks used", G::model, "/model/cnn/use", K::integer, 0, 8, false, nullptr,
       "how many of the conv-pool blocks are used, in order (the book's second conv-pool layer: 2; 0: none, the "
       "dense layers on the pixels)", nullptr},
      SYNAPSE_BLOCK_KNOBS("1", "0", "the lecture: 32; the book: 20"),
      SYNAPSE_BLOCK_KNOBS("2", "1", "the lecture: 64,128,64; the book: 40"),
#undef SYNAPSE_BLOCK_KNOBS
      {"hidden", "Hidden units", G::model, "/model/mlp/hidden", K::integer_list, 1, 4096, false, nullptr,
       "hidden layer sizes, e.g. 4 or 200,60 (empty: no hidden layer)", nullptr},
      {"activation", "Hidden activation", G::model, "/model/mlp/activation", K::choice, 0, 0, false,
       activation_choices, "the hidden layers' activation (a CNN's conv layers too)", nullptr},
      {"output", "Output activation", G::model, "/model/mlp/output", K::choice, 0, 0, false, activation_choices,
       "the output layer's activation (softmax for categorical_crossentropy; a linear output lets a large "
       "learning rate diverge)", nullptr},
      {"dropout", "Dropout rate", G::model, "/model/mlp/dropout", K::number, 0, 0.99, false, nullptr,
       "fraction of units dropped per mini-batch while training (< 1): each hidden layer's outputs, or (the "
       "book's CNN) each dense layer's inputs", nullptr},
      {"construction", "Hand-set weights", G::model, "/model/construction/kind", K::choice, 0, 0, false, bump_choices,
       "bumps: the book's chapter 4 weights, pairs of steep sigmoids making bumps; none: random weights", nullptr},
      {"steepness", "Step steepness", G::model, "/model/construction/steepness", K::number, 1, 1e6, false, nullptr,
       "the bumps construction's weight w of every unit: the larger, the sharper each step (the book: 1000)", nullptr},
      {"init", "Weight initialisation", G::model, "/model/init", K::choice, 0, 0, false, init_choices,
       "numpy_uniform is the post's 2*random()-1; glorot_uniform Keras'; normal and normal_scaled the book's",
       nullptr},
      {"loss", "Loss (cost)", G::model, "/loss", K::choice, 0, 0, false, loss_choices,
       "the cost the network minimises (the cross-entropies need a softmax or sigmoid output)", nullptr},
      {"encoder_units", "Encoder hidden units", G::model, "/model/parts/0/layers/0/units", K::integer, 1, 4096,
       false, nullptr, "units in the encoder's hidden layer (the lecture: 32)", nullptr},
      {"code", "Code size", G::model, "/model/parts/0/layers/1/units", K::integer, 1, 4096, false, nullptr,
       "the code size: the encoder's output, the bottleneck (the lecture: 16)", nullptr},
      {"decoder_units", "Decoder hidden units", G::model, "/model/parts/1/layers/0/units", K::integer, 1, 4096,
       false, nullptr, "units in the decoder's hidden layer (the lecture: 32)", nullptr},
      {"noise_size", "Noise size", G::model, "/adversarial/noise_size", K::integer, 1, 4096, false, nullptr,
       "the generator's random normal inputs (the lecture: 100)", nullptr},
      {"g_hidden", "Generator hidden units", G::model, "/model/parts/0/mlp/hidden", K::integer_list, 1, 4096, false,
       nullptr, "the generator's hidden layer sizes (the lecture: 256,512)", nullptr},
      {"d_hidden", "Discriminator hidden units", G::model, "/model/parts/1/mlp/hidden", K::integer_list, 1, 4096,
       false, nullptr, "the discriminator's hidden layer sizes (the lecture: 1024,512,256)", nullptr},
      {"d_dropout", "Discriminator dropout", G::model, "/model/parts/1/mlp/dropout", K::number, 0, 0.99, false,
       nullptr, "dropout after the discriminator's first two hidden layers (the lecture: 0.3)", nullptr},
      {"precision", "Number precision", G::model, "/precision", K::choice, 0, 0, false, precision_choices,
       "f64 reproduces the numpy post digit for digit; f32 is what Keras trains in", nullptr},
      // ---- training ----
      {"lr", "Learning rate", G::training, "/optimizer/lr", K::number, 0, max_lr, true, nullptr,
       "how far each step moves the weights along the gradient (the numpy post's alpha)", "alpha"},
      {"g_lr", "Generator learning rate", G::training, "/model/parts/0/optimizer/lr", K::number, 0, max_lr, true,
       nullptr, "the generator's Adam step (the lecture's code: Keras' default 0.001; its prose: 0.0002)", nullptr},
      {"g_beta1", "Generator Adam beta_1", G::training, "/model/parts/0/optimizer/beta_1", K::number, 0, 0.999,
       false, nullptr, "the generator's momentum decay (the code: 0.9; the prose: 0.5)", nullptr},
      {"d_lr", "Discriminator learning rate", G::training, "/model/parts/1/optimizer/lr", K::number, 0, max_lr, true,
       nullptr, "the discriminator's Adam step (the lecture: 0.0002)", nullptr},
      {"d_beta1", "Discriminator Adam beta_1", G::training, "/model/parts/1/optimizer/beta_1", K::number, 0, 0.999,
       false, nullptr, "the discriminator's momentum decay (the lecture: 0.5)", nullptr},
      {"real_label", "Label of real images", G::training, "/adversarial/real_label", K::number, 0, 1, true, nullptr,
       "what the discriminator is taught to say for a real image (0.9: one-sided label smoothing; 1: none)",
       nullptr},
      {"d_steps", "Discriminator steps per step", G::training, "/adversarial/d_steps", K::integer, 1, 100, false,
       nullptr, "discriminator updates before each generator update", nullptr},
      {"optimizer", "Optimizer", G::training, "/optimizer/type", K::choice, 0, 0, false, optimizer_choices,
       "how gradients become updates (Keras' formulas; annealing, bfgs and lbfgs need the full batch)", nullptr},
      {"iterations", "Training steps", G::training, "/schedule/iterations", K::integer, 1,
       static_cast<double>(max_iterations), false, nullptr,
       "training steps (full batch: one step sees every example; a GAN's step updates both networks)", "steps"},
      {"epochs", "Epochs", G::training, "/schedule/epochs", K::integer, 1, 1000, false, nullptr,
       "passes over the training set", nullptr},
      {"batch_size", "Batch size", G::training, "/schedule/batch_size", K::integer, 1, 60000, false, nullptr,
       "examples per mini-batch (one update each)", nullptr},
      {"l2", "L2 penalty", G::training, "/regularization/l2", K::number, 0, 1, false, nullptr,
       "L2 penalty l2 * sum w^2 on the weights (the book's lambda is l2 = lambda / 2n; its chapter 6 code's "
       "l2 = lambda / (2 x batches per epoch): lambda 0.1 is 1e-05 on 50,000 images in batches of 10)", nullptr},
      {"l1", "L1 penalty", G::training, "/regularization/l1", K::number, 0, 1, false, nullptr,
       "L1 penalty l1 * sum |w| on the weights (the book's lambda is l1 = lambda / n); pushes small weights to "
       "exactly zero where L2 only shrinks them", nullptr},
      {"patience", "Early stopping patience", G::training, "/early_stopping/patience", K::integer, 0, 1000, false,
       nullptr, "stop when the validation figure has not improved for this many epochs and keep the best epoch's "
       "weights (the book: no improvement in 10; 0: never stop early)", nullptr},
      {"lr_schedule", "Learning-rate schedule", G::training, "/schedule/lr_schedule/kind", K::choice, 0, 0, false,
       lr_schedule_choices, "none: constant; step: times lr_factor every lr_every epochs; exponential: times "
       "lr_factor each epoch; plateau (the book's): times lr_factor when the validation figure has not improved "
       "for lr_every epochs, stopping at 1/128 of the starting rate", nullptr},
      {"lr_factor", "Learning-rate factor", G::training, "/schedule/lr_schedule/factor", K::number, 0, 1, true,
       nullptr, "what the schedule multiplies the rate by at each change (the book: 0.5, halving)", nullptr},
      {"lr_every", "Learning-rate epochs", G::training, "/schedule/lr_schedule/every", K::integer, 1, 1000, false,
       nullptr, "step: epochs between changes; plateau: epochs without improvement before a change (the book: 10)",
       nullptr},
      {"seed", "Random seed", G::training, "/seed", K::integer, 0, 4294967295.0, false, nullptr,
       "seeds the weight initialisation (numpy's np.random.seed), shuffling and dropout", nullptr},
  };
  return table;
}

const knob* find_knob(const std::string& name) {
  for (const knob& k : knob_table())
    if (name == k.name || (k.alias && name == k.alias)) return &k;
  return nullptr;
}

std::string knob_range(const knob& k) {
  switch (k.type) {
    case knob_type::integer:
    case knob_type::integer_list:
      return significant(k.min, 15) + ".." + significant(k.max, 15);
    case knob_type::number:
      return std::string(k.min_open ? "(" : "[") + shortest(k.min) + ", " + shortest(k.max) + "]";
    case knob_type::choice:
      return k.choices();
  }
  return "";
}

const preset& find_preset(const std::string& name) {
  std::string known;
  for (const auto& p : presets()) {
    if (name == p.name) return p;
    known += known.empty() ? p.name : std::string(", ") + p.name;
  }
  throw spec_error("unknown preset " + quoted_text(name) + " (known: " + known + ")");
}

json preset_document(const preset& p) { return json::parse(p.document); }

std::string knob_default(const preset& p, const knob& k) {
  const json doc = preset_document(p);
  const json& v = doc.at(json::json_pointer(k.pointer));
  if (v.is_string()) return v.get<std::string>();
  if (v.is_array()) {
    std::string list;
    for (const auto& e : v) list += (list.empty() ? "" : ",") + std::to_string(e.get<long long>());
    return list;
  }
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  return shortest(v.get<double>());
}

void apply_knob(const std::vector<const knob*>& allowed, json& doc, const std::string& name,
                const std::string& value) {
  const knob* k = nullptr;
  std::string names;
  for (const knob* a : allowed) {
    if (name == a->name || (a->alias && name == a->alias)) k = a;
    names += names.empty() ? a->name : std::string(", ") + a->name;
  }
  if (!k) throw spec_error("unknown knob " + quoted_text(name) + " (knobs: " + names + ")");
  const std::string bad = name + ": " + describe(*k) + ", got " + quoted_text(value);
  json& target = knob_target(doc, *k, name);
  switch (k->type) {
    case knob_type::integer: {
      if (!is_integer_text(value)) throw spec_error(bad);
      const long long v = std::strtoll(value.c_str(), nullptr, 10);
      if (v < k->min || v > k->max) throw spec_error(bad);
      target = v;
      return;
    }
    case knob_type::number: {
      double v = 0;
      std::string why;
      if (!read_number_text(value, v, why)) throw spec_error(why.empty() ? bad : bad + ": " + why);
      if (v > k->max || v < k->min || (k->min_open && v == k->min)) throw spec_error(bad);
      target = v;
      return;
    }
    case knob_type::choice:
      if (!in_choices(value, k->choices())) throw spec_error(bad);
      target = value;
      return;
    case knob_type::integer_list: {
      json list = json::array();
      std::size_t start = 0;
      while (!value.empty() && start <= value.size()) {
        const std::size_t comma = value.find(',', start);
        const std::string item = value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!is_integer_text(item)) throw spec_error(bad);
        const long long v = std::strtoll(item.c_str(), nullptr, 10);
        if (v < k->min || v > k->max) throw spec_error(bad);
        list.push_back(v);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      if (list.size() > static_cast<std::size_t>(k->max_items)) throw spec_error(bad);
      target = list;
      return;
    }
  }
}

std::vector<const knob*> knobs_for_lab(const std::string& lab) {
  std::vector<const knob*> out;
  for (const auto& p : presets()) {
    if (lab != p.lab) continue;
    for (const knob* k : p.knobs) {
      bool seen = false;
      for (const knob* o : out) seen = seen || o == k;
      if (!seen) out.push_back(k);
    }
  }
  return out;
}

experiment_spec spec_from_preset(const std::string& preset_name, const knob_values& values,
                                 json* doc_out) {
  const preset& p = find_preset(preset_name);
  json doc = preset_document(p);
  for (const auto& [name, value] : values) apply_knob(p.knobs, doc, name, value);
  experiment_spec s;
  try {
    s = parse_spec(doc);
  } catch (const spec_error& e) {   // a field a knob set, refused by the parser: the knob is named first
    const std::string why = e.what();
    for (const auto& [name, value] : values) {
      const knob* k = find_knob(name);
      const std::string path = k ? field_path(k->pointer) : "";
      if (!path.empty() && why.rfind(path, 0) == 0 && why.size() > path.size() &&
          (why[path.size()] == ':' || why[path.size()] == '.' || why[path.size()] == '['))
        throw spec_error(name + ": " + why);
    }
    throw;
  }
  s.preset = preset_name;
  s.knobs = values;
  if (doc_out) *doc_out = std::move(doc);
  return s;
}

}  // namespace synapse
