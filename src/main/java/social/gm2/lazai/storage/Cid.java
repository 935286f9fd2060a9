package social.gm2.lazai.storage;

import java.util.Arrays;
import java.util.Locale;

/**
 * An IPFS content identifier as this service writes and reads it: a sha2-256 multihash of a {@code
 * dag-pb} or {@code raw} block, either CIDv0 ({@code Qm…}, base58btc, always dag-pb) or CIDv1 in
 * lower-case base32 ({@code bafy…} dag-pb, {@code bafk…} raw). Other hashes, codecs and multibases
 * are refused up front, so a CID that reaches a store or the chain is one the service can compute
 * and serve. The value is the canonical text; two CIDs are equal when their text is.
 *
 * @param value the canonical text ({@code Qm…} or lower-case {@code b…})
 */
public record Cid(String value) {
  /** Multicodec of a dag-pb (UnixFS) node. */
  public static final int DAG_PB = 0x70;

  /** Multicodec of a raw block (a raw leaf holds file bytes as they are). */
  public static final int RAW = 0x55;

  private static final int SHA2_256 = 0x12;
  private static final int DIGEST_LENGTH = 32;
  private static final int MAX_QUOTED = 80;

  public Cid {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("a CID is required");
    }
    value = value.strip();
    validate(value);
    if (value.startsWith("B")) {
      value = value.toLowerCase(Locale.ROOT);
    }
  }

  /** Parses user or API input; throws {@link IllegalArgumentException} saying what is wrong. */
  public static Cid parse(String text) {
    return new Cid(text);
  }

  /** The CIDv0 of a dag-pb block whose SHA-256 is {@code digest}. */
  public static Cid v0(byte[] digest) {
    return new Cid(Multibase.base58(multihash(digest)));
  }

  /**
   * The CIDv1 with {@code codec} ({@link #RAW} or {@link #DAG_PB}) of a block with {@code digest}.
   */
  public static Cid v1(int codec, byte[] digest) {
    byte[] hash = multihash(digest);
    byte[] bytes = new byte[2 + hash.length];
    bytes[0] = 1;
    bytes[1] = (byte) codec;
    System.arraycopy(hash, 0, bytes, 2, hash.length);
    return new Cid("b" + Multibase.base32(bytes));
  }

  public int version() {
    return value.startsWith("Qm") ? 0 : 1;
  }

  public int codec() {
    return version() == 0 ? DAG_PB : bytes()[1];
  }

  /** The SHA-256 of the block this CID names. */
  public byte[] digest() {
    byte[] bytes = bytes();
    return Arrays.copyOfRange(bytes, bytes.length - DIGEST_LENGTH, bytes.length);
  }

  /** The binary CID, as dag-pb links embed it (CIDv0: the bare multihash). */
  public byte[] bytes() {
    return version() == 0
        ? Multibase.decodeBase58(value)
        : Multibase.decodeBase32(value.substring(1));
  }

  @Override
  public String toString() {
    return value;
  }

  private static byte[] multihash(byte[] digest) {
    if (digest.length != DIGEST_LENGTH) {
      throw new IllegalArgumentException("a sha2-256 digest has 32 bytes, got " + digest.length);
    }
    byte[] hash = new byte[2 + DIGEST_LENGTH];
    hash[0] = SHA2_256;
    hash[1] = DIGEST_LENGTH;
    System.arraycopy(digest, 0, hash, 2, DIGEST_LENGTH);
    return hash;
  }

  private static void validate(String text) {
    byte[] bytes = decode(text);
    if (text.startsWith("Qm")) {
      checkMultihash(text, bytes, 0);
    } else {
      checkV1(text, bytes);
    }
  }

  private static byte[] decode(String text) {
    try {
      if (text.startsWith("Qm")) {
        return Multibase.decodeBase58(text);
      } else if (text.startsWith("b")) {
        return Multibase.decodeBase32(text.substring(1));
      } else if (text.startsWith("B")) {
        return Multibase.decodeBase32(text.substring(1).toLowerCase(Locale.ROOT));
      }
    } catch (IllegalArgumentException e) {
      throw malformed(text, e.getMessage());
    }
    throw malformed(
        text,
        "a CIDv0 starts with 'Qm' and a CIDv1 with the base32 multibase prefix 'b'"
            + " (other multibases are not accepted)");
  }

  private static void checkV1(String text, byte[] bytes) {
    if (bytes.length < 2 || bytes[0] != 1) {
      throw malformed(text, "only CID versions 0 and 1 exist");
    }
    if (bytes[1] != RAW && bytes[1] != DAG_PB) {
      throw malformed(
          text, "its codec is not raw (0x55) or dag-pb (0x70); only UnixFS files are stored");
    }
    checkMultihash(text, bytes, 2);
  }

  private static void checkMultihash(String text, byte[] bytes, int at) {
    if (bytes.length - at != 2 + DIGEST_LENGTH) {
      throw malformed(
          text,
          "its multihash has "
              + (bytes.length - at)
              + " bytes; a sha2-256 multihash, the only hash used here, has 34");
    }
    if (bytes[at] != SHA2_256 || bytes[at + 1] != DIGEST_LENGTH) {
      throw malformed(text, "its multihash is not sha2-256, the only hash used here");
    }
  }

  private static IllegalArgumentException malformed(String text, String why) {
    return new IllegalArgumentException("'" + quote(text) + "' is not a CID: " + why);
  }

  private static String quote(String text) {
    return text.length() <= MAX_QUOTED ? text : text.substring(0, MAX_QUOTED) + "…";
  }
}
