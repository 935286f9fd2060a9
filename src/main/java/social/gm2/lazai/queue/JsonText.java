package social.gm2.lazai.queue;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks that payloads are JSON: BullMQ readers ({@code Job.fromJSON}, Bull Board) parse {@code
 * data} without a guard, so one job with bad JSON would break their lists.
 */
public final class JsonText {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private JsonText() {}

  /**
   * @throws IllegalArgumentException naming {@code what} when {@code text} is not one JSON value
   */
  public static String require(String what, String text) {
    if (text == null) {
      throw new IllegalArgumentException(what + " is required (JSON text)");
    }
    try {
      JSON.readTree(text);
      return text;
    } catch (JacksonException e) {
      throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage());
    }
  }
}
