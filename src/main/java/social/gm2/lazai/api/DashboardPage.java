package social.gm2.lazai.api;

import static social.gm2.lazai.api.Badge.xmlEscape;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import social.gm2.lazai.inference.InferenceFees;
import social.gm2.lazai.mint.Mint;
import social.gm2.lazai.mint.MintCosts;
import social.gm2.lazai.mint.MintQueries;
import social.gm2.lazai.mint.MintState;
import social.gm2.lazai.queue.JobState;

/**
 * The operator dashboard as one server-rendered HTML page: no framework, no external assets. Every
 * value from the database or the request is escaped. A small inline script reloads it every few
 * seconds while the submit forms (text and file) are untouched (unless {@code reload} is off).
 */
final class DashboardPage {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final List<JobState> COLUMNS =
      List.of(
          JobState.WAITING, JobState.ACTIVE, JobState.DELAYED, JobState.COMPLETED, JobState.FAILED);
  private static final String STYLE =
      "body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}"
          + "table{border-collapse:collapse;margin-bottom:1.5em}"
          + "th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}"
          + "th{background:#f3f3f3}.FAILED{color:#b00020}.ATTESTED{color:#2e7d32}"
          + ".overdue{color:#b00020;font-weight:bold}.msg{padding:6px;background:#fff3cd}"
          + "ol{margin:0;padding-left:1.2em}code{font-size:12px}";
  private static final String SCRIPT =
      "setInterval(function(){var f=document.getElementById('submit'),"
          + "u=document.getElementById('upload');"
          + "if(f.contains(document.activeElement)||f.tokenAddress.value||f.privacyData.value"
          + "||u.contains(document.activeElement)||u.tokenAddress.value||u.file.value)"
          + "return;location.reload();},3000);";

  /**
   * The page's policy: nothing but its own inline style and script (by hash), forms posted to
   * itself, no framing.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; style-src '"
          + sha256(STYLE)
          + "'; script-src '"
          + sha256(SCRIPT)
          + "'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

  private final ApiProperties api;
  private final StringBuilder out = new StringBuilder(8192);

  DashboardPage(ApiProperties api) {
    this.api = api;
  }

  /** What the page shows; {@code jobMints} is the mint state of failed jobs' tokens. */
  record View(
      Map<String, Map<JobState, Long>> queues,
      List<FailedJob> failedJobs,
      Map<String, MintState> jobMints,
      List<MintQueries.MintRecord> mints,
      List<MintQueries.MintRecord> backlog,
      Map<String, InferenceFees.Usage> usage) {}

  String render(View view, String message, boolean reload) {
    return render(view, "", message, reload);
  }

  /** The page with {@code section}, HTML already escaped, after the failed jobs. */
  String render(View view, String section, String message, boolean reload) {
    out.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>LazAI DAT Processor</title><style>")
        .append(STYLE)
        .append("</style></head><body><h1>LazAI DAT Processor</h1>");
    if (message != null) {
      out.append("<p class=\"msg\" id=\"message\">").append(xmlEscape(message)).append("</p>");
    }
    form();
    queues(view.queues());
    failedJobs(view.failedJobs(), view.jobMints());
    out.append(section);
    backlog(view.backlog());
    mints(view.mints(), view.usage());
    if (reload) {
      out.append("<script>").append(SCRIPT).append("</script>");
    }
    out.append("</body></html>");
    return out.toString();
  }

  private void form() {
    out.append(
            "<h2>Submit a mint</h2><form id=\"submit\" method=\"post\" action=\"/dashboard/mints\">")
        .append("<label>Token address <input name=\"tokenAddress\" size=\"44\" required></label> ")
        .append(
            "<label>File name <input name=\"fileName\" value=\"data.txt\" required></label><br>")
        .append("<label>Data (UTF-8 text)<br><textarea name=\"privacyData\" rows=\"3\" cols=\"80\"")
        .append(" required></textarea></label><br><button type=\"submit\">Mint</button></form>")
        .append(
            "<h2>Submit a file</h2><form id=\"upload\" method=\"post\" action=\"/dashboard/uploads\"")
        .append(" enctype=\"multipart/form-data\">")
        .append("<label>Token address <input name=\"tokenAddress\" size=\"44\" required></label> ")
        .append("<label>File <input name=\"file\" type=\"file\" required></label> ")
        .append("<label>File name (default: the file's) <input name=\"fileName\"></label><br>")
        .append("<button type=\"submit\">Mint the file</button></form>");
  }

