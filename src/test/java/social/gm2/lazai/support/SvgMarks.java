package social.gm2.lazai.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the dashboard's SVG charts back: the attributes of their marks. */
public final class SvgMarks {
  private static final Pattern RECT = Pattern.compile("<rect ([^>]*?)/?>");
  private static final Pattern ATTRIBUTE = Pattern.compile("([a-z0-9-]+)=\"([^\"]*)\"");

  private SvgMarks() {}

  /** The {@code <svg id="id">…</svg>} in {@code html}. */
  public static String chart(String html, String id) {
    int start = html.indexOf("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"" + id + "\"");
    if (start < 0) {
      throw new AssertionError("no chart " + id);
    }
    return html.substring(start, html.indexOf("</svg>", start) + 6);
  }

  /**
   * The attributes of each {@code <rect>} carrying {@code data-<key>}, in order; {@code data-}
   * names without their prefix.
   */
  public static List<Map<String, String>> marks(String svg, String key) {
    List<Map<String, String>> out = new ArrayList<>();
    Matcher rect = RECT.matcher(svg);
    while (rect.find()) {
      if (!rect.group(1).contains("data-" + key + "=")) {
        continue;
      }
      Map<String, String> attributes = new LinkedHashMap<>();
      Matcher a = ATTRIBUTE.matcher(rect.group(1));
      while (a.find()) {
        attributes.put(a.group(1).replaceFirst("^data-", ""), a.group(2));
      }
      out.add(attributes);
    }
    return out;
  }
}
