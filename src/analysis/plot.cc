// Line charts for the series commands: one layout (DrawChart) drawn on a
// Canvas, as hand-written SVG or, with cairo, as PNG.
#include "base/ascii.h"
#include "dyad/plot.h"

#ifdef DYAD_HAVE_CAIRO
#include <cairo.h>
#endif

#include <algorithm>
#include <cctype>
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

// Drawing primitives the chart layout is written against; SVG text and
// cairo (PNG) implement them, so both formats show the same chart.
class Canvas {
 public:
  virtual ~Canvas() = default;
  virtual void Line(double x1, double y1, double x2, double y2, const std::string& color, double width,
                    bool dashed) = 0;
  virtual void Rect(double x, double y, double w, double h, const std::string& stroke) = 0;
  enum Anchor { kStart, kMiddle, kEnd };
  // Text at (x, y) (baseline), rotated by `angle` degrees around that point.
  virtual void Text(double x, double y, const std::string& text, Anchor anchor, double size, bool bold,
                    double angle) = 0;
  // A polyline through `pts`; `title` is a tooltip where the format has them.
  virtual void Path(const std::vector<std::pair<double, double>>& pts, const std::string& color, bool dashed,
                    const std::string& title) = 0;
  virtual void Dot(double x, double y, const std::string& color, const std::string& title) = 0;
};

void DrawChart(const PlotSpec& spec, Canvas& c, double W, double H) {
  const bool has_right = std::any_of(spec.series.begin(), spec.series.end(), [](const PlotSeries& s) { return s.right_axis; });
  const double L = 80, R = has_right ? 80 : 30, T = 80, B = 100;
  const double pw = W - L - R, ph = H - T - B;
  Axis ly = MakeAxis(spec, false, spec.y_min, spec.y_max);
  Axis ry = MakeAxis(spec, true, spec.y_right_min, spec.y_right_max);
  const size_t n = spec.x_labels.size();
  auto X = [&](size_t i) { return n <= 1 ? L + pw / 2 : L + pw * static_cast<double>(i) / static_cast<double>(n - 1); };
  auto Y = [&](double v, const Axis& a) { return T + ph * (1 - (v - a.lo) / (a.hi - a.lo)); };

  c.Text(W / 2, 24, spec.title, Canvas::kMiddle, 16, true, 0);
  // Legend, one row under the title.
  double lx = L;
  for (size_t i = 0; i < spec.series.size(); ++i) {
    const PlotSeries& s = spec.series[i];
    std::string color = kPalette[i % std::size(kPalette)];
    c.Line(lx, 48, lx + 24, 48, color, 2.5, s.right_axis);
    std::string name = s.name + (s.right_axis && has_right ? " (right axis)" : "");
    c.Text(lx + 30, 52, name, Canvas::kStart, 12, false, 0);
    lx += 30 + 7.0 * static_cast<double>(name.size()) + 24;
  }
  // Grid and y ticks.
  for (double v = ly.lo; v <= ly.hi + ly.step / 2; v += ly.step) {
    double y = Y(v, ly);
    c.Line(L, y, L + pw, y, std::fabs(v) < ly.step / 2 ? "#888888" : "#e5e5e5", 1, false);
    c.Text(L - 8, y + 4, TickText(v, ly.step), Canvas::kEnd, 12, false, 0);
  }
  if (has_right)
    for (double v = ry.lo; v <= ry.hi + ry.step / 2; v += ry.step)
      c.Text(L + pw + 8, Y(v, ry) + 4, TickText(v, ry.step), Canvas::kStart, 12, false, 0);
  // Axes.
  c.Rect(L, T, pw, ph, "#333333");
  // X ticks: at most ~16 labels, rotated when crowded.
  size_t every = std::max<size_t>(1, (n + 15) / 16);
  bool rotate = n / every > 8;
  for (size_t i = 0; i < n; ++i) {
    double x = X(i);
    c.Line(x, T + ph, x, T + ph + (i % every ? 3 : 6), "#333333", 1, false);
    if (i % every) continue;
    double y = T + ph + 18;
    if (rotate)
      c.Text(x, y, spec.x_labels[i], Canvas::kEnd, 12, false, -40);
    else
      c.Text(x, y, spec.x_labels[i], Canvas::kMiddle, 12, false, 0);
  }
  // Axis labels.
  c.Text(L + pw / 2, H - 12, spec.x_label, Canvas::kMiddle, 12, false, 0);
  c.Text(18, T + ph / 2, spec.y_label, Canvas::kMiddle, 12, false, -90);
  if (has_right) c.Text(W - 14, T + ph / 2, spec.y_right_label, Canvas::kMiddle, 12, false, 90);
  // Series.
  for (size_t si = 0; si < spec.series.size(); ++si) {
    const PlotSeries& s = spec.series[si];
    const Axis& a = s.right_axis ? ry : ly;
    std::string color = kPalette[si % std::size(kPalette)];
    std::vector<std::pair<double, double>> pts;
    for (size_t i = 0; i < s.values.size() && i < n; ++i) {
      if (!std::isfinite(s.values[i])) {  // a gap: draw what we have
        if (!pts.empty()) c.Path(pts, color, s.right_axis, s.name);
        pts.clear();
        continue;
      }
      pts.emplace_back(X(i), Y(s.values[i], a));
    }
    if (!pts.empty()) c.Path(pts, color, s.right_axis, s.name);
    if (n <= 60)
      for (size_t i = 0; i < s.values.size() && i < n; ++i)
        if (std::isfinite(s.values[i]))
          c.Dot(X(i), Y(s.values[i], a), color, spec.x_labels[i] + " " + s.name + ": " + TickText(s.values[i], 0.01));
  }
}

