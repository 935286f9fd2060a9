package social.gm2.lazai.api;

import static social.gm2.lazai.api.Badge.xmlEscape;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import social.gm2.lazai.inference.InferenceFees;
import social.gm2.lazai.mint.Mint;
import social.gm2.lazai.mint.MintCosts;
import social.gm2.lazai.mint.MintQueries;
import social.gm2.lazai.mint.MintState;

/**
 * The dashboard's mints table: a page of mints (newest first), a search by token address (or its
 * start) and state, links to the other pages, and per mint its timeline, its transactions (on the
 * explorer, or on the service's own transaction view when none is configured) and its last error —
 * or, once minted, how many retries it took.
 */
final class MintsTable {
  static final int DEFAULT_SIZE = 50;
  private static final Pattern TOKEN_PREFIX = Pattern.compile("0x[0-9a-fA-F]{0,40}");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  /** What the table shows: a state (null: all), a token prefix (null: all), a page of a size. */
  record Query(MintState state, String token, int page, int size) {
    static final Query DEFAULT = new Query(null, null, 0, DEFAULT_SIZE);

    /**
     * The query from the page's parameters (each may be null or empty).
     *
     * @throws IllegalArgumentException with a message for the operator when one is malformed
     */
    static Query parse(String state, String token, String page, String size, int maxSize) {
      MintState s = null;
      if (state != null && !state.isBlank()) {
        try {
          s = MintState.valueOf(state.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "state must be one of " + java.util.Arrays.toString(MintState.values()) + ".");
        }
      }
      String t = token == null || token.isBlank() ? null : token.strip();
      if (t != null && !TOKEN_PREFIX.matcher(t).matches()) {
        throw new IllegalArgumentException(
            "token must be 0x and up to 40 hex digits (a token address or its start).");
      }
      int p = number("page", page, 0, 0, Integer.MAX_VALUE / maxSize);
      int z = number("size", size, Math.min(DEFAULT_SIZE, maxSize), 1, maxSize);
      return new Query(s, t == null ? null : t.toLowerCase(Locale.ROOT), p, z);
    }

    private static int number(String name, String value, int fallback, int min, int max) {
      if (value == null || value.isBlank()) {
        return fallback;
      }
      try {
        int n = Integer.parseInt(value.strip());
        if (n >= min && n <= max) {
          return n;
        }
      } catch (NumberFormatException e) {
        // answered below
      }
      throw new IllegalArgumentException(
          name + " must be a whole number from " + min + " to " + max + ".");
    }

    /** The dashboard showing page {@code n} of this query. */
    String href(int n) {
      StringBuilder b =
          new StringBuilder("/dashboard?page=").append(n).append("&size=").append(size);
      if (state != null) {
        b.append("&state=").append(state.name());
      }
      if (token != null) {
        b.append("&token=").append(URLEncoder.encode(token, StandardCharsets.UTF_8));
      }
      return b.toString();
    }
  }

  private final ApiProperties api;
  private final StringBuilder out;

  MintsTable(ApiProperties api, StringBuilder out) {
    this.api = api;
    this.out = out;
  }

  void render(Query query, MintQueries.Page page) {
    render(query, page, Map.of());
  }

  /** The table; {@code usage}: the inference answers and fees of the tokens that have some. */
  void render(Query query, MintQueries.Page page, Map<String, InferenceFees.Usage> usage) {
    out.append("<h2>Mints (newest first)</h2>");
    search(query);
    long pages = Math.max(1, (page.total() + query.size() - 1) / query.size());
    out.append("<p class=\"pager\" id=\"pager\" data-total=\"")
        .append(page.total())
        .append("\" data-page=\"")
        .append(query.page())
        .append("\" data-pages=\"")
        .append(pages)
        .append("\">");
    if (query.page() > 0) {
      pageLink(query, query.page() - 1, "prev", "← newer");
    }
    out.append(" Page ")
        .append(query.page() + 1)
        .append(" of ")
        .append(pages)
        .append(" (")
        .append(page.total())
        .append(page.total() == 1 ? " mint" : " mints")
        .append(") ");
    if (query.page() + 1 < pages) {
      pageLink(query, query.page() + 1, "next", "older →");
    }
    out.append("</p><table id=\"mints\"><tr><th>token</th><th>file</th>")
        .append("<th>state</th><th>timeline</th><th>transactions</th><th>DAT</th>")
        .append("<th>cost (wei)</th><th>last error</th><th></th></tr>");
    page.mints().forEach(r -> row(r, usage.get(r.mint().tokenAddress())));
    out.append("</table>");
  }

