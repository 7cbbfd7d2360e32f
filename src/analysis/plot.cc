// Hand-written SVG line charts for the series commands.
#include "dyad/plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>

namespace dyad {
namespace {

constexpr const char* kPalette[] = {"#1b9e77", "#66a61e", "#e6ab02", "#d95f02", "#7570b3", "#e7298a", "#666666"};

std::string Esc(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      default: o += c;
    }
  }
  return o;
}

std::string F(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f", v);
  return b;
}

std::string TickText(double v, double step) {
  char b[32];
  int dec = step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step)));
  std::snprintf(b, sizeof b, "%.*f", std::min(dec, 6), std::fabs(v) < step * 1e-9 ? 0.0 : v);
  return b;
}

double NiceStep(double range, int target) {
  double raw = range / target;
  double mag = std::pow(10, std::floor(std::log10(raw)));
  double r = raw / mag;
  return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * mag;
}

struct Axis {
  double lo, hi, step;
};

Axis MakeAxis(const PlotSpec& spec, bool right, std::optional<double> fmin, std::optional<double> fmax) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const PlotSeries& s : spec.series) {
    if (s.right_axis != right) continue;
    for (double v : s.values)
      if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  }
  if (!std::isfinite(lo)) lo = 0, hi = 1;
  lo = std::min(lo, 0.0);  // zero stays visible: counts and Goldstein read from it
  hi = std::max(hi, 0.0);
  if (fmin) lo = *fmin;
  if (fmax) hi = *fmax;
  if (hi - lo < 1e-9) hi = lo + 1;
  double step = NiceStep(hi - lo, 5);
  return Axis{std::floor(lo / step) * step, std::ceil(hi / step) * step, step};
}

}  // namespace