class SvgCanvas final : public Canvas {
 public:
  std::string out;
  void Line(double x1, double y1, double x2, double y2, const std::string& color, double width, bool dashed) override {
    out += "<line x1=\"" + F(x1) + "\" y1=\"" + F(y1) + "\" x2=\"" + F(x2) + "\" y2=\"" + F(y2) + "\" stroke=\"" +
           color + "\"" + (width != 1 ? " stroke-width=\"" + F(width) + "\"" : "") +
           (dashed ? " stroke-dasharray=\"6 3\"" : "") + "/>\n";
  }
  void Rect(double x, double y, double w, double h, const std::string& stroke) override {
    out += "<rect x=\"" + F(x) + "\" y=\"" + F(y) + "\" width=\"" + F(w) + "\" height=\"" + F(h) +
           "\" fill=\"none\" stroke=\"" + stroke + "\"/>\n";
  }
  void Text(double x, double y, const std::string& text, Anchor anchor, double size, bool bold, double angle) override {
    out += "<text x=\"" + F(x) + "\" y=\"" + F(y) + "\"";
    if (anchor != kStart) out += std::string(" text-anchor=\"") + (anchor == kMiddle ? "middle" : "end") + "\"";
    if (size != 12) out += " font-size=\"" + F(size) + "\"";
    if (bold) out += " font-weight=\"bold\"";
    if (angle != 0) out += " transform=\"rotate(" + F(angle) + " " + F(x) + " " + F(y) + ")\"";
    out += ">" + Esc(text) + "</text>\n";
  }
  void Path(const std::vector<std::pair<double, double>>& pts, const std::string& color, bool dashed,
            const std::string& title) override {
    std::string d;
    for (size_t i = 0; i < pts.size(); ++i) d += (i ? " L" : "M") + F(pts[i].first) + " " + F(pts[i].second);
    out += "<path d=\"" + d + "\" fill=\"none\" stroke=\"" + color + "\" stroke-width=\"2\"" +
           (dashed ? " stroke-dasharray=\"6 3\"" : "") + "><title>" + Esc(title) + "</title></path>\n";
  }
  void Dot(double x, double y, const std::string& color, const std::string& title) override {
    out += "<circle cx=\"" + F(x) + "\" cy=\"" + F(y) + "\" r=\"2.5\" fill=\"" + color + "\"><title>" + Esc(title) +
           "</title></circle>\n";
  }
};