  private void search(Query query) {
    out.append("<form id=\"search\" method=\"get\" action=\"/dashboard\">")
        .append("<label>Token <input name=\"token\" size=\"44\" placeholder=\"0x… (or its start)\"")
        .append(" value=\"")
        .append(query.token() == null ? "" : xmlEscape(query.token()))
        .append("\"></label> <label>State <select name=\"state\"><option value=\"\">all</option>");
    for (MintState s : MintState.values()) {
      out.append("<option")
          .append(s == query.state() ? " selected" : "")
          .append('>')
          .append(s.name())
          .append("</option>");
    }
    out.append("</select></label> <input type=\"hidden\" name=\"size\" value=\"")
        .append(query.size())
        .append("\"><button type=\"submit\">Search</button></form>");
  }

  private void pageLink(Query query, int n, String rel, String text) {
    out.append("<a rel=\"")
        .append(rel)
        .append("\" id=\"")
        .append(rel)
        .append("\" href=\"")
        .append(xmlEscape(query.href(n)))
        .append("\">")
        .append(text)
        .append("</a>");
  }

  private void row(MintQueries.MintRecord r, InferenceFees.Usage used) {
    Mint m = r.mint();
    String token = xmlEscape(m.tokenAddress());
    out.append("<tr data-token=\"")
        .append(token)
        .append("\" data-state=\"")
        .append(m.state().name())
        .append("\"><td><code>")
        .append(token)
        .append("</code></td><td>")
        .append(xmlEscape(m.fileName()))
        .append("</td><td class=\"state ")
        .append(m.state().name())
        .append("\">")
        .append(m.state().name())
        .append(r.overdue() ? " <span class=\"overdue\">overdue</span>" : "")
        .append("</td><td><ol>");
    r.transitions()
        .forEach(
            t ->
                out.append("<li>")
                    .append(t.to().name())
                    .append(" <time>")
                    .append(time(t.at()))
                    .append("</time></li>"));
    out.append("</ol></td><td>");
    link("register", m.registerTxHash());
    link("permission", m.permissionTxHash());
    link("proof request", m.proofTxHash());
    link("reward", m.rewardTxHash());
    link("attestation", r.attestationTxHash());
    out.append("</td><td>")
        .append(m.datTokenId() == null ? "" : "#" + m.datTokenId() + " × " + m.datAmount())
        .append(
            used == null
                ? ""
                : "<br><span class=\"usage\">"
                    + used.inferenceRequests()
                    + " inference answers, "
                    + used.inferenceFeesWei()
                    + " wei in fees</span>")
        .append("</td>")
        .append(cost(r.costs()))
        .append("<td class=\"error\">")
        .append(error(m))
        .append("</td><td>");
    if (m.state() == MintState.FAILED) {
      DashboardPage.retryButton(out, m.tokenAddress());
    }
    out.append("</td></tr>");
  }

  /** The mint's total cost, gas and node fees apart in its title; empty when unknown. */
  private static String cost(MintCosts c) {
    return c == null
        ? "<td class=\"cost\"></td>"
        : "<td class=\"cost\" title=\"gas "
            + c.gasWei()
            + " + node fees "
            + c.nodeFeesWei()
            + " wei, "
            + c.transactions()
            + " transactions\">"
            + c.totalWei()
            + "</td>";
  }

  /**
   * The mint's last error, or once minted, how many retries it took: a minted mint's last error is
   * history, not a problem.
   */
  static String error(Mint m) {
    if (MintState.MINTED.contains(m.state())) {
      int n = m.attempts();
      return n == 0
          ? ""
          : "<span class=\"recovered\">recovered after "
              + n
              + (n == 1 ? " retry" : " retries")
              + "</span>";
    }
    return m.lastError() == null ? "" : xmlEscape(m.lastError());
  }

  private void link(String label, String hash) {
    if (hash == null) {
      return;
    }
    out.append("<a class=\"tx\" href=\"");
    if (api.hasExplorer()) {
      out.append(xmlEscape(api.txUrl(hash))).append("\" target=\"_blank\" rel=\"noopener\">");
    } else {
      out.append("/dashboard/tx/").append(xmlEscape(hash)).append("\">");
    }
    out.append(label).append("</a><br>");
  }

  static String time(Instant at) {
    return at == null ? "" : TIME.format(at);
  }
}