  private void queues(Map<String, Map<JobState, Long>> queues) {
    out.append("<h2>Queues</h2><table id=\"queues\"><tr><th>queue</th>");
    COLUMNS.forEach(c -> out.append("<th>").append(c.name().toLowerCase()).append("</th>"));
    out.append("</tr>");
    queues.forEach(
        (name, counts) -> {
          out.append("<tr><td>").append(xmlEscape(name)).append("</td>");
          for (JobState state : COLUMNS) {
            Object n = counts == null ? "unavailable" : counts.getOrDefault(state, 0L);
            out.append("<td>").append(n).append("</td>");
          }
          out.append("</tr>");
        });
    out.append("</table>");
  }

  private void failedJobs(List<FailedJob> jobs, Map<String, MintState> mints) {
    out.append("<h2>Failed jobs (newest first)</h2><table id=\"failed-jobs\"><tr><th>queue</th>")
        .append("<th>job</th><th>token</th><th>attempts</th><th>reason</th><th>failed</th>")
        .append("<th>mint</th></tr>");
    for (FailedJob job : jobs) {
      String token = job.tokenAddress();
      MintState mint = token == null ? null : mints.get(token);
      out.append("<tr><td>")
          .append(xmlEscape(job.queue()))
          .append("</td><td>")
          .append(xmlEscape(job.id()))
          .append("</td><td><code>")
          .append(token == null ? "" : xmlEscape(token))
          .append("</code></td><td>")
          .append(job.attempts())
          .append("</td><td>")
          .append(job.reason() == null ? "" : xmlEscape(job.reason()))
          .append("</td><td>")
          .append(time(job.failedAt()))
          .append("</td><td>")
          .append(mint == null ? "no mint" : mint.name());
      if (mint == MintState.FAILED) {
        retryButton(token);
      }
      out.append("</td></tr>");
    }
    out.append("</table>");
  }

  private void retryButton(String token) {
    out.append("<form method=\"post\" action=\"/dashboard/mints/")
        .append(xmlEscape(token))
        .append("/retry\"><button type=\"submit\">Retry</button></form>");
  }

  private void backlog(List<MintQueries.MintRecord> backlog) {
    out.append("<h2>Attestation backlog (rewarded, not attested)</h2><table id=\"backlog\">")
        .append("<tr><th>token</th><th>job</th><th>rewarded</th><th>status</th></tr>");
    for (MintQueries.MintRecord r : backlog) {
      out.append("<tr><td><code>")
          .append(xmlEscape(r.mint().tokenAddress()))
          .append("</code></td><td>")
          .append(r.mint().jobId() == null ? "" : r.mint().jobId().toString())
          .append("</td><td>")
          .append(time(r.rewardedAt()))
          .append("</td><td")
          .append(r.overdue() ? " class=\"overdue\">OVERDUE" : ">waiting")
          .append("</td></tr>");
    }
    out.append("</table>");
  }

  private void mints(List<MintQueries.MintRecord> mints, Map<String, InferenceFees.Usage> usage) {
    out.append("<h2>Mints (newest first)</h2><table id=\"mints\"><tr><th>token</th><th>file</th>")
        .append("<th>state</th><th>timeline</th><th>transactions</th><th>DAT</th>")
        .append("<th>cost (wei)</th><th>last error</th><th></th></tr>");
    for (MintQueries.MintRecord r : mints) {
      Mint m = r.mint();
      InferenceFees.Usage used = usage.get(m.tokenAddress());
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
          .append("<td>")
          .append(m.lastError() == null ? "" : xmlEscape(m.lastError()))
          .append("</td><td>");
      if (m.state() == MintState.FAILED) {
        retryButton(m.tokenAddress());
      }
      out.append("</td></tr>");
    }
    out.append("</table>");
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

  private void link(String label, String hash) {
    if (hash != null) {
      out.append("<a class=\"tx\" target=\"_blank\" rel=\"noopener\" href=\"")
          .append(xmlEscape(api.txUrl(hash)))
          .append("\">")
          .append(label)
          .append("</a><br>");
    }
  }

  private static String time(Instant at) {
    return at == null ? "" : TIME.format(at);
  }

  private static String sha256(String inline) {
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(inline.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "sha256-" + java.util.Base64.getEncoder().encodeToString(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
