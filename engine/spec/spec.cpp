// spec/spec.cpp: JSON -> experiment_spec, checking every field.
#include "spec.h"

#include <cmath>
#include <initializer_list>
#include <nlohmann/json.hpp>

#include "../data/curve_data.h"
#include "../data/dataset.h"
#include "../format.h"
#include "../layers/registry.h"
#include "fields.h"
#include "json_text.h"
#include "shorthands.h"

namespace synapse {
namespace {

using json = nlohmann::json;
using namespace fields;

bool parse_precision(const std::string& s, precision& p) {
  if (s == "f32") p = precision::f32;
  else if (s == "f64") p = precision::f64;
  else return false;
  return true;
}

constexpr const char* init_names[] = {"numpy_uniform", "normal", "normal_scaled",
                                      "glorot_uniform", "he_normal"};

bool parse_init(const std::string& s, init_scheme& out) {
  for (int i = 0; i < 5; ++i)
    if (s == init_names[i]) {
      out = static_cast<init_scheme>(i);
      return true;
    }
  return false;
}

bool parse_data(const std::string& s, std::string& out) {
  if (s != "xor" && s != "xor-warmup" && s != "mnist" && s != "autoencoder" && s != "airline" && s != "curve")
    return false;
  out = s;
  return true;
}

bool parse_curve(const std::string& s, std::string& out) {
  if (s != "hills" && s != "wave" && s != "step" && s != "book" && s != "drawn") return false;
  out = s;
  return true;
}

bool parse_construction(const std::string& s, std::string& out) {
  if (s != "none" && s != "bumps") return false;
  out = s;
  return true;
}

bool parse_window(const std::string& s, std::string& out) {
  if (s != "features" && s != "steps") return false;
  out = s;
  return true;
}

bool parse_image_shape(const std::string& s, std::string& out) {
  if (s != "flat" && s != "images") return false;
  out = s;
  return true;
}

bool parse_on_off(const std::string& s, std::string& out) {
  if (s != "off" && s != "on") return false;
  out = s;
  return true;
}

bool parse_scale(const std::string& s, std::string& out) {
  if (s != "unit" && s != "symmetric") return false;
  out = s;
  return true;
}

// data.digits: distinct classes 0..9, in any order (empty: all ten).
std::vector<int> parse_digits(const json& data) {
  std::vector<int> out;
  if (!data.contains("digits")) return out;
  const json& d = data["digits"];
  bool seen[10] = {};
  if (!d.is_array()) fail("data.digits", "must be a list of digits 0..9, each once", d);
  for (const json& v : d) {
    if (!v.is_number_integer() || v.get<long long>() < 0 || v.get<long long>() > 9 || seen[v.get<int>()])
      fail("data.digits", "must be a list of digits 0..9, each once", d);
    seen[v.get<int>()] = true;
    out.push_back(v.get<int>());
  }
  return out;
}

constexpr const char* lr_schedule_names[] = {"none", "step", "exponential", "plateau"};

bool parse_lr_schedule(const std::string& s, lr_schedule_kind& out) {
  for (int i = 0; i < 4; ++i)
    if (s == lr_schedule_names[i]) {
      out = static_cast<lr_schedule_kind>(i);
      return true;
    }
  return false;
}

const json& none_part() {
  static const json empty = json::object();
  return empty;
}

// An optimizer object ("optimizer", or a part's): its type's Keras defaults,
// then the fields given.
optimizer_spec parse_optimizer_at(const json& o, const std::string& path) {
  only_fields(o, path, {"type", "lr", "momentum", "nesterov", "rho", "beta_1", "beta_2", "epsilon",
                        "initial_accumulator", "temperature", "cooling", "memory"});
  optimizer_spec opt =
      optimizer_defaults(choice<optimizer_kind>(o, "type", path, nullptr, parse_optimizer, optimizer_choices()));
  opt.lr = number(o, "lr", path, 0, max_lr, true, opt.lr, false);
  const double below_one = std::nextafter(1.0, 0.0);
  opt.momentum = number(o, "momentum", path, 0, below_one, false, opt.momentum, false);
  opt.nesterov = flag(o, "nesterov", path, opt.nesterov);
  opt.rho = number(o, "rho", path, 0, below_one, false, opt.rho, false);
  opt.beta1 = number(o, "beta_1", path, 0, below_one, false, opt.beta1, false);
  opt.beta2 = number(o, "beta_2", path, 0, below_one, false, opt.beta2, false);
  opt.epsilon = number(o, "epsilon", path, 0, 1, true, opt.epsilon, false);
  opt.initial_accumulator = number(o, "initial_accumulator", path, 0, 1000, false, opt.initial_accumulator, false);
  opt.temperature = number(o, "temperature", path, 0, 1e6, true, opt.temperature, false);
  opt.cooling = number(o, "cooling", path, 0, 1, true, opt.cooling, false);
  opt.memory = static_cast<int>(integer(o, "memory", path, 1, 100, opt.memory, false));
  return opt;
}

layer_spec parse_layer(const json& l, const std::string& p, int index) {
  if (!l.is_object()) fail(p, "must be a JSON object", l);
  const std::string type = text(l, "type", p, "dense");
  return find_layer_type(type, p + ".type").parse(l, p, index);
}

}  // namespace

const char* init_name(init_scheme s) { return init_names[static_cast<int>(s)]; }
const char* lr_schedule_name(lr_schedule_kind k) { return lr_schedule_names[static_cast<int>(k)]; }
const char* lr_schedule_choices() { return "none|step|exponential|plateau"; }
const char* init_choices() { return "numpy_uniform|normal|normal_scaled|glorot_uniform|he_normal"; }

experiment_spec parse_spec(const json& doc) {
  only_fields(doc, "", {"lab", "precision", "seed", "data", "model", "loss", "optimizer",
                        "schedule", "report", "regularization", "early_stopping", "adversarial"});
  experiment_spec s;
  s.lab = text(doc, "lab", "", nullptr);
  s.prec = choice<precision>(doc, "precision", "", "f32", parse_precision, "f32|f64");
  s.seed = static_cast<std::uint32_t>(integer(doc, "seed", "", 0, 4294967295LL, 1, false));

  const json& data = field(doc, "data", "data");
  s.data.name = choice<std::string>(data, "name", "data", nullptr, parse_data, dataset_choices());
  if (s.data.name == "autoencoder") {
    only_fields(data, "data", {"name", "seed", "train", "test", "noise", "noisy_noise", "wrong_slope"});
    s.data.seed = static_cast<std::uint64_t>(integer(data, "seed", "data", 0, 9007199254740991LL, 24601, false));
    s.data.train = static_cast<int>(integer(data, "train", "data", 1, 1000000, 10000, false));
    s.data.test = static_cast<int>(integer(data, "test", "data", 1, 1000000, 2000, false));
    s.data.noise = number(data, "noise", "data", 0, 10, false, 0.1, false);
    s.data.noisy_noise = number(data, "noisy_noise", "data", 0, 10, false, 0.3, false);
    s.data.wrong_slope = number(data, "wrong_slope", "data", -10, 10, false, 1.5, false);
  } else if (s.data.name == "airline") {
    only_fields(data, "data", {"name", "file", "look_back", "window", "train_fraction"});
    s.data.file = text(data, "file", "data", "airline-passengers.csv");
    if (s.data.file.empty() || s.data.file.find('/') != std::string::npos)
      fail("data.file", "must be a file name in the data directory", data["file"]);
    s.data.look_back = static_cast<int>(integer(data, "look_back", "data", 1, 1000, 5, false));
    s.data.window = choice<std::string>(data, "window", "data", "features", parse_window, "features|steps");
    s.data.train_fraction = number(data, "train_fraction", "data", 0, 1, true, 0.67, false);
  } else if (s.data.name == "curve") {
    only_fields(data, "data", {"name", "curve"});
    s.data.curve = choice<std::string>(data, "curve", "data", "hills", parse_curve, curve_choices());
  } else {
    only_fields(data, "data",
                {"name", "scale", "validation_split", "train_limit", "test_set", "shape", "expand", "digits"});
    s.data.test_set = flag(data, "test_set", "data", true);
    if (s.data.name == "mnist") {
      s.data.images = choice<std::string>(data, "shape", "data", "flat", parse_image_shape, "flat|images") == "images";
      s.data.expand = choice<std::string>(data, "expand", "data", "off", parse_on_off, "off|on") == "on";
      s.data.digits = parse_digits(data);
    } else if (data.contains("shape") || data.contains("expand") || data.contains("digits")) {
      throw spec_error("data: shape, expand and digits are MNIST's (data.name \"mnist\")");
    }
  }
  s.data.scale = choice<std::string>(data, "scale", "data", "unit", parse_scale, "unit|symmetric");
  s.data.validation_split = number(data, "validation_split", "data", 0, 0.9, false, 0, false);
  s.data.train_limit = static_cast<int>(integer(data, "train_limit", "data", 0, 1 << 24, 0, false));

  const json& m = field(doc, "model", "model");
  only_fields(m, "model", {"init", "layers", "mlp", "recurrent", "cnn", "parts", "construction"});
  s.init = choice<init_scheme>(m, "init", "model", "glorot_uniform", parse_init, init_choices());
  if (m.contains("construction")) {
    const json& c = m["construction"];
    only_fields(c, "model.construction", {"kind", "steepness"});
    s.construction = choice<std::string>(c, "kind", "model.construction", "none", parse_construction, "none|bumps");
    s.steepness = number(c, "steepness", "model.construction", 1, 1e6, false, 1000, false);
  }
  if (m.contains("mlp") + m.contains("recurrent") + m.contains("layers") + m.contains("parts") != 1)
    throw spec_error("model: give one of layers, mlp (cnn with mlp), recurrent or parts");
  if (m.contains("cnn") && !m.contains("mlp"))
    throw spec_error("model.cnn: needs model.mlp, the dense layers after the convolutions");
  if (m.contains("parts")) {
    const json& parts = m["parts"];
    if (!parts.is_array() || parts.empty() || parts.size() > 8)
      fail("model.parts", "must be a list of 1 to 8 named sub-models", parts);
    for (std::size_t k = 0; k < parts.size(); ++k) {
      const std::string pp = "model.parts[" + std::to_string(k) + "]";
      only_fields(parts[k], pp, {"name", "layers", "mlp", "optimizer"});
      part_spec part;
      part.name = text(parts[k], "name", pp, nullptr);
      if (part.name.empty()) fail(pp + ".name", "must not be empty", parts[k]["name"]);
      for (const auto& other : s.parts)
        if (other.name == part.name) fail(pp + ".name", "must differ from the other parts' names", parts[k]["name"]);
      if (parts[k].contains("mlp") == parts[k].contains("layers")) throw spec_error(pp + ": give either layers or mlp");
      const json layers = parts[k].contains("mlp") ? expand_mlp(parts[k]["mlp"], pp + ".mlp")
                                                    : field(parts[k], "layers", pp + ".layers");
      if (!layers.is_array() || layers.empty()) fail(pp + ".layers", "must be a non-empty list", layers);
      part.first = static_cast<int>(s.layers.size());
      for (std::size_t i = 0; i < layers.size(); ++i)
        s.layers.push_back(parse_layer(layers[i], pp + ".layers[" + std::to_string(i) + "]",
                                       static_cast<int>(s.layers.size())));
      part.count = static_cast<int>(layers.size());
      s.parts.push_back(part);
    }
  } else {
    const json layers = m.contains("cnn")         ? expand_cnn(m["cnn"], m["mlp"], "model.cnn", "model.mlp")
                        : m.contains("mlp")       ? expand_mlp(m["mlp"], "model.mlp")
                        : m.contains("recurrent") ? expand_recurrent(m["recurrent"], "model.recurrent")
                                                  : field(m, "layers", "model.layers");
    if (!layers.is_array() || layers.empty()) fail("model.layers", "must be a non-empty list", layers);
    const std::string where = m.contains("cnn")         ? "model.cnn"
                              : m.contains("mlp")       ? "model.mlp"
                              : m.contains("recurrent") ? "model.recurrent"
                                                        : "model.layers";
    for (std::size_t i = 0; i < layers.size(); ++i)
      s.layers.push_back(parse_layer(layers[i], where + "[" + std::to_string(i) + "]", static_cast<int>(i)));
  }
  if (s.parts.empty()) s.parts.push_back({"model", 0, static_cast<int>(s.layers.size()), {}});   // its optimizer: below
  const std::string& first = s.layers.front().type;
  if (s.data.name == "mnist" && !s.data.images && (first == "conv2d" || first.find("_pool") != std::string::npos))
    throw spec_error("data.shape: the first layer (" + first + ") takes images: give data.shape \"images\" for "
                     "MNIST's (28, 28, 1) (\"flat\" gives its 784 values)");

  if (s.layers.back().type != "dense") throw spec_error("model.layers: the last layer must be dense");   // (the losses read its activation)
  s.loss = choice<loss_kind>(doc, "loss", "", nullptr, parse_loss, loss_choices());
  if (loss_is_fused(s.loss) && s.layers.back().act != loss_output_activation(s.loss))
    throw spec_error(std::string("loss: ") + loss_name(s.loss) + " needs a " +
                     activation_name(loss_output_activation(s.loss)) + " output layer, got " +
                     activation_name(s.layers.back().act));

  s.opt = parse_optimizer_at(field(doc, "optimizer", "optimizer"), "optimizer");
  for (std::size_t k = 0; k < s.parts.size(); ++k) {
    const json& part = m.contains("parts") ? m["parts"][k] : none_part();
    if (part.contains("optimizer"))
      s.parts[k].opt = parse_optimizer_at(part["optimizer"], "model.parts[" + std::to_string(k) + "].optimizer");
    else
      s.parts[k].opt = s.opt;
  }

  const json& adv = doc.contains("adversarial") ? doc["adversarial"] : none_part();
  only_fields(adv, "adversarial", {"noise_size", "real_label", "d_steps"});
  if (doc.contains("adversarial") != (s.lab == "gan"))
    throw spec_error("adversarial: the noise size, real label and discriminator steps of a GAN (lab \"gan\" only)");
  s.noise_size = static_cast<int>(integer(adv, "noise_size", "adversarial", 1, 4096, 100, false));
  s.real_label = number(adv, "real_label", "adversarial", 0, 1, true, 0.9, false);
  s.d_steps = static_cast<int>(integer(adv, "d_steps", "adversarial", 1, 100, 1, false));

  const json none = json::object();
  const json& reg = doc.contains("regularization") ? doc["regularization"] : none;
  only_fields(reg, "regularization", {"l2", "l1"});
  s.l2 = number(reg, "l2", "regularization", 0, 10, false, 0, false);
  s.l1 = number(reg, "l1", "regularization", 0, 10, false, 0, false);

  const json& stop = doc.contains("early_stopping") ? doc["early_stopping"] : none;
  only_fields(stop, "early_stopping", {"patience", "monitor", "restore_best"});
  s.patience = static_cast<int>(integer(stop, "patience", "early_stopping", 0, 100000, 0, false));
  s.monitor = text(stop, "monitor", "early_stopping", "val_loss");
  if (s.monitor != "val_loss" && s.monitor != "val_accuracy")
    throw spec_error("early_stopping.monitor: must be one of val_loss|val_accuracy, got " + quoted_text(s.monitor));
  s.restore_best = flag(stop, "restore_best", "early_stopping", true);

  const json& sch = field(doc, "schedule", "schedule");
  only_fields(sch, "schedule", {"iterations", "epochs", "batch_size", "shuffle", "lr_schedule"});
  if (sch.contains("lr_schedule")) {
    const json& d = sch["lr_schedule"];
    const std::string path = "schedule.lr_schedule";
    only_fields(d, path, {"kind", "factor", "every"});
    s.lr_schedule = choice<lr_schedule_kind>(d, "kind", path, "none", parse_lr_schedule, lr_schedule_choices());
    s.lr_factor = number(d, "factor", path, 0, 1, true, 0.5, false);
    s.lr_every = static_cast<int>(integer(d, "every", path, 1, 100000, 10, false));
  }
  if (sch.contains("iterations") == sch.contains("epochs"))
    throw spec_error("schedule: give either iterations or epochs");
  s.iterations = static_cast<long>(integer(sch, "iterations", "schedule", 1, max_iterations, 0, false));
  s.epochs = static_cast<int>(integer(sch, "epochs", "schedule", 1, 100000, 0, false));
  s.batch_size = static_cast<int>(integer(sch, "batch_size", "schedule", 0, 1 << 20, 0, false));
  s.shuffle = flag(sch, "shuffle", "schedule", true);

  const json empty = json::object();
  const json& rep = doc.contains("report") ? doc["report"] : empty;
  only_fields(rep, "report", {"every", "update_flips", "layer_speed"});
  s.report_every = static_cast<long>(
      integer(rep, "every", "report", 1, max_iterations, s.iterations > 0 ? s.iterations : 1, false));
  s.update_flips = flag(rep, "update_flips", "report", false);
  s.layer_speed = static_cast<int>(integer(rep, "layer_speed", "report", 0, 100, 0, false));
  return s;
}

}  // namespace synapse
