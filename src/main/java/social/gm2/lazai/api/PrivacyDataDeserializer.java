package social.gm2.lazai.api;

import social.gm2.lazai.mint.ByteValues;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * {@code privacyData} straight into bytes ({@link ByteValues}), stopping at the limit that the
 * service's JSON mapper carries as the {@link #MAX_BYTES} attribute ({@code
 * lazai.mint.max-data-size}; the largest allowed size when a mapper has none).
 */
public final class PrivacyDataDeserializer extends ValueDeserializer<byte[]> {
  /** The context attribute holding the largest data size, a {@code Long}. */
  static final String MAX_BYTES = "lazai.mint.max-data-size";

  private static final long LARGEST = 64L * 1024 * 1024;

  @Override
  public byte[] deserialize(JsonParser parser, DeserializationContext context) {
    long max = context.getAttribute(MAX_BYTES) instanceof Long limit ? limit : LARGEST;
    return ByteValues.read(parser, "privacyData", max);
  }
}
