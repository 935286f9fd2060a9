package social.gm2.lazai.storage.pinata;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import social.gm2.lazai.config.Secret;
import social.gm2.lazai.storage.Cid;
import social.gm2.lazai.storage.StorageException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads Pinata's answers and classifies its failures, once: 408, 429 and 5xx are retryable (429
 * with its Retry-After), 401/403 mean the JWT is wrong (permanent, pointing at {@code IPFS_JWT}),
 * any other 4xx is permanent with Pinata's own words. Quoted bodies are cut short and have the JWT
 * blanked in case a proxy echoes the request.
 */
final class PinataResponses {
  private static final int MAX_QUOTED = 300;
  private static final String JWT_SETTING = "IPFS_JWT (lazai.storage.pinata.jwt)";

  private final Secret jwt;
  private final Clock clock;

  PinataResponses(Secret jwt, Clock clock) {
    this.jwt = jwt;
    this.clock = clock;
  }

  /** Throws the classified failure unless the response is a 2xx. */
  void check(HttpResponse<String> response, String what) {
    if (response.statusCode() / 100 != 2) {
      throw failure(
          response.statusCode(), response.headers(), response.body(), what, response.uri());
    }
  }

  StorageException failure(int status, HttpHeaders headers, String body, String what, URI uri) {
    String said = "Pinata answered HTTP " + status + " to the " + what + " at " + uri;
    String quoted = quote(body);
    if (status == 401 || status == 403) {
      return StorageException.permanent(
          said + ": it refused the credentials; check " + JWT_SETTING + quoted);
    }
    if (status == 429) {
      Duration wait = retryAfter(headers);
      return wait == null
          ? StorageException.retryable(said + " (rate limited)" + quoted, null)
          : StorageException.retryLater(
              said + " (rate limited, retry after " + wait.toSeconds() + " s)" + quoted, wait);
    }
    if (status == 408 || status >= 500) {
      return StorageException.retryable(said + quoted, null);
    }
    return StorageException.permanent(said + quoted);
  }

  /** {@code data.cid} of an upload answer. */
  Cid uploadedCid(HttpResponse<String> response) {
    JsonNode cid = json(response).path("data").path("cid");
    if (!cid.isString()) {
      throw StorageException.permanent(
          "Pinata's upload answer at "
              + response.uri()
              + " has no data.cid"
              + quote(response.body()));
    }
    try {
      return Cid.parse(cid.asString());
    } catch (IllegalArgumentException e) {
      throw StorageException.permanent("Pinata's upload answer: " + e.getMessage(), e);
    }
  }

  /** Whether a file listing ({@code data.files}) holds a file with {@code cid}. */
  boolean lists(HttpResponse<String> response, Cid cid) {
    for (JsonNode file : json(response).path("data").path("files")) {
      if (file.path("cid").isString() && cid.value().equals(file.path("cid").asString())) {
        return true;
      }
    }
    return false;
  }

  private JsonNode json(HttpResponse<String> response) {
    try {
      return JsonMapper.shared().readTree(response.body());
    } catch (JacksonException e) {
      throw StorageException.permanent(
          "Pinata's answer at " + response.uri() + " is not JSON" + quote(response.body()), e);
    }
  }

  private Duration retryAfter(HttpHeaders headers) {
    String value = headers.firstValue("Retry-After").orElse("").strip();
    if (value.matches("\\d{1,9}")) {
      return Duration.ofSeconds(Long.parseLong(value));
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration wait = Duration.between(clock.instant(), at.toInstant());
      return wait.isNegative() ? Duration.ZERO : wait;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private String quote(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String text = body.strip().replace(jwt.reveal(), "******").replaceAll("\\s+", " ");
    return ": " + (text.length() <= MAX_QUOTED ? text : text.substring(0, MAX_QUOTED) + "…");
  }
}
