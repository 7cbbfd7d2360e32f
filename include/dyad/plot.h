// Line charts of period series: SVG (written by hand) and PNG (cairo).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dyad/status.h"

namespace dyad {

struct PlotSeries {
  std::string name;
  std::vector<double> values;   // one per x label; NaN = no value
  bool right_axis = false;      // drawn dashed against the right-hand axis
};

struct PlotSpec {
  std::string title;
  std::string x_label;
  std::string y_label;
  std::string y_right_label;
  std::vector<std::string> x_labels;   // period labels
  std::vector<PlotSeries> series;
  std::optional<double> y_min, y_max;  // default: from the data (and 0)
  std::optional<double> y_right_min, y_right_max;
};

std::string RenderSvg(const PlotSpec& spec);
// The same chart as a PNG file's bytes (960x520); an error when dyad was
// built without cairo.
Result<std::string> RenderPng(const PlotSpec& spec);
bool PngSupported();
// Writes FILE.svg or FILE.png (by extension, any case); other extensions are
// refused with a message.
Status WritePlot(const PlotSpec& spec, const std::string& path);

}  // namespace dyad