#ifdef DYAD_HAVE_CAIRO
class CairoCanvas final : public Canvas {
 public:
  explicit CairoCanvas(cairo_t* cr) : cr_(cr) {
    cairo_select_font_face(cr_, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  }
  void Line(double x1, double y1, double x2, double y2, const std::string& color, double width, bool dashed) override {
    // Hairlines on pixel centres stay sharp.
    if (width == 1 && x1 == x2) x1 = x2 = std::floor(x1) + 0.5;
    if (width == 1 && y1 == y2) y1 = y2 = std::floor(y1) + 0.5;
    Stroke(color, width, dashed, [&] {
      cairo_move_to(cr_, x1, y1);
      cairo_line_to(cr_, x2, y2);
    });
  }
  void Rect(double x, double y, double w, double h, const std::string& stroke) override {
    Stroke(stroke, 1, false, [&] { cairo_rectangle(cr_, std::floor(x) + 0.5, std::floor(y) + 0.5, w, h); });
  }
  void Text(double x, double y, const std::string& text, Anchor anchor, double size, bool bold, double angle) override {
    if (text.empty()) return;
    cairo_save(cr_);
    cairo_select_font_face(cr_, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr_, size);
    cairo_text_extents_t ext;
    cairo_text_extents(cr_, text.c_str(), &ext);
    cairo_translate(cr_, x, y);
    cairo_rotate(cr_, angle * M_PI / 180);
    double dx = anchor == kStart ? 0 : anchor == kMiddle ? -ext.x_advance / 2 : -ext.x_advance;
    cairo_move_to(cr_, dx, 0);
    SetColor("#222222");
    cairo_show_text(cr_, text.c_str());
    cairo_restore(cr_);
  }
  void Path(const std::vector<std::pair<double, double>>& pts, const std::string& color, bool dashed,
            const std::string&) override {
    Stroke(color, 2, dashed, [&] {
      for (size_t i = 0; i < pts.size(); ++i)
        (i ? cairo_line_to : cairo_move_to)(cr_, pts[i].first, pts[i].second);
    });
  }
  void Dot(double x, double y, const std::string& color, const std::string&) override {
    SetColor(color);
    cairo_new_path(cr_);
    cairo_arc(cr_, x, y, 2.5, 0, 2 * M_PI);
    cairo_fill(cr_);
  }

 private:
  void SetColor(const std::string& hex) {
    unsigned r = 0, g = 0, b = 0;
    if (hex.size() == 7) std::sscanf(hex.c_str() + 1, "%02x%02x%02x", &r, &g, &b);
    cairo_set_source_rgb(cr_, r / 255.0, g / 255.0, b / 255.0);
  }
  template <class F>
  void Stroke(const std::string& color, double width, bool dashed, F&& path) {
    SetColor(color);
    cairo_set_line_width(cr_, width);
    const double dash[] = {6, 3};
    cairo_set_dash(cr_, dash, dashed ? 2 : 0, 0);
    cairo_new_path(cr_);
    path();
    cairo_stroke(cr_);
  }
  cairo_t* cr_;
};

cairo_status_t AppendPng(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}
#endif

constexpr double kWidth = 960, kHeight = 520;

}  // namespace

std::string RenderSvg(const PlotSpec& spec) {
  SvgCanvas c;
  c.out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + F(kWidth) + "\" height=\"" + F(kHeight) +
          "\" viewBox=\"0 0 " + F(kWidth) + " " + F(kHeight) + "\" font-family=\"sans-serif\" font-size=\"12\">\n";
  c.out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  DrawChart(spec, c, kWidth, kHeight);
  c.out += "</svg>\n";
  return c.out;
}

bool PngSupported() {
#ifdef DYAD_HAVE_CAIRO
  return true;
#else
  return false;
#endif
}

Result<std::string> RenderPng(const PlotSpec& spec) {
#ifdef DYAD_HAVE_CAIRO
  cairo_surface_t* surface =
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, static_cast<int>(kWidth), static_cast<int>(kHeight));
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  {
    CairoCanvas c(cr);
    DrawChart(spec, c, kWidth, kHeight);
  }
  std::string png;
  cairo_status_t st = cairo_status(cr);
  if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_write_to_png_stream(surface, AppendPng, &png);
  cairo_destroy(cr);
  cairo_surface_destroy(surface);
  if (st != CAIRO_STATUS_SUCCESS) return Status::IoError(std::string("cairo: ") + cairo_status_to_string(st));
  return png;
#else
  (void)spec;
  return Status::InvalidArgument("this dyad was built without cairo: PNG charts are not available (use .svg)");
#endif
}

Status WritePlot(const PlotSpec& spec, const std::string& path) {
  auto ends_with = [&](const char* ext) {
    std::string e = ext;
    if (path.size() < e.size()) return false;
    for (size_t i = 0; i < e.size(); ++i)
      if (AsciiLower(path[path.size() - e.size() + i]) != e[i]) return false;
    return true;
  };
  std::string data;
  if (ends_with(".svg")) {
    data = RenderSvg(spec);
  } else if (ends_with(".png")) {
    DYAD_ASSIGN_OR_RETURN(data, RenderPng(spec));
  } else {
    return Status::InvalidArgument(path + ": unknown chart format (name the file *.svg or *.png)");
  }
  std::ofstream out(path, std::ios::binary);
  if (!out) return Status::IoError(path + ": cannot open for writing");
  out << data;
  out.close();
  if (!out) return Status::IoError(path + ": write failed");
  return Status::Ok();
}

}  // namespace dyad
