package social.gm2.lazai.api;

import java.util.Locale;

/**
 * A small SVG writer for the dashboard's charts: shapes with presentation attributes only (no
 * {@code style}), so the page's strict Content-Security-Policy needs nothing more. Every text is
 * escaped; every mark may carry {@code data-} attributes (what the browser test reads) and a {@code
 * <title>} (the browser's tooltip).
 */
final class Svg {
  static final String INK = "#222";
  static final String MUTED = "#777";
  static final String GRID = "#e4e4e4";

  private final StringBuilder out = new StringBuilder(4096);

  Svg(String id, int width, int height, String label) {
    out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"")
        .append(escape(id))
        .append("\" role=\"img\" aria-label=\"")
        .append(escape(label))
        .append("\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(width)
        .append(' ')
        .append(height)
        .append("\" font-family=\"system-ui,sans-serif\" font-size=\"11\">");
  }

  /** A bar: {@code data} alternates attribute names (without {@code data-}) and values. */
  Svg rect(double x, double y, double w, double h, String fill, String tooltip, Object... data) {
    out.append("<rect x=\"")
        .append(num(x))
        .append("\" y=\"")
        .append(num(y))
        .append("\" width=\"")
        .append(num(Math.max(w, 0)))
        .append("\" height=\"")
        .append(num(Math.max(h, 0)))
        .append("\" fill=\"")
        .append(fill)
        .append('"');
    for (int i = 0; i + 1 < data.length; i += 2) {
      out.append(" data-")
          .append(data[i])
          .append("=\"")
          .append(escape(String.valueOf(data[i + 1])))
          .append('"');
    }
    if (tooltip == null) {
      out.append("/>");
    } else {
      out.append("><title>").append(escape(tooltip)).append("</title></rect>");
    }
    return this;
  }

  /** Text at (x, y); {@code anchor} start, middle or end. */
  Svg text(double x, double y, String anchor, String fill, String text) {
    out.append("<text x=\"")
        .append(num(x))
        .append("\" y=\"")
        .append(num(y))
        .append("\" text-anchor=\"")
        .append(anchor)
        .append("\" fill=\"")
        .append(fill)
        .append("\">")
        .append(escape(text))
        .append("</text>");
    return this;
  }

  Svg line(double x1, double y1, double x2, double y2, String stroke) {
    out.append("<line x1=\"")
        .append(num(x1))
        .append("\" y1=\"")
        .append(num(y1))
        .append("\" x2=\"")
        .append(num(x2))
        .append("\" y2=\"")
        .append(num(y2))
        .append("\" stroke=\"")
        .append(stroke)
        .append("\"/>");
    return this;
  }

  String end() {
    return out.append("</svg>").toString();
  }

  /** The length of {@code value} on a scale whose {@code max} is {@code length} long. */
  static double scale(double value, double max, double length) {
    return max <= 0 ? 0 : value / max * length;
  }

  static String escape(String s) {
    return Badge.xmlEscape(s);
  }

  private static String num(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
  }
}
