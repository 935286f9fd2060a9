package social.gm2.lazai.storage;

import java.util.Objects;

/**
 * What a store answers once a file is durably stored: the CID it is known by, the URL that goes on
 * chain as the file's URL (the verified-computing node downloads it from there), and its size.
 *
 * @param cid the file's CID (Pinata: CIDv1 with raw leaves; local: as configured)
 * @param shareUrl {@code <gateway>/ipfs/<cid>?download=true}, the original service's file URL
 * @param size the file's length in bytes
 */
public record StoredContent(Cid cid, String shareUrl, long size) {
  public StoredContent {
    Objects.requireNonNull(cid, "cid");
    Objects.requireNonNull(shareUrl, "shareUrl");
    if (size < 0) {
      throw new IllegalArgumentException("size must be 0 or more, got " + size);
    }
  }
}