std::string RenderSvg(const PlotSpec& spec) {
  const bool has_right = std::any_of(spec.series.begin(), spec.series.end(), [](const PlotSeries& s) { return s.right_axis; });
  const double W = 960, H = 520, L = 80, R = has_right ? 80 : 30, T = 80, B = 100;
  const double pw = W - L - R, ph = H - T - B;
  Axis ly = MakeAxis(spec, false, spec.y_min, spec.y_max);
  Axis ry = MakeAxis(spec, true, spec.y_right_min, spec.y_right_max);
  const size_t n = spec.x_labels.size();
  auto X = [&](size_t i) { return n <= 1 ? L + pw / 2 : L + pw * static_cast<double>(i) / static_cast<double>(n - 1); };
  auto Y = [&](double v, const Axis& a) { return T + ph * (1 - (v - a.lo) / (a.hi - a.lo)); };

  std::string o;
  o += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + F(W) + "\" height=\"" + F(H) + "\" viewBox=\"0 0 " +
       F(W) + " " + F(H) + "\" font-family=\"sans-serif\" font-size=\"12\">\n";
  o += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  o += "<text x=\"" + F(W / 2) + "\" y=\"24\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\">" +
       Esc(spec.title) + "</text>\n";
  // Legend, one row under the title.
  double lx = L;
  for (size_t i = 0; i < spec.series.size(); ++i) {
    const PlotSeries& s = spec.series[i];
    std::string color = kPalette[i % std::size(kPalette)];
    o += "<line x1=\"" + F(lx) + "\" y1=\"48\" x2=\"" + F(lx + 24) + "\" y2=\"48\" stroke=\"" + color +
         "\" stroke-width=\"2.5\"" + (s.right_axis ? " stroke-dasharray=\"6 3\"" : "") + "/>\n";
    std::string name = s.name + (s.right_axis && has_right ? " (right axis)" : "");
    o += "<text x=\"" + F(lx + 30) + "\" y=\"52\">" + Esc(name) + "</text>\n";
    lx += 30 + 7.0 * static_cast<double>(name.size()) + 24;
  }
  // Grid and y ticks.
  for (double v = ly.lo; v <= ly.hi + ly.step / 2; v += ly.step) {
    double y = Y(v, ly);
    o += "<line x1=\"" + F(L) + "\" y1=\"" + F(y) + "\" x2=\"" + F(L + pw) + "\" y2=\"" + F(y) + "\" stroke=\"" +
         (std::fabs(v) < ly.step / 2 ? "#888" : "#e5e5e5") + "\"/>\n";
    o += "<text x=\"" + F(L - 8) + "\" y=\"" + F(y + 4) + "\" text-anchor=\"end\">" + TickText(v, ly.step) + "</text>\n";
  }
  if (has_right)
    for (double v = ry.lo; v <= ry.hi + ry.step / 2; v += ry.step)
      o += "<text x=\"" + F(L + pw + 8) + "\" y=\"" + F(Y(v, ry) + 4) + "\">" + TickText(v, ry.step) + "</text>\n";
  // Axes.
  o += "<rect x=\"" + F(L) + "\" y=\"" + F(T) + "\" width=\"" + F(pw) + "\" height=\"" + F(ph) +
       "\" fill=\"none\" stroke=\"#333\"/>\n";
  // X ticks: at most ~16 labels, rotated when crowded.
  size_t every = std::max<size_t>(1, (n + 15) / 16);
  bool rotate = n / every > 8;
  for (size_t i = 0; i < n; ++i) {
    double x = X(i);
    o += "<line x1=\"" + F(x) + "\" y1=\"" + F(T + ph) + "\" x2=\"" + F(x) + "\" y2=\"" + F(T + ph + (i % every ? 3 : 6)) +
         "\" stroke=\"#333\"/>\n";
    if (i % every) continue;
    double y = T + ph + 18;
    if (rotate)
      o += "<text x=\"" + F(x) + "\" y=\"" + F(y) + "\" text-anchor=\"end\" transform=\"rotate(-40 " + F(x) + " " + F(y) +
           ")\">" + Esc(spec.x_labels[i]) + "</text>\n";
    else
      o += "<text x=\"" + F(x) + "\" y=\"" + F(y) + "\" text-anchor=\"middle\">" + Esc(spec.x_labels[i]) + "</text>\n";
  }
  // Axis labels.
  o += "<text x=\"" + F(L + pw / 2) + "\" y=\"" + F(H - 12) + "\" text-anchor=\"middle\">" + Esc(spec.x_label) + "</text>\n";
  o += "<text x=\"18\" y=\"" + F(T + ph / 2) + "\" text-anchor=\"middle\" transform=\"rotate(-90 18 " + F(T + ph / 2) +
       ")\">" + Esc(spec.y_label) + "</text>\n";
  if (has_right)
    o += "<text x=\"" + F(W - 14) + "\" y=\"" + F(T + ph / 2) + "\" text-anchor=\"middle\" transform=\"rotate(90 " +
         F(W - 14) + " " + F(T + ph / 2) + ")\">" + Esc(spec.y_right_label) + "</text>\n";
  // Series.
  for (size_t si = 0; si < spec.series.size(); ++si) {
    const PlotSeries& s = spec.series[si];
    const Axis& a = s.right_axis ? ry : ly;
    std::string color = kPalette[si % std::size(kPalette)];
    std::string d;
    bool pen = false;
    for (size_t i = 0; i < s.values.size() && i < n; ++i) {
      if (!std::isfinite(s.values[i])) {
        pen = false;
        continue;
      }
      d += (pen ? " L" : " M") + F(X(i)) + " " + F(Y(s.values[i], a));
      pen = true;
    }
    o += "<path d=\"" + d + "\" fill=\"none\" stroke=\"" + color + "\" stroke-width=\"2\"" +
         (s.right_axis ? " stroke-dasharray=\"6 3\"" : "") + "><title>" + Esc(s.name) + "</title></path>\n";
    if (n <= 60)
      for (size_t i = 0; i < s.values.size() && i < n; ++i)
        if (std::isfinite(s.values[i]))
          o += "<circle cx=\"" + F(X(i)) + "\" cy=\"" + F(Y(s.values[i], a)) + "\" r=\"2.5\" fill=\"" + color +
               "\"><title>" + Esc(spec.x_labels[i] + " " + s.name + ": " + TickText(s.values[i], 0.01)) +
               "</title></circle>\n";
  }
  o += "</svg>\n";
  return o;
}

Status WritePlot(const PlotSpec& spec, const std::string& path) {
  auto ends_with = [&](const char* ext) {
    std::string e = ext;
    return path.size() >= e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0;
  };
  if (!ends_with(".svg"))
    return Status::InvalidArgument(path + ": only SVG charts are supported (name the file *.svg)");
  std::ofstream out(path, std::ios::binary);
  if (!out) return Status::IoError(path + ": cannot open for writing");
  out << RenderSvg(spec);
  out.close();
  if (!out) return Status::IoError(path + ": write failed");
  return Status::Ok();
}

}  // namespace dyad
