package social.gm2.lazai.api;

import static social.gm2.lazai.api.Badge.xmlEscape;

import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseBody;
import social.gm2.lazai.mint.TransactionQueries;

/**
 * The dashboard's own transaction view, where its transaction links go when no block explorer is
 * configured (a devnet): what the service recorded of the transaction (the sending wallet, nonce,
 * purpose, state, block, each signed attempt) and the mints that name it. Behind the dashboard's
 * key like the dashboard; never the signed bytes or the calldata.
 */
@Controller
class TransactionPage {
  private static final Pattern HASH = Pattern.compile("0x[0-9a-fA-F]{64}");

  private final TransactionQueries transactions;

  TransactionPage(TransactionQueries transactions) {
    this.transactions = transactions;
  }

  @GetMapping(path = "/dashboard/tx/{hash}", produces = MediaType.TEXT_HTML_VALUE)
  @ResponseBody
  ResponseEntity<String> show(@PathVariable String hash) {
    if (!HASH.matcher(hash).matches()) {
      return answer(
          HttpStatus.BAD_REQUEST,
          "<p class=\"msg\" id=\"message\">A transaction hash is 0x followed by 64 hex digits.</p>");
    }
    String h = hash.toLowerCase(Locale.ROOT);
    return transactions
        .find(h)
        .map(t -> answer(HttpStatus.OK, render(t)))
        .orElseGet(
            () ->
                answer(
                    HttpStatus.NOT_FOUND,
                    "<p class=\"msg\" id=\"message\">The service knows no transaction "
                        + h
                        + ".</p>"));
  }

  static String render(TransactionQueries.Transaction t) {
    StringBuilder out = new StringBuilder(2048);
    out.append("<p><code id=\"hash\">").append(t.hash()).append("</code></p>");
    t.sent()
        .ifPresentOrElse(
            s -> sent(out, s),
            () ->
                out.append(
                    "<p id=\"not-sent\">Not sent by the service's wallets (the node's"
                        + " attestation, or a transaction the service only read).</p>"));
    out.append("<h2>Mints</h2><table id=\"uses\"><tr><th>token</th><th>as</th><th>state</th>")
        .append("<th>block</th></tr>");
    for (TransactionQueries.Use u : t.uses()) {
      String token = xmlEscape(u.tokenAddress());
      out.append("<tr><td><a href=\"/dashboard?reload=false&amp;token=")
          .append(token)
          .append("\"><code>")
          .append(token)
          .append("</code></a></td><td>")
          .append(u.role())
          .append("</td><td>")
          .append(u.state().name())
          .append("</td><td>")
          .append(u.attestationBlock() == null ? "" : u.attestationBlock())
          .append("</td></tr>");
    }
    return out.append("</table>").toString();
  }

  private static void sent(StringBuilder out, TransactionQueries.Sent s) {
    out.append("<dl id=\"sent\">");
    item(out, "state", s.state());
    item(out, "purpose", s.purpose());
    item(out, "from", s.wallet());
    item(out, "nonce", Long.toString(s.nonce()));
    item(out, "to", s.to());
    item(out, "value (wei)", s.valueWei().toString());
    item(out, "gas limit", Long.toString(s.gasLimit()));
    item(out, "calldata", s.dataBytes() + " bytes");
    item(out, "mined as", s.minedHash() == null ? "" : s.minedHash());
    item(out, "block", s.blockNumber() == null ? "" : s.blockNumber().toString());
    item(out, "created", MintsTable.time(s.createdAt()));
    item(out, "updated", MintsTable.time(s.updatedAt()));
    out.append("</dl><h2>Signed attempts</h2><table id=\"attempts\"><tr><th>hash</th>")
        .append("<th>gas price (wei)</th><th>sent</th></tr>");
    for (TransactionQueries.Attempt a : s.attempts()) {
      out.append("<tr><td><code>")
          .append(xmlEscape(a.hash()))
          .append("</code></td><td>")
          .append(a.gasPrice())
          .append("</td><td>")
          .append(MintsTable.time(a.sentAt()))
          .append("</td></tr>");
    }
    out.append("</table>");
  }

  private static void item(StringBuilder out, String name, String value) {
    out.append("<dt>")
        .append(name)
        .append("</dt><dd data-field=\"")
        .append(name)
        .append("\">")
        .append(xmlEscape(value))
        .append("</dd>");
  }

  private static ResponseEntity<String> answer(HttpStatus status, String body) {
    String html =
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<title>Transaction · LazAI DAT Processor</title><style>"
            + DashboardPage.STYLE
            + "</style></head><body><p><a href=\"/dashboard\">← dashboard</a></p>"
            + "<h1>Transaction</h1>"
            + body
            + "</body></html>";
    return ResponseEntity.status(status).contentType(MediaType.TEXT_HTML).body(html);
  }
}
