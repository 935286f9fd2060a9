package social.gm2.lazai.api;

import static social.gm2.lazai.api.Badge.xmlEscape;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import social.gm2.lazai.webhook.DeliveryStatus;
import social.gm2.lazai.webhook.DeliveryView;

/** The dashboard's webhook section: deliveries per status and the failed ones, escaped. */
final class WebhookSection {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private WebhookSection() {}

  static String render(Map<DeliveryStatus, Long> counts, List<DeliveryView> failed) {
    StringBuilder out = new StringBuilder("<h2>Webhook deliveries</h2><table id=\"webhooks\"><tr>");
    counts.keySet().forEach(s -> out.append("<th>").append(s.name().toLowerCase()).append("</th>"));
    out.append("</tr><tr>");
    counts.values().forEach(n -> out.append("<td>").append(n).append("</td>"));
    out.append("</tr></table>");
    if (failed.isEmpty()) {
      return out.toString();
    }
    out.append("<h2>Failed webhook deliveries (newest first)</h2><table id=\"failed-webhooks\">")
        .append("<tr><th>event</th><th>type</th><th>token</th><th>subscriber</th>")
        .append("<th>attempts</th><th>last error</th><th>failed</th></tr>");
    for (DeliveryView d : failed) {
      out.append("<tr><td><code>")
          .append(xmlEscape(d.eventId()))
          .append("</code></td><td>")
          .append(xmlEscape(d.type()))
          .append("</td><td><code>")
          .append(xmlEscape(d.tokenAddress()))
          .append("</code></td><td>")
          .append(xmlEscape(d.subscriber()))
          .append("</td><td>")
          .append(d.attempts())
          .append("</td><td>")
          .append(xmlEscape(d.lastError() == null ? "" : d.lastError()))
          .append("</td><td>")
          .append(d.finishedAt() == null ? "" : TIME.format(d.finishedAt()))
          .append("</td></tr>");
    }
    return out.append("</table>").toString();
  }
}
